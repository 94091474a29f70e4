package gitstore

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// HooksDir is where git looks for hooks, as `git rev-parse --git-path hooks`
// answers it: core.hooksPath (the repository config over the global and
// system ones, read as Config reads it; a relative path is relative to the
// work tree root, where hooks run; ~/ is the home folder), else the hooks
// folder of the common git dir, which linked work trees share.
func (r *Repo) HooksDir() (string, error) {
	hp, err := r.Config("core.hooksPath")
	if err != nil {
		return "", err
	}
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

// commitHooks are the hooks `git commit` runs.
var commitHooks = []string{"pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"}

// ownHook marks the pre-commit hook `collab hook install` writes: it runs
// collab validate, which every collab write does itself.
const ownHook = `# collab pre-commit hook, installed by "collab hook install".`

// HooksSetting is the git config key that says what collab does about the
// commit hooks it does not run: "warn" (the default: one line naming
// them), "skip" (say nothing) or "refuse" (do not commit).
const HooksSetting = "collab.hooks"

// SkippedHooks returns a one-line note naming the hooks `git commit` would
// run that collab does not ("" when there are none, or collab.hooks is
// skip), or an error when collab.hooks is refuse.
func (r *Repo) SkippedHooks() (string, error) {
	dir, err := r.HooksDir()
	if err != nil {
		return "", err
	}
	var found []string
	for _, h := range commitHooks {
		p := filepath.Join(dir, h)
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
			continue // git runs only executable hooks
		}
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), ownHook) {
			continue
		}
		found = append(found, h)
	}
	if len(found) == 0 {
		return "", nil
	}
	setting, err := r.configString(HooksSetting)
	if err != nil {
		return "", err
	}
	what := "the " + strings.Join(found, ", ") + " hook"
	if len(found) > 1 {
		what += "s"
	}
	switch strings.ToLower(setting) {
	case "skip":
		return "", nil
	case "refuse":
		return "", fmt.Errorf("%s is refuse and %s would run on a commit, which collab does not run: write with --no-commit and commit with git", HooksSetting, what)
	case "", "warn":
		return fmt.Sprintf("collab did not run %s (it validated the change itself; `git config %s skip` hides this line, `refuse` stops such commits)", what, HooksSetting), nil
	}
	return "", fmt.Errorf("%s is %q; use warn, skip or refuse", HooksSetting, setting)
}

// configString reads a setting as git does (see Config).
func (r *Repo) configString(key string) (string, error) {
	return r.Config(key)
}
