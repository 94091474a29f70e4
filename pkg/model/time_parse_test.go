package model

import (
	"testing"
	"time"
)

// TestParseDateAgreesWithTimeParse: the fast parser accepts and returns
// exactly what time.Parse(DateLayout, …) does.
func TestParseDateAgreesWithTimeParse(t *testing.T) {
	cases := []string{
		"", "2026-03-15", "2026-02-28", "2026-02-29", "2024-02-29", "1900-02-29", "2000-02-29",
		"2026-04-31", "2026-12-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01",
		"2026-3-15", "2026-03-5 ", "2026/03/15", "+026-03-15", "2026-03-1a", "20260315xx",
		"2026-03-15T00:00:00Z", "9999-12-31", " 026-03-15",
	}
	for y := 2023; y <= 2025; y++ {
		for m := 0; m <= 13; m++ {
			for d := 0; d <= 32; d++ {
				cases = append(cases, pad(y, 4)+"-"+pad(m, 2)+"-"+pad(d, 2))
			}
		}
	}
	for _, s := range cases {
		want, err := time.Parse(DateLayout, s)
		got, ok := parseDate(s)
		if ok != (err == nil) || !got.Equal(want) {
			t.Errorf("parseDate(%q) = %v, %v; time.Parse = %v, %v", s, got, ok, want, err)
		}
		if Date(s).Valid() != (err == nil) {
			t.Errorf("Date(%q).Valid() = %v; time.Parse: %v", s, Date(s).Valid(), err)
		}
	}
}

func pad(n, width int) string {
	s := ""
	for i := 0; i < width; i++ {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// TestDaysBetweenAgreesWithTime: the day-number count gives what
// subtracting the two dates' time.Time does, for valid and invalid dates,
// across leap years, centuries and year 0, and past time.Duration's range.
func TestDaysBetweenAgreesWithTime(t *testing.T) {
	dates := []Date{"", "not a date", "2026-02-30", "0000-01-01", "0000-03-01", "0001-01-01", "1600-02-29",
		"1700-03-01", "1900-02-28", "1900-03-01", "2000-02-29", "2024-02-29", "2026-03-10", "2100-03-01", "9999-12-31"}
	for y := 1999; y <= 2001; y++ {
		for m := 1; m <= 12; m++ {
			for _, d := range []int{1, 15, 28, 29, 30, 31} {
				dates = append(dates, Date(pad(y, 4)+"-"+pad(m, 2)+"-"+pad(d, 2)))
			}
		}
	}
	for _, a := range dates {
		for _, b := range dates {
			want := int(b.Time().Sub(a.Time()).Hours() / 24)
			if got := DaysBetween(a, b); got != want {
				t.Errorf("DaysBetween(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}
