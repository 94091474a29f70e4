package mapcmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Render formats and Mermaid diagram choices.
var (
	Formats  = []string{"mermaid", "dot", "grid"}
	Diagrams = []string{"both", "flowchart", "quadrant"}
)

type RenderOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	ID        string
	Format    string
	Fenced    bool
	Diagram   string
}

func NewCmdRender(f *cmdutil.Factory, runF func(*RenderOptions) error) *cobra.Command {
	opts := &RenderOptions{IO: f.IO}
	// It reads what it shows, not the whole workspace.
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceFor(model.KindStakeholderMap, opts.ID) }
	cmd := &cobra.Command{
		Use:   "render ID --format mermaid|dot|grid",
		Short: "Draw a stakeholder map as a diagram",
		Long: `Draw a stakeholder map.

  mermaid  a flowchart of the stakeholders grouped by team, each linked to
           the subject with its RACI letter, then a quadrantChart of
           influence (y) against interest (x): manage closely (top right),
           keep satisfied (top left), monitor (bottom left), keep informed
           (bottom right). Plain Mermaid by default, the two diagrams
           separated by a blank line; --fenced wraps each in a Markdown
           ` + "```mermaid" + ` fence, which GitHub renders. --diagram picks one of
           the two, e.g. for the Mermaid CLI (mmdc), which reads one diagram.
  dot      the same graph for Graphviz: collab map render ID --format dot | dot -Tsvg
  grid     the power/interest grid as a text table.

Only "high" counts as high on the grid; medium is drawn above low within
the lower half. Points that share a cell are spread so none overlap. Labels
are quoted and escaped, so any name renders.`,
		Example: `  collab map render feature-x-launch --format mermaid --fenced >> docs/launch.md
  collab map render feature-x-launch --format dot | dot -Tsvg > launch.svg
  collab map render feature-x-launch --format grid`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeMaps(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := checkEnum("format", opts.Format, Formats); err != nil || opts.Format == "" {
				return cmdutil.FlagErrorf("--format: use one of %v", Formats)
			}
			if err := checkEnum("diagram", opts.Diagram, Diagrams); err != nil {
				return err
			}
			if opts.Format != "mermaid" && (cmd.Flags().Changed("fenced") || cmd.Flags().Changed("diagram")) {
				return cmdutil.FlagErrorf("--fenced and --diagram apply to --format mermaid only")
			}
			if runF != nil {
				return runF(opts)
			}
			return renderRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Format, "format", "mermaid", "mermaid, dot or grid")
	cmd.Flags().BoolVar(&opts.Fenced, "fenced", false, "wrap each Mermaid diagram in a Markdown code fence marked mermaid")
	cmd.Flags().StringVar(&opts.Diagram, "diagram", "both", "Mermaid diagram to draw: both, flowchart or quadrant")
	_ = cmd.RegisterFlagCompletionFunc("format", cmdutil.FixedCompletion(Formats...))
	_ = cmd.RegisterFlagCompletionFunc("diagram", cmdutil.FixedCompletion(Diagrams...))
	return cmd
}

func renderRun(opts *RenderOptions) error {
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(model.KindStakeholderMap, opts.ID)
	if err != nil {
		return err
	}
	m := e.Value.(*model.StakeholderMap)
	var out string
	switch opts.Format {
	case "dot":
		out = stakeholders.DOT(m)
	case "grid":
		out = stakeholders.Grid(m)
	default:
		if n := len(m.Spec.Stakeholders); n > stakeholders.MermaidMaxEdges && opts.Diagram != "quadrant" {
			fmt.Fprintf(opts.IO.ErrOut, "warning: %d stakeholders: Mermaid draws flowcharts of at most %d edges by default; use --diagram quadrant or --format dot\n", n, stakeholders.MermaidMaxEdges)
		}
		switch opts.Diagram {
		case "flowchart":
			out = stakeholders.Fence(stakeholders.MermaidFlowchart(m), opts.Fenced)
		case "quadrant":
			out = stakeholders.Fence(stakeholders.MermaidQuadrant(m), opts.Fenced)
		default:
			out = stakeholders.Mermaid(m, opts.Fenced)
		}
	}
	_, err = fmt.Fprint(opts.IO.Out, out)
	return err
}
