package workspace

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
)

// indexPath is where the index of the workspace at dir (absolute) lives
// when dir is in a git repository: in the git folder of its worktree,
// <gitdir>/collab/index for a workspace at the top of the worktree, and
// <gitdir>/collab/index-<hash of its path> for one in a subfolder. "" when
// dir is in no repository.
//
// The git folder is found without running git, as git finds it: GIT_DIR
// when set; else the first .git up from dir, either a folder or a file
// "gitdir: PATH" (a linked worktree or a submodule), the folder holding a
// HEAD file.
func indexPath(dir string) string {
	if g := os.Getenv("GIT_DIR"); g != "" {
		abs, err := filepath.Abs(g)
		if err != nil {
			return ""
		}
		return filepath.Join(abs, "collab", "index-"+pathHash(dir))
	}
	for d := dir; ; {
		if g := dotGit(d); g != "" {
			name := "index"
			if d != dir {
				name += "-" + pathHash(dir)
			}
			return filepath.Join(g, "collab", name)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return ""
		}
		d = parent
	}
}

// dotGit returns the git folder that d/.git names, or "".
func dotGit(d string) string {
	p := filepath.Join(d, ".git")
	fi, err := os.Lstat(p)
	if err != nil {
		return ""
	}
	g := p
	switch {
	case fi.IsDir():
	case fi.Mode().IsRegular():
		data, err := os.ReadFile(p)
		if err != nil {
			return ""
		}
		rest, ok := strings.CutPrefix(string(data), "gitdir:")
		if !ok {
			return ""
		}
		g = strings.TrimSpace(rest)
		if !filepath.IsAbs(g) {
			g = filepath.Join(d, g)
		}
	default:
		return ""
	}
	if fi, err := os.Stat(filepath.Join(g, "HEAD")); err != nil || fi.IsDir() {
		return ""
	}
	return g
}

func pathHash(dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return hex.EncodeToString(sum[:8])
}
