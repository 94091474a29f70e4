// Package root assembles the collab command tree and is the one place where
// errors become exit codes.
package root

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmd/agree"
	"github.com/collab-tools/collab/pkg/cmd/calendarcmd"
	"github.com/collab-tools/collab/pkg/cmd/codeowners"
	"github.com/collab-tools/collab/pkg/cmd/docscmd"
	"github.com/collab-tools/collab/pkg/cmd/exportcmd"
	"github.com/collab-tools/collab/pkg/cmd/fmtcmd"
	"github.com/collab-tools/collab/pkg/cmd/goal"
	"github.com/collab-tools/collab/pkg/cmd/history"
	"github.com/collab-tools/collab/pkg/cmd/hook"
	"github.com/collab-tools/collab/pkg/cmd/initcmd"
	"github.com/collab-tools/collab/pkg/cmd/mapcmd"
	"github.com/collab-tools/collab/pkg/cmd/mergefile"
	reportcmd "github.com/collab-tools/collab/pkg/cmd/report"
	"github.com/collab-tools/collab/pkg/cmd/resolve"
	"github.com/collab-tools/collab/pkg/cmd/schemacmd"
	statuscmd "github.com/collab-tools/collab/pkg/cmd/status"
	"github.com/collab-tools/collab/pkg/cmd/team"
	validatecmd "github.com/collab-tools/collab/pkg/cmd/validate"
	"github.com/collab-tools/collab/pkg/cmd/verifycmd"
	"github.com/collab-tools/collab/pkg/cmd/version"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/safefile"
)

// Exit codes CI can trust.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command { return newCmdRoot(f, "") }

// topCommand is a command below the root: the names it answers to (its
// name, then its aliases), its group in the help, and how to build it.
type topCommand struct {
	names []string
	group string
	build func(*cmdutil.Factory) *cobra.Command
}

// commands are the commands below the root, in the order of the help.
// TestCommandNames checks the names against the commands built.
var commands = []topCommand{
	{[]string{"status"}, "entities", func(f *cmdutil.Factory) *cobra.Command { return statuscmd.NewCmdStatus(f, nil) }},
	{[]string{"report"}, "entities", func(f *cmdutil.Factory) *cobra.Command { return reportcmd.NewCmdReport(f, nil) }},
	{[]string{"team"}, "entities", team.NewCmdTeam},
	{[]string{"goal"}, "entities", goal.NewCmdGoal},
	{[]string{"agree", "agreement"}, "entities", agree.NewCmdAgree},
	{[]string{"map"}, "entities", mapcmd.NewCmdMap},
	{[]string{"validate"}, "checks", func(f *cmdutil.Factory) *cobra.Command { return validatecmd.NewCmdValidate(f, nil) }},
	{[]string{"verify"}, "checks", func(f *cmdutil.Factory) *cobra.Command { return verifycmd.NewCmdVerify(f, nil) }},
	{[]string{"fmt"}, "checks", func(f *cmdutil.Factory) *cobra.Command { return fmtcmd.NewCmdFmt(f, nil) }},
	{[]string{"schema"}, "checks", schemacmd.NewCmdSchema},
	{[]string{"init"}, "", func(f *cmdutil.Factory) *cobra.Command { return initcmd.NewCmdInit(f, nil) }},
	{[]string{"version"}, "", func(f *cmdutil.Factory) *cobra.Command { return version.NewCmdVersion(f, nil) }},
	// docs walks the whole tree: it is never built alone (see firstCommand).
	{[]string{"docs"}, "", docscmd.NewCmdDocs},
	{[]string{"log"}, "review", func(f *cmdutil.Factory) *cobra.Command { return history.NewCmdLog(f, nil) }},
	{[]string{"show"}, "review", func(f *cmdutil.Factory) *cobra.Command { return history.NewCmdShow(f, nil) }},
	{[]string{"diff"}, "review", func(f *cmdutil.Factory) *cobra.Command { return history.NewCmdDiff(f, nil) }},
	{[]string{"codeowners"}, "review", func(f *cmdutil.Factory) *cobra.Command { return codeowners.NewCmdCodeowners(f, nil) }},
	{[]string{"hook"}, "review", hook.NewCmdHook},
	{[]string{"merge-file"}, "review", func(f *cmdutil.Factory) *cobra.Command { return mergefile.NewCmdMergeFile(f, nil) }},
	{[]string{"resolve"}, "review", func(f *cmdutil.Factory) *cobra.Command { return resolve.NewCmdResolve(f, nil) }},
	{[]string{"calendar"}, "entities", func(f *cmdutil.Factory) *cobra.Command { return calendarcmd.NewCmdCalendar(f, nil) }},
	{[]string{"export"}, "entities", func(f *cmdutil.Factory) *cobra.Command { return exportcmd.NewCmdExport(f, nil) }},
}

// firstCommand returns the command below the root that args name when it
// can be built alone: building the whole tree (about 1,400 allocations) was
// a tenth of the start-up of every command. "" means the whole tree: no
// command named, or help, completion, docs, or a flag before the command
// that is not one of the root's.
func firstCommand(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" || a == "--dir" || a == "-m" || a == "--message" || a == "--as-of":
			i++ // the flag's value
		case strings.HasPrefix(a, "--dir=") || strings.HasPrefix(a, "--message=") || strings.HasPrefix(a, "--as-of=") ||
			(len(a) > 2 && (strings.HasPrefix(a, "-C") || strings.HasPrefix(a, "-m")) && !strings.HasPrefix(a, "--")):
		case a == "--no-commit" || a == "--no-color":
		case strings.HasPrefix(a, "-"):
			return "" // --help, --version, --, or a flag the root does not have
		default:
			if a == "docs" {
				return ""
			}
			for _, c := range commands {
				if slices.Contains(c.names, a) {
					return a
				}
			}
			return ""
		}
	}
	return ""
}

// newCmdRoot builds the root with every command below it, or with only the
// one named only.
func newCmdRoot(f *cmdutil.Factory, only string) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "collab <command> [flags]",
		Short: "Keep cross-department goals and agreements honest, in Git",
		Long: `collab keeps goals, agreements and stakeholder maps as YAML files in a Git
repository. Every change is a reviewable commit; CI runs "collab validate" so
a broken, incomplete or unaccepted agreement never lands.

Commits are made as your git identity, as git var GIT_AUTHOR_IDENT gives it
(GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else git config user.name/user.email).
git config collab.hooks warn|skip|refuse says what to do about commit hooks,
which collab does not run. Other environment: VISUAL or EDITOR for the
edit commands, NO_COLOR (not empty) to turn colour off, CLICOLOR_FORCE=1 to
keep it when output is not a terminal, COLLAB_NO_CACHE=1 to parse every file
instead of using the load cache.

Exit codes: 0 success, 1 failure or validation errors, 2 usage error.`,
		Example: `  collab init acme --name "ACME Corp"
  collab team add sales --title Sales --lead maria@acme.example
  collab validate --format github`,
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRun: func(cmd *cobra.Command, args []string) {
			if f.NoColor {
				f.IO.SetColor(false)
				f.IO.SetErrColor(false)
			}
		},
	}
	if only == "" {
		// Only the root's own --version prints it: a command named alone
		// never reads it, and the build information takes parsing.
		cmd.Version = version.Of(f).String()
	}
	cmd.SetVersionTemplate("{{.Version}}\n")
	cmd.SetOut(f.IO.Out)
	cmd.SetErr(f.IO.ErrOut)
	cmd.SetIn(f.IO.In)
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		//lint:ignore ST1005 the message ends with a sentence pointing to the command's help
		return &cmdutil.FlagError{Err: fmt.Errorf("%w\nSee '%s --help'.", err, c.CommandPath())}
	})

	pf := cmd.PersistentFlags()
	pf.StringVarP(&f.Dir, "dir", "C", "", "run as if collab was started in `DIR`")
	pf.BoolVar(&f.NoCommit, "no-commit", false, "write files but leave committing to you")
	pf.StringVarP(&f.Message, "message", "m", "", "text appended to the commit message body")
	pf.StringVar(&f.AsOfFlag, "as-of", "", "treat `DATE` (YYYY-MM-DD) as today for date-dependent figures")
	pf.BoolVar(&f.NoColor, "no-color", false, "disable colour output (also NO_COLOR)")
	_ = cmd.MarkPersistentFlagDirname("dir")

	cmd.AddGroup(&cobra.Group{ID: "entities", Title: "Teams, goals, agreements and maps:"},
		&cobra.Group{ID: "review", Title: "History and review:"},
		&cobra.Group{ID: "checks", Title: "Checks and formatting:"})
	for _, c := range commands {
		if only != "" && !slices.Contains(c.names, only) {
			continue
		}
		sub := c.build(f)
		sub.GroupID = c.group
		cmd.AddCommand(sub)
	}
	if only != "" {
		// completion is never built alone (firstCommand): skip making it.
		cmd.CompletionOptions.DisableDefaultCmd = true
	}
	cmd.InitDefaultCompletionCmd() // now, so that its argument checks are wrapped too
	wrapArgErrors(cmd)
	return cmd
}

// wrapArgErrors makes the positional-argument check of c and of every command
// below it fail with a *cmdutil.FlagError, so that a wrong number of
// arguments is a usage error like a bad flag.
//
// A command that only groups others (collab goal) gets the check cobra
// makes only for the root: an argument that names none of its commands is
// refused with the nearest names, instead of printing the help and exiting 0.
func wrapArgErrors(c *cobra.Command) {
	if c.HasParent() && c.HasSubCommands() && !c.Runnable() {
		c.Args = unknownSubcommand
		c.RunE = func(cmd *cobra.Command, args []string) error { return cmd.Help() }
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return &cmdutil.FlagError{Err: err}
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgErrors(sub)
	}
}

// unknownSubcommand refuses any argument of a command that only groups
// others, with cobra's wording and suggestions for an unknown command.
func unknownSubcommand(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
	cmd.SuggestionsMinimumDistance = 2
	if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(s, "\n\t") + "\n"
	}
	return errors.New(msg)
}

// Main runs collab with args and returns the exit code.
//
// SIGINT (Ctrl-C) and SIGTERM stop collab as they stop git: once collab
// holds a lock or temp file, the context the command runs with is
// cancelled, the lock files collab holds and the temp files of writes under
// way are removed (after a commit's last steps, if one is being made: see
// gitstore.Tx.Commit), and the process exits with 128 plus the signal
// number, as a shell reports it; before, the signal stops it at once. Main
// gives the two signals back to their default action before it returns.
func Main(f *cmdutil.Factory, args []string) int { return run(f, args, true) }

// Run is Main for a process that exits with the code Run returns, at once
// (cmd/collab): SIGINT and SIGTERM, when the command caught them, stay
// caught until the process ends. Giving them back (signal.Stop) takes a round trip to
// the runtime's signal thread per signal, with the thread switches each
// costs: a tenth of the CPU time of `collab version`, spent for a process
// about to end.
func Run(f *cmdutil.Factory, args []string) int { return run(f, args, false) }

func run(f *cmdutil.Factory, args []string, release bool) int {
	ctx, stop := onSignal(f.IO.ErrOut)
	defer stop(release)
	f.Context = ctx
	cmd := newCmdRoot(f, firstCommand(args))
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(ctx)
	if err == nil {
		if f.Unreadable() {
			return ExitError // the output left out files it reported
		}
		return ExitOK
	}
	if errors.Is(err, cmdutil.ErrSilent) {
		return ExitError
	}
	fmt.Fprintln(f.IO.ErrOut, "error:", err)
	var flagErr *cmdutil.FlagError
	if errors.As(err, &flagErr) || namesNoCommand(cmd, args) {
		return ExitUsage
	}
	return ExitError
}

// namesNoCommand reports whether args start with a word that is not a
// command: cobra refuses those before any command runs, with an untyped error.
func namesNoCommand(root *cobra.Command, args []string) bool {
	_, _, err := root.Find(args)
	return err != nil
}

// onSignal returns a context cancelled by SIGINT or SIGTERM, after which the
// files this process must not leave behind are removed (safefile.Interrupt)
// and the process exits. The signals are caught from the moment the process
// first holds such a file or enters a safefile.Critical section (see
// safefile.OnFirstUse); before that, they stop it at once, as they stop any
// program, with nothing to remove. stop(true) undoes it; stop(false) only
// cancels the context, leaving the signals handled, for a process that exits
// next.
func onSignal(errOut io.Writer) (ctx context.Context, stop func(release bool)) {
	ctx, cancel := context.WithCancel(context.Background())
	var (
		mu      sync.Mutex
		sigs    chan os.Signal
		done    chan struct{}
		stopped bool
	)
	safefile.OnFirstUse(func() {
		mu.Lock()
		defer mu.Unlock()
		if stopped {
			return
		}
		sigs = make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		done = make(chan struct{})
		go func() {
			select {
			case s := <-sigs:
				cancel()
				safefile.Interrupt()
				fmt.Fprintln(errOut, "collab: interrupted")
				code := 130
				if n, ok := s.(syscall.Signal); ok {
					code = 128 + int(n)
				}
				os.Exit(code)
			case <-done:
			}
		}()
	})
	return ctx, func(release bool) {
		safefile.OnFirstUse(nil)
		if release {
			mu.Lock()
			stopped = true
			if sigs != nil {
				signal.Stop(sigs)
				close(done)
			}
			mu.Unlock()
		}
		cancel()
	}
}
