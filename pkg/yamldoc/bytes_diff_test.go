package yamldoc

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// refBytes is Bytes as it was before the merge base could come from a
// copy kept at parse time (KeepBase) or from a cache: it parses the source
// again on every call. TestBytesMatchesReference holds Bytes to it.
func refBytes(d *Doc) ([]byte, error) {
	theirs, err := encode(d.doc, d.Indent, d.compactSeq)
	if err != nil {
		return nil, d.errorf("encode: %v", err)
	}
	var orig yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(d.src)).Decode(&orig); err != nil {
		return theirs, nil
	}
	base, err := encode(&orig, d.Indent, d.compactSeq)
	if err != nil {
		return theirs, nil
	}
	if bytes.Equal(base, theirs) {
		return bytes.Clone(d.src), nil
	}
	crlf := bytes.Contains(d.src, []byte("\r\n"))
	out, ok := merge(SplitLines(d.src), SplitLines(base), SplitLines(theirs))
	if !ok {
		return theirs, nil
	}
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	merged := []byte(strings.Join(out, nl) + nl)
	if !sameMeaning(merged, d.doc) {
		return theirs, nil
	}
	return merged, nil
}

// diffSources returns the files the differential test edits: the example
// workspace, this package's test files and a generated workspace, each
// also with CRLF line ends, with comments and blank lines added, and
// re-encoded at an odd indent (3, and 5 with unindented sequences).
func diffSources(t *testing.T) map[string][]byte {
	t.Helper()
	src := map[string][]byte{}
	err := filepath.WalkDir("../../examples", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			src[p] = b
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tds, _ := filepath.Glob("testdata/*.yaml")
	for _, p := range tds {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		src[p] = b
	}
	gen := wsgen.Files(2000)
	names := make([]string, 0, len(gen))
	for p := range gen {
		names = append(names, p)
	}
	sort.Strings(names)
	// A sample of every kind (names sort by kind) keeps the test short.
	for i, p := range names {
		if i%(len(names)/12) == 0 || strings.Contains(p, "collab.yaml") {
			src["gen/"+p] = []byte(gen[p])
		}
	}
	out := map[string][]byte{}
	for p, b := range src {
		if d, _ := Parse(p, b); d == nil {
			continue // not a collab document (e.g. a workflow file with a top-level sequence)
		}
		out[p] = b
		out[p+"#crlf"] = bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))
		out[p+"#comments"] = withComments(b)
		for _, in := range []struct {
			n       int
			compact bool
		}{{3, false}, {5, true}} {
			var n yaml.Node
			if err := yaml.Unmarshal(b, &n); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			e := yaml.NewEncoder(&buf)
			e.SetIndent(in.n)
			if in.compact {
				e.CompactSeqIndent()
			}
			if err := e.Encode(&n); err != nil {
				t.Fatal(err)
			}
			out[fmt.Sprintf("%s#indent%d", p, in.n)] = buf.Bytes()
		}
	}
	return out
}

// withComments adds a head comment, a line comment with a run of spaces
// before it on every third line, and a blank line before every fifth.
func withComments(b []byte) []byte {
	var o strings.Builder
	o.WriteString("# head comment\n\n")
	for i, l := range SplitLines(b) {
		if i%5 == 4 {
			o.WriteString("\n")
		}
		o.WriteString(l)
		if i%3 == 1 && !strings.Contains(l, "#") && !strings.HasSuffix(l, "|") && !strings.HasSuffix(l, ">") &&
			!strings.HasSuffix(l, "|-") && !strings.HasSuffix(l, ">-") && !strings.HasSuffix(l, ":") {
			o.WriteString("    # note")
		}
		o.WriteString("\n")
	}
	return []byte(o.String())
}

// docPaths lists the paths to every node of d's tree, in document order.
func docPaths(n *yaml.Node, path []any, visit func(path []any, n *yaml.Node)) {
	visit(path, n)
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			docPaths(n.Content[i+1], append(append([]any(nil), path...), n.Content[i].Value), visit)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			docPaths(c, append(append([]any(nil), path...), i), visit)
		}
	}
}

// diffEdits are the edits applied to each source: named, each a func that
// changes a Doc and reports whether it applied.
func diffEdits(d *Doc) map[string]func(*Doc) error {
	var scalars, maps, seqs [][]any
	docPaths(d.Node, nil, func(p []any, n *yaml.Node) {
		switch n.Kind {
		case yaml.ScalarNode:
			scalars = append(scalars, p)
		case yaml.MappingNode:
			if len(p) > 0 {
				maps = append(maps, p)
			}
		case yaml.SequenceNode:
			seqs = append(seqs, p)
		}
	})
	ed := map[string]func(*Doc) error{
		"none":    func(*Doc) error { return nil },
		"top-new": func(d *Doc) error { return d.Set("new value", "zz-new") },
	}
	for i, p := range pick(scalars) {
		ed[fmt.Sprintf("set-scalar-%d", i)] = func(d *Doc) error { return d.Set("changed: value", p...) }
	}
	for i, p := range pick(maps) {
		ed[fmt.Sprintf("map-add-%d", i)] = func(d *Doc) error {
			return d.Set(map[string]any{"note": "added", "n": 3}, append(append([]any(nil), p...), "added")...)
		}
		ed[fmt.Sprintf("map-delete-%d", i)] = func(d *Doc) error {
			m := d.Lookup(p...)
			return d.Delete(append(append([]any(nil), p...), m.Content[len(m.Content)-2].Value)...)
		}
	}
	for i, p := range pick(seqs) {
		ed[fmt.Sprintf("seq-append-%d", i)] = func(d *Doc) error { return d.Append("appended item", p...) }
		ed[fmt.Sprintf("seq-delete-%d", i)] = func(d *Doc) error {
			if len(d.Lookup(p...).Content) == 0 {
				return d.Append(map[string]any{"a": "b"}, p...)
			}
			return d.Delete(append(append([]any(nil), p...), 0)...)
		}
	}
	return ed
}

// pick returns the first and the last of ps.
func pick(ps [][]any) [][]any {
	if len(ps) < 2 {
		return ps
	}
	return [][]any{ps[0], ps[len(ps)-1]}
}

// TestBytesMatchesReference edits every source many ways and checks that
// Bytes writes exactly what refBytes writes: with the base kept at parse
// time, called twice after the edit; and with the source parsed again,
// called before the edit (whose base is then cached) and twice after.
func TestBytesMatchesReference(t *testing.T) {
	srcs := diffSources(t)
	if len(srcs) < 40 {
		t.Fatalf("only %d sources", len(srcs))
	}
	runs, merged := 0, 0
	for name, src := range srcs {
		probe, ds := Parse(name, src)
		if probe == nil {
			t.Fatalf("%s: %v", name, ds)
		}
		for en, edit := range diffEdits(probe) {
			parse := func() *Doc {
				d, ds := Parse(name, src)
				if d == nil {
					t.Fatalf("%s: %v", name, ds)
				}
				return d
			}
			ref, kept, twice := parse(), parse(), parse()
			kept.KeepBase()
			if _, err := twice.Bytes(); err != nil { // before the edit, as the edit verb does
				t.Fatal(err)
			}
			errs := []error{edit(ref), edit(kept), edit(twice)}
			if errs[0] != nil {
				continue // the edit does not fit this file (e.g. a flow sequence)
			}
			want, err := refBytes(ref)
			if err != nil {
				t.Fatal(err)
			}
			for i, d := range []*Doc{kept, twice} {
				if errs[i+1] != nil {
					t.Fatalf("%s %s: %v", name, en, errs[i+1])
				}
				for call := 0; call < 2; call++ {
					got, err := d.Bytes()
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(string(want), string(got)); diff != "" {
						t.Errorf("%s, edit %s, doc %d, call %d: Bytes differs from the reference (-want +got):\n%s", name, en, i, call, diff)
					}
				}
			}
			runs++
			if !bytes.Equal(want, src) && !bytes.Equal(want, mustEncode(t, ref)) {
				merged++
			}
		}
	}
	// The test must exercise the merge, not only the plain encoding.
	if runs < 300 || merged < runs/3 {
		t.Fatalf("%d edits compared, %d of them merged: too few", runs, merged)
	}
	t.Logf("%d sources, %d edits compared, %d merged", len(srcs), runs, merged)
}

func mustEncode(t *testing.T, d *Doc) []byte {
	b, err := encode(clone(d.doc), d.Indent, d.compactSeq)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestKeepBaseIndentChange: a Doc whose indent changes between two calls
// of Bytes gets the base for the new indent.
func TestKeepBaseIndentChange(t *testing.T) {
	src := []byte("a:\n  b: 1   # c\n  d:\n  - x\n\ne: {f: }\n")
	for _, keep := range []bool{false, true} {
		d, _ := Parse("x.yaml", src)
		ref, _ := Parse("x.yaml", src)
		if keep {
			d.KeepBase()
		}
		if _, err := d.Bytes(); err != nil {
			t.Fatal(err)
		}
		for _, x := range []*Doc{d, ref} {
			x.Indent = 4
			if err := x.Set(2, "a", "b"); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := d.Bytes()
		want, _ := refBytes(ref)
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("keep %v (-want +got):\n%s", keep, diff)
		}
	}
}

// BenchmarkBytes: one edit and Bytes on a generated goal file, the way a
// write does it (reference, parsed again, base kept at parse time).
func BenchmarkBytes(b *testing.B) {
	src := []byte(wsgen.Files(2000)["goals/g0001.yaml"])
	if d, ds := Parse("g.yaml", src); d == nil {
		b.Fatal(ds)
	}
	run := func(b *testing.B, keep bool, bytesOf func(*Doc) ([]byte, error)) {
		for b.Loop() {
			d, _ := Parse("g.yaml", src)
			if keep {
				d.KeepBase()
			}
			if err := d.Set("changed", "metadata", "name"); err != nil {
				b.Fatal(err)
			}
			if _, err := bytesOf(d); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Run("reference", func(b *testing.B) { run(b, false, refBytes) })
	b.Run("parsed-again", func(b *testing.B) { run(b, false, (*Doc).Bytes) })
	b.Run("kept", func(b *testing.B) { run(b, true, (*Doc).Bytes) })
	b.Run("parse-only", func(b *testing.B) { run(b, false, func(*Doc) ([]byte, error) { return nil, nil }) })
}
