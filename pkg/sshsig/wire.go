package sshsig

import (
	"encoding/binary"
	"errors"
)

// The SSH wire format (RFC 4251, section 5), read with the standard library
// alone: golang.org/x/crypto/ssh would link its key exchange, ciphers and
// their package initialisation into every run of collab for these few
// fields.

var (
	errShort    = errors.New("truncated data")
	errTrailing = errors.New("unexpected data after the last field")
)

// reader takes fields off the front of an SSH wire encoding. A field that
// does not fit sets err; every later read then returns zero values, so a
// parser reads all its fields and checks err once. Lengths are bounded by
// the data itself: a length prefix never allocates.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errShort
	}
	r.b = nil
}

func (r *reader) uint32() uint32 {
	if len(r.b) < 4 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

// bytes reads a string field: a uint32 length and that many bytes. The
// result shares the input's memory.
func (r *reader) bytes() []byte {
	n := r.uint32()
	if r.err != nil || uint64(n) > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func (r *reader) string() string { return string(r.bytes()) }

// raw reads n bytes with no length prefix.
func (r *reader) raw(n int) []byte {
	if len(r.b) < n {
		r.fail()
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

// done is the error of the whole parse: a short field, or data left over.
func (r *reader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = errTrailing
	}
	return r.err
}

// appendString appends an SSH string field.
func appendString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}
