package workspace

import (
	"fmt"
	"reflect"
)

// The index's value codec, for other caches of decoded model values (such
// as the parsed file versions of history, keyed by blob id).

// ValueKey is what a value encoded by AppendValue depends on: the index
// format, the build and the model types. A cache must not trust a value
// written under another key. ok is false when values cannot be encoded
// (the build cannot be told): then nothing is to be cached.
func ValueKey() (key string, ok bool) { return indexKey() }

// AppendValue appends the encoding of v, a pointer to a model entity
// struct, to buf.
func AppendValue(buf []byte, v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil, fmt.Errorf("index: %T is not a pointer to a struct", v)
	}
	p, err := planFor(rv.Type().Elem())
	if err != nil {
		return nil, err
	}
	e := encoder{buf: buf}
	p.enc(&e, rv.UnsafePointer())
	return e.buf, nil
}

// DecodeValue decodes data, all of it, into v, a pointer to the struct
// AppendValue encoded. Nothing in data is trusted: any fault is an error.
// The strings of v are cut out of data, which must not change afterwards.
func DecodeValue(data string, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("index: %T is not a pointer to a struct", v)
	}
	p, err := planFor(rv.Type().Elem())
	if err != nil {
		return err
	}
	return decodeValue(p, decoder{data: data, end: len(data)}, rv.UnsafePointer())
}
