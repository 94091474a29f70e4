package stakeholders

import (
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// RolesNode is a role list as the example files write it: [a, b].
func RolesNode(roles []string) (*yaml.Node, error) {
	n, err := yamldoc.NewNode(roles)
	if err != nil {
		return nil, err
	}
	n.Style |= yaml.FlowStyle
	return n, nil
}

// Node is a stakeholder as a YAML mapping in the canonical key order, with
// its roles in flow style.
func Node(s model.Stakeholder) (*yaml.Node, error) {
	n, err := yamldoc.NewNode(s)
	if err != nil {
		return nil, err
	}
	flowRoles(n)
	return n, nil
}

// MapNode is a whole new map file as a YAML tree, roles in flow style.
func MapNode(m *model.StakeholderMap) (*yaml.Node, error) {
	n := &yaml.Node{}
	if err := n.Encode(m); err != nil {
		return nil, err
	}
	flowRoles(n)
	return n, nil
}

// flowRoles puts every roles list under n in flow style.
func flowRoles(n *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Kind == yaml.MappingNode && n.Content[i].Value == "roles" && n.Content[i+1].Kind == yaml.SequenceNode {
			n.Content[i+1].Style |= yaml.FlowStyle
		}
	}
	for _, c := range n.Content {
		flowRoles(c)
	}
}
