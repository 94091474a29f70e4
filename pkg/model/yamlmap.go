package model

import (
	"errors"

	"go.yaml.in/yaml/v3"
)

// Map is a mapping of names to values that decodes from YAML in one pass.
// yaml.v3 compares every key of a plain Go map with every other one, which
// is quadratic: a 1 MiB file of short keys took minutes to load. Parsing
// refuses duplicate keys already, so nothing is lost. A key is the text of
// its scalar, as the JSON Schema check reads it.
type Map[V any] map[string]V

// UnmarshalYAML decodes a mapping node pair by pair; anything else decodes
// as a plain map would (and fails the same way).
func (m *Map[V]) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return n.Decode((*map[string]V)(m))
	}
	out := make(Map[V], len(n.Content)/2)
	var errs []string
	for i := 0; i+1 < len(n.Content); i += 2 {
		var v V
		if err := n.Content[i+1].Decode(&v); err != nil {
			var te *yaml.TypeError
			if !errors.As(err, &te) {
				return err
			}
			errs = append(errs, te.Errors...)
			continue
		}
		out[n.Content[i].Value] = v
	}
	*m = out
	if len(errs) > 0 {
		return &yaml.TypeError{Errors: errs}
	}
	return nil
}
