package codeowners

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

func TestReplace(t *testing.T) {
	section := Begin + "\n/a.yaml @x\n" + End + "\n"
	tests := []struct {
		name, content, want, err string
	}{
		{"empty file", "", section, ""},
		{"appended after the user's rules", "* @admins", "* @admins\n\n" + section, ""},
		{"replaced in place, the rest kept byte for byte",
			"# top\r\n* @admins\n" + Begin + " old\n/old.yaml @y\n" + End + "\n/docs/ @writers\n",
			"# top\r\n* @admins\n" + section + "/docs/ @writers\n", ""},
		{"unterminated section", Begin + "\n/a.yaml @x\n", "", "without \"# END collab\""},
		{"end before begin", End + "\n" + Begin + "\n", "", "without a matching"},
		{"two sections", Begin + "\n" + End + "\n" + Begin + "\n" + End + "\n", "", "two"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Replace([]byte(tt.content), []byte(section))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v; want it to contain %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestRules(t *testing.T) {
	w, err := workspace.Load(filepath.Join("..", "..", "examples", "acme"))
	if err != nil {
		t.Fatal(err)
	}
	rules, missing, err := Rules(w, "ws/")
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]Rule{}
	for _, r := range rules {
		byPath[r.Path] = r
	}
	tests := []struct {
		path string
		want Rule
	}{
		{"/ws/agreements/feature-x-launch.yaml", Rule{Path: "/ws/agreements/feature-x-launch.yaml",
			Owners: []string{"@acme/product-leads", "@acme/sales-leads"}, Teams: []string{"product", "sales"}}},
		{"/ws/teams/sales.yaml", Rule{Path: "/ws/teams/sales.yaml", Owners: []string{"@acme/sales-leads"}, Teams: []string{"sales"}}},
		{"/ws/goals/core-sku-in-stock.yaml", Rule{Path: "/ws/goals/core-sku-in-stock.yaml",
			Owners: []string{"@acme/merchandising-leads", "@acme/operations-leads"}, Teams: []string{"merchandising", "operations"}}},
		{"/ws/maps/feature-x-launch.yaml", Rule{Path: "/ws/maps/feature-x-launch.yaml",
			Owners: []string{"@acme/product-leads", "@acme/sales-leads"}, Teams: []string{"product", "sales"}}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, byPath[tt.path]); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.path, diff)
		}
	}
	if len(missing) != 0 {
		t.Errorf("missing = %v; every ACME team lists reviewers", missing)
	}
	s := string(Section(rules, []Rule{{Path: "/ws/teams/x.yaml", Teams: []string{"x"}}}))
	if !strings.HasPrefix(s, Begin+"\n") || !strings.HasSuffix(s, End+"\n") ||
		!strings.Contains(s, "\n/ws/agreements/feature-x-launch.yaml @acme/product-leads @acme/sales-leads\n") ||
		!strings.Contains(s, "\n# /ws/teams/x.yaml: no reviewers (set spec.reviewers of team x)\n") {
		t.Errorf("section:\n%s", s)
	}
}

func TestReplaceIgnoresLookalikeMarkers(t *testing.T) {
	in := "# BEGIN collaborators\n* @acme/all\n"
	out, err := Replace([]byte(in), []byte(Begin+"\nx @y\n"+End+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := in + "\n" + Begin + "\nx @y\n" + End + "\n"
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestRulesRefuseWhatIsNotOneToken: a reviewer with a line or paragraph
// separator, a vertical tab or a no-break space, and a file name that is
// not an id, are errors: never a new owner or a new line in CODEOWNERS.
func TestRulesRefuseWhatIsNotOneToken(t *testing.T) {
	team := func(reviewer string) string {
		return "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\nspec:\n  lead: m@acme.example\n  members: [{email: m@acme.example}]\n  reviewers: [\"@acme/sales\", \"" + reviewer + "\"]\n"
	}
	for name, files := range map[string]map[string]string{
		"line separator": {"teams/sales.yaml": team(`x\u2028* @evil@acme.example`)},
		"vertical tab":   {"teams/sales.yaml": team(`x\v@evil`)},
		"no-break space": {"teams/sales.yaml": team(`x\u00a0@evil.example`)},
		"newline":        {"teams/sales.yaml": team(`x@a.example\n/** @evil`)},
		"file name":      {"teams/sales.yaml": team("pat@acme.example"), "goals/x y.yaml": "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: x, title: X}\nspec: {teams: [sales]}\n"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			files["collab.yaml"] = "apiVersion: collab/v1\nkind: Workspace\nmetadata: {id: w, title: W}\nspec: {}\n"
			for p, src := range files {
				if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(p)), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, p), []byte(src), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			w, err := workspace.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer w.FS.Close()
			if w.Teams["sales"] == nil {
				t.Fatalf("team not loaded: %v", w.Diags)
			}
			rules, missing, err := Rules(w, "")
			if err == nil {
				t.Fatalf("no error; section:\n%s", Section(rules, missing))
			}
			if strings.ContainsAny(err.Error(), "\n\v\u2028") {
				t.Errorf("error message holds the raw characters: %q", err)
			}
		})
	}
}

func TestOwners(t *testing.T) {
	tests := []struct {
		name string
		spec model.TeamSpec
		want []string
	}{
		{"reviewers win", model.TeamSpec{Reviewers: []string{"@acme/sales-leads"}, Members: []model.Member{{Email: "sam@acme.example", GitHub: "sam-ortiz"}}},
			[]string{"@acme/sales-leads"}},
		{"no reviewers: members' GitHub names", model.TeamSpec{Members: []model.Member{
			{Email: "sam@acme.example", GitHub: "sam-ortiz"}, {Email: "zoe@acme.example"}, {Email: "dev@acme.example", GitHub: "devp"}}},
			[]string{"@sam-ortiz", "@devp"}},
		{"nobody", model.TeamSpec{Members: []model.Member{{Email: "zoe@acme.example"}}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Owners(&model.Team{Spec: tt.spec})); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}
