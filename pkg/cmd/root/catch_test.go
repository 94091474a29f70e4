//go:build unix

package root

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/collab-tools/collab/pkg/safefile"
)

// TestSignalsCaughtFromFirstFile runs a child that installs the handler as
// run does, optionally records a file with safefile.Create, and sends
// itself SIGINT: with a file, the handler removes it, says so and exits 130;
// without one, nothing was caught and the signal stops the child at once.
func TestSignalsCaughtFromFirstFile(t *testing.T) {
	if mode := os.Getenv("COLLAB_CATCH_CHILD"); mode != "" {
		_, stop := onSignal(os.Stderr)
		defer stop(false)
		if p := os.Getenv("COLLAB_CATCH_FILE"); p != "" {
			if err := safefile.Create(p, func() error { return os.WriteFile(p, []byte("lock"), 0o644) }); err != nil {
				t.Fatal(err)
			}
		}
		syscall.Kill(os.Getpid(), syscall.SIGINT)
		time.Sleep(5 * time.Second)
		os.Exit(0) // the signal did not stop the child
	}
	for _, withFile := range []bool{true, false} {
		p := filepath.Join(t.TempDir(), "x.lock")
		cmd := exec.Command(os.Args[0], "-test.run=^TestSignalsCaughtFromFirstFile$")
		cmd.Env = append(os.Environ(), "COLLAB_CATCH_CHILD=1")
		if withFile {
			cmd.Env = append(cmd.Env, "COLLAB_CATCH_FILE="+p)
		}
		out, err := cmd.CombinedOutput()
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			t.Fatalf("file %v: child ended with %v\n%s", withFile, err, out)
		}
		ws := exitErr.Sys().(syscall.WaitStatus)
		if withFile {
			if ws.Signaled() || ws.ExitStatus() != 130 || !strings.Contains(string(out), "collab: interrupted") {
				t.Errorf("with a file: status %v, output %q; want exit 130 and collab: interrupted", ws, out)
			}
			if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("with a file: %s left behind (%v)", p, err)
			}
		} else if !ws.Signaled() || ws.Signal() != syscall.SIGINT {
			t.Errorf("without a file: status %v, output %q; want stopped by SIGINT", ws, out)
		}
	}
}
