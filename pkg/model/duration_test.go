package model

import "testing"

func TestDurationDays(t *testing.T) {
	tests := []struct {
		in   Duration
		days int
		ok   bool
	}{
		{"1d", 1, true},
		{"14d", 14, true},
		{"2w", 14, true},
		{"0d", 0, true},
		{"9999d", 9999, true},
		{"0012w", 84, true},
		{"10000d", 0, false}, // five digits
		{"d", 0, false},
		{"", 0, false},
		{"14", 0, false},
		{"14D", 0, false},
		{"1m", 0, false},
		{"-1d", 0, false},
		{" 1d", 0, false},
		{"1d ", 0, false},
		{"١d", 0, false}, // a non-ASCII digit
	}
	for _, tt := range tests {
		days, ok := tt.in.Days()
		if days != tt.days || ok != tt.ok {
			t.Errorf("Duration(%q).Days() = %d, %v; want %d, %v", tt.in, days, ok, tt.days, tt.ok)
		}
	}
}
