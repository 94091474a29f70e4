package model

import (
	"math"
	"strconv"
	"unicode/utf8"
)

// appendTermsJSON appends to dst the bytes json.Marshal(a.Terms()) gives,
// written by hand: the digest is on every status and list path, and
// encoding/json's reflection was a large part of their time. Acceptances
// store digests of these bytes, so they must not change by one byte; the
// differential tests and FuzzTermsJSON hold them to json.Marshal. ok is
// false when a number has no JSON form (NaN, ±Inf): it is then written as a
// string, where json.Marshal fails.
func appendTermsJSON(dst []byte, a *Agreement) (_ []byte, ok bool) {
	ok = true
	s := &a.Spec
	dst = append(dst, `{"owner":`...)
	dst = appendJSONString(dst, s.Owner)
	dst = append(dst, `,"parties":[`...)
	for i, p := range s.Parties {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"team":`...)
		dst = appendJSONString(dst, p.Team)
		if p.Owner != "" {
			dst = append(dst, `,"owner":`...)
			dst = appendJSONString(dst, p.Owner)
		}
		if len(p.Interests) > 0 {
			dst = append(dst, `,"interests":`...)
			dst = appendJSONStrings(dst, p.Interests)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `],"goals":`...)
	dst = appendJSONStrings(dst, s.Goals)
	dst = append(dst, `,"purpose":`...)
	dst = appendJSONString(dst, s.Purpose)
	dst = append(dst, `,"parameters":[`...)
	for i, p := range s.Parameters {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if p.Name != "" {
			dst = append(dst, `"name":`...)
			dst = appendJSONString(dst, p.Name)
			dst = append(dst, ',')
		}
		dst = append(dst, `"kind":`...)
		dst = appendJSONString(dst, p.Kind)
		dst = append(dst, `,"text":`...)
		dst = appendJSONString(dst, p.Text)
		if p.Hard {
			dst = append(dst, `,"hard":true`...)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	first := true
	for _, o := range s.Options {
		if !o.Chosen {
			continue
		}
		if first {
			dst = append(dst, `,"chosen":[`...)
			first = false
		} else {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, o.Title)
	}
	if !first {
		dst = append(dst, ']')
	}
	dst = append(dst, `,"commitments":[`...)
	for i, c := range s.Commitments {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"id":`...)
		dst = appendJSONString(dst, c.ID)
		dst = append(dst, `,"party":`...)
		dst = appendJSONString(dst, c.Party)
		dst = append(dst, `,"owner":`...)
		dst = appendJSONString(dst, c.Owner)
		dst = append(dst, `,"deliverable":`...)
		dst = appendJSONString(dst, c.Deliverable)
		dst = append(dst, `,"due":`...)
		dst = appendJSONString(dst, string(c.Due))
		dst = append(dst, `,"dependsOn":`...)
		dst = appendJSONStrings(dst, c.DependsOn)
		if c.Status == CommitmentDropped {
			dst = append(dst, `,"dropped":true`...)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `],"metrics":[`...)
	for i, m := range s.Metrics {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst = appendJSONString(dst, m.Name)
		dst = append(dst, `,"target":`...)
		dst = appendJSONString(dst, m.Target)
		if m.Source != "" {
			dst = append(dst, `,"source":`...)
			dst = appendJSONString(dst, m.Source)
		}
		if m.Unit != "" {
			dst = append(dst, `,"unit":`...)
			dst = appendJSONString(dst, m.Unit)
		}
		if m.Baseline != nil {
			dst = append(dst, `,"baseline":`...)
			var fine bool
			dst, fine = appendJSONFloat(dst, *m.Baseline)
			ok = ok && fine
		}
		if m.TargetValue != nil {
			dst = append(dst, `,"targetValue":`...)
			var fine bool
			dst, fine = appendJSONFloat(dst, *m.TargetValue)
			ok = ok && fine
		}
		if m.Direction != "" {
			dst = append(dst, `,"direction":`...)
			dst = appendJSONString(dst, m.Direction)
		}
		dst = append(dst, '}')
	}
	dst = append(dst, `],"serviceLevels":[`...)
	for i, l := range s.ServiceLevels {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"name":`...)
		dst = appendJSONString(dst, l.Name)
		dst = append(dst, `,"provider":`...)
		dst = appendJSONString(dst, l.Provider)
		dst = append(dst, `,"target":`...)
		dst = appendJSONString(dst, string(l.Target))
		dst = append(dst, '}')
	}
	dst = append(dst, `],"cadenceEvery":`...)
	var every Duration
	if s.Cadence != nil {
		every = s.Cadence.Every
	}
	dst = appendJSONString(dst, string(every))
	dst = append(dst, `,"reviewEvery":`...)
	every = ""
	if s.Review != nil {
		every = s.Review.Every
	}
	dst = appendJSONString(dst, string(every))
	dst = append(dst, `,"escalation":`...)
	dst = appendJSONStrings(dst, s.Escalation)
	return append(dst, '}'), ok
}

// appendJSONStrings writes a list of strings; nil is [] as Terms makes it.
func appendJSONStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, s)
	}
	return append(dst, ']')
}

const jsonHex = "0123456789abcdef"

// jsonSafe marks the ASCII bytes encoding/json writes as they are.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for b := range t {
		t[b] = b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendJSONString quotes s as encoding/json does by default: HTML-safe
// (<, > and & as \u003c, \u003e, \u0026), \b \f \n \r \t short forms, other
// control bytes as \u00XX, U+2028 and U+2029 escaped, and each byte of
// invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if jsonSafe[b] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', jsonHex[b>>4], jsonHex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', jsonHex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendJSONFloat writes f as encoding/json writes a float64: the shortest
// form that reads back exactly, in 'f' notation unless |f| < 1e-6 or
// |f| >= 1e21, and with exponents like e-07 shortened to e-7.
func appendJSONFloat(dst []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		// No JSON form: written as the string "NaN", "+Inf" or "-Inf", so
		// that the digest still names the terms (see TermsDigest).
		dst = append(dst, '"')
		dst = strconv.AppendFloat(dst, f, 'g', -1, 64)
		return append(dst, '"'), false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		if n := len(dst); n >= 4 && dst[n-4] == 'e' && dst[n-3] == '-' && dst[n-2] == '0' {
			dst[n-2] = dst[n-1]
			dst = dst[:n-1]
		}
	}
	return dst, true
}
