// Package hook implements `collab hook`: git hooks that run collab.
package hook

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
)

// NewCmdHook is the `collab hook` command group.
func NewCmdHook(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "hook <command>",
		Short: "Install git hooks that run collab",
		Long: `Git hooks that keep the workspace valid on every developer's machine, the
way CI keeps it valid on the server.`,
	}
	cmd.AddCommand(NewCmdInstall(f, nil))
	return cmd
}
