package gitstore

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/format/gitattributes"
)

// eolRule is git's end-of-line conversion for one path: whether a blob is
// stored with LF endings (normalize) and whether the work tree has CRLF.
type eolRule struct {
	normalize, crlf bool
}

// clean turns work tree content into the blob git would store.
func (e eolRule) clean(data []byte) []byte {
	if !e.normalize || !bytes.Contains(data, []byte("\r\n")) || bytes.IndexByte(data, 0) >= 0 {
		return data
	}
	return bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
}

// smudge turns a blob into the work tree content git would check out.
func (e eolRule) smudge(blob []byte) []byte {
	if !e.normalize || !e.crlf || bytes.IndexByte(blob, 0) >= 0 {
		return blob
	}
	return bytes.ReplaceAll(blob, []byte("\n"), []byte("\r\n"))
}

// eol finds the rule for p from the text and eol attributes (the
// .gitattributes files of the root and of p's folders, then
// $GIT_DIR/info/attributes) and core.autocrlf / core.eol, as git does.
func (tx *Tx) eol(p string) (eolRule, error) {
	if tx.attrs == nil {
		tx.attrs = map[string][]gitattributes.MatchAttribute{}
		var autocrlf, eol string
		if gitBinary() != "" {
			m, err := tx.r.writeConfig()
			if err != nil {
				return eolRule{}, err
			}
			autocrlf, eol = m["core.autocrlf"], m["core.eol"]
			if autocrlf == "\x00" {
				autocrlf = "true"
			}
		} else {
			var err error
			if autocrlf, err = tx.r.configString("core.autocrlf"); err != nil {
				return eolRule{}, err
			}
			if eol, err = tx.r.configString("core.eol"); err != nil {
				return eolRule{}, err
			}
		}
		tx.autocrlf = strings.ToLower(autocrlf)
		tx.coreEOL = strings.ToLower(eol)
	}
	var stack []gitattributes.MatchAttribute
	dir := ""
	for _, part := range append([]string{""}, strings.Split(path.Dir(p), "/")...) {
		if part == "." {
			continue
		}
		dir = path.Join(dir, part)
		stack = append(stack, tx.attrFile(dir, filepath.Join(tx.r.root, filepath.FromSlash(dir), ".gitattributes"))...)
	}
	stack = append(stack, tx.attrFile("\x00info", filepath.Join(tx.r.commonDir, "info", "attributes"))...)
	attrs, _ := gitattributes.NewMatcher(stack).Match(strings.Split(p, "/"), []string{"text", "eol"})
	text, eolAttr := attrs["text"], attrs["eol"]

	var e eolRule
	switch {
	case text != nil && text.IsUnset():
		return eolRule{}, nil
	case text != nil && (text.IsSet() || text.IsValueSet()): // text, text=auto
		e.normalize = true
	case eolAttr != nil && eolAttr.IsValueSet(): // eol=... implies text
		e.normalize = true
	case tx.autocrlf == "true" || tx.autocrlf == "input":
		e.normalize = true
	}
	switch {
	case eolAttr != nil && eolAttr.IsValueSet():
		e.crlf = eolAttr.Value() == "crlf"
	case tx.autocrlf == "true":
		e.crlf = true
	case tx.autocrlf == "input":
		e.crlf = false
	default:
		e.crlf = tx.coreEOL == "crlf"
	}
	return e, nil
}

// attrFile reads one attributes file once per transaction; key names it.
func (tx *Tx) attrFile(key, file string) []gitattributes.MatchAttribute {
	if m, ok := tx.attrs[key]; ok {
		return m
	}
	var m []gitattributes.MatchAttribute
	if f, err := os.Open(file); err == nil {
		var domain []string
		if !strings.HasPrefix(key, "\x00") && key != "" {
			domain = strings.Split(key, "/")
		}
		m, _ = gitattributes.ReadAttributes(f, domain, key == "" || strings.HasPrefix(key, "\x00"))
		f.Close()
	}
	tx.attrs[key] = m
	return m
}
