//go:build unix

package safefile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDirReadFile(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	mk := func(rel, content string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	mk("teams/a.yaml", "kind: Team\n")
	mk("teams/big.yaml", "0123456789")
	mk("teams/empty.yaml", "")
	mk("secret", "top")
	if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"teams/in.yaml":   "a.yaml",                          // inside the folder
		"teams/up.yaml":   "../secret",                       // inside the root
		"teams/out.yaml":  filepath.Join(outside, "secret"),  // outside the root
		"teams/gone.yaml": filepath.Join(outside, "nothing"), // dangling
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "teams/sub.yaml"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "teams/fifo.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	d, err := OpenDir(root, "teams")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	names, err := d.Names()
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"a.yaml", "big.yaml", "empty.yaml", "fifo.yaml", "gone.yaml", "in.yaml", "out.yaml", "sub.yaml", "up.yaml"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("Names diff (-want +got):\n%s", diff)
	}

	for _, tt := range []struct {
		name, data string
		max        int64
		err        string // the error's text; "" for success
		is         error  // an error it must wrap, if any
	}{
		{name: "a.yaml", data: "kind: Team\n", max: 100},
		{name: "empty.yaml", data: "", max: 100},
		{name: "big.yaml", data: "0123456789", max: 10},
		{name: "big.yaml", data: "0123456789"},
		{name: "big.yaml", max: 9, err: "teams/big.yaml: file is 10 bytes, over the 9 byte limit"},
		{name: "in.yaml", err: "teams/in.yaml: is a symbolic link, which collab does not follow; replace it with a regular file", is: ErrSymlink},
		{name: "up.yaml", err: "teams/up.yaml: is a symbolic link, which collab does not follow; replace it with a regular file", is: ErrSymlink},
		{name: "out.yaml", err: "teams/out.yaml: is a symbolic link, which collab does not follow; replace it with a regular file", is: ErrSymlink},
		{name: "gone.yaml", err: "teams/gone.yaml: is a symbolic link, which collab does not follow; replace it with a regular file", is: ErrSymlink},
		{name: "sub.yaml", err: "teams/sub.yaml: not a regular file"},
		{name: "fifo.yaml", err: "teams/fifo.yaml: not a regular file"},
		{name: "missing.yaml", err: "open teams/missing.yaml: no such file or directory", is: fs.ErrNotExist},
		{name: "..", err: "open teams/..: invalid argument", is: fs.ErrInvalid},
		{name: "../secret", err: "open teams/../secret: invalid argument", is: fs.ErrInvalid},
		{name: "", err: "open teams/: invalid argument", is: fs.ErrInvalid},
	} {
		got, err := d.ReadFile(tt.name, tt.max)
		if tt.err == "" {
			if err != nil || string(got) != tt.data {
				t.Errorf("ReadFile(%q, %d) = %q, %v; want %q", tt.name, tt.max, got, err, tt.data)
			}
			continue
		}
		if err == nil || err.Error() != tt.err || got != nil {
			t.Errorf("ReadFile(%q, %d) = %q, %v; want error %q", tt.name, tt.max, got, err, tt.err)
		}
		if tt.is != nil && !errors.Is(err, tt.is) {
			t.Errorf("ReadFile(%q): %v does not wrap %v", tt.name, err, tt.is)
		}
	}
	var size *SizeError
	if _, err := d.ReadFile("big.yaml", 5); !errors.As(err, &size) || size.Size != 10 || size.Max != 5 {
		t.Errorf("over the limit: %v, want a *SizeError of 10 over 5", err)
	}
}

func TestOpenDirStaysInRoot(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "x.yaml"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "teams")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if d, err := OpenDir(root, "teams"); err == nil {
		d.Close()
		t.Error("OpenDir through a symlink leading outside the root succeeded")
	}
	if d, err := OpenDir(root, "../"+filepath.Base(outside)); err == nil {
		d.Close()
		t.Error("OpenDir of a path outside the root succeeded")
	}
	d, err := OpenDir(root, ".")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := d.Path("collab.yaml"); got != "collab.yaml" {
		t.Errorf("Path in the root = %q, want collab.yaml", got)
	}
}
