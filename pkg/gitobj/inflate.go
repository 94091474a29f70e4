package gitobj

import (
	"encoding/binary"
	"errors"
	"hash/adler32"
	"sync"
)

// A deflate decoder (RFC 1951) for zlib streams held in memory, writing
// into the object's own buffer and stopping as soon as that is full: a
// reader that needs the first 2 KiB of a 30 KiB tree decodes about 2 KiB,
// and can go on later from there. compress/flate cannot stop early (it
// decodes up to a 32 KiB window before it returns anything), reads its
// input a byte at a time through an interface, and copies its output out
// of that window; this one reads 64 bits at a time from the mapped pack
// and copies back-references within the output itself.

var (
	errCorrupt = errors.New("inflate: corrupt deflate data")
	errShort   = errors.New("inflate: data ends early")
	errLonger  = errors.New("inflate: data goes on past the object's size")
	errSum     = errors.New("inflate: zlib: invalid checksum")
)

const (
	stateHeader  = iota // at a block header
	stateStored         // in a stored block
	stateHuffman        // in a block of Huffman codes
	stateEnd            // after the final block
)

// inflater is a zlib stream being decoded.
type inflater struct {
	in    []byte // the deflate data
	pos   int    // the next byte of in to take into bits
	bits  uint64 // bits taken from in and not used, lowest first
	nb    uint   // how many
	out   int    // bytes written so far
	state int
	final bool // the current block is the stream's last
	// stored is what is left of a stored block; copyLen and copyDist of a
	// back-reference cut short by the end of the output.
	stored, copyLen, copyDist int
	lit, dist                 *huffman // the current block's codes
	dyn                       [2]huffman
	owner                     *object // the object whose data this stream fills
}

// start begins the zlib stream at off in data: a two-byte header (deflate,
// no preset dictionary), then deflate data.
func (f *inflater) start(data []byte, off uint64) error {
	if off+2 > uint64(len(data)) {
		return errors.New("entry out of range")
	}
	cmf, flg := data[off], data[off+1]
	if cmf&0x0f != 8 || cmf>>4 > 7 || (uint16(cmf)<<8|uint16(flg))%31 != 0 || flg&0x20 != 0 {
		return errors.New("inflate: zlib: invalid header")
	}
	f.in, f.pos, f.bits, f.nb, f.out = data[off+2:], 0, 0, 0, 0
	f.state, f.final, f.stored, f.copyLen, f.copyDist = stateHeader, false, 0, 0, 0
	return nil
}

// inflate decompresses the zlib stream at off in data, which must give
// size bytes, into buf (reused when large enough), and checks its end.
func (f *inflater) inflate(data []byte, off, size uint64, buf []byte) ([]byte, error) {
	out, err := f.prefix(data, off, size, buf)
	if err != nil {
		return nil, err
	}
	if err := f.finish(out); err != nil {
		return nil, err
	}
	return out, nil
}

// prefix decompresses the first size bytes of the zlib stream at off in
// data into buf (reused when large enough).
func (f *inflater) prefix(data []byte, off, size uint64, buf []byte) ([]byte, error) {
	if size > maxObject {
		return nil, errors.New("object too large")
	}
	if err := f.start(data, off); err != nil {
		return nil, err
	}
	if uint64(cap(buf)) < size {
		buf = make([]byte, size)
	}
	out := buf[:size]
	if err := f.fill(out); err != nil {
		return nil, err
	}
	return out, nil
}

// refill takes input bytes into bits until it holds at least 56 bits or
// the input ends.
func (f *inflater) refill() {
	if f.pos+8 <= len(f.in) {
		f.bits |= binary.LittleEndian.Uint64(f.in[f.pos:]) << f.nb
		f.pos += int(63-f.nb) >> 3
		f.nb |= 56
		return
	}
	for f.nb <= 56 && f.pos < len(f.in) {
		f.bits |= uint64(f.in[f.pos]) << f.nb
		f.pos++
		f.nb += 8
	}
}

// take returns the next n bits (n <= 32), refilling first.
func (f *inflater) take(n uint) (uint32, error) {
	if f.nb < n {
		f.refill()
		if f.nb < n {
			return 0, errShort
		}
	}
	v := uint32(f.bits & (1<<n - 1))
	f.bits >>= n
	f.nb -= n
	return v, nil
}

// fill decodes into out[f.out:] until out is full; out[:f.out] holds what
// the stream gave before, which back-references read.
func (f *inflater) fill(out []byte) error {
	for f.out < len(out) {
		switch f.state {
		case stateHeader:
			if err := f.header(); err != nil {
				return err
			}
		case stateStored:
			n := min(f.stored, len(out)-f.out, len(f.in)-f.pos)
			if n == 0 {
				return errShort
			}
			copy(out[f.out:f.out+n], f.in[f.pos:])
			f.out += n
			f.pos += n
			if f.stored -= n; f.stored == 0 {
				f.endBlock()
			}
		case stateHuffman:
			if err := f.huffmanBlock(out); err != nil {
				return err
			}
		default:
			return errShort
		}
	}
	return nil
}

// finish checks the end of a stream whose output out is whole, as zlib
// does: the stream ends there, and its Adler-32 checksum is out's. Only a
// reader that stopped part way goes without this check.
func (f *inflater) finish(out []byte) error {
	if f.copyLen > 0 {
		return errLonger
	}
	for f.state != stateEnd {
		switch f.state {
		case stateHeader:
			if err := f.header(); err != nil {
				return err
			}
		case stateHuffman:
			sym, err := f.decode(f.lit)
			if err != nil {
				return err
			}
			if sym != 256 {
				return errLonger
			}
			f.endBlock()
		default: // a stored block with bytes left
			return errLonger
		}
	}
	// The checksum follows at the next byte boundary: the whole bytes still
	// in bits were not consumed.
	i := f.pos - int(f.nb/8)
	if i < 0 || i+4 > len(f.in) {
		return errShort
	}
	if binary.BigEndian.Uint32(f.in[i:]) != adler32.Checksum(out) {
		return errSum
	}
	return nil
}

func (f *inflater) endBlock() {
	f.state = stateHeader
	if f.final {
		f.state = stateEnd
	}
}

// header reads a block header, and a dynamic block's code lengths.
func (f *inflater) header() error {
	h, err := f.take(3)
	if err != nil {
		return err
	}
	f.final = h&1 != 0
	switch h >> 1 {
	case 0:
		// Stored: skip to a byte boundary, give back the whole bytes
		// still in bits, then LEN and its complement.
		f.bits >>= f.nb % 8
		f.nb -= f.nb % 8
		f.pos -= int(f.nb / 8)
		f.bits, f.nb = 0, 0
		if f.pos+4 > len(f.in) {
			return errShort
		}
		n := binary.LittleEndian.Uint16(f.in[f.pos:])
		if ^n != binary.LittleEndian.Uint16(f.in[f.pos+2:]) {
			return errCorrupt
		}
		f.pos += 4
		f.stored = int(n)
		f.state = stateStored
		if n == 0 {
			f.endBlock()
		}
	case 1:
		fixedOnce.Do(initFixed)
		f.lit, f.dist = &fixedLit, &fixedDist
		f.state = stateHuffman
	case 2:
		if err := f.dynamic(); err != nil {
			return err
		}
		f.lit, f.dist = &f.dyn[0], &f.dyn[1]
		f.state = stateHuffman
	default:
		return errCorrupt
	}
	return nil
}

// codeOrder is the order of the code length code's lengths.
var codeOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}

// dynamic reads a dynamic block's codes.
func (f *inflater) dynamic() error {
	h, err := f.take(14)
	if err != nil {
		return err
	}
	nlit, ndist, nclen := int(h&31)+257, int(h>>5&31)+1, int(h>>10)+4
	if nlit > 286 || ndist > 30 {
		return errCorrupt
	}
	var lens [286 + 30]uint8
	for i := range nclen {
		v, err := f.take(3)
		if err != nil {
			return err
		}
		lens[codeOrder[i]] = uint8(v)
	}
	var clen huffman
	if !clen.init(lens[:19]) {
		return errCorrupt
	}
	clear(lens[:19])
	for i := 0; i < nlit+ndist; {
		sym, err := f.decode(&clen)
		if err != nil {
			return err
		}
		if sym < 16 {
			lens[i] = uint8(sym)
			i++
			continue
		}
		var rep uint32
		var v uint8
		switch sym {
		case 16:
			if i == 0 {
				return errCorrupt
			}
			v = lens[i-1]
			rep, err = f.take(2)
			rep += 3
		case 17:
			rep, err = f.take(3)
			rep += 3
		default:
			rep, err = f.take(7)
			rep += 11
		}
		if err != nil {
			return err
		}
		if i+int(rep) > nlit+ndist {
			return errCorrupt
		}
		for range rep {
			lens[i] = v
			i++
		}
	}
	if lens[256] == 0 || !f.dyn[0].init(lens[:nlit]) || !f.dyn[1].init(lens[nlit:nlit+ndist]) {
		return errCorrupt
	}
	return nil
}

// Lengths and distances of back-references: a base and extra bits.
var (
	lenBase   = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra  = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase  = [30]uint32{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
)

// huffmanBlock decodes symbols until the block ends or out is full.
func (f *inflater) huffmanBlock(out []byte) error {
	// A back-reference cut short by the end of the output last time.
	if f.copyLen > 0 {
		f.copyBack(out, f.copyLen, f.copyDist)
	}
	for f.out < len(out) {
		if f.nb < 48 {
			f.refill()
		}
		sym, err := f.decode(f.lit)
		if err != nil {
			return err
		}
		switch {
		case sym < 256:
			out[f.out] = byte(sym)
			f.out++
			continue
		case sym == 256:
			f.endBlock()
			return nil
		case sym > 285:
			return errCorrupt
		}
		sym -= 257
		n := int(lenBase[sym])
		if e := uint(lenExtra[sym]); e > 0 {
			v, err := f.take(e)
			if err != nil {
				return err
			}
			n += int(v)
		}
		ds, err := f.decode(f.dist)
		if err != nil {
			return err
		}
		if ds >= 30 {
			return errCorrupt
		}
		d := int(distBase[ds])
		if e := uint(distExtra[ds]); e > 0 {
			v, err := f.take(e)
			if err != nil {
				return err
			}
			d += int(v)
		}
		if d > f.out {
			return errCorrupt
		}
		f.copyBack(out, n, d)
	}
	return nil
}

// copyBack copies n bytes from d back in the output, as many as fit,
// keeping the rest for the next fill.
func (f *inflater) copyBack(out []byte, n, d int) {
	k := min(n, len(out)-f.out)
	src := f.out - d
	end := f.out + k
	// The source may overlap what is being written: each copy doubles
	// the run it copies from.
	for f.out < end {
		f.out += copy(out[f.out:end], out[src:f.out])
	}
	f.copyLen, f.copyDist = n-k, d
}

// huffman is a table of canonical Huffman codes: the symbol and length of
// each code, looked up by its first chunkBits bits, and by the bits after
// them in a further table for longer codes.
type huffman struct {
	chunks [1 << chunkBits]uint32 // sym<<4 | length; a link: index<<4 | 0xf
	links  [][]uint32
	bits   uint   // the bits chunks is looked up by: chunkBits, or fewer when every code is shorter
	mask   uint32 // the bits a further table is looked up by
}

// chunkBits is the most bits the first table is looked up by.
const chunkBits = 9

// init builds the table from each symbol's code length (0: unused); false
// when the lengths do not make a prefix code.
func (h *huffman) init(lens []uint8) bool {
	var count [16]int
	maxLen := 0
	for _, l := range lens {
		count[l]++
		maxLen = max(maxLen, int(l))
	}
	count[0] = 0
	left := 1
	for l := 1; l < 16; l++ {
		left = left<<1 - count[l]
		if left < 0 {
			return false // over-subscribed
		}
	}
	var next [16]uint32
	code := uint32(0)
	for l := 1; l < 16; l++ {
		code = (code + uint32(count[l-1])) << 1
		next[l] = code
	}
	// A block of few symbols has short codes: a first table of as many
	// bits as the longest code is quicker to fill.
	h.bits = uint(min(max(maxLen, 1), chunkBits))
	size := uint32(1) << h.bits
	clear(h.chunks[:size])
	for i := range h.links {
		clear(h.links[i])
	}
	h.links = h.links[:0]
	h.mask = 0
	if maxLen > chunkBits {
		h.mask = 1<<(maxLen-chunkBits) - 1
	}
	for sym, l := range lens {
		if l == 0 {
			continue
		}
		c := next[l]
		next[l]++
		rev := reverse(c, uint(l))
		if int(l) <= chunkBits {
			for k := rev; k < size; k += 1 << l {
				h.chunks[k] = uint32(sym)<<4 | uint32(l)
			}
			continue
		}
		first := rev & (1<<chunkBits - 1)
		if h.chunks[first] == 0 {
			h.chunks[first] = uint32(len(h.links))<<4 | 0xf
			if len(h.links) < cap(h.links) {
				h.links = h.links[:len(h.links)+1]
				if uint32(len(h.links[len(h.links)-1])) != h.mask+1 {
					h.links[len(h.links)-1] = make([]uint32, h.mask+1)
				}
			} else {
				h.links = append(h.links, make([]uint32, h.mask+1))
			}
		}
		link := h.links[h.chunks[first]>>4]
		for k := rev >> chunkBits; k <= h.mask; k += 1 << (int(l) - chunkBits) {
			link[k] = uint32(sym)<<4 | uint32(l)
		}
	}
	return true
}

func reverse(c uint32, n uint) uint32 {
	var r uint32
	for range n {
		r = r<<1 | c&1
		c >>= 1
	}
	return r
}

// decode reads one symbol of h.
func (f *inflater) decode(h *huffman) (int, error) {
	if f.nb < 15 {
		f.refill()
	}
	e := h.chunks[f.bits&(1<<h.bits-1)]
	n := uint(e & 0xf)
	if n == 0xf {
		e = h.links[e>>4][uint32(f.bits>>chunkBits)&h.mask]
		n = uint(e & 0xf)
	}
	if n == 0 {
		return 0, errCorrupt // a code the block does not use
	}
	if n > f.nb {
		return 0, errShort
	}
	f.bits >>= n
	f.nb -= n
	return int(e >> 4), nil
}

// The codes of fixed Huffman blocks.
var (
	fixedOnce           sync.Once
	fixedLit, fixedDist huffman
)

func initFixed() {
	var l [288]uint8
	for i := range l {
		switch {
		case i < 144:
			l[i] = 8
		case i < 256:
			l[i] = 9
		case i < 280:
			l[i] = 7
		default:
			l[i] = 8
		}
	}
	fixedLit.init(l[:])
	var d [30]uint8
	for i := range d {
		d[i] = 5
	}
	fixedDist.init(d[:])
}
