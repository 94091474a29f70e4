package root

import (
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func TestExitCodes(t *testing.T) {
	dir := t.TempDir() // no workspace here
	tests := []struct {
		args    []string
		code    int
		wantErr string
	}{
		{[]string{"version"}, ExitOK, ""},
		{[]string{"schema", "agreement"}, ExitOK, ""},
		{[]string{"nope"}, ExitUsage, "unknown command"},
		{[]string{"validate", "--bogus"}, ExitUsage, "unknown flag: --bogus"},
		{[]string{"validate", "--format", "yaml"}, ExitUsage, "invalid format"},
		{[]string{"schema", "widget"}, ExitUsage, "unknown kind"},
		{[]string{"team", "add"}, ExitUsage, "accepts 1 arg"},
		{[]string{"team", "add", "Bad_Id", "--title", "x", "--lead", "a@b.example"}, ExitUsage, "invalid id"},
		{[]string{"--as-of", "2026-02-30", "validate"}, ExitUsage, "invalid date"},
		{[]string{"-C", dir, "validate"}, ExitError, "not a collab workspace"},
		{[]string{"-C", dir, "team", "list"}, ExitError, "run `collab init`"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ios, _, _, stderr := iostreams.Test()
			f := cmdutil.New(ios)
			if got := Main(f, tt.args); got != tt.code {
				t.Errorf("exit code = %d, want %d; stderr: %s", got, tt.code, stderr)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q does not contain %q", stderr, tt.wantErr)
			}
		})
	}
}

func TestCompletionScripts(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		ios, _, stdout, stderr := iostreams.Test()
		if code := Main(cmdutil.New(ios), []string{"completion", shell}); code != ExitOK {
			t.Fatalf("completion %s: exit %d: %s", shell, code, stderr)
		}
		if !strings.Contains(stdout.String(), "collab") {
			t.Errorf("completion %s does not mention collab", shell)
		}
	}
}
