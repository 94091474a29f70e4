package agree

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type OptionOptions struct {
	Apply  cmdutil.ApplyFunc
	ID     string
	Option model.Option
	Reason string
}

func NewCmdOption(f *cmdutil.Factory, runF func(*OptionOptions) error) *cobra.Command {
	opts := &OptionOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "option ID TITLE [--chosen] [--note TEXT]",
		Short: "Record an option the parties considered",
		Long: `Record a solution the parties considered before choosing. The workspace
policy (minOptions, default 5) asks for several before proposing. An option
with the same title is updated. Which option was chosen is part of the
terms: choosing one (or taking a choice back) on an active agreement needs
--reason, returns it to proposed and every party accepts again. Options
considered and their notes are not terms.`,
		Example: `  collab agree option feature-x-launch "Phased rollout by region" --note "Support runs two versions"
  collab agree option feature-x-launch "Single GA date" --chosen`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Option.Title = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return optionRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Option.Chosen, "chosen", false, "this is the option the parties chose")
	cmd.Flags().StringVar(&opts.Option.Note, "note", "", "why it was chosen or not")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the choice changes (required when it changes on an active agreement)")
	return cmd
}

func optionRun(opts *OptionOptions) error {
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		o := opts.Option
		verb := "consider"
		if o.Chosen {
			verb = "choose"
		}
		c := change.Commit{Action: "option", Subject: fmt.Sprintf("%s option %q", verb, o.Title)}
		var err error
		if i := slices.IndexFunc(t.A.Spec.Options, func(old model.Option) bool { return old.Title == o.Title }); i >= 0 {
			if o.Note == "" {
				o.Note = t.A.Spec.Options[i].Note
			}
			err = agreement.Set(t.E.Doc, o, "spec", "options", i)
		} else {
			err = agreement.Append(t.E.Doc, o, "spec", "options")
		}
		if err != nil {
			return c, err
		}
		c, _, err = reterm(t, c, opts.Reason)
		return c, err
	})
}
