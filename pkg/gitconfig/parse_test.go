package gitconfig

import (
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// gitList is `git config -z --list` on one file: git's own parse of it,
// as "key=value" lines ("key" alone for a key without "="); ok is false
// when git rejects the file.
func gitList(t *testing.T, text string) ([]string, bool) {
	t.Helper()
	f := filepath.Join(t.TempDir(), "config")
	if err := os.WriteFile(f, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "config", "-f", f, "-z", "--list").Output()
	if err != nil {
		return nil, false
	}
	return splitList(string(out)), true
}

func splitList(out string) []string {
	var got []string
	for _, rec := range strings.Split(out, "\x00") {
		if rec == "" {
			continue
		}
		k, v, ok := strings.Cut(rec, "\n")
		if ok {
			k += "=" + v
		}
		got = append(got, k)
	}
	return got
}

func list(entries []Entry) []string {
	var out []string
	for _, e := range entries {
		if e.NoValue {
			out = append(out, e.Key)
		} else {
			out = append(out, e.Key+"="+e.Value)
		}
	}
	return out
}

// compare parses text with Parse and with git: the settings must be the
// same, and a file git rejects must be one Parse leaves to git. Parse may
// leave to git a file git reads (allowed says why) but must not answer
// where git fails.
func compare(t *testing.T, text string, allowed func(error) bool) (gitOK bool) {
	t.Helper()
	want, gitOK := gitList(t, text)
	got, err := Parse([]byte(text), "config")
	switch {
	case err != nil && !errors.Is(err, ErrUncertain):
		t.Fatalf("Parse(%q): error %v does not match ErrUncertain", text, err)
	case err != nil && gitOK:
		if allowed == nil || !allowed(err) {
			t.Errorf("Parse(%q) gives up (%v) where git reads %q", text, err, want)
		}
	case err == nil && !gitOK:
		t.Errorf("Parse(%q) = %q where git rejects the file", text, list(got))
	case err == nil:
		if d := cmp.Diff(want, list(got)); d != "" {
			t.Errorf("Parse(%q) (-git +Parse):\n%s", text, d)
		}
	}
	return gitOK
}

// The hand-picked cases: each rule of git's parser, compared with git
// reading the same text.
func TestParseAsGitDoes(t *testing.T) {
	gittest.Hermetic(t)
	for _, text := range []string{
		"",
		"[user]\n\tname = Pat Morgan\n\temail = pat@acme.example\n",
		"[User]\n\tNAME = Pat\n",                           // section and key case
		"[Core]\n\tAutoCRLF = input\n",                     // mixed case
		"[a \"Sub Section\"]\n\tkey = v\n",                 // subsection kept as written
		"[a \"Sub\"]\n\tkey = 1\n[a \"sub\"]\n\tkey = 2\n", // subsections differ by case
		"[a.B]\n\tkey = v\n",                               // old-style subsection, lower-cased
		"[a \"x\\\"y\\\\z\\q\"]\n\tk = v\n",                // escapes in a subsection
		"[a  \t \"s\"]\nk=v\n",                             // blanks before the subsection
		"[user]\n\tname = \"Pat # not a comment\" # a comment\n",
		"[user]\n\tname = Pat ; comment\n",
		"[user]\n\tname = \"  padded  \"\n",
		"[user]\n\tname =   a  \t b   \n",            // inner runs become spaces
		"[user]\n\tname = a\\tb\\nc\\\\d\\\"e\\bf\n", // escapes
		"[user]\n\tname = first \\\n  second\n",      // continuation line
		"[user]\n\tname = \"quoted \\\ncontinued\"\n",
		"[user]\n\tname = a\"b\"c\" d\"\n", // quotes inside a value
		"[user]\n\tname = \"\" x\n",
		"[user]\n\tname =\n", // empty value
		"[user]\n\tname\n",   // no value
		"[user]\n\tname  \t\n",
		"[user] name = inline\n", // a key on the header's line
		"[user]name=tight\n",
		"[user]\r\n\tname = crlf\r\n\temail = e\r\n", // CRLF
		"[user]\n\tname = bare\rcr\n",
		"\xef\xbb\xbf[user]\n\tname = bom\n", // byte order mark
		"# comment\n; comment\n[user] # c\n\tname = x\n",
		"[user]\n\tname = no newline at end",
		"[user]\n\tname = x\\",
		"[user]\n\tname = a#b\n",
		"[user]\n\tname = a;b\n",
		"[section-with-dash]\n\tkey-with-dash = 1\n",
		"[s]\n\tk1 = a\n\tK1 = b\n",
		"[s \"\"]\n\tk = empty subsection\n",
		"[s]\n\tk = caf\xc3\xa9\n",
		"[s]\n\tk = \xff\xfe invalid utf-8\n",
		"[a.b \"c\"]\n\tk = v\n",
		// rejected by git
		"[user\n\tname = x\n",
		"[user \"sub]\n",
		"[user \"sub\" ]\n",
		"[user \"sub\"x]\n",
		"[us er]\n",
		"[]\n\tk = v\n",
		"[user]\n\tname = \"unterminated\n",
		"[user]\n\tname = bad \\q escape\n",
		"[user]\n\t1name = x\n",
		"[user]\n\tna_me = x\n",
		"[user]\n\tname x\n",
		"[user]\n\t-name = x\n",
		"\xef\xbb[user]\n",
		"[us_er]\n\tk = v\n",
		"[user \"a\\\nb\"]\n\tk = v\n",
	} {
		compare(t, text, nil)
	}
	// git reads a setting before any section as a key with no section,
	// which no lookup matches: left to git.
	compare(t, "name = x\n[user]\n\tname = y\n", func(err error) bool {
		return strings.Contains(err.Error(), "before any section")
	})
}

// Random files from the parts git's grammar has, each compared with git.
func TestParseRandomAsGitDoes(t *testing.T) {
	gittest.Hermetic(t)
	n := 300
	if testing.Short() {
		n = 60
	}
	r := rand.New(rand.NewSource(17))
	pick := func(xs ...string) string { return xs[r.Intn(len(xs))] }
	value := func() string {
		var b strings.Builder
		for range r.Intn(6) {
			b.WriteString(pick("a", "B c", " ", "\t", "\"", "\\\"", "\\\\", "\\t", "\\n", "\\b", "#", ";", "\\\n", "x y", "\r", "=", "[", "]", "é", "\\x"))
		}
		return b.String()
	}
	read, rejected := 0, 0
	for i := range n {
		var b strings.Builder
		for range 1 + r.Intn(4) {
			switch r.Intn(8) {
			case 0:
				b.WriteString(pick("[", " [") + pick("core", "User", "a.B", "x-y", "s") +
					pick("]", " \"Sub\"]", " \"s\\\"q\"]", "\t\"a b\"]", " \"\"]", "]x", " \"u") + pick("\n", "\r\n", " # c\n", ""))
			case 1:
				b.WriteString(pick("# ", "; ", "\t#") + value() + "\n")
			default:
				b.WriteString(pick("\t", " ", "") + pick("name", "Email", "autocrlf", "k-1", "gpgSign", "k") +
					pick(" = ", "=", "\t=\t", "", " ") + value() + pick("\n", "\r\n", ""))
			}
		}
		text := "[s]\n" + b.String()
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if compare(t, text, nil) {
				read++
			} else {
				rejected++
			}
		})
	}
	// the generator must exercise both sides
	if read < n/4 || rejected < n/20 {
		t.Errorf("git read %d files and rejected %d: the generator is lopsided", read, rejected)
	}
	t.Logf("git read %d files and rejected %d", read, rejected)
}

// GIT_CONFIG_PARAMETERS as `git -c` writes it, and the older forms,
// compared with what git reads from the same variable.
func TestParametersAsGitDoes(t *testing.T) {
	gittest.Hermetic(t)
	for _, params := range []string{
		`'user.name'='Pat Morgan'`,
		`'user.name'='it'\''s' 'user.email'='a@b'`,
		`'User.Name'='x'`,
		`'a.Sub.Key'='v'`,
		`'commit.gpgsign'=`,
		`'commit.gpgsign'= 'core.autocrlf'='input'`,
		`'user.name=old style'`,
		`'commit.gpgsign'`,
		`'x.y'='bang'\!''`,
		`  'x.y'='leading blanks'  `,
		// rejected
		`'x.y'='v'junk`,
		`'x.y'x`,
		`'unterminated`,
		`'nodot'='v'`,
		`'x.1y'='v'`,
		`''='v'`,
	} {
		cmd := exec.Command("git", "config", "-z", "--list")
		cmd.Dir = t.TempDir() // outside any repository
		cmd.Env = append(os.Environ(), "GIT_CONFIG_PARAMETERS="+params)
		out, gitErr := cmd.Output()
		got, err := ParseParameters(params)
		switch {
		case err != nil && !errors.Is(err, ErrUncertain):
			t.Errorf("%s: error %v does not match ErrUncertain", params, err)
		case (err == nil) != (gitErr == nil):
			t.Errorf("%s: ParseParameters error %v, git error %v", params, err, gitErr)
		case err == nil:
			if d := cmp.Diff(splitList(string(out)), list(got)); d != "" {
				t.Errorf("%s (-git +ParseParameters):\n%s", params, d)
			}
		}
	}
}

func TestCanonicalKey(t *testing.T) {
	for in, want := range map[string]string{
		"user.name":          "user.name",
		"User.Name":          "user.name",
		"a.Sub.Section.K":    "a.Sub.Section.k",
		"branch.Main.rebase": "branch.Main.rebase",
		"nodot":              "",
		"a.":                 "",
		".a":                 "",
		"a.1b":               "",
		"a_b.c":              "",
	} {
		got, err := CanonicalKey(in)
		if (err != nil) != (want == "") || got != want {
			t.Errorf("CanonicalKey(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestBoolAsGitDoes(t *testing.T) {
	gittest.Hermetic(t)
	for _, v := range []string{"", "true", "TRUE", "yes", "On", "1", "0", "-1", "2k", "false", "No", "off", "maybe", "0x10", " 1", "010"} {
		text := "[s]\n\tk = \"" + v + "\"\n"
		f := filepath.Join(t.TempDir(), "config")
		os.WriteFile(f, []byte(text), 0o644)
		out, gitErr := exec.Command("git", "config", "-f", f, "--bool", "--get", "s.k").Output()
		entries, err := Parse([]byte(text), f)
		if err != nil {
			t.Fatal(err)
		}
		got, err := entries[0].Bool()
		switch {
		case err != nil && !errors.Is(err, ErrUncertain):
			t.Errorf("%q: %v does not match ErrUncertain", v, err)
		case err != nil:
			// left to git: git rejects it, or reads a number form not read here
			if gitErr == nil && !strings.ContainsAny(v, "x ") && !strings.HasPrefix(v, "0") {
				t.Errorf("%q: Bool gives up (%v), git says %q", v, err, out)
			}
		case gitErr != nil:
			t.Errorf("%q: Bool = %v, git rejects it: %v", v, got, gitErr)
		case fmt.Sprint(got)+"\n" != string(out):
			t.Errorf("%q: Bool = %v, git says %q", v, got, out)
		}
	}
	if b, err := (Entry{Key: "s.k", NoValue: true}).Bool(); !b || err != nil {
		t.Errorf("no value: %v, %v", b, err)
	}
}
