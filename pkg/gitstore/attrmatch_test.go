package gitstore

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// attrSeed seeds TestAttrPatternsAgainstGit.
var attrSeed uint64 = 3

// checkAttrGit runs git check-attr in dir on paths, for the given
// attributes (nil: all, -a), and returns each path's attributes as
// checkAttrs gives them: attrSet, attrUnset or the value. Unspecified
// attributes are left out, as git check-attr -a does.
func checkAttrGit(t *testing.T, dir string, paths, attrs []string) map[string]map[string]string {
	t.Helper()
	args := []string{"check-attr", "-z", "--stdin"}
	if attrs == nil {
		args = append(args, "-a")
	} else {
		args = append(args, attrs...)
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Stdin = strings.NewReader(strings.Join(paths, "\x00") + "\x00")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("git check-attr: %v\n%s", err, stderr.String())
	}
	f := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(f)%3 != 0 {
		t.Fatalf("git check-attr -z: %d fields", len(f))
	}
	got := map[string]map[string]string{}
	for _, p := range paths {
		got[p] = map[string]string{}
	}
	for i := 0; i+2 < len(f); i += 3 {
		v := f[i+2]
		switch v {
		case "unspecified":
			continue
		case "set":
			v = attrSet
		case "unset":
			v = attrUnset
		}
		got[f[i]][f[i+1]] = v
	}
	return got
}

// ourAttrs is checkAttrs through a transaction on the repository in dir,
// limited to attrs (nil: all) and without unspecified ones.
func ourAttrs(t *testing.T, dir string, paths, attrs []string) map[string]map[string]string {
	t.Helper()
	r := open(t, dir)
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	got := map[string]map[string]string{}
	for _, p := range paths {
		if _, err := tx.eol(p); err != nil {
			t.Fatal(err)
		}
		got[p] = map[string]string{}
		for k, v := range checkAttrs(p, tx.attrFiles(p)) {
			if v != attrUnspecified && (attrs == nil || slices.Contains(attrs, k)) {
				got[p][k] = v
			}
		}
	}
	return got
}

// TestAttrPatternsAgainstGit gives each of a few hundred random patterns
// (wildcards, "**", bracket expressions and classes, escapes, leading and
// inner slashes) its own attribute, in the root .gitattributes and in a
// folder's, and compares which patterns match a few hundred random paths
// with git check-attr.
func TestAttrPatternsAgainstGit(t *testing.T) {
	hermetic(t)
	t.Setenv("GIT_ATTR_NOSYSTEM", "1")
	dir := newRepo(t, nil)
	rng := rand.New(rand.NewPCG(attrSeed, 4))
	tokens := []string{"a", "b", "ab", ".", "-", "*", "*", "**", "?", "/", "/", "[ab]", "[!a]", "[^b]", "[a-b]", "[]a]", "[[:alpha:]]",
		"[[:digit:][:punct:]]", "[a-]", "\\*", "\\a", "[", "]", "**/", "/**/", "/**", "[[:x]", "[!]]"}
	pattern := func() string {
		for {
			var b strings.Builder
			for range 1 + rng.IntN(5) {
				b.WriteString(tokens[rng.IntN(len(tokens))])
			}
			p := b.String()
			if p[0] != '!' && p[0] != '#' && p[0] != '"' && !strings.HasPrefix(p, "[attr]") {
				return p
			}
		}
	}
	chars := "ab.-*?[]1"
	var paths []string
	for len(paths) < 400 {
		var parts []string
		if rng.IntN(2) == 0 {
			parts = append(parts, "d")
		}
		for range 1 + rng.IntN(3) {
			var c []byte
			for range 1 + rng.IntN(3) {
				c = append(c, chars[rng.IntN(len(chars))])
			}
			if s := string(c); s != "." && s != ".." {
				parts = append(parts, s)
			}
		}
		if p := strings.Join(parts, "/"); p != "" && p != "d" && !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	var root, sub strings.Builder
	for i := range 400 {
		w := &root
		if i%3 == 0 {
			w = &sub
		}
		fmt.Fprintf(w, "%s p%d\n", pattern(), i)
	}
	write(t, dir, ".gitattributes", root.String())
	write(t, dir, "d/.gitattributes", sub.String())
	want := checkAttrGit(t, dir, paths, nil)
	got := ourAttrs(t, dir, paths, nil)
	matched := 0
	for _, p := range paths {
		matched += len(want[p])
		if d := cmp.Diff(want[p], got[p]); d != "" {
			t.Errorf("attributes of %q (-git +collab):\n%s", p, d)
		}
	}
	if matched < len(paths) {
		t.Errorf("only %d matches over %d paths: the patterns do not probe matching", matched, len(paths))
	}
}

// TestAttributesAgainstGit compares the attributes of paths with git
// check-attr in trees that use every rule of gitattributes(5): precedence
// of info/attributes over the folders' files (deepest first) over the
// global file over the built-in macro, the last matching line winning,
// set, -unset, !unspecified and values, the binary macro and [attr]
// macros (ignored outside the top-level files), negative patterns, lines
// with an invalid attribute name, quoted patterns, CRLF line ends, a byte
// order mark, folder-only patterns and a symbolic link to an attributes
// file, which git does not follow.
func TestAttributesAgainstGit(t *testing.T) {
	home := hermetic(t)
	t.Setenv("GIT_ATTR_NOSYSTEM", "1")
	attrs := []string{"text", "eol", "diff", "merge", "crlf", "mine", "other", "x"}
	paths := []string{
		"a.txt", "b.bin", "c.dat", "d.md", "e.crlf", "f.yaml", "g", "Makefile", "sp ace.txt", "q.txt",
		"docs/a.txt", "docs/b.bin", "docs/c.dat", "docs/d.md", "docs/sub/a.txt", "docs/sub/e.crlf", "docs/sub/deep/f.yaml",
		"docs/sub/deep/x.y", "other/a.txt", "other/g", "link/a.txt", "bom/a.txt", "crlf/a.txt", "build/a.txt",
	}
	cases := map[string]map[string]string{
		"precedence": {
			".gitattributes":              "*.txt text\n*.bin binary\n*.dat -text\n*.md text eol=crlf\n*.crlf eol=crlf\n*.yaml text=auto\n",
			"docs/.gitattributes":         "*.txt -text\n*.md !text\n*.dat text\n",
			"docs/sub/.gitattributes":     "a.txt text eol=lf\n*.crlf -text\n/deep/f.yaml !eol\n",
			".git/info/attributes":        "docs/sub/a.txt eol=crlf\nother/* -diff\n",
			"home:.config/git/attributes": "*.txt x=global\n*.dat x=global\ng text\n",
		},
		"macros": {
			".gitattributes":              "[attr]mine text eol=crlf -diff\n[attr]other mine -merge\n*.txt mine\n*.bin binary text\n*.dat text binary\n*.md other\ng -mine\nMakefile !mine\n",
			"docs/.gitattributes":         "[attr]mine -text\n*.md mine\n*.yaml binary\n",
			"home:.config/git/attributes": "[attr]binary -text diff\n",
		},
		"macro redefined in info": {
			".gitattributes":       "[attr]mine text\n*.txt mine\n*.md binary\n",
			".git/info/attributes": "[attr]mine -text eol=lf\n[attr]binary -diff\n",
		},
		"last line wins": {
			".gitattributes":      "*.txt text\na.txt -text\n*.txt eol=lf\n* x=1\n*.txt x=2\ndocs/* x=3\ndocs/*/*.txt x=4\n**/deep/** x=5\n",
			"docs/.gitattributes": "sub/*.txt eol=crlf\n* !eol\n/a.txt eol=lf\n",
		},
		"syntax": {
			".gitattributes": "# comment\n  \t# indented comment\n\n!*.txt -text\n\\!q.txt text\n\"sp ace.txt\" text eol=crlf\n" +
				"sp\\ ace.txt -text\n*.bin text -bad@name\n*.dat -text=value !eol=lf crlf\n*.md text=a=b eol\n" +
				"build/ -text\nbuild text\n[attr] text\n\"d\\056md\" diff=md\n",
			"crlf/.gitattributes":  "a.txt text\r\n*.txt eol=crlf\r\n",
			"bom/.gitattributes":   "\ufeffa.txt eol=crlf\n",
			"other/.gitattributes": "[attr]mine text\ng mine\n",
			"target/attrs":         "a.txt eol=crlf\n",
			"link/.gitattributes":  "->../target/attrs",
		},
		"core.attributesFile": {
			"config:core.attributesFile":  "~/attrs",
			"home:attrs":                  "*.txt eol=crlf\n[attr]mine diff=x\n*.bin mine\n",
			"home:.config/git/attributes": "*.txt x=ignored\n",
		},
	}
	for name, files := range cases {
		t.Run(name, func(t *testing.T) {
			dir := newRepo(t, nil)
			os.RemoveAll(filepath.Join(home, ".config"))
			for f, content := range files {
				switch {
				case strings.HasPrefix(f, "home:"):
					write(t, home, strings.TrimPrefix(f, "home:"), content)
				case strings.HasPrefix(f, "config:"):
					run(t, dir, "config", strings.TrimPrefix(f, "config:"), content)
				case strings.HasPrefix(content, "->"):
					if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.Symlink(strings.TrimPrefix(content, "->"), filepath.Join(dir, f)); err != nil {
						t.Fatal(err)
					}
				default:
					write(t, dir, f, content)
				}
			}
			want := checkAttrGit(t, dir, paths, attrs)
			got := ourAttrs(t, dir, paths, attrs)
			n := 0
			for _, p := range paths {
				n += len(want[p])
				if d := cmp.Diff(want[p], got[p]); d != "" {
					t.Errorf("attributes of %q (-git +collab):\n%s", p, d)
				}
			}
			if n < len(paths)/2 {
				t.Errorf("git gives only %d attributes to %d paths: the case tests little", n, len(paths))
			}
		})
	}
}

// TestWildmatch covers git's own wildmatch cases (t/t3070-wildmatch.sh)
// that the attribute tests do not reach: "**" rules and classes.
func TestWildmatch(t *testing.T) {
	tests := []struct {
		pat, text string
		pathname  bool
		want      bool
	}{
		{"foo", "foo", true, true},
		{"foo", "bar", true, false},
		{"", "", true, true},
		{"???", "foo", true, true},
		{"??", "foo", true, false},
		{"*", "foo", true, true},
		{"f*", "foo", true, true},
		{"*f", "foo", true, false},
		{"*foo*", "foo", true, true},
		{"*ob*a*r*", "foobar", true, true},
		{"*ab", "aaaaaaabababab", true, true},
		{"foo\\*", "foo*", true, true},
		{"foo\\*bar", "foobar", true, false},
		{"f\\\\oo", "f\\oo", true, true},
		{"*[al]?", "ball", true, true},
		{"[ten]", "ten", true, false},
		{"**[!te]", "ten", true, true},
		{"**[!ten]", "ten", true, false},
		{"t[a-g]n", "ten", true, true},
		{"t[!a-g]n", "ten", true, false},
		{"t[!a-g]n", "ton", true, true},
		{"t[^a-g]n", "ton", true, true},
		{"a[]]b", "a]b", true, true},
		{"a[]-]b", "a-b", true, true},
		{"a[]-]b", "a]b", true, true},
		{"a[]-]b", "aab", true, false},
		{"a[]a-]b", "aab", true, true},
		{"]", "]", true, true},
		{"foo*bar", "foo/baz/bar", true, false},
		{"foo*bar", "foo/baz/bar", false, true},
		{"foo**bar", "foo/baz/bar", true, false},
		{"foo**bar", "foobazbar", true, true},
		{"foo/**/bar", "foo/baz/bar", true, true},
		{"foo/**/**/bar", "foo/baz/bar", true, true},
		{"foo/**/bar", "foo/b/a/z/bar", true, true},
		{"foo/**/**/bar", "foo/b/a/z/bar", true, true},
		{"foo/**/bar", "foo/bar", true, true},
		{"foo/**/**/bar", "foo/bar", true, true},
		{"foo?bar", "foo/bar", true, false},
		{"foo[/]bar", "foo/bar", true, false},
		{"foo[^a-z]bar", "foo/bar", true, false},
		{"f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo/bar", true, false},
		{"f[^eiu][^eiu][^eiu][^eiu][^eiu]r", "foo-bar", true, true},
		{"**/foo", "foo", true, true},
		{"**/foo", "XXX/foo", true, true},
		{"**/foo", "bar/baz/foo", true, true},
		{"*/foo", "bar/baz/foo", true, false},
		{"**/bar*", "foo/bar/baz", true, false},
		{"**/bar/*", "deep/foo/bar/baz", true, true},
		{"**/bar/*", "deep/foo/bar/baz/", true, false},
		{"**/bar/**", "deep/foo/bar/baz/", true, true},
		{"**/bar/*", "deep/foo/bar", true, false},
		{"**/bar/**", "deep/foo/bar/", true, true},
		{"**/bar**", "foo/bar/baz", true, false},
		{"*/bar/**", "deep/foo/bar/baz/x", true, false},
		{"**/bar/*/*", "deep/foo/bar/baz/x", true, true},
		{"**/**/bar", "x/bar", true, true},
		{"a/**/b", "a/b", true, true},
		{"[[:alpha:]][[:digit:]][[:upper:]]", "a1B", true, true},
		{"[[:digit:][:upper:][:space:]]", "a", true, false},
		{"[[:digit:][:upper:][:space:]]", "A", true, true},
		{"[[:digit:][:upper:][:space:]]", "1", true, true},
		{"[[:digit:][:upper:][:spaci:]]", "1", true, false},
		{"[[:space:]]", " ", true, true},
		{"[[:xdigit:]]", "5", true, true},
		{"[[:xdigit:]]", "f", true, true},
		{"[[:xdigit:]]", "D", true, true},
		{"[[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:graph:][:lower:][:print:][:punct:][:space:][:upper:][:xdigit:]]", "_", true, true},
		{"[^[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:lower:][:space:][:upper:][:xdigit:]]", ".", true, true},
		{"[a-c[:digit:]x-z]", "5", true, true},
		{"[a-c[:digit:]x-z]", "b", true, true},
		{"[a-c[:digit:]x-z]", "y", true, true},
		{"[a-c[:digit:]x-z]", "q", true, false},
		{"[\\\\-^]", "]", true, true},
		{"[\\\\-^]", "[", true, false},
		{"[\\-_]", "-", true, true},
		{"[\\]]", "]", true, true},
		{"[\\]]", "\\]", true, false},
		{"[\\]]", "\\", true, false},
		{"a[]b", "ab", true, false},
		{"a[]b", "a[]b", true, false},
		{"ab[", "ab[", true, false},
		{"[!", "ab", true, false},
		{"[-", "ab", true, false},
		{"[-]", "-", true, true},
		{"[a-", "-", true, false},
		{"[!a-", "-", true, false},
		{"[--A]", "-", true, true},
		{"[--A]", "5", true, true},
		{"[ --]", " ", true, true},
		{"[ --]", "$", true, true},
		{"[ --]", "-", true, true},
		{"[ --]", "0", true, false},
		{"[---]", "-", true, true},
		{"[------]", "-", true, true},
		{"[a-e-n]", "j", true, false},
		{"[a-e-n]", "-", true, true},
		{"[!------]", "a", true, true},
		{"[]-a]", "[", true, false},
		{"[]-a]", "^", true, true},
		{"[!]-a]", "^", true, false},
		{"[!]-a]", "[", true, true},
		{"[a^bc]", "^", true, true},
		{"[a-]b]", "-b]", true, true},
		{"[\\]", "\\", true, false},
		{"[\\\\]", "\\", true, true},
		{"[!\\\\]", "\\", true, false},
		{"[A-\\\\]", "G", true, true},
		{"b*a", "aaabbb", true, false},
		{"*ba*", "aabcaa", true, false},
		{"[,]", ",", true, true},
		{"[\\\\,]", ",", true, true},
		{"[\\\\,]", "\\", true, true},
		{"[[-\\]]", "]", true, true},
		{"[,-.]", "-", true, true},
		{"[,-.]", "+", true, false},
		{"[,-.]", "-.]", true, false},
		{"[\\1-\\3]", "2", true, true},
		{"[\\1-\\3]", "3", true, true},
		{"[\\1-\\3]", "4", true, false},
		{"[[-\\]]", "\\", true, true},
		{"[[-\\]]", "[", true, true},
		{"[[-\\]]", "]", true, true},
		{"[[-\\]]", "-", true, false},
		{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", true, true},
		{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-X-70-iso8859-1", true, false},
		{"-*-*-*-*-*-*-12-*-*-*-m-*-*-*", "-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1", true, false},
		{"XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", "XXX/adobe/courier/bold/o/normal//12/120/75/75/m/70/iso8859/1", true, true},
		{"XXX/*/*/*/*/*/*/12/*/*/*/m/*/*/*", "XXX/adobe/courier/bold/o/normal//12/120/75/75/X/70/iso8859/1", true, false},
		{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", true, true},
		{"**/*a*b*g*n*t", "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txtz", true, false},
		{"*/*/*", "foo", true, false},
		{"*/*/*", "foo/bar", true, false},
		{"*/*/*", "foo/bba/arr", true, true},
		{"*/*/*", "foo/bb/aa/rr", true, false},
		{"**/**/**", "foo/bb/aa/rr", true, true},
		{"*X*i", "abcXdefXghi", true, true},
		{"*X*i", "ab/cXd/efXg/hi", true, false},
		{"*/*X*/*/*i", "ab/cXd/efXg/hi", true, true},
		{"**/*X*/**/*i", "ab/cXd/efXg/hi", true, true},
	}
	for _, tc := range tests {
		if got := wildmatch(tc.pat, tc.text, tc.pathname); got != tc.want {
			t.Errorf("wildmatch(%q, %q, pathname=%v) = %v; want %v", tc.pat, tc.text, tc.pathname, got, tc.want)
		}
	}
}
