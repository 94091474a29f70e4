package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// tourMarker stands on the line before each ```sh block of README.md that
// belongs to the tour.
const tourMarker = "<!-- tour -->"

// tourScript turns the tour blocks of a README into one shell script, run
// in order in one shell so that cd and export carry over. A command whose
// comment starts with "refused" must fail; every other command must
// succeed. Lines that are only comments (sample output) are left out.
func tourScript(readme string) (script string, blocks int) {
	var b strings.Builder
	b.WriteString("set -eu\n")
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) != tourMarker || i+1 >= len(lines) || lines[i+1] != "```sh" {
			continue
		}
		blocks++
		cmd := ""
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
			line := lines[i]
			if cont, ok := strings.CutSuffix(line, "\\"); ok {
				cmd += cont
				continue
			}
			cmd += line
			code, comment := splitComment(cmd)
			cmd = ""
			if strings.TrimSpace(code) == "" {
				continue
			}
			b.WriteString("echo '$ " + strings.ReplaceAll(strings.TrimSpace(code), "'", `'\''`) + "' >&2\n")
			if strings.HasPrefix(strings.TrimSpace(comment), "refused") {
				b.WriteString("if " + code + "; then echo 'the tour expects a refusal here' >&2; exit 1; fi\n")
			} else {
				b.WriteString(code + "\n")
			}
		}
	}
	return b.String(), blocks
}

// splitComment splits a shell line at its comment: a # at the start of a
// word, outside quotes.
func splitComment(line string) (code, comment string) {
	var quote rune
	for i, r := range line {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '\'' || r == '"':
			quote = r
		case r == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i], line[i+1:]
		}
	}
	return line, ""
}

func TestSplitComment(t *testing.T) {
	for line, want := range map[string][2]string{
		`collab goal show x   # progress bars`:      {`collab goal show x   `, ` progress bars`},
		`collab team add a --reviewer "#sales" # c`: {`collab team add a --reviewer "#sales" `, ` c`},
		`echo a#b`:          {`echo a#b`, ``},
		`#   [3f2a91c] out`: {``, `   [3f2a91c] out`},
	} {
		if code, comment := splitComment(line); code != want[0] || comment != want[1] {
			t.Errorf("splitComment(%q) = %q, %q", line, code, comment)
		}
	}
}

// TestREADMETour runs the README's tour as written, in order, on one
// workspace, with the built collab on PATH: a README that drifts from the
// tool fails here.
func TestREADMETour(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	script, blocks := tourScript(string(readme))
	if blocks < 3 {
		t.Fatalf("README.md has %d blocks marked %s; the tour has at least 3 (short tour, goals, agreements)", blocks, tourMarker)
	}
	dir := t.TempDir()
	archive := "# The README tour, extracted by readme_test.go.\n" +
		"env EDITOR=true\n" + // goal edit: the editor saves nothing
		"exec " + sh + " tour.sh\n" +
		"exists acme/agreements/feature-x-launch.yaml\n" +
		"-- tour.sh --\n" + script
	if err := os.WriteFile(filepath.Join(dir, "tour.txtar"), []byte(archive), 0o644); err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{Dir: dir, Setup: scriptSetup(t)})
}
