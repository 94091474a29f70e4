// Package schemacmd implements `collab schema`.
package schemacmd

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/schema"
)

func NewCmdSchema(f *cmdutil.Factory) *cobra.Command {
	var write bool
	cmd := &cobra.Command{
		Use:   "schema [KIND]",
		Short: "Print the JSON Schema of a file kind",
		Long: `Print the embedded JSON Schema (draft 2020-12) of a kind: workspace, team,
goal, agreement or map. Without KIND, list the kinds and their schema URLs.

With --write, write the schemas (or KIND's) to .collab/schema/ in the
workspace instead, where the first line of each file collab creates points:
  # yaml-language-server: $schema=../.collab/schema/agreement.schema.json
Editors that use yaml-language-server then check files as you type, against
the schemas of the collab version in use, offline. "collab init" writes
them; run --write again after upgrading collab ("collab validate" warns when
the copy differs), and commit them.`,
		Example: `  collab schema agreement > agreement.schema.json
  collab schema --write`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"workspace", "team", "goal", "agreement", "map"},
		RunE: func(cmd *cobra.Command, args []string) error {
			out := f.IO.Out
			names := schema.Names
			if len(args) == 1 {
				k, err := model.ParseKind(args[0])
				if err != nil {
					return cmdutil.FlagErrorf("%v", err)
				}
				names = []string{strings.ToLower(string(k))}
			}
			if write {
				return writeCopies(f, names)
			}
			if len(args) == 0 {
				for _, n := range schema.Names {
					fmt.Fprintf(out, "%-15s %s\n", n, schema.URL(n))
				}
				return nil
			}
			b, _ := schema.Get(names[0])
			_, err := out.Write(b)
			return err
		},
	}
	cmd.Flags().BoolVar(&write, "write", false, "write the schemas to .collab/schema/ in the workspace")
	return cmd
}

// writeCopies brings the workspace's copies of the named schemas up to
// date and prints the paths it wrote.
func writeCopies(f *cmdutil.Factory, names []string) error {
	root, err := workspace.Find(f.WorkDir())
	if err != nil {
		return err
	}
	fsys, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer fsys.Close()
	wrote := 0
	for _, n := range names {
		p := schema.CopyPath(n)
		want, _ := schema.Get(n)
		if got, err := safefile.ReadFile(fsys, p, 0); err == nil && bytes.Equal(got, want) {
			continue
		}
		if err := safefile.WriteFile(fsys, p, want); err != nil {
			return err
		}
		fmt.Fprintf(f.IO.Out, "wrote %s\n", p)
		wrote++
	}
	if wrote == 0 {
		fmt.Fprintf(f.IO.ErrOut, "%s is up to date\n", schema.CopyDir)
	}
	return nil
}
