package goal

import (
	"github.com/collab-tools/collab/pkg/model"
)

// Permission is one row of the table of who may change what in a goal, as
// docs/permissions.md shows it (a test keeps the two equal).
type Permission struct {
	Change   string `json:"change"`
	Who      string `json:"who"`
	Commands string `json:"commands"`
}

// Permissions is who may change what in a goal. The owner and teams are
// taken as they were before the change; a new goal is judged by its own.
var Permissions = []Permission{
	{"add a new goal", whoChanges, "`goal new`"},
	{"change a goal: key results, check-ins, status, any field", whoChanges, "`goal kr`, `activate`, `checkin`, `close`, `edit`"},
	{"delete the goal file", whoDeletes, "`git rm`"},
}

const (
	whoChanges = "the goal owner or a member of one of its teams"
	whoDeletes = "the goal owner"
)

// Stewards are the people who may change a goal: its owner and the members
// of its teams.
func Stewards(g *model.Goal, teams map[string]*model.Team) model.People {
	return model.People{}.Add(g.Spec.Owner).AddMembers(teams, g.Spec.Teams...)
}

// Check returns the refusal of actor changing goal old into new (nil old:
// created; nil new: deleted), or nil when actor may.
func Check(old, new *model.Goal, teams map[string]*model.Team, actor string) *model.Refusal {
	switch {
	case new == nil:
		return model.People{}.Add(old.Spec.Owner).Refuse(actor, "delete goal "+old.Metadata.ID, whoDeletes)
	case old == nil:
		return Stewards(new, teams).Refuse(actor, "add goal "+new.Metadata.ID, whoChanges)
	}
	return Stewards(old, teams).Refuse(actor, "change goal "+new.Metadata.ID, whoChanges)
}
