// Package sariftest checks in tests that a SARIF log is valid SARIF 2.1.0,
// against the JSON Schema in testdata: the standard's constraints on every
// object collab writes, each object closed as in the standard's own schema.
package sariftest

import (
	"bytes"
	_ "embed"
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
	schema, err := compile()
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	return schema.Validate(doc)
}

func compile() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-2.1.0-subset.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("sarif-2.1.0-subset.schema.json")
}
