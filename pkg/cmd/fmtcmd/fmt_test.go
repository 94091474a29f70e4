package fmtcmd

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// scramble moves the metadata of agreements/launch.yaml after spec, with a
// comment above it, and returns the file's path.
func scramble(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "agreements", "launch.yaml")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	orig := string(b)
	meta := "metadata:\n  id: launch\n  title: Feature X launch plan\n"
	if !strings.Contains(orig, meta) {
		t.Fatalf("fixture changed: no %q", meta)
	}
	scrambled := strings.Replace(orig, meta, "", 1) + "# the plan of record\n" + meta
	if err := os.WriteFile(path, []byte(scrambled), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestFmtRewrites(t *testing.T) {
	dir := cmdtest.Workspace(t)
	path := scramble(t, dir)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdFmt(ct.F, nil)); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	if d := cmp.Diff("agreements/launch.yaml\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "apiVersion: collab/v1\nkind: Agreement\n# the plan of record\nmetadata:\n  id: launch\n") {
		t.Errorf("metadata not back in place, or its comment lost:\n%s", got)
	}
	// Formatting is idempotent: a second run changes nothing.
	ct.Out.Reset()
	if err := ct.Run(NewCmdFmt(ct.F, nil), "--check"); err != nil || ct.Out.Len() != 0 {
		t.Errorf("second run: error %v, listed %q", err, ct.Out)
	}
}

func TestFmtCheckWritesNothing(t *testing.T) {
	dir := cmdtest.Workspace(t)
	path := scramble(t, dir)
	before, _ := os.ReadFile(path)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdFmt(ct.F, nil), "--check"); !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	if d := cmp.Diff("agreements/launch.yaml\n", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	after, _ := os.ReadFile(path)
	if d := cmp.Diff(string(before), string(after)); d != "" {
		t.Errorf("--check wrote the file (-before +after):\n%s", d)
	}
}

func TestFmtRefusesPaths(t *testing.T) {
	dir := cmdtest.Workspace(t)
	tests := []struct{ path, want string }{
		{filepath.Join(dir, "..", "elsewhere.yaml"), "is outside the workspace"},
		{filepath.Join(dir, "README.md"), "is not an entity file of the workspace"},
	}
	for _, tt := range tests {
		ct := cmdtest.New(dir)
		err := ct.Run(NewCmdFmt(ct.F, nil), tt.path)
		var fe *cmdutil.FlagError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("fmt %s: error = %v, want a usage error containing %q", tt.path, err, tt.want)
		}
	}
}
