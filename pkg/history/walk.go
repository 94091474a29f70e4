package history

import (
	"bytes"
	"container/heap"
	"errors"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/commitgraph"
	"github.com/collab-tools/collab/pkg/gitobj"
	"github.com/collab-tools/collab/pkg/gitstore"
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

// pathEntry is the tree entry at a path in one commit.
type pathEntry struct {
	hash plumbing.Hash
	mode filemode.FileMode
}

// exists reports whether the path exists.
func (e pathEntry) exists() bool { return !e.hash.IsZero() }

// file is the entry's blob when it is a file; zero for anything else.
func (e pathEntry) file() Hash {
	if !e.exists() || !e.mode.IsFile() {
		return Hash{}
	}
	return Hash(e.hash)
}

// walkEntry is one commit listed by walk.
type walkEntry struct {
	commit *gitobj.Commit
	// parent is the commit the changes are shown against: the only parent,
	// or the first parent of a merge; zero for a root commit.
	parent plumbing.Hash
	// entries and parentEntries hold the entry of each path at commit and at
	// parent (all absent for a root commit).
	entries, parentEntries []pathEntry
}

// walkOptions limit walk.
type walkOptions struct {
	// max stops after this many listed commits; 0 means no limit.
	max int
	// since skips commits whose committer date is before it (zero: no
	// limit), as git log --since does.
	since time.Time
	// hide leaves out the commits reachable from it (zero: none), as
	// git log hide..start does.
	hide plumbing.Hash
	// until passes over the commits authored after it (zero: no limit):
	// they are followed but not listed, and their trees are not read.
	until time.Time
}

// walk calls fn, newest first, for each commit reachable from start that
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
// The paths are the walker's.
func (w *walker) walk(start plumbing.Hash, opts walkOptions, fn func(walkEntry) error) error {
	// Commit headers come from git's commit-graph when there is one (git
	// gc writes it); commits newer than the graph are read as objects. Its
	// changed-path filters, when written, answer treesame for most commits.
	if g := w.git.CommitGraph(); g != nil {
		w.graph = g
		var ps []string
		for _, parts := range w.paths {
			ps = append(ps, strings.Join(parts, "/"))
		}
		w.query = g.Query(ps...)
	}
	hidden, err := w.hiddenSet(start, opts.hide)
	if err != nil {
		return err
	}
	seen := w.newSeen()
	seen.add(start)
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
	if !opts.since.IsZero() {
		since = opts.since.Unix()
	}
	for q.Len() > 0 {
		it := heap.Pop(q).(queued)
		c, err := w.commit(it.hash)
		if err != nil {
			return err
		}
		w.forget(it.hash)
		if c.date < since || hidden[it.hash] {
			continue // neither listed nor followed
		}
		show := false
		follow := c.parents
		if len(c.parents) == 0 {
			cur, err := w.entries(it.hash, c.tree)
			if err != nil {
				return err
			}
			for _, e := range cur {
				show = show || e.exists()
			}
		} else {
			same := -1
			for i, p := range c.parents {
				ok, err := w.treesame(it.hash, c, p)
				if err != nil {
					return err
				}
				if ok {
					same = i
					break
				}
			}
			if same >= 0 {
				follow = c.parents[same : same+1]
			} else {
				show = true
			}
		}
		if show && !opts.until.IsZero() {
			after, err := w.authoredAfter(it.hash, opts.until)
			if err != nil {
				return err
			}
			show = !after
		}
		if show {
			e, err := w.listed(it.hash, c)
			if err != nil {
				return err
			}
			if err := fn(e); err != nil {
				if errors.Is(err, ErrStop) {
					return nil
				}
				return err
			}
			shown++
			if opts.max > 0 && shown >= opts.max {
				return nil
			}
		}
		for _, p := range follow {
			if !seen.add(p) {
				continue
			}
			if err := push(p); err != nil {
				return err
			}
		}
	}
	return nil
}

// treesame reports whether the paths have the same entries in commit h
// (whose header is c) as in its parent p: the one step of the walk that
// decides whether a commit touched the paths. Against the first parent, a
// changed-path Bloom filter that rules every path out answers without a
// tree, as git log does; otherwise only the trees along the paths are read.
func (w *walker) treesame(h plumbing.Hash, c *commitInfo, p plumbing.Hash) (bool, error) {
	if c.inGraph && p == c.parents[0] && !w.graph.MaybeChanged(c.pos, w.query) {
		w.ruledOut++
		return true, nil
	}
	cur, err := w.entries(h, c.tree)
	if err != nil {
		return false, err
	}
	pc, err := w.commit(p)
	if err != nil {
		return false, err
	}
	prev, err := w.entries(p, pc.tree)
	if err != nil {
		return false, err
	}
	return equalEntries(cur, prev), nil
}

// authoredAfter reports whether the commit h was authored after t.
func (w *walker) authoredAfter(h plumbing.Hash, t time.Time) (bool, error) {
	w.lock()
	full, err := w.git.CommitObject(h)
	w.unlock()
	if err != nil {
		return false, err
	}
	return full.Author.When.After(t), nil
}

// listed is the walkEntry of a listed commit: its full commit, and the
// entries at it and at its first parent.
func (w *walker) listed(h plumbing.Hash, c *commitInfo) (walkEntry, error) {
	w.lock()
	full, err := w.git.CommitObject(h)
	w.unlock()
	if err != nil {
		return walkEntry{}, err
	}
	e := walkEntry{commit: full}
	if e.entries, err = w.entries(h, c.tree); err != nil {
		return walkEntry{}, err
	}
	if len(c.parents) == 0 {
		e.parentEntries = make([]pathEntry, len(e.entries))
		return e, nil
	}
	e.parent = c.parents[0]
	pc, err := w.commit(e.parent)
	if err != nil {
		return walkEntry{}, err
	}
	e.parentEntries, err = w.entries(e.parent, pc.tree)
	return e, err
}

// hiddenSet is the set of commits reachable from hide that a walk from
// start can meet (a walk of the range hide..start). With generation
// numbers, from the commit-graph, it paints down from both tips in
// generation order, as git does, and stops once every commit left to
// paint is reachable from hide: it holds the range and its boundary, not
// the whole history below hide. Without them (no commit-graph, or one
// written without generations), every ancestor of hide.
func (w *walker) hiddenSet(start, hide plumbing.Hash) (map[plumbing.Hash]bool, error) {
	if hide.IsZero() || w.graph == nil {
		return w.ancestors(hide)
	}
	const fromStart, fromHide = 1, 2
	flags := map[plumbing.Hash]uint8{}
	queued := map[plumbing.Hash]bool{}
	q := &genQueue{}
	live := 0 // queued commits not (yet) known to be reachable from hide
	paint := func(h plumbing.Hash, f uint8) (bool, error) {
		old := flags[h]
		if old|f == old {
			return true, nil
		}
		flags[h] = old | f
		if queued[h] {
			if old&fromHide == 0 && f&fromHide != 0 {
				live--
			}
			return true, nil
		}
		g, err := w.generation(h)
		if err != nil || g == 0 {
			return false, err
		}
		queued[h] = true
		if flags[h]&fromHide == 0 {
			live++
		}
		heap.Push(q, genItem{h, g})
		return true, nil
	}
	fallback := func() (map[plumbing.Hash]bool, error) { return w.ancestors(hide) }
	for _, tip := range []struct {
		h plumbing.Hash
		f uint8
	}{{start, fromStart}, {hide, fromHide}} {
		if ok, err := paint(tip.h, tip.f); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			return fallback()
		}
	}
	for live > 0 {
		it := heap.Pop(q).(genItem)
		delete(queued, it.h)
		f := flags[it.h]
		if f&fromHide == 0 {
			live--
		}
		c, err := w.commit(it.h)
		if err != nil {
			return nil, err
		}
		for _, p := range c.parents {
			ok, err := paint(p, f)
			if err != nil {
				return nil, err
			}
			if !ok {
				return fallback()
			}
		}
	}
	out := map[plumbing.Hash]bool{}
	for h, f := range flags {
		if f&fromHide != 0 {
			out[h] = true
		}
	}
	return out, nil
}

// generation is commit h's topological level: from the commit-graph, or
// one more than its highest parent's for a commit newer than the graph; 0
// when a commit on the way has none (no graph below it, or a graph written
// without generations).
func (w *walker) generation(h plumbing.Hash) (uint32, error) {
	if g, ok := w.gens[h]; ok {
		return g, nil
	}
	c, err := w.commit(h)
	if err != nil {
		return 0, err
	}
	if c.inGraph {
		return c.gen, nil
	}
	if w.gens == nil {
		w.gens = map[plumbing.Hash]uint32{}
	}
	g := uint32(0)
	for _, p := range c.parents {
		pg, err := w.generation(p)
		if err != nil || pg == 0 {
			return 0, err
		}
		g = max(g, pg)
	}
	w.gens[h] = g + 1
	return g + 1, nil
}

type genItem struct {
	h   plumbing.Hash
	gen uint32
}

// genQueue is a priority queue of commits, highest generation first.
type genQueue []genItem

func (q genQueue) Len() int           { return len(q) }
func (q genQueue) Less(i, j int) bool { return q[i].gen > q[j].gen }
func (q genQueue) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *genQueue) Push(x any)        { *q = append(*q, x.(genItem)) }
func (q *genQueue) Pop() any {
	it := (*q)[len(*q)-1]
	*q = (*q)[:len(*q)-1]
	return it
}

// ancestors is the set of commits reachable from h (h included); empty for
// the zero hash.
func (w *walker) ancestors(h plumbing.Hash) (map[plumbing.Hash]bool, error) {
	out := map[plumbing.Hash]bool{}
	if h.IsZero() {
		return out, nil
	}
	stack := []plumbing.Hash{h}
	out[h] = true
	for len(stack) > 0 {
		n := len(stack) - 1
		c, err := w.commit(stack[n])
		if err != nil {
			return nil, err
		}
		w.forget(stack[n])
		stack = stack[:n]
		for _, p := range c.parents {
			if !out[p] {
				out[p] = true
				stack = append(stack, p)
			}
		}
	}
	return out, nil
}

func equalEntries(a, b []pathEntry) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// walker caches what a walk learns about commits and trees.
type walker struct {
	git     *gitstore.Repo
	graph   *commitgraph.Graph // nil without a commit-graph
	query   *commitgraph.Query // the paths' keys in graph's Bloom filters
	paths   [][]string         // components of each path
	commits map[plumbing.Hash]*commitInfo
	// found caches the entry below a tree: key (path index, depth, tree
	// hash). A walk looks a tree up again from the commits next to it in
	// date order, so two generations of at most maxFound entries each keep
	// the hits and bound the memory however long the history.
	found, foundOld map[treeKey]pathEntry
	buf             []byte
	// trees keeps the raw trees diffEntries read last, treeOrder their
	// order of reading.
	trees     map[plumbing.Hash][]byte
	treeOrder []plumbing.Hash
	// mu, when set, is held around each object read: the repository's
	// reads may run beside this walk (Log's caller reads versions while
	// the walk goes on), and go-git, which reads the objects of alternate
	// stores, is not safe for concurrent use.
	mu *sync.Mutex
	// gens holds the generations computed for commits newer than the graph.
	gens map[plumbing.Hash]uint32
	// ruledOut counts the commits a changed-path filter found treesame
	// without reading a tree.
	ruledOut int
}

type treeKey struct {
	path, depth int
	tree        plumbing.Hash
}

type commitInfo struct {
	tree    plumbing.Hash
	parents []plumbing.Hash
	date    int64  // committer time, seconds
	gen     uint32 // topological level, from the graph; 0 when unknown
	entries []pathEntry
	pos     commitgraph.Pos // the commit's position in graph, when inGraph
	inGraph bool
}

func (w *walker) lock() {
	if w.mu != nil {
		w.mu.Lock()
	}
}

func (w *walker) unlock() {
	if w.mu != nil {
		w.mu.Unlock()
	}
}

// newWalker walks the given paths: slash-separated, relative to the work
// tree root; "" is the whole tree.
func newWalker(g *gitstore.Repo, paths []string) *walker {
	w := &walker{git: g, commits: map[plumbing.Hash]*commitInfo{}, found: map[treeKey]pathEntry{}}
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
	if c, ok := w.graphCommit(h); ok {
		w.commits[h] = c
		return c, nil
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

// graphCommit reads a commit's header from the commit-graph; false when the
// commit is not in it (newer than the graph) or the graph is damaged there.
func (w *walker) graphCommit(h plumbing.Hash) (*commitInfo, bool) {
	if w.graph == nil {
		return nil, false
	}
	pos, ok := w.graph.Lookup(h)
	if !ok {
		return nil, false
	}
	gc, err := w.graph.Commit(pos)
	if err != nil {
		return nil, false
	}
	c := &commitInfo{tree: gc.Tree, date: gc.Time, gen: gc.Generation, pos: pos, inGraph: true}
	for _, p := range gc.Parents {
		ph, ok := w.graph.Hash(p)
		if !ok {
			return nil, false
		}
		c.parents = append(c.parents, ph)
	}
	return c, true
}

// forget drops a visited commit's cached header once its children no longer
// need it, keeping memory bounded on long histories. Entries stay available
// through the tree cache.
func (w *walker) forget(h plumbing.Hash) {
	delete(w.commits, h)
}

// entries returns the entries of every path in the commit with root tree t.
func (w *walker) entries(h, t plumbing.Hash) ([]pathEntry, error) {
	if c, ok := w.commits[h]; ok && c.entries != nil {
		return c.entries, nil
	}
	out := make([]pathEntry, len(w.paths))
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
func (w *walker) entry(i, depth int, t plumbing.Hash) (pathEntry, error) {
	parts := w.paths[i]
	if depth == len(parts) {
		if t == gitstore.EmptyTree {
			return pathEntry{}, nil // an empty root holds no path, as for git
		}
		return pathEntry{hash: t, mode: filemode.Dir}, nil
	}
	key := treeKey{i, depth, t}
	if e, ok := w.found[key]; ok {
		return e, nil
	}
	if e, ok := w.foundOld[key]; ok {
		w.remember(key, e)
		return e, nil
	}
	w.lock()
	mode, id, ok, err := w.git.TreeEntry(t, parts[depth])
	w.unlock()
	if err != nil {
		return pathEntry{}, fmt.Errorf("read tree %s: %w", t, err)
	}
	var e pathEntry
	if ok {
		e = pathEntry{hash: id, mode: mode}
	}
	if e.exists() && depth+1 < len(parts) {
		if e.mode != filemode.Dir {
			e = pathEntry{} // a file where the path needs a folder
		} else if e, err = w.entry(i, depth+1, e.hash); err != nil {
			return pathEntry{}, err
		}
	}
	w.remember(key, e)
	return e, nil
}

// maxFound bounds each generation of the walker's tree cache.
const maxFound = 1 << 15

func (w *walker) remember(k treeKey, e pathEntry) {
	if len(w.found) >= maxFound {
		w.foundOld, w.found = w.found, make(map[treeKey]pathEntry, maxFound/4)
	}
	w.found[k] = e
}

// seenSet is the set of commits a walk has queued: a bit per position for
// the commits in the commit-graph (a few KiB for 50,000 commits), a map for
// the others.
type seenSet struct {
	graph *commitgraph.Graph
	bits  []uint64
	other map[plumbing.Hash]bool
}

func (w *walker) newSeen() *seenSet {
	s := &seenSet{graph: w.graph, other: map[plumbing.Hash]bool{}}
	if w.graph != nil {
		s.bits = make([]uint64, (w.graph.Len()+63)/64)
	}
	return s
}

// add adds h and reports whether it was new.
func (s *seenSet) add(h plumbing.Hash) bool {
	if s.graph != nil {
		if p, ok := s.graph.Lookup(h); ok && int(p) < len(s.bits)*64 {
			word, bit := p/64, uint64(1)<<(p%64)
			if s.bits[word]&bit != 0 {
				return false
			}
			s.bits[word] |= bit
			return true
		}
	}
	if s.other[h] {
		return false
	}
	s.other[h] = true
	return true
}

// at returns the entries of every path in commit h; all absent for the zero
// hash (the empty tree).
func (w *walker) at(h plumbing.Hash) ([]pathEntry, error) {
	if h.IsZero() {
		return make([]pathEntry, len(w.paths)), nil
	}
	c, err := w.commit(h)
	if err != nil {
		return nil, err
	}
	return w.entries(h, c.tree)
}

var errBadTree = errors.New("malformed tree object")

// splitEntry splits the first entry off a raw tree object, which is
// "<mode> <name>\0<20-byte hash>" repeated: its mode, name and hash bytes,
// and the entries after it.
func splitEntry(raw []byte) (mode, name, hash, rest []byte, err error) {
	mode, name, hash, n, ok := gitobj.SplitEntry(raw)
	if !ok {
		return nil, nil, nil, nil, errBadTree
	}
	return mode, name, hash, raw[n:], nil
}

// read returns the raw content of an object into the walker's buffer (valid
// until the next read).
func (w *walker) read(t plumbing.ObjectType, h plumbing.Hash) ([]byte, error) {
	w.lock()
	b, err := w.git.ReadObject(t, h, w.buf)
	w.unlock()
	if err != nil {
		return nil, err
	}
	w.buf = b
	return b, nil
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
