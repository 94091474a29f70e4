package workspace

import (
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"sync"
	"unsafe"
)

// The index codec encodes the model's entity structs in a compact binary
// form, with a plan per type compiled once by reflection:
//
//   - a string is its length (uvarint) and bytes; decoded, it is a slice of
//     the one string that holds the whole index file, so no string is
//     copied or allocated;
//   - a nil slice, map or pointer is 0, a present one its length + 1 (1 for
//     a pointer): nil and empty come back exactly as the YAML decoder made
//     them, which gob cannot do;
//   - ints are zigzag varints, floats their 8 bytes, bools one byte,
//     struct fields in order.
//
// Decoding trusts nothing: every length is checked against the bytes left
// before anything is allocated, and any failure is a decodeError.

// decodeError is the panic value of a failed decode (see decodeValue).
type decodeError struct{ msg string }

func (e *decodeError) Error() string { return "index: " + e.msg }

type encoder struct{ buf []byte }

type decoder struct {
	data string // the whole index file; strings are cut from it
	pos  int
	end  int // decoding stops here (the end of the current value)
	// floats hands out the *float64 of a value (a goal's key results hold
	// three each) from one allocation rather than one each.
	floats []float64
	// a, when set, hands out the arrays of slices and the targets of
	// pointers (see arena); else each is allocated on its own.
	a *arena
}

type plan struct {
	enc func(e *encoder, p unsafe.Pointer)
	dec func(d *decoder, p unsafe.Pointer)
	// min is the fewest bytes a value takes (1 at least), so that a count
	// is checked against what is left before its elements are allocated.
	min int
}

var plans sync.Map // reflect.Type -> *plan

// An arena hands out the memory of decoded values from larger arrays, one
// per element type, rather than one allocation per slice or pointer: a
// load from the index decodes thousands of values of a dozen small
// slices each, and the allocations (each on fresh memory, in a process
// that lives for one command) cost more than the decoding. Each array is
// an ordinary Go array of its element type, so the collector sees its
// pointers; a part handed out keeps the whole array alive, which a
// command's short life does not mind. The slices handed out have a
// capacity of exactly their length, so an append never writes into a
// neighbour. Not safe for concurrent use: one per goroutine.
type arena struct {
	free []arenaChunk // by allocation slot (see newSlot)
	d    decoder      // reused by decodeValue, which would allocate one
}

type arenaChunk struct {
	next unsafe.Pointer // the next free element
	left int            // elements left after next
}

// arenaBytes is the size of an arena's arrays; a request of more than a
// quarter of it is allocated on its own.
const arenaBytes = 8 << 10

// slots numbers the element types an arena allocates (see newSlot).
var slots struct {
	sync.Mutex
	n int
}

// newSlot gives an element type of a plan its index in arena.free.
func newSlot() int {
	slots.Lock()
	defer slots.Unlock()
	slots.n++
	return slots.n - 1
}

// alloc returns zeroed memory for n > 0 elements of the slice type st
// (element size size); from the arena when a is not nil.
func (a *arena) alloc(slot int, st reflect.Type, size uintptr, n int) unsafe.Pointer {
	per := max(1, int(arenaBytes/max(size, 1)))
	if a == nil || n > per/4 {
		return reflect.MakeSlice(st, n, n).UnsafePointer()
	}
	if slot >= len(a.free) {
		a.free = append(a.free, make([]arenaChunk, slot+1-len(a.free))...)
	}
	c := &a.free[slot]
	if c.left < n {
		c.next, c.left = reflect.MakeSlice(st, per, per).UnsafePointer(), per
	}
	p := c.next
	c.left -= n
	if c.left > 0 {
		c.next = unsafe.Add(p, uintptr(n)*size)
	} else {
		c.next = nil // never a pointer past the end of the array
	}
	return p
}

// planFor compiles (once) the plan for t; an error names a type the codec
// does not handle, which then keeps the whole index off.
func planFor(t reflect.Type) (*plan, error) {
	if p, ok := plans.Load(t); ok {
		return p.(*plan), nil
	}
	p, err := compile(t, map[reflect.Type]*plan{})
	if err != nil {
		return nil, err
	}
	plans.Store(t, p)
	return p, nil
}

func compile(t reflect.Type, inProgress map[reflect.Type]*plan) (*plan, error) {
	if p := inProgress[t]; p != nil {
		return p, nil // a recursive type: filled in below
	}
	p := &plan{min: 1}
	inProgress[t] = p
	switch t.Kind() {
	case reflect.String:
		p.enc = func(e *encoder, ptr unsafe.Pointer) { e.string(*(*string)(ptr)) }
		p.dec = func(d *decoder, ptr unsafe.Pointer) { *(*string)(ptr) = d.string() }
	case reflect.Bool:
		p.enc = func(e *encoder, ptr unsafe.Pointer) {
			b := byte(0)
			if *(*bool)(ptr) {
				b = 1
			}
			e.buf = append(e.buf, b)
		}
		p.dec = func(d *decoder, ptr unsafe.Pointer) {
			switch d.byte() {
			case 0:
				*(*bool)(ptr) = false
			case 1:
				*(*bool)(ptr) = true
			default:
				d.fail("bad bool")
			}
		}
	case reflect.Int, reflect.Int64:
		if t.Size() != 8 {
			return nil, fmt.Errorf("index: %s has %d bytes", t, t.Size())
		}
		p.enc = func(e *encoder, ptr unsafe.Pointer) { e.buf = binary.AppendVarint(e.buf, *(*int64)(ptr)) }
		p.dec = func(d *decoder, ptr unsafe.Pointer) { *(*int64)(ptr) = d.varint() }
	case reflect.Float64:
		p.min = 8
		p.enc = func(e *encoder, ptr unsafe.Pointer) { encodeFloat(e, *(*float64)(ptr)) }
		p.dec = func(d *decoder, ptr unsafe.Pointer) { *(*float64)(ptr) = decodeFloat(d) }
	case reflect.Pointer:
		elem, err := compile(t.Elem(), inProgress)
		if err != nil {
			return nil, err
		}
		et := t.Elem()
		isFloat := et == reflect.TypeFor[float64]()
		st, size, slot := reflect.SliceOf(et), et.Size(), newSlot()
		p.enc = func(e *encoder, ptr unsafe.Pointer) {
			q := *(*unsafe.Pointer)(ptr)
			if q == nil {
				e.buf = append(e.buf, 0)
				return
			}
			e.buf = append(e.buf, 1)
			elem.enc(e, q)
		}
		p.dec = func(d *decoder, ptr unsafe.Pointer) {
			switch d.byte() {
			case 0:
				*(*unsafe.Pointer)(ptr) = nil
			case 1:
				var q unsafe.Pointer
				if d.a != nil {
					q = d.a.alloc(slot, st, size, 1)
				} else if isFloat {
					if len(d.floats) == 0 {
						d.floats = make([]float64, 8)
					}
					q, d.floats = unsafe.Pointer(&d.floats[0]), d.floats[1:]
				} else {
					q = reflect.New(et).UnsafePointer()
				}
				elem.dec(d, q)
				*(*unsafe.Pointer)(ptr) = q
			default:
				d.fail("bad pointer")
			}
		}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.String && t.Elem() == reflect.TypeFor[string]() {
			// The commonest slice, without reflection.
			slot := newSlot()
			p.enc = func(e *encoder, ptr unsafe.Pointer) {
				s := *(*[]string)(ptr)
				if s == nil {
					e.buf = append(e.buf, 0)
					return
				}
				e.buf = binary.AppendUvarint(e.buf, uint64(len(s))+1)
				for _, x := range s {
					e.string(x)
				}
			}
			p.dec = func(d *decoder, ptr unsafe.Pointer) {
				n, ok := d.count(1)
				if !ok {
					*(*[]string)(ptr) = nil
					return
				}
				var s []string
				if d.a != nil && n > 0 {
					s = unsafe.Slice((*string)(d.a.alloc(slot, t, unsafe.Sizeof(""), n)), n)
				} else {
					s = make([]string, n)
				}
				for i := range s {
					s[i] = d.string()
				}
				*(*[]string)(ptr) = s
			}
			break
		}
		elem, err := compile(t.Elem(), inProgress)
		if err != nil {
			return nil, err
		}
		size := t.Elem().Size()
		slot := newSlot()
		p.enc = func(e *encoder, ptr unsafe.Pointer) {
			h := (*sliceHeader)(ptr)
			if h.data == nil {
				e.buf = append(e.buf, 0)
				return
			}
			e.buf = binary.AppendUvarint(e.buf, uint64(h.len)+1)
			for i := range h.len {
				elem.enc(e, unsafe.Add(h.data, uintptr(i)*size))
			}
		}
		p.dec = func(d *decoder, ptr unsafe.Pointer) {
			n, ok := d.count(elem.min)
			if !ok {
				*(*sliceHeader)(ptr) = sliceHeader{}
				return
			}
			// The elements are decoded in place in the new array, which
			// the header then points at (the GC sees an unsafe.Pointer).
			var base unsafe.Pointer
			if n > 0 {
				base = d.a.alloc(slot, t, size, n)
			} else {
				base = reflect.MakeSlice(t, 0, 0).UnsafePointer()
			}
			for i := range n {
				elem.dec(d, unsafe.Add(base, uintptr(i)*size))
			}
			*(*sliceHeader)(ptr) = sliceHeader{base, n, n}
		}
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("index: %s: map keys other than strings", t)
		}
		// The model's maps (labels, check-in values), without reflection:
		// a map value is one pointer whatever its named type.
		if t.Key() == reflect.TypeFor[string]() && t.Elem() == reflect.TypeFor[string]() {
			stringMap[string](p, func(e *encoder, v string) { e.string(v) }, (*decoder).string, 1)
			break
		}
		if t.Key() == reflect.TypeFor[string]() && t.Elem() == reflect.TypeFor[float64]() {
			stringMap[float64](p, encodeFloat, decodeFloat, 8)
			break
		}
		key, err := compile(t.Key(), inProgress)
		if err != nil {
			return nil, err
		}
		val, err := compile(t.Elem(), inProgress)
		if err != nil {
			return nil, err
		}
		p.enc = func(e *encoder, ptr unsafe.Pointer) {
			v := reflect.NewAt(t, ptr).Elem()
			if v.IsNil() {
				e.buf = append(e.buf, 0)
				return
			}
			e.buf = binary.AppendUvarint(e.buf, uint64(v.Len())+1)
			// Sorted keys: the same value always encodes the same way.
			keys := v.MapKeys()
			sortValues(keys)
			k := reflect.New(t.Key()).Elem()
			x := reflect.New(t.Elem()).Elem()
			for _, mk := range keys {
				k.Set(mk)
				x.Set(v.MapIndex(mk))
				key.enc(e, k.Addr().UnsafePointer())
				val.enc(e, x.Addr().UnsafePointer())
			}
		}
		p.dec = func(d *decoder, ptr unsafe.Pointer) {
			v := reflect.NewAt(t, ptr).Elem()
			n, ok := d.count(key.min + val.min)
			if !ok {
				v.SetZero()
				return
			}
			m := reflect.MakeMapWithSize(t, n)
			for range n {
				k := reflect.New(t.Key())
				x := reflect.New(t.Elem())
				key.dec(d, k.UnsafePointer())
				val.dec(d, x.UnsafePointer())
				m.SetMapIndex(k.Elem(), x.Elem())
			}
			if m.Len() != n {
				d.fail("repeated map key")
			}
			v.Set(m)
		}
	case reflect.Struct:
		type field struct {
			off uintptr
			p   *plan
		}
		var fields []field
		for i := range t.NumField() {
			f := t.Field(i)
			fp, err := compile(f.Type, inProgress)
			if err != nil {
				return nil, err
			}
			if f.Type.Size() == 0 {
				return nil, fmt.Errorf("index: %s.%s takes no bytes", t, f.Name)
			}
			fields = append(fields, field{f.Offset, fp})
		}
		p.min = 0
		for _, f := range fields {
			p.min += f.p.min
		}
		if len(fields) == 0 {
			// Every value must take a byte at least, so that a count can be
			// checked against the bytes left.
			return nil, fmt.Errorf("index: %s has no fields", t)
		}
		p.enc = func(e *encoder, ptr unsafe.Pointer) {
			for _, f := range fields {
				f.p.enc(e, unsafe.Add(ptr, f.off))
			}
		}
		p.dec = func(d *decoder, ptr unsafe.Pointer) {
			for _, f := range fields {
				f.p.dec(d, unsafe.Add(ptr, f.off))
			}
		}
	default:
		return nil, fmt.Errorf("index: %s (%s) not supported", t, t.Kind())
	}
	return p, nil
}

func encodeFloat(e *encoder, x float64) {
	e.buf = binary.LittleEndian.AppendUint64(e.buf, math.Float64bits(x))
}

func decodeFloat(d *decoder) float64 {
	if d.end-d.pos < 8 {
		d.fail("short float")
	}
	s := d.data[d.pos : d.pos+8]
	d.pos += 8
	return math.Float64frombits(uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56)
}

// stringMap fills p for a map type whose key is string and value V, as
// the generic map plan does (nil apart from empty, sorted keys), without
// reflection; min is the fewest bytes a V takes.
func stringMap[V any](p *plan, enc func(*encoder, V), dec func(*decoder) V, min int) {
	p.enc = func(e *encoder, ptr unsafe.Pointer) {
		m := *(*map[string]V)(ptr)
		if m == nil {
			e.buf = append(e.buf, 0)
			return
		}
		e.buf = binary.AppendUvarint(e.buf, uint64(len(m))+1)
		for _, k := range slices.Sorted(maps.Keys(m)) {
			e.string(k)
			enc(e, m[k])
		}
	}
	p.dec = func(d *decoder, ptr unsafe.Pointer) {
		n, ok := d.count(1 + min)
		if !ok {
			*(*map[string]V)(ptr) = nil
			return
		}
		m := make(map[string]V, n)
		for range n {
			k := d.string()
			m[k] = dec(d)
		}
		if len(m) != n {
			d.fail("repeated map key")
		}
		*(*map[string]V)(ptr) = m
	}
}

// sliceHeader is the layout of a Go slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func sortValues(keys []reflect.Value) {
	// Insertion sort: maps in the model hold a few keys.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

func (e *encoder) string(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *encoder) uvarint(x uint64) { e.buf = binary.AppendUvarint(e.buf, x) }
func (e *encoder) varint(x int64)   { e.buf = binary.AppendVarint(e.buf, x) }

func (d *decoder) fail(msg string) { panic(&decodeError{msg}) }

func (d *decoder) byte() byte {
	if d.pos >= d.end {
		d.fail("short")
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *decoder) uvarint() uint64 {
	var x uint64
	for shift := uint(0); ; shift += 7 {
		if shift > 63 {
			d.fail("long varint")
		}
		b := d.byte()
		x |= uint64(b&0x7f) << shift
		if b < 0x80 {
			return x
		}
	}
}

func (d *decoder) varint() int64 {
	u := d.uvarint()
	x := int64(u >> 1)
	if u&1 != 0 {
		x = ^x
	}
	return x
}

// length reads a byte count that must fit in what is left.
func (d *decoder) length() int {
	n := d.uvarint()
	if n > uint64(d.end-d.pos) {
		d.fail("length past the end")
	}
	return int(n)
}

// count reads the length of a slice or map whose elements take min bytes
// at least: ok is false for nil. A count that cannot fit in the bytes left
// is corrupt, and refused before anything is allocated.
func (d *decoder) count(min int) (n int, ok bool) {
	c := d.uvarint()
	if c == 0 {
		return 0, false
	}
	if c-1 > uint64((d.end-d.pos)/max(min, 1)) {
		d.fail("count past the end")
	}
	return int(c - 1), true
}

func (d *decoder) string() string {
	// Most strings are shorter than 128 bytes: their length is one byte.
	if d.pos < d.end {
		if n := int(d.data[d.pos]); n < 0x80 && n < d.end-d.pos {
			s := d.data[d.pos+1 : d.pos+1+n]
			d.pos += 1 + n
			return s
		}
	}
	n := d.length()
	s := d.data[d.pos : d.pos+n]
	d.pos += n
	return s
}

// sub returns a decoder for the next n bytes and skips them.
func (d *decoder) sub() decoder {
	n := d.length()
	s := decoder{data: d.data, pos: d.pos, end: d.pos + n}
	d.pos += n
	return s
}

// decodeValue decodes data[pos:end] into *v (a pointer to a struct) with
// its plan; all of the bytes must be used.
func decodeValue(p *plan, d decoder, v unsafe.Pointer) error {
	if d.a != nil {
		// The arena's decoder: one given to a plan escapes to the heap.
		d.a.d = d
		return runPlan(p, &d.a.d, v)
	}
	own := d
	return runPlan(p, &own, v)
}

func runPlan(p *plan, d *decoder, v unsafe.Pointer) (err error) {
	defer func() {
		if r := recover(); r != nil {
			var de *decodeError
			if e, ok := r.(error); ok && errors.As(e, &de) {
				err = de
				return
			}
			// Anything else is a bug in this file; the index is never
			// required, so it is still only "no index".
			err = fmt.Errorf("index: %v", r)
		}
	}()
	p.dec(d, v)
	if d.pos != d.end {
		return &decodeError{"trailing bytes"}
	}
	return nil
}
