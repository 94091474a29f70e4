package yamldoc

import (
	"reflect"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Decode decodes the tree into a typed value (yaml struct tags).
//
// yaml.v3 compares every key of a mapping with every other one before it
// decodes the mapping, which is quadratic in the number of keys (a 1 MiB
// file of unknown fields took minutes). Parse has refused duplicate keys
// already, so Decode first leaves out of each mapping decoded into a struct
// the keys the struct has no field for, which yaml.v3 would ignore anyway;
// string-keyed maps of any size decode in one pass as model.Map.
func (d *Doc) Decode(v any) error {
	return prune(d.Node, reflect.TypeOf(v)).Decode(v)
}

var unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()

// prune returns n, or a copy of it without the mapping keys that type t
// (and the types within it) has no field for.
func prune(n *yaml.Node, t reflect.Type) *yaml.Node {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return n
	}
	// content is made only once a child differs: most mappings hold only
	// keys their struct knows, and then n itself is returned.
	var content []*yaml.Node
	changed := false
	change := func(upTo int) {
		if !changed {
			changed = true
			content = append(make([]*yaml.Node, 0, len(n.Content)), n.Content[:upTo]...)
		}
	}
	switch {
	case n.Kind == yaml.MappingNode && t.Kind() == reflect.Struct:
		fields, ok := structFields(t)
		if !ok {
			return n
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			ft, ok := fields[n.Content[i].Value]
			if !ok {
				change(i)
				continue
			}
			v := prune(n.Content[i+1], ft)
			if v != n.Content[i+1] {
				change(i)
			}
			if changed {
				content = append(content, n.Content[i], v)
			}
		}
	case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
		for i, c := range n.Content {
			v := prune(c, t.Elem())
			if v != c {
				change(i)
			}
			if changed {
				content = append(content, v)
			}
		}
	}
	if !changed {
		return n
	}
	c := *n
	c.Content = content
	return &c
}

// fieldCache holds structFields' answers by type.
var fieldCache sync.Map

type fieldSet struct {
	fields map[string]reflect.Type
	ok     bool
}

// structFields maps the keys yaml.v3 decodes into struct type t to their
// field types, following inline structs. ok is false when t takes any key
// (an inline map), so nothing may be left out.
func structFields(t reflect.Type) (map[string]reflect.Type, bool) {
	if c, found := fieldCache.Load(t); found {
		fs := c.(fieldSet)
		return fs.fields, fs.ok
	}
	fields := map[string]reflect.Type{}
	ok := true
	for f := range t.Fields() {
		if f.PkgPath != "" && !f.Anonymous {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			continue
		}
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() != reflect.Struct {
				ok = false
				continue
			}
			inner, innerOK := structFields(ft)
			ok = ok && innerOK
			for k, v := range inner {
				fields[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		fields[name] = f.Type
	}
	fieldCache.Store(t, fieldSet{fields, ok})
	return fields, ok
}
