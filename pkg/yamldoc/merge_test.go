package yamldoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestYAMLv3Reencode records what a plain yaml.v3 decode → encode does to a
// file, the behaviours Bytes works around (see merge.go). If yaml.v3 changes
// them, this test says so.
func TestYAMLv3Reencode(t *testing.T) {
	src := "a: 1   # aligned\n\nb:\n- x\n- {k: v, 'q': \"w\"}\nc: " + strings.Repeat("word ", 30) + "\n"
	var n yaml.Node
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	out, err := yaml.Marshal(&n)
	if err != nil {
		t.Fatal(err)
	}
	want := "a: 1 # aligned\n" + // spaces before a comment shrink; the blank line goes
		"b:\n    - x\n" + // indent 4, "- " indented
		"    - {k: v, 'q': \"w\"}\n" + // flow style and quoting kept
		"c: " + strings.TrimSpace(strings.Repeat("word ", 30)) + "\n" // no wrapping at 80 columns
	if diff := cmp.Diff(want, string(out)); diff != "" {
		t.Errorf("yaml.v3 re-encoding changed (-recorded +now):\n%s", diff)
	}
}

func TestMergeKeepsBlankLinesAndCRLF(t *testing.T) {
	src := "a: 1\r\n\r\nb:\r\n  - x\r\n\r\n  - y\r\n\r\nc: 3   # note\r\n"
	d := mustParse(t, src)
	if err := d.Set(2, "a"); err != nil {
		t.Fatal(err)
	}
	if err := d.Delete("b", 1); err != nil {
		t.Fatal(err)
	}
	got, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := "a: 2\r\n\r\nb:\r\n  - x\r\n\r\nc: 3   # note\r\n"
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Bytes (-want +got):\n%s", diff)
	}
}

// TestEditNextToBlockScalar: editing the field after a block scalar whose
// text starts with a blank line (which yaml.v3 writes with an indentation
// indicator and an extra line break) changes that field's line only; the
// scalar keeps its text and its meaning ("keep" chomping included).
func TestEditNextToBlockScalar(t *testing.T) {
	for _, src := range []string{
		"spec:\n  commitments:\n    - id: a\n      deliverable: >\n\n        Feature X\n        generally available\n      status: open\n",
		"spec:\n    commitments:\n        - id: a\n          deliverable: >\n\n            Feature X\n          status: open\n",
		"spec:\n  commitments:\n  - id: a\n    deliverable: >\n\n\n      Feature X\n    status: open\n",
		"spec:\n  commitments:\n    - id: a\n      deliverable: >-\n\n        Feature X\n      status: open\n",
		"spec:\n  commitments:\n    - id: a\n      deliverable: >+\n\n        Feature X\n\n      status: open\n",
		"spec:\n  commitments:\n    - id: a\n      deliverable: |+\n\n        Feature X\n\n      status: open\n",
		"spec:\n  commitments:\n    - id: a\n      deliverable: >\n\n          Feature X\n      status: open\n",
		"spec:\n  commitments:\n    - id: a\n      deliverable: >\n        \n        Feature X\n      status: open\n",
	} {
		d, l := Parse("f.yaml", []byte(src))
		if d == nil {
			t.Fatal(l)
		}
		if err := d.Set("done", "spec", "commitments", 0, "status"); err != nil {
			t.Fatal(err)
		}
		out, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Replace(src, "status: open", "status: done", 1)
		if diff := cmp.Diff(want, string(out)); diff != "" {
			t.Errorf("edit of the status of\n%s(-want +got):\n%s", src, diff)
		}
	}
}

func TestSortKeysAndCanonical(t *testing.T) {
	src := `# head
spec:
    z: 1
    # about owner
    owner: pat@acme.example # line
    items:
        - b: 2
          a: 1
kind: Goal
apiVersion: collab/v1
`
	order := map[string]int{"apiVersion": 0, "kind": 1, "metadata": 2, "spec": 3, "owner": 0, "a": 0}
	var paths []string
	rank := func(path []string, key string) int {
		paths = append(paths, strings.Join(path, ".")+":"+key)
		if r, ok := order[key]; ok {
			return r
		}
		return 100
	}
	d := mustParse(t, src)
	got, err := d.Canonical(rank)
	if err != nil {
		t.Fatal(err)
	}
	want := `# head
apiVersion: collab/v1
kind: Goal
spec:
  # about owner
  owner: pat@acme.example # line
  z: 1
  items:
    - a: 1
      b: 2
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("Canonical (-want +got):\n%s", diff)
	}
	if b, _ := d.Bytes(); string(b) != src {
		t.Errorf("Canonical changed the Doc:\n%s", b)
	}
	wantPaths := []string{":spec", ":kind", ":apiVersion", "spec:z", "spec:owner", "spec:items", "spec.items.[]:b", "spec.items.[]:a"}
	if diff := cmp.Diff(wantPaths, paths); diff != "" {
		t.Errorf("rank calls (-want +got):\n%s", diff)
	}
	d.SortKeys(rank)
	if k := d.Node.Content[0].Value; k != "apiVersion" {
		t.Errorf("SortKeys: first key %s", k)
	}
}

// FuzzParse: Parse; when it succeeds, Bytes must parse again, and an edit
// must change the meaning of exactly the field it edits: a new top-level
// key, and each of the first and last two scalar values set to a new text.
// Run it with -fuzzminimizetime 0s on a busy machine: minimizing new inputs
// stalled the workers for minutes here.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.yaml"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("a: b\n"))
	f.Add([]byte("a:\n- {x: 1}\n\n# c\nb: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, l := Parse("f.yaml", src)
		if d == nil {
			if len(l) == 0 {
				t.Fatal("nil Doc without diagnostics")
			}
			return
		}
		before := d.JSON()
		out, err := d.Bytes()
		if err != nil {
			t.Fatalf("Bytes: %v", err)
		}
		if d2, l := Parse("f.yaml", out); d2 == nil {
			t.Fatalf("re-parse of Bytes failed: %v\ninput:\n%q\noutput:\n%q", l, src, out)
		}
		var paths [][]any
		scalarPaths(d.Node, nil, &paths)
		if len(paths) > 4 {
			paths = append(paths[:2], paths[len(paths)-2:]...)
		}
		for _, path := range append([][]any{{"zz-edited"}}, paths...) {
			d, _ := Parse("f.yaml", src)
			if err := d.Set("zz-fuzz", path...); err != nil {
				continue
			}
			out, err := d.Bytes()
			if err != nil {
				t.Fatalf("Bytes after Set %v: %v", path, err)
			}
			d3, l := Parse("f.yaml", out)
			if d3 == nil {
				t.Fatalf("re-parse after Set %v failed: %v\ninput:\n%q\noutput:\n%q", path, l, src, out)
			}
			want := setJSON(before, path, "zz-fuzz")
			if diff := cmp.Diff(want, d3.JSON()); diff != "" {
				t.Fatalf("Set %v changed more than that field (-want +file):\n%s\ninput:\n%q\noutput:\n%q", path, diff, src, out)
			}
		}
	})
}

// scalarPaths appends the path of every scalar value of a mapping under n,
// in document order.
func scalarPaths(n *yaml.Node, path []any, out *[][]any) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := append(path[:len(path):len(path)], n.Content[i].Value)
			if n.Content[i+1].Kind == yaml.ScalarNode {
				*out = append(*out, p)
			}
			scalarPaths(n.Content[i+1], p, out)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			scalarPaths(c, append(path[:len(path):len(path)], i), out)
		}
	}
}

// setJSON returns a copy of the JSON value v with value at path.
func setJSON(v any, path []any, value any) any {
	if len(path) == 0 {
		return value
	}
	switch v := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(v)+1)
		for k, x := range v {
			c[k] = x
		}
		k := path[0].(string)
		c[k] = setJSON(v[k], path[1:], value)
		return c
	case []any:
		c := append([]any(nil), v...)
		i := path[0].(int)
		c[i] = setJSON(v[i], path[1:], value)
		return c
	}
	return v
}

// TestCanonicalKeepsModeline: the yaml-language-server modeline stays the
// first line through fmt, whether a blank line, a comment or a key that
// sorts later follows it.
func TestCanonicalKeepsModeline(t *testing.T) {
	const modeline = "# yaml-language-server: $schema=../.collab/schema/goal.schema.json\n"
	rank := func(_ []string, key string) int {
		return map[string]int{"apiVersion": 0, "kind": 1, "spec": 2}[key]
	}
	for _, body := range []string{
		"apiVersion: collab/v1\nkind: Goal\n",
		"\n# about the goal\nspec:\n    a: 1\nkind: Goal\napiVersion: collab/v1\n",
		"spec: {a: 1}\nkind: Goal\n",
	} {
		got, err := mustParse(t, modeline+body).Canonical(rank)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(got), modeline) || strings.Count(string(got), "yaml-language-server") != 1 {
			t.Errorf("Canonical of %q lost the modeline:\n%s", body, got)
		}
	}
}

// TestFlowWithComments: a tree with a comment inside a flow collection, as
// a merge leaves it when it puts a commented key into a flow mapping, is
// written as YAML that means what the tree means, keeping the comments
// yaml.v3 misplaced.
func TestFlowWithComments(t *testing.T) {
	for _, tc := range []struct {
		src  string
		keep []string
	}{
		{"1: #000\n  00: #001\n", []string{"#000", "#001"}},
		{"a: #c\n  - 1\n", nil},
		{"a:\n  - #c\n    b: 1\n", []string{"#c"}},
		{"a:\n  b: [1, 2] # d\n  c: 3\n", []string{"# d"}},
	} {
		d, ds := Parse("f.yaml", []byte(tc.src))
		if d == nil {
			t.Fatal(ds)
		}
		var flow func(*yaml.Node)
		flow = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
				n.Style |= yaml.FlowStyle
			}
			for _, c := range n.Content {
				flow(c)
			}
		}
		flow(d.doc)
		out, err := d.Bytes()
		if err != nil {
			t.Fatalf("%q: %v", tc.src, err)
		}
		var want, got any
		if err := yaml.Unmarshal([]byte(tc.src), &want); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(out, &got); err != nil {
			t.Fatalf("%q written as\n%s\ndoes not read back: %v", tc.src, out, err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q written as\n%s\nmeans something else (-want +got):\n%s", tc.src, out, diff)
		}
		for _, c := range tc.keep {
			if !strings.Contains(string(out), c) {
				t.Errorf("%q written as\n%s\nlost the comment %s", tc.src, out, c)
			}
		}
	}
}
