// Package yamldoc loads, checks, converts, edits and writes the YAML files of
// a collab workspace.
//
// Parsing goes into a yaml.Node tree, which skips the safety checks yaml.v3
// applies when decoding into Go values, so Parse does them itself: size,
// encoding, one document only, no anchors, aliases or merge keys, no duplicate
// keys, only core tags, bounded depth. Every problem is a positioned
// diagnostic.
//
// Edits change the node tree in place; Bytes re-encodes it and merges the
// result with the original text so that untouched lines stay byte for byte
// as they were (see merge.go for what yaml.v3 alone would change).
package yamldoc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/safefile"
)

// MaxSize is the largest file Parse and Load accept, in bytes.
const MaxSize = 1 << 20

// MaxDepth is the deepest nesting of mappings and sequences Parse accepts.
const MaxDepth = 64

// Diagnostic codes reported by Parse and Load.
const (
	CodeSize         = "yaml-size"
	CodeEncoding     = "yaml-encoding"
	CodeSyntax       = "yaml-syntax"
	CodeAlias        = "yaml-alias"
	CodeDuplicateKey = "yaml-duplicate-key"
	CodeMultiDoc     = "yaml-multi-doc"
	CodeTag          = "yaml-tag"
	CodeDepth        = "yaml-depth"
	CodeEmpty        = "yaml-empty"
	CodeNotMapping   = "yaml-not-mapping"
	CodeKey          = "yaml-key"
	CodeRead         = "yaml-read"
	CodeDecode       = "yaml-decode"
)

// Doc is one parsed YAML file.
type Doc struct {
	Path   string     // slash path relative to the workspace root, used in diagnostics
	Node   *yaml.Node // the top-level content node, inside the document node
	Indent int        // indentation detected from the source (default 2)

	doc *yaml.Node // the DocumentNode
	src []byte     // the text Parse was given

	// compactSeq is true when the source writes sequences under a mapping
	// key without indenting the "- " (kubectl style).
	compactSeq bool

	// index maps the keys of large mappings to their index (see mapGet).
	indexOnce sync.Once
	index     map[*yaml.Node]map[string]int
}

// allowedTags are the explicit tags a file may carry.
var allowedTags = map[string]bool{
	"!!str": true, "!!int": true, "!!float": true, "!!bool": true, "!!null": true,
	"!!map": true, "!!seq": true, "!!timestamp": true,
}

// parserErrors are the messages of yaml.v3's parser (as opposed to its
// scanner), whose "line N" is 0-based.
var parserErrors = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

var lineRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^yaml: line (\d+): (.*)$`) })

// Parse checks safety and parses one YAML document. It returns all problems
// found as positioned diagnostics and a nil Doc when the file is unusable.
func Parse(path string, src []byte) (*Doc, diag.List) {
	var l diag.List
	if len(src) > MaxSize {
		l.Add(path, 1, 1, diag.Error, CodeSize, "file is %d bytes, over the %d byte limit; split it or shorten it", len(src), MaxSize)
		return nil, l
	}
	if line, col, r, bad := badChar(src); bad {
		if r == utf8.RuneError {
			l.Add(path, line, col, diag.Error, CodeEncoding, "invalid UTF-8 byte; save the file as UTF-8")
		} else {
			l.Add(path, line, col, diag.Error, CodeEncoding, "control character U+%04X is not allowed; remove it", r)
		}
		return nil, l
	}
	dec := yaml.NewDecoder(bytes.NewReader(src))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			l.Add(path, 1, 1, diag.Error, CodeEmpty, "file is empty; it must hold a YAML mapping (apiVersion, kind, metadata, spec)")
		} else {
			addSyntax(&l, path, err)
		}
		return nil, l
	}
	var second yaml.Node
	if err := dec.Decode(&second); err == nil {
		line, col := max(second.Line, 1), max(second.Column, 1)
		l.Add(path, line, col, diag.Error, CodeMultiDoc, "a second YAML document starts here; keep one document per file")
	} else if !errors.Is(err, io.EOF) {
		addSyntax(&l, path, err)
	}

	top := (*yaml.Node)(nil)
	if len(doc.Content) > 0 {
		top = doc.Content[0]
	}
	switch {
	case top == nil || (top.Kind == yaml.ScalarNode && top.Tag == "!!null" && top.Value == ""):
		l.Add(path, 1, 1, diag.Error, CodeEmpty, "file has no content; it must hold a YAML mapping (apiVersion, kind, metadata, spec)")
	default:
		checkNode(&l, path, top, 1)
		if top.Kind != yaml.MappingNode {
			l.Add(path, top.Line, top.Column, diag.Error, CodeNotMapping, "top level is a %s, not a mapping; write the file as key: value pairs (apiVersion, kind, metadata, spec)", kindName(top))
		}
	}
	if len(l) > 0 {
		l.Sort()
		return nil, l
	}
	d := &Doc{Path: path, Node: top, doc: &doc, src: src, Indent: 2}
	d.detectStyle()
	return d, nil
}

// Load reads rel through root, refusing symbolic links and files over
// MaxSize, and parses it.
func Load(root *os.Root, rel string) (*Doc, diag.List) {
	src, err := safefile.ReadFile(root, rel, MaxSize)
	if err != nil {
		return nil, ReadError(rel, err)
	}
	return Parse(rel, src)
}

// LoadInUnless reads the file name in the folder d as Load does (to load
// many files of one folder, open it once with safefile.OpenDir), except
// that skip (when not nil) is first asked about the file's Stat (see
// safefile.Dir.ReadFileUnless): when it accepts it, the file is neither
// read nor parsed and skipped is true. st is the Stat of the file read, nil
// where the system gives none.
func LoadInUnless(d *safefile.Dir, name string, skip func(safefile.Stat) bool) (doc *Doc, st *safefile.Stat, skipped bool, ds diag.List) {
	rel := d.Path(name)
	src, st, skipped, err := d.ReadFileUnless(name, MaxSize, skip)
	if err != nil {
		return nil, nil, false, ReadError(rel, err)
	}
	if skipped {
		return nil, st, true, nil
	}
	doc, ds = Parse(rel, src)
	return doc, st, false, ds
}

// ReadError turns a failed read of rel (over the size cap, a symbolic
// link, absent, ...) into its diagnostic.
func ReadError(rel string, err error) diag.List {
	var l diag.List
	var size *safefile.SizeError
	switch {
	case errors.As(err, &size):
		l.Add(rel, 1, 1, diag.Error, CodeSize, "file is %d bytes, over the %d byte limit; split it or shorten it", size.Size, MaxSize)
	case errors.Is(err, safefile.ErrSymlink):
		l.Add(rel, 0, 0, diag.Error, CodeRead, "file is a symbolic link; replace it with a regular file")
	case errors.Is(err, fs.ErrNotExist):
		l.Add(rel, 0, 0, diag.Error, CodeRead, "file does not exist")
	default:
		l.Add(rel, 0, 0, diag.Error, CodeRead, "cannot read file: %v", err)
	}
	return l
}

// DecodeErrors turns an error of Decode into diagnostics, one per value
// that does not fit its field, placed on the first value on the line yaml
// names (at 1:1 when it names none).
func (d *Doc) DecodeErrors(err error) diag.List {
	msgs := []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	}
	var l diag.List
	for _, msg := range msgs {
		line, col := 1, 1
		if m := typeErrRE().FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = m[2]
			if n := valueAt(d.Node, line); n != nil {
				col = n.Column
			}
		}
		l.Add(d.Path, line, col, diag.Error, CodeDecode, "%s; the file cannot be read until this value is fixed (collab validate explains it)", msg)
	}
	return l
}

var typeErrRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^line (\d+): (.*)$`) })

// valueAt returns the first value node (not a mapping key) on line, or nil.
func valueAt(n *yaml.Node, line int) *yaml.Node {
	if n.Line == line {
		return n
	}
	step := 1
	start := 0
	if n.Kind == yaml.MappingNode {
		start, step = 1, 2
	}
	for i := start; i < len(n.Content); i += step {
		if v := valueAt(n.Content[i], line); v != nil {
			return v
		}
	}
	return nil
}

func addSyntax(l *diag.List, path string, err error) {
	msg := err.Error()
	line := 1
	if m := lineRE().FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		// yaml.v3 adds 1 to the 0-based line of scanner errors but not
		// of parser errors; parser errors also report the line where the
		// enclosing flow collection or block started when it is not the first.
		if parserErrors[msg] {
			line++
		}
	} else if len(msg) > 6 && msg[:6] == "yaml: " {
		msg = msg[6:]
	}
	l.Add(path, line, 1, diag.Error, CodeSyntax, "%s; fix the YAML syntax", msg)
}

// badChar finds the first byte that is not valid UTF-8 (r is RuneError) or
// the first character YAML does not allow in a stream (control characters
// other than tab, CR and LF; U+FFFE, U+FFFF; a byte order mark is allowed
// at the start only). line and col are 1-based, col counts characters.
func badChar(src []byte) (line, col int, r rune, bad bool) {
	line, col = 1, 1
	for i := 0; i < len(src); {
		// Printable ASCII and newlines are nearly every byte of an entity
		// file: step over them without decoding a rune.
		if c := src[i]; c >= 0x20 && c < 0x7F {
			col++
			i++
			continue
		} else if c == '\n' {
			line, col = line+1, 1
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			return line, col, r, true
		case r == '\n':
			line, col = line+1, 0
		case r == '\t' || r == '\r' || r == 0x85 || r == 0xFEFF && i == 0:
		case r < 0x20 || r >= 0x7F && r < 0xA0 || r == 0xFFFE || r == 0xFFFF:
			return line, col, r, true
		}
		col++
		i += n
	}
	return 0, 0, 0, false
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "sequence"
	case yaml.ScalarNode:
		return "scalar"
	case yaml.AliasNode:
		return "alias"
	}
	return "mapping"
}

// checkNode walks the tree collecting alias, anchor, merge key, tag,
// duplicate key, key and depth problems.
func checkNode(l *diag.List, path string, n *yaml.Node, depth int) {
	if n.Kind == yaml.AliasNode {
		l.Add(path, n.Line, n.Column, diag.Error, CodeAlias, "alias *%s is not allowed; write the value out in full", n.Value)
		return
	}
	if n.Anchor != "" {
		l.Add(path, n.Line, n.Column, diag.Error, CodeAlias, "anchor &%s is not allowed; remove it and write values out in full", n.Anchor)
	}
	if n.Style&yaml.TaggedStyle != 0 {
		if !allowedTags[n.Tag] {
			l.Add(path, n.Line, n.Column, diag.Error, CodeTag, "tag %s is not allowed; remove it (only !!str, !!int, !!float, !!bool, !!null, !!map, !!seq, !!timestamp may be used)", n.Tag)
		} else if msg := tagMisfit(n); msg != "" {
			l.Add(path, n.Line, n.Column, diag.Error, CodeTag, "tag %s %s; remove the tag", n.Tag, msg)
		}
	}
	if n.Kind != yaml.MappingNode && n.Kind != yaml.SequenceNode {
		return
	}
	if depth > MaxDepth {
		l.Add(path, n.Line, n.Column, diag.Error, CodeDepth, "nesting is deeper than %d levels; flatten the structure", MaxDepth)
		return
	}
	if n.Kind == yaml.SequenceNode {
		for _, c := range n.Content {
			checkNode(l, path, c, depth+1)
		}
		return
	}
	first := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind == yaml.ScalarNode && (k.Tag == "!!merge" || k.Value == "<<" && k.Style&(yaml.SingleQuotedStyle|yaml.DoubleQuotedStyle) == 0):
			l.Add(path, k.Line, k.Column, diag.Error, CodeAlias, "merge key << is not allowed; write the keys out in full")
		case k.Kind == yaml.ScalarNode && k.Tag == "!!null" && k.Value == "":
			// `? ` with no key, or `{?}`: a null key, which would be written back as "null".
			l.Add(path, k.Line, k.Column, diag.Error, CodeKey, "a mapping key is missing; write the key's name before the colon")
		case k.Kind == yaml.ScalarNode:
			checkNode(l, path, k, depth+1)
			if line, ok := first[k.Value]; ok {
				l.Add(path, k.Line, k.Column, diag.Error, CodeDuplicateKey, "duplicate key %q (first defined at line %d); keep only one", k.Value, line)
			} else {
				first[k.Value] = k.Line
			}
		case k.Kind == yaml.AliasNode:
			checkNode(l, path, k, depth+1)
		default:
			l.Add(path, k.Line, k.Column, diag.Error, CodeKey, "a %s cannot be a mapping key; use a plain string key", kindName(k))
		}
		checkNode(l, path, v, depth+1)
	}
}

// tagMisfit says why an allowed explicit tag does not fit its node (a
// !!map on a sequence, !!int on text), or returns "". Such a node cannot be
// decoded, and a file that cannot be decoded would escape every check.
func tagMisfit(n *yaml.Node) string {
	want := yaml.ScalarNode
	switch n.Tag {
	case "!!map":
		want = yaml.MappingNode
	case "!!seq":
		want = yaml.SequenceNode
	}
	if n.Kind != want {
		return "cannot be put on a " + kindName(n)
	}
	if n.Kind != yaml.ScalarNode || n.Tag == "!!str" {
		return ""
	}
	var v any
	if err := n.Decode(&v); err != nil {
		v := []rune(n.Value)
		if len(v) > 40 {
			v = append(v[:37], []rune("...")...)
		}
		return fmt.Sprintf("does not fit the value %q", string(v))
	}
	return ""
}

// detectStyle sets Indent and compactSeq from the source layout.
func (d *Doc) detectStyle() {
	indentFound, seqFound := false, false
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if indentFound && seqFound {
			return
		}
		switch n.Kind {
		case yaml.MappingNode:
			if n.Style&yaml.FlowStyle != 0 {
				return
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Style&yaml.FlowStyle == 0 && v.Line > k.Line {
					switch v.Kind {
					case yaml.MappingNode:
						if !indentFound && v.Column > k.Column && v.Column-k.Column <= 9 {
							d.Indent, indentFound = v.Column-k.Column, true
						}
					case yaml.SequenceNode:
						if !seqFound {
							d.compactSeq, seqFound = v.Column == k.Column, true
						}
					}
				}
				walk(v)
			}
		case yaml.SequenceNode:
			for _, c := range n.Content {
				walk(c)
			}
		}
	}
	walk(d.Node)
	if !indentFound && seqFound && !d.compactSeq {
		// Only sequences to go by: an indented "- " shows the indent.
		var find func(n *yaml.Node) bool
		find = func(n *yaml.Node) bool {
			if n.Kind != yaml.MappingNode || n.Style&yaml.FlowStyle != 0 {
				return false
			}
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, v := n.Content[i], n.Content[i+1]
				if v.Kind == yaml.SequenceNode && v.Style&yaml.FlowStyle == 0 && v.Line > k.Line && v.Column > k.Column {
					if v.Column-k.Column >= 2 && v.Column-k.Column <= 9 {
						d.Indent = v.Column - k.Column
					}
					return true
				}
				if find(v) {
					return true
				}
			}
			return false
		}
		find(d.Node)
	}
}

// errorf formats edit errors with the file path.
func (d *Doc) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: "+format, append([]any{d.Path}, args...)...)
}
