package status

import (
	"errors"
	"time"

	"github.com/collab-tools/collab/internal/parallel"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Events reads from history when each goal that is achieved now became
// achieved, and each agreement that is active now became active: the
// newest commit from `since` to `until` whose version of the file has that
// status when the version before it did not (or the file was added with
// it). The date is the commit's author date; By is its author. Commits
// after until are passed over without reading a file. A repository with no
// commits has no events.
func Events(r *history.Repo, src Sources, since, until time.Time) ([]Event, error) {
	type target struct {
		kind, status string
		id           string
	}
	want := map[string]target{}
	for id, g := range src.Goals {
		if g.Spec.Status == model.GoalAchieved {
			want[workspace.PathOf(model.KindGoal, id)] = target{KindAchieved, model.GoalAchieved, id}
		}
	}
	for id, a := range src.Agreements {
		if a.Spec.Status == model.AgreementActive {
			want[workspace.PathOf(model.KindAgreement, id)] = target{KindActive, model.AgreementActive, id}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	status := func(path string, h history.Hash) string {
		if h.IsZero() {
			return ""
		}
		b, err := r.ReadBlob(h)
		if err != nil {
			return "" // an unreadable version has no status to compare
		}
		return semdiff.Status(path, b)
	}
	var out []Event
	err := r.Log(history.LogOptions{Since: since, Until: until}, func(rev *history.Revision) error {
		// The versions of a commit's files are read and parsed on every
		// core: a commit that adds thousands of agreements has thousands
		// to parse. A path appears once in a commit.
		var files []history.FileChange
		for _, f := range rev.Files {
			if _, ok := want[f.Path]; ok {
				files = append(files, f)
			}
		}
		became := make([]bool, len(files))
		parallel.Runs(len(files), 64, func(i int) {
			f, t := files[i], want[files[i].Path]
			became[i] = status(f.Path, f.New) == t.status && status(f.Path, f.Old) != t.status
		})
		for i, f := range files {
			if !became[i] {
				continue
			}
			t := want[f.Path]
			out = append(out, Event{Kind: t.kind, ID: t.id, Date: model.DateOf(rev.Date), By: rev.Author.Email})
			delete(want, f.Path)
		}
		if len(want) == 0 {
			return history.ErrStop
		}
		return nil
	})
	if errors.Is(err, history.ErrNoCommits) {
		err = nil
	}
	return out, err
}
