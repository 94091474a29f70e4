package goal

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type KROptions struct {
	Workspace func() (*workspace.Workspace, error)
	Apply     cmdutil.ApplyFunc
	Goal, KR  string
	Title     string
	Unit      string
	Baseline  float64
	Target    float64
	Direction string
	// Given names the flags given on the command line; an update changes only those.
	Given map[string]bool
	// Require asks for (or, without a terminal, demands) flags a new key
	// result needs; nil in tests.
	Require func(names ...string) error
}

var krFlags = []string{"title", "unit", "baseline", "target", "direction"}

func NewCmdKR(f *cmdutil.Factory, runF func(*KROptions) error) *cobra.Command {
	opts := &KROptions{Workspace: f.Workspace, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "kr GOAL KR [--title T --unit U --baseline N --target N] [--direction D]",
		Short: "Add or update a key result",
		Long: `Add key result KR to a goal, or update it when the goal already has it.

A new key result needs --title, --unit, --baseline and --target (asked for on
a terminal). --direction says which way is success:
  increase   move from baseline to target (progress is the share of the way)
  decrease   the same, downwards
  at-least   hold the target or more (met = done; else the share of the way)
  at-most    hold the target or less
Without --direction it is increase when the target is above the baseline,
decrease when below, at-least when equal.

Updating changes only the flags you give; the other lines of the file stay
as they are. The current value is kept by "collab goal checkin".`,
		Example: `  collab goal kr core-sku-in-stock in-stock --title "In-stock rate on core SKUs" \
    --unit % --baseline 93 --target 97 --direction at-least
  collab goal kr core-sku-in-stock in-stock --target 97.5`,
		Args:              cobra.ExactArgs(2),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Goal, opts.KR = args[0], args[1]
			if err := model.CheckID(opts.KR); err != nil {
				return cmdutil.FlagErrorf("key result id: %v", err)
			}
			opts.Given = map[string]bool{}
			for _, n := range krFlags {
				opts.Given[n] = cmd.Flags().Changed(n)
			}
			opts.Require = func(names ...string) error {
				if err := cmdutil.RequireFlags(cmd, f.IO, names...); err != nil {
					return err
				}
				for _, n := range names {
					opts.Given[n] = true
				}
				return opts.check()
			}
			if err := opts.check(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return krRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Title, "title", "", "what is measured, in one line")
	fl.StringVar(&opts.Unit, "unit", "", `unit of the values, e.g. "%", USD, leads/month`)
	fl.Float64Var(&opts.Baseline, "baseline", 0, "value at the start")
	fl.Float64Var(&opts.Target, "target", 0, "value that means success")
	fl.StringVar(&opts.Direction, "direction", "", "increase, decrease, at-least or at-most")
	_ = cmd.RegisterFlagCompletionFunc("direction", cmdutil.FixedCompletion(model.Directions...))
	return cmd
}

func (o *KROptions) check() error {
	if o.Given["title"] && strings.TrimSpace(o.Title) == "" {
		return cmdutil.FlagErrorf("--title: say what is measured")
	}
	for _, n := range []struct {
		name string
		v    float64
	}{{"baseline", o.Baseline}, {"target", o.Target}} {
		if o.Given[n.name] && (math.IsInf(n.v, 0) || math.IsNaN(n.v)) {
			return cmdutil.FlagErrorf("--%s: give a finite number", n.name)
		}
	}
	if o.Given["direction"] && !slices.Contains(model.Directions, o.Direction) {
		return cmdutil.FlagErrorf("--direction %q: use one of %s", o.Direction, strings.Join(model.Directions, ", "))
	}
	return nil
}

func krRun(opts *KROptions) error {
	// A new key result needs more flags than an update: find out which it is
	// before taking the lock, so a prompt never holds the repository.
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	e, err := w.Lookup(model.KindGoal, opts.Goal)
	w.Close()
	if err != nil {
		return err
	}
	isNew := e.Value.(*model.Goal).KeyResult(opts.KR) == nil
	if isNew && opts.Require != nil {
		if err := opts.Require("title", "unit", "baseline", "target"); err != nil {
			return err
		}
	}
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindGoal, opts.Goal)
		if err != nil {
			return nil, err
		}
		g := e.Value.(*model.Goal)
		if model.ClosedGoalStatus(g.Spec.Status) {
			return nil, fmt.Errorf("goal %s is closed (%s): its key results are part of the record; reopen it with collab goal edit %s first", opts.Goal, g.Spec.Status, opts.Goal)
		}
		c, err := planKR(e, g, opts)
		if err != nil {
			return nil, err
		}
		return change.EditOf(e, c)
	})
}

// planKR edits the goal document: a new key result is appended, an existing
// one has only the given fields set.
func planKR(e *workspace.Entity, g *model.Goal, o *KROptions) (change.Commit, error) {
	c := change.Commit{Kind: model.KindGoal, ID: o.Goal}
	idx := slices.IndexFunc(g.Spec.KeyResults, func(kr model.KeyResult) bool { return kr.ID == o.KR })
	if idx < 0 {
		for _, n := range []string{"title", "baseline", "target"} {
			if !o.Given[n] {
				return c, cmdutil.FlagErrorf("goal %s has no key result %s yet: adding it needs --title, --unit, --baseline and --target (missing --%s)", o.Goal, o.KR, n)
			}
		}
		dir := o.Direction
		if dir == "" {
			dir = model.DefaultDirection(o.Baseline, o.Target)
		}
		kr := model.KeyResult{ID: o.KR, Title: o.Title, Unit: o.Unit, Baseline: &o.Baseline, Target: &o.Target, Direction: dir}
		if err := goal.AddKeyResult(e.Doc, kr); err != nil {
			return c, err
		}
		c.Action = "kr-add"
		c.Subject = fmt.Sprintf("add key result %s %s -> %s%s (%s)", o.KR,
			model.FormatNumber(o.Baseline), model.FormatNumber(o.Target), model.UnitSuffix(o.Unit), dir)
		return c, nil
	}
	changes, err := goal.UpdateKeyResult(e.Doc, idx, g.Spec.KeyResults[idx], o.edit())
	if err != nil {
		return c, err
	}
	if len(changes) == 0 {
		if !slices.ContainsFunc(krFlags, func(n string) bool { return o.Given[n] }) {
			return c, cmdutil.FlagErrorf("key result %s of goal %s exists: say what to change with --title, --unit, --baseline, --target or --direction", o.KR, o.Goal)
		}
		return c, change.ErrNoChange
	}
	c.Action = "kr-update"
	c.Subject = "update key result " + o.KR + " " + strings.Join(changes, ", ")
	return c, nil
}

// edit is the change the given flags ask for.
func (o *KROptions) edit() goal.KeyResultEdit {
	var e goal.KeyResultEdit
	if o.Given["title"] {
		e.Title = &o.Title
	}
	if o.Given["unit"] {
		e.Unit = &o.Unit
	}
	if o.Given["baseline"] {
		e.Baseline = &o.Baseline
	}
	if o.Given["target"] {
		e.Target = &o.Target
	}
	if o.Given["direction"] {
		e.Direction = &o.Direction
	}
	return e
}
