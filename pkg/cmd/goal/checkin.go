package goal

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type CheckinOptions struct {
	AsOf       func() (model.Date, error)
	Identity   func() (gitstore.Signature, error)
	Apply      cmdutil.ApplyFunc
	ID         string
	Values     []goal.KRValue
	Confidence string
	Note       string
	Date       string // YYYY-MM-DD; empty: --as-of, else today
}

func NewCmdCheckin(f *cmdutil.Factory, runF func(*CheckinOptions) error) *cobra.Command {
	opts := &CheckinOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	var raw []string
	cmd := &cobra.Command{
		Use:   "checkin GOAL --value KR=N [--value KR=N ...]",
		Short: "Record progress on a goal's key results",
		Long: `Append a check-in to an active goal and set each named key result's
current value, in one commit whose subject reads like
  goal(core-sku-in-stock): check-in in-stock 95.5 (was 94)

The check-in is dated --date, else --as-of, else today, and signed with the
email of your git identity (the author of the commit). A back-dated check-in
that is older than another reading of a key result is recorded but does not
change that key result's current value.

--confidence (low, medium, high) is how sure the people closest to the work
are; a low confidence caps health at at-risk.`,
		Example: `  collab goal checkin core-sku-in-stock --value in-stock=95.5 --confidence medium \
    --note "Forecasting pilot live in three distribution centres"
  collab goal checkin core-sku-in-stock --value in-stock=95.8 --value core-gross-margin=41.9 --date 2026-04-10`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "value"); err != nil {
				return err
			}
			opts.Values = nil
			for _, s := range raw {
				id, v, err := parseKRValue(s)
				if err != nil {
					return cmdutil.FlagErrorf("--value: %v", err)
				}
				opts.Values = append(opts.Values, goal.KRValue{ID: id, Value: v})
			}
			if opts.Confidence != "" && !slices.Contains(model.Confidences, opts.Confidence) {
				return cmdutil.FlagErrorf("--confidence %q: use one of %s", opts.Confidence, strings.Join(model.Confidences, ", "))
			}
			if opts.Date != "" {
				if _, err := model.ParseDate(opts.Date); err != nil {
					return cmdutil.FlagErrorf("--date: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return checkinRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVar(&raw, "value", nil, "KR=NUMBER, the key result's value now (required, repeatable)")
	fl.StringVar(&opts.Confidence, "confidence", "", "low, medium or high")
	fl.StringVar(&opts.Note, "note", "", "what happened since the last check-in")
	fl.StringVar(&opts.Date, "date", "", "date of the check-in, YYYY-MM-DD (default: --as-of, else today)")
	_ = cmd.RegisterFlagCompletionFunc("confidence", cmdutil.FixedCompletion(model.Confidences...))
	_ = cmd.RegisterFlagCompletionFunc("value", func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		return krCompletions(f, args), cobra.ShellCompDirectiveNoSpace | cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// krCompletions offers "KR=" for each key result of the goal named in args.
func krCompletions(f *cmdutil.Factory, args []string) []string {
	if len(args) == 0 {
		return nil
	}
	w, err := f.Workspace()
	if err != nil {
		return nil
	}
	defer w.Close()
	g := w.Goals[args[0]]
	if g == nil {
		return nil
	}
	var out []string
	for _, kr := range g.Spec.KeyResults {
		out = append(out, kr.ID+"=\t"+kr.Title)
	}
	return out
}

func checkinRun(opts *CheckinOptions) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	date := asOf
	if opts.Date != "" {
		date = model.Date(opts.Date)
	}
	if err := model.CheckinDate(date, asOf); err != nil {
		return cmdutil.FlagErrorf("--date %v", err)
	}
	id, err := opts.Identity()
	if err != nil {
		return fmt.Errorf("a check-in is signed with your git identity: %w", err)
	}
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindGoal, opts.ID)
		if err != nil {
			return nil, err
		}
		g := e.Value.(*model.Goal)
		if err := goal.CheckinOpen(g); err != nil {
			return nil, err
		}
		updates, err := goal.PlanCheckin(g, date, opts.Values)
		if err != nil {
			return nil, err
		}
		if err := goal.RecordCheckin(e.Doc, goal.Checkin{Date: date, By: id.Email, Values: opts.Values, Confidence: opts.Confidence, Note: opts.Note}, updates); err != nil {
			return nil, err
		}
		var body []string
		if opts.Confidence != "" {
			body = append(body, "Confidence: "+opts.Confidence)
		}
		if opts.Note != "" {
			body = append(body, "Note: "+opts.Note)
		}
		return change.EditOf(e, change.Commit{Kind: model.KindGoal, ID: opts.ID, Action: "checkin",
			Subject: goal.CheckinSubject(updates), Body: body})
	})
}

// parseKRValue reads "KR=N" as given to --value.
func parseKRValue(s string) (string, float64, error) {
	id, num, ok := strings.Cut(s, "=")
	id, num = strings.TrimSpace(id), strings.TrimSpace(num)
	if !ok || id == "" || num == "" {
		return "", 0, fmt.Errorf("invalid value %q: write KR=NUMBER, e.g. in-stock=95.5", s)
	}
	v, err := model.ParseNumber(num)
	if err != nil {
		return "", 0, fmt.Errorf("invalid value %q: %v", s, err)
	}
	return id, v, nil
}
