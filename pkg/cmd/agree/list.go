package agree

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ListOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	Status    string
	Team      string
	Output    string
}

func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{IO: f.IO, AsOf: f.AsOf}
	// Only the agreements: acceptance is checked against each file's own
	// terms, and --team against its parties.
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceOf(model.KindAgreement) }
	cmd := &cobra.Command{
		Use:     "list [--status S] [--team T]",
		Aliases: []string{"ls"},
		Short:   "List agreements",
		Long: `List agreements with their status, parties, the parties that still have to
accept the current terms, and open and overdue commitments (as of today or
--as-of).`,
		Example: `  collab agree list --status proposed
  collab agree list --team sales -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if opts.Status != "" && !slices.Contains(model.AgreementStatuses, opts.Status) {
				return cmdutil.FlagErrorf("--status %q: use one of %s", opts.Status, strings.Join(model.AgreementStatuses, ", "))
			}
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Status, "status", "", "only agreements in this status: "+strings.Join(model.AgreementStatuses, ", "))
	cmd.Flags().StringVar(&opts.Team, "team", "", "only agreements this team is a party of")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	_ = cmd.RegisterFlagCompletionFunc("status", cmdutil.FixedCompletion(model.AgreementStatuses...))
	_ = cmd.RegisterFlagCompletionFunc("team", completeTeams(f))
	return cmd
}

func listRun(opts *ListOptions) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	items := agreement.List(w.Agreements, agreement.Filter{Status: opts.Status, Team: opts.Team}, asOf)
	return cmdutil.PrintData(opts.IO.Out, opts.Output, items, func(out io.Writer) error {
		if len(items) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "no agreements match: draft one with `collab agree new`")
			return nil
		}
		t := cmdutil.NewTable(out, "ID", "Status", "Parties", "Must accept", "Open", "Overdue", "Next check-in", "Title")
		for _, it := range items {
			t.Append([]string{it.ID, it.Status, strings.Join(it.Parties, ","), dash(strings.Join(it.MustAccept, ",")),
				strconv.Itoa(it.Open), strconv.Itoa(it.Overdue), dash(string(it.NextCheckin)), it.Title})
		}
		return t.Render()
	})
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
