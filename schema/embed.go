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

// URL is the $id of the named schema: the file in the repository, as
// GitHub serves it raw, so the identifier is also an address an editor can
// load (the schemas are not published anywhere else). It follows the main
// branch; an exact copy of an installed version is `collab schema KIND`.
func URL(name string) string {
	return "https://raw.githubusercontent.com/collab-tools/collab/main/schema/" + strings.ToLower(name) + ".schema.json"
}
