package gitobj

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"io"
	"math/rand"
	"testing"
)

// samples are inputs of every kind deflate meets: empty, text, runs,
// random bytes (stored blocks), and git trees.
func samples() [][]byte {
	rng := rand.New(rand.NewSource(1))
	random := make([]byte, 70000)
	rng.Read(random)
	var text, tree bytes.Buffer
	for i := range 3000 {
		fmt.Fprintf(&text, "line %d: the quick brown fox %d\n", i, rng.Intn(50))
	}
	for i := range 900 {
		fmt.Fprintf(&tree, "100644 a%05d.yaml\x00", i)
		id := make([]byte, 20)
		rng.Read(id)
		tree.Write(id)
	}
	return [][]byte{
		nil, []byte("a"), bytes.Repeat([]byte("a"), 100000), random[:1], random[:300],
		random, text.Bytes(), tree.Bytes(), append(text.Bytes(), random...),
	}
}

func zlibCompress(t testing.TB, data []byte, level int) []byte {
	var b bytes.Buffer
	w, err := zlib.NewWriterLevel(&b, level)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

// TestInflate decodes what compress/zlib writes at every level (stored,
// Huffman only, fixed and dynamic codes), whole and in steps that stop
// anywhere, even in the middle of a back-reference.
func TestInflate(t *testing.T) {
	rng := rand.New(rand.NewSource(2))
	var f inflater
	for i, data := range samples() {
		for _, level := range []int{zlib.NoCompression, zlib.BestSpeed, 5, zlib.BestCompression, zlib.HuffmanOnly} {
			z := zlibCompress(t, data, level)
			got, err := f.inflate(z, 0, uint64(len(data)), nil)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("sample %d, level %d: %v; bytes differ: %v", i, level, err, !bytes.Equal(got, data))
			}
			// In steps, into a buffer that grows.
			if err := f.start(z, 0); err != nil {
				t.Fatal(err)
			}
			var out []byte
			for len(out) < len(data) {
				n := min(len(data), len(out)+1+rng.Intn(4000))
				out = append(out, make([]byte, n-len(out))...)
				if err := f.fill(out); err != nil {
					t.Fatalf("sample %d, level %d, to %d: %v", i, level, n, err)
				}
			}
			if !bytes.Equal(out, data) {
				t.Fatalf("sample %d, level %d: stepped result differs", i, level)
			}
			// Asking for more than the stream holds, or for less.
			if len(z) > 0 {
				if _, err := f.inflate(z, 0, uint64(len(data)+1), nil); err == nil {
					t.Errorf("sample %d, level %d: one byte more than the stream holds: no error", i, level)
				}
			}
			if len(data) > 0 {
				if _, err := f.inflate(z, 0, uint64(len(data)-1), nil); err != errLonger {
					t.Errorf("sample %d, level %d: one byte less than the stream holds: %v, want %v", i, level, err, errLonger)
				}
			}
			// A wrong checksum.
			bad := bytes.Clone(z)
			bad[len(bad)-1] ^= 1
			if _, err := f.inflate(bad, 0, uint64(len(data)), nil); err != errSum {
				t.Errorf("sample %d, level %d: checksum changed: %v, want %v", i, level, err, errSum)
			}
		}
	}
}

// TestInflateCorrupt flips and cuts compressed data: each decode gives
// the original bytes or an error (the checksum catches what the deflate
// data does not), never a crash nor other bytes.
func TestInflateCorrupt(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	var f inflater
	for _, data := range samples() {
		for _, level := range []int{zlib.BestSpeed, zlib.BestCompression, zlib.NoCompression} {
			z := zlibCompress(t, data, level)
			for range 200 {
				b := bytes.Clone(z)
				switch rng.Intn(3) {
				case 0:
					b[rng.Intn(len(b))] ^= byte(1 << rng.Intn(8))
				case 1:
					b = b[:rng.Intn(len(b))]
				default:
					b[rng.Intn(len(b))] = byte(rng.Intn(256))
				}
				if got, err := f.inflate(b, 0, uint64(len(data)), nil); err == nil && !bytes.Equal(got, data) {
					t.Fatalf("damaged stream decoded to other bytes without an error")
				}
			}
		}
	}
}

func FuzzInflate(f *testing.F) {
	for _, s := range samples()[:5] {
		f.Add(zlibCompress(f, s, zlib.BestSpeed), uint16(len(s)))
	}
	f.Fuzz(func(t *testing.T, z []byte, n uint16) {
		var in inflater
		got, err := in.inflate(z, 0, uint64(n), nil)
		if err != nil {
			return
		}
		// What decodes must be what compress/zlib reads to the stream's
		// end, checksum included.
		r, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("inflate accepted a header compress/zlib refuses: %v", err)
		}
		want, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("inflate accepted a stream compress/zlib refuses: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("inflate differs from compress/zlib")
		}
	})
}
