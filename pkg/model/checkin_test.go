package model

import "testing"

func TestCheckinDate(t *testing.T) {
	tests := []struct {
		date, asOf Date
		wantErr    string
	}{
		{"2026-03-10", "2026-03-10", ""},
		{"2026-03-01", "2026-03-10", ""},
		{"2026-03-11", "2026-03-10", "2026-03-11 is after today (2026-03-10): a check-in records what has happened"},
		{"2099-01-01", "2026-03-10", "2099-01-01 is after today (2026-03-10): a check-in records what has happened"},
		{"2026-03-11", "", ""}, // no today to compare with
	}
	for _, tt := range tests {
		got := ""
		if err := CheckinDate(tt.date, tt.asOf); err != nil {
			got = err.Error()
		}
		if got != tt.wantErr {
			t.Errorf("CheckinDate(%s, %q) = %q, want %q", tt.date, tt.asOf, got, tt.wantErr)
		}
	}
}
