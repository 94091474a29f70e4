package calendar

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/collab-tools/collab/pkg/model"
)

// ProdID names the program that made the feed (RFC 5545 3.7.3).
const ProdID = "-//collab-tools//collab//EN"

// maxLine is the longest content line RFC 5545 3.1 allows, in octets,
// without its CRLF.
const maxLine = 75

// stampLayout is a UTC DATE-TIME value (FORM #2).
const stampLayout = "20060102T150405Z"

// WriteTo writes the calendar as an iCalendar stream: CRLF line endings,
// lines folded at 75 octets, TEXT values escaped. The same Calendar gives
// the same bytes.
func (c *Calendar) WriteTo(w io.Writer) (int64, error) {
	e := &encoder{w: bufio.NewWriter(w)}
	e.line("BEGIN:VCALENDAR")
	e.line("VERSION:2.0")
	e.line("PRODID:" + ProdID)
	e.line("CALSCALE:GREGORIAN")
	e.line("METHOD:PUBLISH")
	e.line("X-WR-CALNAME:" + EscapeText(c.Name))
	if c.Description != "" {
		e.line("X-WR-CALDESC:" + EscapeText(c.Description))
	}
	stamp := c.Stamp.UTC().Format(stampLayout)
	for i := range c.Events {
		e.event(&c.Events[i], stamp)
	}
	e.line("END:VCALENDAR")
	if e.err == nil {
		e.err = e.w.Flush()
	}
	return e.n, e.err
}

type encoder struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (e *encoder) event(ev *Event, stamp string) {
	e.line("BEGIN:VEVENT")
	e.line("UID:" + EscapeText(ev.UID))
	e.line("DTSTAMP:" + stamp)
	e.line("DTSTART;VALUE=DATE:" + date(ev.Start))
	e.line("DTEND;VALUE=DATE:" + date(ev.Start.AddDays(1)))
	if r := ev.RRule(); r != "" {
		e.line("RRULE:" + r)
	}
	e.line("SUMMARY:" + EscapeText(ev.Summary))
	if ev.Description != "" {
		e.line("DESCRIPTION:" + EscapeText(ev.Description))
	}
	if ev.Location != "" {
		e.line("LOCATION:" + EscapeText(ev.Location))
	}
	if ev.URL != "" {
		e.line("URL:" + ev.URL)
	}
	if len(ev.Categories) > 0 {
		cats := make([]string, len(ev.Categories))
		for i, c := range ev.Categories {
			cats[i] = EscapeText(c)
		}
		e.line("CATEGORIES:" + strings.Join(cats, ","))
	}
	if ev.Status != "" {
		e.line("STATUS:" + ev.Status)
	}
	// A due date or a review is a marker, not time taken: it must not show
	// the day as busy.
	e.line("TRANSP:TRANSPARENT")
	e.line(fmt.Sprintf("SEQUENCE:%d", ev.Sequence))
	if !ev.Modified.IsZero() {
		e.line("LAST-MODIFIED:" + ev.Modified.UTC().Format(stampLayout))
	}
	e.line("END:VEVENT")
}

// RRule is the event's recurrence rule value, empty for a single event:
// every Every days (as weeks when it is a whole number of weeks, which
// calendar programs show better), until Until when set.
func (ev *Event) RRule() string {
	if ev.Every <= 0 {
		return ""
	}
	r := fmt.Sprintf("FREQ=DAILY;INTERVAL=%d", ev.Every)
	if ev.Every%7 == 0 {
		r = fmt.Sprintf("FREQ=WEEKLY;INTERVAL=%d", ev.Every/7)
	}
	if ev.Until != "" {
		// UNTIL has DTSTART's value type, DATE here (RFC 5545 3.3.10).
		r += ";UNTIL=" + date(ev.Until)
	}
	return r
}

func date(d model.Date) string { return d.Time().Format("20060102") }

// line writes one content line, folded, with CRLF.
func (e *encoder) line(s string) {
	if e.err != nil {
		return
	}
	for _, part := range Fold(s) {
		n, err := e.w.WriteString(part)
		e.n += int64(n)
		if err != nil {
			e.err = err
			return
		}
	}
}

// Fold splits a content line into the pieces written for it, each ending in
// CRLF and at most 75 octets before it; every piece after the first starts
// with the single space that marks a continuation (RFC 5545 3.1). A piece
// never ends inside a UTF-8 sequence.
func Fold(s string) []string {
	var out []string
	limit := maxLine
	prefix := ""
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out = append(out, prefix+s[:cut]+"\r\n")
		s = s[cut:]
		prefix, limit = " ", maxLine-1
	}
	return append(out, prefix+s+"\r\n")
}

// EscapeText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon,
// comma and line breaks. Control characters other than tab, which TEXT
// cannot hold, are dropped, and invalid UTF-8 is replaced.
func EscapeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			// dropped: not allowed in TEXT
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stampOf is the DTSTAMP of a feed made as of d: midnight UTC that day, so
// that the same workspace and --as-of give the same bytes.
func stampOf(d model.Date) time.Time { return d.Time() }
