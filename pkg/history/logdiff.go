package history

import (
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/collab-tools/collab/pkg/semdiff"
)

// LogDiffs is Log that also compares, by meaning, each file a listed commit
// changed: fn gets the commits in Log's order with one entity per file of
// Revision.Files, as DiffFile gives it.
//
// The versions are read and parsed ahead of fn on every core, a bounded
// window of commits at a time, each version once: the old version of one
// change of a file is the new version of the file's next change, and that
// change waits for the parse instead of parsing again. The window and the
// last version of each file (at most maxFiles) are all it keeps.
func (r *Repo) LogDiffs(opts LogOptions, fn func(*Revision, []*semdiff.Entity) error) error {
	p := &pipeline{r: r, last: map[string]*slot{}}
	// The caller's goroutine takes tasks too while it waits for the next
	// commit to print: on a busy machine a goroutine that sleeps until
	// woken can wait long for a core.
	workers := min(runtime.GOMAXPROCS(0), 8) - 1
	p.tasks = make(chan *task, 4*logWindow)
	pending := make(chan *revTasks, logWindow)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range p.tasks {
				t.run(p)
			}
		}()
	}
	walked := make(chan error, 1)
	go func() {
		defer close(pending)
		defer close(p.tasks)
		walked <- r.Log(opts, func(rev *Revision) error {
			if p.stopped.Load() {
				return ErrStop
			}
			rt := p.dispatch(rev)
			// The commit goes to the caller before its tasks are queued:
			// the caller takes tasks too, and may be the only one to.
			pending <- rt // bounds the commits in flight
			for _, t := range rt.tasks {
				p.tasks <- t
			}
			return nil
		})
	}()
	var err error
	for rt := range pending {
		p.help(rt) // once stopped, the tasks end at once
		if err != nil {
			continue // draining: the walk and the workers are stopping
		}
		for _, t := range rt.tasks {
			if err == nil && t.err != nil {
				err = t.err
			}
		}
		if err == nil {
			err = fn(rt.rev, rt.out)
		}
		if err != nil {
			p.stopped.Store(true)
		}
	}
	wg.Wait()
	if werr := <-walked; err == nil {
		err = werr
	}
	if err == nil || errors.Is(err, ErrStop) {
		r.flushCache()
	}
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// help runs queued tasks until rt's are done.
func (p *pipeline) help(rt *revTasks) {
	for {
		select {
		case <-rt.done:
			return
		default:
		}
		select {
		case <-rt.done:
			return
		case t, ok := <-p.tasks:
			if !ok {
				<-rt.done
				return
			}
			t.run(p)
		}
	}
}

// logWindow is how many commits LogDiffs reads and parses ahead of its
// callback.
const logWindow = 64

// pipeline is the state of one LogDiffs.
type pipeline struct {
	r     *Repo
	tasks chan *task
	// last holds, per file, the version its last listed change started
	// from: the version the file's next change ends with. Only dispatch
	// touches it.
	last    map[string]*slot
	stopped atomic.Bool
}

// slot is one version of a file, parsed by the task that owns it; done is
// closed once v or err is set.
type slot struct {
	path string
	hash Hash
	data semdiff.Version // read by dispatch, dropped once parsed
	// cached: the parse cache holds this version; dispatch did not read it.
	cached bool
	done   chan struct{}
	v      *semdiff.Parsed
	err    error
}

// task compares one changed file of a commit: it parses the versions it
// owns, waits for the one an earlier task owns, and compares.
type task struct {
	rev      *revTasks
	i        int // the file's index in rev.out
	old, new *slot
	own      []*slot
	err      error
}

// revTasks are the tasks of one listed commit.
type revTasks struct {
	rev   *Revision
	out   []*semdiff.Entity
	tasks []*task
	left  atomic.Int32  // tasks not done yet
	done  chan struct{} // closed when all are done
}

// dispatch makes the tasks of rev, to be queued in order. A task only
// ever waits for slots of tasks queued before it, which a worker (or the
// caller) has taken first and parses before waiting for anything: the
// pipeline cannot deadlock.
func (p *pipeline) dispatch(rev *Revision) *revTasks {
	rt := &revTasks{rev: rev, out: make([]*semdiff.Entity, len(rev.Files)), done: make(chan struct{})}
	rt.tasks = make([]*task, len(rev.Files))
	rt.left.Store(int32(len(rev.Files)))
	if len(rev.Files) == 0 {
		close(rt.done)
	}
	for i, f := range rev.Files {
		t := &task{rev: rt, i: i}
		if s, ok := p.last[f.Path]; ok && s.hash == f.New && !f.New.IsZero() {
			t.new = s
		} else if !f.New.IsZero() {
			t.new = newSlot(f.Path, f.New)
			t.own = append(t.own, t.new)
		}
		if !f.Old.IsZero() {
			t.old = newSlot(f.Path, f.Old)
			t.own = append(t.own, t.old)
		}
		// Read here, one version after the other, and parse in the
		// tasks: object reads take a lock, and on a busy machine a
		// reader put to sleep holding it would stall every task.
		for _, s := range t.own {
			if key, ok := parsedKey(s.path, s.hash); ok && p.r.parseCache().Has(key) {
				s.cached = true
				continue
			}
			s.data, s.err = p.r.version(s.path, s.hash)
		}
		if len(p.last) >= maxFiles {
			clear(p.last)
		}
		if t.old != nil {
			p.last[f.Path] = t.old
		} else {
			delete(p.last, f.Path)
		}
		rt.tasks[i] = t
	}
	return rt
}

func newSlot(path string, h Hash) *slot {
	return &slot{path: path, hash: h, done: make(chan struct{})}
}

func (t *task) run(p *pipeline) {
	defer func() {
		if t.rev.left.Add(-1) == 0 {
			close(t.rev.done)
		}
	}()
	for _, s := range t.own {
		switch {
		case p.stopped.Load():
			s.err = ErrStop
		case s.cached:
			var ok bool
			if s.v, ok = p.r.cachedParsed(s.path, s.hash); !ok {
				// A faulty entry: read the version after all.
				s.v, s.err = p.r.parsedVersion(s.path, s.hash)
			}
		case s.err == nil:
			s.v = p.r.parse(s.path, s.hash, s.data)
		}
		s.data = semdiff.Version{}
		close(s.done)
	}
	var old, new *semdiff.Parsed
	for _, s := range []*slot{t.old, t.new} {
		if s == nil {
			continue
		}
		<-s.done
		if s.err != nil {
			t.err = s.err
			return
		}
	}
	if t.old != nil {
		old = t.old.v
	}
	if t.new != nil {
		new = t.new.v
	}
	f := t.rev.rev.Files[t.i]
	t.rev.out[t.i] = semdiff.CompareParsed(f.Path, old, new)
}
