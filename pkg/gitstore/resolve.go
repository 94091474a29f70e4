package gitstore

import (
	"container/heap"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/storer"
	"github.com/go-git/go-git/v5/storage/filesystem"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// repository is the storage of an open repository. gitstore reads and writes
// objects and refs through go-git's storage and plumbing packages only: the
// top-level go-git package links every transport (HTTP, SSH, OpenPGP), which
// collab never uses and which made the binary larger and its start-up slower.
type repository struct {
	Storer *filesystem.Storage
}

// ResolveRevision turns a revision into a commit hash as `git rev-parse
// REV^{commit}` does for the forms collab accepts: a full or abbreviated
// hash (at least 4 digits, preferred over a ref of the same name, as git
// does), a ref name expanded by git's rules (HEAD, main, heads/main,
// refs/tags/v1, origin/main...), "@" for HEAD, an annotated tag peeled to
// its commit, followed by any number of the suffixes ~, ~N, ^, ^N, ^0,
// ^{}, ^{commit} and ^{/regexp} (the youngest reachable commit whose message
// matches; ^{/!-regexp} for the youngest that does not).
func (r *repository) ResolveRevision(rev plumbing.Revision) (*plumbing.Hash, error) {
	s := string(rev)
	end := strings.IndexAny(s, "^~")
	if end < 0 {
		end = len(s)
	}
	base, suffix := s[:end], s[end:]
	if base == "" {
		return nil, plumbing.ErrReferenceNotFound
	}
	if base == "@" {
		base = "HEAD"
	}
	h, err := r.resolveBase(base)
	if err != nil {
		return nil, err
	}
	for suffix != "" {
		op := suffix[0]
		suffix = suffix[1:]
		if op == '^' && strings.HasPrefix(suffix, "{") {
			close := strings.IndexByte(suffix, '}')
			if close < 0 {
				return nil, fmt.Errorf("unterminated ^{ in %q", s)
			}
			arg := suffix[1:close]
			suffix = suffix[close+1:]
			switch {
			case arg == "" || arg == "commit":
				// Already a commit: bases are peeled as they resolve.
			case strings.HasPrefix(arg, "/"):
				if h, err = r.searchMessage(h, arg[1:]); err != nil {
					return nil, err
				}
			default:
				return nil, fmt.Errorf("^{%s} in %q: only ^{}, ^{commit} and ^{/regexp} name a commit", arg, s)
			}
			continue
		}
		digits := len(suffix) - len(strings.TrimLeft(suffix, "0123456789"))
		n := 1
		if digits > 0 {
			if n, err = strconv.Atoi(suffix[:digits]); err != nil {
				return nil, fmt.Errorf("bad number in %q", s)
			}
			suffix = suffix[digits:]
		}
		c, err := r.commit(h)
		if err != nil {
			return nil, err
		}
		switch {
		case op == '~':
			for range n {
				if len(c.ParentHashes) == 0 {
					return nil, fmt.Errorf("%s has no parent", c.Hash)
				}
				if c, err = r.commit(c.ParentHashes[0]); err != nil {
					return nil, err
				}
			}
			h = c.Hash
		case n == 0: // ^0: the commit itself
		case n > len(c.ParentHashes):
			return nil, fmt.Errorf("%s has no parent %d", c.Hash, n)
		default:
			h = c.ParentHashes[n-1]
		}
	}
	return &h, nil
}

// resolveBase resolves a hash or a ref name to a commit, peeling tags.
func (r *repository) resolveBase(name string) (plumbing.Hash, error) {
	if hashes := r.hashesWithPrefix(name); len(hashes) > 0 {
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
		default:
			return plumbing.ZeroHash, fmt.Errorf("short hash %s is ambiguous: it starts %d commits", name, len(found))
		}
	}
	var first error
	for _, rule := range plumbing.RefRevParseRules {
		ref, err := storer.ResolveReference(r.Storer, plumbing.ReferenceName(fmt.Sprintf(rule, name)))
		if err == nil {
			return r.peel(ref.Hash())
		}
		if first == nil {
			first = err
		}
	}
	return plumbing.ZeroHash, first
}

// hashesWithPrefix lists the objects whose hash starts with the hex digits
// of name; nil when name is not 4 to 40 hex digits.
func (r *repository) hashesWithPrefix(name string) []plumbing.Hash {
	if len(name) < 4 || len(name) > 2*len(plumbing.ZeroHash) {
		return nil
	}
	if !isHex(name) {
		return nil
	}
	name = strings.ToLower(name)
	even, err := hex.DecodeString(name[:len(name)&^1])
	if err != nil {
		return nil
	}
	if len(name) == 2*len(plumbing.ZeroHash) {
		var h plumbing.Hash
		copy(h[:], even)
		return []plumbing.Hash{h}
	}
	cand, err := r.Storer.HashesWithPrefix(even)
	if err != nil {
		return nil
	}
	var out []plumbing.Hash
	for _, h := range cand {
		if strings.HasPrefix(h.String(), name) {
			out = append(out, h)
		}
	}
	return out
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
func (r *repository) peel(h plumbing.Hash) (plumbing.Hash, error) {
	for range 16 {
		obj, err := r.Storer.EncodedObject(plumbing.AnyObject, h)
		if err != nil {
			return plumbing.ZeroHash, err
		}
		switch obj.Type() {
		case plumbing.CommitObject:
			return h, nil
		case plumbing.TagObject:
			raw, err := readAll(obj)
			if err != nil {
				return plumbing.ZeroHash, err
			}
			if h, err = gitobj.TagTarget(h, raw); err != nil {
				return plumbing.ZeroHash, err
			}
		default:
			return plumbing.ZeroHash, fmt.Errorf("%s is a %s, not a commit", h, obj.Type())
		}
	}
	return plumbing.ZeroHash, errors.New("tag chain too long")
}

// searchMessage returns the youngest commit reachable from h (by committer
// date, as git orders them) whose message matches re, or with a leading "!-"
// does not match it.
func (r *repository) searchMessage(h plumbing.Hash, re string) (plumbing.Hash, error) {
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
	c, err := r.commit(h)
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
			pc, err := r.commit(p)
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

// commit reads and decodes commit h from the storage.
func (r *repository) commit(h plumbing.Hash) (*gitobj.Commit, error) {
	obj, err := r.Storer.EncodedObject(plumbing.CommitObject, h)
	if err != nil {
		return nil, err
	}
	raw, err := readAll(obj)
	if err != nil {
		return nil, err
	}
	return gitobj.DecodeCommit(h, raw)
}

// readAll is the content of obj.
func readAll(obj plumbing.EncodedObject) ([]byte, error) {
	rd, err := obj.Reader()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	return io.ReadAll(rd)
}
