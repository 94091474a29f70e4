package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/go-git/go-git/v5/plumbing"
)

// Refs are read as git's files backend stores them (gitrepository-layout(5),
// git-worktree(1), refs/files-backend.c): a loose file under the git dir,
// else a line of packed-refs in the common dir.

// maxSymrefDepth is git's SYMREF_MAXDEPTH: a symbolic ref is followed
// through at most this many ref reads.
const maxSymrefDepth = 5

// refRevParseRules are the names git tries for a short ref name, in order
// (refs.c, ref_rev_parse_rules; gitrevisions(7)).
var refRevParseRules = []string{
	"%s",
	"refs/%s",
	"refs/tags/%s",
	"refs/heads/%s",
	"refs/remotes/%s",
	"refs/remotes/%s/HEAD",
}

// refValue is a ref as stored: a hash, with the object it peels to when
// packed-refs records it, or the name of another ref.
type refValue struct {
	hash, peeled plumbing.Hash
	target       string // a symbolic ref's target; "" otherwise
}

// refReader reads refs for one lookup; packed-refs is read once, on first
// need.
type refReader struct {
	gitDir, commonDir string
	packed            map[string]refValue
	packedRead        bool
}

func (r *Repo) refs() *refReader {
	return &refReader{gitDir: r.gitDir, commonDir: r.commonDir}
}

// path is the loose file of ref name: refs shared by the work trees are in
// the common dir, per-work-tree ones (HEAD and the other all-capitals
// pseudo refs, refs/bisect/, refs/worktree/, refs/rewritten/) in this work
// tree's git dir; main-worktree/NAME and worktrees/ID/NAME name another
// work tree's.
func (rr *refReader) path(name string) string {
	switch {
	case strings.HasPrefix(name, "main-worktree/"):
		return filepath.Join(rr.commonDir, filepath.FromSlash(strings.TrimPrefix(name, "main-worktree/")))
	case strings.HasPrefix(name, "worktrees/"):
		return filepath.Join(rr.commonDir, filepath.FromSlash(name))
	case perWorktree(name):
		return filepath.Join(rr.gitDir, filepath.FromSlash(name))
	}
	return filepath.Join(rr.commonDir, filepath.FromSlash(name))
}

// perWorktree tells a ref each work tree has its own of (refs.c, ref_type).
func perWorktree(name string) bool {
	for _, p := range []string{"refs/bisect/", "refs/worktree/", "refs/rewritten/"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	for _, c := range []byte(name) {
		if (c < 'A' || c > 'Z') && c != '_' {
			return false
		}
	}
	return true
}

// errBrokenRef is a loose ref file that holds neither a hash nor a
// symbolic ref: git skips it when it expands a short name.
var errBrokenRef = errors.New("broken ref")

// read returns ref name's stored value: its loose file, else its
// packed-refs line; false when it has neither.
func (rr *refReader) read(name string) (refValue, bool, error) {
	p := rr.path(name)
	b, err := os.ReadFile(p)
	switch {
	case err == nil:
		v, ok := parseLooseRef(b)
		if !ok {
			return v, false, fmt.Errorf("%s: %w", p, errBrokenRef)
		}
		return v, true, nil
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.EISDIR), errors.Is(err, syscall.ENOTDIR):
		// A folder of refs, or a path through a ref file: no such ref.
	default:
		return refValue{}, false, err
	}
	if !rr.packedRead {
		rr.packedRead = true
		if rr.packed, err = readPackedRefs(filepath.Join(rr.commonDir, "packed-refs")); err != nil {
			return refValue{}, false, err
		}
	}
	v, ok := rr.packed[name]
	return v, ok, nil
}

// parseLooseRef reads a loose ref file as git's parse_loose_ref_contents
// does: "ref:" and a ref name, or a hash followed by nothing or by
// white space (FETCH_HEAD has more after it).
func parseLooseRef(b []byte) (refValue, bool) {
	if rest, ok := bytes.CutPrefix(b, []byte("ref:")); ok {
		t := strings.TrimSpace(string(rest))
		return refValue{target: t}, t != ""
	}
	const n = 2 * len(plumbing.ZeroHash)
	if len(b) < n || !isHex(string(b[:n])) || (len(b) > n && !isSpace(b[n])) {
		return refValue{}, false
	}
	return refValue{hash: plumbing.NewHash(string(b[:n]))}, true
}

// isSpace is git's isspace (git-compat-util.h): not vertical tab or form feed.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// readPackedRefs reads packed-refs (packed-backend.c): an optional
// "# pack-refs with: ..." header, then "<hash> <name>" lines, each
// optionally followed by "^<hash>", the object the ref peels to. A
// missing file holds no refs.
func readPackedRefs(p string) (map[string]refValue, error) {
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string]refValue{}
	last := ""
	for i, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSuffix(line, "\r")
		const n = 2 * len(plumbing.ZeroHash)
		switch {
		case line == "":
		case i == 0 && strings.HasPrefix(line, "# pack-refs with:"):
		case line[0] == '^' && len(line) == n+1 && isHex(line[1:]) && last != "":
			v := out[last]
			v.peeled = plumbing.NewHash(line[1:])
			out[last] = v
			last = ""
		case len(line) > n+1 && line[n] == ' ' && isHex(line[:n]):
			last = line[n+1:]
			out[last] = refValue{hash: plumbing.NewHash(line[:n])}
		default:
			return nil, fmt.Errorf("%s: unexpected line %d %q", p, i+1, line)
		}
	}
	return out, nil
}

// resolve follows ref name to a hash through symbolic refs, as git's
// refs_resolve_ref_unsafe does; peeled is the object it peels to when
// packed-refs records it. target is the last ref name read (the branch
// HEAD names). false: name, or the ref a symbolic ref names, does not
// exist (an unborn branch).
func (rr *refReader) resolve(name string) (h, peeled plumbing.Hash, target string, ok bool, err error) {
	for range maxSymrefDepth {
		if !validRefName(name) {
			return h, peeled, name, false, nil
		}
		v, found, err := rr.read(name)
		if err != nil || !found {
			return h, peeled, name, false, err
		}
		if v.target == "" {
			return v.hash, v.peeled, name, true, nil
		}
		name = v.target
	}
	return h, peeled, name, false, fmt.Errorf("%w: %s", errSymrefDepth, name)
}

// errSymrefDepth is a chain of symbolic refs longer than git follows.
var errSymrefDepth = fmt.Errorf("more than %d levels of symbolic refs", maxSymrefDepth)

// validRefName is git's check_refname_format with one-level names allowed
// (git-check-ref-format(1)): no component that starts with "." or ends
// with ".lock", no "..", "@{", control character, space, ~ ^ : ? * [ \,
// no empty component, not "@", not ending in "/" or ".".
func validRefName(name string) bool {
	if name == "" || name == "@" || strings.HasSuffix(name, ".") || strings.Contains(name, "..") || strings.Contains(name, "@{") {
		return false
	}
	for _, c := range []byte(name) {
		if c < 0x20 || c == 0x7f || strings.IndexByte(" ~^:?*[\\", c) >= 0 {
			return false
		}
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part[0] == '.' || strings.HasSuffix(part, ".lock") {
			return false
		}
	}
	return true
}

// lookupRef resolves a short ref name by git's rules (refRevParseRules),
// the first that names an existing ref winning; false when none does. As
// in git, a broken ref or a chain of symbolic refs too long to follow
// names nothing.
func (rr *refReader) lookupRef(short string) (h, peeled plumbing.Hash, ok bool, err error) {
	for _, rule := range refRevParseRules {
		h, peeled, _, ok, err := rr.resolve(fmt.Sprintf(rule, short))
		if errors.Is(err, errSymrefDepth) || errors.Is(err, errBrokenRef) {
			continue
		}
		if err != nil || ok {
			return h, peeled, ok, err
		}
	}
	return plumbing.ZeroHash, plumbing.ZeroHash, false, nil
}
