// Package cmdtest helps test commands through the factory: a small
// workspace in a temporary folder, a factory with test streams, a fixed
// clock and identity, and options compared without their dependencies.
package cmdtest

import (
	"bytes"
	"embed"
	"io/fs"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// IgnoreDeps makes cmp.Diff skip what an options struct copies from the
// factory: the streams and the function fields (workspace, clock, identity,
// write path), which cmp cannot compare.
var IgnoreDeps = cmp.FilterPath(func(p cmp.Path) bool {
	t := p.Last().Type()
	return t != nil && (t.Kind() == reflect.Func || t == reflect.TypeFor[*iostreams.IOStreams]())
}, cmp.Ignore())

//go:embed testdata/ws
var ws embed.FS

// Workspace copies a small valid workspace into a new temporary folder and
// returns it: collab.yaml, teams product and sales, goal adoption (active,
// one check-in on 2026-03-01) and agreement launch (a complete draft).
func Workspace(t testing.TB) string {
	t.Helper()
	sub, err := fs.Sub(ws, "testdata/ws")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, sub); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Today is the date the test clock stands at.
const Today = "2026-03-10"

// Test is a factory for one command test with its output buffers.
type Test struct {
	F           *cmdutil.Factory
	Out, ErrOut *bytes.Buffer
}

// New returns a factory working in dir (-C) whose clock stands at noon on
// Today and whose git identity is Priya of team product; writes are not
// committed (--no-commit), so dir needs no repository.
func New(dir string) *Test {
	ios, _, out, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	f.Dir, f.NoCommit = dir, true
	f.Now = func() time.Time { return time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) }
	f.Identity = func() (gitstore.Signature, error) {
		return gitstore.Signature{Name: "Priya Natarajan", Email: "priya@acme.example"}, nil
	}
	return &Test{F: f, Out: out, ErrOut: errOut}
}

// Run executes cmd with args, as the root command would, without printing
// errors or usage.
func (tt *Test) Run(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(tt.Out)
	cmd.SetErr(tt.ErrOut)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	return cmd.Execute()
}

// ReadFile returns the content of file, failing the test when it cannot be read.
func ReadFile(t testing.TB, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
