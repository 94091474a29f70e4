package goal

import (
	"fmt"

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
	{"record a check-in whose `by` is someone else (minutes taken for them)", whoMinutes, "edit and commit"},
	{"delete the goal file", whoDeletes, "`git rm`"},
}

const (
	whoChanges = "the goal owner or a member of one of its teams"
	whoDeletes = "the goal owner"
	whoMinutes = "the goal owner, or a member of one of its teams the person named belongs to"
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
	if rf := Stewards(old, teams).Refuse(actor, "change goal "+new.Metadata.ID, whoChanges); rf != nil {
		return rf
	}
	return minutes(old, new, teams, actor)
}

// minutes: a check-in added (or re-attributed) with someone else as `by`
// needs the owner or a teammate of that person in one of the goal's teams.
func minutes(old, new *model.Goal, teams map[string]*model.Team, actor string) *model.Refusal {
	for i, ci := range new.Spec.Checkins {
		if i < len(old.Spec.Checkins) && old.Spec.Checkins[i].By == ci.By && old.Spec.Checkins[i].Date == ci.Date {
			continue
		}
		if ci.By == actor {
			continue
		}
		who := model.People{}.Add(old.Spec.Owner)
		for _, t := range old.Spec.Teams {
			if (model.People{}).AddMembers(teams, t)[ci.By] {
				who.AddMembers(teams, t)
			}
		}
		if rf := who.Refuse(actor, fmt.Sprintf("record a check-in of goal %s on %s by %s", new.Metadata.ID, ci.Date, ci.By), whoMinutes); rf != nil {
			return rf
		}
	}
	return nil
}
