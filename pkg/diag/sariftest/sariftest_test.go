package sariftest

import (
	"strings"
	"testing"
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
