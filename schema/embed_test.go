package schema

import (
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// TestEveryPropertyHasADescription: editors show a property's description
// on hover, so every property of every schema, at any depth, has one.
func TestEveryPropertyHasADescription(t *testing.T) {
	for _, name := range Names {
		var doc any
		if err := json.Unmarshal(mustGet(t, name), &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var missing []string
		walkProperties(doc, "", func(path string, prop map[string]any) {
			if d, ok := prop["description"].(string); !ok || strings.TrimSpace(d) == "" {
				missing = append(missing, path)
			}
		})
		if len(missing) > 0 {
			t.Errorf("%s.schema.json: properties without a description:\n  %s", name, strings.Join(missing, "\n  "))
		}
	}
}

// TestDescriptionsLinkToTheDocs: each schema's description names its
// section of docs/format.md, and that section exists.
func TestDescriptionsLinkToTheDocs(t *testing.T) {
	format, err := os.ReadFile("../docs/format.md")
	if err != nil {
		t.Fatal(err)
	}
	anchors := headings(format)
	link := regexp.MustCompile(`docs/format\.md#([a-z0-9-]+)`)
	for _, name := range Names {
		var s struct{ Description string }
		if err := json.Unmarshal(mustGet(t, name), &s); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := link.FindStringSubmatch(s.Description)
		switch {
		case m == nil:
			t.Errorf("%s: description %q does not link to docs/format.md#SECTION", name, s.Description)
		case !anchors[m[1]]:
			t.Errorf("%s: docs/format.md has no section #%s", name, m[1])
		}
	}
}

// walkProperties calls fn for every property schema under a "properties"
// keyword anywhere in v, with its dotted path.
func walkProperties(v any, path string, fn func(string, map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if props, ok := v[k].(map[string]any); ok && k == "properties" {
				names := make([]string, 0, len(props))
				for n := range props {
					names = append(names, n)
				}
				sort.Strings(names)
				for _, n := range names {
					p := strings.TrimPrefix(path+"."+n, ".")
					if prop, ok := props[n].(map[string]any); ok {
						fn(p, prop)
					}
					walkProperties(props[n], p, fn)
				}
				continue
			}
			walkProperties(v[k], strings.TrimPrefix(path+"."+k, "."), fn)
		}
	case []any:
		for _, x := range v {
			walkProperties(x, path, fn)
		}
	}
}

func mustGet(t *testing.T, name string) []byte {
	t.Helper()
	b, ok := Get(name)
	if !ok {
		t.Fatalf("no embedded schema %q", name)
	}
	return b
}
