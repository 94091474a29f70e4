package yamldoc

// What yaml.v3 does to a file on a plain decode → encode (go.yaml.in/yaml/v3
// v3.0.6, checked by the tests in merge_test.go), and what Bytes does about it:
//
//   - Indentation becomes 4 spaces: Bytes uses the indent detected from the
//     source (Doc.Indent).
//   - Sequences under a mapping key get an indented "- ": when the source
//     writes them unindented, Bytes asks for CompactSeqIndent. With a 4-space
//     indent yaml.v3 then puts "- " at 2 spaces, which matches neither style;
//     untouched lines are restored by the merge below, new items keep the
//     yaml.v3 layout.
//   - Blank lines between entries are dropped (only the one after a document
//     head comment survives).
//   - Runs of spaces before a line comment ("status: active    # ...") shrink
//     to one space.
//   - Foot comments may move (e.g. a comment after the last item of a nested
//     sequence is re-indented to the item's level).
//   - An empty null inside a flow mapping ("{b: }", "{b}") comes back as an
//     empty string ("{b: ''}"): encode spells such nulls "null" first.
//   - Long lines are NOT wrapped in this version (best_width is unlimited by
//     default), quoting style and flow style ({a: b}, [a, b]) are kept.
//   - The comment of a key whose value is a collection, in a flow mapping,
//     is written between key and value ("{a:, #c"), which then read back as
//     two entries: such a tree is written with its commented flow
//     collections in block style.
//
// So Bytes does a three-way, line-based merge: base is yaml.v3's encoding of
// the unedited source, theirs the encoding of the edited tree, ours the
// source text. Lines of base that the edit did not touch are written as the
// source had them (with the source's blank lines, comment spacing, etc.);
// hunks the edit changed are written as yaml.v3 encodes them, keeping blank
// lines that surround a replaced hunk. The merged text is parsed again and
// must mean exactly what the edited tree means; otherwise Bytes falls back
// to the plain yaml.v3 encoding (valid, but reformatted), and fails if that
// does not mean it either.

import (
	"bytes"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxEditDistance caps the diff work (memory grows with its square). Files
// whose yaml.v3 encoding is further than this from the source get the plain
// encoding.
const maxEditDistance = 3000

// encode writes n with yaml.v3 at the given indent.
func encode(n *yaml.Node, indent int, compact bool) ([]byte, error) {
	var b bytes.Buffer
	e := yaml.NewEncoder(&b)
	if indent < 2 || indent > 9 {
		indent = 2
	}
	e.SetIndent(indent)
	if compact {
		e.CompactSeqIndent()
	}
	flowNulls(n, false)
	quoteBlocks(n)
	if err := e.Encode(n); err != nil {
		return nil, err
	}
	if err := e.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// blockComments puts in block style every flow collection that holds a
// comment, and the flow value of a commented key, and reports whether n or
// a node inside it has a comment. yaml.v3 writes the comment of a key whose
// value is a collection, in a flow mapping, between key and value ("{a:,
// #c" and the value after it), which reads back as two entries: a merge
// that put a commented key into a flow mapping changed its meaning. Only
// used when the plain encoding does not read back as the tree, as block
// style trips other yaml.v3 quirks (a commented flow item after it).
func blockComments(n *yaml.Node) bool {
	inside := false
	for i, c := range n.Content {
		if blockComments(c) {
			inside = true
			if n.Kind == yaml.MappingNode && i%2 == 0 && i+1 < len(n.Content) {
				n.Content[i+1].Style &^= yaml.FlowStyle
			}
		}
	}
	if inside && (n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode) {
		n.Style &^= yaml.FlowStyle
	}
	return inside || commented(n)
}

func commented(n *yaml.Node) bool {
	return n.HeadComment != "" || n.LineComment != "" || n.FootComment != ""
}

// flowNulls spells out empty nulls inside flow collections: yaml.v3 writes
// "{b: }" and "{b}" back as "{b: ”}", an empty string instead of null.
func flowNulls(n *yaml.Node, inFlow bool) {
	if n.Kind == yaml.ScalarNode && inFlow && n.Tag == "!!null" && n.Value == "" {
		n.Value = "null"
	}
	inFlow = inFlow || n.Style&yaml.FlowStyle != 0
	for _, c := range n.Content {
		flowNulls(c, inFlow)
	}
}

// quoteBlocks double-quotes the block scalars (| and >) yaml.v3 would
// write back with another value. One whose text starts with a blank line
// or a space gets an indentation indicator and an extra line break after
// it, which adds a newline to a "keep" (+) scalar and put the whole scalar
// in the hunk of an edit on the next line, re-folded and re-indented. A
// folded (>) one with a more-indented line, or whose text ends in more
// than one line break (kept by >+), is re-folded with an extra line break.
// Quoted, the text is exact and takes no extra line; lines an edit does
// not touch keep the source's block style through the merge.
func quoteBlocks(n *yaml.Node) {
	folded := n.Style&yaml.FoldedStyle != 0
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 &&
		(strings.HasPrefix(n.Value, "\n") || strings.HasPrefix(n.Value, " ") ||
			folded && (strings.Contains(n.Value, "\n ") || strings.HasSuffix(n.Value, "\n\n"))) {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		quoteBlocks(c)
	}
}

// Bytes encodes the document keeping comments, the detected indent and,
// for every line an edit did not touch, the source text as it was.
func (d *Doc) Bytes() ([]byte, error) {
	theirs, err := encode(d.doc, d.Indent, d.compactSeq)
	if err != nil {
		return nil, d.errorf("encode: %v", err)
	}
	// plain is yaml.v3's own encoding, used only when it reads back as the
	// tree: a quirk of the encoder must fail the write, not change the file.
	plain := func() ([]byte, error) {
		if sameMeaning(theirs, d.doc) {
			return theirs, nil
		}
		if blockComments(d.doc) {
			if b, err := encode(d.doc, d.Indent, d.compactSeq); err == nil && sameMeaning(b, d.doc) {
				return b, nil
			}
		}
		return nil, d.errorf("encode: yaml.v3 would write YAML that reads back as something else")
	}
	var orig yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(d.src)).Decode(&orig); err != nil {
		return plain()
	}
	base, err := encode(&orig, d.Indent, d.compactSeq)
	if err != nil {
		return plain()
	}
	if bytes.Equal(base, theirs) {
		return bytes.Clone(d.src), nil
	}
	crlf := bytes.Contains(d.src, []byte("\r\n"))
	out, ok := merge(SplitLines(d.src), SplitLines(base), SplitLines(theirs))
	if !ok {
		return plain()
	}
	nl := "\n"
	if crlf {
		nl = "\r\n"
	}
	merged := []byte(strings.Join(out, nl) + nl)
	if !sameMeaning(merged, d.doc) {
		return plain()
	}
	return merged, nil
}

// sameMeaning reports whether text passes Parse's checks and gives the same
// data as tree.
func sameMeaning(text []byte, tree *yaml.Node) bool {
	d, _ := Parse("", text)
	return d != nil && reflect.DeepEqual(toJSON(d.Node), toJSON(tree))
}

// SplitLines splits text into lines without their line ends ("\n" or
// "\r\n"); empty text has no lines.
func SplitLines(b []byte) []string {
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

type hunk struct{ b0, b1, t0, t1 int }

// merge applies the change from base to theirs onto ours (see the comment at
// the top of this file). ok is false when a diff is too large.
func merge(ours, base, theirs []string) (out []string, ok bool) {
	// yaml.v3 shrinks the spaces before a line comment: pair base and
	// source lines that differ only in runs of inner spaces.
	// Blank lines are never paired: they are too weak an anchor and can
	// pair lines across each other.
	mo, ok := match(normalize(base, "base"), normalize(ours, "ours"))
	if !ok {
		return nil, false
	}
	mt, ok := match(base, theirs)
	if !ok {
		return nil, false
	}
	anchored := func(k int) bool { return k >= 0 && k < len(base) && mo[k] >= 0 && mt[k] >= 0 }

	// Hunks of base → theirs.
	var hs []hunk
	for i, j := 0, 0; i < len(base) || j < len(theirs); {
		if i < len(base) && mt[i] == j {
			i, j = i+1, j+1
			continue
		}
		h := hunk{b0: i, t0: j}
		for i < len(base) && mt[i] < 0 {
			i++
		}
		if i < len(base) {
			j = mt[i]
		} else {
			j = len(theirs)
		}
		h.b1, h.t1 = i, j
		hs = append(hs, h)
	}

	// A hunk whose first (last) base line is paired with a source line
	// starts (ends) there. Otherwise widen it to the nearest base lines
	// that are anchored (equal in all three), so that it can be placed in
	// the source; then join hunks that share anchors. Not widening where
	// the hunk can be placed keeps a neighbouring line that yaml.v3 spells
	// differently from the source (a block scalar) as the source has it.
	inOurs := func(k int) bool { return k >= 0 && k < len(base) && mo[k] >= 0 }
	var ws []hunk
	for _, h := range hs {
		// Only base lines the edit kept (mt >= 0) are taken in; a line the
		// edit changed belongs to a neighbouring hunk, which is joined below.
		for h.b0 > 0 && !anchored(h.b0-1) && mt[h.b0-1] >= 0 && !(h.b0 < h.b1 && inOurs(h.b0)) {
			h.b0--
			h.t0 = mt[h.b0]
		}
		for h.b1 < len(base) && !anchored(h.b1) && mt[h.b1] >= 0 && !(h.b0 < h.b1 && inOurs(h.b1-1)) {
			h.b1++
			h.t1 = mt[h.b1-1] + 1
		}
		if n := len(ws); n > 0 && ws[n-1].b1 >= h.b0 {
			ws[n-1].b1 = max(ws[n-1].b1, h.b1)
			ws[n-1].t1 = max(ws[n-1].t1, h.t1)
			continue
		}
		ws = append(ws, h)
	}

	pos := 0
	for _, h := range ws {
		start, end := 0, len(ours)
		switch {
		case h.b0 > 0 && anchored(h.b0-1):
			start = mo[h.b0-1] + 1
		case h.b0 < h.b1 && inOurs(h.b0):
			start = mo[h.b0]
		case h.b0 > 0:
			start = mo[h.b0-1] + 1
		}
		switch {
		case h.b1 < len(base) && anchored(h.b1):
			end = mo[h.b1]
		case h.b0 < h.b1 && inOurs(h.b1-1):
			end = mo[h.b1-1] + 1
		case h.b1 < len(base):
			end = mo[h.b1]
		}
		out = append(out, ours[pos:start]...)
		region, repl := ours[start:end], theirs[h.t0:h.t1]
		lead := 0
		for lead < len(region) && strings.TrimSpace(region[lead]) == "" {
			lead++
		}
		trail := len(region)
		for trail > lead && strings.TrimSpace(region[trail-1]) == "" {
			trail--
		}
		switch {
		case h.b0 == h.b1: // insertion: new lines go right after the line before
			out = append(out, repl...)
			out = append(out, region...)
		case len(repl) == 0: // deletion: keep one side's blank lines
			if lead > 0 {
				out = append(out, region[:lead]...)
			} else if h.b0 > 0 && h.b1 < len(base) {
				out = append(out, region[trail:]...)
			}
		default:
			out = append(out, region[:lead]...)
			if trail-lead == 1 && len(repl) == 1 {
				repl = []string{alignComment(region[lead], repl[0])}
			}
			out = append(out, repl...)
			out = append(out, region[trail:]...)
		}
		pos = end
	}
	out = append(out, ours[pos:]...)
	return out, true
}

// normalize keeps each line's indentation and collapses the runs of
// spaces and tabs after it into one space.
// Blank lines become distinct (side and index) so that they match nothing.
func normalize(lines []string, side string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		body := strings.TrimLeft(l, " ")
		if strings.TrimSpace(body) == "" {
			out[i] = "\x00" + side + strconv.Itoa(i)
			continue
		}
		out[i] = l[:len(l)-len(body)] + strings.Join(strings.Fields(body), " ")
	}
	return out
}

// match returns, for every line of a, the index of the line of b it is
// paired with in a longest common subsequence, or -1.
func match(a, b []string) ([]int, bool) {
	m := make([]int, len(a))
	for i := range m {
		m[i] = -1
	}
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		m[pre] = pre
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		m[len(a)-1-suf] = len(b) - 1 - suf
		suf++
	}
	pairs, ok := myers(a[pre:len(a)-suf], b[pre:len(b)-suf])
	if !ok {
		return nil, false
	}
	for _, p := range pairs {
		m[pre+p[0]] = pre + p[1]
	}
	return m, true
}

// myers returns the matched index pairs of a shortest edit script from a
// to b (E. Myers, An O(ND) Difference Algorithm, 1986).
func myers(a, b []string) ([][2]int, bool) {
	n, m := len(a), len(b)
	if n == 0 || m == 0 {
		return nil, true
	}
	maxD := n + m
	if maxD > maxEditDistance {
		maxD = maxEditDistance
	}
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for d := 0; d <= maxD; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
				return backtrack(trace, n, m), true
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

func backtrack(trace [][]int, n, m int) [][2]int {
	var pairs [][2]int
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1] // index k+(d-1)
		get := func(k int) int { return prev[k+d-1] }
		k := x - y
		var pk int
		if k == -d || (k != d && get(k-1) < get(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := get(pk)
		py := px - pk
		for x > px && y > py {
			x, y = x-1, y-1
			pairs = append(pairs, [2]int{x, y})
		}
		x, y = px, py
	}
	for x > 0 && y > 0 {
		x, y = x-1, y-1
		pairs = append(pairs, [2]int{x, y})
	}
	return pairs
}

// alignComment moves the line comment of a replaced line back to the column
// the source had it at, when both lines end with the same comment.
func alignComment(old, repl string) string {
	n := 0
	for n < len(old) && n < len(repl) && old[len(old)-1-n] == repl[len(repl)-1-n] {
		n++
	}
	suffix := old[len(old)-n:]
	i := strings.Index(suffix, " #")
	if i < 0 {
		return repl
	}
	ci := len(old) - n + i + 1 // '#' in old
	ri := len(repl) - n + i + 1
	code := strings.TrimRight(repl[:ri], " ")
	if len(code)+1 > ci || strings.TrimRight(old[:ci], " ") == old[:ci] {
		return repl
	}
	return code + strings.Repeat(" ", ci-len(code)) + repl[ri:]
}
