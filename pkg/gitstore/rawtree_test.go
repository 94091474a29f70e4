package gitstore

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/google/go-cmp/cmp"
)

// TestRawTreeAsGit parses trees git wrote, where a folder sorts as if its
// name ended in "/" (a-b, a.c and a/ around a folder a), finds every name,
// and encodes them back to git's bytes.
func TestRawTreeAsGit(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"a-b": "1\n", "a.c": "2\n", "a/x": "3\n", "a0": "4\n", "ab/y": "5\n", "b": "6\n"})
	r := open(t, dir)
	h := plumbing.NewHash(strings.TrimSpace(run(t, dir, "rev-parse", "HEAD^{tree}")))
	raw, err := r.ReadObject(plumbing.TreeObject, h, nil)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := parseTree(raw)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range tr {
		got = append(got, e.Mode.String()+" "+e.Hash.String()+" "+e.Name)
	}
	cmd := exec.Command("git", "ls-tree", "HEAD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range lines(string(out)) {
		mode, rest, _ := strings.Cut(l, " ")
		_, rest, _ = strings.Cut(rest, " ")
		hash, name, _ := strings.Cut(rest, "\t")
		want = append(want, strings.TrimLeft(mode, "0")+" "+hash+" "+name)
	}
	for i := range got {
		got[i] = strings.Replace(got[i], "0040000 ", "40000 ", 1)
		got[i] = strings.TrimLeft(got[i], "0")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entries (-git +parsed):\n%s", diff)
	}
	for i, e := range tr {
		if j, ok := tr.find(e.Name); !ok || j != i {
			t.Errorf("find(%q) = %d, %v; want %d", e.Name, j, ok, i)
		}
	}
	for _, name := range []string{"a/", "a1", "", "c", "a-"} {
		if _, ok := tr.find(name); ok {
			t.Errorf("find(%q) found it", name)
		}
	}
	if string(tr.encode()) != string(raw) {
		t.Errorf("encode differs from git's tree")
	}
}
