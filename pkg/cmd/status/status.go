// Package status implements `collab status`, the dashboard of what needs
// follow-through: who owes what, what is late, who is the bottleneck and
// what to celebrate.
package status

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/status"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Markdown is the -o format for a GitHub issue body or job summary.
const Markdown = "markdown"

var outputs = []string{cmdutil.Table, cmdutil.JSON, cmdutil.YAML, Markdown}

type Options struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	Identity  func() (gitstore.Signature, error)

	Teams  []string
	Person string
	Me     bool
	Within string // a duration; empty: the policy's dueSoon
	Since  string // a duration
	Output string
	FailOn []string
}

func NewCmdStatus(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, AsOf: f.AsOf, Identity: f.Identity}
	// Teams, goals and agreements are what status reports on; stakeholder
	// maps play no part in it, and at 20,000 files they are a third of
	// what a whole load would stat and decode.
	opts.Workspace = func() (*workspace.Workspace, error) {
		return f.WorkspaceOf(model.KindTeam, model.KindGoal, model.KindAgreement)
	}
	cmd := &cobra.Command{
		Use:   "status [--team T ...] [--person EMAIL | --me] [--within 14d] [--since 30d]",
		Short: "Show what needs action, what is late, who is the bottleneck and what to celebrate",
		Long: `Show the follow-through of the workspace at --as-of (default today), in
sections, each left out when empty:

  Needs action now      agreements waiting for a party to accept (with the
                        members who may accept), reviews and check-ins due
                        within --within or missed, commitments due within it
  Overdue and blocked   commitments past due (days late, owner, the parties
                        whose commitments wait on them), blocked commitments
  Escalations           agreements whose check-ins were missed N times in a
                        row, or with a commitment more than D days overdue,
                        with whom to tell (policy escalateAfterMissed and
                        escalateAfterOverdue in collab.yaml, default 2 and 14d)
  Goals needing         at-risk, off-track and stale goals, progress against
  attention             the expected pace, the health of the goals serving them
  Bottlenecks           teams ranked by how much other teams wait on them
  Wins                  of the last --since days: commitments done, goals
                        achieved and agreements that came into force (from
                        git history), key results that reached their target

Each line names the entity, the people, the date and the command to run
next. --team keeps what concerns those teams; --person (or --me, your git
identity) shows one person's view: what they owe, what they must accept,
and a "Waiting on others" section.

-o markdown is made for a GitHub issue body or $GITHUB_STEP_SUMMARY and
mentions people by the github: name their team file gives. -o json is
documented in docs/status.md. --fail-on makes the command exit 1 when a
condition holds: overdue (a commitment is overdue), escalation (an
agreement escalates), stale-acceptance (a party accepted earlier terms, or
an active agreement lacks a party's acceptance).`,
		Example: `  collab status --as-of 2026-04-15
  collab status --team sales --within 7d
  collab status --me
  collab status -o markdown --since 7d >> "$GITHUB_STEP_SUMMARY"
  collab status --fail-on overdue,escalation`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if !slices.Contains(outputs, opts.Output) {
				return cmdutil.FlagErrorf("invalid output format %q: use table, json, yaml or markdown", opts.Output)
			}
			for _, c := range opts.FailOn {
				if !slices.Contains(status.Conditions, c) {
					return cmdutil.FlagErrorf("--fail-on %q: use one of %s", c, strings.Join(status.Conditions, ", "))
				}
			}
			if opts.Me && opts.Person != "" {
				return cmdutil.FlagErrorf("--me and --person cannot be used together: --me is --person with your git email")
			}
			if opts.Person != "" {
				if err := model.CheckEmail(opts.Person); err != nil {
					return cmdutil.FlagErrorf("--person: %v", err)
				}
			}
			for _, d := range []struct{ flag, value string }{{"within", opts.Within}, {"since", opts.Since}} {
				if _, err := days(d.value); d.value != "" && err != nil {
					return cmdutil.FlagErrorf("--%s: %v", d.flag, err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return statusRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Teams, "team", nil, "only what concerns this team (repeat or comma-separate for several)")
	fl.StringVar(&opts.Person, "person", "", "one person's view: what they owe, must accept and wait for")
	fl.BoolVar(&opts.Me, "me", false, "your own view (--person with your git email)")
	fl.StringVar(&opts.Within, "within", "", "what falls due within this many days needs action now (default: policy dueSoon, 14d)")
	fl.StringVar(&opts.Since, "since", "30d", "wins of the last `DURATION` (days or weeks)")
	fl.StringVarP(&opts.Output, "output", "o", cmdutil.Table, "output format: table, json, yaml or markdown")
	fl.StringSliceVar(&opts.FailOn, "fail-on", nil, "exit 1 when a condition holds: "+strings.Join(status.Conditions, ", "))
	_ = cmd.RegisterFlagCompletionFunc("output", cmdutil.FixedCompletion(outputs...))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cmdutil.FixedCompletion(status.Conditions...))
	_ = cmd.RegisterFlagCompletionFunc("team", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func days(s string) (int, error) {
	d, err := model.ParseDuration(s)
	if err != nil {
		return 0, err
	}
	n, _ := d.Days()
	return n, nil
}

func statusRun(opts *Options) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	person := opts.Person
	if opts.Me {
		me, err := opts.Identity()
		if err != nil {
			return err
		}
		person = me.Email
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, t := range opts.Teams {
		if w.Teams[t] == nil {
			return cmdutil.FlagErrorf("--team %q: no such team (%s)", t, workspace.IDHint(model.KindTeam, t, slices.Collect(maps.Keys(w.Teams))))
		}
	}
	p := w.Policy()
	within := opts.Within
	if within == "" {
		within = string(p.DueSoon)
	}
	o := status.Options{AsOf: asOf, Teams: opts.Teams, Person: person}
	if o.Within, err = days(within); err != nil {
		return fmt.Errorf("policy dueSoon in collab.yaml: %v", err)
	}
	o.Since, _ = days(opts.Since)
	src := status.Sources{Teams: w.Teams, Goals: w.Goals, Agreements: w.Agreements, Policy: p, Files: w.Files}
	// Wins read when goals were achieved and agreements came into force from
	// git history; a workspace outside a repository has none of those.
	if r, err := history.Open(w.Dir); err == nil {
		src.Events, err = status.Events(r, src, asOf.AddDays(-o.Since).Time(), asOf.AddDays(2).Time())
		r.Close()
		if err != nil {
			return err
		}
	}
	s := status.Compute(src, o)

	out := opts.IO.Out
	title := "Collaboration status of " + w.Config.Metadata.Title
	switch opts.Output {
	case Markdown:
		err = status.Markdown(out, s, title, mentions(w.Teams))
	default:
		err = cmdutil.PrintData(out, opts.Output, s, func(out io.Writer) error {
			printTable(out, opts.IO, s, title)
			return nil
		})
	}
	if err != nil {
		return err
	}
	return failOn(opts, s)
}

// failOn reports the --fail-on conditions that hold, on stderr, as exit 1.
func failOn(opts *Options, s status.Status) error {
	var held []string
	for _, c := range opts.FailOn {
		if n := s.Count(c); n > 0 {
			held = append(held, fmt.Sprintf("%s (%d)", c, n))
		}
	}
	if len(held) == 0 {
		return nil
	}
	fmt.Fprintf(opts.IO.ErrOut, "status: failing on %s\n", strings.Join(held, ", "))
	return cmdutil.ErrSilent
}

// mentions renders a person as @name when a team file gives their GitHub
// user name, else as their email.
func mentions(teams map[string]*model.Team) func(string) string {
	handles := map[string]string{}
	for _, t := range teams {
		for _, m := range t.Spec.Members {
			if m.GitHub != "" {
				handles[m.Email] = "@" + m.GitHub
			}
		}
	}
	return func(email string) string {
		if h, ok := handles[email]; ok {
			return h
		}
		return email
	}
}

func printTable(out io.Writer, ios *iostreams.IOStreams, s status.Status, title string) {
	fmt.Fprintf(out, "%s\n%s\n", ios.Bold(title), s.Scope())
	if s.Empty() {
		fmt.Fprintln(out, "\nNothing needs attention.")
		return
	}
	same := func(p string) string { return p }
	items := func(heading string, items []status.Item, next bool) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(out, "\n%s\n", ios.Bold(heading))
		header := []string{"When", "ID", "What", status.WhoHeader(heading)}
		if next {
			header = append(header, "Next")
		}
		t := cmdutil.NewTable(out, header...)
		t.AppendEach(len(items), func(i int) []string {
			it := &items[i]
			row := make([]string, 4, 5)
			row[0], row[1], row[2], row[3] = dash(string(it.Date)), it.Ref(), it.Text, status.Who(it.People, same)
			if next {
				row = append(row, it.Next)
			}
			return row
		})
		t.Render()
	}
	items(status.TitleNeedsAction, s.NeedsAction, true)
	items(status.TitleWaitingOn, s.WaitingOn, true)
	items(status.TitleOverdue, s.Overdue, true)
	items(status.TitleEscalations, s.Escalations, true)
	if len(s.Goals) > 0 {
		fmt.Fprintf(out, "\n%s\n", ios.Bold(status.TitleGoals))
		t := cmdutil.NewTable(out, "Goal", "Health", "Progress", "Missed", "Served by", "Owner", "Next")
		t.AppendEach(len(s.Goals), func(i int) []string {
			g := s.Goals[i]
			return []string{g.ID, g.Health, status.GoalPace(g), strconv.Itoa(g.MissedCheckins), status.Children(g, same), g.Owner, g.Next}
		})
		t.Render()
	}
	if len(s.Bottlenecks) > 0 {
		fmt.Fprintf(out, "\n%s\n", ios.Bold(status.TitleBottlenecks))
		t := cmdutil.NewTable(out, "Team", "Score", "Waiting", "Acceptances", "Missed", "Blocking")
		for _, b := range s.Bottlenecks {
			t.Append([]string{b.Team, fmt.Sprint(b.Score), fmt.Sprint(b.Waiting), fmt.Sprint(b.Acceptances), fmt.Sprint(b.MissedCheckins), dash(strings.Join(b.Blocking, ", "))})
		}
		t.Render()
	}
	items(status.TitleWins, s.Wins, false)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
