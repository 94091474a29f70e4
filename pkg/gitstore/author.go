package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/collab-tools/collab/pkg/gitconfig"
)

// Signature is a commit author or committer.
type Signature struct {
	Name  string
	Email string
	When  time.Time
}

// ErrNoIdentity is returned by Author when no name or email is configured.
var ErrNoIdentity = errors.New(`no git identity: run git config --global user.email "you@example.com" and git config --global user.name "Your Name"`)

// Author returns the commit author as git decides it (`git var
// GIT_AUTHOR_IDENT`): GIT_AUTHOR_NAME, GIT_AUTHOR_EMAIL and GIT_AUTHOR_DATE,
// else author.name and author.email, else user.name and user.email, else
// EMAIL, from the configuration git reads (see pkg/gitconfig). It is read
// in the process; where that is not certain to give git's answer (include
// and includeIf, a missing or incomplete identity, a date in another
// form than git's own "@<seconds> <zone>"...) git is asked, so git's own
// rules and error messages apply. Without git, the configuration is read
// in the process with its include sections ignored, and a missing
// identity is ErrNoIdentity.
func (r *Repo) Author() (Signature, error) {
	r.author.once.Do(func() {
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

// Committer returns the committer as git decides it (`git var
// GIT_COMMITTER_IDENT`), by the rules of Author with committer.* and
// GIT_COMMITTER_*. Without GIT_COMMITTER_DATE it is dated as the author
// when the author is dated "now": git dates both from one clock reading.
func (r *Repo) Committer() (Signature, error) {
	r.committer.once.Do(func() {
		var now *time.Time
		if os.Getenv("GIT_AUTHOR_DATE") == "" {
			if a, err := r.Author(); err == nil {
				now = &a.When
			}
		}
		r.committer.sig, r.committer.err = r.identity("COMMITTER", now)
	})
	return r.committer.sig, r.committer.err
}

// ident is an identity computed once per Repo.
type ident struct {
	once sync.Once
	sig  Signature
	err  error
}

// identity computes who's identity (AUTHOR or COMMITTER) in the process
// where that gives git's answer for certain, else asks git; now is the
// date to use when the environment sets none (nil: the clock).
func (r *Repo) identity(who string, now *time.Time) (Signature, error) {
	cfg, err := r.loadConfig()
	if err == nil {
		var s Signature
		if s.Name, s.Email, err = cfg.Ident(who); err == nil {
			if s.When, err = identDate(who, now); err == nil {
				return s, nil
			}
		}
	}
	if gitBinary() != "" {
		return r.gitIdent("GIT_" + who + "_IDENT")
	}
	if errors.Is(err, gitconfig.ErrUncertain) {
		return Signature{}, fmt.Errorf("%w\n(%v)", ErrNoIdentity, err)
	}
	return Signature{}, err
}

// identDate is the date git gives who's identity: GIT_<WHO>_DATE when set
// in git's own form "@<seconds> <+-hhmm>" (other forms are left to git's
// date parser where git is installed), else now, to the second.
func identDate(who string, now *time.Time) (time.Time, error) {
	d := os.Getenv("GIT_" + who + "_DATE")
	if d == "" {
		if now != nil {
			return *now, nil
		}
		return time.Now().Truncate(time.Second), nil
	}
	if t, ok := rawGitDate(d); ok {
		return t, nil
	}
	if gitBinary() != "" {
		return time.Time{}, fmt.Errorf("GIT_%s_DATE %q: %w", who, d, gitconfig.ErrUncertain)
	}
	t, err := parseGitDate(d)
	if err != nil {
		return time.Time{}, fmt.Errorf("GIT_%s_DATE: %w", who, err)
	}
	return t, nil
}

// rawGitDate reads git's internal date format "@<seconds> <+-hhmm>"
// exactly as git's match_object_header_date accepts it.
func rawGitDate(s string) (time.Time, bool) {
	rest, ok := strings.CutPrefix(s, "@")
	if !ok {
		return time.Time{}, false
	}
	secs, zone, ok := strings.Cut(rest, " ")
	if !ok || secs == "" || len(secs) > 15 || len(zone) != 5 || (zone[0] != '+' && zone[0] != '-') {
		return time.Time{}, false
	}
	for _, c := range secs + zone[1:] {
		if c < '0' || c > '9' {
			return time.Time{}, false
		}
	}
	sec, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	hhmm, _ := strconv.Atoi(zone[1:])
	off := (hhmm/100*60 + hhmm%100) * 60
	if zone[0] == '-' {
		off = -off
	}
	return time.Unix(sec, 0).In(time.FixedZone("", off)), true
}

// loadConfig reads the configuration git would read for r (for NewAuthor's
// Repo{}, the global and system ones only), once: the identities, the
// write settings, the hooks and Config all ask it.
func (r *Repo) loadConfig() (*gitconfig.Config, error) {
	r.cfgOnce.Do(func() {
		src := gitconfig.Sources{GitDir: r.gitDir, CommonDir: r.commonDir, SystemFile: systemConfigFile()}
		if gitBinary() == "" {
			src.SystemFile, src.IgnoreIncludes = "/etc/gitconfig", true
		}
		r.cfg, r.cfgErr = gitconfig.Load(src)
	})
	return r.cfg, r.cfgErr
}

// systemConfigFile is the system config file of the git in use, where it
// is known for certain: a git installed as /usr/bin/git on Linux was built
// with prefix /usr, for which git's build puts it in /etc (the Debian,
// Ubuntu, Fedora, Alpine and Arch packages). Other builds choose their own
// (Homebrew, Xcode, a source build in /usr/local, Git for Windows): ""
// there, and git is asked unless GIT_CONFIG_NOSYSTEM or GIT_CONFIG_SYSTEM
// makes the system file irrelevant.
func systemConfigFile() string {
	if runtime.GOOS != "linux" || gitBinary() == "" {
		return ""
	}
	if p, err := filepath.EvalSymlinks(gitBinary()); err == nil && p == "/usr/bin/git" {
		return "/etc/gitconfig"
	}
	return ""
}

// globalConfigs returns the system and global config files in git's reading
// order (later ones override earlier ones), each its settings in order.
// Missing files, and ones that cannot be read, are skipped.
func globalConfigs() [][]gitconfig.Entry {
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
	var out [][]gitconfig.Entry
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
