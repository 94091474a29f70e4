package jsonschema

import (
	"strings"
	"testing"
)

// The meta-schemas are compiled by the first Compile, not at start-up, and
// a schema is still checked against its draft's meta-schema then.
func TestDraftsCompiledOnFirstUse(t *testing.T) {
	if Draft2020.sch != nil {
		t.Fatal("the 2020-12 meta-schema was compiled before any Compile (at init)")
	}
	c := NewCompiler()
	if err := c.AddResource("mem://bad.json", map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 5}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Compile("mem://bad.json")
	if err == nil || !strings.Contains(err.Error(), "type") {
		t.Fatalf("Compile of a schema with type: 5 = %v; want a meta-schema error about type", err)
	}
	if Draft2020.sch == nil || Draft4.sch == nil || Draft2020.allVocabs["core"] == nil {
		t.Fatal("meta-schemas still not compiled after Compile")
	}
}
