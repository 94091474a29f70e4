package mapcmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

type RmOptions struct {
	Apply cmdutil.ApplyFunc
	ID    string
	Key   string // an email, or a team id for a whole-team stakeholder
}

func NewCmdRm(f *cmdutil.Factory, runF func(*RmOptions) error) *cobra.Command {
	opts := &RmOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "rm ID (EMAIL|TEAM)",
		Short: "Remove a stakeholder from a map",
		Long: `Remove the stakeholder with that person's email, or the whole-team
stakeholder with that team id. Validation refuses to remove the only A or
the last R.`,
		Example: `  collab map rm feature-x-launch nora@acme.example
  collab map rm feature-x-launch support`,
		Aliases: []string{"remove"},
		Args:    cobra.ExactArgs(2),
		ValidArgsFunction: func(cmd *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) == 0 {
				return cmdutil.IDs(f, model.KindStakeholderMap), cobra.ShellCompDirectiveNoFileComp
			}
			if len(args) == 1 {
				return stakeholderKeys(f, args[0]), cobra.ShellCompDirectiveNoFileComp
			}
			return nil, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID, opts.Key = args[0], args[1]
			if runF != nil {
				return runF(opts)
			}
			return rmRun(opts)
		},
	}
	return cmd
}

// stakeholderKeys lists the names rm accepts for a map, for completion.
func stakeholderKeys(f *cmdutil.Factory, id string) []string {
	w, err := f.Workspace()
	if err != nil {
		return nil
	}
	defer w.Close()
	if m := w.Maps[id]; m != nil {
		return names(m)
	}
	return nil
}

// names lists the stakeholders of m by the names rm accepts.
func names(m *model.StakeholderMap) []string {
	var out []string
	for _, s := range m.Spec.Stakeholders {
		out = append(out, s.Name())
	}
	return out
}

func rmRun(opts *RmOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindStakeholderMap, opts.ID)
		if err != nil {
			return nil, err
		}
		m := e.Value.(*model.StakeholderMap)
		i := stakeholders.Find(m, opts.Key)
		if i < 0 {
			hint := "the map has no stakeholders"
			if len(m.Spec.Stakeholders) > 0 {
				hint = "on the map: " + strings.Join(names(m), ", ")
			}
			return nil, fmt.Errorf("%s is not a stakeholder of map %s (%s); name a person by email, a whole team by id", opts.Key, opts.ID, hint)
		}
		if err := e.Doc.Delete("spec", "stakeholders", i); err != nil {
			return nil, err
		}
		return change.EditOf(e, change.Commit{Kind: model.KindStakeholderMap, ID: opts.ID, Action: "rm",
			Subject: "remove stakeholder " + opts.Key})
	})
}
