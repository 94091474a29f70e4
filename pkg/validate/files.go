package validate

import (
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/schema"
)

// checkKind reports a file whose kind is another known kind than its folder
// holds, and returns false then: checking a goal against the team schema
// would bury the one real mistake under dozens of unknown fields. A missing
// or misspelt kind is left to the schema.
func (c *checker) checkKind(r *reporter, e *workspace.Entity) bool {
	n := e.Doc.Lookup("kind")
	if n == nil || n.Kind != yaml.ScalarNode {
		return true
	}
	got := model.Kind(n.Value)
	if got == e.Kind {
		return true
	}
	if got == model.KindWorkspace {
		r.at(diag.Error, CodeKindMismatch, nodePath("kind"), "kind: a Workspace is only collab.yaml at the workspace root; this file in %s/ must have kind: %s", e.Kind.Dir(), e.Kind)
		return false
	}
	if got.Dir() == "" {
		return true
	}
	if e.Kind == model.KindWorkspace {
		r.at(diag.Error, CodeKindMismatch, nodePath("kind"), "kind: collab.yaml must have kind: Workspace, not %s; move this file to %s/", got, got.Dir())
		return false
	}
	r.at(diag.Error, CodeKindMismatch, nodePath("kind"), "kind: a %s does not belong in %s/; move the file to %s/ or set kind: %s", got, e.Kind.Dir(), got.Dir(), e.Kind)
	return false
}

// checkFile checks what ties a file to its name: the file name is a valid
// id, metadata.id equals it, and no other file of the kind claims the id.
func (c *checker) checkFile(r *reporter, e *workspace.Entity) {
	if e.Kind == model.KindWorkspace {
		return
	}
	if !model.ValidID(e.ID) {
		r.list.Add(r.file, 1, 1, diag.Error, CodeFileName,
			"file name %q is not a valid id: rename the file using lower-case letters, digits and dashes (e.g. %s/feature-x-launch.yaml)", e.ID+".yaml", e.Kind.Dir())
	}
	// A value from the load cache has decoded metadata.id from a scalar:
	// its text, unless empty (missing or null), which only the document
	// tells apart.
	id := ""
	if e.Cached() {
		id = metadataID(e.Value)
	}
	if id == "" {
		doc := e.Parsed()
		if doc == nil {
			return
		}
		n := doc.Lookup("metadata", "id")
		if n == nil || n.Kind != yaml.ScalarNode {
			return // a missing or mistyped id is a schema error
		}
		id = n.Value
	}
	if id == e.ID {
		return
	}
	if other := c.files[e.Kind][id]; other != nil && other != e {
		r.at(diag.Error, CodeDuplicateID, nodePath("metadata", "id"),
			"metadata.id: %s is already the id of %s; ids are unique per kind and equal the file name: set it to %s",
			id, other.Path, e.ID)
		return
	}
	if !model.ValidID(e.ID) {
		return // the file name is reported above
	}
	r.at(diag.Error, CodeIDMismatch, nodePath("metadata", "id"),
		"metadata.id: %s does not match the file name %s.yaml; set it to %s, or rename the file to %s",
		id, e.ID, e.ID, workspace.PathOf(e.Kind, id))
}

// metadataID is metadata.id of a decoded entity.
func metadataID(v any) string {
	switch v := v.(type) {
	case *model.Workspace:
		return v.Metadata.ID
	case *model.Team:
		return v.Metadata.ID
	case *model.Goal:
		return v.Metadata.ID
	case *model.Agreement:
		return v.Metadata.ID
	case *model.StakeholderMap:
		return v.Metadata.ID
	}
	return ""
}

// SchemaCopies warns about each schema copy in the workspace's
// .collab/schema/ that differs from this binary's schemas: editors would
// check files against rules collab no longer applies.
func SchemaCopies(w *workspace.Workspace) diag.List {
	stale, err := schema.StaleCopies(w.FS.FS())
	var l diag.List
	if err != nil {
		l.Add(schema.CopyDir, 0, 0, diag.Warning, CodeStaleSchema, "cannot read the schema copy: %v", err)
	}
	for _, p := range stale {
		l.Add(p, 0, 0, diag.Warning, CodeStaleSchema, "differs from the schema of this collab version, which editors then check against; run collab schema --write")
	}
	return l
}
