package history

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/semdiff"
)

// TestLogDiffsStops checks that LogDiffs ends when its callback stops it,
// with ErrStop (no error) or its own error, at any point of a history longer
// than the window it reads ahead, and that what it passed on until then is
// the log's beginning with each file compared as DiffFile compares it.
func TestLogDiffsStops(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	var files []string
	for i := range 5 {
		files = append(files, fmt.Sprintf("goals/g%d.yaml", i))
	}
	fastImport(t, dir, randomHistory(3, 3*logWindow, files))
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "collab.yaml", "apiVersion: collab/v1\nkind: Workspace\nmetadata:\n  id: x\n")
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var want []string
	err = r.Log(LogOptions{}, func(rev *Revision) error {
		for _, f := range rev.Files {
			e, err := r.DiffFile(f)
			if err != nil {
				return err
			}
			want = append(want, fmt.Sprintf("%s %s %s %s", rev.Hash.Short(), e.Path, e.Change, e.Error))
		}
		want = append(want, "")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	for _, procs := range []int{1, 2, 3} {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		for _, stop := range []int{1, 2, logWindow + 1, len(want) + 1} {
			for _, stopErr := range []error{ErrStop, boom} {
				var got []string
				n := 0
				err := r.LogDiffs(LogOptions{}, func(rev *Revision, es []*semdiff.Entity) error {
					for _, e := range es {
						got = append(got, fmt.Sprintf("%s %s %s %s", rev.Hash.Short(), e.Path, e.Change, e.Error))
					}
					got = append(got, "")
					if n++; n == stop {
						return stopErr
					}
					return nil
				})
				commits := min(stop, n)
				if stop > n { // the log ended first
					if err != nil {
						t.Fatalf("stop after %d: %v", stop, err)
					}
				} else if stopErr == ErrStop && err != nil || stopErr == boom && !errors.Is(err, boom) {
					t.Fatalf("stop after %d with %v: got %v", stop, stopErr, err)
				}
				end := 0
				for k := 0; k < commits; end++ {
					if want[end] == "" {
						k++
					}
				}
				if diff := cmp.Diff(want[:end], got); diff != "" {
					t.Errorf("%d cores, stop after %d (-Log and DiffFile +LogDiffs):\n%s", procs, stop, diff)
				}
			}
		}
	}
}

// TestLogDiffsOneCore checks that a commit with more files than LogDiffs
// queues ahead is compared on one core, where the caller's goroutine is the
// only one that runs tasks.
func TestLogDiffsOneCore(t *testing.T) {
	hermetic(t)
	files := map[string]string{"collab.yaml": "apiVersion: collab/v1\nkind: Workspace\nmetadata:\n  id: x\n"}
	for i := range 6 * logWindow {
		files[fmt.Sprintf("goals/g%d.yaml", i)] = goalFile(fmt.Sprintf("g%d", i), "active", "Grow")
	}
	dir := newRepo(t, files)
	r, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	done := make(chan error, 1)
	n := 0
	go func() {
		done <- r.LogDiffs(LogOptions{}, func(rev *Revision, es []*semdiff.Entity) error {
			n += len(es)
			return nil
		})
	}()
	select {
	case err := <-done:
		if err != nil || n != len(files) {
			t.Fatalf("LogDiffs: %d entities, error %v; want %d", n, err, len(files))
		}
	case <-time.After(time.Minute):
		t.Fatal("LogDiffs did not end on one core")
	}
}
