package cmdutil

import (
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// CompleteIDs completes the first argument with the ids of entities of kind
// k, from file names only, so completion stays fast on large workspaces.
func CompleteIDs(f *Factory, k model.Kind) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		return IDs(f, k), cobra.ShellCompDirectiveNoFileComp
	}
}

// IDs lists entity ids of kind k by file name.
func IDs(f *Factory, k model.Kind) []string {
	root, err := workspace.Find(f.WorkDir())
	if err != nil {
		return nil
	}
	entries, err := fs.ReadDir(os.DirFS(root), k.Dir())
	if err != nil {
		return nil
	}
	var ids []string
	for _, e := range entries {
		if id, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			ids = append(ids, id)
		}
	}
	return ids
}
