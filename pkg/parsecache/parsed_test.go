package parsecache

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// exampleVersions are the example workspace's files, each under its path,
// and versions of them that do not parse or decode.
func exampleVersions(t testing.TB) map[string][]string {
	t.Helper()
	root := filepath.Join("..", "..", "examples", "acme")
	out := map[string][]string{}
	add := func(p, s string) { out[p] = append(out[p], s) }
	for _, dir := range []string{"agreements", "goals", "teams", "maps"} {
		names, err := filepath.Glob(filepath.Join(root, dir, "*.yaml"))
		if err != nil || len(names) == 0 {
			t.Fatalf("no example %s: %v", dir, err)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			p := dir + "/" + filepath.Base(n)
			s := string(b)
			add(p, s)
			add(p, s+"\n  broken: [unclosed\n")
			add(p, s+"spec:\n  again: 1\n")
			add(p, s+"  note: \x01\n")
			add(p, strings.Replace(s, "spec:\n", "spec:\n  extra: [a, 1, 2.5, true, null, ~, {id: x, v: ü}, 012, 0x1F, 2026-01-02]\n", 1))
			add(p, strings.Replace(s, "metadata:\n", "metadata:\n  labels: [not, a, map]\n", 1))
		}
	}
	b, err := os.ReadFile(filepath.Join(root, "collab.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	add("collab.yaml", string(b))
	for _, p := range []string{"agreements/x.yaml", "goals/x.yaml", "collab.yaml"} {
		add(p, "")
		add(p, "apiVersion: collab/v1\nkind: Agreement\nmetadata: [1, 2]\nspec: {}\n")
		add(p, "- a\n- b\n")
		add(p, "a: &x 1\nb: *x\n")
		add(p, "a: 1\n---\nb: 2\n")
		add(p, "\xff\xfe")
		add(p, "spec:\n  status: active\n  due: 2026-03-15\n  n: 012345\n")
	}
	return out
}

// roundTrip checks that the cached form of data parsed as the file at p is
// what parsing gives.
func roundTrip(t *testing.T, p, data string) {
	t.Helper()
	want := semdiff.Parse(p, semdiff.Version{Data: []byte(data)})
	b, err := EncodeParsed(want)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	got, err := DecodeParsed(b)
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	if diff := cmp.Diff(want.Parts(), got.Parts()); diff != "" {
		t.Fatalf("%s %q: decoded (-parsed +decoded):\n%s", p, data, diff)
	}
	// And compared, they give what the parsed versions give.
	fresh := semdiff.Parse(p, semdiff.Version{Data: []byte(data)})
	if diff := cmp.Diff(semdiff.CompareParsed(p, fresh, want), semdiff.CompareParsed(p, fresh, got)); diff != "" {
		t.Fatalf("%s: compared (-parsed +decoded):\n%s", p, diff)
	}
	if diff := cmp.Diff(semdiff.CompareParsed(p, nil, want), semdiff.CompareParsed(p, nil, got)); diff != "" {
		t.Fatalf("%s: compared as added (-parsed +decoded):\n%s", p, diff)
	}
}

func TestParsedRoundTrip(t *testing.T) {
	n, bad := 0, 0
	for p, vs := range exampleVersions(t) {
		for _, v := range vs {
			roundTrip(t, p, v)
			n++
			if semdiff.Parse(p, semdiff.Version{Data: []byte(v)}).Parts().Err != "" {
				bad++
			}
		}
	}
	if bad == 0 || bad == n {
		t.Fatalf("%d of %d versions fail to parse: the test needs both", bad, n)
	}
}

// FuzzParsedRoundTrip: whatever a file holds, its cached form decodes to
// what parsing it gives.
func FuzzParsedRoundTrip(f *testing.F) {
	for p, vs := range exampleVersions(f) {
		for _, v := range vs {
			f.Add(p, v)
		}
	}
	f.Fuzz(func(t *testing.T, p, data string) {
		if _, ok := ParsedKey([20]byte{}, kindOf(p)); !ok {
			return
		}
		roundTrip(t, p, data)
	})
}

func kindOf(p string) model.Kind {
	k, _, _ := model.ParsePath(p)
	return k
}

// FuzzDecodeParsed: bytes that are not a cached value are an error, never
// a panic or a huge allocation.
func FuzzDecodeParsed(f *testing.F) {
	for p, vs := range exampleVersions(f) {
		b, err := EncodeParsed(semdiff.Parse(p, semdiff.Version{Data: []byte(vs[0])}))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodeParsed(b)
		if err == nil {
			// What decodes encodes again to the same bytes.
			again, err := EncodeParsed(p)
			if err != nil {
				t.Fatal(err)
			}
			if q, err := DecodeParsed(again); err != nil {
				t.Fatal(err)
			} else if diff := cmp.Diff(p.Parts(), q.Parts()); diff != "" {
				t.Fatal(diff)
			}
		}
	})
}

// TestEntityRoundTrip: the cached form of a file decoded as a model
// entity decodes to what workspace.Decode gives, nil included.
func TestEntityRoundTrip(t *testing.T) {
	n, none := 0, 0
	for p, vs := range exampleVersions(t) {
		for _, v := range vs {
			want := workspace.Decode(p, []byte(v))
			b, err := EncodeEntity(want)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			got, err := DecodeEntity(b, kindOf(p))
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("%s %q (-decoded +cached):\n%s", p, v, diff)
			}
			n++
			if want == nil {
				none++
			}
		}
	}
	if none == 0 || none == n {
		t.Fatalf("%d of %d versions do not decode: the test needs both", none, n)
	}
	for _, b := range [][]byte{nil, {2}, {1}, {1, 0xff, 0xff, 0xff}} {
		if v, err := DecodeEntity(b, model.KindGoal); err == nil {
			t.Errorf("%v decodes to %v", b, v)
		}
	}
}
