package workspace

import (
	"path/filepath"
	"slices"
	"time"

	"github.com/collab-tools/collab/pkg/model"
)

// A list prints one kind of entity, from those files alone (and, for a
// filter, another kind's): loading the whole workspace for it stats and
// decodes every file of every folder. LoadKinds reads collab.yaml and the
// folders of the kinds a list reads, through the workspace index as
// LoadCached does.

// OpenKinds finds the workspace at or above dir and loads collab.yaml and
// the entities of kinds (see LoadKinds), under HoldGC until Close.
func OpenKinds(dir string, kinds ...model.Kind) (*Workspace, error) {
	root, err := Find(dir)
	if err != nil {
		return nil, err
	}
	return holdGC(root, func(root string) (*Workspace, error) { return LoadKinds(root, kinds...) })
}

// LoadKinds is LoadCached for collab.yaml and the folders of kinds only:
// Files, Diags and the id maps hold what LoadCached would hold for those
// files, in the same order, and nothing of the other folders (their maps
// are empty; a folder of theirs that cannot be read is not reported). The
// index keeps its entries for the other folders as they were.
func LoadKinds(dir string, kinds ...model.Kind) (*Workspace, error) {
	kinds = slices.DeleteFunc(slices.Clone(kinds), func(k model.Kind) bool { return !slices.Contains(model.EntityKinds, k) })
	if kinds == nil {
		kinds = []model.Kind{} // none: nil would mean every kind
	}
	if !cacheEnabled() {
		return loadKinds(dir, nil, kinds) // as Load
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	taken := time.Now().UnixNano()
	old := readCacheAsync(abs)
	w, err := loadKinds(abs, old.entries, kinds)
	if err != nil {
		return nil, err
	}
	w.updateCache(old.index(), taken)
	return w, nil
}
