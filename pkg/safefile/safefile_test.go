package safefile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := WriteFile(root, "teams/sales.yaml", []byte("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(dir, "teams/sales.yaml"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(root, "teams/sales.yaml", []byte("b\n")); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(root, "teams/sales.yaml", 10)
	if err != nil || string(got) != "b\n" {
		t.Fatalf("ReadFile = %q, %v", got, err)
	}
	fi, _ := os.Stat(filepath.Join(dir, "teams/sales.yaml"))
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want the file's own 0600 kept", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "teams"))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
	if _, err := ReadFile(root, "teams/sales.yaml", 1); err == nil {
		t.Error("ReadFile over the limit succeeded")
	}
}

func TestRefusesSymlinks(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	secret := filepath.Join(outside, "secret")
	if err := os.WriteFile(secret, []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := WriteFile(root, "link.yaml", []byte("x")); !errors.Is(err, ErrSymlink) {
		t.Errorf("write through a symlinked file: %v, want ErrSymlink", err)
	}
	if _, err := ReadFile(root, "link.yaml", 0); !errors.Is(err, ErrSymlink) {
		t.Errorf("read through a symlinked file: %v, want ErrSymlink", err)
	}
	if err := WriteFile(root, "out/escape.yaml", []byte("x")); err == nil {
		t.Error("write through a symlinked folder escaped the root")
	}
	if b, _ := os.ReadFile(secret); string(b) != "keep" {
		t.Errorf("file outside the root changed: %q", b)
	}
	if _, err := os.Stat(filepath.Join(outside, "escape.yaml")); err == nil {
		t.Error("a file was created outside the root")
	}
}
