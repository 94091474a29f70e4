package gitstore

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestWriteRunsNoGitProcess runs one whole write (open, lock, commit) in a
// child process under strace and counts the programs it starts: none
// where the identity and settings are plain config files, git where an
// include needs it (which shows the count sees git when it runs).
func TestWriteRunsNoGitProcess(t *testing.T) {
	strace, err := exec.LookPath("strace")
	if err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("strace is not installed (.ci/run installs it)")
		}
		t.Skip("strace is not installed")
	}
	home := hermetic(t)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	execve := regexp.MustCompile(`execve\("([^"]+)"`)
	for _, tc := range []struct {
		name   string
		global string
		want   int // git processes
	}{
		{"user.* in the global config", "[user]\n\tname = Pat Morgan\n\temail = pat@acme.example\n[core]\n\tautocrlf = input\n", 0},
		{"identity from an include", "[include]\n\tpath = ~/inc\n", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			write(t, home, ".gitconfig", tc.global)
			write(t, home, "inc", "[user]\n\tname = Included\n\temail = inc@acme.example\n")
			dir := newRepo(t, map[string]string{"shared.txt": "x\n"})
			run(t, dir, "config", "--unset", "user.name")
			run(t, dir, "config", "--unset", "user.email")
			trace := filepath.Join(t.TempDir(), "trace")
			cmd := exec.Command(strace, "-f", "-qq", "-e", "trace=execve", "-e", "signal=none", "-o", trace, self, "-test.run=^$")
			cmd.Env = append(os.Environ(), "GITSTORE_TEST_HELPER=append", "GITSTORE_TEST_REPO="+dir, "GITSTORE_TEST_ID=1")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("write under strace: %v\n%s", err, out)
			}
			if !strings.HasPrefix(string(out), "ok ") {
				t.Fatalf("the write did not commit: %s", out)
			}
			b, err := os.ReadFile(trace)
			if err != nil {
				t.Fatal(err)
			}
			var progs []string
			gits := 0
			for _, m := range execve.FindAllStringSubmatch(string(b), -1) {
				progs = append(progs, m[1])
				if filepath.Base(m[1]) == "git" {
					gits++
				}
			}
			if len(progs) == 0 || progs[0] != self {
				t.Fatalf("strace saw no start of the test binary: %q", progs)
			}
			if gits != tc.want {
				t.Errorf("the write ran %d git processes, want %d; programs started: %q", gits, tc.want, progs)
			}
			if log := run(t, dir, "log", "-1", "--format=%an <%ae>|%cn <%ce>"); !strings.Contains(log, "acme.example") {
				t.Errorf("commit by %q", log)
			}
		})
	}
}
