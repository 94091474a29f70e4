package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	formatcfg "github.com/go-git/go-git/v5/plumbing/format/config"
)

// Signature is a commit author or committer.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// ErrNoIdentity is returned by Author when no name or email is configured.
var ErrNoIdentity = errors.New(`no git identity: run git config --global user.email "you@example.com" and git config --global user.name "Your Name"`)

// Author returns the commit author as git decides it. Where git is
// installed, that is `git var GIT_AUTHOR_IDENT`, which honours every rule
// of git's (include and includeIf, author.name and author.email over
// user.*, GIT_AUTHOR_* in the environment). Without git: GIT_AUTHOR_NAME,
// GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE from the environment, else user.name
// and user.email from the repository config, else from the global config
// ($HOME/.gitconfig over $XDG_CONFIG_HOME/git/config), else the system
// config; include files are not read then.
func (r *Repo) Author() (Signature, error) {
	r.author.once.Do(func() {
		if gitBinary() != "" {
			r.author.sig, r.author.err = r.gitIdent("GIT_AUTHOR_IDENT")
			return
		}
		r.author.sig, r.author.err = r.identity("AUTHOR", nil)
	})
	return r.author.sig, r.author.err
}

// NewAuthor returns the author git would give a commit in a new
// repository made in dir, a folder outside any repository: `git var
// GIT_AUTHOR_IDENT` run there where git is installed, else GIT_AUTHOR_*
// and the global and system config. collab init asks it before creating
// anything, so that a missing identity leaves no half-made repository.
func NewAuthor(dir string) (Signature, error) {
	if gitBinary() != "" {
		cmd := exec.Command(gitBinary(), "var", "GIT_AUTHOR_IDENT")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return Signature{}, fmt.Errorf("%w\n(git says: %s)", ErrNoIdentity, lastLine(errb.String()))
			}
			return Signature{}, err
		}
		return parseIdent(strings.TrimSpace(out.String()))
	}
	return (&Repo{}).identity("AUTHOR", nil)
}

// Committer returns the committer as git decides it: `git var
// GIT_COMMITTER_IDENT` where git is installed. Without git:
// GIT_COMMITTER_* from the environment, else the configured identity, and
// the author's date.
func (r *Repo) Committer() (Signature, error) {
	r.committer.once.Do(func() {
		if gitBinary() != "" {
			r.committer.sig, r.committer.err = r.gitIdent("GIT_COMMITTER_IDENT")
			return
		}
		a, err := r.Author()
		if err != nil {
			r.committer.err = err
			return
		}
		r.committer.sig, r.committer.err = r.identity("COMMITTER", &a)
	})
	return r.committer.sig, r.committer.err
}

// ident is an identity computed once per Repo.
type ident struct {
	once sync.Once
	sig  Signature
	err  error
}

func (r *Repo) identity(who string, fallback *Signature) (Signature, error) {
	var s Signature
	s.Name = os.Getenv("GIT_" + who + "_NAME")
	s.Email = os.Getenv("GIT_" + who + "_EMAIL")
	if s.Name == "" || s.Email == "" {
		name, email := r.configIdentity(strings.ToLower(who))
		if s.Name == "" {
			s.Name = name
		}
		if s.Email == "" {
			s.Email = email
		}
	}
	if s.Name == "" || s.Email == "" {
		return Signature{}, ErrNoIdentity
	}
	s.Name = cleanIdent(s.Name)
	s.Email = strings.Trim(cleanIdent(s.Email), "<>")
	if d := os.Getenv("GIT_" + who + "_DATE"); d != "" {
		t, err := parseGitDate(d)
		if err != nil {
			return Signature{}, fmt.Errorf("GIT_%s_DATE: %w", who, err)
		}
		s.When = t
	} else if fallback != nil {
		s.When = fallback.When
	} else {
		s.When = time.Now()
	}
	return s, nil
}

// cleanIdent drops characters that would break a commit header line.
func cleanIdent(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '<' || r == '>' {
			return -1
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// configIdentity reads <section>.name and .email (section is author or
// committer), else user.name and user.email: repository config first, then
// global, then system; the first non-empty value of each wins. A
// repository config that cannot be read is skipped.
func (r *Repo) configIdentity(section string) (name, email string) {
	cfgs, _ := r.configs()
	pick := func(key string) string {
		if v := configOption(cfgs, section, key); v != "" {
			return v
		}
		return configOption(cfgs, "user", key)
	}
	return pick("name"), pick("email")
}

// configs returns the config files that apply to r, most specific first: the
// repository's, then the global ones, then the system one. The error is the
// repository config's; the other configs are returned with it.
func (r *Repo) configs() ([]*formatcfg.Config, error) {
	var out []*formatcfg.Config
	var err error
	if r.commonDir != "" { // "" for NewAuthor: no repository yet
		var c *formatcfg.Config
		c, err = readConfigFile(filepath.Join(r.commonDir, "config"))
		if c != nil {
			out = append(out, c)
		}
	}
	g := globalConfigs()
	for i := len(g) - 1; i >= 0; i-- {
		out = append(out, g[i])
	}
	return out, err
}

// configOption is section.key from the first of cfgs that sets it.
func configOption(cfgs []*formatcfg.Config, section, key string) string {
	for _, c := range cfgs {
		if v := c.Section(section).Option(key); v != "" {
			return v
		}
	}
	return ""
}

// globalConfigs returns the system and global config files in git's reading
// order (later ones override earlier ones). Missing files are skipped.
func globalConfigs() []*formatcfg.Config {
	var paths []string
	if os.Getenv("GIT_CONFIG_NOSYSTEM") == "" {
		if p := os.Getenv("GIT_CONFIG_SYSTEM"); p != "" {
			paths = append(paths, p)
		} else {
			paths = append(paths, "/etc/gitconfig")
		}
	}
	if p := os.Getenv("GIT_CONFIG_GLOBAL"); p != "" {
		paths = append(paths, p)
	} else {
		home, _ := os.UserHomeDir()
		if x := os.Getenv("XDG_CONFIG_HOME"); x != "" {
			paths = append(paths, filepath.Join(x, "git", "config"))
		} else if home != "" {
			paths = append(paths, filepath.Join(home, ".config", "git", "config"))
		}
		if home != "" {
			paths = append(paths, filepath.Join(home, ".gitconfig"))
		}
	}
	var out []*formatcfg.Config
	for _, p := range paths {
		if p == "/dev/null" {
			continue
		}
		if c, err := readConfigFile(p); err == nil && c != nil {
			out = append(out, c)
		}
	}
	return out
}

// parseGitDate accepts the date formats git documents for GIT_AUTHOR_DATE:
// "@<unix> <tz>" / "<unix> <tz>" (git's internal format), RFC 2822 and ISO 8601.
func parseGitDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if f := strings.Fields(strings.TrimPrefix(s, "@")); len(f) >= 1 && len(f) <= 2 {
		if sec, err := strconv.ParseInt(f[0], 10, 64); err == nil {
			t := time.Unix(sec, 0)
			if len(f) == 2 {
				tz, err := time.Parse("-0700", f[1])
				if err != nil {
					return time.Time{}, fmt.Errorf("bad time zone %q", f[1])
				}
				_, off := tz.Zone()
				t = t.In(time.FixedZone("", off))
			}
			return t, nil
		}
	}
	for _, layout := range []string{
		time.RFC1123Z,
		"Mon, 2 Jan 2006 15:04:05 -0700",
		"2 Jan 2006 15:04:05 -0700",
		time.RFC3339Nano,
		"2006-01-02T15:04:05-0700",
		"2006-01-02 15:04:05 -0700",
		"2006-01-02 15:04:05 -07:00",
	} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	// no zone in the input: local time, as git does
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02 15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse date %q", s)
}
