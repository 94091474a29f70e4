package gitstore

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
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

// eol finds the rule for p from the text and eol attributes (see
// attrmatch.go for where git reads them) and core.autocrlf / core.eol, as
// git does.
func (tx *Tx) eol(p string) (eolRule, error) {
	if tx.attrs == nil {
		tx.attrs = map[string]attrFile{}
		var autocrlf, eol, global string
		var globalSet bool
		if gitBinary() != "" {
			m, err := tx.r.writeConfig()
			if err != nil {
				return eolRule{}, err
			}
			autocrlf, eol = m["core.autocrlf"], m["core.eol"]
			if autocrlf == "\x00" {
				autocrlf = "true"
			}
			global, globalSet = m["core.attributesfile"]
		} else {
			var err error
			if autocrlf, err = tx.r.configString("core.autocrlf"); err != nil {
				return eolRule{}, err
			}
			if eol, err = tx.r.configString("core.eol"); err != nil {
				return eolRule{}, err
			}
			if global, err = tx.r.configString("core.attributesFile"); err != nil {
				return eolRule{}, err
			}
			globalSet = global != ""
		}
		tx.autocrlf = strings.ToLower(autocrlf)
		tx.coreEOL = strings.ToLower(eol)
		var err error
		if tx.globalAttrs, err = tx.r.globalAttrFiles(global, globalSet); err != nil {
			return eolRule{}, err
		}
	}
	attrs := checkAttrs(p, tx.attrFiles(p))
	text, hasText := attrs["text"]
	eolAttr, hasEOL := attrs["eol"]
	eolValue := hasEOL && !strings.HasPrefix(eolAttr, "\x00")

	var e eolRule
	switch {
	case hasText && text == attrUnset: // -text, binary
		return eolRule{}, nil
	case hasText && text != attrUnspecified: // text, text=auto
		e.normalize = true
	case eolValue: // eol=... implies text
		e.normalize = true
	case tx.autocrlf == "true" || tx.autocrlf == "input":
		e.normalize = true
	}
	switch {
	case eolValue:
		e.crlf = eolAttr == "crlf"
	case tx.autocrlf == "true":
		e.crlf = true
	case tx.autocrlf == "input":
		e.crlf = false
	default:
		e.crlf = tx.coreEOL == "crlf"
	}
	return e, nil
}

// attrFiles lists the attributes files that apply to p, from the highest
// precedence to the lowest: info/attributes, the .gitattributes of p's
// folder and of each folder above it, the global and system files and
// git's built-in macro. Each is read once per transaction.
func (tx *Tx) attrFiles(p string) []attrFile {
	files := []attrFile{tx.attrFile("\x00info", "", filepath.Join(tx.r.commonDir, "info", "attributes"), true)}
	for dir := path.Dir(p); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		files = append(files, tx.attrFile(dir, dir, filepath.Join(tx.r.root, filepath.FromSlash(dir), ".gitattributes"), dir == ""))
		if dir == "" {
			break
		}
	}
	files = append(files, tx.globalAttrs...)
	return append(files, builtinAttrs)
}

// attrFile reads one attributes file once per transaction; key names it.
// A .gitattributes in the work tree that is a symbolic link is not read,
// as git does not read it.
func (tx *Tx) attrFile(key, dir, file string, macroOK bool) attrFile {
	if f, ok := tx.attrs[key]; ok {
		return f
	}
	f := attrFile{dir: dir}
	if b, err := readAttrFile(file, !strings.HasPrefix(key, "\x00")); err == nil {
		f = parseAttrs(b, dir, macroOK)
	}
	tx.attrs[key] = f
	return f
}

// readAttrFile reads an attributes file, refusing a symbolic link when
// noFollow is set.
func readAttrFile(file string, noFollow bool) ([]byte, error) {
	if noFollow {
		fi, err := os.Lstat(file)
		if err != nil {
			return nil, err
		}
		if fi.Mode()&os.ModeSymlink != 0 {
			return nil, fmt.Errorf("%s is a symbolic link", file)
		}
	}
	return os.ReadFile(file)
}

// globalAttrFiles reads the attributes files outside the repository:
// core.attributesFile (set: its value; else $XDG_CONFIG_HOME/git/attributes
// or ~/.config/git/attributes), then the system file (/etc/gitattributes
// for the git builds whose system config is /etc/gitconfig; skipped when
// GIT_ATTR_NOSYSTEM is true, and when the git build's is not known).
func (r *Repo) globalAttrFiles(global string, set bool) ([]attrFile, error) {
	if set && global == "\x00" {
		return nil, errors.New("core.attributesFile is set without a value: give it a path or remove it")
	}
	home, _ := os.UserHomeDir()
	switch {
	case set && global != "":
		if rest, ok := strings.CutPrefix(global, "~/"); ok && home != "" {
			global = filepath.Join(home, rest)
		} else if !filepath.IsAbs(global) {
			global = filepath.Join(r.root, global)
		}
	case set:
	case os.Getenv("XDG_CONFIG_HOME") != "":
		global = filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "git", "attributes")
	case home != "":
		global = filepath.Join(home, ".config", "git", "attributes")
	}
	var files []attrFile
	for _, p := range []string{global, systemAttrFile()} {
		if p == "" {
			continue
		}
		if b, err := os.ReadFile(p); err == nil {
			files = append(files, parseAttrs(b, "", true))
		}
	}
	return files, nil
}

// systemAttrFile is the system attributes file of the git in use, beside
// its system config file; "" when git would not read one.
func systemAttrFile() string {
	if v, ok := os.LookupEnv("GIT_ATTR_NOSYSTEM"); ok {
		if b, err := strconv.ParseBool(v); err != nil || b {
			return ""
		}
	}
	if gitBinary() == "" {
		return "/etc/gitattributes"
	}
	if c := systemConfigFile(); c != "" {
		return filepath.Join(filepath.Dir(c), "gitattributes")
	}
	return ""
}
