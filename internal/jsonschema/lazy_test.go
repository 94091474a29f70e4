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
	if Draft2020.sch == nil || Draft2020.vocabSchemas["core"] == nil {
		t.Fatal("meta-schemas still not compiled after Compile")
	}
	if Draft4.sch != nil {
		t.Fatal("draft-04 compiled though no schema uses it")
	}
	// Each draft compiles on its own first use.
	for _, d := range []*Draft{Draft4, Draft6, Draft7, Draft2019} {
		c := NewCompiler()
		if err := c.AddResource("mem://s.json", map[string]any{"$schema": d.url + "#", "type": "string"}); err != nil {
			t.Fatal(err)
		}
		sch, err := c.Compile("mem://s.json")
		if err != nil {
			t.Fatalf("%s: %v", d.url, err)
		}
		if sch.Validate("x") != nil || sch.Validate(1) == nil {
			t.Errorf("%s: the compiled schema does not check type string", d.url)
		}
		if d.sch == nil {
			t.Errorf("%s: meta-schema not compiled after use", d.url)
		}
	}
}

// TrustSchemas skips the meta-schema check only: a schema the meta-schema
// refuses compiles, and what it says is still checked.
func TestTrustSchemas(t *testing.T) {
	doc := map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "maxLength": 3, "minLength": -1}
	c := NewCompiler()
	if err := c.AddResource("mem://s.json", doc); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("mem://s.json"); err == nil {
		t.Fatal("minLength: -1 compiled without TrustSchemas; want a meta-schema error")
	}
	c = NewCompiler()
	c.TrustSchemas()
	if err := c.AddResource("mem://s.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem://s.json")
	if err != nil {
		t.Fatalf("with TrustSchemas: %v", err)
	}
	if sch.Validate("abc") != nil || sch.Validate("abcd") == nil || sch.Validate(1) == nil {
		t.Error("the trusted schema does not check type and maxLength")
	}
}
