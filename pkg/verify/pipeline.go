package verify

import (
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/safefile"
)

// versions reads and decodes each file version once per run: a file's old
// version in one commit is its new version in the next commit that changes
// it, and the agreement a map is about is the same version across most of
// a range. Safe for concurrent use; the decoded values are shared, and
// the checks only read them.
type versions struct {
	repo *history.Repo
	max  int // entries kept; 0 keeps none (every version read afresh)
	mu   sync.Mutex
	m    map[versionKey]*version
}

// versionKey is a file version at a path: the path too, since decoding
// depends on where the file is.
type versionKey struct {
	path string
	hash history.Hash
}

type version struct {
	read    sync.Once
	data    []byte
	err     error
	mu      sync.Mutex // held while decoding
	decoded bool
	v       any
}

// maxVersions bounds the versions kept: the number of files changed
// within a short stretch of history, not its length, sets the memory.
const maxVersions = 8192

func newVersions(repo *history.Repo, max int) *versions {
	return &versions{repo: repo, max: max, m: map[versionKey]*version{}}
}

func (vs *versions) get(p string, h history.Hash) *version {
	if vs.max == 0 {
		return &version{}
	}
	k := versionKey{p, h}
	vs.mu.Lock()
	defer vs.mu.Unlock()
	v, ok := vs.m[k]
	if !ok {
		if len(vs.m) >= vs.max {
			clear(vs.m) // entries in use stay valid for their holders
		}
		v = &version{}
		vs.m[k] = v
	}
	return v
}

// read is the content of version h of the file at p (nil for the zero
// hash), as Repo.ReadBlob gives it.
func (vs *versions) read(p string, h history.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	v := vs.get(p, h)
	v.read.Do(func() { v.data, v.err = vs.repo.ReadBlob(h) })
	return v.data, v.err
}

// decoded is version h of the file at p decoded (workspace.Decode), from
// the repository's parse cache when versions are kept; nil for the zero
// hash or when it cannot be read.
func (vs *versions) decoded(p string, h history.Hash) any {
	data, err := vs.read(p, h)
	if err != nil || data == nil {
		return nil
	}
	if vs.max == 0 {
		return decode(p, data) // afresh, as without the parse cache
	}
	v := vs.get(p, h)
	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.decoded {
		v.v, v.decoded = vs.repo.Decoded(p, h, data), true
	}
	return v.v
}

// cached is version h of the file at p decoded, when that needs no read:
// nil for the zero hash, else a version decoded before in this run or
// held by the parse cache. ok is false otherwise, and for a version that
// does not decode: call read and decoded.
func (vs *versions) cached(p string, h history.Hash) (v any, ok bool) {
	if h.IsZero() {
		return nil, true
	}
	if vs.max == 0 {
		return nil, false
	}
	e := vs.get(p, h)
	e.mu.Lock()
	defer e.mu.Unlock()
	if !e.decoded {
		e.v, e.decoded = vs.repo.CachedDecoded(p, h)
	}
	return e.v, e.decoded && e.v != nil
}

// readAt is Repo.ReadAt through the versions read before: the file at p in
// commit at, with the same errors.
func (vs *versions) readAt(at history.Hash, p string) ([]byte, history.Hash, error) {
	h, err := vs.repo.VersionAt(at, p)
	if err != nil {
		return nil, h, err
	}
	if h.IsZero() {
		return nil, h, fmt.Errorf("%s at %s: %w", p, at.Short(), fs.ErrNotExist)
	}
	data, err := vs.read(p, h)
	var size *safefile.SizeError
	if errors.As(err, &size) {
		named := *size
		named.Path = p
		err = &named
	}
	return data, h, err
}

// pending is one commit of the range being judged.
type pending struct {
	rev  *history.Revision
	out  diag.List
	err  error
	done chan struct{}
}

// judgeWindow is how many commits are judged ahead of the one whose
// findings are added next.
const judgeWindow = 64

// run judges the commits Log lists, each on whichever core is free, and
// adds their findings in Log's order: the same findings, in the same
// order, as judging them one after the other. With workers 0 the
// caller's goroutine judges every commit itself, in order. On an error,
// the findings of the commits before the failing one are kept, as when
// judging in order.
func (j *judge) run(opts history.LogOptions, workers int) error {
	tasks := make(chan *pending, judgeWindow)
	queue := make(chan *pending, judgeWindow)
	var stopped atomic.Bool
	do := func(p *pending) {
		if !stopped.Load() {
			p.err = j.commit(p.rev, &p.out)
		}
		close(p.done)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range tasks {
				do(p)
			}
		}()
	}
	walked := make(chan error, 1)
	go func() {
		defer close(tasks)
		defer close(queue)
		walked <- j.repo.Log(opts, func(rev *history.Revision) error {
			if stopped.Load() {
				return history.ErrStop
			}
			p := &pending{rev: rev, done: make(chan struct{})}
			// Queued for the caller first: it takes tasks too while it
			// waits, and may be the only one to.
			queue <- p
			tasks <- p
			return nil
		})
	}()
	var err error
	for p := range queue {
		help(p, tasks, do)
		if err != nil {
			continue // draining: the walk and the workers are stopping
		}
		if err = p.err; err != nil {
			stopped.Store(true)
			continue
		}
		j.out = append(j.out, p.out...)
	}
	wg.Wait()
	if werr := <-walked; err == nil {
		err = werr
	}
	return err
}

// help runs queued tasks until p is judged. Tasks are taken in the order
// they were queued, so with no other worker p is the first taken.
func help(p *pending, tasks <-chan *pending, do func(*pending)) {
	for {
		select {
		case <-p.done:
			return
		default:
		}
		select {
		case <-p.done:
			return
		case t, ok := <-tasks:
			if !ok {
				<-p.done
				return
			}
			do(t)
		}
	}
}

// workers is how many goroutines judge beside the caller's: none when
// the judging asks the GitHub API, whose answers are cached in order.
func (j *judge) workers() int {
	if j.opts.GitHub != nil {
		return 0
	}
	return min(runtime.GOMAXPROCS(0), 8) - 1
}
