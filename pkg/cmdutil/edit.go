package cmdutil

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/editor"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/validate"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// EditEntity is the `edit` verb: the user's editor on the entity's file,
// validation on save (reopening with the errors on top), and one commit.
// hook builds the commit from the old and new versions; it may refuse, or
// adjust new.Doc (e.g. return an agreement to proposed).
func EditEntity(f *Factory, kind model.Kind, id string, hook func(old, new *workspace.Entity) (change.Commit, error)) error {
	w, err := f.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(kind, id)
	if err != nil {
		return err
	}
	orig, err := safefile.ReadFile(w.FS, e.Path, yamldoc.MaxSize)
	if err != nil {
		return err
	}
	asOf, err := f.AsOf()
	if err != nil {
		return err
	}
	edited, changed, err := editor.Edit(f.IO, e.Path, orig, func(b []byte) diag.List {
		w.Replace(e.Path, b)
		// Validate what would be committed: the hook may adjust the document
		// (e.g. return an edited active agreement to proposed).
		if nu := w.Entity(kind, id); nu != nil && nu.Value != nil {
			if _, err := hook(e, nu); err == nil {
				if adjusted, err := nu.Doc.Bytes(); err == nil && !bytes.Equal(adjusted, b) {
					w.Replace(e.Path, adjusted)
				}
			}
		}
		var errs diag.List
		// Only errors in this file are shown: only it is schema-checked and
		// positioned, so other files from the load cache need not be parsed.
		only := map[string]bool{e.Path: true}
		for _, d := range validate.Workspace(w, validate.Options{AsOf: asOf, SchemaFiles: only, Positions: only}) {
			if d.File == e.Path && d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		return errs
	})
	if err != nil {
		return err
	}
	if !changed {
		fmt.Fprintln(f.IO.ErrOut, "edit cancelled: no changes made")
		return nil
	}
	return f.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		old, err := w.Lookup(kind, id)
		if err != nil {
			return nil, err
		}
		now, err := safefile.ReadFile(w.FS, old.Path, yamldoc.MaxSize)
		if err != nil {
			return nil, err
		}
		if !bytes.Equal(now, orig) {
			return nil, errors.New(old.Path + " changed while you were editing; nothing was written: run edit again")
		}
		w.Replace(old.Path, edited)
		nu := w.Entity(kind, id)
		if nu == nil || nu.Value == nil {
			return nil, errors.New(old.Path + " is not valid after the edit")
		}
		before, err := nu.Doc.Bytes()
		if err != nil {
			return nil, err
		}
		c, err := hook(old, nu)
		if err != nil {
			return nil, err
		}
		after, err := nu.Doc.Bytes()
		if err != nil {
			return nil, err
		}
		// Keep the user's bytes exactly unless the hook changed the document.
		data := edited
		if !bytes.Equal(before, after) {
			data = after
		}
		return &change.Edit{Files: []change.File{{Path: old.Path, Data: data}}, Commit: c}, nil
	})
}
