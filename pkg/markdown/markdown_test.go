package markdown

import "testing"

func TestCell(t *testing.T) {
	for in, want := range map[string]string{
		"plain":          "plain",
		"a|b":            `a\|b`,
		"two\nlines":     "two lines",
		"crlf\r\nend":    "crlf end",
		"bell\a":         `bell\a`,
		"bidi\u202etext": `bidi\u202etext`,
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCode(t *testing.T) {
	for in, want := range map[string]string{
		"":      "-",
		"id":    "`id`",
		"a`b":   "``a`b``",
		"`edge": "`` `edge ``",
		"pi|pe": "`pi\\|pe`",
	} {
		if got := Code(in); got != want {
			t.Errorf("Code(%q) = %q, want %q", in, got, want)
		}
	}
}
