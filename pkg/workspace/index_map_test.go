package workspace

import (
	"os"
	"reflect"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// An index large enough to be mapped (mapIndex) answers a load as one read
// into memory does, and a damaged one is refused as a read one is.
func TestMappedIndex(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv("HOME", t.TempDir())
	t.Setenv(NoCacheEnv, "")
	defer SetRacyWindow(-1 << 62)()
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(2000)); err != nil {
		t.Fatal(err)
	}
	w, err := LoadCached(dir) // writes the index
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	p := cachePath(dir)
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < mapMin {
		t.Fatalf("the index holds %d bytes, fewer than the %d that are mapped", len(data), mapMin)
	}
	if m, mapped := mapIndex(p); mapped {
		unmapIndex(m)
	} else if runtime.GOOS == "linux" {
		t.Fatal("the index was not mapped")
	}
	read, err := decodeIndex(data, dir)
	if err != nil {
		t.Fatal(err)
	}
	mapped := readCache(dir)
	if mapped == nil || len(mapped.entries) != len(read.entries) || len(read.entries) < 2000 {
		t.Fatalf("mapped index: %v; entries read %d", mapped, len(read.entries))
	}
	for path, e := range read.entries {
		m := mapped.entries[path]
		if m == nil || m.Stat != e.Stat || m.raw != e.raw {
			t.Fatalf("%s: mapped entry differs from the one read", path)
		}
		if v, mv := e.value(), m.value(); !reflect.DeepEqual(v, mv) {
			t.Fatalf("%s: values differ:\n%s", path, cmp.Diff(v, mv))
		}
	}
	w, err = LoadCached(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	fresh, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	for i, e := range w.Files {
		if !e.Cached() && e.Path != ConfigFile {
			t.Fatalf("%s was not answered by the mapped index", e.Path)
		}
		if !reflect.DeepEqual(e.Value, fresh.Files[i].Value) {
			t.Fatalf("%s: value from the mapped index differs from the file's:\n%s", e.Path, cmp.Diff(fresh.Files[i].Value, e.Value))
		}
	}
	// One flipped byte in the middle: the checksum refuses the whole index.
	data[len(data)/2] ^= 0xff
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if ix := readCache(dir); ix != nil {
		t.Fatal("a damaged mapped index was trusted")
	}
}
