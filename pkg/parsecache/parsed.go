package parsecache

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Flavours of value: what a blob was parsed as. Parsing depends on the
// file's kind (an agreement is also decoded), never on its name.
const (
	// flavourParsed + the kind's code: a semdiff.Parsed.
	flavourParsed = 0x10
)

var kindCodes = []model.Kind{model.KindWorkspace, model.KindTeam, model.KindGoal, model.KindAgreement, model.KindStakeholderMap}

// ParsedKey is the key of the semdiff.Parsed of blob id as a file of kind
// k; false for a kind the cache does not know.
func ParsedKey(id [20]byte, k model.Kind) (Key, bool) {
	i := slices.Index(kindCodes, k)
	if i < 0 {
		return Key{}, false
	}
	return Key{ID: id, Flavour: flavourParsed + byte(i)}, true
}

// Tags of the tree's values.
const (
	tagNull byte = iota
	tagFalse
	tagTrue
	tagString
	tagNumber
	tagMap
	tagList
)

// EncodeParsed encodes what p holds (see semdiff.Parts).
func EncodeParsed(p *semdiff.Parsed) ([]byte, error) {
	parts := p.Parts()
	e := &enc{buf: make([]byte, 0, 1024)}
	e.string(parts.Title)
	e.string(parts.Err)
	if err := e.tree(parts.Tree, 0); err != nil {
		return nil, err
	}
	if parts.Agreement == nil {
		e.buf = append(e.buf, 0)
		return e.buf, nil
	}
	e.buf = append(e.buf, 1)
	return workspace.AppendValue(e.buf, parts.Agreement)
}

// DecodeParsed decodes what EncodeParsed encoded. Nothing in b is
// trusted: any fault is an error. b must not change afterwards (strings
// are cut out of it).
func DecodeParsed(b []byte) (p *semdiff.Parsed, err error) {
	d := &dec{data: unsafe.String(unsafe.SliceData(b), len(b))}
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(decodeError); !ok {
				panic(r)
			}
			p, err = nil, errors.New(string(r.(decodeError)))
		}
	}()
	var parts semdiff.Parts
	parts.Title = d.string()
	parts.Err = d.string()
	parts.Tree = d.tree(0)
	switch d.byte() {
	case 0:
		if d.pos != len(d.data) {
			d.fail("trailing bytes")
		}
	case 1:
		a := &model.Agreement{}
		if err := workspace.DecodeValue(d.data[d.pos:], a); err != nil {
			return nil, err
		}
		parts.Agreement = a
	default:
		d.fail("bad agreement tag")
	}
	return semdiff.FromParts(parts), nil
}

// maxDepth bounds the nesting of a tree (yamldoc refuses deeper files).
const maxDepth = 256

type enc struct{ buf []byte }

func (e *enc) string(s string) {
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *enc) tree(v any, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("parsecache: tree deeper than %d", maxDepth)
	}
	switch v := v.(type) {
	case nil:
		e.buf = append(e.buf, tagNull)
	case bool:
		if v {
			e.buf = append(e.buf, tagTrue)
		} else {
			e.buf = append(e.buf, tagFalse)
		}
	case string:
		e.buf = append(e.buf, tagString)
		e.string(v)
	case json.Number:
		e.buf = append(e.buf, tagNumber)
		e.string(string(v))
	case map[string]any:
		e.buf = append(e.buf, tagMap)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(v)))
		// In map order: the order of keys is no part of the value.
		for k, x := range v {
			e.string(k)
			if err := e.tree(x, depth+1); err != nil {
				return err
			}
		}
	case []any:
		e.buf = append(e.buf, tagList)
		e.buf = binary.AppendUvarint(e.buf, uint64(len(v)))
		for _, x := range v {
			if err := e.tree(x, depth+1); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("parsecache: %T in a tree", v)
	}
	return nil
}

type decodeError string

type dec struct {
	data string
	pos  int
}

func (d *dec) fail(msg string) { panic(decodeError("parsecache: " + msg)) }

func (d *dec) byte() byte {
	if d.pos >= len(d.data) {
		d.fail("short")
	}
	b := d.data[d.pos]
	d.pos++
	return b
}

func (d *dec) uvarint() uint64 {
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

func (d *dec) string() string {
	n := d.uvarint()
	if n > uint64(len(d.data)-d.pos) {
		d.fail("string past the end")
	}
	s := d.data[d.pos : d.pos+int(n)]
	d.pos += int(n)
	return s
}

// count reads a length of items that take a byte each at least.
func (d *dec) count() int {
	n := d.uvarint()
	if n > uint64(len(d.data)-d.pos) {
		d.fail("count past the end")
	}
	return int(n)
}

func (d *dec) tree(depth int) any {
	if depth > maxDepth {
		d.fail("too deep")
	}
	switch d.byte() {
	case tagNull:
		return nil
	case tagFalse:
		return false
	case tagTrue:
		return true
	case tagString:
		return d.string()
	case tagNumber:
		return json.Number(d.string())
	case tagMap:
		n := d.count()
		m := make(map[string]any, n)
		for range n {
			k := d.string()
			m[k] = d.tree(depth + 1)
		}
		if len(m) != n {
			d.fail("repeated key")
		}
		return m
	case tagList:
		n := d.count()
		s := make([]any, n)
		for i := range s {
			s[i] = d.tree(depth + 1)
		}
		return s
	}
	d.fail("bad tag")
	return nil
}

// flavourEntity + the kind's code: a model entity as workspace.Decode
// gives it (collab verify judges these).
const flavourEntity = 0x20

// EntityKey is the key of blob id decoded as workspace.Decode decodes a
// file of kind k; false for a kind the cache does not know.
func EntityKey(id [20]byte, k model.Kind) (Key, bool) {
	i := slices.Index(kindCodes, k)
	if i < 0 {
		return Key{}, false
	}
	return Key{ID: id, Flavour: flavourEntity + byte(i)}, true
}

// EncodeEntity encodes v, the value workspace.Decode gave (nil for a file
// that does not decode).
func EncodeEntity(v any) ([]byte, error) {
	if v == nil {
		return []byte{0}, nil
	}
	return workspace.AppendValue([]byte{1}, v)
}

// DecodeEntity decodes what EncodeEntity encoded for a file of kind k.
// Nothing in b is trusted; b must not change afterwards.
func DecodeEntity(b []byte, k model.Kind) (any, error) {
	switch {
	case len(b) == 1 && b[0] == 0:
		return nil, nil
	case len(b) == 0 || b[0] != 1:
		return nil, errors.New("parsecache: bad entity tag")
	}
	v := model.NewEntity(k)
	if v == nil {
		return nil, fmt.Errorf("parsecache: no entity of kind %q", k)
	}
	if err := workspace.DecodeValue(unsafe.String(unsafe.SliceData(b[1:]), len(b)-1), v); err != nil {
		return nil, err
	}
	return v, nil
}
