package yamldoc

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// Marshal renders a new entity file: 2-space indent, keys in struct order
// (the order of docs/format.md), dates written plain as people write them.
func Marshal(v any) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, err
	}
	plainDates(&n)
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// plainDates drops the quotes yaml puts on date strings: collab reads
// timestamps back as the same strings, and plain dates match hand-written files.
func plainDates(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && IsDate(n.Value) {
		n.Tag, n.Style = "", 0
	}
	for _, c := range n.Content {
		plainDates(c)
	}
}
