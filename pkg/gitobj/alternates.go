package gitobj

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxAltDepth is how deep git follows alternates named by alternates
// (object-file.c, link_alt_odb_entries): the repository's own file is read
// at depth 0, and a file at a depth above 5 is ignored.
const maxAltDepth = 5

// alternates lists the alternate object folders of objectsDir as git finds
// them (gitrepository-layout(5), objects/info/alternates): one path a line,
// absolute or relative to the objects folder whose file names it, C-quoted
// when it starts with a double quote; blank lines and lines starting with
// "#" are skipped. An alternate's own alternates follow it, as git adds
// them. A folder that does not exist is skipped (git says so
// and goes on), as is one already listed or the repository's own. The
// folders in extra (absolute: GIT_ALTERNATE_OBJECT_DIRECTORIES, see
// EnvAlternates) come first, each with its own alternates, as in git.
func alternates(objectsDir string, extra []string) ([]string, error) {
	self, err := filepath.Abs(objectsDir)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{canonical(self): true}
	var out []string
	var walk func(dir string, depth int) error
	// link adds the alternate p, named at depth, and its own alternates.
	link := func(p string, depth int) error {
		p = filepath.Clean(p)
		if fi, err := os.Stat(p); err != nil || !fi.IsDir() {
			return nil
		}
		if c := canonical(p); seen[c] {
			return nil
		} else {
			seen[c] = true
		}
		out = append(out, p)
		return walk(p, depth+1)
	}
	walk = func(dir string, depth int) error {
		b, err := os.ReadFile(filepath.Join(dir, "info", "alternates"))
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if depth > maxAltDepth {
			// git: "ignoring alternate object stores, nesting too deep"
			return nil
		}
		base := canonical(dir)
		for _, line := range strings.Split(string(b), "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			p := line
			if p[0] == '"' {
				if p, err = UnquoteC(p); err != nil {
					return fmt.Errorf("%s: bad quoted path %s: %w", filepath.Join(dir, "info", "alternates"), line, err)
				}
			}
			if !filepath.IsAbs(p) {
				p = filepath.Join(base, p)
			}
			if err := link(p, depth); err != nil {
				return err
			}
		}
		return nil
	}
	for _, p := range extra {
		if err := link(p, 0); err != nil {
			return nil, err
		}
	}
	if err := walk(self, 0); err != nil {
		return nil, err
	}
	return out, nil
}

// EnvAlternates reads GIT_ALTERNATE_OBJECT_DIRECTORIES as git does
// (parse_alternates): entries split by the path list separator, one that
// starts with a double quote C-quoted up to its closing quote (broken
// quoting is read as written), one that starts with "#" skipped, a
// relative one taken from the current folder.
func EnvAlternates() []string {
	s := os.Getenv("GIT_ALTERNATE_OBJECT_DIRECTORIES")
	var out []string
	for s != "" {
		var entry string
		end := strings.IndexRune(s, os.PathListSeparator)
		if end < 0 {
			end = len(s)
		}
		switch {
		case s[0] == '#':
		case s[0] == '"':
			if q, n, err := unquoteCPrefix(s); err == nil {
				entry, end = q, n
				break
			}
			fallthrough
		default:
			entry = s[:end]
		}
		if end < len(s) {
			end++ // the separator
		}
		s = s[end:]
		if entry == "" {
			continue
		}
		if p, err := filepath.Abs(entry); err == nil {
			out = append(out, p)
		}
	}
	return out
}

// canonical is dir with symbolic links resolved, as git compares object
// folders by their real path.
func canonical(dir string) string {
	if p, err := filepath.EvalSymlinks(dir); err == nil {
		return p
	}
	return filepath.Clean(dir)
}

// UnquoteC reads a C-style quoted string as git writes paths (quote.c,
// unquote_c_style), up to its closing quote: backslash escapes \a \b \f
// \n \r \t \v \\ \" and three octal digits. Alternates files and
// attributes files quote paths so.
func UnquoteC(s string) (string, error) {
	q, _, err := unquoteCPrefix(s)
	return q, err
}

// unquoteCPrefix is UnquoteC, with the length of the quoted string read.
func unquoteCPrefix(s string) (string, int, error) {
	if len(s) < 2 || s[0] != '"' {
		return "", 0, errors.New("not quoted")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return b.String(), i + 1, nil
		case '\\':
			i++
			if i >= len(s) {
				return "", 0, errors.New("unterminated escape")
			}
			switch e := s[i]; e {
			case 'a':
				b.WriteByte('\a')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'v':
				b.WriteByte('\v')
			case '\\', '"':
				b.WriteByte(e)
			case '0', '1', '2', '3':
				if i+3 > len(s) {
					return "", 0, errors.New("short octal escape")
				}
				v, err := strconv.ParseUint(s[i:i+3], 8, 8)
				if err != nil {
					return "", 0, errors.New("bad octal escape")
				}
				b.WriteByte(byte(v))
				i += 2
			default:
				return "", 0, fmt.Errorf("unknown escape \\%c", e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("no closing quote")
}
