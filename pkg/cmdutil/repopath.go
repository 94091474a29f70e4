package cmdutil

import (
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/workspace"
)

// ForCodeHost returns the diagnostics as the formats a code host reads
// want them: for github and sarif, paths from the repository root rather
// than the workspace, so that annotations and code scanning alerts land on
// the right file when the workspace is a folder of a larger repository. A
// workspace that is not in a git repository keeps its own paths.
func ForCodeHost(dir, format string, ds diag.List) diag.List {
	if format != "github" && format != "sarif" {
		return ds
	}
	root, err := workspace.Find(dir)
	if err != nil {
		return ds
	}
	repo, err := gitstore.Open(root)
	if err != nil {
		return ds
	}
	defer repo.Close()
	prefix, err := repo.Prefix(root)
	if err != nil {
		return ds
	}
	return ds.InRepo(prefix)
}
