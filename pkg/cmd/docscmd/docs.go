// Package docscmd implements the hidden `collab docs`, which writes the
// documentation generated from the command tree: the man pages a release
// ships.
package docscmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
)

// NewCmdDocs returns `collab docs`, hidden: it is for packagers.
func NewCmdDocs(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:    "docs",
		Short:  "Generate documentation from the command tree",
		Hidden: true,
	}
	cmd.AddCommand(NewCmdMan(f, nil))
	return cmd
}

// ManOptions are the arguments of `collab docs man`.
type ManOptions struct {
	Root    *cobra.Command
	Dir     string
	Version string
}

// NewCmdMan returns `collab docs man DIR`.
func NewCmdMan(f *cmdutil.Factory, runF func(*ManOptions) error) *cobra.Command {
	opts := &ManOptions{Version: f.Version}
	return &cobra.Command{
		Use:   "man DIR",
		Short: "Write a man page for every command into DIR (section 1)",
		Long: `Write a man page for every command into DIR: collab.1, collab-agree.1,
collab-agree-accept.1 and so on, in section 1. Release builds run it and
ship the pages; set SOURCE_DATE_EPOCH for a fixed date in the pages.`,
		Example: `  collab docs man ./manpages && man ./manpages/collab-validate.1`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Root, opts.Dir = cmd.Root(), args[0]
			if runF != nil {
				return runF(opts)
			}
			return manRun(opts)
		},
	}
}

func manRun(opts *ManOptions) error {
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return err
	}
	date, err := manDate()
	if err != nil {
		return err
	}
	// No "auto generated on DATE" line: the same release gives the same
	// pages. Hidden commands get no page.
	header := manHeader{title: "COLLAB", section: "1", date: date, source: "collab " + opts.Version, manual: "collab manual"}
	if err := genManTree(opts.Root, header, opts.Dir); err != nil {
		return fmt.Errorf("writing man pages to %s: %w", opts.Dir, err)
	}
	return nil
}
