package yamldoc

import (
	"encoding/json"
	"regexp"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// decimalRE is a plain decimal number as JSON writes it (an optional leading
// "+" is dropped). Anything else YAML reads as a number (012345, 0x1f, 0o17,
// 1_000, .5, .inf, .nan) stays a string, so a schema sees the text the user
// wrote instead of a silently converted value.
var decimalRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$`)
})

// JSON converts the tree to JSON types for schema validation: map[string]any,
// []any, string, bool, nil and json.Number. Dates and timestamps stay strings,
// quoted scalars are strings, only true and false (also True/TRUE, YAML 1.2
// core) are booleans, and only plain decimal literals are numbers.
func (d *Doc) JSON() any {
	return toJSON(d.Node)
}

func toJSON(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return toJSON(n.Content[0])
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toJSON(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			s = append(s, toJSON(c))
		}
		return s
	case yaml.AliasNode:
		return nil // Parse refuses aliases; never expand them
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		switch n.Value {
		case "true", "True", "TRUE":
			return true
		case "false", "False", "FALSE":
			return false
		}
	case "!!int", "!!float":
		if decimalRE().MatchString(n.Value) {
			return json.Number(strings.TrimPrefix(n.Value, "+"))
		}
	}
	return n.Value
}
