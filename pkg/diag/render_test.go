package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag/sariftest"
)

func sample() List {
	var l List
	l.Add("teams/b.yaml", 3, 5, Warning, "lead", "lead is %s", "x")
	l.Add("agreements/a.yaml", 12, 7, Error, "not-member", "spec.commitments[1].owner: 50%%, a: b,\nc")
	l.Add("agreements/a.yaml", 2, 1, Error, "schema", "bad")
	l.Sort()
	return l
}

func TestRenderText(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "text", sample(), "v1"); err != nil {
		t.Fatal(err)
	}
	// A newline in a message is escaped: it cannot start a line of its own.
	want := "agreements/a.yaml:2:1: error: bad\n" +
		"agreements/a.yaml:12:7: error: spec.commitments[1].owner: 50%, a: b,\\nc\n" +
		"teams/b.yaml:3:5: warning: lead is x\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Error(diff)
	}
}

func TestRenderGitHubEscapes(t *testing.T) {
	var b bytes.Buffer
	l := sample()[1:2]
	if err := Render(&b, "github", l, "v1"); err != nil {
		t.Fatal(err)
	}
	want := "::error file=agreements/a.yaml,line=12,col=7,title=collab not-member::spec.commitments[1].owner: 50%25, a: b,%0Ac\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Error(diff)
	}
}

// TestRenderNoWorkflowCommand: whatever a file name or message holds, no
// format writes a line that starts a GitHub Actions workflow command other
// than collab's own annotations, and no control character reaches the
// terminal.
func TestRenderNoWorkflowCommand(t *testing.T) {
	hostile := "x\n::warning::pwned\r::error::y\u2028::notice::z\x1b]0;title\a\v%0A"
	var l List
	l.Add("teams/"+hostile+".yaml", 1, 1, Error, "unknown-team", "no team %s, also %q", hostile, hostile)
	for _, f := range Formats {
		var b bytes.Buffer
		if err := Render(&b, f, l, "v1"); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			if trimmed := strings.TrimLeft(line, " \t"); strings.HasPrefix(trimmed, "::") && !strings.HasPrefix(line, "::error file=") {
				t.Errorf("%s: line runs a workflow command: %q", f, line)
			}
		}
		if strings.ContainsAny(out, "\r\x1b\a\v\u2028") {
			t.Errorf("%s: a control character reaches the output: %q", f, out)
		}
		if f == "sarif" {
			sariftest.Check(t, b.Bytes())
		}
		if f == "github" && strings.Count(out, "::error file=") != 1 {
			t.Errorf("github: want one annotation: %q", out)
		}
	}
}

func TestRenderJSONAndSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "json", nil, "v1"); err != nil || b.String() != "[]\n" {
		t.Errorf("empty json = %q, %v", b.String(), err)
	}
	b.Reset()
	if err := Render(&b, "sarif", sample(), "v1"); err != nil {
		t.Fatal(err)
	}
	sariftest.Check(t, b.Bytes())
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Runs[0].Results[2]
	got := []any{len(doc.Runs[0].Results), r.RuleID, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI, r.Locations[0].PhysicalLocation.Region.StartLine}
	if diff := cmp.Diff([]any{3, "lead", "warning", "teams/b.yaml", 3}, got); diff != "" {
		t.Error(diff)
	}
	if err := Render(&b, "xml", nil, ""); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestRenderSARIFClean: a clean run is valid SARIF, with empty lists of
// rules and results (null rules fail the schema and GitHub's upload).
func TestRenderSARIFClean(t *testing.T) {
	for _, l := range []List{nil, {}} {
		var b bytes.Buffer
		if err := Render(&b, "sarif", l, "v1"); err != nil {
			t.Fatal(err)
		}
		sariftest.Check(t, b.Bytes())
		if !strings.Contains(b.String(), `"rules": []`) || !strings.Contains(b.String(), `"results": []`) {
			t.Errorf("want empty rules and results:\n%s", b.String())
		}
	}
}

// TestInRepo: github and sarif paths start at the repository root when
// the workspace is a folder of it; a path is a URI reference in SARIF.
func TestInRepo(t *testing.T) {
	var l List
	l.Add("teams/sales team.yaml", 3, 5, Warning, "lead", "lead is x")
	in := l.InRepo("org/collab/")
	if l[0].File != "teams/sales team.yaml" {
		t.Errorf("InRepo changed its receiver: %q", l[0].File)
	}
	if diff := cmp.Diff(List(nil), List(nil).InRepo("x/")); diff != "" {
		t.Error(diff)
	}
	if got := l.InRepo(""); got[0].File != l[0].File {
		t.Errorf("no prefix: %q", got[0].File)
	}
	var gh bytes.Buffer
	if err := Render(&gh, "github", in, "v1"); err != nil {
		t.Fatal(err)
	}
	if want := "::warning file=org/collab/teams/sales team.yaml,line=3,col=5,title=collab lead::lead is x\n"; gh.String() != want {
		t.Errorf("github:\n got %q\nwant %q", gh.String(), want)
	}
	var sarif bytes.Buffer
	if err := Render(&sarif, "sarif", in, "v1"); err != nil {
		t.Fatal(err)
	}
	sariftest.Check(t, sarif.Bytes())
	if !strings.Contains(sarif.String(), `"uri": "org/collab/teams/sales%20team.yaml"`) {
		t.Errorf("sarif uri:\n%s", sarif.String())
	}
}
