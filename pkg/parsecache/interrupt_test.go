package parsecache

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/collab-tools/collab/pkg/safefile"
)

// TestInterruptRemovesLock runs a child that takes the cache's lock and is
// then interrupted as the signal handler does it (safefile.Interrupt): the
// lock must be gone, so a Ctrl-C never leaves the cache unwritable.
func TestInterruptRemovesLock(t *testing.T) {
	if dir := os.Getenv("COLLAB_PARSECACHE_LOCK_CHILD"); dir != "" {
		if _, ok := lock(dir); !ok {
			os.Exit(3)
		}
		if _, err := os.Stat(filepath.Join(dir, lockName)); err != nil {
			os.Exit(4)
		}
		safefile.Interrupt()
		os.Exit(0)
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptRemovesLock$")
	cmd.Env = append(os.Environ(), "COLLAB_PARSECACHE_LOCK_CHILD="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("lock left behind after an interrupt: %v", err)
	}
}
