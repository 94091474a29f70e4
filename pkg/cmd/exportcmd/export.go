// Package exportcmd implements `collab export`: workspace tables as CSV for
// spreadsheets.
package exportcmd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/sheet"
	"github.com/collab-tools/collab/pkg/workspace"
)

type Options struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)

	Table  string
	Format string
}

func NewCmdExport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, AsOf: f.AsOf}
	cmd := &cobra.Command{
		Use:   "export goals|commitments|checkins|members --format csv",
		Short: "Export goals, commitments, check-ins or members as CSV for a spreadsheet",
		Long: `Print one table of the workspace as CSV (RFC 4180: a header row, CRLF line
endings, quotes where needed) for a spreadsheet:

  goals        ` + strings.Join(sheet.Headers["goals"], ",") + `
  commitments  ` + strings.Join(sheet.Headers["commitments"], ",") + `
  checkins     ` + strings.Join(sheet.Headers["checkins"], ",") + `
  members      ` + strings.Join(sheet.Headers["members"], ",") + `

The headers are stable: columns are only ever added at the end. Lists
(teams, depends_on, values) are joined with "; ". Goal health is computed
as of --as-of (default today). A cell that a spreadsheet would run as a
formula (starting with = + - @) is written with a leading apostrophe.`,
		Example: `  collab export goals --format csv > goals.csv
  collab export commitments --format csv --as-of 2026-04-15
  collab export members --format csv > directory.csv`,
		Args:      cobra.ExactArgs(1),
		ValidArgs: sheet.Tables,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Table = args[0]
			if !slices.Contains(sheet.Tables, opts.Table) {
				return cmdutil.FlagErrorf("unknown table %q: use one of %s", opts.Table, strings.Join(sheet.Tables, ", "))
			}
			if opts.Format != "csv" {
				return cmdutil.FlagErrorf("invalid format %q: use csv", opts.Format)
			}
			if runF != nil {
				return runF(opts)
			}
			return exportRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "csv", "output format: csv")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.FixedCompletion("csv"))
	return cmd
}

func exportRun(opts *Options) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	t, err := sheet.Export(w, opts.Table, asOf)
	if err != nil {
		return err
	}
	// CSV is data for a spreadsheet: its CRLFs must reach it as written;
	// sheet.WriteCSV drops the control characters a terminal would run.
	if err := sheet.WriteCSV(opts.IO.RawOut, t); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}
