// Package schema embeds the JSON Schemas (draft 2020-12) of the collab file
// formats, one per kind. Validation takes them only from the binary.
package schema

import (
	"embed"
	"strings"
)

//go:embed *.schema.json
var files embed.FS

// Names lists the schema names (workspace, team, goal, agreement, stakeholdermap).
var Names = []string{"workspace", "team", "goal", "agreement", "stakeholdermap"}

// Get returns the schema document for a name from Names.
func Get(name string) ([]byte, bool) {
	b, err := files.ReadFile(strings.ToLower(name) + ".schema.json")
	return b, err == nil
}

// URL is the $id of the named schema.
func URL(name string) string {
	return "https://collab-tools.github.io/schema/v1/" + strings.ToLower(name) + ".schema.json"
}
