package hook

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/merge"
)

// repo returns the test workspace in a new git repository, and its hooks folder.
func repo(t *testing.T) (dir, hooks string) {
	t.Helper()
	// No core.hooksPath or driver from the user's own git config.
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	dir = cmdtest.Workspace(t)
	r, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	return dir, filepath.Join(dir, ".git", "hooks")
}

func attributes() string {
	return strings.Join(merge.Attributes(""), "\n") + "\n"
}

// TestInstall writes the hook, the driver config and .gitattributes; then
// --check finds everything installed and a second install changes nothing.
func TestInstall(t *testing.T) {
	dir, hooks := repo(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdInstall(ct.F, nil)); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	hook := filepath.Join(hooks, "pre-commit")
	want := "set merge.collab.name in the repository config\n" +
		"set merge.collab.driver in the repository config\n" +
		"added " + strconv.Itoa(len(merge.Attributes(""))) + " merge=collab line(s) to .gitattributes: commit it so that every clone merges collab files by meaning\n" +
		"installed pre-commit hook: " + hook + "\n"
	if d := cmp.Diff(want, ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff(string(Script(".")), cmdtest.ReadFile(t, hook)); d != "" {
		t.Errorf("pre-commit (-want +got):\n%s", d)
	}
	if fi, err := os.Stat(hook); err != nil || fi.Mode().Perm()&0o100 == 0 {
		t.Errorf("pre-commit is not executable: %v %v", fi, err)
	}
	if d := cmp.Diff(attributes(), cmdtest.ReadFile(t, filepath.Join(dir, ".gitattributes"))); d != "" {
		t.Errorf(".gitattributes (-want +got):\n%s", d)
	}
	r, err := gitstore.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, kv := range [][2]string{{"merge.collab.name", merge.DriverName}, {"merge.collab.driver", merge.DriverCommand}} {
		if v, err := r.Config(kv[0]); err != nil || v != kv[1] {
			t.Errorf("git config %s = %q, %v; want %q", kv[0], v, err, kv[1])
		}
	}

	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdInstall(ct.F, nil), "--check"); err != nil {
		t.Fatalf("--check after install: %v\n%s", err, ct.Out)
	}
	if d := cmp.Diff("pre-commit hook and merge driver installed\n", ct.Out.String()); d != "" {
		t.Errorf("--check stdout (-want +got):\n%s", d)
	}
	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdInstall(ct.F, nil)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff("pre-commit hook already installed: "+hook+"\n", ct.Out.String()); d != "" {
		t.Errorf("second install stdout (-want +got):\n%s", d)
	}
}

// TestInstallRefusesForeignHook: a pre-commit hook collab did not write is
// kept unless --force, which keeps it as pre-commit.bak.
func TestInstallRefusesForeignHook(t *testing.T) {
	dir, hooks := repo(t)
	hook := filepath.Join(hooks, "pre-commit")
	if err := os.MkdirAll(hooks, 0o755); err != nil {
		t.Fatal(err)
	}
	const mine = "#!/bin/sh\nmake lint\n"
	if err := os.WriteFile(hook, []byte(mine), 0o755); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdInstall(ct.F, nil))
	want := hook + " already exists and is not collab's: run `collab hook install --force` to replace it (it is kept as pre-commit.bak), or call `collab validate` from it yourself"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if d := cmp.Diff(mine, cmdtest.ReadFile(t, hook)); d != "" {
		t.Errorf("refused install changed the hook (-want +got):\n%s", d)
	}
	if _, err := os.Stat(filepath.Join(dir, ".gitattributes")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("refused install wrote .gitattributes (stat: %v)", err)
	}

	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdInstall(ct.F, nil), "--force"); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(mine, cmdtest.ReadFile(t, hook+".bak")); d != "" {
		t.Errorf("pre-commit.bak (-want +got):\n%s", d)
	}
	if d := cmp.Diff(string(Script(".")), cmdtest.ReadFile(t, hook)); d != "" {
		t.Errorf("pre-commit after --force (-want +got):\n%s", d)
	}
}

// TestCheckWritesNothing: in a fresh repository --check lists what is
// missing, exits 1 and writes nothing.
func TestCheckWritesNothing(t *testing.T) {
	dir, hooks := repo(t)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdInstall(ct.F, nil), "--check")
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	want := []string{
		"missing: the pre-commit hook " + filepath.Join(hooks, "pre-commit"),
		`missing: git config merge.collab.name "` + merge.DriverName + `"`,
		`missing: git config merge.collab.driver "` + merge.DriverCommand + `"`,
	}
	for _, l := range merge.Attributes("") {
		want = append(want, `missing: .gitattributes line "`+l+`"`)
	}
	if d := cmp.Diff(strings.Join(want, "\n")+"\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff("run collab hook install to install them\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	for _, p := range []string{filepath.Join(hooks, "pre-commit"), filepath.Join(dir, ".gitattributes")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("--check wrote %s: %v", p, err)
		}
	}
}
