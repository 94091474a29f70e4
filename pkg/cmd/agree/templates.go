package agree

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

type TemplatesOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Output  string
}

func NewCmdTemplates(f *cmdutil.Factory, runF func(*TemplatesOptions) error) *cobra.Command {
	opts := &TemplatesOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "templates",
		Short: "List the agreement templates for 'agree new --template'",
		Long: `List the agreement templates: the built-in launch (product + sales),
service-level (a provider and a consumer team, tiered turnaround), onboarding
(HR + IT + finance) and budget (finance + a requesting department), and the
workspace's own templates/NAME.yaml files (kind: Agreement), which override a
built-in template of the same name.`,
		Example: `  collab agree templates
  collab agree new web-changes --title "Website changes" --owner omar@acme.example \
    --party it:omar@acme.example --party marketing:nora@acme.example --template service-level`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return templatesRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func templatesRun(opts *TemplatesOptions) error {
	root, err := templateRoot(opts.WorkDir())
	if err != nil {
		return err
	}
	defer root.Close()
	ts, err := agreement.Templates(root)
	if err != nil {
		return err
	}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, ts, func(out io.Writer) error {
		t := cmdutil.NewTable(out, "Name", "Parties", "Source", "Title")
		for _, tp := range ts {
			t.Append([]string{tp.Name, strings.Join(tp.Parties, ","), tp.Source, tp.Title})
		}
		if err := t.Render(); err != nil {
			return err
		}
		fmt.Fprintln(opts.IO.ErrOut, "use one with: collab agree new ID --template NAME --party TEAM:OWNER ...")
		return nil
	})
}
