package calendar

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestEscapeText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a,b;c", `a\,b\;c`},
		{`back\slash`, `back\\slash`},
		{"two\nlines\r\nthree\rfour", `two\nlines\nthree\nfour`},
		{"tab\tstays, bell\a goes", "tab\tstays\\, bell goes"},
		{"é,ü;日本", `é\,ü\;日本`},
		{"bad \xff byte", "bad \uFFFD byte"},
		{`\n is not a newline`, `\\n is not a newline`},
	}
	for _, tt := range tests {
		if got := EscapeText(tt.in); got != tt.want {
			t.Errorf("EscapeText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// unfold undoes Fold as RFC 5545 3.1 says: a CRLF followed by one space
// is removed.
func unfold(pieces []string) string {
	return strings.TrimSuffix(strings.ReplaceAll(strings.Join(pieces, ""), "\r\n ", ""), "\r\n")
}

func TestFold(t *testing.T) {
	inputs := map[string]string{
		"short":      "SUMMARY:short",
		"exactly 75": "SUMMARY:" + strings.Repeat("x", 75-len("SUMMARY:")),
		"76":         "SUMMARY:" + strings.Repeat("x", 76-len("SUMMARY:")),
		"ascii":      "DESCRIPTION:" + strings.Repeat("abcdefghij", 30),
		"2-byte":     "SUMMARY:" + strings.Repeat("é", 200),
		"3-byte":     "SUMMARY:" + strings.Repeat("日", 200),
		"4-byte":     "SUMMARY:" + strings.Repeat("😀", 200),
		"mixed":      "SUMMARY:a" + strings.Repeat("é日😀\\,", 60),
	}
	for name, line := range inputs {
		t.Run(name, func(t *testing.T) {
			pieces := Fold(line)
			for i, p := range pieces {
				body, ok := strings.CutSuffix(p, "\r\n")
				if !ok || strings.ContainsAny(body, "\r\n") {
					t.Fatalf("piece %d %q does not end in exactly one CRLF", i, p)
				}
				if len(body) > 75 {
					t.Errorf("piece %d is %d octets, more than 75", i, len(body))
				}
				if i > 0 && !strings.HasPrefix(body, " ") {
					t.Errorf("continuation %d does not start with a space: %q", i, body)
				}
				if !utf8.ValidString(body) {
					t.Errorf("piece %d splits a UTF-8 sequence: %q", i, body)
				}
				if i < len(pieces)-1 && len(body) < 72 {
					t.Errorf("piece %d is %d octets: folded too early", i, len(body))
				}
			}
			if got := unfold(pieces); got != line {
				t.Errorf("unfolded line differs:\n%s", cmp.Diff(line, got))
			}
			if len(line) <= 75 && len(pieces) != 1 {
				t.Errorf("a line of %d octets was folded into %d pieces", len(line), len(pieces))
			}
		})
	}
}

func TestRRule(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{Event{}, ""},
		{Event{Every: 14}, "FREQ=WEEKLY;INTERVAL=2"},
		{Event{Every: 7, Until: "2026-06-30"}, "FREQ=WEEKLY;INTERVAL=1;UNTIL=20260630"},
		{Event{Every: 10, Until: "2026-06-30"}, "FREQ=DAILY;INTERVAL=10;UNTIL=20260630"},
	}
	for _, tt := range tests {
		if got := tt.ev.RRule(); got != tt.want {
			t.Errorf("RRule(every %d until %q) = %q, want %q", tt.ev.Every, tt.ev.Until, got, tt.want)
		}
	}
}
