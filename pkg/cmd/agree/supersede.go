package agree

import (
	"fmt"
	"slices"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type SupersedeOptions struct {
	Apply cmdutil.ApplyFunc
	Old   string
	New   string
}

func NewCmdSupersede(f *cmdutil.Factory, runF func(*SupersedeOptions) error) *cobra.Command {
	opts := &SupersedeOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "supersede OLD --by NEW",
		Short: "End an agreement because a newer one replaces it",
		Long: `Mark OLD superseded by NEW and list OLD in NEW's supersedes, in one commit of
both files. OLD then takes no more changes.

An active OLD is superseded only by a NEW that every party of OLD accepted
on NEW's current terms: no party loses the agreement it accepted to one it
did not. Only OLD's owner may supersede it.`,
		Example:           `  collab agree supersede promo-calendar-2026-h1 --by promo-calendar-2026-h2`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Old = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "by"); err != nil {
				return err
			}
			if opts.New == opts.Old {
				return cmdutil.FlagErrorf("an agreement cannot supersede itself")
			}
			if runF != nil {
				return runF(opts)
			}
			return supersedeRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.New, "by", "", "id of the agreement that replaces it")
	_ = cmd.RegisterFlagCompletionFunc("by", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindAgreement), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func supersedeRun(opts *SupersedeOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		oe, err := w.Lookup(model.KindAgreement, opts.Old)
		if err != nil {
			return nil, err
		}
		ne, err := w.Lookup(model.KindAgreement, opts.New)
		if err != nil {
			return nil, err
		}
		old, nu := oe.Value.(*model.Agreement), ne.Value.(*model.Agreement)
		if err := agreement.Writable(old); err != nil {
			return nil, err
		}
		if err := agreement.Writable(nu); err != nil {
			return nil, err
		}
		ended := *old
		ended.Spec.Status, ended.Spec.SupersededBy = model.AgreementSuperseded, opts.New
		if err := agreement.CheckSuccession(old, &ended, nu); err != nil {
			return nil, err
		}
		if err := agreement.Set(oe.Doc, model.AgreementSuperseded, "spec", "status"); err != nil {
			return nil, err
		}
		if err := agreement.Set(oe.Doc, opts.New, "spec", "supersededBy"); err != nil {
			return nil, err
		}
		if !slices.Contains(nu.Spec.Supersedes, opts.Old) {
			if err := agreement.Append(ne.Doc, opts.Old, "spec", "supersedes"); err != nil {
				return nil, err
			}
		}
		var files []change.File
		for _, e := range []*workspace.Entity{oe, ne} {
			data, err := e.Doc.Bytes()
			if err != nil {
				return nil, err
			}
			files = append(files, change.File{Path: e.Path, Data: data})
		}
		return &change.Edit{Files: files, Commit: change.Commit{Kind: model.KindAgreement, ID: opts.Old, Action: "supersede",
			Subject: fmt.Sprintf("superseded by %s", opts.New)}}, nil
	})
}
