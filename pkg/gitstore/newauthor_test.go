package gitstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestNewAuthor: the author of a commit in a repository not made yet comes
// from the environment and the global config, and its absence is
// ErrNoIdentity, with git installed or not.
func TestNewAuthor(t *testing.T) {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(home, ".gitconfig"))
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tuseConfigOnly = true\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := NewAuthor(dir); !errors.Is(err, ErrNoIdentity) {
		t.Errorf("no identity: err = %v, want ErrNoIdentity", err)
	}
	if err := os.WriteFile(filepath.Join(home, ".gitconfig"), []byte("[user]\n\tname = Pat Morgan\n\temail = pat@acme.example\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := NewAuthor(dir)
	if err != nil || s.Name != "Pat Morgan" || s.Email != "pat@acme.example" {
		t.Errorf("global config: %+v, %v", s, err)
	}
	t.Setenv("GIT_AUTHOR_NAME", "Sam Ortiz")
	t.Setenv("GIT_AUTHOR_EMAIL", "sam@acme.example")
	s, err = NewAuthor(dir)
	if err != nil || s.Name != "Sam Ortiz" || s.Email != "sam@acme.example" {
		t.Errorf("environment: %+v, %v", s, err)
	}
}
