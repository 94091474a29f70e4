package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// ErrNotReport is returned by Write for a folder that is neither empty nor
// an earlier report.
var ErrNotReport = errors.New("not empty and holds no collab report")

// Write writes the files under dir, creating it. A dir that holds an
// earlier report (its index.html names the generator) is refreshed: the
// pages of entities that are gone are removed with the report's other
// files of the kinds a report writes, so the site never links a stale page.
// Any other non-empty dir is refused, so that a mistyped --out cannot
// clobber unrelated files.
func Write(dir string, files Files) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	case err != nil:
		return err
	case len(entries) > 0:
		index, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil || !bytes.Contains(index, []byte(`<meta name="generator" content="`+Generator+`">`)) {
			return fmt.Errorf("%s: %w", dir, ErrNotReport)
		}
		if err := removeStale(dir, files); err != nil {
			return err
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	// Each folder is opened once; files are written by name in it, on
	// every core (a site has thousands of small files).
	dirs := map[string]*os.Root{"": root}
	for _, p := range files.Paths() {
		d := Dir(p)
		if dirs[d] != nil {
			continue
		}
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
		sub, err := root.OpenRoot(d)
		if err != nil {
			return err
		}
		defer sub.Close()
		dirs[d] = sub
	}
	paths := files.Paths()
	errs := make([]error, len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Go(func() {
			for i := range next {
				p := paths[i]
				if err := dirs[Dir(p)].WriteFile(path.Base(p), files[p], 0o644); err != nil {
					errs[i] = fmt.Errorf("%s: %w", filepath.Join(dir, p), err)
				}
			}
		})
	}
	for i := range paths {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// reportExts are the kinds of files a report writes.
var reportExts = []string{".html", ".css", ".ics", ".svg"}

// removeStale removes the files of an earlier report, at the top and in
// the report's folders, that the new one does not write.
func removeStale(dir string, files Files) error {
	for _, sub := range []string{"", "goals", "agreements", "teams", "maps"} {
		entries, err := os.ReadDir(filepath.Join(dir, sub))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			rel := strings.TrimPrefix(sub+"/"+e.Name(), "/")
			if !e.Type().IsRegular() || !slices.Contains(reportExts, filepath.Ext(e.Name())) || files[rel] != nil {
				continue
			}
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(rel))); err != nil {
				return err
			}
		}
	}
	return nil
}
