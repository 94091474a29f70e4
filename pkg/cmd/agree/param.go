package agree

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

type ParamOptions struct {
	Apply  cmdutil.ApplyFunc
	ID     string
	Param  model.Parameter
	Reason string
}

func NewCmdParam(f *cmdutil.Factory, runF func(*ParamOptions) error) *cobra.Command {
	opts := &ParamOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "param ID --kind KIND --text TEXT [--hard] [--name NAME]",
		Short: "State a parameter: budget, timeline, resources, policy or quality",
		Long: `Parameters are the limits the parties work within, stated before choosing a
solution. --hard marks one that cannot move; others can be traded.
--name gives it a short name (lower-case letters, digits and dashes) by
which options say they meet or break it (collab agree option --meets,
--breaks); without one, options name it by its kind while no other
parameter has that kind. Parameters are terms (see 'collab agree
commitment --help').`,
		Example: `  collab agree param feature-x-launch --name ga-date --kind timeline --text "GA before the end of March" --hard
  collab agree param feature-x-launch --kind budget --text "No added headcount"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "kind", "text"); err != nil {
				return err
			}
			if !slices.Contains(model.ParameterKinds, opts.Param.Kind) {
				return cmdutil.FlagErrorf("--kind %q: use one of %s", opts.Param.Kind, strings.Join(model.ParameterKinds, ", "))
			}
			if opts.Param.Name != "" {
				if err := model.CheckID(opts.Param.Name); err != nil {
					return cmdutil.FlagErrorf("--name: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return paramRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Param.Kind, "kind", "", "budget, timeline, resources, policy or quality")
	cmd.Flags().StringVar(&opts.Param.Text, "text", "", "the parameter, in one sentence")
	cmd.Flags().BoolVar(&opts.Param.Hard, "hard", false, "the parameter cannot move")
	cmd.Flags().StringVar(&opts.Param.Name, "name", "", "short name options use in --meets and --breaks, e.g. ga-date")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cmdutil.FixedCompletion(model.ParameterKinds...))
	return cmd
}

func paramRun(opts *ParamOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		if n := opts.Param.Name; n != "" && slices.ContainsFunc(t.A.Spec.Parameters, func(p model.Parameter) bool { return p.Name == n }) {
			return change.Commit{}, fmt.Errorf("agreement %s already has a parameter named %s; choose another name", opts.ID, n)
		}
		err := agreement.Append(t.E.Doc, opts.Param, "spec", "parameters")
		hard := ""
		if opts.Param.Hard {
			hard = "hard "
		}
		return change.Commit{Action: "param", Subject: "add " + hard + opts.Param.Kind + " parameter"}, err
	})
}
