package gitstore

import (
	"errors"
	"strings"
)

// Config returns the value git reads for key ("section.name" or
// "section.subsection.name"), "" when it is not set.
func (r *Repo) Config(key string) (string, error) {
	if gitBinary() != "" {
		return r.configString(key)
	}
	cfgs, _ := r.configs()
	section, rest, _ := strings.Cut(key, ".")
	sub, name, ok := strings.Cut(rest, ".")
	for _, c := range cfgs {
		v := c.Section(section).Option(rest)
		if ok {
			v = c.Section(section).Subsection(sub).Option(name)
		}
		if v != "" {
			return v, nil
		}
	}
	return "", nil
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
