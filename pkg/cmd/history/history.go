// Package history implements `collab log`, `collab show` and `collab diff`:
// an entity's history, an entity at any revision, and the semantic diff
// between revisions that reviewers read in pull requests.
package history

import (
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// openRepo opens the repository of the workspace the command runs in.
func openRepo(workDir string) (*history.Repo, error) {
	ws, err := workspace.Find(workDir)
	if err != nil {
		return nil, err
	}
	return history.Open(ws)
}

// lookupOrder is the preference when one id names entities of several
// kinds: an agreement and its stakeholder map share their id.
var lookupOrder = []model.Kind{model.KindAgreement, model.KindGoal, model.KindTeam, model.KindStakeholderMap}

// parseTarget reads "ID", "KIND/ID" (agreement/x, map/x, team/x, goal/x) or
// "collab.yaml". A bare id is looked up across kinds, in the work tree and
// else at HEAD (for an entity that was removed).
func parseTarget(r *history.Repo, arg string) (history.Entity, error) {
	if arg == workspace.ConfigFile || arg == "workspace" {
		return history.Entity{Kind: model.KindWorkspace}, nil
	}
	if k, id, ok := strings.Cut(arg, "/"); ok {
		kind, err := model.ParseKind(k)
		if err != nil || kind == model.KindWorkspace {
			return history.Entity{}, cmdutil.FlagErrorf("%q: use ID or KIND/ID with KIND one of agreement, goal, team, map", arg)
		}
		if err := model.CheckID(id); err != nil {
			return history.Entity{}, cmdutil.FlagErrorf("%v", err)
		}
		return history.Entity{Kind: kind, ID: id}, nil
	}
	if err := model.CheckID(arg); err != nil {
		return history.Entity{}, cmdutil.FlagErrorf("%v", err)
	}
	if e, ok, err := r.Find(arg, lookupOrder); err != nil || ok {
		return e, err
	}
	return history.Entity{}, fmt.Errorf("no agreement, goal, team or map %q in the work tree or at HEAD: check the id with `collab validate`, or name the kind as agreement/%s", arg, arg)
}

// completeTargets completes ids of every kind.
func completeTargets(f *cmdutil.Factory) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		seen := map[string]bool{}
		var out []string
		for _, k := range lookupOrder {
			for _, id := range cmdutil.IDs(f, k) {
				if !seen[id] {
					seen[id] = true
					out = append(out, id)
				}
			}
		}
		sort.Strings(out)
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// painter colours semantic diffs like git colours its diffs.
func painter(ios *iostreams.IOStreams) semdiff.Painter {
	if !ios.ColorEnabled() {
		return semdiff.Plain
	}
	return semdiff.Painter{Added: ios.Green, Removed: ios.Red, Changed: ios.Yellow, Bold: ios.Bold, Faint: ios.Faint}
}
