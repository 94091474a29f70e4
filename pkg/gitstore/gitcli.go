package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitconfig"
)

// gitBinary is the path of the git program, or "" when it is not installed.
// Where it is, collab asks git what git itself would decide (identities,
// settings with their include rules) and lets it sign commits.
// Tests replace it to check what collab does without git.
var gitBinary = sync.OnceValue(func() string {
	p, _ := exec.LookPath("git")
	return p
})

// gitRuns counts the git processes gitRun started: tests check that the
// common write runs none.
var gitRuns atomic.Int64

// gitRun runs git on r with stdin, and returns its standard output.
func (r *Repo) gitRun(stdin string, env []string, args ...string) (string, error) {
	gitRuns.Add(1)
	cmd := exec.Command(gitBinary(), args...)
	cmd.Dir = r.root
	cmd.Env = append(os.Environ(), "GIT_DIR="+r.gitDir, "GIT_WORK_TREE="+r.root, "GIT_TERMINAL_PROMPT=0")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return out.String(), &gitError{args: args, msg: msg, err: err}
	}
	return out.String(), nil
}

type gitError struct {
	args []string
	msg  string
	err  error
}

func (e *gitError) Error() string {
	return fmt.Sprintf("git %s: %s", strings.Join(e.args, " "), e.msg)
}

func (e *gitError) Unwrap() error { return e.err }

// exitCode is git's exit code in err, or -1.
func exitCode(err error) int {
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// gitIdent asks git for GIT_AUTHOR_IDENT or GIT_COMMITTER_IDENT, which git
// computes from the environment and the configuration (include and
// includeIf, author.* and committer.* over user.*).
//
// A process asks once per identity and repository: the write path and the
// command it runs open the repository separately, and each git run costs
// milliseconds. The answer is reused only while the environment and the
// stat data of the config files git reads are the same.
func (r *Repo) gitIdent(v string) (Signature, error) {
	key := r.identKey(v)
	identMemo.Lock()
	sig, ok := identMemo.m[key]
	identMemo.Unlock()
	if ok {
		// git dates an identity "now" unless the environment sets the date.
		if os.Getenv(strings.TrimSuffix(v, "_IDENT")+"_DATE") == "" {
			sig.When = time.Now().In(sig.When.Location()).Truncate(time.Second)
		}
		return sig, nil
	}
	sig, err := r.askIdent(v)
	if err == nil {
		identMemo.Lock()
		identMemo.m[key] = sig
		identMemo.Unlock()
	}
	return sig, err
}

var identMemo = struct {
	sync.Mutex
	m map[string]Signature
}{m: map[string]Signature{}}

// identKey names what git's answer for v depends on: the repository, the
// environment, and the config files by stat data (include files aside).
func (r *Repo) identKey(v string) string {
	var b strings.Builder
	b.WriteString(v + "\x00" + r.gitDir + "\x00" + r.commonDir)
	for _, e := range os.Environ() {
		b.WriteString("\x00" + e)
	}
	home, _ := os.UserHomeDir()
	xdg := os.Getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		xdg = filepath.Join(home, ".config")
	}
	for _, p := range []string{filepath.Join(r.commonDir, "config"), filepath.Join(r.gitDir, "config.worktree"),
		filepath.Join(home, ".gitconfig"), filepath.Join(xdg, "git", "config"), "/etc/gitconfig",
		os.Getenv("GIT_CONFIG_GLOBAL"), os.Getenv("GIT_CONFIG_SYSTEM")} {
		if fi, err := os.Stat(p); err == nil && p != "" {
			fmt.Fprintf(&b, "\x00%s %d %d %v", p, fi.Size(), fi.ModTime().UnixNano(), statOf(fi))
		}
	}
	return b.String()
}

func (r *Repo) askIdent(v string) (Signature, error) {
	out, err := r.gitRun("", nil, "var", v)
	if err != nil {
		var ge *gitError
		if errors.As(err, &ge) {
			return Signature{}, fmt.Errorf("%w\n(git says: %s)", ErrNoIdentity, lastLine(ge.msg))
		}
		return Signature{}, err
	}
	return parseIdent(strings.TrimSpace(out))
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	return s[strings.LastIndex(s, "\n")+1:]
}

// parseIdent reads "Name <email> 1700000000 +0100".
func parseIdent(s string) (Signature, error) {
	lt, gt := strings.LastIndex(s, "<"), strings.LastIndex(s, ">")
	if lt < 0 || gt < lt {
		return Signature{}, fmt.Errorf("cannot read the identity %q", s)
	}
	sig := Signature{Name: strings.TrimSpace(s[:lt]), Email: s[lt+1 : gt]}
	f := strings.Fields(s[gt+1:])
	if len(f) != 2 {
		return Signature{}, fmt.Errorf("cannot read the date of the identity %q", s)
	}
	t, err := parseGitDate(f[0] + " " + f[1])
	if err != nil {
		return Signature{}, err
	}
	sig.When = t
	if sig.Name == "" || sig.Email == "" {
		return Signature{}, ErrNoIdentity
	}
	return sig, nil
}

// writeKeys are the settings a commit reads: canonical names, as git
// prints them.
var writeKeys = []string{"core.autocrlf", "core.eol", "core.attributesfile", "commit.gpgsign", "core.fsync", "core.fsyncmethod", "core.fsyncobjectfiles"}

// writeConfig returns the last value git reads for each of writeKeys that
// is set (a key given without "=" has the value "\x00"), core.autocrlf as
// "true", "false" or "input" whatever way it is written. It reads them in
// the process (see pkg/gitconfig), else asks git in one run (each process
// costs milliseconds): once per Repo.
func (r *Repo) writeConfig() (map[string]string, error) {
	r.settingsOnce.Do(func() {
		m, err := r.writeConfigInProcess()
		if errors.Is(err, gitconfig.ErrUncertain) {
			m, err = r.writeConfigFromGit()
		}
		if err == nil {
			err = normalizeAutoCRLF(m)
		}
		r.settings, r.settingsErr = m, err
	})
	return r.settings, r.settingsErr
}

// writeConfigInProcess reads writeKeys from the config files. Every value
// git would check as a boolean is checked (git stops at the first bad
// one, wherever it is); a value it cannot be sure of is ErrUncertain.
func (r *Repo) writeConfigInProcess() (map[string]string, error) {
	cfg, err := r.loadConfig()
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, k := range writeKeys {
		for _, e := range cfg.All(k) {
			v := e.Value
			if e.NoValue {
				v = "\x00"
			}
			keep, err := keepSetting(k, v)
			if err != nil {
				return nil, err
			}
			if !keep {
				continue
			}
			switch {
			case e.NoValue, k == "core.autocrlf" && strings.EqualFold(v, "input"),
				k == "core.eol", k == "core.attributesfile", k == "core.fsync", k == "core.fsyncmethod":
			default:
				if _, err := e.Bool(); err != nil {
					return nil, err
				}
			}
			m[k] = v
		}
	}
	return m, nil
}

// writeConfigFromGit asks git for writeKeys in one run.
func (r *Repo) writeConfigFromGit() (map[string]string, error) {
	pat := "^(" + strings.ReplaceAll(strings.Join(writeKeys, "|"), ".", `\.`) + ")$"
	out, err := r.gitRun("", nil, "config", "-z", "--get-regexp", pat)
	if exitCode(err) == 1 {
		return map[string]string{}, nil // none is set
	}
	if err != nil {
		return nil, err
	}
	m := map[string]string{}
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		k, v, ok := strings.Cut(rec, "\n")
		if !ok {
			v = "\x00"
		}
		keep, err := keepSetting(k, v)
		if err != nil {
			return nil, err
		}
		if !keep {
			continue
		}
		m[k] = v
	}
	return m, nil
}

// normalizeAutoCRLF writes core.autocrlf as git reads it: "input" in any
// case, else a boolean.
func normalizeAutoCRLF(m map[string]string) error {
	v, set := m["core.autocrlf"]
	if !set {
		return nil
	}
	if strings.EqualFold(v, "input") {
		m["core.autocrlf"] = "input"
		return nil
	}
	b, err := gitBool("core.autocrlf", v, true)
	if err != nil {
		return err
	}
	m["core.autocrlf"] = strconv.FormatBool(b)
	return nil
}

// keepSetting reports whether a write keeps the setting k = v (v is
// "\x00" without a value) over the ones before, as git reads it: git
// refuses core.fsync and core.fsyncMethod without a value, and ignores an
// unknown core.fsyncMethod.
func keepSetting(k, v string) (bool, error) {
	switch {
	case k != "core.fsync" && k != "core.fsyncmethod":
		return true, nil
	case v == "\x00":
		return false, fmt.Errorf("git config: missing value for '%s': give it one, or remove it (git refuses it too)", k)
	}
	return k == "core.fsync" || slices.Contains(fsyncMethods, v), nil
}

// gitBool reads a boolean setting as git does; v is "\x00" for a key set
// without a value (true), and set is false when the key is not set.
func gitBool(key, v string, set bool) (bool, error) {
	if !set {
		return false, nil
	}
	switch strings.ToLower(v) {
	case "\x00", "true", "yes", "on":
		return true, nil
	case "", "false", "no", "off":
		return false, nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		return n != 0, nil
	}
	return false, fmt.Errorf("git config: bad boolean config value '%s' for '%s'", v, key)
}

// gitDate is a time as git's environment variables take it.
func gitDate(t time.Time) string {
	return "@" + strconv.FormatInt(t.Unix(), 10) + " " + t.Format("-0700")
}

// signing reports whether commits must be signed: commit.gpgSign as git
// reads it. Signing is left to git (`git commit-tree -S`), which knows
// gpg.format (openpgp, ssh, x509), the keys and the agents; without git a
// repository that asks for signed commits gets an error, never an
// unsigned commit.
func (r *Repo) signing() (bool, error) {
	if gitBinary() != "" {
		m, err := r.writeConfig()
		if err != nil {
			return false, err
		}
		v, set := m["commit.gpgsign"]
		return gitBool("commit.gpgSign", v, set)
	}
	cfg, err := r.loadConfig()
	if err != nil {
		return false, err
	}
	if e, ok := cfg.Get("commit.gpgsign"); ok {
		if sign, err := e.Bool(); sign || err != nil {
			return false, errors.New("commit.gpgSign is set in your git config, and collab signs commits through git, which is not installed: install git, or write with --no-commit and commit with your own tools")
		}
	}
	return false, nil
}

// signedCommit has git write the commit, signed as commit.gpgSign and the
// gpg.* settings say.
func (r *Repo) signedCommit(tree, parent plumbing.Hash, author, committer Signature, message string) (plumbing.Hash, error) {
	args := []string{"commit-tree", "-S", tree.String()}
	if !parent.IsZero() {
		args = append(args, "-p", parent.String())
	}
	env := []string{
		"GIT_AUTHOR_NAME=" + author.Name, "GIT_AUTHOR_EMAIL=" + author.Email, "GIT_AUTHOR_DATE=" + gitDate(author.When),
		"GIT_COMMITTER_NAME=" + committer.Name, "GIT_COMMITTER_EMAIL=" + committer.Email, "GIT_COMMITTER_DATE=" + gitDate(committer.When),
	}
	out, err := r.gitRun(message, env, args...)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("commit.gpgSign is true, and git could not sign the commit; nothing was committed: %w", err)
	}
	h := strings.TrimSpace(out)
	if !plumbing.IsHash(h) {
		return plumbing.ZeroHash, fmt.Errorf("git commit-tree printed %q, not a commit hash", h)
	}
	return plumbing.NewHash(h), nil
}
