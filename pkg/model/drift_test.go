package model

import (
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/collab-tools/collab/schema"
	"github.com/google/go-cmp/cmp"
)

// TestSchemaMatchesStructs proves that every schema property is a struct
// field and every struct field a schema property, at every depth.
func TestSchemaMatchesStructs(t *testing.T) {
	types := map[string]any{
		"workspace": Workspace{}, "team": Team{}, "goal": Goal{},
		"agreement": Agreement{}, "stakeholdermap": StakeholderMap{},
	}
	for _, name := range schema.Names {
		raw, ok := schema.Get(name)
		if !ok {
			t.Fatalf("schema %s missing", name)
		}
		var s map[string]any
		if err := json.Unmarshal(raw, &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		defs, _ := s["$defs"].(map[string]any)
		compare(t, name, s, defs, reflect.TypeOf(types[name]))
	}
}

func compare(t *testing.T, where string, s map[string]any, defs map[string]any, typ reflect.Type) {
	t.Helper()
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if ref, ok := s["$ref"].(string); ok {
		s = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
	switch typ.Kind() {
	case reflect.Struct:
		props, ok := s["properties"].(map[string]any)
		if !ok {
			t.Errorf("%s: struct %s but schema has no properties", where, typ)
			return
		}
		fields := map[string]reflect.Type{}
		collectFields(typ, fields)
		var schemaKeys, fieldKeys []string
		for k := range props {
			schemaKeys = append(schemaKeys, k)
		}
		for k := range fields {
			fieldKeys = append(fieldKeys, k)
		}
		sort.Strings(schemaKeys)
		sort.Strings(fieldKeys)
		if diff := cmp.Diff(schemaKeys, fieldKeys); diff != "" {
			t.Errorf("%s: schema properties vs %s fields (-schema +struct):\n%s", where, typ, diff)
		}
		for k, ft := range fields {
			if p, ok := props[k].(map[string]any); ok {
				compare(t, where+"."+k, p, defs, ft)
			}
		}
	case reflect.Slice:
		items, ok := s["items"].(map[string]any)
		if !ok {
			t.Errorf("%s: slice but schema has no items", where)
			return
		}
		compare(t, where+"[]", items, defs, typ.Elem())
	}
}

func collectFields(typ reflect.Type, out map[string]reflect.Type) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(opts, "inline") {
			collectFields(f.Type, out)
			continue
		}
		out[name] = f.Type
	}
}
