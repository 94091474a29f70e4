package sariftest

import (
	"os"
	"strings"
	"testing"

	"github.com/collab-tools/collab/internal/jsonschema"
)

// TestValidateRejects: the schema catches what GitHub's code scanning
// refuses, among them the null rules of a clean run.
func TestValidateRejects(t *testing.T) {
	valid := `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"collab","rules":[]}},"results":[]}]}`
	if err := Validate([]byte(valid)); err != nil {
		t.Fatalf("a minimal log is refused: %v", err)
	}
	bad := map[string]string{
		"null rules":           `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"collab","rules":null}},"results":[]}]}`,
		"wrong version":        `{"version":"2.0.0","runs":[]}`,
		"no tool name":         `{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		"unknown level":        `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"c"}},"results":[{"level":"fatal","message":{"text":"x"}}]}]}`,
		"line 0":               `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"c"}},"results":[{"message":{"text":"x"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.yaml"},"region":{"startLine":0}}}]}]}]}`,
		"misspelt property":    `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"c"}},"results":[{"mesage":{"text":"x"}}]}]}`,
		"message without text": `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"c"}},"results":[{"message":{}}]}]}`,
	}
	for name, doc := range bad {
		if err := Validate([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if strings.TrimSpace(err.Error()) == "" {
			t.Errorf("%s: an empty error", name)
		}
	}
}

// TestOfficialSchema: the standard's own schema, when .ci/run provides it,
// is applied: it takes a minimal log and refuses null rules and another
// version on its own.
func TestOfficialSchema(t *testing.T) {
	path := os.Getenv("COLLAB_SARIF_SCHEMA")
	if path == "" {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("COLLAB_SARIF_SCHEMA is not set")
		}
		t.Skip("COLLAB_SARIF_SCHEMA is not set (.ci/run sets it)")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := compile("sarif-2.1.0-rtm.5.json", data)
	if err != nil {
		t.Fatal(err)
	}
	check := func(doc string) error {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		return schema.Validate(v)
	}
	if err := check(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"collab","rules":[]}},"results":[]}]}`); err != nil {
		t.Errorf("a minimal log is refused: %v", err)
	}
	for _, doc := range []string{
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"collab","rules":null}},"results":[]}]}`,
		`{"version":"2.0.0","runs":[]}`,
	} {
		if check(doc) == nil {
			t.Errorf("accepted: %s", doc)
		}
	}
}
