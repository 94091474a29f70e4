package gitstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"

	"github.com/collab-tools/collab/pkg/gitindex"
	"github.com/collab-tools/collab/pkg/gitobj"
	"github.com/collab-tools/collab/pkg/safefile"
)

// Tx is one collab change: it holds the work tree's index lock from Begin
// until Commit or Release.
type Tx struct {
	r        *Repo
	lockPath string
	lock     *os.File
	held     bool // false once the lock was renamed over the index or removed

	headRef  plumbing.ReferenceName // branch HEAD names, or HEAD itself when detached
	headHash plumbing.Hash          // zero on an unborn branch

	idx         *gitindex.Index // loaded on first use, under the lock
	idxMtime    time.Time
	tree        plumbing.Hash         // HEAD's tree, zero on an unborn branch
	dirs        map[string]headFolder // folders of tree read so far
	clean       map[string]bool       // folders whose index entries are HEAD's, by the cache tree
	next        int                   // index position after the last path looked up
	attrs       map[string]attrFile   // attributes files read so far
	globalAttrs []attrFile            // core.attributesFile and the system file
	autocrlf    string                // core.autocrlf, core.eol
	coreEOL     string
	loaded      bool
	known       func(p string) (KnownStat, bool) // see KnowStats
	pre         chan preloaded                   // see Preload
	fresh       []refreshed                      // entries found clean by content, see state
}

// refreshed is an index entry whose file state hashed and found equal to
// it, with the stat data taken just before the file was read: writeIndex
// puts that stat data in the entry, as git's index refresh does, so that
// the next write (and git) need not hash the file again.
type refreshed struct {
	at   int // position in tx.idx.Entries
	st   statData
	size int64
}

// preloaded is the index file as Preload read it.
type preloaded struct {
	idx   *gitindex.Index
	mtime time.Time
	err   error
}

// Preload starts reading the index file in the background, for the first
// use of the transaction's index: a write loads and checks the workspace
// meanwhile. Only the file is read there; nothing of the repository is.
func (tx *Tx) Preload() {
	if tx.loaded || tx.pre != nil || !tx.held {
		return
	}
	ch := make(chan preloaded, 1)
	tx.pre = ch
	p := filepath.Join(tx.r.gitDir, "index")
	go func() {
		idx, mtime, err := readIndex(p)
		ch <- preloaded{idx, mtime, err}
	}()
}

// KnownStat is stat data of a regular file, taken by the caller.
type KnownStat struct {
	Size  int64
	Mtime time.Time
	Ino   uint64
}

// KnowStats gives the transaction stat data the caller took of regular
// files while holding it (a workspace load reads every file's), by path
// relative to Root, so that CheckUnmodified and Uncommitted need not stat
// them again: a file whose known stat data proves it clean against the
// index is clean. Anything else is examined as without it.
func (tx *Tx) KnowStats(f func(p string) (KnownStat, bool)) { tx.known = f }

// Begin takes <gitdir>/index.lock exactly as git does (O_CREATE|O_EXCL), so
// git commands and other collab processes wait while collab changes the
// repository. A held lock is retried with jittered backoff for r.LockTimeout;
// then Begin returns an error matching ErrBusy that says how old the lock is,
// whether a process has it open, and how to remove it. A lock older than
// staleAfter that no running process has open is reported without waiting
// longer: git and collab keep the lock file open while they work. Begin never
// removes a lock it did not create. A signal stopping the process removes
// the lock (see safefile.Interrupt).
func (r *Repo) Begin(ctx context.Context) (*Tx, error) {
	if err := r.checkWriteEnv(); err != nil {
		return nil, err
	}
	lockPath := filepath.Join(r.gitDir, "index.lock")
	timeout := r.LockTimeout
	if timeout == 0 {
		timeout = DefaultLockTimeout
	}
	deadline := time.Now().Add(timeout)
	backoff := 2 * time.Millisecond
	var f *os.File
	inspect := time.Now() // when to look at who holds the lock next
	for {
		var err error
		f, err = createLock(lockPath)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("lock %s: %w", lockPath, err)
		}
		now := time.Now()
		if !now.Before(deadline) {
			return nil, &busyError{lock: inspectLock(lockPath)}
		}
		if !now.Before(inspect) {
			if s := inspectLock(lockPath); s.stale(staleAfter) {
				return nil, &busyError{lock: s}
			}
			inspect = now.Add(time.Second)
		}
		// Sleep between 0.5 and 1.5 times the backoff so that waiting
		// processes do not retry in lock step.
		d := backoff/2 + time.Duration(rand.Int64N(int64(backoff)))
		if rest := deadline.Sub(now); d > rest {
			d = rest
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
		if backoff < 200*time.Millisecond {
			backoff *= 2
		}
	}
	tx := &Tx{r: r, lockPath: lockPath, lock: f, held: true}
	if err := tx.readHead(); err != nil {
		tx.Release()
		return nil, err
	}
	return tx, nil
}

func (tx *Tx) readHead() error {
	rr := tx.r.refs()
	head, found, err := rr.read("HEAD")
	if err == nil && !found {
		err = errors.New("no such ref")
	}
	if err != nil {
		return fmt.Errorf("read HEAD: %w", err)
	}
	if head.target == "" { // detached HEAD
		tx.headRef = plumbing.HEAD
		tx.headHash = head.hash
		return nil
	}
	tx.headRef = plumbing.ReferenceName(head.target)
	if !tx.headRef.IsBranch() {
		return fmt.Errorf("HEAD points to %s, which is not a branch", tx.headRef)
	}
	b, found, err := rr.read(head.target)
	switch {
	case err != nil:
		return fmt.Errorf("read %s: %w", tx.headRef, err)
	case !found:
		tx.headHash = plumbing.ZeroHash
	case b.target != "":
		return fmt.Errorf("%s is a symbolic ref (to %s); collab commits only to a branch HEAD names directly", tx.headRef, b.target)
	default:
		tx.headHash = b.hash
	}
	return nil
}

// Release removes the index lock if this transaction still holds it. It is
// safe to call more than once and after Commit.
func (tx *Tx) Release() {
	if !tx.held {
		return
	}
	tx.lock.Close() // already closed after writeIndex; the error is ignored
	removeLock(tx.lockPath)
	tx.held = false
}

// load reads the index and HEAD's tree once, under the lock.
func (tx *Tx) load() error {
	if tx.loaded {
		return nil
	}
	if !tx.held {
		return errors.New("transaction is finished")
	}
	var idx *gitindex.Index
	var mtime time.Time
	var err error
	if tx.pre != nil {
		p := <-tx.pre
		tx.pre = nil
		idx, mtime, err = p.idx, p.mtime, p.err
	} else {
		idx, mtime, err = readIndex(filepath.Join(tx.r.gitDir, "index"))
	}
	if err != nil {
		return err
	}
	tx.idx, tx.idxMtime = idx, mtime
	tx.dirs, tx.clean, tx.fresh = nil, nil, nil
	tx.tree = plumbing.ZeroHash
	if !tx.headHash.IsZero() {
		c, err := tx.r.CommitObject(tx.headHash)
		if err != nil {
			return fmt.Errorf("read HEAD commit %s: %w", tx.headHash, err)
		}
		tx.tree = c.TreeHash
	}
	tx.loaded = true
	return nil
}

// readIndex decodes the index file; a missing index is an empty one.
func readIndex(p string) (*gitindex.Index, time.Time, error) {
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &gitindex.Index{Version: 2}, time.Time{}, nil
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, err
	}
	b := make([]byte, fi.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, time.Time{}, fmt.Errorf("read %s: %w", p, err)
	}
	idx, msg, err := readIndexBytes(b)
	if err != nil {
		if msg != "" {
			return nil, time.Time{}, fmt.Errorf("%s %s: %w", p, msg, err)
		}
		return nil, time.Time{}, fmt.Errorf("read %s: %w", p, err)
	}
	return idx, fi.ModTime(), nil
}

// readIndexBytes decodes an index file's content; msg, when not empty,
// says what to do about a format collab does not support. A zero trailer
// (index.skipHash, implied by feature.manyFiles) is accepted; the index
// collab writes carries a real checksum, which git accepts too.
func readIndexBytes(b []byte) (idx *gitindex.Index, msg string, err error) {
	idx, err = gitindex.Decode(b)
	switch {
	case errors.Is(err, gitindex.ErrSplitIndex), errors.Is(err, gitindex.ErrSparseIndex),
		errors.Is(err, gitindex.ErrVersion), errors.Is(err, gitindex.ErrRequiredExt):
		return nil, "is not supported", err
	case err != nil:
		return nil, "", err
	}
	return idx, "", nil
}

// DirtyError reports paths with changes collab did not make.
type DirtyError struct {
	Paths []string
}

func (e *DirtyError) Error() string {
	if len(e.Paths) == 1 {
		return e.Paths[0] + " has changes that collab did not make; commit or stash them first"
	}
	return strings.Join(e.Paths, ", ") + " have changes that collab did not make; commit or stash them first"
}

// CheckUnmodified fails with a *DirtyError when any of paths (slash-separated,
// relative to Root) differs between HEAD, the index and the work tree, or is
// present in the work tree while absent from HEAD. Only these paths are
// examined: index entries and stat data, hashing a file only when its stat
// data does not prove it clean.
func (tx *Tx) CheckUnmodified(paths ...string) error {
	if err := tx.load(); err != nil {
		return err
	}
	root, err := os.OpenRoot(tx.r.root)
	if err != nil {
		return err
	}
	defer root.Close()
	var dirty []string
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return err
		}
		s, err := tx.state(root, p)
		if err != nil {
			return err
		}
		switch s {
		case "":
		case SkipWorktree, Assumed:
			dirty = append(dirty, p+" (marked --"+s+")")
		default:
			dirty = append(dirty, p)
		}
	}
	if len(dirty) > 0 {
		return &DirtyError{Paths: dirty}
	}
	return nil
}

// How a work tree file differs from HEAD, as Uncommitted and state report it.
const (
	Untracked    = "untracked"        // in the work tree, not in HEAD nor the index
	Staged       = "staged"           // the index differs from HEAD
	Modified     = "modified"         // the work tree differs from the index
	Deleted      = "deleted"          // in HEAD, not in the work tree
	SkipWorktree = "skip-worktree"    // marked --skip-worktree, and the work tree differs from the index
	Assumed      = "assume-unchanged" // marked --assume-unchanged, and the work tree differs from the index
)

// Change is a file whose work tree content is not HEAD's.
type Change struct {
	Path   string // slash-separated, relative to Root
	State  string // Untracked, Staged, Modified, Deleted or SkipWorktree
	InHead bool   // HEAD holds the file (read it with HeadFile)
}

// Uncommitted lists the files a commit made now would not hold as they are
// in the work tree: those of paths (files present in the work tree) that
// differ from HEAD, and the files HEAD holds in the folders dirs ("" for the
// root) that keep accepts (given their path) but that paths lacks. It reads stat data and hashes a file
// only when that does not prove it clean, like CheckUnmodified.
func (tx *Tx) Uncommitted(paths, dirs []string, keep func(path string) bool) ([]Change, error) {
	if err := tx.load(); err != nil {
		return nil, err
	}
	root, err := os.OpenRoot(tx.r.root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var out []Change
	// Index entries of paths, by position: the folders the cache tree
	// proves clean are listed from the index, without a map of every path.
	seen := make([]bool, len(tx.idx.Entries))
	var have map[string]bool // the others, made when needed
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return nil, err
		}
		s, err := tx.state(root, p)
		if err != nil {
			return nil, err
		}
		// state leaves tx.next after p's entries, if it has any.
		for i := tx.next - 1; i >= 0 && i < len(seen) && tx.idx.Entries[i].Name == p; i-- {
			seen[i] = true
		}
		if s != "" {
			_, inHead, err := tx.headEntry(p)
			if err != nil {
				return nil, err
			}
			out = append(out, Change{Path: p, State: s, InHead: inHead})
		}
	}
	deleted := func(p string, mode filemode.FileMode) {
		if mode.IsFile() && keep(p) {
			out = append(out, Change{Path: p, State: Deleted, InHead: true})
		}
	}
	for _, d := range dirs {
		if d == "." {
			d = ""
		}
		clean, err := tx.cleanDir(d)
		if err != nil {
			return nil, err
		}
		if clean {
			// The index holds HEAD's files there: list them from it.
			prefix := dirPrefix(d)
			i, j := tx.idx.Range(prefix)
			for k := i; k < j; k++ {
				if e := &tx.idx.Entries[k]; !seen[k] && !strings.Contains(e.Name[len(prefix):], "/") {
					deleted(e.Name, filemode.FileMode(e.Mode))
				}
			}
			continue
		}
		t, err := tx.headDir(d)
		if err != nil {
			return nil, err
		}
		if have == nil {
			have = make(map[string]bool, len(paths))
			for _, p := range paths {
				have[p] = true
			}
		}
		for _, e := range t {
			if p := path.Join(d, e.Name); !have[p] {
				deleted(p, e.Mode)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// HeadFile returns the content of p in HEAD's tree; false when HEAD holds
// no file there.
func (tx *Tx) HeadFile(p string) ([]byte, bool, error) {
	if err := tx.load(); err != nil {
		return nil, false, err
	}
	e, ok, err := tx.headEntry(p)
	if err != nil || !ok || e.isDir() {
		return nil, false, err
	}
	data, err := tx.r.ReadObject(plumbing.BlobObject, e.Hash, nil)
	if err != nil {
		return nil, false, fmt.Errorf("read %s at HEAD: %w", p, err)
	}
	return data, true, nil
}

// headFolder is a folder of HEAD's tree as read: its hash and, once read,
// its entries.
type headFolder struct {
	hash    plumbing.Hash // zero when HEAD has no such folder
	entries rawTree
	read    bool
}

// headFolderOf returns the folder dir ("" for the root) of HEAD's tree,
// reading its entries when entries is set. Folders are read once per
// transaction, and only those along the way.
func (tx *Tx) headFolderOf(dir string, entries bool) (*headFolder, error) {
	if tx.dirs == nil {
		tx.dirs = map[string]headFolder{}
	}
	f, ok := tx.dirs[dir]
	if !ok {
		if dir == "" {
			f.hash = tx.tree
		} else {
			parent, name := path.Split(dir)
			pf, err := tx.headFolderOf(strings.TrimSuffix(parent, "/"), true)
			if err != nil {
				return nil, err
			}
			if i, ok := pf.entries.find(name); ok && pf.entries[i].isDir() {
				f.hash = pf.entries[i].Hash
			}
		}
	}
	if entries && !f.read && !f.hash.IsZero() {
		raw, err := tx.r.ReadObject(plumbing.TreeObject, f.hash, nil)
		if err != nil {
			return nil, fmt.Errorf("read HEAD's tree of %q: %w", dir, err)
		}
		if f.entries, err = parseTree(raw); err != nil {
			return nil, fmt.Errorf("read HEAD's tree of %q: %w", dir, err)
		}
		f.read = true
	}
	tx.dirs[dir] = f
	return &f, nil
}

// headDir returns the entries of the folder dir ("" for the root) in
// HEAD's tree; nil when HEAD has no such folder.
func (tx *Tx) headDir(dir string) (rawTree, error) {
	f, err := tx.headFolderOf(dir, true)
	if err != nil {
		return nil, err
	}
	return f.entries, nil
}

// cleanDir reports whether the index's entries below dir are exactly
// HEAD's files there, as the index's cache tree proves when its node for
// dir is valid and names HEAD's tree of dir (git keeps it so on commit,
// and collab on its own commits). Then HEAD's entries there need not be
// read: they are the index's.
func (tx *Tx) cleanDir(dir string) (bool, error) {
	if c, ok := tx.clean[dir]; ok {
		return c, nil
	}
	c := false
	if n := tx.idx.Tree.Lookup(dir); n.Valid() && !tx.tree.IsZero() {
		f, err := tx.headFolderOf(dir, false)
		if err != nil {
			return false, err
		}
		c = f.hash == n.Hash
		// The cache tree never covers conflicts nor intent-to-add entries;
		// check rather than trust.
		i, j := tx.idx.Range(dirPrefix(dir))
		for _, e := range tx.idx.Entries[i:j] {
			if e.Stage() != 0 || e.IntentToAdd() {
				c = false
				break
			}
		}
	}
	if tx.clean == nil {
		tx.clean = map[string]bool{}
	}
	tx.clean[dir] = c
	return c, nil
}

// findName returns the position of the first index entry named p, or
// where it would be. Callers mostly look paths up in order, so the entry
// after the previous one is tried before a binary search.
func (tx *Tx) findName(p string) int {
	es := tx.idx.Entries
	if i := tx.next; i < len(es) && es[i].Name == p && (i == 0 || es[i-1].Name < p) {
		return i
	}
	i, _ := tx.idx.Find(p, 0)
	return i
}

// dirPrefix is what the paths below dir start with: "" for the root.
func dirPrefix(dir string) string {
	if dir == "" {
		return ""
	}
	return dir + "/"
}

// headEntry is the entry of p in HEAD's tree. In a folder whose index
// entries are HEAD's, it comes from the index; a folder there shows as
// entries below p, and is returned with a zero hash.
func (tx *Tx) headEntry(p string) (rawEntry, bool, error) {
	return tx.headEntryAt(p, tx.findName(p))
}

// headEntryAt is headEntry given findName(p).
func (tx *Tx) headEntryAt(p string, at int) (rawEntry, bool, error) {
	dir, name := path.Split(p)
	dir = strings.TrimSuffix(dir, "/")
	clean, err := tx.cleanDir(dir)
	if err != nil {
		return rawEntry{}, false, err
	}
	if clean {
		if es := tx.idx.Entries; at < len(es) && es[at].Name == p && es[at].Stage() == 0 {
			e := &es[at]
			return rawEntry{Name: name, Mode: filemode.FileMode(e.Mode), Hash: e.Hash}, true, nil
		}
		if i, j := tx.idx.Range(p + "/"); i < j {
			return rawEntry{Name: name, Mode: filemode.Dir}, true, nil
		}
		return rawEntry{}, false, nil
	}
	t, err := tx.headDir(dir)
	if err != nil {
		return rawEntry{}, false, err
	}
	if i, ok := t.find(name); ok {
		return t[i], true, nil
	}
	return rawEntry{}, false, nil
}

// state says how p differs from HEAD: "" when HEAD, the index and the work
// tree agree (or none holds it), else Untracked, Staged, Modified, Deleted or
// SkipWorktree.
func (tx *Tx) state(root *os.Root, p string) (string, error) {
	at := tx.findName(p)
	end := at
	for end < len(tx.idx.Entries) && tx.idx.Entries[end].Name == p {
		end++
	}
	tx.next = end
	head, inHead, err := tx.headEntryAt(p, at)
	if err != nil {
		return "", err
	}
	if inHead && !head.Mode.IsFile() {
		return Modified, nil // a folder, symlink or submodule where collab wants a file
	}
	var staged *gitindex.Entry
	for i := at; i < end; i++ {
		e := &tx.idx.Entries[i]
		if e.Stage() != 0 || e.IntentToAdd() {
			return Staged, nil
		}
		staged = e
	}
	switch {
	case !inHead && staged != nil:
		return Staged, nil
	case inHead && staged == nil:
		return Staged, nil // removed from the index (git rm --cached)
	case inHead && (head.Hash != staged.Hash || uint32(head.Mode) != staged.Mode):
		return Staged, nil
	}
	if staged != nil && tx.known != nil {
		if k, ok := tx.known(p); ok && staged.Unchanged(k.Size, k.Mtime, k.Ino, tx.idxMtime) {
			return "", nil // as below, from stat data the caller took under the lock
		}
	}
	fi, err := root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		if staged != nil && !staged.SkipWorktree() {
			return Deleted, nil
		}
		return "", nil
	}
	if err != nil {
		return "", err
	}
	if staged == nil {
		return Untracked, nil
	}
	if !fi.Mode().IsRegular() {
		return Modified, nil
	}
	st := statOf(fi)
	if staged.Unchanged(fi.Size(), st.mtime, uint64(st.ino), tx.idxMtime) {
		return "", nil // stat data matches and the entry is not racily clean
	}
	// Git ignores the work tree of a --skip-worktree file, so collab must
	// not commit what is there: its content must be the index's.
	data, err := safefile.ReadFile(root, p, 0)
	if err != nil {
		return "", err
	}
	if hashed != nil {
		hashed(p)
	}
	rule, err := tx.eol(p)
	if err != nil {
		return "", err
	}
	if BlobHash(rule.clean(data)) == staged.Hash {
		// Git refreshes neither kind of marked entry.
		if !staged.SkipWorktree() && !staged.AssumeValid() {
			tx.fresh = append(tx.fresh, refreshed{at: end - 1, st: st, size: fi.Size()})
		}
		return "", nil
	}
	switch {
	case staged.SkipWorktree():
		return SkipWorktree, nil
	case staged.AssumeValid():
		return Assumed, nil
	}
	return Modified, nil
}

// File is one file collab writes (or deletes) in a commit.
type File struct {
	Path   string // slash-separated, relative to Root
	Data   []byte
	Delete bool
}

// ErrRefChanged is wrapped by Commit's error when the branch moved after Begin.
var ErrRefChanged = errors.New("branch moved while collab was committing")

// Commit commits exactly files and nothing else, and returns the new commit's
// hash. The tree is HEAD's tree with only these entries replaced, so whatever
// a user has staged stays staged and is not committed.
//
// Order of the steps, chosen so that a crash or failure at any point loses
// nothing and never makes git commit something by surprise:
//
//  1. Objects (blobs, trees, the commit). Unreferenced objects are harmless;
//     git gc prunes them.
//  2. Work tree files, each atomically. A crash after this leaves the files
//     modified but uncommitted: `git status` shows collab's change as an
//     ordinary unstaged edit, nothing is lost, and the next collab run refuses
//     those paths until the user commits or restores them.
//  3. The new index (only these entries replaced, with fresh stat data),
//     written into the held index.lock but not yet in place. If this fails,
//     the work tree files are put back and nothing was committed.
//  4. The branch, by compare-and-swap against the HEAD seen at Begin. If it
//     moved, the work tree files are put back as they were and an error
//     wrapping ErrRefChanged is returned; the index is untouched.
//  5. index.lock renamed over the index, as git commit does. Only this one
//     rename lies between the branch moving and the index following it; a
//     crash there leaves index.lock holding the right index, and git refuses
//     to commit until it is dealt with.
//
// Steps 2 to 5 run as one safefile.Critical section: a signal arriving then
// takes effect after them, so an interrupt never leaves them half done.
//
// Ref updates go through <ref>.lock as in git rather than go-git's
// CheckAndSetReference, which rewrites the ref file in place under flock(2):
// git does not honour that lock and readers could see a truncated ref.
func (tx *Tx) Commit(message string, files []File) (string, error) {
	if err := tx.load(); err != nil {
		return "", err
	}
	if len(files) == 0 {
		return "", errors.New("nothing to commit: no files given")
	}
	message = strings.TrimRight(message, "\n")
	if strings.TrimSpace(message) == "" {
		return "", errors.New("empty commit message")
	}
	message += "\n"
	seen := map[string]bool{}
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return "", err
		}
		if seen[f.Path] {
			return "", fmt.Errorf("%s: given twice", f.Path)
		}
		seen[f.Path] = true
	}
	for i := range tx.idx.Entries {
		if e := &tx.idx.Entries[i]; e.Stage() != 0 {
			return "", fmt.Errorf("%s is unmerged; resolve the conflict and commit it first", e.Name)
		}
	}
	for _, name := range []string{"MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply"} {
		if _, err := os.Lstat(filepath.Join(tx.r.gitDir, name)); err == nil {
			return "", fmt.Errorf("a merge, rebase, cherry-pick or revert is in progress (%s exists); finish it first", name)
		}
	}
	author, err := tx.r.Author()
	if err != nil {
		return "", err
	}
	committer, err := tx.r.Committer()
	if err != nil {
		return "", err
	}

	// 1. objects
	changes := make(map[string]treeChange, len(files))
	// The blob is what git would store (end-of-line conversion by the text
	// and eol attributes), the work tree what git would check out.
	worktree := make([]File, len(files))
	for i, f := range files {
		worktree[i] = f
		if f.Delete {
			changes[f.Path] = treeChange{del: true}
			continue
		}
		rule, err := tx.eol(f.Path)
		if err != nil {
			return "", err
		}
		blob := rule.clean(f.Data)
		worktree[i].Data = rule.smudge(blob)
		h, err := tx.r.writeObject(plumbing.BlobObject, blob)
		if err != nil {
			return "", fmt.Errorf("write blob for %s: %w", f.Path, err)
		}
		mode := filemode.Regular
		e, ok, err := tx.headEntry(f.Path)
		if err != nil {
			return "", err
		}
		if ok && e.Mode == filemode.Executable {
			mode = filemode.Executable
		}
		changes[f.Path] = treeChange{hash: h, mode: mode}
	}
	built := map[string]*builtDir{}
	treeHash, err := tx.buildTree(tx.tree, "", changes, built)
	if err != nil {
		return "", err
	}
	commitHash, err := tx.writeCommit(treeHash, author, committer, message)
	if err != nil {
		return "", err
	}

	root, err := os.OpenRoot(tx.r.root)
	if err != nil {
		return "", err
	}
	defer root.Close()
	subject, _, _ := strings.Cut(message, "\n")
	logMsg := "commit: " + subject
	if tx.headHash.IsZero() {
		logMsg = "commit (initial): " + subject
	}
	made := false
	err = safefile.Critical(func() error {
		// 2. work tree
		saved, err := snapshot(root, files)
		if err != nil {
			return err
		}
		undo := func(err error) error {
			if rerr := restore(root, saved); rerr != nil {
				err = fmt.Errorf("%w (and restoring the previous files failed: %v)", err, rerr)
			}
			return err
		}
		if err := writeWorktree(root, worktree); err != nil {
			return undo(err)
		}
		// 3. index, into the lock
		if err := tx.writeIndex(root, files, changes, built); err != nil {
			return undo(fmt.Errorf("write the index: %w; nothing was committed", err))
		}
		// 4. branch
		if err := tx.r.updateRef(tx.headRef, tx.headHash, commitHash); err != nil {
			return undo(err)
		}
		made = true
		if refMoved != nil {
			refMoved()
		}
		// 5. index in place
		if err := commitLock(tx.lockPath, filepath.Join(tx.r.gitDir, "index")); err != nil {
			return fmt.Errorf("commit %s was made, but the index could not be updated (%w); run `git reset -q -- %s`",
				commitHash.String()[:12], err, strings.Join(pathsOf(files), " "))
		}
		tx.held, tx.loaded = false, false
		tx.r.logRef(tx.headRef, tx.headHash, commitHash, committer, logMsg)
		return nil
	})
	if !made {
		return "", err
	}
	return commitHash.String(), err
}

// writeCommit writes the commit object: signed by git when commit.gpgSign
// asks for it (see Repo.signing), else in the process.
func (tx *Tx) writeCommit(tree plumbing.Hash, author, committer Signature, message string) (plumbing.Hash, error) {
	sign, err := tx.r.signing()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if sign {
		return tx.r.signedCommit(tree, tx.headHash, author, committer, message)
	}
	c := &gitobj.Commit{
		Author:    gitobj.Signature{Name: author.Name, Email: author.Email, When: author.When},
		Committer: gitobj.Signature{Name: committer.Name, Email: committer.Email, When: committer.When},
		Message:   message,
		TreeHash:  tree,
	}
	if !tx.headHash.IsZero() {
		c.ParentHashes = []plumbing.Hash{tx.headHash}
	}
	h, err := tx.r.writeObject(plumbing.CommitObject, c.Encode())
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("write commit: %w", err)
	}
	return h, nil
}

func pathsOf(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Path)
	}
	return out
}

// checkPath accepts clean, relative, slash-separated paths outside .git.
func checkPath(p string) error {
	if !fs.ValidPath(p) || p == "." || strings.Contains(p, `\`) {
		return fmt.Errorf("%q: not a clean relative path", p)
	}
	for rest := p; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "/")
		if strings.EqualFold(part, ".git") {
			return fmt.Errorf("%q: refusing to write inside .git", p)
		}
	}
	return nil
}

type savedFile struct {
	path   string
	exists bool
	data   []byte
}

func snapshot(root *os.Root, files []File) ([]savedFile, error) {
	var out []savedFile
	for _, f := range files {
		fi, err := root.Lstat(f.Path)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			out = append(out, savedFile{path: f.Path})
			continue
		}
		if err != nil {
			return nil, err
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("%s: not a regular file", f.Path)
		}
		data, err := safefile.ReadFile(root, f.Path, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, savedFile{path: f.Path, exists: true, data: data})
	}
	return out, nil
}

func writeWorktree(root *os.Root, files []File) error {
	for _, f := range files {
		if f.Delete {
			if err := removeFile(root, f.Path); err != nil {
				return err
			}
			continue
		}
		if err := safefile.WriteFile(root, f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// removeFile deletes p and then its folders while they are empty, as git rm does.
func removeFile(root *os.Root, p string) error {
	if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	for d := path.Dir(p); d != "."; d = path.Dir(d) {
		if root.Remove(d) != nil {
			break
		}
	}
	return nil
}

func restore(root *os.Root, saved []savedFile) error {
	var errs []error
	for _, s := range saved {
		if s.exists {
			errs = append(errs, safefile.WriteFile(root, s.path, s.data))
		} else {
			errs = append(errs, removeFile(root, s.path))
		}
	}
	return errors.Join(errs...)
}

// writeIndex replaces the entries of files (and only those) and writes the
// index into the held lock file, which Commit then renames over the index.
// The cache tree stays valid in the folders where it matched HEAD (see
// updateCacheTree); every other extension is kept or dropped by gitindex.
func (tx *Tx) writeIndex(root *os.Root, files []File, changes map[string]treeChange, built map[string]*builtDir) error {
	idx := *tx.idx
	idx.Entries = slices.Clone(tx.idx.Entries)
	smudgeRacy(idx.Entries, tx.idxMtime)
	if err := tx.refresh(idx.Entries); err != nil {
		return err
	}
	for _, f := range files {
		i, found := idx.Find(f.Path, 0)
		if f.Delete {
			if found {
				idx.Entries = slices.Delete(idx.Entries, i, i+1)
			}
			continue
		}
		fi, err := root.Lstat(f.Path)
		if err != nil {
			return err
		}
		s := statOf(fi)
		ch := changes[f.Path]
		e := gitindex.Entry{
			CtimeSec: uint32(s.ctime.Unix()), CtimeNsec: uint32(s.ctime.Nanosecond()),
			MtimeSec: uint32(s.mtime.Unix()), MtimeNsec: uint32(s.mtime.Nanosecond()),
			Dev: s.dev, Ino: s.ino, UID: s.uid, GID: s.gid,
			Mode: uint32(ch.mode), Size: uint32(fi.Size()), Hash: ch.hash, Name: f.Path,
		}
		if found {
			idx.Entries[i] = e
		} else {
			idx.Entries = slices.Insert(idx.Entries, i, e)
		}
	}
	idx.Tree = updateCacheTree(tx.idx.Tree.Clone(), built)

	if _, err := tx.lock.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := tx.lock.Truncate(0); err != nil {
		return err
	}
	if _, err := tx.lock.Write(idx.Encode()); err != nil {
		return err
	}
	if err := tx.r.harden(tx.lock, fsyncIndex); err != nil {
		return err
	}
	return tx.lock.Close()
}

// refresh puts in entries (a copy of tx.idx.Entries) the stat data of the
// files state found equal to their entry by content. Only stat data taken
// in an earlier second than the index lock was created is used: the file
// was read after that, so any later change gives it an mtime and a ctime
// no earlier than the lock's, which differ from the recorded ones even for
// a git that compares whole seconds only. A file changed in the lock's
// second keeps its entry as it was (stat-dirty, or smudged by smudgeRacy),
// and the next write compares its content again. The new index, written
// after the lock, is later than the stat data, so the refreshed entries
// are not racily clean in it. The clock is the file system's own.
func (tx *Tx) refresh(entries []gitindex.Entry) error {
	if len(tx.fresh) == 0 {
		return nil
	}
	fi, err := tx.lock.Stat()
	if err != nil {
		return err
	}
	limit := fi.ModTime().Unix()
	for _, f := range tx.fresh {
		if f.st.mtime.Unix() >= limit || f.st.ctime.Unix() >= limit {
			continue
		}
		e := &entries[f.at]
		e.CtimeSec, e.CtimeNsec = uint32(f.st.ctime.Unix()), uint32(f.st.ctime.Nanosecond())
		e.MtimeSec, e.MtimeNsec = uint32(f.st.mtime.Unix()), uint32(f.st.mtime.Nanosecond())
		e.Dev, e.Ino, e.UID, e.GID = f.st.dev, f.st.ino, f.st.uid, f.st.gid
		e.Size = uint32(f.size)
	}
	return nil
}

// smudgeRacy clears the size of the entries that are racily clean against
// the index they were read from (changed no earlier than it was written),
// as git does when it writes an index: in the new index, whose time is
// later, their stat data could pass for clean while the file changed in
// the same tick, and a size of 0 makes git (and collab) compare contents.
// Submodules are left alone: git always looks inside them.
func smudgeRacy(entries []gitindex.Entry, idxMtime time.Time) {
	if idxMtime.IsZero() {
		return
	}
	sec, nsec := uint32(idxMtime.Unix()), uint32(idxMtime.Nanosecond())
	for i := range entries {
		e := &entries[i]
		if (e.MtimeSec > sec || e.MtimeSec == sec && e.MtimeNsec >= nsec) && e.Mode != uint32(filemode.Submodule) {
			e.Size = 0
		}
	}
}

// staleAfter is the age from which a lock that no process has open is taken
// as left behind. Git closes index.lock early only around an editor or a
// hook of `git commit -a`, where waiting would not help either.
const staleAfter = 2 * time.Second

// refMoved, when set by a test, is called between steps 4 and 5 of Commit.
var refMoved func()

// hashed, when set by a test, is called for each file state reads to
// compare its content with the index.
var hashed func(p string)
