// Package change is the one write path of collab: under the repository lock
// it loads the workspace, lets a command edit it, validates the result,
// writes the files atomically and commits exactly those files.
package change

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/validate"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/schema"
)

// Options are the global write flags.
type Options struct {
	NoCommit bool   // write files, leave committing to the user
	Message  string // appended to the commit body
	AsOf     model.Date
	// Check, when set, judges the files about to be written, in the
	// workspace as it was before the edit, with the git author as actor;
	// c is the commit about to be made (its trailers may name a review).
	Check func(w *workspace.Workspace, files []File, c Commit, actor string) error
}

// File is one file a command writes, relative to the workspace root.
type File struct {
	Path string
	Data []byte
}

// Edit is what a command's edit function returns.
type Edit struct {
	Files  []File
	Commit Commit
}

// Result tells what was written.
type Result struct {
	Files []string
	Hash  string // empty with --no-commit
	// Warnings are validation warnings about the written files.
	Warnings diag.List
	// Notes are other things to tell, such as the git hooks not run.
	Notes []string
}

// InvalidError carries the validation errors that stopped a write.
type InvalidError struct{ Diags diag.List }

func (e *InvalidError) Error() string {
	var b strings.Builder
	b.WriteString("the change would make the workspace invalid; nothing was written:")
	for _, d := range e.Diags {
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}

// ErrNoChange is returned by an edit function when there is nothing to write.
var ErrNoChange = errors.New("nothing changed")

// Apply runs fn on a workspace loaded under the repository lock (so
// concurrent collab processes serialise), validates, writes and commits.
func Apply(ctx context.Context, dir string, opts Options, fn func(w *workspace.Workspace) (*Edit, error)) (*Result, error) {
	root, err := workspace.Find(dir)
	if err != nil {
		return nil, err
	}
	defer workspace.HoldGC(root)()
	var tx *gitstore.Tx
	var repo *gitstore.Repo
	if !opts.NoCommit {
		if repo, err = gitstore.Open(root); err != nil {
			return nil, fmt.Errorf("%w (or pass --no-commit to only write the files)", err)
		}
		defer repo.Close()
		if _, err := repo.Author(); err != nil {
			return nil, err
		}
		if tx, err = repo.Begin(ctx); err != nil {
			return nil, err
		}
		defer tx.Release()
	}
	// The files fn edits are parsed fresh from disk (Workspace.Lookup); the
	// others may come from the workspace index, which is written when the
	// write is done, without new entries for the files it changes.
	w, indexed, err := workspace.LoadForWrite(root)
	if err != nil {
		return nil, err
	}
	var changed []string
	defer func() { indexed(changed) }()
	if tx != nil {
		tx.Preload() // for checkCommitted and the commit
	}
	// Temp files of writes cut short by a crash would be taken for the
	// user's own files by `git add -A`. They start with a dot: a folder
	// the load listed without one holds none.
	for _, d := range append([]string{"."}, kindDirs()...) {
		if listed, dots := w.Listed(d); !listed || dots {
			safefile.RemoveStaleTemps(w.FS, d)
		}
	}
	edit, err := fn(w)
	if err != nil {
		return nil, err
	}
	// What each file holds on disk now, the state the change starts from.
	prev := map[string]onDisk{}
	edit.Files = slices.DeleteFunc(edit.Files, func(f File) bool {
		old, err := safefile.ReadFile(w.FS, f.Path, 0)
		prev[f.Path] = onDisk{old, err == nil}
		return err == nil && bytes.Equal(old, f.Data)
	})
	if len(edit.Files) == 0 {
		return nil, ErrNoChange
	}
	for _, f := range edit.Files {
		changed = append(changed, f.Path)
		if k, _, ok := model.ParsePath(f.Path); ok {
			validate.Prepare(k)
		}
	}
	withModelines(w.FS, edit.Files, prev)
	// Judged on the workspace before the edit; refused only once the
	// result is valid, so that an invalid change hears why first.
	var denied error
	if opts.Check != nil {
		denied = check(root, repo, w, edit, opts.Check)
	}
	res := &Result{}
	for _, f := range edit.Files {
		res.Files = append(res.Files, f.Path)
	}
	// Which workspace files the commit would not hold as the work tree
	// does is found meanwhile, on the other core: it reads git's index
	// and the stat data of the load, nothing that the checks change.
	var pending func() (uncommitted, error)
	if tx != nil {
		pending = startUncommitted(tx, repo, root, w, edit)
	}
	opt, errs := verdict(w, edit.Files, prev, opts.AsOf, true, res)
	var changes uncommitted
	var uerr error
	if tx != nil {
		// Joined before anything else uses the repository.
		changes, uerr = pending()
	}
	if len(errs) > 0 {
		return nil, &InvalidError{Diags: errs}
	}
	if uerr != nil {
		return nil, uerr
	}
	if tx != nil {
		note, err := repo.SkippedHooks()
		if err != nil {
			return nil, err
		}
		if note != "" {
			res.Notes = append(res.Notes, note)
		}
		whole := opt
		whole.Files = nil
		if err := checkCommitted(tx, changes, w, edit, whole); err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if denied != nil {
		return nil, denied
	}
	res.Hash, err = write(w.FS, repo, tx, root, edit, opts)
	return res, err
}

// withModelines starts each new entity file with the yaml-language-server
// modeline for its kind, when the workspace keeps a copy of that schema
// (collab init makes one): a modeline pointing at no file would only make
// the editor complain.
func withModelines(fsys *os.Root, files []File, prev map[string]onDisk) {
	for i, f := range files {
		k, _, ok := model.ParsePath(f.Path)
		if !ok || prev[f.Path].exists || len(f.Data) == 0 {
			continue
		}
		name := strings.ToLower(string(k))
		if schema.HasCopy(fsys.FS(), name) {
			files[i].Data = schema.WithModeline(name, f.Path, f.Data)
		}
	}
}

// onDisk is what a file holds on disk before a change.
type onDisk struct {
	data   []byte
	exists bool
}

// verdict validates a change (see judge) and returns the options it was
// checked with and the errors that refuse it: any error in a changed
// file, and errors elsewhere that the change caused (e.g. removing a
// member who still owns a commitment). Warnings in the changed files go to
// res. With narrow, only the files the change can reach are checked; the
// verdict is the same either way.
func verdict(w *workspace.Workspace, files []File, prev map[string]onDisk, asOf model.Date, narrow bool, res *Result) (validate.Options, diag.List) {
	opt, before := judge(w, files, prev, asOf, narrow)
	errs := refused(w, opt, before, res)
	if len(errs) == 0 {
		return opt, nil
	}
	// Errors the change caused in other files have no position yet:
	// check again placing them too (this parses just those files).
	again := false
	for _, d := range errs {
		if !opt.Positions[d.File] {
			opt.Positions, again = maps.Clone(opt.Positions), true
			break
		}
	}
	if again {
		for _, d := range errs {
			opt.Positions[d.File] = true
		}
		res.Warnings = nil
		errs = refused(w, opt, before, res)
	}
	return opt, errs
}

// judge prepares the validation of a change: it checks w as on disk
// (prev), then leaves w with the files of the change in place and returns
// the options to check it with and the errors found before. With narrow,
// only the files the change can reach are checked, in both states
// (workspace.Reach): the errors of any other file are the same before
// and after. Only the changed files are schema-checked and get positions;
// errors elsewhere are compared without them (errorKey).
func judge(w *workspace.Workspace, files []File, prev map[string]onDisk, asOf model.Date, narrow bool) (validate.Options, map[string]bool) {
	// Each version of a file is parsed once, and put in place as often
	// as needed.
	was, will := map[string]*workspace.Version{}, map[string]*workspace.Version{}
	for _, f := range files {
		if p := prev[f.Path]; p.exists {
			was[f.Path] = workspace.SharedVersion(f.Path, p.data)
		}
		will[f.Path] = workspace.SharedVersion(f.Path, f.Data)
	}
	restore := func() map[string]*workspace.Entity {
		ents := map[string]*workspace.Entity{}
		for _, f := range files {
			if v := was[f.Path]; v != nil {
				w.Put(v)
			} else {
				w.Remove(f.Path)
			}
			ents[f.Path] = nil
		}
		for _, e := range w.Files {
			if _, ok := ents[e.Path]; ok {
				ents[e.Path] = e
			}
		}
		return ents
	}
	apply := func() {
		for _, f := range files {
			w.Put(will[f.Path])
		}
	}
	var affected map[string]bool
	if narrow {
		previous := restore()
		apply()
		var all bool
		if affected, all = w.Reach(previous); all {
			affected = nil
		}
	}
	restore()
	before := errorSet(validate.Workspace(w, validate.Options{AsOf: asOf, SchemaFiles: map[string]bool{}, Positions: map[string]bool{}, Files: affected}))
	apply()
	changed := map[string]bool{}
	for _, f := range files {
		changed[f.Path] = true
	}
	return validate.Options{AsOf: asOf, SchemaFiles: changed, Positions: changed, Files: affected}, before
}

// UncommittedError refuses a commit that would be invalid because the
// workspace files it relies on are not committed: the commit holds HEAD
// plus the change, not the work tree.
type UncommittedError struct {
	Changes []gitstore.Change // paths relative to the workspace
	Diags   diag.List
}

func (e *UncommittedError) Error() string {
	var b strings.Builder
	b.WriteString("the change is valid only with files that are not committed: ")
	const show = 5
	for i, c := range e.Changes {
		if i == show {
			fmt.Fprintf(&b, " and %d more", len(e.Changes)-show)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", c.Path, c.State)
	}
	b.WriteString(". A commit holds HEAD plus the change; commit those files first, or pass --no-commit. Nothing was written:")
	for _, d := range e.Diags {
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}

// uncommitted is what startUncommitted finds: the workspace files whose
// work tree content is not HEAD's, and the workspace's folder in the
// repository.
type uncommitted struct {
	changes []gitstore.Change
	prefix  string
}

// startUncommitted starts looking, in the background, for the workspace
// files other than the edited ones whose work tree content is not HEAD's
// (modified, staged, untracked or deleted); the returned func waits for
// the answer. Until then nothing else may use tx or repo. It reads w's
// files and stat data as they are now.
func startUncommitted(tx *gitstore.Tx, repo *gitstore.Repo, root string, w *workspace.Workspace, edit *Edit) func() (uncommitted, error) {
	files := slices.Clone(w.Files)
	ch := make(chan struct {
		u   uncommitted
		err error
	}, 1)
	go func() {
		u, err := findUncommitted(tx, repo, root, files, edit)
		ch <- struct {
			u   uncommitted
			err error
		}{u, err}
	}()
	return func() (uncommitted, error) {
		r := <-ch
		return r.u, r.err
	}
}

func findUncommitted(tx *gitstore.Tx, repo *gitstore.Repo, root string, files []*workspace.Entity, edit *Edit) (uncommitted, error) {
	prefix, err := repo.Prefix(root)
	if err != nil {
		return uncommitted{}, err
	}
	edited := map[string]bool{}
	for _, f := range edit.Files {
		edited[f.Path] = true
	}
	paths := make([]string, 0, len(files))
	for _, e := range files {
		if !edited[e.Path] {
			paths = append(paths, prefix+e.Path)
		}
	}
	dirs := []string{strings.TrimSuffix(prefix, "/")}
	for _, d := range kindDirs() {
		dirs = append(dirs, prefix+d)
	}
	// The load took every file's stat data under the lock already.
	known := make(map[string]gitstore.KnownStat, len(files))
	for _, e := range files {
		if st := e.Stat(); st != nil {
			known[e.Path] = gitstore.KnownStat{Size: st.Size, Mtime: time.Unix(0, st.MtimeNs), Ino: st.Ino}
		}
	}
	tx.KnowStats(func(p string) (gitstore.KnownStat, bool) {
		rel, ok := strings.CutPrefix(p, prefix)
		if !ok {
			return gitstore.KnownStat{}, false
		}
		k, ok := known[rel]
		return k, ok
	})
	changes, err := tx.Uncommitted(paths, dirs, func(p string) bool {
		rel := strings.TrimPrefix(p, prefix)
		return !edited[rel] && (rel == workspace.ConfigFile || path.Dir(rel) != "." && strings.HasSuffix(rel, ".yaml"))
	})
	tx.KnowStats(nil)
	return uncommitted{changes, prefix}, err
}

// checkCommitted validates what the commit will hold when it is not what w
// holds: the workspace files u found whose work tree content is not HEAD's
// are put back as HEAD has them, and the change must be valid there too.
// When every file is as in HEAD, which is the usual case, w is the commit
// and nothing more is checked.
func checkCommitted(tx *gitstore.Tx, u uncommitted, w *workspace.Workspace, edit *Edit, opt validate.Options) error {
	changes, prefix := u.changes, u.prefix
	if len(changes) == 0 {
		return nil
	}
	// The committed workspace before the change, then with it.
	headVersion := func(rel string) error {
		data, ok, err := tx.HeadFile(prefix + rel)
		switch {
		case err != nil:
			return err
		case ok:
			w.Replace(rel, data)
		default:
			w.Remove(rel)
		}
		return nil
	}
	for i := range changes {
		changes[i].Path = strings.TrimPrefix(changes[i].Path, prefix)
		if changes[i].Path == workspace.ConfigFile && !changes[i].InHead {
			// Without collab.yaml the commit is no workspace at all.
			return &UncommittedError{Changes: changes[i : i+1], Diags: diag.List{{File: workspace.ConfigFile, Severity: diag.Error, Code: "uncommitted",
				Message: "the workspace file is not committed, so the commit would hold no workspace"}}}
		}
		if err := headVersion(changes[i].Path); err != nil {
			return err
		}
	}
	for _, f := range edit.Files {
		if err := headVersion(f.Path); err != nil {
			return err
		}
	}
	before := errorSet(validate.Workspace(w, opt))
	for _, f := range edit.Files {
		w.Replace(f.Path, f.Data)
	}
	if errs := refused(w, opt, before, &Result{}); len(errs) > 0 {
		return &UncommittedError{Changes: changes, Diags: errs}
	}
	return nil
}

// check runs opts.Check as the git author. With --no-commit outside a
// repository or without an identity nothing is judged: nothing is
// committed, and whoever commits the files is judged by collab verify.
func check(root string, repo *gitstore.Repo, w *workspace.Workspace, edit *Edit, fn func(*workspace.Workspace, []File, Commit, string) error) error {
	if repo == nil {
		r, err := gitstore.Open(root)
		if err != nil {
			return nil
		}
		defer r.Close()
		repo = r
	}
	me, err := repo.Author()
	if err != nil {
		return nil
	}
	return fn(w, edit.Files, edit.Commit, me.Email)
}

// Init writes the files of a new workspace in dir and commits them; unlike
// Apply it needs no collab.yaml yet. The repository is created when missing.
//
// Without a git identity to commit as, Init refuses before it creates the
// folder, the repository or any file.
func Init(ctx context.Context, dir string, opts Options, edit *Edit) (string, error) {
	if !opts.NoCommit {
		if err := checkNewAuthor(dir); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	fsys, err := os.OpenRoot(dir)
	if err != nil {
		return "", err
	}
	defer fsys.Close()
	if opts.NoCommit {
		return write(fsys, nil, nil, dir, edit, opts)
	}
	repo, err := gitstore.Open(dir)
	if errors.Is(err, gitstore.ErrNoRepo) {
		repo, err = gitstore.Init(dir)
	}
	if err != nil {
		return "", err
	}
	defer repo.Close()
	if _, err := repo.Author(); err != nil {
		return "", err
	}
	tx, err := repo.Begin(ctx)
	if err != nil {
		return "", err
	}
	defer tx.Release()
	return write(fsys, repo, tx, dir, edit, opts)
}

// checkNewAuthor makes sure a commit in dir, which may not exist yet, has
// an author: the one of the repository around dir's nearest existing
// folder, else the one a new repository would get.
func checkNewAuthor(dir string) error {
	near := dir
	for {
		if fi, err := os.Stat(near); err == nil && fi.IsDir() {
			break
		}
		parent := filepath.Dir(near)
		if parent == near {
			break
		}
		near = parent
	}
	repo, err := gitstore.Open(near)
	if errors.Is(err, gitstore.ErrNoRepo) {
		_, err = gitstore.NewAuthor(near)
		return err
	}
	if err != nil {
		return err
	}
	defer repo.Close()
	_, err = repo.Author()
	return err
}

// write puts the files in place: plainly with --no-commit, else as one
// commit of exactly these files, refusing files with changes collab did not make.
func write(fsys *os.Root, repo *gitstore.Repo, tx *gitstore.Tx, root string, edit *Edit, opts Options) (string, error) {
	if opts.NoCommit {
		for _, f := range edit.Files {
			if err := safefile.WriteFile(fsys, f.Path, f.Data); err != nil {
				return "", err
			}
		}
		return "", nil
	}
	prefix, err := repo.Prefix(root)
	if err != nil {
		return "", err
	}
	var files []gitstore.File
	var paths []string
	for _, f := range edit.Files {
		p := prefix + f.Path
		paths = append(paths, p)
		files = append(files, gitstore.File{Path: p, Data: f.Data})
	}
	if err := tx.CheckUnmodified(paths...); err != nil {
		return "", err
	}
	return tx.Commit(edit.Commit.Message(opts.Message), files)
}

// refused validates w after the edit and returns the errors that refuse it;
// warnings in the changed files go to res.
func refused(w *workspace.Workspace, opt validate.Options, before map[string]bool, res *Result) diag.List {
	var errs diag.List
	for _, d := range validate.Workspace(w, opt) {
		switch {
		case opt.SchemaFiles[d.File] && d.Severity == diag.Error:
			errs = append(errs, d)
		case opt.SchemaFiles[d.File]:
			res.Warnings = append(res.Warnings, d)
		case d.Severity == diag.Error && !before[errorKey(d)]:
			errs = append(errs, d)
		}
	}
	return errs
}

// errorKey identifies an error independently of line shifts.
func errorKey(d diag.Diagnostic) string { return d.File + "\x00" + d.Code + "\x00" + d.Message }

func errorSet(l diag.List) map[string]bool {
	m := map[string]bool{}
	for _, d := range l {
		if d.Severity == diag.Error {
			m[errorKey(d)] = true
		}
	}
	return m
}

// EditOf renders an entity's edited document as the one file of an edit.
func EditOf(e *workspace.Entity, c Commit) (*Edit, error) {
	data, err := e.Doc.Bytes()
	if err != nil {
		return nil, err
	}
	return &Edit{Files: []File{{Path: e.Path, Data: data}}, Commit: c}, nil
}

// kindDirs are the folders of the entity kinds.
func kindDirs() []string {
	var out []string
	for _, k := range model.EntityKinds {
		out = append(out, k.Dir())
	}
	return out
}
