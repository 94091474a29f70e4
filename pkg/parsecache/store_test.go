package parsecache

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testKey makes the cache's build key key, until the test ends.
func testKey(t *testing.T, key string) {
	old := valueKey
	valueKey = func() (string, bool) { return key, true }
	t.Cleanup(func() { valueKey = old })
}

func keyOf(i int) Key {
	return Key{ID: sha1.Sum([]byte(strconv.Itoa(i))), Flavour: byte(flavourParsed + i%5)}
}

func valueOf(i int) []byte {
	return []byte(fmt.Sprintf("value %d %s", i, strings.Repeat("x", i%50)))
}

// put writes the values of keys from..to-1 through a cache opened on dir.
func put(t *testing.T, dir string, from, to int) {
	t.Helper()
	c := Open(dir)
	if c == nil {
		t.Fatal("cache off")
	}
	defer c.Close()
	for i := from; i < to; i++ {
		if _, ok := c.Get(keyOf(i)); !ok {
			c.Put(keyOf(i), valueOf(i))
		}
	}
	c.Flush()
}

// held lists which of keys from..to-1 a cache opened on dir finds, each
// with its value checked.
func held(t *testing.T, dir string, from, to int) []int {
	t.Helper()
	c := Open(dir)
	defer c.Close()
	var out []int
	for i := from; i < to; i++ {
		b, ok := c.Get(keyOf(i))
		if !ok {
			continue
		}
		if !bytes.Equal(b, valueOf(i)) {
			t.Fatalf("key %d: %q", i, b)
		}
		out = append(out, i)
	}
	return out
}

func span(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

func segmentFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := segmentNames(Dir(dir))
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return names
}

func TestStoreWritesAndReads(t *testing.T) {
	testKey(t, "build-a")
	dir := t.TempDir()
	if got := held(t, dir, 0, 10); got != nil {
		t.Fatalf("an empty cache holds %v", got)
	}
	put(t, dir, 0, 100)
	put(t, dir, 50, 150)
	if diff := cmp.Diff(span(0, 150), held(t, dir, 0, 150)); diff != "" {
		t.Fatal(diff)
	}
	if n := len(segmentFiles(t, dir)); n != 2 {
		t.Fatalf("%d segments, want 2 (the second holding only new keys)", n)
	}
	// A cache with nothing new writes nothing.
	before := segmentFiles(t, dir)
	put(t, dir, 0, 150)
	if diff := cmp.Diff(before, segmentFiles(t, dir)); diff != "" {
		t.Fatal(diff)
	}
	if _, err := os.Stat(filepath.Join(Dir(dir), lockName)); !os.IsNotExist(err) {
		t.Fatalf("the lock is left behind: %v", err)
	}
}

func TestStoreOff(t *testing.T) {
	testKey(t, "build-a")
	t.Setenv(NoCacheEnv, "1")
	if c := Open(t.TempDir()); c != nil {
		t.Fatal("the cache is on with " + NoCacheEnv)
	}
	var c *Cache // off: finds nothing, keeps nothing
	c.Put(keyOf(1), valueOf(1))
	if _, ok := c.Get(keyOf(1)); ok || c.Has(keyOf(1)) {
		t.Fatal("a nil cache found a value")
	}
	c.Flush()
	c.Close()
}

// TestStoreForeignBuild: a new binary never trusts what another wrote, and
// replaces it.
func TestStoreForeignBuild(t *testing.T) {
	dir := t.TempDir()
	testKey(t, "build-a")
	put(t, dir, 0, 20)
	testKey(t, "build-b")
	if got := held(t, dir, 0, 20); got != nil {
		t.Fatalf("build b trusts build a's values %v", got)
	}
	put(t, dir, 0, 5)
	if diff := cmp.Diff(span(0, 5), held(t, dir, 0, 20)); diff != "" {
		t.Fatal(diff)
	}
	if n := len(segmentFiles(t, dir)); n != 1 {
		t.Fatalf("%d segments: build a's was not removed", n)
	}
}

// TestStoreFaults: a damaged segment is never trusted (what it still holds
// soundly may be used) and the next write replaces it with sound ones.
func TestStoreFaults(t *testing.T) {
	testKey(t, "build-a")
	for _, how := range []string{"truncated", "header", "table", "values", "empty", "garbage", "huge count"} {
		t.Run(how, func(t *testing.T) {
			dir := t.TempDir()
			put(t, dir, 0, 200)
			names := segmentFiles(t, dir)
			p := filepath.Join(Dir(dir), names[0])
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			switch how {
			case "truncated":
				b = b[:len(b)-len(b)/3]
			case "header":
				b[3] ^= 1
			case "table":
				b[len(magic)+20] ^= 1
			case "values":
				for i := len(b) - 1; i > len(b)-2000; i -= 97 {
					b[i] ^= 0x20
				}
			case "empty":
				b = nil
			case "garbage":
				b = bytes.Repeat([]byte{0xff}, 5000)
			case "huge count":
				b = append([]byte(magic+"\x01\x07build-a\xff\xff\xff\xff\x0f"), make([]byte, 64)...)
			}
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			got := held(t, dir, 0, 200) // each value checked
			if how != "values" && how != "truncated" && got != nil {
				t.Fatalf("a segment with a faulty %s is trusted: %v", how, got)
			}
			if len(got) == 200 {
				t.Fatal("no fault found")
			}
			put(t, dir, 0, 200)
			if diff := cmp.Diff(span(0, 200), held(t, dir, 0, 200)); diff != "" {
				t.Fatal(diff)
			}
			if n := len(segmentFiles(t, dir)); n != 1 {
				t.Fatalf("%d segments after the rebuild, want 1", n)
			}
		})
	}
}

// TestStoreBounded: segments are merged beyond maxSegments, and the oldest
// values are dropped beyond maxBytes.
func TestStoreBounded(t *testing.T) {
	testKey(t, "build-a")
	defer func(n int, b int64) { maxSegments, maxBytes = n, b }(maxSegments, maxBytes)
	maxSegments, maxBytes = 3, 1<<20
	dir := t.TempDir()
	for i := range 10 {
		put(t, dir, i*10, i*10+10)
		if n := len(segmentFiles(t, dir)); n > maxSegments {
			t.Fatalf("%d segments", n)
		}
	}
	if diff := cmp.Diff(span(0, 100), held(t, dir, 0, 100)); diff != "" {
		t.Fatal(diff)
	}
	maxBytes = 2000
	put(t, dir, 100, 130)
	got := held(t, dir, 0, 130)
	var size int64
	for _, i := range got {
		size += int64(len(valueOf(i)))
	}
	if size > maxBytes || len(got) == 0 || got[len(got)-1] != 129 {
		t.Fatalf("after the cap: %d bytes, keys %v", size, got)
	}
	// The newest are kept: what is held is a run of the latest keys.
	if diff := cmp.Diff(span(got[0], 130), got); diff != "" {
		t.Fatal(diff)
	}
}

// TestStoreLock: a held lock makes a write a no-op, never a wait or an
// error; a lock left by a dead process is taken over after staleLock.
func TestStoreLock(t *testing.T) {
	testKey(t, "build-a")
	dir := t.TempDir()
	if err := os.MkdirAll(Dir(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	lockFile := filepath.Join(Dir(dir), lockName)
	if err := os.WriteFile(lockFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	put(t, dir, 0, 10)
	if time.Since(start) > time.Second {
		t.Fatal("the write waited for the lock")
	}
	if got := held(t, dir, 0, 10); got != nil {
		t.Fatalf("written under a held lock: %v", got)
	}
	old := time.Now().Add(-staleLock - time.Minute)
	if err := os.Chtimes(lockFile, old, old); err != nil {
		t.Fatal(err)
	}
	put(t, dir, 0, 10)
	if diff := cmp.Diff(span(0, 10), held(t, dir, 0, 10)); diff != "" {
		t.Fatal(diff)
	}
}

// TestStoreProcesses runs processes that read and write one cache at
// once, each putting overlapping keys and merging (few segments allowed):
// every value any of them finds must be whole, and the cache sound after.
func TestStoreProcesses(t *testing.T) {
	if os.Getenv("PARSECACHE_CHILD") != "" {
		t.Skip("child")
	}
	testKey(t, "build-a")
	dir := t.TempDir()
	const procs, rounds = 4, 6
	var wg sync.WaitGroup
	errs := make([]error, procs)
	for p := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run", "^TestStoreChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "PARSECACHE_CHILD="+dir, fmt.Sprintf("PARSECACHE_PROC=%d", p), fmt.Sprintf("PARSECACHE_ROUNDS=%d", rounds))
			if out, err := cmd.CombinedOutput(); err != nil || !bytes.Contains(out, []byte("PASS")) {
				errs[p] = fmt.Errorf("process %d: %v\n%s", p, err, out)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	got := held(t, dir, 0, 1000) // every value checked
	if len(got) == 0 {
		t.Fatal("the processes left nothing")
	}
	put(t, dir, 0, 400)
	if diff := cmp.Diff(span(0, 400), held(t, dir, 0, 400)); diff != "" {
		t.Fatal(diff)
	}
}

// TestStoreChild is one process of TestStoreProcesses.
func TestStoreChild(t *testing.T) {
	dir := os.Getenv("PARSECACHE_CHILD")
	if dir == "" {
		t.Skip("run by TestStoreProcesses")
	}
	testKey(t, "build-a")
	maxSegments = 2
	p, _ := strconv.Atoi(os.Getenv("PARSECACHE_PROC"))
	rounds, _ := strconv.Atoi(os.Getenv("PARSECACHE_ROUNDS"))
	for r := range rounds {
		from := (p*37 + r*53) % 300
		put(t, dir, from, from+100)
		held(t, dir, 0, 400)
	}
}

// TestStorePendingBounded: one command holds at most maxPending bytes of
// new values: beyond, it writes them and goes on; when it cannot write
// them (the lock is held), it keeps no more.
func TestStorePendingBounded(t *testing.T) {
	testKey(t, "build-a")
	defer func(p int64) { maxPending = p }(maxPending)
	maxPending = 500
	dir := t.TempDir()
	c := Open(dir)
	for i := range 100 {
		c.Put(keyOf(i), valueOf(i))
		if c.size > maxPending {
			t.Fatalf("%d bytes held", c.size)
		}
	}
	c.Flush()
	c.Close()
	if diff := cmp.Diff(span(0, 100), held(t, dir, 0, 100)); diff != "" {
		t.Fatal(diff)
	}
	if n := len(segmentFiles(t, dir)); n > maxSegments {
		t.Fatalf("%d segments", n)
	}

	dir = t.TempDir()
	if err := os.MkdirAll(Dir(dir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(Dir(dir), lockName), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c = Open(dir)
	defer c.Close()
	for i := range 100 {
		c.Put(keyOf(i), valueOf(i))
		if c.size > maxPending {
			t.Fatalf("%d bytes held under a held lock", c.size)
		}
	}
	if c.Room() {
		t.Fatal("room for values that cannot be written")
	}
}
