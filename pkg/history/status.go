package history

import (
	"time"

	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/safefile"
)

// WorkIndex is git's index as it was read once, for telling which
// workspace files are the versions it holds.
type WorkIndex struct {
	x      *gitstore.Index
	prefix string
}

// WorkIndex reads git's index (without taking its lock).
func (r *Repo) WorkIndex() (*WorkIndex, error) {
	x, err := r.git.ReadIndex()
	if err != nil {
		return nil, err
	}
	return &WorkIndex{x: x, prefix: r.prefix}, nil
}

// Unchanged is the version git's index holds of the workspace file rel
// when st, the file's stat data taken as it was read, proves by git's rules
// (racily clean entries included) that what was read is that version;
// false when it does not.
func (w *WorkIndex) Unchanged(rel string, st safefile.Stat) (Hash, bool) {
	h, ok := w.x.Unchanged(w.prefix+rel, gitstore.KnownStat{Size: st.Size, Mtime: time.Unix(0, st.MtimeNs), Ino: st.Ino})
	return Hash(h), ok
}

// Status is the status (spec.status) of version h of the entity file at
// rel, as semdiff.Status gives it: "" for the zero hash, a version without
// one, and one that cannot be read or parsed. The version is parsed
// through the parse cache, so that the next command need not parse it.
func (r *Repo) Status(rel string, h Hash) string {
	if h.IsZero() {
		return ""
	}
	p, err := r.parsedVersion(rel, h)
	if err != nil || p == nil {
		return ""
	}
	return p.Status()
}
