// Package sariftest checks in tests that a SARIF log is valid SARIF 2.1.0,
// against the JSON Schema in testdata: the standard's constraints on every
// object collab writes, each object closed as in the standard's own schema.
// When COLLAB_SARIF_SCHEMA names a copy of the standard's own schema
// (sarif-2.1.0-rtm.5.json; .ci/run fetches it from npm), the log must pass
// that one too; under COLLAB_CI a missing copy is an error.
package sariftest

import (
	"bytes"
	_ "embed"
	"fmt"
	"os"
	"testing"

	"github.com/collab-tools/collab/internal/jsonschema"
)

//go:embed testdata/sarif-2.1.0-subset.schema.json
var schemaJSON []byte

// Check fails the test unless data is one valid SARIF 2.1.0 log.
func Check(t testing.TB, data []byte) {
	t.Helper()
	if err := Validate(data); err != nil {
		t.Errorf("not valid SARIF 2.1.0: %v\n%s", err, data)
	}
}

// Validate reports why data is not a valid SARIF 2.1.0 log, nil when it is.
func Validate(data []byte) error {
	schemas := map[string][]byte{"sarif-2.1.0-subset.schema.json": schemaJSON}
	if path := os.Getenv("COLLAB_SARIF_SCHEMA"); path != "" {
		official, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("COLLAB_SARIF_SCHEMA: %w", err)
		}
		schemas["sarif-2.1.0-rtm.5.json"] = official
	} else if os.Getenv("COLLAB_CI") != "" {
		return fmt.Errorf("COLLAB_SARIF_SCHEMA is not set: .ci/run fetches the standard's schema")
	}
	for name, schemaDoc := range schemas {
		schema, err := compile(name, schemaDoc)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
		if err != nil {
			return err
		}
		if err := schema.Validate(doc); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

func compile(name string, data []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(name, doc); err != nil {
		return nil, err
	}
	return c.Compile(name)
}
