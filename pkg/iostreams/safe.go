package iostreams

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/collab-tools/collab/pkg/model"
)

// safeWriter filters text printed for people: control, separator and
// bidi characters are escaped (model.Escape) except line breaks, tabs and
// colour sequences (ESC [ digits m); a line that starts, after spaces, with
// "::" or "##[" (a GitHub Actions workflow command) gets a backslash in
// front. Values from files and commits then neither drive the terminal nor
// run as commands in a CI log, whichever command prints them.
type safeWriter struct {
	w           io.Writer
	atLineStart bool
	width       int // the terminal's width; 0 when w is not a terminal
}

// TerminalWidth is the width of the terminal the writer writes to, 0 when
// it does not write to a terminal.
func (s *safeWriter) TerminalWidth() int { return s.width }

func newSafeWriter(w io.Writer) *safeWriter { return &safeWriter{w: w, atLineStart: true} }

func (s *safeWriter) Write(p []byte) (int, error) {
	var b strings.Builder
	b.Grow(len(p))
	for i := 0; i < len(p); {
		// Printable ASCII past a line's start needs no check: copy the run
		// whole (a long table is mostly that).
		if !s.atLineStart && printable(p[i]) {
			j := i + 1
			for j < len(p) && printable(p[j]) {
				j++
			}
			b.Write(p[i:j])
			i = j
			continue
		}
		r, n := utf8.DecodeRune(p[i:])
		if s.atLineStart && (hasPrefix(p[i:], "::") || hasPrefix(p[i:], "##[")) {
			b.WriteByte('\\')
		}
		switch {
		case r == '\n':
			s.atLineStart = true
		case r == ' ' || r == '\t':
		case r == 0x1b && colour(p[i:]) > 0:
			n = colour(p[i:])
			s.atLineStart = false
			b.Write(p[i : i+n])
			i += n
			continue
		default:
			s.atLineStart = false
			if r == utf8.RuneError && n == 1 {
				b.WriteByte(p[i])
				i++
				continue
			}
			if _, bad := model.BadChar(string(r), true); bad {
				b.WriteString(model.Escape(string(r)))
				i += n
				continue
			}
		}
		b.Write(p[i : i+n])
		i += n
	}
	if _, err := io.WriteString(s.w, b.String()); err != nil {
		return 0, err
	}
	return len(p), nil
}

func printable(c byte) bool { return c >= 0x20 && c < 0x7f }

func hasPrefix(p []byte, s string) bool { return len(p) >= len(s) && string(p[:len(s)]) == s }

// colour returns the length of the SGR sequence (ESC [ digits and ; m)
// at the start of p, or 0.
func colour(p []byte) int {
	if len(p) < 3 || p[0] != 0x1b || p[1] != '[' {
		return 0
	}
	for i := 2; i < len(p); i++ {
		switch c := p[i]; {
		case c == 'm':
			return i + 1
		case c == ';' || c >= '0' && c <= '9':
		default:
			return 0
		}
	}
	return 0
}
