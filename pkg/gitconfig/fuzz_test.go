package gitconfig

import (
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseAsGit: on any text, Parse either gives up with ErrUncertain or
// gives exactly what git reads, and never answers where git fails.
func FuzzParseAsGit(f *testing.F) {
	if _, err := exec.LookPath("git"); err != nil {
		f.Skip("git is not installed")
	}
	for _, s := range []string{
		"[user]\n\tname = Pat Morgan\n",
		"[a \"S\\\"b\"]\n\tk = \"q # x\" ; c\n",
		"[s]\n\tk = a \\\n b\\t\n",
		"[S.Sub]K=v\r\n",
		"[s]\n\tk\n\tk2 =\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.IndexByte(text, 0) >= 0 {
			return // git and Parse both stop at NUL in their own ways; Parse gives up
		}
		compare(t, text, func(err error) bool {
			return strings.Contains(err.Error(), "before any section")
		})
	})
}

// FuzzParametersAsGit: GIT_CONFIG_PARAMETERS as ParseParameters and git
// read it.
func FuzzParametersAsGit(f *testing.F) {
	if _, err := exec.LookPath("git"); err != nil {
		f.Skip("git is not installed")
	}
	for _, s := range []string{`'user.name'='Pat'`, `'a.b'= 'c.D.e'='it'\''s'`, `'x.y=old'`, `'x.y'`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, params string) {
		if strings.IndexByte(params, 0) >= 0 {
			return // not representable in the environment
		}
		dir := t.TempDir()
		cmd := exec.Command("git", "config", "-z", "--list")
		cmd.Dir = dir
		cmd.Env = []string{"HOME=" + dir, "XDG_CONFIG_HOME=" + dir, "GIT_CONFIG_NOSYSTEM=1", "GIT_CONFIG_PARAMETERS=" + params, "PATH=/usr/bin:/bin"}
		out, gitErr := cmd.Output()
		got, err := ParseParameters(params)
		switch {
		case err != nil && !errors.Is(err, ErrUncertain):
			t.Fatalf("%q: %v does not match ErrUncertain", params, err)
		case err == nil && gitErr != nil:
			t.Fatalf("%q: ParseParameters = %q where git fails: %v", params, list(got), gitErr)
		case err == nil:
			if d := cmp.Diff(splitList(string(out)), list(got)); d != "" {
				t.Fatalf("%q (-git +ParseParameters):\n%s", params, d)
			}
		}
	})
}
