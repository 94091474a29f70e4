// Package schemacmd implements `collab schema`.
package schemacmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/schema"
)

func NewCmdSchema(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "schema [KIND]",
		Short: "Print the JSON Schema of a file kind",
		Long: `Print the embedded JSON Schema (draft 2020-12) of a kind: workspace, team,
goal, agreement or map. Without KIND, list the kinds and their schema URLs.

Editors that use yaml-language-server validate as you type with a first line
such as:
  # yaml-language-server: $schema=` + schema.URL("agreement"),
		Example:   "  collab schema agreement > agreement.schema.json",
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: []string{"workspace", "team", "goal", "agreement", "map"},
		RunE: func(cmd *cobra.Command, args []string) error {
			out := f.IO.Out
			if len(args) == 0 {
				for _, n := range schema.Names {
					fmt.Fprintf(out, "%-15s %s\n", n, schema.URL(n))
				}
				return nil
			}
			k, err := model.ParseKind(args[0])
			if err != nil {
				return cmdutil.FlagErrorf("%v", err)
			}
			b, _ := schema.Get(strings.ToLower(string(k)))
			_, err = out.Write(b)
			return err
		},
	}
}
