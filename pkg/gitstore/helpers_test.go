package gitstore

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/collab-tools/collab/internal/gittest"
)

func TestMain(m *testing.M) {
	if os.Getenv("GITSTORE_TEST_HELPER") == "append" {
		os.Exit(helperAppend())
	}
	os.Exit(m.Run())
}

// helperAppend is one of the concurrent committer processes: it appends a
// line to shared.txt and commits it. Exit 0: committed; 3: busy; 1: error.
func helperAppend() int {
	if ns, err := strconv.ParseInt(os.Getenv("GITSTORE_TEST_START"), 10, 64); err == nil {
		time.Sleep(time.Until(time.Unix(0, ns)))
	}
	id := os.Getenv("GITSTORE_TEST_ID")
	r, err := Open(os.Getenv("GITSTORE_TEST_REPO"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer r.Close()
	if d, err := time.ParseDuration(os.Getenv("GITSTORE_TEST_TIMEOUT")); err == nil {
		r.LockTimeout = d
	}
	tx, err := r.Begin(context.Background())
	if errors.Is(err, ErrBusy) {
		fmt.Println("busy")
		return 3
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer tx.Release()
	if err := tx.CheckUnmodified("shared.txt"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	data, err := os.ReadFile(filepath.Join(r.Root(), "shared.txt"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	line := "line from process " + id + "\n"
	h, err := tx.Commit("Append line "+id, []File{{Path: "shared.txt", Data: append(data, line...)}})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ok", h)
	return 0
}

// The repository helpers shared with other packages' tests.
var (
	hermetic = gittest.Hermetic
	run      = gittest.Run
	lines    = gittest.Lines
	write    = gittest.Write
	newRepo  = gittest.NewRepo
)

func open(t testing.TB, dir string) *Repo {
	t.Helper()
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// commitFiles runs one whole transaction.
func commitFiles(t testing.TB, r *Repo, msg string, files ...File) string {
	t.Helper()
	tx, err := r.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Release()
	var paths []string
	for _, f := range files {
		paths = append(paths, f.Path)
	}
	if err := tx.CheckUnmodified(paths...); err != nil {
		t.Fatal(err)
	}
	h, err := tx.Commit(msg, files)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func fsck(t testing.TB, dir string) {
	t.Helper()
	if out := run(t, dir, "fsck", "--strict", "--no-progress"); strings.TrimSpace(out) != "" {
		t.Errorf("git fsck --strict: %s", out)
	}
}
