package model

import (
	"fmt"
	"math"
	"time"
)

// DateLayout is the only date format of collab files.
const DateLayout = "2006-01-02"

// Date is a calendar date kept as its YYYY-MM-DD text.
type Date string

// Time parses the date; the zero time when empty or invalid.
func (d Date) Time() time.Time {
	t, _ := parseDate(string(d))
	return t
}

// Valid reports whether d is a real YYYY-MM-DD date.
func (d Date) Valid() bool {
	_, _, _, ok := dateParts(string(d))
	return ok
}

// parseDate is time.Parse(DateLayout, s) without its generality: status
// and health compare thousands of dates per command.
func parseDate(s string) (time.Time, bool) {
	y, m, d, ok := dateParts(s)
	if !ok {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

// dateParts splits a YYYY-MM-DD date into numbers, false unless it is a
// real date (2026-02-30 is not).
func dateParts(s string) (y, m, d int, ok bool) {
	if len(s) != len(DateLayout) || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	num := func(part string) int {
		n := 0
		for _, c := range []byte(part) {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, d = num(s[:4]), num(s[5:7]), num(s[8:])
	if y < 0 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// daysIn is the number of days of month m of year y (Gregorian).
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// ParseDate checks a user-supplied date.
func ParseDate(s string) (Date, error) {
	if _, ok := parseDate(s); !ok {
		return "", fmt.Errorf("invalid date %q: use YYYY-MM-DD, e.g. 2026-03-15", s)
	}
	return Date(s), nil
}

// DateOf formats t as a Date.
func DateOf(t time.Time) Date { return Date(t.Format(DateLayout)) }

// AddDays returns the date n days after d.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Duration is a span of whole days written <n>d or <n>w.
type Duration string

// Days returns the span in days, false when malformed: one to four digits
// then d (days) or w (weeks). Parsed by hand: status asks it of
// every cadence of a workspace, and a regexp took 3% of its time.
func (d Duration) Days() (int, bool) {
	s := string(d)
	if len(s) < 2 || len(s) > 5 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s[:len(s)-1]) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	switch s[len(s)-1] {
	case 'd':
		return n, true
	case 'w':
		return n * 7, true
	}
	return 0, false
}

// ParseDuration checks a user-supplied duration.
func ParseDuration(s string) (Duration, error) {
	if _, ok := Duration(s).Days(); !ok {
		return "", fmt.Errorf("invalid duration %q: use a number of days or weeks, e.g. 14d or 2w", s)
	}
	return Duration(s), nil
}

// DaysBetween is the number of calendar days from a to b (negative when b
// is earlier): b.Time().Sub(a.Time()) in days, computed on day numbers
// (status and health compare thousands of dates). A date that is not valid
// counts as the zero time.Time, and the result saturates at
// time.Duration's range, as Sub does.
func DaysBetween(a, b Date) int {
	ya, ma, da, okA := dateParts(string(a))
	yb, mb, db, okB := dateParts(string(b))
	if !okA || !okB {
		return int(b.Time().Sub(a.Time()).Hours() / 24)
	}
	const maxDays = int(math.MaxInt64 / int64(24*time.Hour))
	return max(-maxDays, min(maxDays, dayNumber(yb, mb, db)-dayNumber(ya, ma, da)))
}

// dayNumber counts the days from 1 March of year 0 (proleptic Gregorian) to
// y-m-d: the count of whole 400-, 100- and 4-year cycles and of days into
// the year, taken from March so that a leap day comes last.
func dayNumber(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400                     // year of era, 0..399
	doy := (153*((m+9)%12)+2)/5 + d - 1    // day of year from 1 March, 0..365
	doe := yoe*365 + yoe/4 - yoe/100 + doy // day of era, 0..146096
	return era*146097 + doe
}

// Missed counts the dates of a schedule that starts at first and repeats
// every n days which fall strictly before asOf: the run of check-ins missed
// when none was recorded since first. A date equal to asOf is due today, not
// missed. It is 0 when first is not a date or n is not positive.
func Missed(first Date, n int, asOf Date) int {
	if !first.Valid() || n <= 0 || !asOf.Valid() {
		return 0
	}
	days := DaysBetween(first, asOf)
	if days <= 0 {
		return 0
	}
	return (days-1)/n + 1
}
