package gitstore

import (
	"container/heap"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// resolveRevision turns a revision into a commit hash as `git rev-parse
// REV^{commit}` does for the forms collab accepts: a full hash, a ref name
// expanded by git's rules (HEAD, main, heads/main, refs/tags/v1,
// origin/main...), an abbreviated hash (at least 4 digits; a ref of the
// same name comes first, as in git), "@" for HEAD, an annotated tag peeled
// to its commit, followed by any number of the suffixes ~, ~N, ^, ^N, ^0,
// ^{}, ^{commit} and ^{/regexp} (the youngest reachable commit whose
// message matches; ^{/!-regexp} for the youngest that does not).
func (r *Repo) resolveRevision(s string) (plumbing.Hash, error) {
	end := strings.IndexAny(s, "^~")
	if end < 0 {
		end = len(s)
	}
	base, suffix := s[:end], s[end:]
	if base == "" {
		return plumbing.ZeroHash, plumbing.ErrReferenceNotFound
	}
	if base == "@" {
		base = "HEAD"
	}
	h, err := r.resolveBase(base)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for suffix != "" {
		op := suffix[0]
		suffix = suffix[1:]
		if op == '^' && strings.HasPrefix(suffix, "{") {
			close := strings.IndexByte(suffix, '}')
			if close < 0 {
				return plumbing.ZeroHash, fmt.Errorf("unterminated ^{ in %q", s)
			}
			arg := suffix[1:close]
			suffix = suffix[close+1:]
			switch {
			case arg == "" || arg == "commit":
				// Already a commit: bases are peeled as they resolve.
			case strings.HasPrefix(arg, "/"):
				if h, err = r.searchMessage(h, arg[1:]); err != nil {
					return plumbing.ZeroHash, err
				}
			default:
				return plumbing.ZeroHash, fmt.Errorf("^{%s} in %q: only ^{}, ^{commit} and ^{/regexp} name a commit", arg, s)
			}
			continue
		}
		digits := len(suffix) - len(strings.TrimLeft(suffix, "0123456789"))
		n := 1
		if digits > 0 {
			if n, err = strconv.Atoi(suffix[:digits]); err != nil {
				return plumbing.ZeroHash, fmt.Errorf("bad number in %q", s)
			}
			suffix = suffix[digits:]
		}
		c, err := r.CommitObject(h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch {
		case op == '~':
			for range n {
				if len(c.ParentHashes) == 0 {
					return plumbing.ZeroHash, fmt.Errorf("%s has no parent", c.Hash)
				}
				if c, err = r.CommitObject(c.ParentHashes[0]); err != nil {
					return plumbing.ZeroHash, err
				}
			}
			h = c.Hash
		case n == 0: // ^0: the commit itself
		case n > len(c.ParentHashes):
			return plumbing.ZeroHash, fmt.Errorf("%s has no parent %d", c.Hash, n)
		default:
			h = c.ParentHashes[n-1]
		}
	}
	return h, nil
}

// resolveBase resolves a hash or a ref name to a commit, peeling tags, in
// git's order (object-name.c, get_oid_basic): a full hash is that object,
// then a ref by git's rules, then an abbreviated hash.
func (r *Repo) resolveBase(name string) (plumbing.Hash, error) {
	if plumbing.IsHash(name) {
		return r.peel(plumbing.NewHash(name))
	}
	h, peeled, ok, err := r.refs().lookupRef(name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	if ok {
		if !peeled.IsZero() {
			h = peeled
		}
		return r.peel(h)
	}
	hashes, err := r.hashesWithPrefix(name)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	var found []plumbing.Hash
	for _, h := range hashes {
		if c, err := r.peel(h); err == nil {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return plumbing.ZeroHash, plumbing.ErrReferenceNotFound
	default:
		return plumbing.ZeroHash, fmt.Errorf("short hash %s is ambiguous: it starts %d commits", name, len(found))
	}
}

// hashesWithPrefix lists the objects whose hash starts with the hex digits
// of name; nil when name is not 4 to 39 hex digits.
func (r *Repo) hashesWithPrefix(name string) ([]plumbing.Hash, error) {
	if len(name) < 4 || len(name) >= 2*len(plumbing.ZeroHash) || !isHex(name) {
		return nil, nil
	}
	s, err := r.objects()
	if err != nil {
		return nil, err
	}
	return s.HashesWithPrefix(name)
}

func isHex(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// peel follows annotated tags from h to the commit they name.
func (r *Repo) peel(h plumbing.Hash) (plumbing.Hash, error) {
	s, err := r.objects()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for range 16 {
		t, raw, err := s.Read(h, nil)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch t {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			if h, err = gitobj.TagTarget(h, raw); err != nil {
				return plumbing.ZeroHash, err
			}
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s is a %s, not a commit", h, t)
		}
	}
	return plumbing.ZeroHash, errors.New("tag chain too long")
}

// searchMessage returns the youngest commit reachable from h (by committer
// date, as git orders them) whose message matches re, or with a leading "!-"
// does not match it.
func (r *Repo) searchMessage(h plumbing.Hash, re string) (plumbing.Hash, error) {
	negate := false
	if rest, ok := strings.CutPrefix(re, "!-"); ok {
		negate, re = true, rest
	} else if rest, ok := strings.CutPrefix(re, "!!"); ok {
		re = "!" + rest
	}
	rx, err := regexp.Compile(re)
	if err != nil {
		return plumbing.ZeroHash, fmt.Errorf("^{/%s}: %w", re, err)
	}
	c, err := r.CommitObject(h)
	if err != nil {
		return plumbing.ZeroHash, err
	}
	seen := map[plumbing.Hash]bool{h: true}
	q := &byDate{c}
	for q.Len() > 0 {
		c := heap.Pop(q).(*gitobj.Commit)
		if rx.MatchString(c.Message) != negate {
			return c.Hash, nil
		}
		for _, p := range c.ParentHashes {
			if seen[p] {
				continue
			}
			seen[p] = true
			pc, err := r.CommitObject(p)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			heap.Push(q, pc)
		}
	}
	return plumbing.ZeroHash, fmt.Errorf("no commit message matches %q", re)
}

// byDate is a max-heap of commits by committer date.
type byDate []*gitobj.Commit

func (q byDate) Len() int           { return len(q) }
func (q byDate) Less(i, j int) bool { return q[i].Committer.When.After(q[j].Committer.When) }
func (q byDate) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *byDate) Push(x any)        { *q = append(*q, x.(*gitobj.Commit)) }
func (q *byDate) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}
