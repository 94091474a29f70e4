// Package calendarcmd implements `collab calendar`, the iCalendar feed of
// due dates, check-ins and reviews for people who live in their calendar.
package calendarcmd

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/calendar"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
)

type Options struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	AsOf      func() (model.Date, error)

	Teams   []string
	Person  string
	Output  string // a file; empty or "-": standard output
	Name    string
	BaseURL string
}

func NewCmdCalendar(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO, Workspace: f.Workspace, AsOf: f.AsOf}
	cmd := &cobra.Command{
		Use:   "calendar [--team T ...] [--person EMAIL] [--as-of DATE] [-o FILE]",
		Short: "Write an iCalendar feed of due dates, check-ins and reviews",
		Long: `Write an iCalendar (RFC 5545, .ics) feed that a calendar program
subscribes to: people who never run collab see what is due in their own
calendar.

Every event is an all-day event:
  commitment due dates  of active agreements (of proposed ones as
                        tentative; dropped commitments as cancelled)
  check-ins             recurring, from each active agreement's cadence
                        (its forum as the location) and each active goal's
                        check-in interval (until the goal's period ends)
  reviews               review.next of active agreements
  goal period ends      of every goal not dropped (drafts as tentative)

Each event's UID comes from the workspace id and the entity ids, so
importing the feed again updates events instead of duplicating them;
SEQUENCE and LAST-MODIFIED come from the git history of the event's file.
The feed is stamped with --as-of (default today): the same workspace and
--as-of give the same bytes.

--team keeps the events of agreements the teams are party to and of goals
they share; --person keeps what names that person (commitments they own,
agreements and goals they own or own a party of). -o writes to a file
instead of standard output. The format is documented in docs/calendar.md.`,
		Example: `  collab calendar -o acme.ics
  collab calendar --team sales --as-of 2026-04-15 > sales.ics
  collab calendar --person sam@acme.example -o sam.ics`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch opts.Output {
			case cmdutil.JSON, cmdutil.YAML, cmdutil.Table:
				// -o is a format elsewhere in collab; here it names the file.
				return cmdutil.FlagErrorf("-o %s: calendar writes iCalendar only, and -o names the file to write (e.g. -o team.ics)", opts.Output)
			}
			if opts.Person != "" {
				if err := model.CheckEmail(opts.Person); err != nil {
					return cmdutil.FlagErrorf("--person: %v", err)
				}
			}
			if opts.BaseURL != "" && !strings.HasPrefix(opts.BaseURL, "https://") && !strings.HasPrefix(opts.BaseURL, "http://") {
				return cmdutil.FlagErrorf("--base-url %q: give an http:// or https:// URL", opts.BaseURL)
			}
			if runF != nil {
				return runF(opts)
			}
			return calendarRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVar(&opts.Teams, "team", nil, "only the events concerning this team (repeat or comma-separate for several)")
	fl.StringVar(&opts.Person, "person", "", "only the events that name this person (`EMAIL`)")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the feed to `FILE` instead of standard output")
	fl.StringVar(&opts.Name, "name", "", "calendar name shown by calendar programs (default: the workspace title and the filters)")
	fl.StringVar(&opts.BaseURL, "base-url", "", "link every event to its page of a published `collab report` at this URL")
	_ = cmd.MarkFlagFilename("output", "ics")
	_ = cmd.RegisterFlagCompletionFunc("team", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

func calendarRun(opts *Options) error {
	asOf, err := opts.AsOf()
	if err != nil {
		return err
	}
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, t := range opts.Teams {
		if w.Teams[t] == nil {
			return cmdutil.FlagErrorf("--team %q: no such team (%s)", t, workspace.IDHint(model.KindTeam, t, slices.Collect(maps.Keys(w.Teams))))
		}
	}
	cal, err := calendar.Build(w, calendar.Options{AsOf: asOf, Teams: opts.Teams, Person: opts.Person, Name: opts.Name, BaseURL: opts.BaseURL})
	if err != nil {
		return err
	}
	if opts.Output == "" || opts.Output == "-" {
		// The feed is data for a calendar program: its CRLFs must reach it
		// as written (TEXT values are escaped by the encoder).
		_, err = cal.WriteTo(opts.IO.RawOut)
		return err
	}
	var buf bytes.Buffer
	if _, err := cal.WriteTo(&buf); err != nil {
		return err
	}
	abs, err := filepath.Abs(opts.Output)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(filepath.Dir(abs))
	if err != nil {
		return fmt.Errorf("-o %s: %w", opts.Output, err)
	}
	defer root.Close()
	if err := safefile.WriteFile(root, filepath.Base(abs), buf.Bytes()); err != nil {
		return fmt.Errorf("-o %s: %w", opts.Output, err)
	}
	fmt.Fprintf(opts.IO.ErrOut, "wrote %s: %d events, %d recurring\n", opts.Output, len(cal.Events), cal.Recurring())
	return nil
}
