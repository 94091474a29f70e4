// Package report implements `collab report`, the static HTML site of a
// workspace for people who do not use a terminal.
package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/site"
	"github.com/collab-tools/collab/pkg/workspace"
)

type Options struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)
	// Graphviz finds dot for the stakeholder diagrams; nil result: the
	// built-in renderer.
	Graphviz func() (*site.GraphvizDiagram, bool)

	Out     string
	Title   string
	BaseURL string
	Output  string
}

func NewCmdReport(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, AsOf: f.AsOf, Graphviz: site.FindGraphviz}
	cmd := &cobra.Command{
		Use:   "report --out DIR [--title T] [--base-url URL]",
		Short: "Write the workspace as a static website",
		Long: `Write a static website of the workspace into DIR, for the people who follow
agreements and goals in a browser rather than a terminal:

  index.html             the status sections (as collab status prints them)
                         and counts at a glance
  goals/ID.html          key results (baseline, current, target), a progress
                         chart from the check-ins with the expected pace,
                         check-ins, parent and children, agreements serving it
  agreements/ID.html     purpose, parties with their acceptance and their
                         own words, commitments by party on a timeline,
                         parameters, options, metrics, service levels,
                         cadence, escalation, and the history from git
  teams/ID.html          what the team owes and is owed, goals, maps, members
  maps/ID.html           the power/interest grid and the roles diagram
                         (Graphviz dot when it is on PATH, else a built-in
                         renderer; the page says which)
  calendar.ics           the feed collab calendar writes, linked from the
  teams/ID.ics           home page, and one per team, linked from its page

Figures are computed as of --as-of (default today). The site runs no
script and loads nothing from another host: open index.html from disk or
publish DIR as it is (GitHub Pages, any web server). The same workspace and
--as-of give byte-identical files, so CI can diff two builds.

DIR is created when missing. A DIR holding an earlier report is refreshed
(pages of removed entities are deleted); any other non-empty DIR is refused.
--base-url is the address the site is published at: pages then name their
canonical address, calendar links offer a webcal:// subscription and
calendar events link to their pages. Links between pages are always
relative.`,
		Example: `  collab report --out site --as-of 2026-04-15
  collab report --out public --title "ACME collaboration" --base-url https://acme.github.io/collab/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.Out == "" {
				return cmdutil.FlagErrorf("--out DIR is required: the folder to write the site into")
			}
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if opts.BaseURL != "" {
				if err := checkBaseURL(opts.BaseURL); err != nil {
					return cmdutil.FlagErrorf("--base-url: %v", err)
				}
			}
			if _, bad := model.BadChar(opts.Title, false); bad {
				return cmdutil.FlagErrorf("--title: control characters are not allowed")
			}
			if runF != nil {
				return runF(opts)
			}
			return reportRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Out, "out", "", "write the site into `DIR` (required)")
	fl.StringVar(&opts.Title, "title", "", "the site's title (default: the workspace's title)")
	fl.StringVar(&opts.BaseURL, "base-url", "", "the `URL` the site is published at (https://...)")
	_ = cmd.MarkFlagDirname("out")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// checkBaseURL accepts an absolute http(s) address without query or fragment.
func checkBaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an http(s) address such as https://acme.github.io/collab/", s)
	}
	return nil
}

// Result is what `collab report -o json` prints.
type Result struct {
	Dir      string   `json:"dir" yaml:"dir"`
	AsOf     string   `json:"asOf" yaml:"asOf"`
	Renderer string   `json:"diagramRenderer" yaml:"diagramRenderer"`
	Files    []string `json:"files" yaml:"files"`
}

func reportRun(opts *Options) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	in, err := site.FromWorkspace(w, asOf)
	if err != nil {
		return err
	}
	if opts.Title != "" {
		in.Title = opts.Title
	}
	if opts.BaseURL != "" {
		in.BaseURL = strings.TrimSuffix(opts.BaseURL, "/") + "/"
	}
	if err := site.AddCalendars(w, &in); err != nil {
		return err
	}
	if g, ok := opts.Graphviz(); ok {
		in.Diagram = g
	}
	files, err := site.Build(in)
	if err != nil {
		return err
	}
	if err := site.Write(opts.Out, files); err != nil {
		return fmt.Errorf("--out %w: choose an empty or new folder", err)
	}
	renderer := site.BuiltinDiagram{}.Name()
	if in.Diagram != nil {
		renderer = in.Diagram.Name()
	}
	res := Result{Dir: opts.Out, AsOf: string(asOf), Renderer: renderer, Files: files.Paths()}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, res, func(out io.Writer) error {
		fmt.Fprintf(out, "Wrote %d files to %s as of %s; open %s\n", len(res.Files), opts.Out, asOf, filepath.Join(opts.Out, "index.html"))
		return nil
	})
}
