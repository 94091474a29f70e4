package model

import (
	"strconv"
	"strings"
	"unicode"
)

// OneLine cleans text a person typed for one line of output (a commit
// subject, a diagram label): newlines, control characters, line and
// paragraph separators and byte-order marks become spaces, and runs of
// spaces collapse.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// multiLineFields are the text fields that may span lines: prose and
// Markdown. Every other value (ids, emails, reviewers, titles, names) is
// one line.
var multiLineFields = map[string]bool{
	"description": true, "purpose": true, "mission": true, "deliverable": true,
	"note": true, "summary": true, "text": true,
}

// MultiLineField reports whether the field named key may hold several lines.
func MultiLineField(key string) bool { return multiLineFields[key] }

// BadChar returns the first character text may not hold, and ok true when
// there is one: control characters (C0, DEL, C1; multi-line text may hold
// tab and newline), line and paragraph separators, bidirectional
// embeddings, overrides and isolates, and the byte order mark. They rewrite
// a terminal, start a line where a reader (or a CI log) sees none, or show
// text in another order than it is stored.
func BadChar(s string, multiLine bool) (r rune, ok bool) {
	for _, r := range s {
		switch {
		case multiLine && (r == '\t' || r == '\n'):
		case unicode.IsControl(r), r == '\u2028', r == '\u2029', r == '\ufeff',
			r >= '\u202a' && r <= '\u202e', r >= '\u2066' && r <= '\u2069':
			return r, true
		}
	}
	return 0, false
}

// Escape writes every character BadChar(s, false) finds as a Go escape
// (\n, \x1b, \u2028), as git quotes unusual paths: text from files and
// commits printed for people can then neither drive a terminal nor start a
// line of its own (a CI log runs "::warning::" at a line start as a
// command). Clean text is returned as it is.
func Escape(s string) string {
	if _, bad := BadChar(s, false); !bad {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if _, bad := BadChar(string(r), false); bad {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
