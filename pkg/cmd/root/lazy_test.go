package root

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// The table of commands names each command as it names itself, and every
// command of the tree is in it.
func TestCommandNames(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	var listed []string
	for _, c := range commands {
		cmd := c.build(f)
		if got := append([]string{cmd.Name()}, cmd.Aliases...); !slices.Equal(got, c.names) {
			t.Errorf("command names %v; the table says %v", got, c.names)
		}
		if cmd.GroupID != "" {
			t.Errorf("%s sets its own group %q; the table sets groups", cmd.Name(), cmd.GroupID)
		}
		listed = append(listed, c.names[0])
	}
	var tree []string
	for _, c := range NewCmdRoot(f).Commands() {
		if c.Name() != "completion" && c.Name() != "help" {
			tree = append(tree, c.Name())
		}
	}
	slices.Sort(listed)
	if diff := cmp.Diff(listed, tree); diff != "" {
		t.Errorf("commands of the tree (-table +tree):\n%s", diff)
	}
}

func TestFirstCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"version"}, "version"},
		{[]string{"-C", "ws", "goal", "checkin", "g1"}, "goal"},
		{[]string{"--dir", "ws", "--as-of", "2026-01-01", "agreement", "list"}, "agreement"},
		{[]string{"--dir=ws", "-mnote", "--no-commit", "--no-color", "team", "ls"}, "team"},
		{[]string{"-Cws", "validate"}, "validate"},
		{[]string{"-m", "goal", "team"}, "team"},
		{[]string{"goal", "--help"}, "goal"},
		{[]string{}, ""},
		{[]string{"--help"}, ""},
		{[]string{"--version"}, ""},
		{[]string{"help", "goal"}, ""},
		{[]string{"completion", "bash"}, ""},
		{[]string{"__complete", "go"}, ""},
		{[]string{"docs", "man", "dir"}, ""},
		{[]string{"--strict", "validate"}, ""},
		{[]string{"gaol"}, ""},
		{[]string{"--", "goal"}, ""},
	} {
		if got := firstCommand(tc.args); got != tc.want {
			t.Errorf("firstCommand(%q) = %q; want %q", tc.args, got, tc.want)
		}
	}
}

// A command built alone parses, runs and fails as it does in the whole tree.
func TestCommandBuiltAlone(t *testing.T) {
	for _, args := range [][]string{
		{"version"},
		{"goal", "nosuch"},
		{"goal", "list", "--nosuch"},
		{"agreement", "show"},
		{"-C", t.TempDir(), "validate"},
		{"schema", "goal"},
		{"goal", "--help"},
	} {
		run := func(only string) (int, string, string) {
			ios, _, out, errOut := iostreams.Test()
			f := cmdutil.New(ios)
			cmd := newCmdRoot(f, only)
			cmd.SetArgs(args)
			err := cmd.Execute()
			code := 0
			if err != nil {
				code = 1
				errOut.WriteString(err.Error())
			}
			return code, out.String(), errOut.String()
		}
		wantCode, wantOut, wantErr := run("")
		gotCode, gotOut, gotErr := run(firstCommand(args))
		if gotCode != wantCode || gotOut != wantOut || gotErr != wantErr {
			t.Errorf("%q built alone: exit %d, out %q, err %q; in the whole tree: exit %d, out %q, err %q", args, gotCode, gotOut, gotErr, wantCode, wantOut, wantErr)
		}
	}
}

// firstCommand knows every flag of the root, so that a root flag added
// later, and its value, is not mistaken for a command.
func TestFirstCommandKnowsRootFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	root := NewCmdRoot(cmdutil.New(ios))
	root.PersistentFlags().VisitAll(func(fl *pflag.Flag) {
		value := []string{}
		if fl.Value.Type() != "bool" {
			value = []string{"goal"}
		}
		forms := [][]string{append([]string{"--" + fl.Name}, value...)}
		if fl.Shorthand != "" {
			forms = append(forms, append([]string{"-" + fl.Shorthand}, value...))
		}
		for _, form := range forms {
			args := append(form, "version")
			if got := firstCommand(args); got != "version" {
				t.Errorf("firstCommand(%q) = %q; want version", args, got)
			}
		}
	})
}
