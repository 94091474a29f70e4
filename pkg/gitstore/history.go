package gitstore

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-git/go-billy/v5/osfs"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	commitgraph "github.com/go-git/go-git/v5/plumbing/format/commitgraph/v2"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/plumbing/storer"
)

// History walking, the way `git log -- PATH...` does it, without go-git's
// path-filtered Log (which diffs whole trees for every commit).
//
// A commit's "entry" for a path is the (mode, hash) of the tree entry at that
// path, or nothing when the path is absent. Entries are found by reading only
// the trees along the path, scanning their raw bytes for the one name, and are
// cached by (path, depth, tree hash): a subtree whose hash did not change
// between two commits is never read twice, so a commit that changed files
// elsewhere costs one root-tree scan.

// PathEntry is the tree entry at a path in one commit.
type PathEntry struct {
	Hash plumbing.Hash
	Mode filemode.FileMode
}

// Exists reports whether the path exists.
func (e PathEntry) Exists() bool { return !e.Hash.IsZero() }

// LogEntry is one commit listed by PathLog.
type LogEntry struct {
	Commit *object.Commit
	// Parent is the commit the changes are shown against: the only parent, or
	// the first parent of a merge; zero for a root commit.
	Parent plumbing.Hash
	// Entries and ParentEntries hold the entry of each path at Commit and
	// at Parent (all absent for a root commit).
	Entries, ParentEntries []PathEntry
}

// LogOptions limit PathLog.
type LogOptions struct {
	// Max stops after this many listed commits; 0 means no limit.
	Max int
	// Since skips commits whose committer date is before it (zero: no limit),
	// as git log --since does.
	Since time.Time
}

// ErrStopLog may be returned by a PathLog callback to end the walk early
// without an error.
var ErrStopLog = errors.New("stop log")

// PathLog calls fn, newest first, for each commit reachable from start that
// `git log -- PATHS...` lists, with git's default history simplification:
//
//   - commits are visited in committer-date order (ties in the order they
//     were reached), each once;
//   - a commit with one parent is listed when the entries at paths differ
//     from the parent's; a root commit when any path exists;
//   - at a merge, when the paths are identical to some parent, only the first
//     such parent is followed and the merge is not listed; otherwise the
//     merge is listed and every parent is followed.
//
// Paths are slash-separated and relative to the work tree root; "" is the
// whole tree.
func (r *Repo) PathLog(start plumbing.Hash, paths []string, opts LogOptions, fn func(LogEntry) error) error {
	w := newWalker(r, paths)
	// Commit headers come from git's commit-graph file when there is one
	// (git gc writes it); commits newer than the file are read as objects.
	if g, err := commitgraph.OpenChainOrFileIndex(osfs.New(r.commonDir)); err == nil {
		defer g.Close()
		w.graph = g
	}
	seen := map[plumbing.Hash]bool{start: true}
	q := &commitQueue{}
	push := func(h plumbing.Hash) error {
		c, err := w.commit(h)
		if err != nil {
			return err
		}
		q.ctr++
		heap.Push(q, queued{hash: h, date: c.date, ctr: q.ctr})
		return nil
	}
	if err := push(start); err != nil {
		return err
	}
	shown := 0
	since := int64(-1 << 62)
	if !opts.Since.IsZero() {
		since = opts.Since.Unix()
	}
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		c, err := w.commit(it.hash)
		if err != nil {
			return err
		}
		w.forget(it.hash)
		if c.date < since {
			continue // older than --since: neither listed nor followed
		}
		cur, err := w.entries(it.hash, c.tree)
		if err != nil {
			return err
		}
		show := false
		follow := c.parents
		var parentEntries []PathEntry
		switch len(c.parents) {
		case 0:
			for _, e := range cur {
				show = show || e.Exists()
			}
			parentEntries = make([]PathEntry, len(cur))
		default:
			same := -1
			var first []PathEntry
			for i, p := range c.parents {
				pc, err := w.commit(p)
				if err != nil {
					return err
				}
				pe, err := w.entries(p, pc.tree)
				if err != nil {
					return err
				}
				if i == 0 {
					first = pe
				}
				if equalEntries(cur, pe) {
					same = i
					break
				}
			}
			if same >= 0 {
				follow = c.parents[same : same+1]
			} else {
				show = true
				parentEntries = first
			}
		}
		if show {
			full, err := object.GetCommit(r.repo.Storer, it.hash)
			if err != nil {
				return err
			}
			var parent plumbing.Hash
			if len(c.parents) > 0 {
				parent = c.parents[0]
			}
			if err := fn(LogEntry{Commit: full, Parent: parent, Entries: cur, ParentEntries: parentEntries}); err != nil {
				if errors.Is(err, ErrStopLog) {
					return nil
				}
				return err
			}
			shown++
			if opts.Max > 0 && shown >= opts.Max {
				return nil
			}
		}
		for _, p := range follow {
			if seen[p] {
				continue
			}
			seen[p] = true
			if err := push(p); err != nil {
				return err
			}
		}
	}
	return nil
}

func equalEntries(a, b []PathEntry) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// walker caches what a walk learns about commits and trees.
type walker struct {
	r       *Repo
	st      storer.EncodedObjectStorer
	graph   commitgraph.Index // nil without a commit-graph
	paths   [][]string        // components of each path
	commits map[plumbing.Hash]*commitInfo
	// found caches the entry below a tree: key (path index, depth, tree hash).
	found map[treeKey]PathEntry
	buf   []byte
	pool  [][]byte // tree buffers for diffEntries
}

type treeKey struct {
	path, depth int
	tree        plumbing.Hash
}

type commitInfo struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
	date    int64 // committer time, seconds
	entries []PathEntry
}

func newWalker(r *Repo, paths []string) *walker {
	w := &walker{r: r, st: r.repo.Storer, commits: map[plumbing.Hash]*commitInfo{}, found: map[treeKey]PathEntry{}}
	if len(paths) == 0 {
		paths = []string{""}
	}
	for _, p := range paths {
		p = strings.Trim(path.Clean("/"+p), "/")
		var parts []string
		if p != "" {
			parts = strings.Split(p, "/")
		}
		w.paths = append(w.paths, parts)
	}
	return w
}

// commit parses the header of a commit object (tree, parents, committer
// date) without decoding its message.
func (w *walker) commit(h plumbing.Hash) (*commitInfo, error) {
	if c, ok := w.commits[h]; ok {
		return c, nil
	}
	if w.graph != nil {
		if i, err := w.graph.GetIndexByHash(h); err == nil {
			if d, err := w.graph.GetCommitDataByIndex(i); err == nil {
				c := &commitInfo{tree: d.TreeHash, parents: d.ParentHashes, date: d.When.Unix()}
				w.commits[h] = c
				return c, nil
			}
		}
	}
	raw, err := w.read(plumbing.CommitObject, h)
	if err != nil {
		return nil, fmt.Errorf("read commit %s: %w", h, err)
	}
	c := &commitInfo{}
	for len(raw) > 0 {
		nl := bytes.IndexByte(raw, '\n')
		if nl < 0 {
			nl = len(raw)
		}
		line := raw[:nl]
		raw = raw[min(nl+1, len(raw)):]
		if len(line) == 0 {
			break // end of headers
		}
		key, val, _ := bytes.Cut(line, []byte{' '})
		switch string(key) {
		case "tree":
			c.tree = plumbing.NewHash(string(val))
		case "parent":
			c.parents = append(c.parents, plumbing.NewHash(string(val)))
		case "committer":
			// "Name <email> 1700000000 +0100"
			if gt := bytes.LastIndexByte(val, '>'); gt >= 0 {
				f := strings.Fields(string(val[gt+1:]))
				if len(f) > 0 {
					c.date, _ = strconv.ParseInt(f[0], 10, 64)
				}
			}
		}
	}
	if c.tree.IsZero() {
		return nil, fmt.Errorf("commit %s has no tree", h)
	}
	w.commits[h] = c
	return c, nil
}

// forget drops a visited commit's cached header once its children no longer
// need it, keeping memory bounded on long histories. Entries stay available
// through the tree cache.
func (w *walker) forget(h plumbing.Hash) {
	delete(w.commits, h)
}

// entries returns the entries of every path in the commit with root tree t.
func (w *walker) entries(h, t plumbing.Hash) ([]PathEntry, error) {
	if c, ok := w.commits[h]; ok && c.entries != nil {
		return c.entries, nil
	}
	out := make([]PathEntry, len(w.paths))
	for i := range w.paths {
		e, err := w.entry(i, 0, t)
		if err != nil {
			return nil, err
		}
		out[i] = e
	}
	if c, ok := w.commits[h]; ok {
		c.entries = out
	}
	return out, nil
}

// entry finds path i's entry below tree t, which sits at the given depth.
func (w *walker) entry(i, depth int, t plumbing.Hash) (PathEntry, error) {
	parts := w.paths[i]
	if depth == len(parts) {
		if t == emptyTree {
			return PathEntry{}, nil // an empty root holds no path, as for git
		}
		return PathEntry{Hash: t, Mode: filemode.Dir}, nil
	}
	key := treeKey{i, depth, t}
	if e, ok := w.found[key]; ok {
		return e, nil
	}
	raw, err := w.read(plumbing.TreeObject, t)
	if err != nil {
		return PathEntry{}, fmt.Errorf("read tree %s: %w", t, err)
	}
	e, err := scanTree(raw, parts[depth])
	if err != nil {
		return PathEntry{}, fmt.Errorf("tree %s: %w", t, err)
	}
	if e.Exists() && depth+1 < len(parts) {
		if e.Mode != filemode.Dir {
			e = PathEntry{} // a file where the path needs a folder
		} else if e, err = w.entry(i, depth+1, e.Hash); err != nil {
			return PathEntry{}, err
		}
	}
	w.found[key] = e
	return e, nil
}

var errBadTree = errors.New("malformed tree object")

// scanTree finds name in a raw tree object without decoding the other
// entries.
func scanTree(raw []byte, name string) (PathEntry, error) {
	for len(raw) > 0 {
		mode, ent, hash, rest, err := splitEntry(raw)
		if err != nil {
			return PathEntry{}, err
		}
		if string(ent) == name {
			m, ok := parseMode(mode)
			if !ok {
				return PathEntry{}, errBadTree
			}
			e := PathEntry{Mode: m}
			copy(e.Hash[:], hash)
			return e, nil
		}
		raw = rest
	}
	return PathEntry{}, nil
}

// splitEntry splits the first entry off a raw tree object, which is
// "<mode> <name>\0<20-byte hash>" repeated: its mode, name and hash bytes,
// and the entries after it.
func splitEntry(raw []byte) (mode, name, hash, rest []byte, err error) {
	sp := bytes.IndexByte(raw, ' ')
	if sp < 0 {
		return nil, nil, nil, nil, errBadTree
	}
	nul := bytes.IndexByte(raw[sp+1:], 0)
	if nul < 0 || sp+1+nul+1+20 > len(raw) {
		return nil, nil, nil, nil, errBadTree
	}
	end := sp + 1 + nul + 1 + 20
	return raw[:sp], raw[sp+1 : sp+1+nul], raw[sp+1+nul+1 : end], raw[end:], nil
}

// read returns the raw content of an object into the walker's buffer (valid
// until the next read).
func (w *walker) read(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	obj, err := w.st.EncodedObject(t, h)
	if err != nil {
		return nil, err
	}
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	n := int(obj.Size())
	if cap(w.buf) < n {
		w.buf = make([]byte, n)
	}
	w.buf = w.buf[:n]
	if _, err := io.ReadFull(rd, w.buf); err != nil {
		return nil, err
	}
	return w.buf, nil
}

type queued struct {
	hash plumbing.Hash
	date int64
	ctr  int
}

// commitQueue is a priority queue of commits, newest committer date first,
// ties in insertion order (as git's prio_queue).
type commitQueue struct {
	items []queued
	ctr   int
}

func (q *commitQueue) Len() int { return len(q.items) }
func (q *commitQueue) Less(i, j int) bool {
	a, b := q.items[i], q.items[j]
	if a.date != b.date {
		return a.date > b.date
	}
	return a.ctr < b.ctr
}
func (q *commitQueue) Swap(i, j int) { q.items[i], q.items[j] = q.items[j], q.items[i] }
func (q *commitQueue) Push(x any)    { q.items = append(q.items, x.(queued)) }
func (q *commitQueue) Pop() any {
	it := q.items[len(q.items)-1]
	q.items = q.items[:len(q.items)-1]
	return it
}

// Entry returns the entry at p (slash-separated, relative to Root) in commit h.
func (r *Repo) Entry(h plumbing.Hash, p string) (PathEntry, error) {
	w := newWalker(r, []string{p})
	c, err := w.commit(h)
	if err != nil {
		return PathEntry{}, err
	}
	return w.entry(0, 0, c.tree)
}

// ReadBlob returns the content of a blob.
func (r *Repo) ReadBlob(h plumbing.Hash) ([]byte, error) {
	b, err := object.GetBlob(r.repo.Storer, h)
	if err != nil {
		return nil, err
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}

// Files returns the blob hash of every file under dir in commit h, keyed by
// path relative to Root. A dir that does not exist gives an empty map.
func (r *Repo) Files(h plumbing.Hash, dir string) (map[string]plumbing.Hash, error) {
	dir = strings.Trim(path.Clean("/"+dir), "/")
	e, err := r.Entry(h, dir)
	if err != nil {
		return nil, err
	}
	out := map[string]plumbing.Hash{}
	if !e.Exists() {
		return out, nil
	}
	if e.Mode != filemode.Dir {
		out[dir] = e.Hash
		return out, nil
	}
	var walk func(t plumbing.Hash, prefix string) error
	walk = func(t plumbing.Hash, prefix string) error {
		tree, err := object.GetTree(r.repo.Storer, t)
		if err != nil {
			return err
		}
		for _, e := range tree.Entries {
			p := path.Join(prefix, e.Name)
			switch {
			case e.Mode == filemode.Dir:
				if err := walk(e.Hash, p); err != nil {
					return err
				}
			case e.Mode.IsFile():
				out[p] = e.Hash
			}
		}
		return nil
	}
	return out, walk(e.Hash, dir)
}

// FileChange is a file that differs between two commits.
type FileChange struct {
	Path     string
	Old, New plumbing.Hash // zero when absent
}

// ChangedFiles lists the files under dirs that differ between commits old
// (zero: the empty tree) and new, sorted by path. Only subtrees whose hash
// differs are read, and trees are compared in their raw form, entry by entry
// in git's tree order, as git diff-tree does: nothing is decoded into maps.
func (r *Repo) ChangedFiles(old, new plumbing.Hash, dirs []string) ([]FileChange, error) {
	w := newWalker(r, dirs)
	at := func(h plumbing.Hash) ([]PathEntry, error) {
		if h.IsZero() {
			return make([]PathEntry, len(w.paths)), nil
		}
		c, err := w.commit(h)
		if err != nil {
			return nil, err
		}
		return w.entries(h, c.tree)
	}
	oe, err := at(old)
	if err != nil {
		return nil, err
	}
	ne, err := at(new)
	if err != nil {
		return nil, err
	}
	var out []FileChange
	for i, parts := range w.paths {
		if err := w.diffEntries(strings.Join(parts, "/"), oe[i], ne[i], &out); err != nil {
			return nil, err
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// diffEntries appends the files that differ between entries a and b at p.
// A file replaced by a folder (or the reverse) is the file removed (added)
// and the folder's files added (removed).
func (w *walker) diffEntries(p string, a, b PathEntry, out *[]FileChange) error {
	if a == b {
		return nil
	}
	aDir, bDir := a.Exists() && a.Mode == filemode.Dir, b.Exists() && b.Mode == filemode.Dir
	if !aDir && !bDir {
		*out = append(*out, FileChange{Path: p, Old: a.Hash, New: b.Hash})
		return nil
	}
	if a.Exists() && !aDir {
		*out = append(*out, FileChange{Path: p, Old: a.Hash})
		a = PathEntry{}
	}
	if b.Exists() && !bDir {
		*out = append(*out, FileChange{Path: p, New: b.Hash})
		b = PathEntry{}
	}
	ta, err := w.rawTree(a)
	if err != nil {
		return err
	}
	tb, err := w.rawTree(b)
	if err != nil {
		return err
	}
	defer w.release(ta)
	defer w.release(tb)
	ia, ib := treeIter{raw: ta}, treeIter{raw: tb}
	na, ea, okA, err := ia.next()
	if err != nil {
		return err
	}
	nb, eb, okB, err := ib.next()
	if err != nil {
		return err
	}
	for okA || okB {
		c := 0
		switch {
		case !okA:
			c = 1
		case !okB:
			c = -1
		default:
			c = compareEntries(na, ea.Mode == filemode.Dir, nb, eb.Mode == filemode.Dir)
		}
		var x, y PathEntry
		var name []byte
		if c <= 0 {
			x, name = ea, na
		}
		if c >= 0 {
			y, name = eb, nb
		}
		if x != y {
			if err := w.diffEntries(joinPath(p, name), x, y, out); err != nil {
				return err
			}
		}
		if c <= 0 {
			if na, ea, okA, err = ia.next(); err != nil {
				return err
			}
		}
		if c >= 0 {
			if nb, eb, okB, err = ib.next(); err != nil {
				return err
			}
		}
	}
	return nil
}

func joinPath(dir string, name []byte) string {
	if dir == "" {
		return string(name)
	}
	return dir + "/" + string(name)
}

// rawTree reads the raw content of a tree entry into a buffer of the
// walker's pool (nil for an absent entry); give it back with release.
func (w *walker) rawTree(e PathEntry) ([]byte, error) {
	if !e.Exists() {
		return nil, nil
	}
	raw, err := w.read(plumbing.TreeObject, e.Hash)
	if err != nil {
		return nil, fmt.Errorf("read tree %s: %w", e.Hash, err)
	}
	var buf []byte
	if n := len(w.pool); n > 0 {
		buf, w.pool = w.pool[n-1][:0], w.pool[:n-1]
	}
	return append(buf, raw...), nil
}

func (w *walker) release(b []byte) {
	if b != nil {
		w.pool = append(w.pool, b)
	}
}

// treeIter walks the entries of a raw tree object that collab reads: folders
// and files (regular, executable, symlink); submodules are skipped.
type treeIter struct{ raw []byte }

func (it *treeIter) next() (name []byte, e PathEntry, ok bool, err error) {
	for len(it.raw) > 0 {
		mode, ent, hash, rest, err := splitEntry(it.raw)
		if err != nil {
			return nil, PathEntry{}, false, err
		}
		m, good := parseMode(mode)
		if !good {
			return nil, PathEntry{}, false, errBadTree
		}
		it.raw = rest
		if m != filemode.Dir && !m.IsFile() {
			continue
		}
		e.Mode = m
		copy(e.Hash[:], hash)
		return ent, e, true, nil
	}
	return nil, PathEntry{}, false, nil
}

// compareEntries orders tree entries as git sorts them: by name, a folder's
// name compared as if it ended in "/".
func compareEntries(a []byte, aDir bool, b []byte, bDir bool) int {
	n := min(len(a), len(b))
	if c := bytes.Compare(a[:n], b[:n]); c != 0 {
		return c
	}
	end := func(name []byte, dir bool) byte {
		switch {
		case len(name) > n:
			return name[n]
		case dir:
			return '/'
		}
		return 0
	}
	ca, cb := end(a, aDir), end(b, bDir)
	switch {
	case ca < cb:
		return -1
	case ca > cb:
		return 1
	}
	return len(a) - len(b)
}

// parseMode reads a tree entry's octal mode.
func parseMode(b []byte) (filemode.FileMode, bool) {
	if len(b) == 0 || len(b) > 7 {
		return 0, false
	}
	var m uint32
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		m = m<<3 | uint32(c-'0')
	}
	return filemode.FileMode(m), true
}

// ErrNoMergeBase is wrapped by MergeBase's error when the commits share no
// history.
var ErrNoMergeBase = errors.New("no common ancestor")

// MergeBase returns the best common ancestor of a and b, as git merge-base.
func (r *Repo) MergeBase(a, b plumbing.Hash) (plumbing.Hash, error) {
	ca, err := object.GetCommit(r.repo.Storer, a)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	cb, err := object.GetCommit(r.repo.Storer, b)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	bases, err := ca.MergeBase(cb)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if len(bases) == 0 {
		return plumbing.ZeroHash, fmt.Errorf("%s and %s: %w", a.String()[:7], b.String()[:7], ErrNoMergeBase)
	}
	return bases[0].Hash, nil
}

// BlobHash is the git object hash of data as a blob, to compare a work tree
// file with a committed one without writing an object.
func BlobHash(data []byte) plumbing.Hash {
	return plumbing.ComputeHash(plumbing.BlobObject, data)
}
