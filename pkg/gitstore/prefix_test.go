package gitstore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPrefix(t *testing.T) {
	dir := t.TempDir()
	r, err := Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sub := filepath.Join(dir, "docs", "collab")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(sub, link); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range []string{dir, sub, link} {
		p, err := r.Prefix(d)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if diff := cmp.Diff([]string{"", "docs/collab/", "docs/collab/"}, got); diff != "" {
		t.Error(diff)
	}
	if _, err := r.Prefix(t.TempDir()); err == nil {
		t.Error("a folder outside the work tree has a prefix")
	}
}
