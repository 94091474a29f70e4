// Package goal implements `collab goal`: shared, measurable goals with key
// results, check-ins and an alignment tree.
package goal

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

// NewCmdGoal is the `collab goal` command group.
func NewCmdGoal(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "goal <command>",
		Short: "Manage shared, measurable goals and their check-ins",
		Long: `A goal is a shared outcome with an accountable owner, the teams that
contribute, and key results that make it measurable: a baseline, a target
and a direction. Check-ins record progress on a cadence; health (on-track,
at-risk, off-track, stale, achieved) is computed from progress against the
share of the period elapsed, never stored.

A goal starts as a draft. Add key results with "collab goal kr", then
"collab goal activate". Each change is one commit.`,
		Example: `  collab goal new core-sku-in-stock --title "97% in-stock on core SKUs" \
    --owner dana@acme.example --team merchandising --team operations \
    --start 2026-01-01 --end 2026-06-30
  collab goal kr core-sku-in-stock in-stock --title "In-stock rate" --unit % \
    --baseline 93 --target 97 --direction at-least
  collab goal activate core-sku-in-stock
  collab goal checkin core-sku-in-stock --value in-stock=95.5 --confidence medium
  collab goal list --health at-risk --as-of 2026-03-01`,
	}
	cmd.AddCommand(
		NewCmdNew(f, nil), NewCmdKR(f, nil), NewCmdActivate(f, nil), NewCmdCheckin(f, nil),
		NewCmdList(f, nil), NewCmdShow(f, nil), NewCmdTree(f, nil), NewCmdClose(f, nil), NewCmdEdit(f),
	)
	return cmd
}

// completeGoalIDs completes the first argument with goal ids.
func completeGoalIDs(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return cmdutil.CompleteIDs(f, model.KindGoal)
}

// healthWords are the values `goal list --health` accepts.
var healthWords = []string{model.HealthDraft, model.HealthOnTrack, model.HealthAtRisk, model.HealthOffTrack,
	model.HealthStale, model.HealthAchieved, model.GoalMissed, model.GoalDropped}
