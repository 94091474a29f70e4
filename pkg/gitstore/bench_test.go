package gitstore

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
)

// benchRepo makes a repository with n files, 200 per folder, in one commit.
func benchRepo(b *testing.B, n int) string {
	b.Helper()
	hermetic(b)
	files := make(map[string]string, n)
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("agreements/d%02d/a%05d.yaml", i/200, i)] = fmt.Sprintf("apiVersion: collab/v1\nkind: Agreement\nmetadata:\n  id: a%05d\n", i)
	}
	return newRepo(b, files)
}

// BenchmarkCommit is one collab change of one file: Open, Begin,
// CheckUnmodified, Commit, Release, on a repository of 2,000 files.
// Compare with BenchmarkGitAddCommit.
func BenchmarkCommit(b *testing.B) {
	dir := benchRepo(b, 2000)
	const p = "agreements/d03/a00700.yaml"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		tx, err := r.Begin(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if err := tx.CheckUnmodified(p); err != nil {
			b.Fatal(err)
		}
		if _, err := tx.Commit("Check in "+strconv.Itoa(i), []File{{Path: p, Data: []byte("value: " + strconv.Itoa(i) + "\n")}}); err != nil {
			b.Fatal(err)
		}
		tx.Release()
		r.Close()
	}
	b.StopTimer()
	fsck(b, dir)
	if got := run(b, dir, "status", "--porcelain"); got != "" {
		b.Fatalf("status = %q", got)
	}
}

// BenchmarkGitAddCommit is the same change made with `git add FILE && git commit`.
func BenchmarkGitAddCommit(b *testing.B) {
	dir := benchRepo(b, 2000)
	const p = "agreements/d03/a00700.yaml"
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		write(b, dir, p, "value: "+strconv.Itoa(i)+"\n")
		b.StartTimer()
		for _, args := range [][]string{{"add", filepath.ToSlash(p)}, {"commit", "-q", "-m", "Check in " + strconv.Itoa(i)}} {
			cmd := exec.Command("git", args...)
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("git %v: %v\n%s", args, err, out)
			}
		}
	}
}
