package model

import "testing"

func TestBadChar(t *testing.T) {
	tests := []struct {
		s         string
		multiLine bool
		want      rune // -1: clean
	}{
		{"Feature X launch plan", false, -1},
		{"Zoë Park, Ünal Öztürk, 田中", false, -1},
		{"line one\n\tline two", true, -1},
		{"line one\nline two", false, '\n'},
		{"tab\there", false, '\t'},
		{"\x1b[2J", true, 0x1b},
		{"nul\x00", true, 0},
		{"carriage\rreturn", true, '\r'},
		{"vertical\vtab", true, '\v'},
		{"del\x7f", false, 0x7f},
		{"c1 \u0085 next line", true, 0x85},
		{"csi \u009b", false, 0x9b},
		{"line\u2028separator", true, 0x2028},
		{"paragraph\u2029separator", true, 0x2029},
		{"bom\ufeff", false, 0xfeff},
		{"trojan \u202e source", true, 0x202e},
		{"isolate \u2066 x \u2069", false, 0x2066},
	}
	for _, tt := range tests {
		r, ok := BadChar(tt.s, tt.multiLine)
		if ok != (tt.want >= 0) || ok && r != tt.want {
			t.Errorf("BadChar(%q, %v) = %U, %v; want %U", tt.s, tt.multiLine, r, ok, tt.want)
		}
	}
}

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"Sales":                        "Sales",
		"Zoë \\ back\tslash":           "Zoë \\ back\\tslash",
		"x\n::warning::y":              "x\\n::warning::y",
		"\x1b[2J\x00\r\v":              "\\x1b[2J\\x00\\r\\v",
		"tab\there":                    "tab\\there",
		"a\u2028b\u2029c\u202ed\u0085": "a\\u2028b\\u2029c\\u202ed\\u0085",
	} {
		if got := Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
	}
}
