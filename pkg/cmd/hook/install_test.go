package hook

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestScriptRunsValidateInTheWorkspace runs the hook script with a fake
// collab on PATH and checks the arguments it passes, quoting included.
func TestScriptRunsValidateInTheWorkspace(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	for _, rel := range []string{".", "work space/it's"} {
		dir := t.TempDir()
		fake := filepath.Join(dir, "collab")
		if err := os.WriteFile(fake, []byte("#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n"), 0o755); err != nil {
			t.Fatal(err)
		}
		hook := filepath.Join(dir, "pre-commit")
		if err := os.WriteFile(hook, Script(rel), 0o755); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(hook)
		cmd.Env = append(os.Environ(), "PATH="+dir+":/usr/bin:/bin")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", rel, err, out)
		}
		if want := "[-C]\n[" + rel + "]\n[validate]\n"; string(out) != want {
			t.Errorf("%q: hook ran collab with\n%s\nwant\n%s", rel, out, want)
		}
		// Without collab on PATH the hook stops the commit and says why.
		cmd = exec.Command(hook)
		cmd.Env = append(os.Environ(), "PATH=/nonexistent")
		out, err = cmd.CombinedOutput()
		if err == nil || !strings.Contains(string(out), "collab is not on PATH") {
			t.Errorf("without collab: err %v, output %s", err, out)
		}
	}
}
