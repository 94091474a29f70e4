package gitconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Sources says where git would look for configuration.
type Sources struct {
	// GitDir is the work tree's own git directory (config.worktree lives
	// there) and CommonDir the shared one (config); both "" outside a
	// repository.
	GitDir, CommonDir string
	// SystemFile is the system config file of the git build in use
	// (/etc/gitconfig for a git installed with prefix /usr); "" when it is
	// not known, which makes Load uncertain unless GIT_CONFIG_NOSYSTEM or
	// GIT_CONFIG_SYSTEM makes it irrelevant.
	SystemFile string
	// IgnoreIncludes reads include and includeIf sections as plain
	// settings instead of giving up on them: for use where there is no
	// git to ask.
	IgnoreIncludes bool
	// LookupEnv replaces os.LookupEnv (tests).
	LookupEnv func(string) (string, bool)
}

// Config is every setting git would read, in git's reading order.
type Config struct {
	Entries []Entry
	env     func(string) (string, bool)
}

// Load reads the configuration git would read, in git's order (config.c,
// do_git_config_sequence): the system file, the global ones
// ($XDG_CONFIG_HOME/git/config, then ~/.gitconfig; or GIT_CONFIG_GLOBAL),
// the repository's config, its config.worktree when
// extensions.worktreeConfig is on, then GIT_CONFIG_COUNT with
// GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n, then GIT_CONFIG_PARAMETERS
// (`git -c`). An error matching ErrUncertain means: ask git.
func Load(src Sources) (*Config, error) {
	env := src.LookupEnv
	if env == nil {
		env = os.LookupEnv
	}
	c := &Config{env: env}
	for _, v := range []string{"GIT_CONFIG", "GIT_COMMON_DIR"} {
		if _, ok := env(v); ok {
			return nil, uncertain("%s is set", v)
		}
	}
	add := func(entries []Entry) error {
		if !src.IgnoreIncludes {
			for _, e := range entries {
				if s := section(e.Key); s == "include" || s == "includeif" {
					return uncertain("%s: %s includes other files", e.Origin, e.Key)
				}
			}
		}
		c.Entries = append(c.Entries, entries...)
		return nil
	}
	readFile := func(path string) ([]Entry, error) {
		if !filepath.IsAbs(path) {
			// git reads it relative to where it runs.
			return nil, uncertain("config file %q is a relative path", path)
		}
		b, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			return nil, nil
		}
		if err != nil {
			return nil, uncertain("%v", err)
		}
		return Parse(b, path)
	}
	file := func(path string) error {
		entries, err := readFile(path)
		if err != nil {
			return err
		}
		return add(entries)
	}
	nonEmpty := func(name string) (string, bool, error) {
		v, ok := env(name)
		if ok && v == "" {
			return "", false, uncertain("%s is set but empty", name)
		}
		return v, ok, nil
	}

	// system
	noSystem := false
	if v, ok := env("GIT_CONFIG_NOSYSTEM"); ok {
		b, err := parseBool(v)
		if err != nil {
			return nil, err
		}
		noSystem = b
	}
	if !noSystem {
		p, ok, err := nonEmpty("GIT_CONFIG_SYSTEM")
		if err != nil {
			return nil, err
		}
		if !ok {
			p = src.SystemFile
		}
		if p == "" {
			return nil, uncertain("the system config file of this git is not known")
		}
		if err := file(p); err != nil {
			return nil, err
		}
	}

	// global
	if p, ok, err := nonEmpty("GIT_CONFIG_GLOBAL"); err != nil {
		return nil, err
	} else if ok {
		if err := file(p); err != nil {
			return nil, err
		}
	} else {
		home, ok, err := nonEmpty("HOME")
		if err != nil || !ok {
			return nil, uncertain("HOME is not set")
		}
		xdg := filepath.Join(home, ".config", "git", "config")
		if x, _ := env("XDG_CONFIG_HOME"); x != "" {
			xdg = filepath.Join(x, "git", "config")
		}
		if err := file(xdg); err != nil {
			return nil, err
		}
		if err := file(filepath.Join(home, ".gitconfig")); err != nil {
			return nil, err
		}
	}

	// repository, then work tree
	if src.CommonDir != "" {
		repo, err := readFile(filepath.Join(src.CommonDir, "config"))
		if err != nil {
			return nil, err
		}
		if err := add(repo); err != nil {
			return nil, err
		}
		// git reads extensions.worktreeConfig from the repository's
		// config file alone, as a boolean.
		wt := false
		for _, e := range repo {
			if e.Key == "extensions.worktreeconfig" {
				if wt, err = e.Bool(); err != nil {
					return nil, err
				}
			}
		}
		if wt && src.GitDir != "" {
			if err := file(filepath.Join(src.GitDir, "config.worktree")); err != nil {
				return nil, err
			}
		}
	}

	// command line: GIT_CONFIG_COUNT, then GIT_CONFIG_PARAMETERS
	if v, ok := env("GIT_CONFIG_COUNT"); ok {
		entries, err := countEntries(v, env)
		if err != nil {
			return nil, err
		}
		if err := add(entries); err != nil {
			return nil, err
		}
	}
	if v, ok := env("GIT_CONFIG_PARAMETERS"); ok && v != "" {
		entries, err := ParseParameters(v)
		if err != nil {
			return nil, err
		}
		if err := add(entries); err != nil {
			return nil, err
		}
	}
	return c, nil
}

const commandLine = "command line"

func countEntries(count string, env func(string) (string, bool)) ([]Entry, error) {
	if count == "" {
		return nil, nil
	}
	for i := 0; i < len(count); i++ {
		if !isDigit(count[i]) {
			return nil, uncertain("bogus count in GIT_CONFIG_COUNT")
		}
	}
	n, err := strconv.Atoi(count)
	if err != nil || n > 1<<20 {
		return nil, uncertain("bogus count in GIT_CONFIG_COUNT")
	}
	var out []Entry
	for i := 0; i < n; i++ {
		k, ok := env(fmt.Sprintf("GIT_CONFIG_KEY_%d", i))
		if !ok {
			return nil, uncertain("missing config key GIT_CONFIG_KEY_%d", i)
		}
		v, ok := env(fmt.Sprintf("GIT_CONFIG_VALUE_%d", i))
		if !ok {
			return nil, uncertain("missing config value GIT_CONFIG_VALUE_%d", i)
		}
		e, err := pair(k, v, false)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// pair is git's config_parse_pair.
func pair(key, value string, noValue bool) (Entry, error) {
	if key == "" {
		return Entry{}, uncertain("empty config key")
	}
	k, err := CanonicalKey(key)
	if err != nil {
		return Entry{}, uncertain("%v", err)
	}
	return Entry{Key: k, Value: value, NoValue: noValue, Origin: commandLine}, nil
}

// ParseParameters reads GIT_CONFIG_PARAMETERS as git's
// parse_config_env_list does: shell-quoted 'key'='value' (what `git -c`
// writes), 'key'= for a key with no value, and the older 'key=value'.
func ParseParameters(s string) ([]Entry, error) {
	bogus := uncertain("bogus format in GIT_CONFIG_PARAMETERS")
	var out []Entry
	rest, more := s, true
	for more && rest != "" {
		var key string
		var ok bool
		key, rest, more, ok = sqDequoteStep(rest)
		if !ok {
			return nil, bogus
		}
		switch {
		case !more || isSpace(rest[0]):
			// old style 'key=value'
			k, v, hasValue := strings.Cut(key, "=")
			k = strings.Trim(k, " \t\n\r")
			if k == "" {
				return nil, uncertain("bogus config parameter: %s", key)
			}
			e, err := pair(k, v, !hasValue)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		case rest[0] == '=':
			rest = rest[1:]
			var e Entry
			var err error
			switch {
			case rest != "" && rest[0] == '\'':
				var v string
				v, rest, more, ok = sqDequoteStep(rest)
				if !ok || (more && !isSpace(rest[0])) {
					return nil, bogus
				}
				e, err = pair(key, v, false)
			case rest == "" || isSpace(rest[0]):
				e, err = pair(key, "", true)
			default:
				return nil, bogus
			}
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		default:
			return nil, bogus
		}
		if more {
			rest = strings.TrimLeft(rest, " \t\n\r")
		}
	}
	return out, nil
}

// sqDequoteStep is git's sq_dequote_step: it reads one single-quoted word
// ('\” and '\!' outside the quotes stand for ' and !) and returns it with
// what follows; more is false when the string ended with the word.
func sqDequoteStep(s string) (word, rest string, more, ok bool) {
	if s == "" || s[0] != '\'' {
		return "", "", false, false
	}
	var b []byte
	i := 1
	for {
		if i >= len(s) {
			return "", "", false, false
		}
		c := s[i]
		if c != '\'' {
			b = append(b, c)
			i++
			continue
		}
		i++ // out of the quotes
		if i >= len(s) {
			return string(b), "", false, true
		}
		if s[i] == '\\' && i+2 < len(s) && (s[i+1] == '\'' || s[i+1] == '!') && s[i+2] == '\'' {
			b = append(b, s[i+1])
			i += 3
			continue
		}
		return string(b), s[i:], true, true
	}
}

// Get returns the last entry for key (any case for the section and name),
// as `git config --get` does.
func (c *Config) Get(key string) (Entry, bool) {
	k, err := CanonicalKey(key)
	if err != nil {
		return Entry{}, false
	}
	for i := len(c.Entries) - 1; i >= 0; i-- {
		if c.Entries[i].Key == k {
			return c.Entries[i], true
		}
	}
	return Entry{}, false
}

// All returns every entry for key, in reading order.
func (c *Config) All(key string) []Entry {
	k, err := CanonicalKey(key)
	if err != nil {
		return nil
	}
	var out []Entry
	for _, e := range c.Entries {
		if e.Key == k {
			out = append(out, e)
		}
	}
	return out
}

// Bool reads e as git_config_bool does: no value, true, yes, on (any
// case) are true; an empty value, false, no, off are false; an integer is
// true when it is not 0 (k, m and g suffixes count). Anything else is an
// error matching ErrUncertain: git dies on it, or reads a number form
// (hex, octal, leading blanks) this package leaves to git.
func (e Entry) Bool() (bool, error) {
	if e.NoValue {
		return true, nil
	}
	b, err := parseBool(e.Value)
	if err != nil {
		return false, uncertain("bad boolean config value '%s' for '%s'", e.Value, e.Key)
	}
	return b, nil
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "yes", "on":
		return true, nil
	case "", "false", "no", "off":
		return false, nil
	}
	if n, ok := parseInt(v); ok {
		return n != 0, nil
	}
	return false, uncertain("bad boolean value '%s'", v)
}

// parseInt is git's git_parse_signed: strtoimax in base 0 then an
// optional k, m or g; anything else after the number is an error. Only
// the plain decimal forms are accepted here; others are left to git.
func parseInt(v string) (int64, bool) {
	if v == "" {
		return 0, false
	}
	num := v
	mult := int64(1)
	switch strings.ToLower(v[len(v)-1:]) {
	case "k":
		mult, num = 1<<10, v[:len(v)-1]
	case "m":
		mult, num = 1<<20, v[:len(v)-1]
	case "g":
		mult, num = 1<<30, v[:len(v)-1]
	}
	digits := strings.TrimLeft(num, "+-")
	if len(num)-len(digits) > 1 || digits == "" {
		return 0, false
	}
	for i := 0; i < len(digits); i++ {
		if !isDigit(digits[i]) {
			return 0, false
		}
	}
	if len(digits) > 1 && digits[0] == '0' {
		return 0, false // octal in strtoimax's base 0: leave it to git
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n > (1<<62)/mult || n < -(1<<62)/mult {
		return 0, false
	}
	return n * mult, true
}
