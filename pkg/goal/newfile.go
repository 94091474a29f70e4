package goal

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// NewFile renders a new goal file as docs/format.md shows one: keys in
// canonical order, teams and period on one line each (teams: [a, b],
// period: {start: .., end: ..}).
func NewFile(g model.Goal) ([]byte, error) {
	data, err := yamldoc.Marshal(g)
	if err != nil {
		return nil, err
	}
	d, diags := yamldoc.Parse(workspace.PathOf(model.KindGoal, g.Metadata.ID), data)
	if d == nil {
		return nil, fmt.Errorf("new goal file: %s", diags[0])
	}
	for _, key := range []string{"teams", "period"} {
		if n := d.Lookup("spec", key); n != nil {
			n.Style = yaml.FlowStyle
		}
	}
	return d.Bytes()
}
