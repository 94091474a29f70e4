package model

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestTermsDocExample keeps the worked example of docs/terms.md true: its
// agreement encodes to the JSON shown and hashes to the digest given.
func TestTermsDocExample(t *testing.T) {
	doc, err := os.ReadFile("../../docs/terms.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)### Example.*?```yaml\n(.*?)```.*?```json\n(.*?)\n```.*?the digest is `([0-9a-f]+)`").FindSubmatch(doc)
	if m == nil {
		t.Fatal("docs/terms.md: no example with a yaml block, a json block and \"the digest is `...`\"")
	}
	var a Agreement
	if err := yaml.Unmarshal(m[1], &a); err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(a.Terms())
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(m[2]) {
		t.Errorf("canonical JSON of the example:\n got %s\nwant %s", got, m[2])
	}
	if d := a.TermsDigest(); d != string(m[3]) {
		t.Errorf("digest of the example = %s, docs/terms.md says %s", d, m[3])
	}
}
