package validate

import (
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkText reports every key and value holding a character no text may
// hold (model.BadChar): one-line fields hold no control character at all,
// multi-line ones (model.MultiLineField) tab and newline only.
func (c *checker) checkText(r *reporter, e *workspace.Entity) {
	// The path to the node is a stack of steps, made into a node path only
	// for a diagnostic: most files have none, and a path per node cost
	// more than the check itself.
	type step struct {
		key   string
		index int // -1 for a mapping key
	}
	var stack []step
	path := func(extra ...step) []any {
		out := make([]any, 0, len(stack)+len(extra))
		for _, s := range append(stack[:len(stack):len(stack)], extra...) {
			if s.index < 0 {
				out = append(out, s.key)
			} else {
				out = append(out, s.index)
			}
		}
		return out
	}
	var walk func(n *yaml.Node, multiLine bool)
	walk = func(n *yaml.Node, multiLine bool) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if ch, bad := model.BadChar(k, false); bad {
					r.atKey(diag.Error, CodeControlChar, path(step{k, -1}), "%s: the key holds the character U+%04X; remove it", dotted(path()...), ch)
				}
				stack = append(stack, step{k, -1})
				walk(n.Content[i+1], model.MultiLineField(k))
				stack = stack[:len(stack)-1]
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				stack = append(stack, step{index: i})
				walk(item, false)
				stack = stack[:len(stack)-1]
			}
		case yaml.ScalarNode:
			ch, bad := model.BadChar(n.Value, multiLine)
			switch {
			case !bad:
			case multiLine:
				r.at(diag.Error, CodeControlChar, path(), "%s: the character U+%04X is not allowed (text may hold tabs and newlines, no other control character); remove it", dotted(path()...), ch)
			default:
				r.at(diag.Error, CodeControlChar, path(), "%s: the character U+%04X is not allowed in one-line text; remove it", dotted(path()...), ch)
			}
		}
	}
	walk(e.Doc.Node, false)
}
