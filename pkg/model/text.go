package model

import (
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
