package yamldoc

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// splitPointer splits an RFC 6901 JSON pointer into unescaped tokens.
func splitPointer(p string) []string {
	p = strings.TrimPrefix(p, "#")
	if p == "" {
		return nil
	}
	parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts
}

// walkPointer follows the tokens as far as they exist. It returns the deepest
// node reached, the key node of the last mapping step (or nil), and whether
// every token was found.
func (d *Doc) walkPointer(tokens []string) (node, key *yaml.Node, ok bool) {
	node = d.Node
	for _, t := range tokens {
		key = nil
		switch node.Kind {
		case yaml.MappingNode:
			k, v := d.mapGet(node, t)
			if v == nil {
				return node, nil, false
			}
			node, key = v, k
		case yaml.SequenceNode:
			i, err := strconv.Atoi(t)
			if err != nil || i < 0 || i >= len(node.Content) || t != strconv.Itoa(i) {
				return node, nil, false
			}
			node = node.Content[i]
		default:
			return node, nil, false
		}
	}
	return node, key, true
}

// Pos maps a JSON pointer ("/spec/commitments/1/owner") to the line and
// column of that node; when the pointer goes past what exists, to the
// deepest existing node.
func (d *Doc) Pos(pointer string) (line, col int) {
	n, _, _ := d.walkPointer(splitPointer(pointer))
	return n.Line, n.Column
}

// KeyPos is Pos, but for a pointer whose last step is a mapping key it
// returns the position of the key rather than of its value.
func (d *Doc) KeyPos(pointer string) (line, col int) {
	n, k, ok := d.walkPointer(splitPointer(pointer))
	if ok && k != nil {
		return k.Line, k.Column
	}
	return n.Line, n.Column
}

// indexFrom is the number of keys from which a mapping gets an index: a
// linear search per lookup is quadratic when every key of a large mapping
// is looked up (a schema error on each unknown field).
const indexFrom = 32

// mapGet is mapGet through the index of m's keys built on first use. An
// index entry is checked before it is trusted (an edit may have moved or
// removed the key); anything else is searched for.
func (d *Doc) mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	if len(m.Content) < 2*indexFrom {
		return mapGet(m, key)
	}
	d.indexOnce.Do(func() {
		d.index = map[*yaml.Node]map[string]int{}
		var walk func(n *yaml.Node)
		walk = func(n *yaml.Node) {
			if n.Kind == yaml.MappingNode && len(n.Content) >= 2*indexFrom {
				keys := make(map[string]int, len(n.Content)/2)
				for i := len(n.Content) - 2; i >= 0; i -= 2 {
					keys[n.Content[i].Value] = i // the first of duplicates wins, as in mapGet
				}
				d.index[n] = keys
			}
			for _, c := range n.Content {
				walk(c)
			}
		}
		walk(d.Node)
	})
	if i, ok := d.index[m][key]; ok && i+1 < len(m.Content) && m.Content[i].Value == key {
		return m.Content[i], m.Content[i+1]
	}
	return mapGet(m, key)
}

// mapGet returns the key and value nodes of key in mapping m.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// Lookup returns the node at path (string keys, int indexes), or nil.
func (d *Doc) Lookup(path ...any) *yaml.Node {
	n := d.Node
	for _, p := range path {
		if n == nil {
			return nil
		}
		if key, ok := p.(string); ok && n.Kind == yaml.MappingNode {
			_, n = d.mapGet(n, key)
			continue
		}
		n = step(n, p)
	}
	return n
}

// LookupKey returns the key node of the last step of path when that step
// is a string key of a mapping that exists, or nil.
func (d *Doc) LookupKey(path ...any) *yaml.Node {
	if len(path) == 0 {
		return nil
	}
	key, ok := path[len(path)-1].(string)
	if !ok {
		return nil
	}
	m := d.Lookup(path[:len(path)-1]...)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	k, _ := d.mapGet(m, key)
	return k
}

func step(n *yaml.Node, p any) *yaml.Node {
	switch p := p.(type) {
	case string:
		if n.Kind != yaml.MappingNode {
			return nil
		}
		_, v := mapGet(n, p)
		return v
	case int:
		if n.Kind != yaml.SequenceNode || p < 0 || p >= len(n.Content) {
			return nil
		}
		return n.Content[p]
	}
	return nil
}
