package gitstore

import (
	"errors"
	"sort"
)

// Unmerged is a file a merge, rebase or cherry-pick left with conflicts:
// its versions in the index stages 1 (base), 2 (ours) and 3 (theirs), nil
// where a stage is missing (the file was added or deleted on a side).
type Unmerged struct {
	Path               string // slash path relative to the work tree root
	Base, Ours, Theirs []byte
}

// Unmerged returns the files with conflict stages in the index, by path.
// Versions over max bytes are an error (a *safefile.SizeError).
func (r *Repo) Unmerged(max int64) ([]Unmerged, error) {
	idx, _, err := readIndex(r.indexFile())
	if err != nil {
		return nil, err
	}
	byPath := map[string]*Unmerged{}
	var out []*Unmerged
	for i := range idx.Entries {
		e := &idx.Entries[i]
		if e.Stage() == 0 { // a merged entry
			continue
		}
		u := byPath[e.Name]
		if u == nil {
			u = &Unmerged{Path: e.Name}
			byPath[e.Name] = u
			out = append(out, u)
		}
		b, err := r.ReadBlob(e.Hash, max)
		if err != nil {
			return nil, err
		}
		switch e.Stage() {
		case 1:
			u.Base = b
		case 2:
			u.Ours = b
		case 3:
			u.Theirs = b
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	res := make([]Unmerged, len(out))
	for i, u := range out {
		res[i] = *u
	}
	return res, nil
}

// Stage adds the work tree's version of p (a slash path relative to the
// work tree root) to the index, ending its conflict, with git add: only
// git merges with conflicts, so git is there.
func (r *Repo) Stage(p string) error {
	if gitBinary() == "" {
		return errors.New("git is not installed: stage " + p + " with git add")
	}
	_, err := r.gitRun("", nil, "add", "--", p)
	return err
}
