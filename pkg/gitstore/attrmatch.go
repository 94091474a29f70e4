package gitstore

import (
	"bytes"
	"strings"

	"github.com/collab-tools/collab/pkg/gitobj"
)

// Attributes as git assigns them (gitattributes(5), attr.c). An
// attributes file is a list of lines, each a pattern and the attributes
// it gives the paths it matches; a line starting with [attr] defines a
// macro instead, where macros are allowed (the top-level .gitattributes,
// info/attributes, the global and system files). The files are read from
// the highest precedence to the lowest (info/attributes, then the
// .gitattributes of the path's folder, of its parent and so up to the
// root, then core.attributesFile, then the system file, then git's
// built-in "[attr]binary -diff -merge -text"), each from its last line to
// its first: the first line to give an attribute a state wins, and a
// macro set on a path gives its attributes that are still free.

// Attribute states other than a value.
const (
	attrSet         = "\x00set"         // "attr"
	attrUnset       = "\x00unset"       // "-attr"
	attrUnspecified = "\x00unspecified" // "!attr"
)

// attrState is one "name", "-name", "!name" or "name=value" of a line.
type attrState struct{ name, value string }

// attrLine is one line of an attributes file.
type attrLine struct {
	macro  string // the macro an [attr] line defines; "" for a pattern line
	pat    string // the pattern, without a leading "/" for a path pattern
	base   bool   // the pattern has a slash: it matches the whole path below the file's folder
	states []attrState
}

// attrFile is one parsed attributes file; dir is the folder of a
// .gitattributes relative to the work tree root ("" for the root and for
// files outside the tree).
type attrFile struct {
	dir   string
	lines []attrLine
}

// Limits git puts on attributes (attr.c): longer lines are skipped, larger
// files ignored.
const (
	maxAttrLine = 2048
	maxAttrFile = 100 << 20
)

// blank is what git's attribute parser splits on.
const blank = " \t\r\n"

// parseAttrs reads an attributes file as git's read_attr_from_buf and
// parse_attr_line do; lines git rejects (with a warning) are left out.
func parseAttrs(data []byte, dir string, macroOK bool) attrFile {
	f := attrFile{dir: dir}
	if len(data) > maxAttrFile {
		return f
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) >= maxAttrLine {
			continue
		}
		if l, ok := parseAttrLine(line, macroOK); ok {
			f.lines = append(f.lines, l)
		}
	}
	return f
}

func parseAttrLine(line string, macroOK bool) (attrLine, bool) {
	cp := strings.TrimLeft(line, blank)
	if cp == "" || cp[0] == '#' {
		return attrLine{}, false
	}
	var name, states string
	if q, rest, ok := unquotePrefix(cp); ok {
		name, states = q, rest
	} else {
		n := strings.IndexAny(cp, blank)
		if n < 0 {
			n = len(cp)
		}
		name, states = cp[:n], cp[n:]
	}
	var l attrLine
	if len(name) > len("[attr]") && strings.HasPrefix(name, "[attr]") {
		if !macroOK {
			return attrLine{}, false
		}
		m := strings.TrimLeft(name[len("[attr]"):], blank)
		if n := strings.IndexAny(m, blank); n >= 0 {
			m = m[:n]
		}
		if !validAttrName(m) {
			return attrLine{}, false
		}
		l.macro = m
	} else {
		if strings.HasPrefix(name, "!") {
			return attrLine{}, false // git: negative patterns are ignored
		}
		l.pat = name
	}
	states = strings.TrimLeft(states, blank)
	for states != "" {
		n := strings.IndexAny(states, blank)
		if n < 0 {
			n = len(states)
		}
		tok := states[:n]
		states = strings.TrimLeft(states[n:], blank)
		var s attrState
		switch {
		case tok[0] == '-' || tok[0] == '!':
			s.value = attrUnset
			if tok[0] == '!' {
				s.value = attrUnspecified
			}
			s.name, _, _ = strings.Cut(tok[1:], "=")
		default:
			var ok bool
			s.name, s.value, ok = strings.Cut(tok, "=")
			if !ok {
				s.value = attrSet
			}
		}
		if !validAttrName(s.name) {
			return attrLine{}, false // git drops the whole line
		}
		l.states = append(l.states, s)
	}
	if l.macro == "" {
		// dir.c parse_path_pattern: a trailing slash matches only
		// folders (never a file, which is all that is asked here); a
		// pattern with a slash elsewhere matches the path below the
		// file's folder, else the name at any depth.
		if strings.HasSuffix(l.pat, "/") {
			return attrLine{}, false
		}
		if strings.Contains(l.pat, "/") {
			l.base = true
			l.pat = strings.TrimPrefix(l.pat, "/")
		}
	}
	return l, true
}

// unquotePrefix reads a C-quoted pattern at the start of s, and what
// follows it; false when s does not start with one (git then takes the
// text up to the first blank as it is).
func unquotePrefix(s string) (string, string, bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			q, err := gitobj.UnquoteC(s[:i+1])
			if err != nil {
				return "", "", false
			}
			return q, s[i+1:], true
		}
	}
	return "", "", false
}

// validAttrName is git's attr_name_valid: [-._A-Za-z0-9]+, not starting
// with "-".
func validAttrName(s string) bool {
	if s == "" || s[0] == '-' {
		return false
	}
	for _, c := range []byte(s) {
		if !(c == '-' || c == '.' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// builtinAttrs is git's built-in macro, below every file.
var builtinAttrs = parseAttrs([]byte("[attr]binary -diff -merge -text\n"), "", true)

// matches tells whether l's pattern matches path (slash-separated, from
// the work tree root) for a file in folder dir, as attr.c path_matches
// and dir.c match_basename / match_pathname do: the pattern's part before
// its first wildcard is compared as it is, and only the rest goes to
// wildmatch (which matters: "a**/b" is "a", then "**/b").
func (l *attrLine) matches(path, dir string) bool {
	prefix := simpleLength(l.pat)
	if !l.base {
		name := path[strings.LastIndexByte(path, '/')+1:]
		if prefix == len(l.pat) {
			return name == l.pat
		}
		return wildmatch(l.pat, name, false)
	}
	name := path
	if dir != "" {
		rest, ok := strings.CutPrefix(path, dir+"/")
		if !ok {
			return false
		}
		name = rest
	}
	pat := l.pat
	if prefix > 0 {
		if prefix > len(name) || name[:prefix] != pat[:prefix] {
			return false
		}
		pat, name = pat[prefix:], name[prefix:]
		if pat == "" && name == "" {
			return true
		}
	}
	return wildmatch(pat, name, true)
}

// simpleLength is the length of s before its first wildcard character.
func simpleLength(s string) int {
	for i := range len(s) {
		if isGlobSpecial(s[i]) {
			return i
		}
	}
	return len(s)
}

// checkAttrs returns the state of every attribute path has (attr.c
// collect_some_attrs): files are given from the highest precedence to
// the lowest, and only those that apply to path (the .gitattributes of
// its folder and of the folders above it).
func checkAttrs(path string, files []attrFile) map[string]string {
	macros := map[string]*attrLine{}
	for _, f := range files {
		for i := len(f.lines) - 1; i >= 0; i-- {
			if m := f.lines[i].macro; m != "" && macros[m] == nil {
				macros[m] = &f.lines[i]
			}
		}
	}
	got := map[string]string{}
	var fill func(l *attrLine)
	fill = func(l *attrLine) {
		for i := len(l.states) - 1; i >= 0; i-- {
			s := l.states[i]
			if _, done := got[s.name]; done {
				continue
			}
			got[s.name] = s.value
			if m := macros[s.name]; m != nil && s.value == attrSet {
				fill(m)
			}
		}
	}
	for _, f := range files {
		for i := len(f.lines) - 1; i >= 0; i-- {
			l := &f.lines[i]
			if l.macro == "" && l.matches(path, f.dir) {
				fill(l)
			}
		}
	}
	return got
}
