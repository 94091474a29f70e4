// Package team implements `collab team`: departments and their members.
package team

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
)

// NewCmdTeam is the `collab team` command group.
func NewCmdTeam(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "team <command>",
		Short: "Manage departments and their members",
		Long: `A team is a department: its accountable lead, its members (named by the
email of their git commits), the reviewers used for CODEOWNERS, and how to
work with it. Each change is one commit.`,
	}
	member := &cobra.Command{Use: "member <command>", Short: "Add or remove team members"}
	member.AddCommand(NewCmdMemberAdd(f, nil), NewCmdMemberRm(f, nil))
	cmd.AddCommand(NewCmdAdd(f, nil), NewCmdList(f, nil), NewCmdShow(f, nil), NewCmdEdit(f), NewCmdImport(f, nil), member)
	return cmd
}
