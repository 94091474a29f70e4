package model

import (
	"reflect"
	"strings"
	"sync"
)

// KeyRank returns the canonical key order of kind k's files, taken from the
// field order of the structs (which follows docs/format.md). path is the key path
// of a mapping, with "[]" for a sequence item. Unknown keys sort last. The
// order is worked out on the first call, not when KeyRank is called: the
// packages that keep a rank in a package variable would otherwise make
// every command's start-up walk the model.
func KeyRank(k Kind) func(path []string, key string) int {
	order := sync.OnceValue(func() map[string]map[string]int {
		order := map[string]map[string]int{}
		walkOrder(reflect.TypeOf(NewEntity(k)).Elem(), "", order)
		return order
	})
	return func(path []string, key string) int {
		if r, ok := order()[strings.Join(path, "/")][key]; ok {
			return r
		}
		return 1 << 20
	}
}

func walkOrder(t reflect.Type, prefix string, order map[string]map[string]int) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		if t.Kind() == reflect.Slice {
			prefix = join(prefix, "[]")
		}
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return
	}
	if order[prefix] == nil {
		order[prefix] = map[string]int{}
	}
	var fields func(t reflect.Type)
	fields = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if strings.Contains(opts, "inline") {
				fields(f.Type)
				continue
			}
			order[prefix][name] = len(order[prefix])
			walkOrder(f.Type, join(prefix, name), order)
		}
	}
	fields(t)
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "/" + name
}

// NewEntity returns a pointer to a zero entity of kind k.
func NewEntity(k Kind) any {
	switch k {
	case KindWorkspace:
		return &Workspace{}
	case KindTeam:
		return &Team{}
	case KindGoal:
		return &Goal{}
	case KindAgreement:
		return &Agreement{}
	case KindStakeholderMap:
		return &StakeholderMap{}
	}
	return nil
}
