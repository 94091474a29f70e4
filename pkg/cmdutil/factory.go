// Package cmdutil holds what every command shares: the factory of
// dependencies, global flags, error kinds and output printers.
package cmdutil

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/verify"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Factory carries the streams, the global flags, build information and the
// dependencies commands reach the outside world through. The dependencies are
// function fields, as in the GitHub CLI's factory: each command copies the
// ones it needs into its options, and tests replace them (a temporary
// workspace, a fixed clock, an identity, a write path that records the edit).
type Factory struct {
	IO *iostreams.IOStreams

	// Global flags.
	Dir      string // -C
	NoCommit bool
	Message  string
	AsOfFlag string
	NoColor  bool

	// Build information, set by ldflags in main.
	Version, Commit, Date string

	// Now is the clock; AsOf reads it when --as-of is not given.
	Now func() time.Time
	// Workspace finds and loads the workspace (see openWorkspace); the
	// caller closes it.
	Workspace func() (*workspace.Workspace, error)
	// WorkspaceFor loads the part of the workspace a show of the entity of
	// kind k and id reads (see openWorkspaceFor); the caller closes it.
	WorkspaceFor func(k model.Kind, id string) (*workspace.Workspace, error)
	// WorkspaceOf loads collab.yaml and the entities of kinds only, what a
	// list reads (see openWorkspaceOf); the caller closes it.
	WorkspaceOf func(kinds ...model.Kind) (*workspace.Workspace, error)
	// Identity is the git author collab commits as.
	Identity func() (gitstore.Signature, error)
	// Apply is the write path: it runs an edit through change.Apply with the
	// global flags and reports what was committed.
	Apply ApplyFunc

	// unreadable holds the files Workspace found that cannot be read.
	unreadable map[string]bool
	// Context is cancelled when collab is asked to stop (SIGINT, SIGTERM);
	// the write path waits for locks and checks it with it.
	Context context.Context
}

// ApplyFunc is the type of the write path, Factory.Apply.
type ApplyFunc func(fn func(w *workspace.Workspace) (*change.Edit, error)) error

// New returns a factory for the real process streams, the system clock, the
// workspace at -C and the user's git identity.
func New(ios *iostreams.IOStreams) *Factory {
	f := &Factory{IO: ios, Now: time.Now, Context: context.Background()}
	f.Workspace = f.openWorkspace
	f.WorkspaceFor = f.openWorkspaceFor
	f.WorkspaceOf = f.openWorkspaceOf
	f.Identity = f.gitIdentity
	f.Apply = f.apply
	return f
}

// WorkDir is the folder commands start from: -C, else the current folder.
func (f *Factory) WorkDir() string {
	if f.Dir != "" {
		return f.Dir
	}
	return "."
}

// openWorkspace finds and loads the workspace, through the load cache (see
// workspace.LoadCached): files that did not change are not parsed. What
// cannot be read is reported on ErrOut as errors at their lines, once, and
// the command then exits 1 (see Unreadable): whatever it prints leaves
// those files out.
func (f *Factory) openWorkspace() (*workspace.Workspace, error) {
	w, err := workspace.OpenCached(f.WorkDir())
	if err != nil {
		return nil, err
	}
	f.report(w)
	return w, nil
}

// openWorkspaceFor loads collab.yaml, the entity of kind k and id and what
// its show prints from (see workspace.LoadFor), not the whole workspace.
// What cannot be read among those files is reported as openWorkspace
// reports it; a file the show does not read is not.
func (f *Factory) openWorkspaceFor(k model.Kind, id string) (*workspace.Workspace, error) {
	w, err := workspace.OpenFor(f.WorkDir(), k, id)
	if err != nil {
		return nil, err
	}
	f.report(w)
	return w, nil
}

// openWorkspaceOf loads collab.yaml and the folders of kinds through the
// workspace index (see workspace.LoadKinds). What cannot be read among
// those files is reported as openWorkspace reports it; a file of another
// kind is not read, so not reported.
func (f *Factory) openWorkspaceOf(kinds ...model.Kind) (*workspace.Workspace, error) {
	w, err := workspace.OpenKinds(f.WorkDir(), kinds...)
	if err != nil {
		return nil, err
	}
	f.report(w)
	return w, nil
}

// report prints the problems the load of w found on ErrOut, each once.
func (f *Factory) report(w *workspace.Workspace) {
	for _, d := range w.Diags {
		if f.unreadable == nil {
			f.unreadable = map[string]bool{}
		}
		if !f.unreadable[d.String()] {
			f.unreadable[d.String()] = true
			fmt.Fprintln(f.IO.ErrOut, d.String())
		}
	}
}

// Unreadable reports whether Workspace found files that cannot be read.
func (f *Factory) Unreadable() bool { return len(f.unreadable) > 0 }

// AsOf is "today": --as-of when given, else the local date.
func (f *Factory) AsOf() (model.Date, error) {
	if f.AsOfFlag != "" {
		d, err := model.ParseDate(f.AsOfFlag)
		if err != nil {
			return "", FlagErrorf("--as-of: %v", err)
		}
		return d, nil
	}
	return model.DateOf(f.Now()), nil
}

// ChangeOptions are the global write flags for the write path.
func (f *Factory) ChangeOptions() (change.Options, error) {
	asOf, err := f.AsOf()
	if err != nil {
		return change.Options{}, err
	}
	return change.Options{NoCommit: f.NoCommit, Message: f.Message, AsOf: asOf}, nil
}

// apply runs a write through change.Apply with the global flags and reports
// what was committed, like git does.
func (f *Factory) apply(fn func(w *workspace.Workspace) (*change.Edit, error)) error {
	opts, err := f.ChangeOptions()
	if err != nil {
		return err
	}
	opts.Check = verify.Edit // who may make this change
	var subject string
	res, err := change.Apply(f.Context, f.WorkDir(), opts, func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := fn(w)
		if e != nil {
			subject = e.Commit.Message("")
		}
		return e, err
	})
	if errors.Is(err, change.ErrNoChange) {
		fmt.Fprintln(f.IO.ErrOut, "nothing changed")
		return nil
	}
	if err != nil {
		return err
	}
	for _, d := range res.Warnings {
		fmt.Fprintln(f.IO.ErrOut, f.IO.ErrColorScheme().Yellow(d.String()))
	}
	for _, n := range res.Notes {
		fmt.Fprintln(f.IO.ErrOut, n)
	}
	if res.Hash == "" {
		for _, p := range res.Files {
			fmt.Fprintf(f.IO.Out, "wrote %s (not committed)\n", p)
		}
		return nil
	}
	subject, _, _ = strings.Cut(subject, "\n")
	fmt.Fprintf(f.IO.Out, "[%s] %s\n", res.Hash[:7], subject)
	return nil
}

// gitIdentity is the git author of the repository holding the workspace: the
// person making the change.
func (f *Factory) gitIdentity() (gitstore.Signature, error) {
	root, err := workspace.Find(f.WorkDir())
	if err != nil {
		return gitstore.Signature{}, err
	}
	repo, err := gitstore.Open(root)
	if err != nil {
		return gitstore.Signature{}, err
	}
	defer repo.Close()
	return repo.Author()
}
