package history

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

type ShowOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Target  string
	Rev     string // empty: the work tree
	Output  string
}

func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "show ID[@REV]",
		Short: "Show an entity as it is, or as it was at a revision",
		Long: `Print an entity's file as it is in the work tree, or as it was at REV: any
revision git understands (a branch, a tag, a short hash, HEAD~3). With
-o json or -o yaml the entity is printed as data.

ID is looked up across kinds (an agreement before the stakeholder map that
shares its id); name the kind to choose: agreement/ID, goal/ID, team/ID, map/ID.`,
		Example: `  collab show feature-x-launch
  collab show feature-x-launch@HEAD~3
  collab show map/feature-x-launch@v1.2 -o json`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeTargets(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Target, opts.Rev, _ = strings.Cut(args[0], "@")
			if strings.Contains(args[0], "@") && opts.Rev == "" {
				return cmdutil.FlagErrorf("%q: give a revision after @, e.g. %sHEAD~1", args[0], args[0])
			}
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func showRun(opts *ShowOptions) error {
	r, err := openRepo(opts.WorkDir())
	if err != nil {
		return err
	}
	defer r.Close()
	t, err := parseTarget(r, opts.Target)
	if err != nil {
		return err
	}
	var data []byte
	where := "the work tree"
	if opts.Rev == "" {
		data, err = r.ReadWorkTree(t.Path())
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s does not exist in the work tree: see its history with `collab log %s`", t.Path(), opts.Target)
		}
	} else {
		where = opts.Rev
		var h history.Hash
		if h, err = r.Resolve(opts.Rev); err != nil {
			return err
		}
		data, err = r.ReadAt(h, t.Path())
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s does not exist at %s: see when it changed with `collab log %s`", t.Path(), opts.Rev, opts.Target)
		}
	}
	if err != nil {
		return err
	}
	if opts.Output == cmdutil.Table {
		_, err := opts.IO.Out.Write(data)
		return err
	}
	doc, ds := yamldoc.Parse(t.Path(), data)
	if doc == nil {
		return fmt.Errorf("%s at %s cannot be read: %s", t.Path(), where, ds[0].Message)
	}
	v := model.NewEntity(t.Kind)
	if err := doc.Decode(v); err != nil {
		return fmt.Errorf("%s at %s cannot be decoded: %v", t.Path(), where, err)
	}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, v, func(io.Writer) error { return nil })
}
