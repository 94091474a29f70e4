package yamldoc

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// ErrNotFound is returned by edits whose path does not exist.
var ErrNotFound = errors.New("path not found")

// NewNode builds a node from a Go value: string, bool, integers, floats, nil,
// []string, map[string]string, structs with yaml tags, or a *yaml.Node,
// which is passed through. Strings are tagged !!str and double-quoted
// whenever YAML 1.1 or 1.2 could read them as something else.
func NewNode(value any) (*yaml.Node, error) {
	switch v := value.(type) {
	case *yaml.Node:
		if v == nil {
			return nullNode(), nil
		}
		return v, nil
	case yaml.Node:
		return &v, nil
	case nil:
		return nullNode(), nil
	case string:
		return strNode(v), nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}, nil
	case float32:
		return floatNode(float64(v), 32)
	case float64:
		return floatNode(v, 64)
	}
	rv := reflect.ValueOf(value)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(rv.Int(), 10)}, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatUint(rv.Uint(), 10)}, nil
	}
	n := &yaml.Node{}
	if err := n.Encode(value); err != nil {
		return nil, fmt.Errorf("cannot encode %T as YAML: %w", value, err)
	}
	requote(n)
	return n, nil
}

func nullNode() *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

func floatNode(f float64, bits int) (*yaml.Node, error) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, fmt.Errorf("cannot store %v: not a finite number", f)
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'g', -1, bits)}, nil
}

func strNode(s string) *yaml.Node {
	if IsDate(s) {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: s}
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if NeedsQuotes(s) {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

// requote applies the string quoting rule to every string scalar of a tree
// yaml.v3 encoded from a Go value.
func requote(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		if IsDate(n.Value) {
			n.Tag, n.Style = "", 0
		} else if NeedsQuotes(n.Value) {
			n.Style = yaml.DoubleQuotedStyle
		} else {
			n.Style = 0
		}
	}
	for _, c := range n.Content {
		requote(c)
	}
}

// datePattern is a calendar date as collab files write it.
var datePattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`) })

// isDate reports whether s is a YYYY-MM-DD date. Dates are written plain, as
// people write them: YAML reads them as timestamps, and JSON conversion and
// decoding into strings give back the same text.
func IsDate(s string) bool {
	if !datePattern().MatchString(s) {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

// specialWords are read as booleans or null by YAML 1.1 or 1.2 (compared
// in lower case).
var specialWords = map[string]bool{
	"y": true, "n": true, "yes": true, "no": true, "on": true, "off": true,
	"true": true, "false": true, "null": true, "~": true, "=": true, "<<": true,
}

// numberish matches text a YAML 1.1 or 1.2 resolver may read as an int
// (decimal, 0b, 0o, old-style octal, hex, underscores, base 60), a float
// (including "1.", ".5", "1.2.3" under the 1.1 pattern, .inf, .nan) or a
// timestamp (anything starting with a date).
var numberish = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*(\.[0-9_]*)?([eE][-+]?[0-9]+)?|([0-9][0-9_]*)?\.[0-9._]*([eE][-+]?[0-9]+)?|\.(inf|Inf|INF))$|^\.(nan|NaN|NAN)$|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}`)
})

// NeedsQuotes reports whether s must be double-quoted to be read back as the
// same string by YAML 1.1 and 1.2 parsers.
func NeedsQuotes(s string) bool {
	if s == "" || specialWords[strings.ToLower(s)] || numberish().MatchString(s) {
		return true
	}
	if strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || s[len(s)-1] == ':' {
		return true
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.Contains(s, ":\t") || strings.Contains(s, "\t#") {
		return true
	}
	for _, r := range s {
		if r == '\n' {
			continue // yaml.v3 writes multi-line strings as literal blocks
		}
		if r == '\t' || !unicode.IsPrint(r) || r == '\ufeff' {
			return true
		}
	}
	return false
}

// Set stores value at path (string keys and int indexes). Missing mappings
// along the way are created; a new key is appended at the end of its
// mapping. Comments of a replaced value are kept.
func (d *Doc) Set(value any, path ...any) error {
	if len(path) == 0 {
		return d.errorf("set: empty path")
	}
	nv, err := NewNode(value)
	if err != nil {
		return d.errorf("set %s: %v", fmtPath(path), err)
	}
	parent, err := d.ensure(path[:len(path)-1], path[len(path)-1])
	if err != nil {
		return err
	}
	switch last := path[len(path)-1].(type) {
	case string:
		if parent.Kind != yaml.MappingNode {
			return d.errorf("set %s: parent is a %s, not a mapping", fmtPath(path), kindName(parent))
		}
		if !replaceValue(parent, last, nv) {
			parent.Content = append(parent.Content, strNode(last), nv)
		}
	case int:
		if parent.Kind != yaml.SequenceNode || last < 0 || last >= len(parent.Content) {
			return d.errorf("set %s: %w", fmtPath(path), ErrNotFound)
		}
		parent.Content[last] = replaceKeep(parent.Content[last], nv)
	default:
		return d.errorf("set: path element %v is neither a string nor an int", last)
	}
	return nil
}

// replaceKeep returns nv carrying the comments of old where nv has none.
func replaceKeep(old, nv *yaml.Node) *yaml.Node {
	if nv.HeadComment == "" {
		nv.HeadComment = old.HeadComment
	}
	if nv.LineComment == "" {
		nv.LineComment = old.LineComment
	}
	if nv.FootComment == "" {
		nv.FootComment = old.FootComment
	}
	return nv
}

// ensure walks path, creating missing mappings (or, when next is an index,
// nothing: sequences must exist), and returns the node at path. A null
// value on the way is replaced by an empty mapping.
func (d *Doc) ensure(path []any, next any) (*yaml.Node, error) {
	n := d.Node
	for i, p := range path {
		c := step(n, p)
		if c != nil && !isNull(c) {
			n = c
			continue
		}
		key, ok := p.(string)
		if !ok || n.Kind != yaml.MappingNode {
			return nil, d.errorf("%s: %w", fmtPath(path[:i+1]), ErrNotFound)
		}
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		if _, isIdx := nextOf(path, i, next).(int); isIdx {
			return nil, d.errorf("%s: %w", fmtPath(path[:i+1]), ErrNotFound)
		}
		if c != nil {
			replaceValue(n, key, m)
		} else {
			n.Content = append(n.Content, strNode(key), m)
		}
		n = m
	}
	return n, nil
}

func nextOf(path []any, i int, next any) any {
	if i+1 < len(path) {
		return path[i+1]
	}
	return next
}

// replaceValue gives key in mapping m the value v, which keeps the comments
// of the value it replaces; false when m has no such key.
func replaceValue(m *yaml.Node, key string, v *yaml.Node) bool {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = replaceKeep(m.Content[i+1], v)
			return true
		}
	}
	return false
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Append adds value at the end of the sequence at path, creating the
// sequence (and mappings above it) when missing. When every existing item
// is a flow mapping, a new mapping item is written in flow style too.
func (d *Doc) Append(value any, path ...any) error {
	nv, err := NewNode(value)
	if err != nil {
		return d.errorf("append to %s: %v", fmtPath(path), err)
	}
	seq := d.Lookup(path...)
	if seq == nil || isNull(seq) {
		if len(path) == 0 {
			return d.errorf("append: empty path")
		}
		s := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if err := d.Set(s, path...); err != nil {
			return err
		}
		seq = d.Lookup(path...)
	}
	if seq.Kind != yaml.SequenceNode {
		return d.errorf("append to %s: it is a %s, not a sequence", fmtPath(path), kindName(seq))
	}
	if nv.Kind == yaml.MappingNode && len(seq.Content) > 0 && nv.Style&yaml.FlowStyle == 0 {
		flow := true
		for _, c := range seq.Content {
			if c.Kind != yaml.MappingNode || c.Style&yaml.FlowStyle == 0 {
				flow = false
			}
		}
		if flow {
			nv.Style |= yaml.FlowStyle
		}
	}
	seq.Content = append(seq.Content, nv)
	return nil
}

// Delete removes the mapping key or sequence item at path, with the comments
// attached to it.
func (d *Doc) Delete(path ...any) error {
	if len(path) == 0 {
		return d.errorf("delete: empty path")
	}
	parent := d.Lookup(path[:len(path)-1]...)
	if parent == nil {
		return d.errorf("delete %s: %w", fmtPath(path), ErrNotFound)
	}
	switch last := path[len(path)-1].(type) {
	case string:
		if parent.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(parent.Content); i += 2 {
				if parent.Content[i].Value == last {
					parent.Content = append(parent.Content[:i:i], parent.Content[i+2:]...)
					return nil
				}
			}
		}
	case int:
		if parent.Kind == yaml.SequenceNode && last >= 0 && last < len(parent.Content) {
			parent.Content = append(parent.Content[:last:last], parent.Content[last+1:]...)
			return nil
		}
	}
	return d.errorf("delete %s: %w", fmtPath(path), ErrNotFound)
}

// fmtPath renders a path as spec.commitments[1].owner.
func fmtPath(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", p)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, p)
		}
	}
	return b.String()
}
