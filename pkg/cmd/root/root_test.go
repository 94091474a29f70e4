package root

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

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
		{[]string{"--version"}, ExitOK, ""},
		{[]string{"version", "-o", "csv"}, ExitUsage, "invalid output format"},
		{[]string{"schema", "agreement"}, ExitOK, ""},
		{[]string{"nope"}, ExitUsage, "unknown command"},
		{[]string{"validate", "--bogus"}, ExitUsage, "unknown flag: --bogus"},
		{[]string{"validate", "--format", "yaml"}, ExitUsage, "invalid format"},
		{[]string{"schema", "widget"}, ExitUsage, "unknown kind"},
		{[]string{"team", "add"}, ExitUsage, "accepts 1 arg"},
		{[]string{"team", "add", "a", "b"}, ExitUsage, "accepts 1 arg(s), received 2"},
		{[]string{"team", "add", "sales"}, ExitUsage, "required flag(s) --title, --lead not set"},
		{[]string{"nope", "--bogus"}, ExitUsage, `unknown command "nope" for "collab"`},
		{[]string{"valdate"}, ExitUsage, "Did you mean this?\n\tvalidate"},
		{[]string{"goal", "lst"}, ExitUsage, "Did you mean this?\n\tlist"},
		{[]string{"team", "nope"}, ExitUsage, `unknown command "nope" for "collab team"`},
		{[]string{"goal", "show"}, ExitUsage, "accepts 1 arg"},
		{[]string{"completion", "bash", "extra"}, ExitUsage, `unknown command "extra" for "collab completion bash"`},
		{[]string{"validate", "--as-of"}, ExitUsage, "flag needs an argument"},
		{[]string{"goal", "list", "-o", "csv"}, ExitUsage, "csv"},
		{[]string{"team", "add", "Bad_Id", "--title", "x", "--lead", "a@b.example"}, ExitUsage, "invalid id"},
		{[]string{"--as-of", "2026-02-30", "validate"}, ExitUsage, "invalid date"},
		{[]string{"-C", dir, "validate"}, ExitError, "not a collab workspace"},
		{[]string{"-C", dir, "team", "list"}, ExitError, "run `collab init`"},
		{[]string{"-C", dir, "goal", "show", "nope"}, ExitError, "not a collab workspace"},
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

// TestNoCobraRequiredFlags: cobra reports a missing MarkFlagRequired flag with
// an untyped error, which would exit 1; required flags go through
// cmdutil.RequireFlags, which asks on a terminal and is a usage error otherwise.
func TestNoCobraRequiredFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Flags().VisitAll(func(fl *pflag.Flag) {
			if _, ok := fl.Annotations[cobra.BashCompOneRequiredFlag]; ok {
				t.Errorf("%s --%s is marked required with cobra; use cmdutil.RequireFlags", c.CommandPath(), fl.Name)
			}
		})
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRoot(cmdutil.New(ios)))
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
