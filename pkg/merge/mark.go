package merge

import (
	"bytes"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/yamldoc"
)

// mark writes conflict markers into text, the merged tree root encoded
// (OURS's value at each conflict): around the lines of each conflicting
// field or record, OURS's lines, BASE's and THEIRS's, re-indented to match.
func (m *merger) mark(text []byte, root *yaml.Node, base, theirs []byte) Result {
	paths := map[*yaml.Node][]any{}
	walk(root, nil, paths)
	out, _ := yamldoc.Parse("", text)
	if out == nil {
		return whole(base, text, theirs, "the merged file does not parse")
	}
	lines := yamldoc.SplitLines(text)
	bl, tl := yamldoc.SplitLines(base), yamldoc.SplitLines(theirs)

	type block struct {
		s, e int
		p    *pending
	}
	var blocks []block
	for _, p := range m.conflicts {
		path, ok := paths[p.target]
		if !ok {
			continue
		}
		var l loc
		if _, isKey := path[len(path)-1].(string); isKey {
			l = loc{out.LookupKey(path...), out.Lookup(path...)}
		} else {
			l = loc{nil, out.Lookup(path...)}
		}
		if l.val == nil {
			continue
		}
		s, e := region(lines, l)
		if s >= e {
			// Lines yaml.v3 counts differently (a lone CR ends a line for
			// it): mark the whole file rather than a wrong part.
			return whole(base, text, theirs, p.field+": "+p.reason)
		}
		blocks = append(blocks, block{s, e, p})
	}
	slices.SortStableFunc(blocks, func(a, b block) int { return a.s - b.s })

	var res []string
	var conflicts []Conflict
	pos := 0
	for _, b := range blocks {
		if b.s < pos {
			continue // inside a block already marked
		}
		res = append(res, lines[pos:b.s]...)
		here := lines[b.s:b.e]
		indent := indentOf(here[0])
		var ours, th []string
		if !b.p.oursEmpty {
			ours = here
		}
		switch {
		case b.p.oursEmpty:
			th = here
		case !b.p.theirsEmpty:
			th = reindent(linesOf(tl, b.p.theirs), indent)
		}
		conflicts = append(conflicts, Conflict{Field: b.p.field, Reason: b.p.reason, Line: len(res) + 1})
		res = append(res, MarkOurs+" ours # "+b.p.field+": "+b.p.reason)
		res = append(res, ours...)
		res = append(res, MarkBase+" base")
		res = append(res, reindent(linesOf(bl, b.p.base), indent)...)
		res = append(res, MarkSplit)
		res = append(res, th...)
		res = append(res, MarkTheirs+" theirs")
		pos = b.e
	}
	res = append(res, lines[pos:]...)
	nl := "\n"
	if bytes.Contains(text, []byte("\r\n")) {
		nl = "\r\n"
	}
	return Result{Text: []byte(strings.Join(res, nl) + nl), Conflicts: conflicts}
}

// linesOf is the lines of l in the source split into lines.
func linesOf(lines []string, l loc) []string {
	if l.val == nil {
		return nil
	}
	s, e := region(lines, l)
	if s >= len(lines) {
		return nil
	}
	return lines[s:e]
}

// walk records the path of every key node and list item under n.
func walk(n *yaml.Node, path []any, paths map[*yaml.Node][]any) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := append(slices.Clip(path), n.Content[i].Value)
			paths[n.Content[i]] = p
			walk(n.Content[i+1], p, paths)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			p := append(slices.Clip(path), i)
			paths[c] = p
			walk(c, p, paths)
		}
	}
}

// region returns the lines [s, e) a field or record takes: its first line
// and every following line indented deeper (for a field whose value is a
// list, also "- " lines at the key's own indentation), blank lines at the
// end left out.
func region(lines []string, l loc) (s, e int) {
	first := l.val
	if l.key != nil {
		first = l.key
	}
	s = first.Line - 1
	if s < 0 || s >= len(lines) {
		return len(lines), len(lines)
	}
	ind := indentOf(lines[s])
	seq := l.key != nil && l.val.Kind == yaml.SequenceNode
	e = s + 1
	for i := s + 1; i < len(lines); i++ {
		body := strings.TrimSpace(lines[i])
		if body == "" {
			continue
		}
		n := indentOf(lines[i])
		if n > ind || (seq && n == ind && strings.HasPrefix(body, "-")) {
			e = i + 1
			continue
		}
		break
	}
	return s, e
}

func indentOf(l string) int {
	return len(l) - len(strings.TrimLeft(l, " "))
}

// reindent shifts lines so that the first one starts at indent.
func reindent(lines []string, indent int) []string {
	if len(lines) == 0 {
		return nil
	}
	d := indent - indentOf(lines[0])
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			out[i] = ""
		case d >= 0:
			out[i] = strings.Repeat(" ", d) + l
		default:
			out[i] = l[min(-d, indentOf(l)):]
		}
	}
	return out
}
