package calendar

import (
	"errors"
	"time"

	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/history"
)

// Version is what a file's git history says of the events made from it.
type Version struct {
	// Sequence is the number of commits that changed the file, less one:
	// 0 for a file committed once, one more for every later change, so a
	// calendar program takes the newer copy of an event.
	Sequence int
	// Modified is the author date of the newest of those commits.
	Modified time.Time
}

// Versions are the versions of entity files, by path relative to the
// workspace.
type Versions map[string]Version

// ReadVersions reads, in one walk of the history from HEAD, how often each
// entity file of the workspace in dir was changed and when last. A
// workspace outside a git repository, or in one with no commits, has an
// empty (non-nil) Versions: its events have SEQUENCE 0 and no LAST-MODIFIED.
func ReadVersions(dir string) (Versions, error) {
	out := Versions{}
	r, err := history.Open(dir)
	if errors.Is(err, gitstore.ErrNoRepo) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	count := map[string]int{}
	err = r.Log(history.LogOptions{}, func(rev *history.Revision) error {
		for _, f := range rev.Files {
			if count[f.Path] == 0 {
				out[f.Path] = Version{Modified: rev.Date.UTC()} // newest first
			}
			count[f.Path]++
		}
		return nil
	})
	if errors.Is(err, history.ErrNoCommits) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for p, n := range count {
		v := out[p]
		v.Sequence = n - 1
		out[p] = v
	}
	return out, nil
}
