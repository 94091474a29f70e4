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
	var walk func(n *yaml.Node, path []any, multiLine bool)
	walk = func(n *yaml.Node, path []any, multiLine bool) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				at := append(path[:len(path):len(path)], k)
				if ch, bad := model.BadChar(k, false); bad {
					r.atKey(diag.Error, CodeControlChar, at, "%s: the key holds the character U+%04X; remove it", dotted(path...), ch)
				}
				walk(n.Content[i+1], at, model.MultiLineField(k))
			}
		case yaml.SequenceNode:
			for i, item := range n.Content {
				walk(item, append(path[:len(path):len(path)], i), false)
			}
		case yaml.ScalarNode:
			ch, bad := model.BadChar(n.Value, multiLine)
			switch {
			case !bad:
			case multiLine:
				r.at(diag.Error, CodeControlChar, path, "%s: the character U+%04X is not allowed (text may hold tabs and newlines, no other control character); remove it", dotted(path...), ch)
			default:
				r.at(diag.Error, CodeControlChar, path, "%s: the character U+%04X is not allowed in one-line text; remove it", dotted(path...), ch)
			}
		}
	}
	walk(e.Doc.Node, nil, false)
}
