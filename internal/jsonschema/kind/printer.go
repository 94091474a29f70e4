package kind

import (
	"fmt"
	"math"
	"strings"
)

// Printer formats messages as golang.org/x/text/message's Printer does for
// English, which upstream uses: numbers given to %v and %d (the messages
// pass no slices or structs of numbers, which x/text groups too) have their
// thousands grouped ("1,234"), and a float's exponent is written "×10²¹".
// Everything else is fmt's. It replaces x/text here because x/text's
// language tables are set up when every collab command starts; a test
// compares the two on many numbers.
type Printer struct{}

// English is the printer collab's messages use.
var English = &Printer{}

// Sprintf is fmt.Sprintf with numbers as x/text writes them in English.
func (*Printer) Sprintf(format string, args ...any) string {
	verbs := verbsOf(format)
	wrapped := make([]any, len(args))
	for i, a := range args {
		wrapped[i] = a
		if i < len(verbs) && (verbs[i] == 'v' || verbs[i] == 'd') && isNumber(a) {
			wrapped[i] = number{a}
		}
	}
	return fmt.Sprintf(format, wrapped...)
}

// verbsOf lists the verb of each argument format uses, in order (formats
// here use no explicit argument indexes and no * widths).
func verbsOf(format string) []rune {
	var verbs []rune
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.", format[i]) >= 0 {
			i++
		}
		if i < len(format) && format[i] != '%' {
			verbs = append(verbs, rune(format[i]))
		}
	}
	return verbs
}

func isNumber(a any) bool {
	switch a.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return true
	}
	return false
}

// number formats a number as x/text does for %v and %d.
type number struct{ v any }

var superscript = strings.NewReplacer("0", "⁰", "1", "¹", "2", "²", "3", "³", "4", "⁴",
	"5", "⁵", "6", "⁶", "7", "⁷", "8", "⁸", "9", "⁹", "-", "⁻", "+", "")

func (n number) Format(f fmt.State, verb rune) {
	var s string
	switch v := n.v.(type) {
	case float64:
		s = floatString(v)
	case float32:
		s = floatString(float64(v))
	default:
		s = grouped(fmt.Sprint(v))
	}
	if _, isFloat := n.v.(float64); isFloat && verb == 'd' {
		fmt.Fprintf(f, "%%!d(float64=%s)", s)
		return
	} else if _, isFloat := n.v.(float32); isFloat && verb == 'd' {
		fmt.Fprintf(f, "%%!d(float32=%s)", s)
		return
	}
	f.Write([]byte(s))
}

func floatString(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "-∞"
	case v == 0:
		return "0" // -0 too
	}
	s := fmt.Sprint(v)
	if m, e, ok := strings.Cut(s, "e"); ok {
		return m + "×10" + superscript.Replace(e)
	}
	return grouped(s)
}

// grouped puts a comma between each three digits of the integer part of a
// decimal number.
func grouped(s string) string {
	sign, digits := "", s
	if strings.HasPrefix(s, "-") {
		sign, digits = "-", s[1:]
	}
	ip, fp, hasFraction := strings.Cut(digits, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i := range len(ip) {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(ip[i])
	}
	if hasFraction {
		b.WriteByte('.')
		b.WriteString(fp)
	}
	return b.String()
}
