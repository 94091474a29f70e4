package gitstore

import (
	"errors"
	"strings"
)

// Config returns the value git reads for key ("section.name" or
// "section.subsection.name"), "" when it is not set or set without a
// value (as `git config --get` prints it): read in the process where that
// is certain (see pkg/gitconfig), else asked of git. Without git, include
// sections are not followed.
func (r *Repo) Config(key string) (string, error) {
	cfg, err := r.loadConfig()
	if err == nil {
		e, _ := cfg.Get(key)
		return e.Value, nil
	}
	if gitBinary() != "" {
		out, err := r.gitRun("", nil, "config", "--get", key)
		if exitCode(err) == 1 {
			return "", nil // not set
		}
		return strings.TrimSuffix(out, "\n"), err
	}
	return "", err
}

// SetConfig sets key to value in the repository's own config file (shared
// by linked work trees), with git config: it needs git, as anything that
// reads such settings (merge drivers, for one) does.
func (r *Repo) SetConfig(key, value string) error {
	if gitBinary() == "" {
		return errors.New("git is not installed: set " + key + " with git config once it is")
	}
	_, err := r.gitRun("", nil, "config", key, value)
	return err
}
