package yamldoc

import (
	"sort"

	"go.yaml.in/yaml/v3"
)

// SortKeys stable-sorts the keys of every mapping in place by rank(path, key),
// lower first; keys of equal rank keep their order. path is the key path of
// the mapping, with "[]" for a sequence item, e.g. ["spec", "commitments", "[]"].
// Comments attached to a key or its value move with it, except the head
// comment of the first key of the file, which stays at the top. A foot comment that
// yaml.v3 attached to the last value of a mapping moves with that value.
func (d *Doc) SortKeys(rank func(path []string, key string) int) {
	sortKeys(d.Node, nil, rank)
}

func sortKeys(n *yaml.Node, path []string, rank func([]string, string) int) {
	switch n.Kind {
	case yaml.MappingNode:
		type pair struct {
			k, v *yaml.Node
			r    int
		}
		ps := make([]pair, 0, len(n.Content)/2)
		p := path[:len(path):len(path)]
		var firstKey *yaml.Node
		if len(n.Content) > 0 {
			firstKey = n.Content[0]
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			ps = append(ps, pair{n.Content[i], n.Content[i+1], rank(p, n.Content[i].Value)})
		}
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].r < ps[j].r })
		for i, q := range ps {
			n.Content[2*i], n.Content[2*i+1] = q.k, q.v
			sortKeys(q.v, append(p, q.k.Value), rank)
		}
		// yaml.v3 attaches a file's head comment to the first key when no
		// blank line follows it; keep such a comment at the top of the file.
		if len(path) == 0 && len(ps) > 0 && ps[0].k != firstKey && firstKey.HeadComment != "" {
			nk := ps[0].k
			if nk.HeadComment != "" {
				nk.HeadComment = firstKey.HeadComment + "\n" + nk.HeadComment
			} else {
				nk.HeadComment = firstKey.HeadComment
			}
			firstKey.HeadComment = ""
		}
	case yaml.SequenceNode:
		p := append(path[:len(path):len(path)], "[]")
		for _, c := range n.Content {
			sortKeys(c, p, rank)
		}
	}
}

// Canonical returns the canonical form of the document: 2-space indent,
// sequences indented under their key (yaml.v3's layout), keys sorted by rank,
// comments kept, blank lines removed. The Doc itself is not changed.
func (d *Doc) Canonical(rank func(path []string, key string) int) ([]byte, error) {
	c := clone(d.doc)
	if rank != nil && len(c.Content) > 0 {
		sortKeys(c.Content[0], nil, rank)
	}
	b, err := encode(c, 2, false)
	if err != nil {
		return nil, d.errorf("encode: %v", err)
	}
	return b, nil
}

func clone(n *yaml.Node) *yaml.Node {
	c := *n
	if n.Content != nil {
		c.Content = make([]*yaml.Node, len(n.Content))
		for i, x := range n.Content {
			c.Content[i] = clone(x)
		}
	}
	return &c
}
