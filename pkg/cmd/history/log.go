package history

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
)

type LogOptions struct {
	IO      *iostreams.IOStreams
	WorkDir func() string
	Target  string // empty: the whole workspace
	Max     int
	Since   string
	Output  string
}

func NewCmdLog(f *cmdutil.Factory, runF func(*LogOptions) error) *cobra.Command {
	opts := &LogOptions{IO: f.IO, WorkDir: f.WorkDir}
	cmd := &cobra.Command{
		Use:   "log [ID]",
		Short: "Show the history of an entity or of the workspace",
		Long: `Show the commits that changed an entity, newest first, with the semantic
changes each one made: fields by path (list items by their id, team, party
or person), status transitions, and for agreements whether the terms changed
and which parties must accept again.

The commits are exactly those "git log -- PATH" lists, including commits made
with plain git and on merged branches. ID is looked up across kinds; when an
agreement and its stakeholder map share an id the agreement is shown: name
the kind to choose (agreement/ID, goal/ID, team/ID, map/ID).

Without ID, every commit that changed the workspace, with the entities it changed.`,
		Example: `  collab log feature-x-launch
  collab log map/feature-x-launch -n 5
  collab log --since 2026-03-01
  collab log feature-x-launch -o json | jq '.[0].entities[0].changes'`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: completeTargets(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if opts.Max < 0 {
				return cmdutil.FlagErrorf("-n must be zero (no limit) or more, not %d", opts.Max)
			}
			if opts.Since != "" {
				if _, err := model.ParseDate(opts.Since); err != nil {
					return cmdutil.FlagErrorf("--since: %v", err)
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return logRun(opts)
		},
	}
	cmd.Flags().IntVarP(&opts.Max, "max-count", "n", 0, "show at most `N` commits (0: all)")
	cmd.Flags().StringVar(&opts.Since, "since", "", "show only commits made on or after `DATE` (YYYY-MM-DD)")
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

// LogCommit is one commit of `collab log -o json`.
type LogCommit struct {
	Commit   string            `json:"commit"`
	Parents  []string          `json:"parents"`
	Author   history.Person    `json:"author"`
	Date     time.Time         `json:"date"`
	Subject  string            `json:"subject"`
	Entities []*semdiff.Entity `json:"entities"`
}

func logRun(opts *LogOptions) error {
	r, err := openRepo(opts.WorkDir())
	if err != nil {
		return err
	}
	defer r.Close()
	lo := history.LogOptions{Max: opts.Max}
	if opts.Target != "" {
		t, err := parseTarget(r, opts.Target)
		if err != nil {
			return err
		}
		lo.Entity = &t
	}
	if opts.Since != "" {
		lo.Since, _ = time.ParseInLocation("2006-01-02", opts.Since, time.Local)
	}
	p := newLogPrinter(opts, lo.Entity != nil)
	err = r.LogDiffs(lo, func(rev *history.Revision, entities []*semdiff.Entity) error {
		return p.print(logCommit(rev, entities))
	})
	if err != nil {
		return err
	}
	return p.close(lo.Entity)
}

// logPrinter prints the commits of a log as they come, in any format.
type logPrinter struct {
	opts   *LogOptions
	single bool
	// Every format streams: each commit is printed when it is read, so the
	// first commits show at once and memory does not grow with the history.
	list *listWriter
	n    int
	buf  bytes.Buffer
}

func newLogPrinter(opts *LogOptions, single bool) *logPrinter {
	return &logPrinter{opts: opts, single: single, list: &listWriter{w: opts.IO.Out, format: opts.Output}}
}

func (p *logPrinter) print(lc *LogCommit) error {
	p.n++
	if p.opts.Output != cmdutil.Table {
		return p.list.Write(lc)
	}
	// One write per commit, not one per line: each write is a system call.
	p.buf.Reset()
	if p.n > 1 {
		fmt.Fprintln(&p.buf)
	}
	writeLogCommit(&p.buf, p.opts.IO, lc, p.single)
	_, err := p.opts.IO.Out.Write(p.buf.Bytes())
	return err
}

// close ends the list; an empty table says so on stderr.
func (p *logPrinter) close(e *history.Entity) error {
	if p.opts.Output != cmdutil.Table {
		return p.list.Close()
	}
	if p.n == 0 {
		what := "the workspace"
		if e != nil {
			what = e.Path()
		}
		fmt.Fprintf(p.opts.IO.ErrOut, "no commits change %s\n", what)
	}
	return nil
}

// logCommit is a listed commit with the semantic changes it made.
func logCommit(rev *history.Revision, entities []*semdiff.Entity) *LogCommit {
	lc := &LogCommit{
		Commit:   rev.Hash.String(),
		Author:   rev.Author,
		Date:     rev.Date,
		Subject:  rev.Subject,
		Entities: append([]*semdiff.Entity{}, entities...),
	}
	for _, p := range rev.Parents {
		lc.Parents = append(lc.Parents, p.String())
	}
	return lc
}

// writeLogCommit prints one commit of the table format; single leaves out
// the entity headings when the log is of one entity.
func writeLogCommit(w io.Writer, ios *iostreams.IOStreams, lc *LogCommit, single bool) {
	p := painter(ios)
	merge := ""
	if len(lc.Parents) > 1 {
		merge = " " + ios.Faint("(merge)")
	}
	// The subject and the author come from commits anyone may have made:
	// escaped, they cannot drive the terminal or start a line.
	fmt.Fprintf(w, "%s %s %s%s\n", ios.Yellow(lc.Commit[:7]), lc.Date.Format("2006-01-02"), model.Escape(lc.Subject), merge)
	fmt.Fprintf(w, "    %s\n", ios.Faint(model.Escape(fmt.Sprintf("%s <%s>", lc.Author.Name, lc.Author.Email))))
	for _, e := range lc.Entities {
		indent := "    "
		if !single {
			head := model.Escape(e.Name())
			if e.Change != semdiff.Modified {
				head += " (" + e.Change + ")"
			}
			fmt.Fprintf(w, "    %s\n", p.Bold(head))
			indent = "      "
		} else if e.Change != semdiff.Modified {
			fmt.Fprintf(w, "%s%s\n", indent, p.Bold(e.Change))
		}
		lines := e.Lines(p)
		if len(lines) == 0 && e.Change == semdiff.Modified {
			lines = []string{p.Faint("formatting or comments only")}
		}
		for _, l := range lines {
			fmt.Fprintf(w, "%s%s\n", indent, l)
		}
	}
}
