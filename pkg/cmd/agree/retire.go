package agree

import (
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
)

type RetireOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	ID       string
	Reason   string
}

func NewCmdRetire(f *cmdutil.Factory, runF func(*RetireOptions) error) *cobra.Command {
	opts := &RetireOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "retire ID --reason TEXT",
		Short: "End an agreement that is no longer needed",
		Long: `Mark an agreement retired. The reason is kept as a last check-in (by you, the
git author, today or --as-of) and in the commit. A retired agreement takes no
more changes; its history stays in git.`,
		Example:           `  collab agree retire feature-x-launch --reason "Launch complete; adoption tracked in the goal"`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.RequireFlags(cmd, f.IO, "reason"); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return retireRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Reason, "reason", "", "why it ends")
	return cmd
}

func retireRun(opts *RetireOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		d := t.E.Doc
		if err := agreement.Set(d, model.AgreementRetired, "spec", "status"); err != nil {
			return change.Commit{}, err
		}
		ci := model.AgreementCheckin{Date: today, By: me.Email, Note: "Retired: " + opts.Reason}
		if err := agreement.Append(d, ci, "spec", "checkins"); err != nil {
			return change.Commit{}, err
		}
		return change.Commit{Action: "retire", Subject: "retire", Body: []string{"Reason: " + opts.Reason}}, nil
	})
}
