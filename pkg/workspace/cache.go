package workspace

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
)

// The load cache keeps the decoded value of every clean file of a workspace,
// keyed by the file's Stat (size, times, inode, device) as git's index
// does, so that a command other than validate skips parsing the files that
// did not change. It is only an accelerator: any problem with it (missing,
// unreadable, another format, a decode error) means "no cache", and the
// files are parsed as without it.
//
// One file per workspace, under os.UserCacheDir()/collab, named by the
// SHA-256 of the workspace's absolute path; written atomically.

// cacheFormat is bumped whenever the layout of cacheFile changes. The model
// types are fingerprinted separately (typesFingerprint), so a change to a
// struct also voids older caches.
const cacheFormat = 2

// racyWindow (a variable for tests): an entry is trusted only when the file's modification and
// change times are at least this long before the moment its Stat was
// taken. A file changed again within the timestamp granularity of its file
// system (coarse clocks, 1 or 2 s on some) could otherwise keep the same
// Stat with other content: git calls such files "racily clean".
var racyWindow = 2 * time.Second

// NoCacheEnv, when set to a non-empty value, turns the load cache off.
const NoCacheEnv = "COLLAB_NO_CACHE"

type cacheFile struct {
	Format  int
	Types   string // typesFingerprint()
	Dir     string // the workspace's absolute path
	Taken   int64  // unix ns, before the files were stat'ed
	Entries []cacheEntry
}

// cacheEntry is one file as last loaded. An entry without a value records a
// file that cannot be cached (it has diagnostics, or its value does not
// survive the encoding), so that seeing it again does not rewrite the cache.
type cacheEntry struct {
	Path      string
	Stat      safefile.Stat
	Workspace *model.Workspace
	Team      *model.Team
	Goal      *model.Goal
	Agreement *model.Agreement
	Map       *model.StakeholderMap
	// Holes are where the value holds what gob drops (see holes).
	Holes [][]int
	// Words are the value's words (see Entity.words), for Affected.
	Words []string
}

func (c *cacheEntry) value() any {
	switch {
	case c.Workspace != nil:
		return c.Workspace
	case c.Team != nil:
		return c.Team
	case c.Goal != nil:
		return c.Goal
	case c.Agreement != nil:
		return c.Agreement
	case c.Map != nil:
		return c.Map
	}
	return nil
}

func (c *cacheEntry) setValue(v any) {
	c.Workspace, c.Team, c.Goal, c.Agreement, c.Map = nil, nil, nil, nil, nil
	switch v := v.(type) {
	case *model.Workspace:
		c.Workspace = v
	case *model.Team:
		c.Team = v
	case *model.Goal:
		c.Goal = v
	case *model.Agreement:
		c.Agreement = v
	case *model.StakeholderMap:
		c.Map = v
	}
}

// cachePath is where the cache of the workspace at dir lives; "" when
// there is no user cache folder.
func cachePath(dir string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(base, "collab", hex.EncodeToString(sum[:]))
}

// CachePath is where the load cache of the workspace at dir lives (it may
// not exist); "" when the user has no cache folder. Deleting it is always safe.
func CachePath(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	return cachePath(abs)
}

// cacheEnabled reports whether commands may use the load cache.
func cacheEnabled() bool { return os.Getenv(NoCacheEnv) == "" }

// readCache returns the trusted entries of the cache of dir by path, or nil.
func readCache(dir string) map[string]*cacheEntry {
	p := cachePath(dir)
	if p == "" {
		return nil
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	cf, err := decodeCache(data)
	if err != nil || cf.Dir != dir {
		return nil
	}
	out := make(map[string]*cacheEntry, len(cf.Entries))
	for i := range cf.Entries {
		e := &cf.Entries[i]
		if racy(e.Stat, cf.Taken) {
			continue
		}
		if v := e.value(); v != nil && !fill(v, e.Holes) {
			e.setValue(nil)
		}
		out[e.Path] = e
	}
	return out
}

func decodeCache(data []byte) (cf *cacheFile, err error) {
	defer func() {
		// gob may panic on some malformed input; the cache is never required.
		if r := recover(); r != nil {
			cf, err = nil, fmt.Errorf("cache: %v", r)
		}
	}()
	cf = &cacheFile{}
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(cf); err != nil {
		return nil, err
	}
	if cf.Format != cacheFormat || cf.Types != typesFingerprint() {
		return nil, fmt.Errorf("cache: another format")
	}
	return cf, nil
}

// racy reports whether a file with Stat st may have changed since taken
// without its Stat showing it.
func racy(st safefile.Stat, taken int64) bool {
	return max(st.MtimeNs, st.CtimeNs) > taken-int64(racyWindow)
}

// updateCache writes the cache of w when what it would hold differs from
// old (the trusted entries read at the start of the load). taken is when
// the load started. Errors are ignored: the cache is never required.
func (w *Workspace) updateCache(old map[string]*cacheEntry, taken int64) {
	p := cachePath(w.Dir)
	if p == "" {
		return
	}
	dirty := map[string]bool{}
	for _, d := range w.Diags {
		dirty[d.File] = true
	}
	var entries []cacheEntry
	var fresh []int // entries whose value has not been through the encoding yet
	changed := false
	for _, e := range w.Files {
		if e.stat == nil {
			continue
		}
		o := old[e.Path]
		if o != nil && o.Stat == *e.stat {
			entries = append(entries, *o)
			continue
		}
		if racy(*e.stat, taken) {
			// Not cached yet. An older entry for the file stays: it can
			// never match again (the change time only moves forward), and
			// keeping it saves a rewrite right after every edit.
			if o != nil {
				entries = append(entries, *o)
			}
			continue
		}
		changed = true
		ce := cacheEntry{Path: e.Path, Stat: *e.stat}
		if !dirty[e.Path] && e.Value != nil {
			ce.setValue(e.Value)
			ce.Holes = holes(reflect.ValueOf(e.Value), nil, nil)
			ce.Words = e.words()
			fresh = append(fresh, len(entries))
		}
		entries = append(entries, ce)
	}
	if !changed && len(entries) == len(old) {
		return // nothing new, no file gone
	}
	verify(entries, fresh)
	data, err := encodeCache(&cacheFile{Format: cacheFormat, Types: typesFingerprint(), Dir: w.Dir, Taken: taken, Entries: entries})
	if err != nil {
		return
	}
	writeCache(p, data)
}

// verify puts the fresh entries through the encoding and keeps only the
// values that come back exactly as parsed (holes filled); the others lose
// their value and are parsed each time. Entries read from the cache passed
// this check when they were written; gob encodes each value the same way
// whatever else is in the stream, so checking the fresh ones alone is enough.
func verify(entries []cacheEntry, fresh []int) {
	if len(fresh) == 0 {
		return
	}
	sub := make([]cacheEntry, len(fresh))
	for j, i := range fresh {
		sub[j] = entries[i]
	}
	data, err := encodeCache(&cacheFile{Format: cacheFormat, Types: typesFingerprint(), Entries: sub})
	var back *cacheFile
	if err == nil {
		back, err = decodeCache(data)
	}
	for j, i := range fresh {
		ok := err == nil && j < len(back.Entries)
		if ok {
			b := back.Entries[j].value()
			ok = b != nil && fill(b, back.Entries[j].Holes) && reflect.DeepEqual(entries[i].value(), b)
		}
		ok = ok && slices.Equal(entries[i].Words, back.Entries[j].Words)
		if !ok {
			entries[i] = cacheEntry{Path: entries[i].Path, Stat: entries[i].Stat}
		}
	}
}

func encodeCache(cf *cacheFile) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(cf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeCache replaces the file at p with data: a temp file in the same
// folder, then a rename, so that a reader sees the old or the new cache.
func writeCache(p string, data []byte) {
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), filepath.Base(p)+".tmp*")
	if err != nil {
		return
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), p)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// typesFingerprint describes the cached types (field names, types and
// tags, recursively), so that a build whose model differs ignores a cache
// written by another build.
var typesFingerprint = sync.OnceValue(func() string {
	var b strings.Builder
	fingerprint(&b, reflect.TypeFor[cacheEntry](), map[reflect.Type]bool{})
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:8])
})

func fingerprint(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool) {
	fmt.Fprintf(b, "%s(%s)", t.String(), t.Kind())
	if seen[t] {
		return
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array:
		b.WriteString("[")
		fingerprint(b, t.Elem(), seen)
		b.WriteString("]")
	case reflect.Map:
		b.WriteString("[")
		fingerprint(b, t.Key(), seen)
		b.WriteString("]")
		fingerprint(b, t.Elem(), seen)
	case reflect.Struct:
		b.WriteString("{")
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(b, "%s %q ", f.Name, f.Tag)
			fingerprint(b, f.Type, seen)
			b.WriteString(";")
		}
		b.WriteString("}")
	}
}

// holes lists where v holds what gob does not keep: a non-nil pointer to a
// zero value (baseline: 0), an empty but non-nil slice or map (teams: []).
// gob sends neither, so they come back nil. Each hole is the path of struct
// field and slice element indexes from the entity, pointers followed.
func holes(v reflect.Value, path []int, out [][]int) [][]int {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return out
		}
		if v.Elem().IsZero() && len(path) > 0 {
			return append(out, slices.Clone(path))
		}
		return holes(v.Elem(), path, out)
	case reflect.Slice, reflect.Map:
		if v.IsNil() {
			return out
		}
		if v.Len() == 0 {
			return append(out, slices.Clone(path))
		}
		if v.Kind() == reflect.Slice {
			for i := range v.Len() {
				out = holes(v.Index(i), append(path, i), out)
			}
		}
		// Map values are not walked: the model has none that gob changes,
		// and the round-trip check in verify catches any that would.
	case reflect.Struct:
		for i := range v.NumField() {
			out = holes(v.Field(i), append(path, i), out)
		}
	}
	return out
}

// fill puts back the holes gob dropped from v (see holes); false when a path
// does not fit v.
func fill(v any, hs [][]int) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	for _, h := range hs {
		f := reflect.ValueOf(v)
		for _, i := range h {
			for f.Kind() == reflect.Pointer {
				if f.IsNil() {
					return false
				}
				f = f.Elem()
			}
			switch f.Kind() {
			case reflect.Struct:
				f = f.Field(i)
			case reflect.Slice:
				f = f.Index(i)
			default:
				return false
			}
		}
		if !f.CanSet() {
			return false
		}
		if f.Kind() != reflect.Pointer && f.Kind() != reflect.Slice && f.Kind() != reflect.Map {
			return false
		}
		if !f.IsNil() {
			continue // gob sends empty maps, for one
		}
		switch f.Kind() {
		case reflect.Pointer:
			f.Set(reflect.New(f.Type().Elem()))
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		case reflect.Map:
			f.Set(reflect.MakeMap(f.Type()))
		}
	}
	return true
}
