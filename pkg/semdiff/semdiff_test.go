package semdiff

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

func readExample(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/acme/" + p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func num(s string) json.Number { return json.Number(s) }

func TestDiffChanges(t *testing.T) {
	agreement := readExample(t, "agreements/feature-x-launch.yaml")
	goal := readExample(t, "goals/core-sku-in-stock.yaml")
	smap := readExample(t, "maps/feature-x-launch.yaml")
	tests := []struct {
		name string
		path string
		old  string
		edit func(string) string
		want []Change
	}{{
		name: "commitment due date, matched by id",
		path: "agreements/feature-x-launch.yaml",
		old:  agreement,
		edit: func(s string) string {
			return strings.Replace(s, "due: 2026-03-22 # was", "due: 2026-03-29 # was", 1)
		},
		want: []Change{{Path: "commitments.deliver-feature.due", Op: Changed, Old: "2026-03-22", New: "2026-03-29"}},
	}, {
		name: "status and acceptance removed, matched by party",
		path: "agreements/feature-x-launch.yaml",
		old:  agreement,
		edit: func(s string) string {
			s = strings.Replace(s, "  status: active\n", "  status: proposed\n", 1)
			i := strings.Index(s, "    - party: sales\n")
			return s[:i]
		},
		want: []Change{
			{Path: "status", Op: Changed, Old: "active", New: "proposed"},
			{Path: "acceptances.sales", Op: Removed, Old: map[string]any{
				"party": "sales", "by": "sam@acme.example", "date": "2026-03-05", "terms": "40d5c5f0d37b",
				"summary": "Sales trains every account executive by March 20, starts outreach on March 23 and reports Feature X pipeline monthly from April 30.",
			}},
		},
	}, {
		name: "list of plain values, and an option matched by title",
		path: "agreements/feature-x-launch.yaml",
		old:  agreement,
		edit: func(s string) string {
			s = strings.Replace(s, "escalation: [pat@acme.example]", "escalation: [pat@acme.example, maria@acme.example]", 1)
			return strings.Replace(s, "- title: Phased rollout by region\n      chosen: false\n", "- title: Phased rollout by region\n      chosen: true\n", 1)
		},
		want: []Change{
			{Path: "options[Phased rollout by region].chosen", Op: Changed, Old: false, New: true},
			{Path: "escalation", Op: Added, New: "maria@acme.example"},
		},
	}, {
		name: "metadata, key result numbers, a new check-in",
		path: "goals/core-sku-in-stock.yaml",
		old:  goal,
		edit: func(s string) string {
			s = strings.Replace(s, "current: 95.8", "current: 96.2", 1)
			s = strings.Replace(s, "title: Maximize gross margin while keeping 97% in-stock on core SKUs", "title: Gross margin at 97% in-stock", 1)
			return s + "    - {date: 2026-03-01, by: dana@acme.example, values: {in-stock: 96.2}, confidence: high}\n"
		},
		want: []Change{
			{Path: "metadata.title", Op: Changed, Old: "Maximize gross margin while keeping 97% in-stock on core SKUs", New: "Gross margin at 97% in-stock"},
			{Path: "keyResults.in-stock.current", Op: Changed, Old: num("95.8"), New: num("96.2")},
			{Path: "checkins", Op: Added, New: map[string]any{"date": "2026-03-01", "by": "dana@acme.example", "values": map[string]any{"in-stock": num("96.2")}, "confidence": "high"}},
		},
	}, {
		name: "stakeholders matched by person",
		path: "maps/feature-x-launch.yaml",
		old:  smap,
		edit: func(s string) string {
			return strings.Replace(s, "stance: supportive", "stance: resistant", 1)
		},
		want: nil, // filled below from the file's first stakeholder
	}, {
		name: "comments and formatting only",
		path: "agreements/feature-x-launch.yaml",
		old:  agreement,
		edit: func(s string) string {
			return strings.Replace(s, "  # Options considered on 2026-02-05 before choosing; keep them for the next launch.\n", "", 1) + "\n"
		},
		want: nil,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff(tt.path, []byte(tt.old), []byte(tt.edit(tt.old)))
			want := tt.want
			if tt.name == "stakeholders matched by person" {
				if len(got.Changes) != 1 || !strings.HasPrefix(got.Changes[0].Path, "stakeholders.") || !strings.HasSuffix(got.Changes[0].Path, ".stance") ||
					got.Changes[0].Old != "supportive" || got.Changes[0].New != "resistant" {
					t.Fatalf("changes = %+v; want one stakeholders.<person>.stance supportive -> resistant", got.Changes)
				}
				return
			}
			if diff := cmp.Diff(want, got.Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffAgreementTerms(t *testing.T) {
	old := readExample(t, "agreements/feature-x-launch.yaml")
	tests := []struct {
		name       string
		edit       func(string) string
		changed    bool
		mustAccept []string
		status     *Transition
	}{{
		name: "a date moves: both parties must accept again",
		edit: func(s string) string {
			return strings.Replace(s, "due: 2026-03-22 # was", "due: 2026-03-29 # was", 1)
		},
		changed: true, mustAccept: []string{"product", "sales"},
	}, {
		name: "amended and re-accepted by product in the same change",
		edit: func(s string) string {
			s = strings.Replace(s, "due: 2026-03-22 # was", "due: 2026-03-29 # was", 1)
			return strings.Replace(s, "      by: priya@acme.example\n      date: 2026-03-05\n      terms: \"40d5c5f0d37b\"",
				"      by: priya@acme.example\n      date: 2026-03-05\n      terms: \"DIGEST\"", 1)
		},
		changed: true, mustAccept: []string{"sales"},
	}, {
		name: "status and check-ins are not terms",
		edit: func(s string) string {
			s = strings.Replace(s, "  status: active\n", "  status: retired\n", 1)
			return strings.Replace(s, "next: 2026-04-22", "next: 2026-05-06", 1)
		},
		changed: false, status: &Transition{From: "active", To: "retired"},
	}, {
		name: "terms change on a draft: nobody must accept yet",
		edit: func(s string) string {
			s = strings.Replace(s, "  status: active\n", "  status: draft\n", 1)
			return strings.Replace(s, "purpose: Sales outreach", "purpose: Outreach", 1)
		},
		changed: true, status: &Transition{From: "active", To: "draft"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			nu := tt.edit(old)
			if strings.Contains(nu, "DIGEST") {
				// Put in the real digest of the amended terms.
				e := Diff("agreements/feature-x-launch.yaml", []byte(old), []byte(nu))
				nu = strings.Replace(nu, "DIGEST", e.Terms.To, 1)
			}
			got := Diff("agreements/feature-x-launch.yaml", []byte(old), []byte(nu))
			if got.Terms == nil || got.Terms.Changed != tt.changed {
				t.Fatalf("terms = %+v; want changed=%v", got.Terms, tt.changed)
			}
			if got.Terms.From != "40d5c5f0d37b" {
				t.Errorf("terms.from = %s; want the accepted digest 40d5c5f0d37b", got.Terms.From)
			}
			if diff := cmp.Diff(tt.mustAccept, got.MustAccept); diff != "" {
				t.Errorf("mustAccept (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.status, got.Status); diff != "" {
				t.Errorf("status (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffAddedRemovedBroken(t *testing.T) {
	a := []byte(readExample(t, "teams/sales.yaml"))
	tests := []struct {
		name     string
		old, new []byte
		want     Entity
	}{
		{"added", nil, a, Entity{Kind: model.KindTeam, ID: "sales", Path: "teams/sales.yaml", Title: "Sales", Change: Added}},
		{"removed", a, nil, Entity{Kind: model.KindTeam, ID: "sales", Path: "teams/sales.yaml", Title: "Sales", Change: Removed}},
		{"broken new version", a, []byte("kind: [\n"), Entity{Kind: model.KindTeam, ID: "sales", Path: "teams/sales.yaml", Title: "Sales", Change: Modified}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Diff("teams/sales.yaml", tt.old, tt.new)
			if tt.name == "broken new version" {
				if !strings.HasPrefix(got.Error, "new version: ") {
					t.Errorf("error = %q; want it to name the new version", got.Error)
				}
				got.Error = ""
			}
			if diff := cmp.Diff(&tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestCompareUnread: a version that was not read (over the size cap) is
// present, named in Error as its size diagnostic, and the other version
// still gives the title.
func TestCompareUnread(t *testing.T) {
	a := Version{Data: []byte(readExample(t, "teams/sales.yaml"))}
	big := Version{Err: &safefile.SizeError{Path: "teams/sales.yaml", Size: 2 << 20, Max: yamldoc.MaxSize}}
	const msg = "version: line 1: file is 2097152 bytes, over the 1048576 byte limit; split it or shorten it"
	tests := []struct {
		name     string
		old, new Version
		change   string
		err      string
	}{
		{"new version too large", a, big, Modified, "new " + msg},
		{"old version too large", big, a, Modified, "old " + msg},
		{"added too large", Version{}, big, Added, "new " + msg},
		{"removed too large", big, Version{}, Removed, "old " + msg},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compare("teams/sales.yaml", tt.old, tt.new)
			want := &Entity{Kind: model.KindTeam, ID: "sales", Path: "teams/sales.yaml", Change: tt.change, Error: tt.err}
			if tt.change == Modified {
				want.Title = "Sales"
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDiffAgreementThatCannotBeDecoded: an agreement whose new version has
// a value that does not fit its field cannot be compared, and says where,
// rather than losing who must accept again.
func TestDiffAgreementThatCannotBeDecoded(t *testing.T) {
	old := readExample(t, "agreements/feature-x-launch.yaml")
	for name, new := range map[string]string{
		"tag":        strings.Replace(old, "title: Feature X launch plan", "title: !!int Feature X launch plan", 1),
		"wrong type": strings.Replace(old, "  parties:\n", "  parties: {}\n  ignored:\n", 1),
	} {
		t.Run(name, func(t *testing.T) {
			if new == old {
				t.Fatal("the edit did not apply")
			}
			got := Diff("agreements/feature-x-launch.yaml", []byte(old), []byte(new))
			if !strings.HasPrefix(got.Error, "new version: line ") {
				t.Errorf("error = %q; want the new version's line", got.Error)
			}
		})
	}
}

func TestRender(t *testing.T) {
	old := readExample(t, "agreements/feature-x-launch.yaml")
	nu := strings.Replace(old, "due: 2026-03-22 # was", "due: 2026-03-29 # was", 1)
	nu = strings.Replace(nu, "  status: active\n", "  status: proposed\n", 1)
	e := Diff("agreements/feature-x-launch.yaml", []byte(old), []byte(nu))

	var text bytes.Buffer
	if err := WriteText(&text, []*Entity{e}, Plain); err != nil {
		t.Fatal(err)
	}
	wantText := "agreement feature-x-launch Feature X launch plan\n" +
		"  status: active -> proposed\n" +
		"  commitments.deliver-feature.due: 2026-03-22 -> 2026-03-29\n" +
		"  terms changed (40d5c5f0d37b -> " + e.Terms.To + ")\n" +
		"  product and sales must accept again\n"
	if diff := cmp.Diff(wantText, text.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}

	var md bytes.Buffer
	if err := WriteMarkdown(&md, "collab diff", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"### Agreement `feature-x-launch`: Feature X launch plan (modified)",
		"Status: **active** → **proposed**",
		"**product and sales must accept again.**",
		"| `commitments.deliver-feature.due` | 2026-03-22 | 2026-03-29 |",
		"| `status` | active | proposed |",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}

func TestMarkdownEscapes(t *testing.T) {
	e := &Entity{Kind: model.KindTeam, ID: "x", Path: "teams/x.yaml", Change: Modified,
		Changes: []Change{{Path: "mission", Op: Changed, Old: "a | b", New: "<img src=x> @org/team"}}}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, "t", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(md.String(), "<img") || strings.Contains(md.String(), "a | b") || strings.Contains(md.String(), " @org") {
		t.Errorf("markdown not escaped:\n%s", md.String())
	}
}

// TestMarkdownLongCellStaysUTF8 cuts a long value by characters, not bytes.
func TestMarkdownLongCellStaysUTF8(t *testing.T) {
	long := strings.Repeat("é", 400)
	e := &Entity{Kind: model.KindTeam, ID: "x", Path: "teams/x.yaml", Change: Modified,
		Changes: []Change{{Path: "mission", Op: Changed, Old: "a", New: long}}}
	var md bytes.Buffer
	if err := WriteMarkdown(&md, "t", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	if !utf8.Valid(md.Bytes()) {
		t.Errorf("markdown is not valid UTF-8:\n%s", md.String())
	}
	if want := strings.Repeat("é", 297) + "..."; !strings.Contains(md.String(), want) {
		t.Errorf("markdown lacks the value cut to 297 characters and ...")
	}
}

// TestRenderHostileValues: keys and values with control characters, line
// breaks and pipes neither start a line nor break a Markdown table row, in
// text or Markdown, code spans included.
func TestRenderHostileValues(t *testing.T) {
	old := readExample(t, "teams/sales.yaml")
	nu := strings.Replace(old, "title: Sales", "title: \"Sales\\n::warning::pwned\"", 1)
	nu = strings.Replace(nu, "\nspec:\n", "\nspec:\n  \"a|b\\e[2J\\n::error::k\": \"x|y`z\\u2028::notice::v\"\n", 1)
	e := Diff("teams/sales.yaml", []byte(old), []byte(nu))
	if e.Error != "" || len(e.Changes) != 2 {
		t.Fatalf("want two changes, got %+v", e)
	}
	var text, md bytes.Buffer
	if err := WriteText(&text, []*Entity{e}, Plain); err != nil {
		t.Fatal(err)
	}
	if err := WriteMarkdown(&md, "collab diff", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	for name, out := range map[string]string{"text": text.String(), "markdown": md.String()} {
		if strings.ContainsAny(out, "\x1b\r\u2028") {
			t.Errorf("%s: a control character reaches the output:\n%s", name, out)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(strings.TrimLeft(line, " \t>"), "::") {
				t.Errorf("%s: line runs a workflow command: %q", name, line)
			}
			if name == "markdown" && strings.HasPrefix(line, "| ") {
				if n := strings.Count(line, "|") - strings.Count(line, `\|`); n != 4 {
					t.Errorf("markdown row has %d cell borders, want 4: %q", n, line)
				}
			}
		}
	}
}

// TestComparerReusesVersions: a file's changes compared newest first give
// what Compare gives, and each version is parsed once: the old version of
// one change is the new one of the next.
func TestComparerReusesVersions(t *testing.T) {
	base := readExample(t, "agreements/feature-x-launch.yaml")
	versions := []string{
		base,
		strings.Replace(base, "2026-03-15", "2026-03-22", 1),
		strings.Replace(base, "2026-03-15", "2026-03-29", 1),
		"not: [valid",
		"",
	}
	p := "agreements/feature-x-launch.yaml"
	var c Comparer
	var prevOld *version
	for i := len(versions) - 1; i > 0; i-- {
		old, new := Version{Data: []byte(versions[i-1])}, Version{Data: []byte(versions[i])}
		if diff := cmp.Diff(Compare(p, old, new), c.Compare(p, old, new)); diff != "" {
			t.Errorf("change %d: Comparer differs from Compare (-Compare +Comparer):\n%s", i, diff)
		}
		if prevOld != nil && c.memo[1].v != prevOld {
			t.Errorf("change %d: the new version was parsed again", i)
		}
		prevOld = c.memo[0].v
	}
	// A version that was not read is never taken for an empty file.
	c.Compare(p, Version{Err: &safefile.SizeError{Path: p, Size: 2 << 20, Max: 1 << 20}}, Version{Data: []byte(base)})
	if e := c.Compare(p, Version{Data: []byte{}}, Version{Data: []byte(base)}); strings.Contains(e.Error, "byte limit") {
		t.Errorf("an empty old version was answered from a version over the size cap: %q", e.Error)
	}
}

// TestDiffAmendment: an amendment recorded in the file comes out as the
// amendment, with its reason, not as a field change; the terms change
// beside it.
func TestDiffAmendment(t *testing.T) {
	const p = "agreements/launch.yaml"
	old := `apiVersion: collab/v1
kind: Agreement
metadata: {id: launch, title: Launch}
spec:
  status: active
  owner: pat@acme.example
  parties:
    - {team: product, owner: priya@acme.example}
  commitments:
    - {id: ga, party: product, due: 2026-03-15}
`
	new := strings.Replace(old, "  status: active\n", "  status: proposed\n", 1)
	new = strings.Replace(new, "due: 2026-03-15}", "due: 2026-03-22, originalDue: 2026-03-15}", 1)
	new += `  amendments:
    - date: 2026-03-04
      by: priya@acme.example
      reason: Technical issue found in early March
      changes:
        - {what: ga due, old: 2026-03-15, new: 2026-03-22}
`
	e := Diff(p, []byte(old), []byte(new))
	want := []model.Amendment{{Date: "2026-03-04", By: "priya@acme.example", Reason: "Technical issue found in early March",
		Changes: []model.AmendmentChange{{What: "ga due", Old: "2026-03-15", New: "2026-03-22"}}}}
	if d := cmp.Diff(want, e.Amendments); d != "" {
		t.Errorf("amendments (-want +got):\n%s", d)
	}
	wantLines := []string{
		"amended by priya@acme.example on 2026-03-04: Technical issue found in early March",
		"status: active -> proposed",
		"commitments.ga.due: 2026-03-15 -> 2026-03-22",
		"commitments.ga.originalDue: added 2026-03-15",
	}
	got := e.Lines(Plain)
	if len(got) < len(wantLines) {
		t.Fatalf("lines = %q", got)
	}
	if d := cmp.Diff(wantLines, got[:len(wantLines)]); d != "" {
		t.Errorf("lines (-want +got):\n%s", d)
	}
	var md strings.Builder
	if err := WriteMarkdown(&md, "Changes", []*Entity{e}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(md.String(), "Amended by priya@acme.example on 2026-03-04. Reason: Technical issue found in early March") {
		t.Errorf("markdown lacks the amendment:\n%s", md.String())
	}
}

// TestEqualIsDeepEqual checks equal against reflect.DeepEqual on the
// values of parsed trees, nil and empty ones included.
func TestEqualIsDeepEqual(t *testing.T) {
	values := []any{
		nil, "", "a", "1", json.Number("1"), json.Number("1.0"), true, false, 1.5, 1,
		map[string]any{}, map[string]any(nil), map[string]any{"a": nil}, map[string]any{"a": "1"},
		map[string]any{"a": json.Number("1")}, map[string]any{"b": nil},
		map[string]any{"a": []any{"x", map[string]any{"id": "y"}}}, map[string]any{"a": []any{"x", map[string]any{"id": "z"}}},
		[]any{}, []any(nil), []any{nil}, []any{"a"}, []any{"a", "b"}, []any{"b", "a"}, []any{[]any{}}, []any{[]any(nil)},
	}
	for _, a := range values {
		for _, b := range values {
			if got, want := equal(a, b), reflect.DeepEqual(a, b); got != want {
				t.Errorf("equal(%#v, %#v) = %v, DeepEqual %v", a, b, got, want)
			}
		}
	}
}
