package yamldoc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// badCharRef is badChar without its ASCII fast path: every character
// decoded as a rune.
func badCharRef(src []byte) (line, col int, r rune, bad bool) {
	line, col = 1, 1
	for i := 0; i < len(src); {
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

// TestBadCharFastPath checks badChar against badCharRef on every prefix of
// texts mixing ASCII, multi-byte characters, newlines and forbidden bytes.
func TestBadCharFastPath(t *testing.T) {
	texts := []string{
		"apiVersion: collab/v1\nkind: Goal\nmetadata:\n  id: g1\n  title: Café \"ünïcode\" ✓\n",
		"a\nb\x01c",
		"\xef\xbb\xbfa: 1\n\xc2\x85x\x7f",
		"a: é\n\tb\r\n\xff",
		"x\n\n\xc2\x80\n",
		"ok\n\uFFFE",
		"\uFEFFa\uFEFF",
		"tab\there\n~\x7f",
		strings.Repeat("key: value\n", 20) + "\x00",
	}
	for _, text := range texts {
		for i := 0; i <= len(text); i++ {
			s := []byte(text[:i])
			l1, c1, r1, b1 := badCharRef(s)
			l2, c2, r2, b2 := badChar(s)
			if l1 != l2 || c1 != c2 || r1 != r2 || b1 != b2 {
				t.Errorf("badChar(%q) = %d, %d, %U, %v; want %d, %d, %U, %v", s, l2, c2, r2, b2, l1, c1, r1, b1)
			}
		}
	}
}

// BenchmarkBadChar scans a typical entity file; compare with
// BenchmarkBadCharRef.
func BenchmarkBadChar(b *testing.B)    { benchBadChar(b, badChar) }
func BenchmarkBadCharRef(b *testing.B) { benchBadChar(b, badCharRef) }

func benchBadChar(b *testing.B, f func([]byte) (int, int, rune, bool)) {
	src := []byte(strings.Repeat("  - {kind: timeline, text: GA before the end of the quarter, hard: true}\n", 16))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, _, _, bad := f(src); bad {
			b.Fatal("bad")
		}
	}
}
