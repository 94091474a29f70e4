package history

import (
	"errors"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/semdiff"
)

// LogOptions choose the commits Log lists.
type LogOptions struct {
	// Entity limits the log to the commits that changed its file; nil
	// means every entity file of the workspace.
	Entity *Entity
	// From is where the walk starts; zero means HEAD.
	From Hash
	// Hide leaves out the commits reachable from it, as git reads the
	// range Hide..From; zero hides nothing. The headers of every commit
	// reachable from Hide are read first.
	Hide Hash
	// Max stops after this many commits; 0 means no limit.
	Max int
	// Since leaves out commits made (committed) before it, as git log
	// --since does; zero means no limit.
	Since time.Time
	// Until passes over the commits authored (author date) after it: fn
	// is not called for them and their trees are not read, which for a
	// large commit is most of its cost; the walk still goes through them
	// to older commits, and they do not count towards Max. Zero means no
	// limit.
	Until time.Time
}

// Revision is one commit Log lists with the entity files it changed.
type Revision struct {
	Commit
	// Base is the commit the changes are against: the first parent (of a
	// merge too); zero for a root commit.
	Base Hash
	// Files are the entity files that differ from Base, sorted by path.
	// For a log of one entity, exactly its file.
	Files []FileChange
}

// ErrStop, returned by Log's callback, ends the log early without an error.
var ErrStop = errors.New("stop log")

// Log calls fn, newest first, for each commit that `git log -- PATHS`
// lists for the entity files (git's commit order and history
// simplification: a merge is listed only when it differs from every
// parent). It reads only the trees along those paths, and streams: each
// commit is passed on as soon as it is found.
func (r *Repo) Log(opts LogOptions, fn func(*Revision) error) error {
	start := opts.From
	if start.IsZero() {
		h, err := r.Head()
		if err != nil {
			return err
		}
		start = h
	}
	paths := r.entityDirs()
	if opts.Entity != nil {
		paths = []string{r.path(opts.Entity.Path())}
	}
	w := r.walker(paths)
	wo := walkOptions{max: opts.Max, since: opts.Since, until: opts.Until, hide: plumbing.Hash(opts.Hide)}
	// The walk runs on its own goroutine, a few commits ahead of fn: on two
	// cores the tree reads of the walk overlap the parsing that fn does
	// with what it was given (a semantic diff of each version).
	revs := make(chan *Revision, 16)
	stop := make(chan struct{})
	walked := make(chan error, 1)
	go func() {
		defer close(revs)
		walked <- w.walk(plumbing.Hash(start), wo, func(e walkEntry) error {
			rev := &Revision{Commit: *newCommit(e.commit), Base: Hash(e.parent)}
			if opts.Entity != nil {
				rev.Files = []FileChange{{Path: opts.Entity.Path(), Old: e.parentEntries[0].file(), New: e.entries[0].file()}}
			} else {
				files, err := w.diff(e.parentEntries, e.entries)
				if err != nil {
					return err
				}
				rev.Files = r.entityChanges(files)
			}
			select {
			case revs <- rev:
				return nil
			case <-stop:
				return ErrStop
			}
		})
	}()
	var err error
	for rev := range revs {
		if err != nil {
			continue // the walk is stopping
		}
		if err = fn(rev); err != nil {
			close(stop)
		}
	}
	if werr := <-walked; err == nil {
		err = werr
	}
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// Change is one commit's change to an entity, by meaning.
type Change struct {
	Commit
	Diff *semdiff.Entity
}

// EntityLog lists, newest first, the commits that changed entity e with
// what each changed: field by field with old and new values, status
// transitions, the terms of an agreement. opts.Entity is set to e.
func (r *Repo) EntityLog(e Entity, opts LogOptions) ([]Change, error) {
	opts.Entity = &e
	var out []Change
	err := r.Log(opts, func(rev *Revision) error {
		d, err := r.DiffFile(rev.Files[0])
		if err != nil {
			return err
		}
		out = append(out, Change{Commit: rev.Commit, Diff: d})
		return nil
	})
	return out, err
}

// Became finds the newest commit that put entity e into status (an
// agreement becoming active, a goal achieved): a status transition to it,
// or the entity added with it. nil when no commit did.
func (r *Repo) Became(e Entity, status string) (*Change, error) {
	var found *Change
	err := r.Log(LogOptions{Entity: &e}, func(rev *Revision) error {
		c := rev.Files[0]
		d, err := r.DiffFile(c)
		if err != nil {
			return err
		}
		into := d.Status != nil && d.Status.To == status
		if d.Change == semdiff.Added && d.Error == "" {
			b, err := r.readVersion(c.Path, c.New)
			if err != nil {
				return err
			}
			into = semdiff.Status(c.Path, b) == status
		}
		if !into {
			return nil
		}
		found = &Change{Commit: rev.Commit, Diff: d}
		return ErrStop
	})
	return found, err
}
