package gitstore

import (
	"os"
	"path/filepath"
	"strings"
)

// HooksDir is where git looks for hooks, as `git rev-parse --git-path hooks`
// answers it: core.hooksPath (the repository config over the global and
// system ones; a relative path is relative to the work tree root, where
// hooks run; ~/ is the home folder), else the hooks folder of the common git
// dir, which linked work trees share.
func (r *Repo) HooksDir() (string, error) {
	cfgs, err := r.configs()
	if err != nil {
		return "", err
	}
	hp := configOption(cfgs, "core", "hooksPath")
	if hp == "" {
		return filepath.Join(r.commonDir, "hooks"), nil
	}
	if rest, ok := strings.CutPrefix(hp, "~/"); ok {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		hp = filepath.Join(home, rest)
	}
	if !filepath.IsAbs(hp) {
		hp = filepath.Join(r.root, hp)
	}
	return filepath.Clean(hp), nil
}
