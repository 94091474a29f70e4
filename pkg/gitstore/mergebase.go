package gitstore

import (
	"errors"
	"sort"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// MergeBase returns the best common ancestors of commits a and b, none when
// they share no history. It is go-git's Commit.MergeBase (plumbing/object,
// v5.19) over gitobj's commits, with its walks and its order: the first
// result is the one collab has always compared against.
func (r *Repo) MergeBase(a, b plumbing.Hash) ([]plumbing.Hash, error) {
	ca, err := r.CommitObject(a)
	if err != nil {
		return nil, err
	}
	cb, err := r.CommitObject(b)
	if err != nil {
		return nil, err
	}
	sorted := byCommitDateDesc(ca, cb)
	newer, older := sorted[0], sorted[1]
	// The history of newer; older itself in it means older is the base.
	newerHistory := map[plumbing.Hash]bool{}
	if older.Hash == newer.Hash {
		return []plumbing.Hash{older.Hash}, nil
	}
	errReachable := errors.New("reachable")
	err = r.walkBFS(newer, func(c *gitobj.Commit) error {
		if c.Hash == older.Hash {
			return errReachable
		}
		newerHistory[c.Hash] = true
		return nil
	})
	if err == errReachable {
		return []plumbing.Hash{older.Hash}, nil
	}
	if err != nil {
		return nil, err
	}
	// The commits of older's history in newer's, not walking past them. A
	// commit that cannot be read ends this walk with what it found, as it
	// did in go-git.
	var found []*gitobj.Commit
	inNewer := func(c *gitobj.Commit) bool { return newerHistory[c.Hash] }
	_ = r.walkFiltered(older, inNewer, inNewer, func(c *gitobj.Commit) error {
		found = append(found, c)
		return nil
	})
	bases, err := r.independents(found)
	if err != nil {
		return nil, err
	}
	out := make([]plumbing.Hash, len(bases))
	for i, c := range bases {
		out[i] = c.Hash
	}
	return out, nil
}

var errStop = errors.New("stop")

// walkBFS calls fn for from and its ancestors, breadth first (go-git's
// NewCommitIterBSF); an error from fn ends the walk and is returned.
func (r *Repo) walkBFS(from *gitobj.Commit, fn func(*gitobj.Commit) error) error {
	seen := map[plumbing.Hash]bool{}
	queue := []*gitobj.Commit{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if seen[c.Hash] {
			continue
		}
		seen[c.Hash] = true
		for _, p := range c.ParentHashes {
			if seen[p] {
				continue
			}
			pc, err := r.CommitObject(p)
			if err != nil {
				return err
			}
			queue = append(queue, pc)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}

// walkFiltered is go-git's NewFilterCommitIter: breadth first from from,
// calling fn for the commits valid accepts and not walking past the ones
// limit accepts; errStop from fn ends the walk without an error.
func (r *Repo) walkFiltered(from *gitobj.Commit, valid, limit func(*gitobj.Commit) bool, fn func(*gitobj.Commit) error) error {
	visited := map[plumbing.Hash]bool{}
	queue := []*gitobj.Commit{from}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if visited[c.Hash] {
			continue
		}
		visited[c.Hash] = true
		if !limit(c) {
			for _, p := range c.ParentHashes {
				if visited[p] {
					continue
				}
				pc, err := r.CommitObject(p)
				if err != nil {
					return err
				}
				queue = append(queue, pc)
			}
		}
		if !valid(c) {
			continue
		}
		if err := fn(c); err == errStop {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// independents drops the commits reachable from another of them (go-git's
// object.Independents).
func (r *Repo) independents(commits []*gitobj.Commit) ([]*gitobj.Commit, error) {
	candidates := byCommitDateDesc(commits...)
	candidates = dropDuplicates(candidates)
	if len(candidates) < 2 {
		return candidates, nil
	}
	seen := map[plumbing.Hash]bool{}
	isLimit := func(c *gitobj.Commit) bool { return seen[c.Hash] }
	all := func(*gitobj.Commit) bool { return true }
	for pos := 0; ; {
		from := candidates[pos]
		others := without(candidates, from)
		err := r.walkFiltered(from, all, isLimit, func(anc *gitobj.Commit) error {
			for _, other := range others {
				if anc.Hash == other.Hash {
					candidates = without(candidates, other)
					others = without(others, other)
				}
			}
			if len(candidates) == 1 {
				return errStop
			}
			seen[anc.Hash] = true
			return nil
		})
		if err != nil {
			return nil, err
		}
		next := indexOf(candidates, from) + 1
		if next >= len(candidates) {
			return candidates, nil
		}
		pos = next
	}
}

func byCommitDateDesc(commits ...*gitobj.Commit) []*gitobj.Commit {
	sorted := make([]*gitobj.Commit, len(commits))
	copy(sorted, commits)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Committer.When.After(sorted[j].Committer.When) })
	return sorted
}

func indexOf(commits []*gitobj.Commit, c *gitobj.Commit) int {
	for i, x := range commits {
		if x.Hash == c.Hash {
			return i
		}
	}
	return -1
}

func without(commits []*gitobj.Commit, drop *gitobj.Commit) []*gitobj.Commit {
	out := make([]*gitobj.Commit, 0, len(commits))
	for _, c := range commits {
		if c.Hash != drop.Hash {
			out = append(out, c)
		}
	}
	return out
}

func dropDuplicates(commits []*gitobj.Commit) []*gitobj.Commit {
	seen := make(map[plumbing.Hash]bool, len(commits))
	out := make([]*gitobj.Commit, 0, len(commits))
	for _, c := range commits {
		if !seen[c.Hash] {
			seen[c.Hash] = true
			out = append(out, c)
		}
	}
	return out
}
