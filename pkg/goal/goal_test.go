package goal

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

func TestNode(t *testing.T) {
	type scalar struct {
		Tag, Value string
		Style      yaml.Style
	}
	tests := []struct {
		name    string
		in      any
		want    scalar
		wantErr string
	}{
		{"whole number", 97.0, scalar{"!!int", "97", 0}, ""},
		{"large whole number without exponent", 1500000.0, scalar{"!!int", "1500000", 0}, ""},
		{"negative", -2.0, scalar{"!!int", "-2", 0}, ""},
		{"fraction", 95.5, scalar{"!!float", "95.5", 0}, ""},
		{"huge number stays decimal", 1e20, scalar{"!!float", "100000000000000000000", 0}, ""},
		{"not finite", math.Inf(1), scalar{}, "not a finite number"},
		{"date plain", model.Date("2026-02-01"), scalar{"", "2026-02-01", 0}, ""},
		{"plain string", "at-least", scalar{"!!str", "at-least", 0}, ""},
		{"string YAML would misread", "%", scalar{"!!str", "%", yaml.DoubleQuotedStyle}, ""},
		{"string that reads as a boolean", "yes", scalar{"!!str", "yes", yaml.DoubleQuotedStyle}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Node(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, scalar{n.Tag, n.Value, n.Style}); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

const src = `kind: Goal
spec:
  status: draft   # until activated
  keyResults:
    - id: excess
      title: Excess stock
      target: 1500
      direction: decrease
`

func parse(t *testing.T) *yamldoc.Doc {
	t.Helper()
	d, diags := yamldoc.Parse("goals/g.yaml", []byte(src))
	if d == nil {
		t.Fatal(diags)
	}
	return d
}

func bytesOf(t *testing.T, d *yamldoc.Doc) string {
	t.Helper()
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestEdits checks whole files after each edit: only the edited lines
// change, new keys take their canonical place, numbers stay as people write them.
func TestEdits(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	s := func(v string) *string { return &v }
	tests := []struct {
		name        string
		edit        func(d *yamldoc.Doc) ([]string, error)
		want        string
		wantChanges []string
	}{
		{"set keeps the comment", func(d *yamldoc.Doc) ([]string, error) {
			return nil, Set(d, model.GoalActive, "spec", "status")
		}, strings.Replace(src, "status: draft ", "status: active", 1), nil},
		{"update inserts a new key in canonical order", func(d *yamldoc.Doc) ([]string, error) {
			old := model.KeyResult{ID: "excess", Title: "Excess stock", Target: f(1500), Direction: "decrease"}
			return UpdateKeyResult(d, 0, old, KeyResultEdit{Unit: s("USD k"), Baseline: f(2500000), Target: f(1500), Title: s("Excess stock")})
		}, strings.Replace(src, "      target: 1500\n", "      unit: USD k\n      baseline: 2500000\n      target: 1500\n", 1),
			[]string{"unit unset -> USD k", "baseline unset -> 2500000"}},
		{"update changes title and direction", func(d *yamldoc.Doc) ([]string, error) {
			old := model.KeyResult{ID: "excess", Title: "Excess stock", Target: f(1500), Direction: "decrease"}
			return UpdateKeyResult(d, 0, old, KeyResultEdit{Title: s("Stock above 8 weeks"), Direction: s("at-most")})
		}, strings.NewReplacer("title: Excess stock", "title: Stock above 8 weeks", "direction: decrease", "direction: at-most").Replace(src),
			[]string{"title", "direction decrease -> at-most"}},
		{"add a key result", func(d *yamldoc.Doc) ([]string, error) {
			return nil, AddKeyResult(d, model.KeyResult{ID: "rate", Title: "In-stock rate", Unit: "%", Baseline: f(93), Target: f(97.5), Direction: "at-least"})
		}, src + "    - id: rate\n      title: In-stock rate\n      unit: \"%\"\n      baseline: 93\n      target: 97.5\n      direction: at-least\n", nil},
		{"record a check-in", func(d *yamldoc.Doc) ([]string, error) {
			c := Checkin{Date: "2026-03-01", By: "dana@acme.example", Values: []KRValue{{ID: "excess", Value: 2100}},
				Confidence: "high", Note: "Sold off: 40 pallets"}
			return nil, RecordCheckin(d, c, []KRUpdate{{Index: 0, ID: "excess", Value: 2100, SetCurrent: true}})
		}, src + "      current: 2100\n  checkins:\n    - date: 2026-03-01\n      by: dana@acme.example\n      values: {excess: 2100}\n" +
			"      confidence: high\n      note: \"Sold off: 40 pallets\"\n", nil},
		{"a back-dated check-in leaves current alone", func(d *yamldoc.Doc) ([]string, error) {
			c := Checkin{Date: "2026-02-01", By: "dana@acme.example", Values: []KRValue{{ID: "excess", Value: 2300}}}
			return nil, RecordCheckin(d, c, []KRUpdate{{Index: 0, ID: "excess", Value: 2300}})
		}, src + "  checkins:\n    - date: 2026-02-01\n      by: dana@acme.example\n      values: {excess: 2300}\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parse(t)
			changes, err := tt.edit(d)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.wantChanges, changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, bytesOf(t, d)); diff != "" {
				t.Errorf("file (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewFile(t *testing.T) {
	g := model.Goal{Header: model.Header{APIVersion: model.APIVersion, Kind: model.KindGoal,
		Metadata: model.Metadata{ID: "stock", Title: "Fewer stock-outs"}},
		Spec: model.GoalSpec{Status: model.GoalDraft, Owner: "sofia@acme.example", Teams: []string{"merchandising", "operations"},
			Period: &model.Period{Start: "2026-04-01", End: "2026-09-30"}}}
	got, err := NewFile(g)
	if err != nil {
		t.Fatal(err)
	}
	want := `apiVersion: collab/v1
kind: Goal
metadata:
  id: stock
  title: Fewer stock-outs
spec:
  status: draft
  owner: sofia@acme.example
  teams: [merchandising, operations]
  period: {start: 2026-04-01, end: 2026-09-30}
`
	if d := cmp.Diff(want, string(got)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestEditSubject(t *testing.T) {
	base := func() *model.Goal {
		return &model.Goal{Header: model.Header{Metadata: model.Metadata{ID: "g", Title: "T"}},
			Spec: model.GoalSpec{Status: model.GoalActive, Owner: "a@b.example", Teams: []string{"x"}}}
	}
	tests := []struct {
		name string
		edit func(g *model.Goal)
		want string
	}{
		{"nothing", func(*model.Goal) {}, "edit layout and comments"},
		{"title", func(g *model.Goal) { g.Metadata.Title = "U" }, "edit title"},
		{"description", func(g *model.Goal) { g.Metadata.Description = "why" }, "edit metadata"},
		{"spec fields by their yaml names", func(g *model.Goal) {
			g.Spec.Teams = []string{"x", "y"}
			g.Spec.KeyResults = []model.KeyResult{{ID: "k"}}
		}, "edit teams, keyResults"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nu := base()
			tt.edit(nu)
			if d := cmp.Diff(tt.want, EditSubject(base(), nu)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

func TestListAndChildren(t *testing.T) {
	goals := map[string]*model.Goal{
		"b": {Header: model.Header{Metadata: model.Metadata{ID: "b"}}, Spec: model.GoalSpec{Status: model.GoalDraft, Teams: []string{"x"}, Parent: "a"}},
		"a": {Header: model.Header{Metadata: model.Metadata{ID: "a"}}, Spec: model.GoalSpec{Status: model.GoalDropped, Teams: []string{"x", "y"}}},
		"c": {Header: model.Header{Metadata: model.Metadata{ID: "c"}}, Spec: model.GoalSpec{Status: model.GoalDraft, Teams: []string{"y"}, Parent: "a"}},
	}
	ids := func(rows []Summary) []string {
		out := []string{}
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	tests := []struct {
		name string
		f    Filter
		want []string
	}{
		{"all, by id", Filter{}, []string{"a", "b", "c"}},
		{"team", Filter{Team: "y"}, []string{"a", "c"}},
		{"status", Filter{Status: model.GoalDraft}, []string{"b", "c"}},
		{"health of a closed goal is its status", Filter{Health: model.GoalDropped}, []string{"a"}},
		{"none", Filter{Team: "z"}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if d := cmp.Diff(tt.want, ids(List(goals, tt.f, "2026-03-10", model.Policy{}))); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
	if d := cmp.Diff([]string{"b", "c"}, Children(goals, "a")); d != "" {
		t.Errorf("children (-want +got):\n%s", d)
	}
}
