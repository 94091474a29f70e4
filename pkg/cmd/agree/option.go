package agree

import (
	"errors"
	"fmt"
	"slices"
	"strings"

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
	// ChosenSet: --chosen was given (true or false); otherwise an existing
	// option keeps whether it is chosen.
	ChosenSet bool
	Reason    string
}

func NewCmdOption(f *cmdutil.Factory, runF func(*OptionOptions) error) *cobra.Command {
	opts := &OptionOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "option ID TITLE [--pro TEXT ...] [--con TEXT ...] [--meets PARAM ...] [--breaks PARAM ...] [--chosen] [--note TEXT]",
		Short: "Record an option the parties weighed: pros, cons, the parameters it meets or breaks",
		Long: `Record a solution the parties weighed before choosing. The workspace policy
(minOptions, default 5) asks for that many before proposing, and exactly
one chosen. An option with the same title is updated: --pro, --con, --meets
and --breaks add to what it has, --note replaces its note.

--meets and --breaks name the parameters (collab agree param) the option
satisfies or does not: by the parameter's name, or by its kind (budget,
timeline, ...) when no other parameter has that kind. An unknown parameter
is refused, and so is choosing an option that breaks a hard parameter.

--chosen marks the option the parties chose and unmarks any other;
--chosen=false takes the choice back. Which option was chosen is part of
the terms: changing it on an active agreement needs --reason, returns it to
proposed and every party accepts again. Options considered, their pros,
cons, meets, breaks and notes are not terms.`,
		Example: `  collab agree option feature-x-launch "Phased rollout by region" \
    --pro "Support learns on a small region first" --con "Sales runs two messages" \
    --meets budget --breaks ga-date
  collab agree option feature-x-launch "Single GA date" --meets ga-date --chosen`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Option.Title = args[0], args[1]
			if strings.TrimSpace(opts.Option.Title) == "" {
				return cmdutil.FlagErrorf("the option needs a title")
			}
			o := opts.Option
			for _, l := range [][]string{o.Pros, o.Cons, o.Meets, o.Breaks} {
				if slices.ContainsFunc(l, func(s string) bool { return strings.TrimSpace(s) == "" }) {
					return cmdutil.FlagErrorf("--pro, --con, --meets and --breaks cannot be empty")
				}
			}
			opts.ChosenSet = cmd.Flags().Changed("chosen")
			if runF != nil {
				return runF(opts)
			}
			return optionRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Option.Chosen, "chosen", false, "this is the option the parties chose (--chosen=false takes it back)")
	fl.StringArrayVar(&opts.Option.Pros, "pro", nil, "what speaks for the option (repeatable)")
	fl.StringArrayVar(&opts.Option.Cons, "con", nil, "what speaks against it (repeatable)")
	fl.StringArrayVar(&opts.Option.Meets, "meets", nil, "a parameter the option satisfies, by name or kind (repeatable)")
	fl.StringArrayVar(&opts.Option.Breaks, "breaks", nil, "a parameter the option does not satisfy, by name or kind (repeatable)")
	fl.StringVar(&opts.Option.Note, "note", "", "why it was chosen or not")
	fl.StringVar(&opts.Reason, "reason", "", "why the choice changes (required when it changes on an active agreement)")
	_ = cmd.RegisterFlagCompletionFunc("meets", completeParamRefs(f))
	_ = cmd.RegisterFlagCompletionFunc("breaks", completeParamRefs(f))
	return cmd
}

func optionRun(opts *OptionOptions) error {
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		o := opts.Option
		i := slices.IndexFunc(t.A.Spec.Options, func(old model.Option) bool { return old.Title == o.Title })
		if i >= 0 {
			o = agreement.MergeOption(t.A.Spec.Options[i], opts.Option, opts.ChosenSet)
		}
		verb := "consider"
		if o.Chosen {
			verb = "choose"
		} else if i >= 0 {
			verb = "update"
			if t.A.Spec.Options[i].Chosen {
				verb = "take back the choice of"
			}
		}
		c := change.Commit{Action: "option", Subject: fmt.Sprintf("%s option %q", verb, o.Title)}
		var err error
		if i >= 0 {
			err = agreement.Set(t.E.Doc, o, "spec", "options", i)
		} else {
			i = len(t.A.Spec.Options)
			err = agreement.Append(t.E.Doc, o, "spec", "options")
		}
		if err == nil && o.Chosen {
			// One choice: choosing this option takes back any other.
			for j, other := range t.A.Spec.Options {
				if j != i && other.Chosen && err == nil {
					err = t.E.Doc.Delete("spec", "options", j, "chosen")
				}
			}
		}
		if err != nil {
			return c, err
		}
		after, err := agreement.Decode(t.E.Doc)
		if err != nil {
			return c, err
		}
		var refusals []string
		for _, p := range agreement.OptionProblems(after) {
			if p.Option == i {
				refusals = append(refusals, p.Msg)
			}
		}
		if len(refusals) > 0 {
			return c, errors.New(strings.Join(refusals, "\n"))
		}
		c, _, err = reterm(t, c, opts.Reason)
		return c, err
	})
}

// completeParamRefs completes --meets and --breaks with the names of the
// parameters of the agreement named by the first argument.
func completeParamRefs(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) == 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		w, err := f.Workspace()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		defer w.Close()
		if a := w.Agreements[args[0]]; a != nil {
			return agreement.ParamRefs(a), cobra.ShellCompDirectiveNoFileComp
		}
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
}
