package agree

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
)

type CheckinOptions struct {
	AsOf      func() (model.Date, error)
	Identity  func() (gitstore.Signature, error)
	Apply     cmdutil.ApplyFunc
	ID        string
	Note      string
	Date      model.Date
	Attendees []string
	Decisions []string
	Actions   []model.ActionItem
	Readings  []Reading
}

// Reading is a metric value given on the command line.
type Reading struct {
	Metric string
	Value  float64
}

func NewCmdCheckin(f *cmdutil.Factory, runF func(*CheckinOptions) error) *cobra.Command {
	opts := &CheckinOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	var date string
	var actions, metrics []string
	cmd := &cobra.Command{
		Use:   "checkin ID [--note TEXT] [--attendee EMAIL ...] [--decision TEXT ...] [--action \"OWNER|TEXT|DUE\" ...] [--metric \"NAME=VALUE\" ...] [--date DATE]",
		Short: "Record a check-in with its minutes and schedule the next one",
		Long: `Record a check-in of a proposed or active agreement (by you, the git author,
on --date or today; a date after today is refused) with its minutes: who
attended, what was said (--note), what was decided (--decision, once per
decision), the action items given out (--action "OWNER|TEXT|DUE", DUE
optional) and the metric readings taken (--metric "NAME=VALUE", kept with
the metric as readings dated the day of the check-in). Give at least one of
them. Attendees and action owners must be members of a party or escalation
contacts. cadence.next moves forward by cadence.every, past the check-in
date.

Minutes and readings are not terms: acceptances stay current. Action items
are numbered across the agreement's check-ins (collab agree show); mark one
done with 'collab agree action-done ID N'.`,
		Example: `  collab agree checkin feature-x-launch --note "Technical issue found; GA moves a week" --date 2026-03-04
  collab agree checkin feature-x-launch --attendee priya@acme.example --attendee sam@acme.example \
    --decision "Outreach waits for GA" --action "sam@acme.example|Brief the reps on the new date|2026-03-11" \
    --metric "Adoption rate=4"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if opts.Note == "" && len(opts.Attendees)+len(opts.Decisions)+len(actions)+len(metrics) == 0 {
				return cmdutil.FlagErrorf("say what the check-in found: give --note, --decision, --action, --metric or --attendee")
			}
			if date != "" {
				d, err := parseDateFlag("date", date)
				if err != nil {
					return err
				}
				opts.Date = d
			}
			for _, e := range opts.Attendees {
				if err := parseEmailFlag("attendee", e); err != nil {
					return err
				}
			}
			for _, d := range opts.Decisions {
				if strings.TrimSpace(d) == "" {
					return cmdutil.FlagErrorf("--decision: say what was decided")
				}
			}
			for _, s := range actions {
				it, err := agreement.ParseAction(s)
				if err != nil {
					return cmdutil.FlagErrorf("--action: %v", err)
				}
				opts.Actions = append(opts.Actions, it)
			}
			for _, s := range metrics {
				name, v, err := agreement.ParseReading(s)
				if err != nil {
					return cmdutil.FlagErrorf("--metric: %v", err)
				}
				opts.Readings = append(opts.Readings, Reading{name, v})
			}
			if runF != nil {
				return runF(opts)
			}
			return checkinRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Note, "note", "", "what was discussed, in words")
	cmd.Flags().StringVar(&date, "date", "", "when it was held, YYYY-MM-DD (default: today)")
	cmd.Flags().StringArrayVar(&opts.Attendees, "attendee", nil, "email of a person who attended (repeatable)")
	cmd.Flags().StringArrayVar(&opts.Decisions, "decision", nil, "a decision taken (repeatable)")
	cmd.Flags().StringArrayVar(&actions, "action", nil, "an action item, \"OWNER|TEXT|DUE\" (repeatable; DUE optional)")
	cmd.Flags().StringArrayVar(&metrics, "metric", nil, "a metric reading, \"NAME=VALUE\" (repeatable)")
	return cmd
}

func checkinRun(opts *CheckinOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	if opts.Date == "" {
		opts.Date = today
	}
	if err := model.CheckinDate(opts.Date, today); err != nil {
		return cmdutil.FlagErrorf("--date %v", err)
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		s := t.A.Spec
		if s.Status != model.AgreementActive && s.Status != model.AgreementProposed {
			return change.Commit{}, fmt.Errorf("agreement %s is a %s: check-ins are held once it is proposed or active", opts.ID, s.Status)
		}
		if s.Cadence == nil || s.Cadence.Every == "" {
			return change.Commit{}, fmt.Errorf("agreement %s has no check-in cadence: agree one first (collab agree amend %s --cadence 14d --reason ...)", opts.ID, opts.ID)
		}
		for _, who := range opts.Attendees {
			if err := agreement.CanAttend(t.A, t.W.Teams, who); err != nil {
				return change.Commit{}, fmt.Errorf("--attendee: %w", err)
			}
		}
		for _, it := range opts.Actions {
			if err := agreement.CanAttend(t.A, t.W.Teams, it.Owner); err != nil {
				return change.Commit{}, fmt.Errorf("--action: owner: %w", err)
			}
		}
		idx := make([]int, len(opts.Readings))
		for i, r := range opts.Readings {
			if idx[i], err = agreement.MetricByName(t.A, r.Metric); err != nil {
				return change.Commit{}, fmt.Errorf("--metric: %w", err)
			}
		}
		next, err := agreement.Next(s.Cadence.Next, s.Cadence.Every, opts.Date)
		if err != nil {
			return change.Commit{}, err
		}
		d := t.E.Doc
		ci := model.AgreementCheckin{Date: opts.Date, By: me.Email, Attendees: opts.Attendees, Note: opts.Note,
			Decisions: opts.Decisions, Actions: opts.Actions}
		if err := agreement.Append(d, ci, "spec", "checkins"); err != nil {
			return change.Commit{}, err
		}
		for i, r := range opts.Readings {
			if err := agreement.AppendReading(d, idx[i], model.MetricReading{Date: opts.Date, Value: r.Value, By: me.Email}); err != nil {
				return change.Commit{}, err
			}
		}
		if err := agreement.Set(d, string(next), "spec", "cadence", "next"); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "checkin", Subject: fmt.Sprintf("check-in of %s, next %s", opts.Date, next),
			Body: minutesBody(ci, opts.Readings)}, nil
	})
}

// minutesBody is the commit body of a check-in: the minutes, one paragraph
// each, so `git log` reads like the meeting notes.
func minutesBody(ci model.AgreementCheckin, readings []Reading) []string {
	var body []string
	if ci.Note != "" {
		body = append(body, ci.Note)
	}
	if len(ci.Attendees) > 0 {
		body = append(body, "Attendees: "+strings.Join(ci.Attendees, ", "))
	}
	for _, d := range ci.Decisions {
		body = append(body, "Decision: "+d)
	}
	for _, it := range ci.Actions {
		line := fmt.Sprintf("Action: %s: %s", it.Owner, it.Text)
		if it.Due != "" {
			line += " (due " + string(it.Due) + ")"
		}
		body = append(body, line)
	}
	for _, r := range readings {
		body = append(body, fmt.Sprintf("Metric: %s = %s", r.Metric, model.FormatNumber(r.Value)))
	}
	return body
}
