package gitstore

import (
	"bytes"
	"context"
	"crypto/sha1"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"
	"github.com/go-git/go-git/v5/plumbing/format/index"
	"github.com/go-git/go-git/v5/plumbing/object"

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

	idx      *index.Index // loaded on first use, under the lock
	idxMtime time.Time
	entries  map[string][]*index.Entry                 // idx's entries by path
	assumed  map[string]bool                           // paths marked --assume-unchanged
	tree     *object.Tree                              // HEAD's tree, nil on an unborn branch
	dirs     map[string]map[string]object.TreeEntry    // folders of tree read so far
	attrs    map[string][]gitattributes.MatchAttribute // attributes files read so far
	autocrlf string                                    // core.autocrlf, core.eol
	coreEOL  string
	loaded   bool
	known    func(p string) (KnownStat, bool) // see KnowStats
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
	st := tx.r.repo.Storer
	ref, err := st.Reference(plumbing.HEAD)
	if err != nil {
		return fmt.Errorf("read HEAD: %w", err)
	}
	if ref.Type() == plumbing.HashReference { // detached HEAD
		tx.headRef = plumbing.HEAD
		tx.headHash = ref.Hash()
		return nil
	}
	tx.headRef = ref.Target()
	if !tx.headRef.IsBranch() {
		return fmt.Errorf("HEAD points to %s, which is not a branch", tx.headRef)
	}
	b, err := st.Reference(tx.headRef)
	switch {
	case errors.Is(err, plumbing.ErrReferenceNotFound):
		tx.headHash = plumbing.ZeroHash
	case err != nil:
		return fmt.Errorf("read %s: %w", tx.headRef, err)
	default:
		tx.headHash = b.Hash()
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
	idx, mtime, assumed, err := readIndex(filepath.Join(tx.r.gitDir, "index"))
	if err != nil {
		return err
	}
	tx.idx, tx.idxMtime, tx.assumed = idx, mtime, assumed
	tx.entries = make(map[string][]*index.Entry, len(idx.Entries))
	for _, e := range idx.Entries {
		tx.entries[e.Name] = append(tx.entries[e.Name], e)
	}
	tx.dirs = nil
	if !tx.headHash.IsZero() {
		c, err := object.GetCommit(tx.r.repo.Storer, tx.headHash)
		if err != nil {
			return fmt.Errorf("read HEAD commit %s: %w", tx.headHash, err)
		}
		t, err := c.Tree()
		if err != nil {
			return fmt.Errorf("read HEAD tree: %w", err)
		}
		tx.tree = t
	}
	tx.loaded = true
	return nil
}

// readIndex decodes the index file; a missing index is an empty one.
func readIndex(p string) (*index.Index, time.Time, map[string]bool, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &index.Index{Version: 2}, time.Time{}, nil, nil
	}
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	assumed := assumedUnchanged(b)
	fi, err := os.Stat(p)
	if err != nil {
		return nil, time.Time{}, nil, err
	}
	idx, msg, err := readIndexBytes(b)
	if err != nil {
		if msg != "" {
			return nil, time.Time{}, nil, fmt.Errorf("%s %s", p, msg)
		}
		return nil, time.Time{}, nil, fmt.Errorf("read %s: %w", p, err)
	}
	return idx, fi.ModTime(), assumed, nil
}

// readIndexBytes decodes an index file's content; msg, when not empty,
// says what to do about a format collab does not support.
func readIndexBytes(b []byte) (idx *index.Index, msg string, err error) {
	// index.skipHash (git ≥ 2.40, implied by feature.manyFiles) writes a zero
	// trailer instead of the checksum; go-git insists on the checksum, so
	// supply it. The rewritten index carries a real checksum, which git accepts.
	if n := len(b); n >= 12+sha1.Size && bytes.Equal(b[n-sha1.Size:], make([]byte, sha1.Size)) {
		sum := sha1.Sum(b[:n-sha1.Size])
		b = append(b[:n-sha1.Size:n-sha1.Size], sum[:]...)
	}
	idx = &index.Index{}
	if err := index.NewDecoder(bytes.NewReader(b)).Decode(idx); err != nil {
		switch {
		case errors.Is(err, index.ErrUnknownExtension):
			return nil, "uses a split or sparse index, which collab does not support; run `git update-index --no-split-index` or `git sparse-checkout disable`", err
		case errors.Is(err, index.ErrUnsupportedVersion):
			return nil, "has an unsupported index version; run `git update-index --index-version 2`", err
		}
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
	have := make(map[string]bool, len(paths))
	for _, p := range paths {
		if err := checkPath(p); err != nil {
			return nil, err
		}
		have[p] = true
		s, err := tx.state(root, p)
		if err != nil {
			return nil, err
		}
		if s != "" {
			out = append(out, Change{Path: p, State: s, InHead: tx.headEntry(p) != nil})
		}
	}
	for _, d := range dirs {
		for name, e := range tx.headDir(d) {
			p := path.Join(d, name)
			if e.Mode.IsFile() && keep(p) && !have[p] {
				out = append(out, Change{Path: p, State: Deleted, InHead: true})
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
	e := tx.headEntry(p)
	if e == nil {
		return nil, false, nil
	}
	b, err := object.GetBlob(tx.r.repo.Storer, e.Hash)
	if err != nil {
		return nil, false, fmt.Errorf("read %s at HEAD: %w", p, err)
	}
	rd, err := b.Reader()
	if err != nil {
		return nil, false, err
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	return data, err == nil, err
}

// headDir returns the entries of the folder dir ("" or "." for the root) in
// HEAD's tree, by name; nil when HEAD has no such folder. Folders are read
// once per transaction.
func (tx *Tx) headDir(dir string) map[string]object.TreeEntry {
	if dir == "." {
		dir = ""
	}
	if m, ok := tx.dirs[dir]; ok {
		return m
	}
	var m map[string]object.TreeEntry
	t := tx.tree
	if t != nil && dir != "" {
		t, _ = t.Tree(dir)
	}
	if t != nil {
		m = make(map[string]object.TreeEntry, len(t.Entries))
		for _, e := range t.Entries {
			m[e.Name] = e
		}
	}
	if tx.dirs == nil {
		tx.dirs = map[string]map[string]object.TreeEntry{}
	}
	tx.dirs[dir] = m
	return m
}

// headEntry is the entry of p in HEAD's tree, or nil.
func (tx *Tx) headEntry(p string) *object.TreeEntry {
	dir, name := path.Split(p)
	e, ok := tx.headDir(strings.TrimSuffix(dir, "/"))[name]
	if !ok {
		return nil
	}
	return &e
}

// state says how p differs from HEAD: "" when HEAD, the index and the work
// tree agree (or none holds it), else Untracked, Staged, Modified, Deleted or
// SkipWorktree.
func (tx *Tx) state(root *os.Root, p string) (string, error) {
	head := tx.headEntry(p)
	if head != nil && !head.Mode.IsFile() {
		return Modified, nil // a folder, symlink or submodule where collab wants a file
	}
	var staged *index.Entry
	for _, e := range tx.entries[p] {
		if e.Stage != stageMerged || e.IntentToAdd {
			return Staged, nil
		}
		staged = e
	}
	switch {
	case head == nil && staged != nil:
		return Staged, nil
	case head != nil && staged == nil:
		return Staged, nil // removed from the index (git rm --cached)
	case head != nil && (head.Hash != staged.Hash || head.Mode != staged.Mode):
		return Staged, nil
	}
	if staged != nil && tx.known != nil && !staged.SkipWorktree && !tx.assumed[p] {
		if k, ok := tx.known(p); ok && uint32(k.Size) == staged.Size && k.Mtime.Equal(staged.ModifiedAt) &&
			(staged.Inode == 0 || uint32(k.Ino) == staged.Inode) && k.Mtime.Before(tx.idxMtime) {
			return "", nil // as below, from stat data the caller took under the lock
		}
	}
	fi, err := root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
		if staged != nil && !staged.SkipWorktree {
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
	if !staged.SkipWorktree && !tx.assumed[p] && uint32(fi.Size()) == staged.Size && st.mtime.Equal(staged.ModifiedAt) &&
		(staged.Inode == 0 || st.ino == staged.Inode) &&
		st.mtime.Before(tx.idxMtime) {
		return "", nil // stat data matches and the entry is not racily clean
	}
	// Git ignores the work tree of a --skip-worktree file, so collab must
	// not commit what is there: its content must be the index's.
	data, err := safefile.ReadFile(root, p, 0)
	if err != nil {
		return "", err
	}
	rule, err := tx.eol(p)
	if err != nil {
		return "", err
	}
	if BlobHash(rule.clean(data)) == staged.Hash {
		return "", nil
	}
	switch {
	case staged.SkipWorktree:
		return SkipWorktree, nil
	case tx.assumed[p]:
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
	for _, e := range tx.idx.Entries {
		if e.Stage != stageMerged {
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
	st := tx.r.repo.Storer
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
		obj := st.NewEncodedObject()
		obj.SetType(plumbing.BlobObject)
		w, err := obj.Writer()
		if err != nil {
			return "", err
		}
		if _, err := w.Write(blob); err != nil {
			return "", err
		}
		w.Close()
		h, err := st.SetEncodedObject(obj)
		if err != nil {
			return "", fmt.Errorf("write blob for %s: %w", f.Path, err)
		}
		mode := filemode.Regular
		if e := tx.headEntry(f.Path); e != nil && e.Mode == filemode.Executable {
			mode = filemode.Executable
		}
		changes[f.Path] = treeChange{hash: h, mode: mode}
	}
	oldTree := plumbing.ZeroHash
	if tx.tree != nil {
		oldTree = tx.tree.Hash
	}
	treeHash, err := tx.buildTree(oldTree, "", changes)
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
		if err := tx.writeIndex(root, files, changes); err != nil {
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
// asks for it (see Repo.signing), else by go-git.
func (tx *Tx) writeCommit(tree plumbing.Hash, author, committer Signature, message string) (plumbing.Hash, error) {
	sign, err := tx.r.signing()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if sign {
		return tx.r.signedCommit(tree, tx.headHash, author, committer, message)
	}
	c := &object.Commit{
		Author:    object.Signature{Name: author.Name, Email: author.Email, When: author.When},
		Committer: object.Signature{Name: committer.Name, Email: committer.Email, When: committer.When},
		Message:   message,
		TreeHash:  tree,
	}
	if !tx.headHash.IsZero() {
		c.ParentHashes = []plumbing.Hash{tx.headHash}
	}
	st := tx.r.repo.Storer
	obj := st.NewEncodedObject()
	if err := c.Encode(obj); err != nil {
		return plumbing.ZeroHash, err
	}
	h, err := st.SetEncodedObject(obj)
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
	for _, part := range strings.Split(p, "/") {
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
func (tx *Tx) writeIndex(root *os.Root, files []File, changes map[string]treeChange) error {
	drop := make(map[string]bool, len(files))
	for _, f := range files {
		drop[f.Path] = true
	}
	entries := tx.idx.Entries[:0:0]
	for _, e := range tx.idx.Entries {
		if !drop[e.Name] {
			entries = append(entries, e)
		}
	}
	for _, f := range files {
		if f.Delete {
			continue
		}
		fi, err := root.Lstat(f.Path)
		if err != nil {
			return err
		}
		s := statOf(fi)
		ch := changes[f.Path]
		entries = append(entries, &index.Entry{
			Hash:       ch.hash,
			Name:       f.Path,
			Mode:       ch.mode,
			ModifiedAt: s.mtime,
			CreatedAt:  s.ctime,
			Dev:        s.dev,
			Inode:      s.ino,
			UID:        s.uid,
			GID:        s.gid,
			Size:       uint32(fi.Size()),
		})
	}
	idx := *tx.idx
	idx.Entries = entries
	// go-git writes no extensions, so the cache tree (TREE) is dropped rather
	// than left stale; git rebuilds it on its next commit.
	idx.Cache = nil
	idx.ResolveUndo = nil
	idx.EndOfIndexEntry = nil

	if _, err := tx.lock.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := tx.lock.Truncate(0); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := index.NewEncoder(&buf).Encode(&idx); err != nil {
		return err
	}
	keep := maps.Clone(tx.assumed)
	for _, f := range files {
		delete(keep, f.Path)
	}
	markAssumed(buf.Bytes(), keep)
	if _, err := tx.lock.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := tx.lock.Sync(); err != nil {
		return err
	}
	return tx.lock.Close()
}

// staleAfter is the age from which a lock that no process has open is taken
// as left behind. Git closes index.lock early only around an editor or a
// hook of `git commit -a`, where waiting would not help either.
const staleAfter = 2 * time.Second

// refMoved, when set by a test, is called between steps 4 and 5 of Commit.
var refMoved func()

// stageMerged is the stage of an ordinary (not conflicted) index entry as
// decoded from disk. go-git's index.Merged constant is 1, which is wrong.
const stageMerged index.Stage = 0
