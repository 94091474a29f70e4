package goal

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type TreeOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	ID        string
	Output    string
}

func NewCmdTree(f *cmdutil.Factory, runF func(*TreeOptions) error) *cobra.Command {
	opts := &TreeOptions{IO: f.IO, Workspace: f.Workspace, AsOf: f.AsOf}
	cmd := &cobra.Command{
		Use:   "tree [GOAL]",
		Short: "Show the alignment tree of goals",
		Long: `Show how goals serve each other through their parent links, with progress
and health at --as-of (default today). A goal that others serve shows its own
progress (from its key results) and, beside it, its children's roll-up: the
mean progress of the goals that serve it, as docs/health.md explains. Without GOAL every tree is shown,
from the organizational goals down. With GOAL its chain of parents is shown
down to it, then every goal that serves it.

A goal whose parent does not exist, or whose parents form a cycle, is shown
at the top; "collab validate" reports those links.

-o json prints an array of nodes {id, title, status, owner, progress (0..1),
health, childrenProgress (0..1, absent when no child is measured),
children: [nodes]}.`,
		Example: `  collab goal tree --as-of 2026-03-10
  collab goal tree core-sku-in-stock
  collab goal tree -o json | jq '.[].children[].id'`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeGoalIDs(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.ID = args[0]
			}
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return treeRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func treeRun(opts *TreeOptions) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	if opts.ID != "" {
		if _, err := w.Lookup(model.KindGoal, opts.ID); err != nil {
			return err
		}
	}
	roots, err := model.AlignmentTree(w.Goals, opts.ID)
	if err != nil {
		return err
	}
	p := w.Policy()
	nodes := make([]*goal.TreeNode, len(roots))
	for i, r := range roots {
		nodes[i] = goal.NewTree(r, w.Goals, asOf, p)
	}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, nodes, func(out io.Writer) error {
		if len(nodes) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, "no goals yet: create one with `collab goal new`")
			return nil
		}
		printTree(out, opts.IO, nodes, opts.ID)
		return nil
	})
}

type treeLine struct {
	label string
	node  *goal.TreeNode
}

// printTree draws the trees with box-drawing branches and aligned columns,
// each goal's own progress and, for a goal others serve, their roll-up:
//
//	company-gross-margin        [####......]  39%  children 56%  on-track  Raise company gross margin
//	└── core-sku-in-stock       [######....]  56%                at-risk   97% in-stock on core SKUs
func printTree(out io.Writer, ios *iostreams.IOStreams, roots []*goal.TreeNode, focus string) {
	var lines []treeLine
	var walk func(n *goal.TreeNode, prefix, branch string)
	walk = func(n *goal.TreeNode, prefix, branch string) {
		lines = append(lines, treeLine{prefix + branch + n.ID, n})
		next := prefix
		switch branch {
		case "├── ":
			next += "│   "
		case "└── ":
			next += "    "
		}
		for i, c := range n.Children {
			b := "├── "
			if i == len(n.Children)-1 {
				b = "└── "
			}
			walk(c, next, b)
		}
	}
	for _, r := range roots {
		walk(r, "", "")
	}
	width, upWidth := 0, 0
	rollUp := func(n *goal.TreeNode) string {
		if n.ChildrenProgress == nil {
			return ""
		}
		return "children " + cmdutil.Percent(*n.ChildrenProgress)
	}
	for _, l := range lines {
		width = max(width, utf8.RuneCountInString(l.label))
		upWidth = max(upWidth, len(rollUp(l.node)))
	}
	for _, l := range lines {
		pad := strings.Repeat(" ", width-utf8.RuneCountInString(l.label))
		label := l.label
		if l.node.ID == focus {
			label = ios.Bold(label)
		}
		// The children's roll-up is a column of its own, beside the goal's
		// own progress, only when some goal of the tree has one.
		up := ""
		if upWidth > 0 {
			up = fmt.Sprintf("  %-*s", upWidth, rollUp(l.node))
		}
		fmt.Fprintf(out, "%s%s  %s %4s%s  %-9s  %s\n", label, pad, cmdutil.Bar(l.node.Progress, 10),
			cmdutil.Percent(l.node.Progress), up, l.node.Health, l.node.Title)
	}
}
