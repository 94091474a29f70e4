// Package version implements `collab version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
)

func NewCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(f.IO.Out, "collab %s", f.Version)
			if f.Commit != "" {
				fmt.Fprintf(f.IO.Out, " (commit %s", f.Commit)
				if f.Date != "" {
					fmt.Fprintf(f.IO.Out, ", built %s", f.Date)
				}
				fmt.Fprint(f.IO.Out, ")")
			}
			fmt.Fprintf(f.IO.Out, " %s/%s\n", runtime.GOOS, runtime.GOARCH)
			return nil
		},
	}
}
