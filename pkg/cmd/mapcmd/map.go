// Package mapcmd implements `collab map`: stakeholder maps of agreements
// and goals, with roles, RACI and the power/interest grid.
package mapcmd

import (
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
)

// NewCmdMap is the `collab map` command group.
func NewCmdMap(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "map <command>",
		Short: "Map the stakeholders of an agreement or goal",
		Long: `A stakeholder map names who must be involved in an agreement or a goal:
decision-makers with formal authority, implementers, subject-matter experts
and influencers. A department missing from the map is resistance later.

Each stakeholder is a person (with the team they speak for) or a whole
team, with a RACI letter (exactly one A, at least one R), an influence and
an interest (high, medium or low) and a stance. Influence and interest place
them on the power/interest grid:

  manage closely   high influence, high interest
  keep satisfied   high influence, lower interest
  keep informed    lower influence, high interest
  monitor          the rest

Only "high" is high: medium, low and an unset level count as lower.
Each change is one commit; collab validate checks every map.`,
		Example: `  collab map new feature-x-launch --for agreement/feature-x-launch
  collab map add feature-x-launch --team support --role influencer,expert --raci C --interest high
  collab map show feature-x-launch
  collab map render feature-x-launch --format mermaid --fenced >> docs/launch.md`,
	}
	cmd.AddCommand(NewCmdNew(f, nil), NewCmdAdd(f, nil), NewCmdRm(f, nil), NewCmdList(f, nil),
		NewCmdShow(f, nil), NewCmdRender(f, nil), NewCmdEdit(f))
	return cmd
}

// completeMaps completes the first argument with map ids.
func completeMaps(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return cmdutil.CompleteIDs(f, model.KindStakeholderMap)
}

// checkEnum returns a usage error when value is set and not one of allowed.
func checkEnum(flag, value string, allowed []string) error {
	if value == "" || slices.Contains(allowed, value) {
		return nil
	}
	return cmdutil.FlagErrorf("--%s: invalid value %q: use one of %v", flag, value, allowed)
}
