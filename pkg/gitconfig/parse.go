// Package gitconfig reads git's configuration in the process, following
// git's own parser (config.c) and reading order, so that a collab write
// needs no `git config` or `git var` process in the common case.
//
// It answers only when it is certain to give git's answer: include and
// includeIf, GIT_CONFIG, a file it cannot read, a line git would reject,
// a value it cannot represent make it return an error matching
// ErrUncertain, and the caller asks git instead.
package gitconfig

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
)

// ErrUncertain is matched (errors.Is) by every error that means "ask git":
// the configuration uses something this package does not read exactly as
// git does, or git itself would reject it.
var ErrUncertain = errors.New("the git configuration needs git to be read")

type uncertainError struct{ reason string }

func (e *uncertainError) Error() string        { return e.reason }
func (e *uncertainError) Is(target error) bool { return target == ErrUncertain }

func uncertain(format string, args ...any) error {
	return &uncertainError{reason: fmt.Sprintf(format, args...)}
}

// Entry is one setting as git's parser hands it on.
type Entry struct {
	// Key is canonical, as git compares keys: the section and the variable
	// name in lower case, a subsection ([section "Sub"]) as written.
	Key string
	// Value is the value after unquoting and escapes; "" when NoValue.
	Value string
	// NoValue is a key written without "=" (true as a boolean; an error
	// for a string setting).
	NoValue bool
	// Origin names the file or "command line".
	Origin string
}

// git's sane_ctype classes (git-compat-util.h): locale-independent.
func isSpace(c byte) bool   { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isAlpha(c byte) bool   { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool   { return c >= '0' && c <= '9' }
func isKeyChar(c byte) bool { return isAlpha(c) || isDigit(c) || c == '-' }
func toLower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// parser mirrors git's config_source: next is get_next_char.
type parser struct {
	data []byte
	pos  int
	eof  bool
	line int
}

// next returns the next byte, "\r\n" as '\n', and '\n' at (and after) the
// end of the data with eof set, as git's get_next_char does.
func (p *parser) next() byte {
	if p.pos >= len(p.data) {
		p.eof = true
		return '\n'
	}
	c := p.data[p.pos]
	p.pos++
	if c == '\r' && p.pos < len(p.data) && p.data[p.pos] == '\n' {
		p.pos++
		c = '\n'
	}
	if c == '\n' {
		p.line++
	}
	return c
}

var utf8BOM = []byte{0xef, 0xbb, 0xbf}

// Parse reads one config file's text as git's git_parse_source does and
// returns its settings in order. Text git would reject is an error
// matching ErrUncertain (git then gives its own message).
func Parse(data []byte, origin string) ([]Entry, error) {
	if bytes.IndexByte(data, 0) >= 0 {
		// git reads values as C strings: a NUL cuts them short.
		return nil, uncertain("%s: holds a NUL byte", origin)
	}
	p := &parser{data: data, line: 1}
	if len(data) > 0 && data[0] == utf8BOM[0] {
		if !bytes.HasPrefix(data, utf8BOM) {
			return nil, uncertain("%s: a partial byte order mark", origin)
		}
		p.pos = len(utf8BOM)
	}
	var out []Entry
	section := ""
	comment := false
	bad := func() error { return uncertain("bad config line %d in %s", p.line, origin) }
	for {
		c := p.next()
		if c == '\n' {
			if p.eof {
				return out, nil
			}
			comment = false
			continue
		}
		if comment || isSpace(c) {
			continue
		}
		if c == '#' || c == ';' {
			comment = true
			continue
		}
		if c == '[' {
			name, ok := p.baseVar()
			if !ok || name == "" {
				return nil, bad()
			}
			section = name + "."
			continue
		}
		if !isAlpha(c) {
			return nil, bad()
		}
		if section == "" {
			// git hands on a key with no section, which no lookup can
			// match; it is rare enough to leave to git.
			return nil, uncertain("%s: line %d: a setting before any section", origin, p.line)
		}
		name, value, noValue, ok := p.value(c)
		if !ok {
			return nil, bad()
		}
		out = append(out, Entry{Key: section + name, Value: value, NoValue: noValue, Origin: origin})
	}
}

// baseVar reads a section header after "[": git's get_base_var and
// get_extended_base_var. "[Core]" and "[a.B]" are lower-cased whole;
// the subsection of `[a "B"]` is kept as written, with `\x` read as x.
func (p *parser) baseVar() (string, bool) {
	var name []byte
	for {
		c := p.next()
		if p.eof {
			return "", false
		}
		if c == ']' {
			return string(name), true
		}
		if isSpace(c) {
			return p.extendedBaseVar(name, c)
		}
		if !isKeyChar(c) && c != '.' {
			return "", false
		}
		name = append(name, toLower(c))
	}
}

func (p *parser) extendedBaseVar(name []byte, c byte) (string, bool) {
	for {
		if c == '\n' {
			return "", false
		}
		c = p.next()
		if !isSpace(c) {
			break
		}
	}
	if c != '"' {
		return "", false
	}
	name = append(name, '.')
	for {
		c := p.next()
		if c == '\n' {
			return "", false
		}
		if c == '"' {
			break
		}
		if c == '\\' {
			c = p.next()
			if c == '\n' {
				return "", false
			}
		}
		name = append(name, c)
	}
	if p.next() != ']' {
		return "", false
	}
	return string(name), true
}

// value reads a variable name starting with first, then "= value" if
// there is one: git's get_value.
func (p *parser) value(first byte) (name, value string, noValue, ok bool) {
	n := []byte{toLower(first)}
	var c byte
	for {
		c = p.next()
		if p.eof || !isKeyChar(c) {
			break
		}
		n = append(n, toLower(c))
	}
	for c == ' ' || c == '\t' {
		c = p.next()
	}
	if c == '\n' {
		return string(n), "", true, true
	}
	if c != '=' {
		return "", "", false, false
	}
	v, ok := p.parseValue()
	return string(n), v, false, ok
}

// parseValue is git's parse_value: whitespace outside quotes is dropped at
// both ends and each inner run becomes that many spaces; '#' and ';' start
// a comment outside quotes; \n \t \b \\ \" are escapes and a backslash at
// the end of a line continues the value on the next one.
func (p *parser) parseValue() (string, bool) {
	var v []byte
	quote, comment := false, false
	space := 0
	for {
		c := p.next()
		if c == '\n' {
			if quote {
				return "", false
			}
			return string(v), true
		}
		if comment {
			continue
		}
		if isSpace(c) && !quote {
			if len(v) > 0 {
				space++
			}
			continue
		}
		if !quote && (c == ';' || c == '#') {
			comment = true
			continue
		}
		for ; space > 0; space-- {
			v = append(v, ' ')
		}
		if c == '\\' {
			c = p.next()
			switch c {
			case '\n':
				continue
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'n':
				c = '\n'
			case '\\', '"':
			default:
				return "", false
			}
			v = append(v, c)
			continue
		}
		if c == '"' {
			quote = !quote
			continue
		}
		v = append(v, c)
	}
}

// CanonicalKey checks key as git's git_config_parse_key does and returns
// it as git compares it: section and name lower-cased, the subsection as
// given.
func CanonicalKey(key string) (string, error) {
	last := strings.LastIndexByte(key, '.')
	if last <= 0 {
		return "", fmt.Errorf("key does not contain a section: %s", key)
	}
	if last == len(key)-1 {
		return "", fmt.Errorf("key does not contain variable name: %s", key)
	}
	b := []byte(key)
	dot := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == '.' {
			dot = true
		}
		if !dot || i > last {
			if !isKeyChar(c) || (i == last+1 && !isAlpha(c)) {
				return "", fmt.Errorf("invalid key: %s", key)
			}
			b[i] = toLower(c)
		} else if c == '\n' {
			return "", fmt.Errorf("invalid key (newline): %s", key)
		}
	}
	return string(b), nil
}

// section is the part of a canonical key before its first dot.
func section(key string) string {
	s, _, _ := strings.Cut(key, ".")
	return s
}
