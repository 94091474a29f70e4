// Package mergefile implements `collab merge-file`, the merge driver git
// runs for collab files.
package mergefile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/merge"
	"github.com/collab-tools/collab/pkg/safefile"
)

// maxInput caps what merge-file reads of each version.
const maxInput = 16 << 20

type Options struct {
	IO                 *iostreams.IOStreams
	WorkDir            func() string
	Base, Ours, Theirs string
	Path               string
}

func NewCmdMergeFile(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "merge-file BASE OURS THEIRS [--path PATH]",
		Short: "Merge three versions of a collab file by meaning (a git merge driver)",
		Long: `Merge BASE, OURS and THEIRS, three versions of one collab file, by what the
file means, and write the result to OURS. Exit 0 when the merge is clean,
1 when conflicts are left to a person.

Records with an id (commitments, key results, ...) merge record by record;
check-ins, acceptances and other logs are the union of both sides by date;
a key result's current follows its latest reading. A value changed on both
sides to different values is a conflict: the file gets git-style markers
around that field only, naming it on the opening marker. Comments, key
order and untouched lines stay as OURS has them.

Git runs it as a merge driver; "collab hook install" registers it:

  git config merge.collab.name "collab merge by meaning"
  git config merge.collab.driver "collab merge-file %O %A %B --path %P"
  echo "goals/*.yaml merge=collab" >> .gitattributes`,
		Example: `  collab merge-file base.yaml ours.yaml theirs.yaml --path goals/markdown-spend.yaml`,
		Args:    cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Base, opts.Ours, opts.Theirs = args[0], args[1], args[2]
			if runF != nil {
				return runF(opts)
			}
			return mergeFileRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Path, "path", "", "the file's path in the repository, for messages (git's %P)")
	return cmd
}

func mergeFileRun(opts *Options) error {
	read := func(p string) ([]byte, error) {
		root, name, err := open(opts.WorkDir(), p)
		if err != nil {
			return nil, err
		}
		defer root.Close()
		return safefile.ReadFile(root, name, maxInput)
	}
	var in [3][]byte
	for i, p := range []string{opts.Base, opts.Ours, opts.Theirs} {
		b, err := read(p)
		if err != nil {
			return err
		}
		in[i] = b
	}
	name := opts.Path
	if name == "" {
		name = opts.Ours
	}
	res := merge.Files(name, in[0], in[1], in[2])
	root, rel, err := open(opts.WorkDir(), opts.Ours)
	if err != nil {
		return err
	}
	defer root.Close()
	if err := safefile.WriteFile(root, rel, res.Text); err != nil {
		return err
	}
	if len(res.Conflicts) == 0 {
		return nil
	}
	report(opts.IO, name, res.Conflicts)
	return cmdutil.ErrSilent
}

// open returns the folder of p (relative to dir) as a root, and p's name in it.
func open(dir, p string) (*os.Root, string, error) {
	if !filepath.IsAbs(p) {
		p = filepath.Join(dir, p)
	}
	root, err := os.OpenRoot(filepath.Dir(p))
	if err != nil {
		return nil, "", err
	}
	return root, filepath.Base(p), nil
}

// report lists the conflicts left in the file at path, for a person.
func report(io *iostreams.IOStreams, path string, cs []merge.Conflict) {
	for _, c := range cs {
		fmt.Fprintln(io.ErrOut, merge.Describe(path, c))
	}
	fmt.Fprintln(io.ErrOut, merge.Hint)
}
