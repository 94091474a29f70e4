package site

import (
	"bytes"
	"errors"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/calendar"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/status"
	"github.com/collab-tools/collab/pkg/workspace"
)

// StatusSince is the wins window of the home page, that of a plain
// `collab status` (what needs action uses the policy's dueSoon, as it does).
const StatusSince = 30

// FromWorkspace gathers a site's input from a loaded workspace at asOf:
// the status exactly as `collab status --as-of asOf` computes it (with its
// wins read from git history), and each agreement's history. Outside a git
// repository there are no history-based wins and no history (History nil).
func FromWorkspace(w *workspace.Workspace, asOf model.Date) (Input, error) {
	p := w.Policy()
	in := Input{Title: w.Config.Metadata.Title, AsOf: asOf, Teams: w.Teams, Goals: w.Goals, Agreements: w.Agreements, Maps: w.Maps, Policy: p}
	if strings.TrimSpace(in.Title) == "" {
		in.Title = w.Config.Metadata.ID
	}
	within, _ := p.DueSoon.Days()
	o := status.Options{AsOf: asOf, Within: within, Since: StatusSince}
	src := status.Sources{Teams: w.Teams, Goals: w.Goals, Agreements: w.Agreements, Policy: p, Files: w.Files}
	r, err := history.Open(w.Dir)
	if err == nil {
		defer r.Close()
		if src.Events, err = status.Events(r, src, asOf.AddDays(-o.Since).Time(), asOf.AddDays(2).Time()); err != nil {
			return in, err
		}
		if in.History, err = AgreementHistory(r, w.Agreements); err != nil {
			return in, err
		}
	}
	in.Status = status.Compute(src, o)
	return in, nil
}

// AddCalendars makes the site's calendars with pkg/calendar, as `collab
// calendar` makes them: calendar.ics for the whole workspace and
// teams/ID.ics for each team, their events linked to the site's pages when
// in.BaseURL is known. The history is read once for all of them.
func AddCalendars(w *workspace.Workspace, in *Input) error {
	versions, err := calendar.ReadVersions(w.Dir)
	if err != nil {
		return err
	}
	add := func(path, name, team string) error {
		o := calendar.Options{AsOf: in.AsOf, BaseURL: in.BaseURL, Versions: versions}
		if team != "" {
			o.Teams = []string{team}
		}
		cal, err := calendar.Build(w, o)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if _, err := cal.WriteTo(&buf); err != nil {
			return err
		}
		in.Calendars = append(in.Calendars, Calendar{Team: team, Path: path, Name: name, Data: buf.Bytes()})
		return nil
	}
	if err := add("calendar.ics", "All due dates, check-ins and reviews (calendar.ics)", ""); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(w.Teams)) {
		if err := add("teams/"+id+".ics", "Calendar of "+orID(w.Teams[id].Metadata.Title, id)+" ("+id+".ics)", id); err != nil {
			return err
		}
	}
	return nil
}

// AgreementHistory reads, in one walk of the history, the commits that
// changed each agreement's file, newest first, with what each changed by
// meaning (the commit that added a file only as added). Every agreement of the workspace has an entry, empty when no
// commit changed it; a repository without commits gives empty entries.
func AgreementHistory(r *history.Repo, agreements map[string]*model.Agreement) (map[string][]history.Change, error) {
	out := make(map[string][]history.Change, len(agreements))
	byPath := map[string]string{}
	for id := range agreements {
		out[id] = []history.Change{}
		byPath[workspace.PathOf(model.KindAgreement, id)] = id
	}
	dir := model.KindAgreement.Dir()
	err := r.Log(history.LogOptions{}, func(rev *history.Revision) error {
		for _, f := range rev.Files {
			if path.Dir(f.Path) != dir {
				continue
			}
			id, ok := byPath[f.Path]
			if !ok {
				continue // an agreement no longer in the workspace
			}
			// The commit that added the file changed nothing field by field:
			// it is shown as added, without parsing that version.
			d := &semdiff.Entity{Kind: model.KindAgreement, ID: id, Path: f.Path, Change: semdiff.Added, Changes: []semdiff.Change{}}
			if !f.Old.IsZero() {
				var err error
				if d, err = r.DiffFile(f); err != nil {
					return err
				}
			}
			out[id] = append(out[id], history.Change{Commit: rev.Commit, Diff: d})
		}
		return nil
	})
	if errors.Is(err, history.ErrNoCommits) {
		err = nil
	}
	return out, err
}
