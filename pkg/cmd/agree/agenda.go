package agree

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agenda"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// agendaMarkdown is the default -o of agree agenda: it is meant for a
// meeting invite or a pull request comment.
const agendaMarkdown = "markdown"

type AgendaOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	ID        string
	Date      model.Date
	Output    string
}

func NewCmdAgenda(f *cmdutil.Factory, runF func(*AgendaOptions) error) *cobra.Command {
	opts := &AgendaOptions{IO: f.IO, Workspace: f.Workspace, AsOf: f.AsOf}
	var date string
	cmd := &cobra.Command{
		Use:   "agenda ID [--date DATE] [-o markdown|json|yaml]",
		Short: "Print the agenda of the next check-in",
		Long: `Print the agenda of the agreement's next check-in, on --date or on the
scheduled date (cadence.next; today when that has passed), in five sections:

  1. the action items still open, from the last check-in and earlier, with
     the days late;
  2. the commitments not yet delivered, by party: owner, due date, open,
     blocked (with why) or overdue (with the days late on the check-in
     day), and the commitments waiting on each;
  3. each joint metric's last reading against its target, with the trend
     (a metric with no reading since the last check-in is flagged);
  4. the decisions pending: the last check-in's decisions to confirm,
     parties still to accept the current terms or an amendment, options
     weighed but none chosen;
  5. the escalations due on that day (policy escalateAfterMissed and
     escalateAfterOverdue), with whom to tell.

Overdue, trends and escalations are judged as 'collab status' and 'collab
agree show' judge them, on the check-in day. -o markdown (the default)
suits a meeting invite or a pull request comment; -o json and -o yaml print
the same data.`,
		Example: `  collab agree agenda feature-x-launch
  collab agree agenda feature-x-launch --date 2026-03-18 > agenda.md
  collab agree agenda feature-x-launch -o json | jq '.actions[] | select(.overdue)'`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			switch opts.Output {
			case agendaMarkdown, cmdutil.JSON, cmdutil.YAML:
			default:
				return cmdutil.FlagErrorf("invalid output format %q: use markdown, json or yaml", opts.Output)
			}
			if date != "" {
				d, err := parseDateFlag("date", date)
				if err != nil {
					return err
				}
				opts.Date = d
			}
			if runF != nil {
				return runF(opts)
			}
			return agendaRun(opts)
		},
	}
	cmd.Flags().StringVar(&date, "date", "", "the day of the check-in, YYYY-MM-DD (default: the scheduled one)")
	cmd.Flags().StringVarP(&opts.Output, "output", "o", agendaMarkdown, "output format: markdown, json or yaml")
	_ = cmd.RegisterFlagCompletionFunc("output", cmdutil.FixedCompletion(agendaMarkdown, cmdutil.JSON, cmdutil.YAML))
	return cmd
}

func agendaRun(opts *AgendaOptions) error {
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(model.KindAgreement, opts.ID)
	if err != nil {
		return err
	}
	a := e.Value.(*model.Agreement)
	date := opts.Date
	if date == "" {
		date = agenda.Date(a, today)
	}
	ag := agenda.New(a, w.Teams, w.Policy(), date)
	return cmdutil.PrintData(opts.IO.Out, opts.Output, ag, func(out io.Writer) error {
		return agenda.Markdown(out, ag)
	})
}
