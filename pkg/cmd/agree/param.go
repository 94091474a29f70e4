package agree

import (
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
		Use:   "param ID --kind KIND --text TEXT [--hard]",
		Short: "State a parameter: budget, timeline, resources, policy or quality",
		Long: `Parameters are the limits the parties work within, stated before choosing a
solution. --hard marks one that cannot move; others can be traded.
Parameters are terms (see 'collab agree commitment --help').`,
		Example: `  collab agree param feature-x-launch --kind timeline --text "GA before the end of March" --hard
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
			if runF != nil {
				return runF(opts)
			}
			return paramRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Param.Kind, "kind", "", "budget, timeline, resources, policy or quality")
	cmd.Flags().StringVar(&opts.Param.Text, "text", "", "the parameter, in one sentence")
	cmd.Flags().BoolVar(&opts.Param.Hard, "hard", false, "the parameter cannot move")
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why the terms change (required on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("kind", cmdutil.FixedCompletion(model.ParameterKinds...))
	return cmd
}

func paramRun(opts *ParamOptions) error {
	return writeTerms(opts.Apply, opts.ID, opts.Reason, func(t *target) (change.Commit, error) {
		err := agreement.Append(t.E.Doc, opts.Param, "spec", "parameters")
		hard := ""
		if opts.Param.Hard {
			hard = "hard "
		}
		return change.Commit{Action: "param", Subject: "add " + hard + opts.Param.Kind + " parameter"}, err
	})
}
