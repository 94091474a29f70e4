package yamldoc

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func mustParse(t *testing.T, src string) *Doc {
	t.Helper()
	d, l := Parse("f.yaml", []byte(src))
	if l != nil {
		t.Fatal(l)
	}
	return d
}

func TestJSON(t *testing.T) {
	src := `date: 2026-03-15
stamp: 2026-03-15T10:00:00Z
zip: 012345
quoted: "123"
single: '1.5'
int: 42
neg: -7
plus: +3
float: 95.5
exp: 1e3
hex: 0x1F
octal: 0o17
under: 1_000
inf: .inf
nan: .NaN
dot: .5
t: true
T: True
yes: yes
no: no
on: on
null1: null
null2: ~
null3:
str: !!str 12
forced: !!int 7
list: [a, 1, {b: false}]
`
	want := map[string]any{
		"date": "2026-03-15", "stamp": "2026-03-15T10:00:00Z", "zip": "012345",
		"quoted": "123", "single": "1.5", "int": json.Number("42"), "neg": json.Number("-7"),
		"plus": json.Number("3"), "float": json.Number("95.5"), "exp": json.Number("1e3"),
		"hex": "0x1F", "octal": "0o17", "under": "1_000", "inf": ".inf", "nan": ".NaN", "dot": ".5",
		"t": true, "T": true, "yes": "yes", "no": "no", "on": "on",
		"null1": nil, "null2": nil, "null3": nil, "str": "12", "forced": json.Number("7"),
		"list": []any{"a", json.Number("1"), map[string]any{"b": false}},
	}
	if diff := cmp.Diff(want, mustParse(t, src).JSON()); diff != "" {
		t.Errorf("JSON (-want +got):\n%s", diff)
	}
}

func TestDecode(t *testing.T) {
	var v struct {
		Kind string `yaml:"kind"`
		Spec struct {
			Due string `yaml:"due"`
		} `yaml:"spec"`
	}
	if err := mustParse(t, "kind: Goal\nspec:\n  due: 2026-03-15\n").Decode(&v); err != nil {
		t.Fatal(err)
	}
	if v.Kind != "Goal" || v.Spec.Due != "2026-03-15" {
		t.Errorf("Decode = %+v", v)
	}
}

func TestPos(t *testing.T) {
	d := mustParse(t, `kind: Agreement
spec:
  parties:
    - {team: product, owner: a@b.example}
  commitments:
    - id: a
      owner: x@y.example
    - id: b
      "a/b": 1
      "m~n": 2
`)
	type pos struct{ Line, Col int }
	tests := []struct {
		ptr      string
		pos, key pos
	}{
		{"", pos{1, 1}, pos{1, 1}},
		{"/kind", pos{1, 7}, pos{1, 1}},
		{"/spec", pos{3, 3}, pos{2, 1}},
		{"/spec/parties/0/owner", pos{4, 30}, pos{4, 23}},
		{"/spec/commitments/1", pos{8, 7}, pos{8, 7}},
		{"/spec/commitments/1/id", pos{8, 11}, pos{8, 7}},
		{"/spec/commitments/0/owner", pos{7, 14}, pos{7, 7}},
		{"/spec/commitments/1/a~1b", pos{9, 14}, pos{9, 7}},
		{"/spec/commitments/1/m~0n", pos{10, 14}, pos{10, 7}},
		// past what exists: the deepest existing node
		{"/spec/commitments/1/owner", pos{8, 7}, pos{8, 7}},
		{"/spec/commitments/7/owner", pos{6, 5}, pos{6, 5}},
		{"/spec/commitments/01", pos{6, 5}, pos{6, 5}},
		{"/kind/x", pos{1, 7}, pos{1, 7}},
		{"/nope", pos{1, 1}, pos{1, 1}},
	}
	for _, tt := range tests {
		var got, gotKey pos
		got.Line, got.Col = d.Pos(tt.ptr)
		gotKey.Line, gotKey.Col = d.KeyPos(tt.ptr)
		if diff := cmp.Diff(tt.pos, got); diff != "" {
			t.Errorf("Pos(%q) (-want +got):\n%s", tt.ptr, diff)
		}
		if diff := cmp.Diff(tt.key, gotKey); diff != "" {
			t.Errorf("KeyPos(%q) (-want +got):\n%s", tt.ptr, diff)
		}
	}
}

func TestNewNodeQuoting(t *testing.T) {
	quoted := []string{
		"", "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "~", "Null",
		"123", "-1", "+1", "1.5", ".5", "1e3", "012345", "0x1F", "0o17", "1_000", "1:20",
		".inf", "-.Inf", ".nan", "2026-03-15T10:00:00Z", "2026-02-30", "2026-3-5 10:00", "1.", "1.2.3", ".", "190:20:30", "0b101", "1_0.5", "0777",
		"#deal-desk", "@acme/sales-leads", "- item", "-x", "? q", ":x", "[a]", "{a}", "!tag",
		"&anchor", "*alias", "|", ">", "'q", "\"q", "%d", "`x`", ",x", "<<", "=",
		"a: b", "a #b", "trailing:", " lead", "trail ", "tab\there", "bell\a", "\ufeffbom",
	}
	plain := []string{
		"active", "pat@acme.example", "Feature X generally available", "a#b", "a:b",
		"http://x.example/a", "30% of active accounts by June", "Ünïcödé", "x-1", "14d", "GA before March", "2026-q1", "3f9a1c0e2b7d", "1a", "+x", "v1.2",
	}
	check := func(s string, wantQuoted bool) {
		n, err := NewNode(s)
		if err != nil {
			t.Fatal(err)
		}
		if n.Tag != "!!str" {
			t.Errorf("%q: tag %s", s, n.Tag)
		}
		if got := n.Style == yaml.DoubleQuotedStyle; got != wantQuoted {
			t.Errorf("%q: double-quoted = %v, want %v", s, got, wantQuoted)
		}
		// Round trip: encode in a mapping, decode back into any.
		m := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{strNode("k"), n}}
		b, err := yaml.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back map[string]any
		if err := yaml.Unmarshal(b, &back); err != nil {
			t.Fatalf("%q: %v in %s", s, err, b)
		}
		if got, ok := back["k"].(string); !ok || got != s {
			t.Errorf("%q: round trip gave %#v (from %s)", s, back["k"], b)
		}
	}
	for _, s := range quoted {
		check(s, true)
	}
	for _, s := range plain {
		check(s, false)
	}
	check("two\nlines", false)
}

func TestNewNodeValues(t *testing.T) {
	type party struct {
		Team  string `yaml:"team"`
		Owner string `yaml:"owner"`
		Hard  bool   `yaml:"hard,omitempty"`
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: "x"}
	tests := []struct {
		in   any
		want string
	}{
		{"yes", "\"yes\"\n"},
		{true, "true\n"},
		{42, "42\n"},
		{uint8(7), "7\n"},
		{95.5, "95.5\n"},
		{nil, "null\n"},
		{[]string{"a", "2026-01-01", "no"}, "- a\n- 2026-01-01\n- \"no\"\n"},
		{map[string]string{"quarter": "2026-q1", "on": "x"}, "\"on\": x\nquarter: 2026-q1\n"},
		{party{Team: "product", Owner: "a@b.example"}, "team: product\nowner: a@b.example\n"},
		{n, "x\n"},
	}
	for _, tt := range tests {
		node, err := NewNode(tt.in)
		if err != nil {
			t.Fatalf("%v: %v", tt.in, err)
		}
		b, err := yaml.Marshal(node)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, string(b)); diff != "" {
			t.Errorf("NewNode(%#v) (-want +got):\n%s", tt.in, diff)
		}
	}
	if node, _ := NewNode(n); node != n {
		t.Errorf("NewNode(*yaml.Node) did not pass the node through")
	}
}

// Dates are written plain and still read back as the same text.
func TestNewNodeDatesArePlain(t *testing.T) {
	d := mustParse(t, "spec:\n  due: 2026-03-15 # moved\n")
	if err := d.Set("2026-03-22", "spec", "due"); err != nil {
		t.Fatal(err)
	}
	out, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("spec:\n  due: 2026-03-22 # moved\n", string(out)); diff != "" {
		t.Error(diff)
	}
	back := mustParse(t, string(out))
	var v struct {
		Spec struct{ Due string } `yaml:"spec"`
	}
	if err := back.Decode(&v); err != nil || v.Spec.Due != "2026-03-22" {
		t.Errorf("decoded %q, %v", v.Spec.Due, err)
	}
	if got := back.JSON().(map[string]any)["spec"].(map[string]any)["due"]; got != "2026-03-22" {
		t.Errorf("JSON due = %#v", got)
	}
}

func TestLookupKey(t *testing.T) {
	d := mustParse(t, `kind: Agreement
spec:
  parties:
    - {team: product, owner: a@b.example}
`)
	type pos struct{ Line, Col int }
	tests := []struct {
		path []any
		want *pos // nil: no key node
	}{
		{[]any{"kind"}, &pos{1, 1}},
		{[]any{"spec", "parties"}, &pos{3, 3}},
		{[]any{"spec", "parties", 0, "owner"}, &pos{4, 23}},
		{nil, nil},
		{[]any{"spec", "parties", 0}, nil}, // an index, not a key
		{[]any{"spec", "nope"}, nil},
		{[]any{"nope", "kind"}, nil},
		{[]any{"kind", "x"}, nil}, // parent is a scalar
	}
	for _, tt := range tests {
		var got *pos
		if k := d.LookupKey(tt.path...); k != nil {
			got = &pos{k.Line, k.Column}
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("LookupKey(%v) (-want +got):\n%s", tt.path, diff)
		}
	}
}
