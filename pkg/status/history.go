package status

import (
	"errors"
	"sync"
	"time"

	"github.com/collab-tools/collab/internal/parallel"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// versionAsked, when set by a test, is called for each version of a file
// whose status Events asks history for (read and parsed, or found in the
// parse cache).
var versionAsked func(path string, h history.Hash)

// Events reads from history when each goal that is achieved now became
// achieved, and each agreement that is active now became active: the
// newest commit from `since` to `until` whose version of the file has that
// status when the version before it did not (or the file was added with
// it). The date is the commit's author date; By is its author. Commits
// after until are passed over without reading a file. A repository with no
// commits has no events.
//
// A version's status is read from history only when it is not known
// already: the version git's index holds of a file that src.Files loaded
// unchanged has the status the workspace read from it, and a file's
// changes come newest first, so the old version of one is mostly the new
// version of the next.
func Events(r *history.Repo, src Sources, since, until time.Time) ([]Event, error) {
	type target struct {
		kind, status string
		id           string
		value        any // the workspace's value of the entity
	}
	want := map[string]target{}
	for id, g := range src.Goals {
		if g.Spec.Status == model.GoalAchieved {
			want[workspace.PathOf(model.KindGoal, id)] = target{KindAchieved, model.GoalAchieved, id, g}
		}
	}
	for id, a := range src.Agreements {
		if a.Spec.Status == model.AgreementActive {
			want[workspace.PathOf(model.KindAgreement, id)] = target{KindActive, model.AgreementActive, id, a}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	// known holds, per wanted file, one version whose status is known: at
	// first the version the work tree holds, then the last one read.
	type version struct {
		h      history.Hash
		status string
	}
	known := map[string]version{}
	// workTree puts in known the versions the work tree holds; git's index
	// is read only once a commit in the window changes a wanted file.
	workTree := sync.OnceFunc(func() {
		if len(src.Files) == 0 {
			return
		}
		// An index collab cannot read only means reading every version.
		x, err := r.WorkIndex()
		if err != nil {
			return
		}
		for _, e := range src.Files {
			t, ok := want[e.Path]
			if !ok || e.Value != t.value || e.Stat() == nil {
				continue
			}
			if h, ok := x.Unchanged(e.Path, *e.Stat()); ok {
				known[e.Path] = version{h, t.status}
			}
		}
	})
	// statusOf is the status of version h of the file at path: from known,
	// else read through the parse cache.
	statusOf := func(path string, h history.Hash) string {
		if v, ok := known[path]; ok && v.h == h {
			return v.status
		}
		if h.IsZero() {
			return ""
		}
		if versionAsked != nil {
			versionAsked(path, h)
		}
		return r.Status(path, h)
	}
	var out []Event
	err := r.Log(history.LogOptions{Since: since, Until: until}, func(rev *history.Revision) error {
		// The versions of a commit's files are read and parsed on every
		// core: a commit that adds thousands of agreements has thousands
		// to parse. A path appears once in a commit.
		var files []history.FileChange
		for _, f := range rev.Files {
			if _, ok := want[f.Path]; ok {
				workTree()
				files = append(files, f)
			}
		}
		// seen[i] is the newest version of files[i] whose status is known
		// after this commit: its old version when its new one has the
		// wanted status (then read too), else its new one.
		seen := make([]version, len(files))
		became := make([]bool, len(files))
		parallel.Runs(len(files), 64, func(i int) { // known is only read here
			f, t := files[i], want[files[i].Path]
			seen[i] = version{f.New, statusOf(f.Path, f.New)}
			if seen[i].status == t.status {
				seen[i] = version{f.Old, statusOf(f.Path, f.Old)}
				became[i] = seen[i].status != t.status
			}
		})
		for i, f := range files {
			if !became[i] {
				known[f.Path] = seen[i]
				continue
			}
			t := want[f.Path]
			out = append(out, Event{Kind: t.kind, ID: t.id, Date: model.DateOf(rev.Date), By: rev.Author.Email})
			delete(want, f.Path)
			delete(known, f.Path)
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
