package yamldoc

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type commitment struct {
	ID          string `yaml:"id"`
	Party       string `yaml:"party"`
	Owner       string `yaml:"owner"`
	Deliverable string `yaml:"deliverable,omitempty"`
	Due         string `yaml:"due"`
}

// lineChanges returns the 1-based numbers of the input lines removed and of
// the output lines added by a minimal line diff.
func lineChanges(in, out []byte) (removed, added []int) {
	a, b := SplitLines(in), SplitLines(out)
	m, ok := match(a, b)
	if !ok {
		panic("diff too large")
	}
	seen := map[int]bool{}
	for i, j := range m {
		if j < 0 {
			removed = append(removed, i+1)
		} else {
			seen[j] = true
		}
	}
	for j := range b {
		if !seen[j] {
			added = append(added, j+1)
		}
	}
	return removed, added
}

func TestGoldenEdits(t *testing.T) {
	edits := map[string]func(d *Doc) error{
		"set": func(d *Doc) error { return d.Set("done", "spec", "commitments", 0, "status") },
		"append": func(d *Doc) error {
			return d.Append(commitment{ID: "train-support", Party: "support", Owner: "lee@acme.example", Due: "2026-03-20"}, "spec", "commitments")
		},
		"append-flow": func(d *Doc) error {
			return d.Append(map[string]string{"team": "support", "owner": "lee@acme.example"}, "spec", "parties")
		},
		"delete":     func(d *Doc) error { return d.Delete("spec", "commitments", 1) },
		"delete-key": func(d *Doc) error { return d.Delete("spec", "owner") },
		"set-new":    func(d *Doc) error { return d.Set("90d", "spec", "review", "every") },
	}
	tests := []struct {
		file, edit     string
		removed, added []int
	}{
		{"agreement-indent2", "set", []int{24}, []int{24}},
		{"agreement-indent2", "append", nil, []int{34, 35, 36, 37}},
		{"agreement-indent2", "append-flow", nil, []int{14}},
		{"agreement-indent2", "delete", []int{26, 27, 28, 29, 30, 31, 32, 33, 34}, nil},
		{"agreement-indent2", "delete-key", []int{10}, nil},
		{"agreement-indent2", "set-new", nil, []int{37, 38}},
		{"agreement-indent4", "set", []int{24}, []int{24}},
		{"agreement-indent4", "append", nil, []int{34, 35, 36, 37}},
		{"agreement-indent4", "delete", []int{26, 27, 28, 29, 30, 31, 32, 33, 34}, nil},
		{"agreement-indent4", "set-new", nil, []int{37, 38}},
		{"agreement-compact", "set", []int{22}, []int{22}},
		{"agreement-compact", "append", nil, []int{30, 31, 32, 33}},
		{"agreement-compact", "append-flow", nil, []int{15}},
		{"agreement-compact", "delete", []int{24, 25, 26, 27, 28, 29, 30}, nil},
		{"agreement-compact", "set-new", nil, []int{33, 34}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.edit, func(t *testing.T) {
			in, err := os.ReadFile(filepath.Join("testdata", tt.file+".yaml"))
			if err != nil {
				t.Fatal(err)
			}
			d, l := Parse(tt.file+".yaml", in)
			if l != nil {
				t.Fatal(l)
			}
			if err := edits[tt.edit](d); err != nil {
				t.Fatal(err)
			}
			got, err := d.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", tt.file+"."+tt.edit+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), string(got)); diff != "" {
				t.Errorf("Bytes (-want +got):\n%s", diff)
			}
			removed, added := lineChanges(in, got)
			if diff := cmp.Diff(tt.removed, removed); diff != "" {
				t.Errorf("removed input lines (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.added, added); diff != "" {
				t.Errorf("added output lines (-want +got):\n%s", diff)
			}
			d2, l := Parse("again.yaml", got)
			if l != nil {
				t.Fatalf("output does not parse: %v", l)
			}
			if diff := cmp.Diff(d.JSON(), d2.JSON()); diff != "" {
				t.Errorf("output means something else than the edited tree (-edited +reparsed):\n%s", diff)
			}
		})
	}
}

func TestBytesUnchanged(t *testing.T) {
	for _, f := range []string{"agreement-indent2", "agreement-indent4", "agreement-compact"} {
		in, err := os.ReadFile(filepath.Join("testdata", f+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		d, l := Parse(f, in)
		if l != nil {
			t.Fatal(l)
		}
		got, err := d.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(in), string(got)); diff != "" {
			t.Errorf("%s: Bytes without edits changed the file (-in +out):\n%s", f, diff)
		}
	}
}

func TestDetectStyle(t *testing.T) {
	tests := []struct {
		src     string
		indent  int
		compact bool
	}{
		{"a: 1\n", 2, false},
		{"a:\n    b: 1\n", 4, false},
		{"a:\n   b: 1\n", 3, false},
		{"a:\n- x\n", 2, true},
		{"a:\n  - x\n", 2, false},
		{"a:\n    - x\n", 4, false},
		{"a: {b: {c: 1}}\nd:\n  e: 1\n", 2, false},
	}
	for _, tt := range tests {
		d, l := Parse("f", []byte(tt.src))
		if l != nil {
			t.Fatal(l)
		}
		if d.Indent != tt.indent || d.compactSeq != tt.compact {
			t.Errorf("%q: indent %d compact %v, want %d %v", tt.src, d.Indent, d.compactSeq, tt.indent, tt.compact)
		}
	}
}

func TestEditErrors(t *testing.T) {
	d, l := Parse("f.yaml", []byte("a: {b: 1}\nl: [x]\ns: text\n"))
	if l != nil {
		t.Fatal(l)
	}
	for name, err := range map[string]error{
		"delete missing key":   d.Delete("a", "zz"),
		"delete missing index": d.Delete("l", 3),
		"set index past end":   d.Set("y", "l", 5),
		"set below a scalar":   d.Set("y", "s", "k"),
		"append to a mapping":  d.Append("y", "a"),
		"empty path":           d.Set("y"),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		_ = errors.Is(err, ErrNotFound)
	}
	if err := d.Set("v", "a", "c", "d"); err != nil {
		t.Fatal(err)
	}
	if got := d.Lookup("a", "c", "d"); got == nil || got.Value != "v" {
		t.Errorf("Set did not create nested mappings: %v", got)
	}
}
