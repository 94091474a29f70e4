package validate

import (
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/schema"
)

// TestEmbeddedSchemasValid checks every embedded schema against the draft
// 2020-12 meta-schema, which schemaFor skips for speed: a schema change that
// the meta-schema refuses fails here.
func TestEmbeddedSchemasValid(t *testing.T) {
	if _, err := schemaFor(model.KindGoal); err != nil {
		t.Fatal(err)
	}
	for _, name := range schemaName {
		if _, err := compileSchema(name, false); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// The check does run: a broken copy of a schema is refused.
	saved := compiled.raw
	defer func() { compiled.raw = saved }()
	broken := map[string]any{}
	for u, doc := range saved {
		broken[u] = doc
	}
	goal := schema.URL("goal")
	broken[goal] = map[string]any{"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": goal, "type": "object", "minProperties": -1}
	compiled.raw = broken
	if _, err := compileSchema("goal", false); err == nil || !strings.Contains(err.Error(), "minProperties") {
		t.Errorf("a goal schema with minProperties: -1 compiled: %v", err)
	}
}
