package stakeholders

import (
	"github.com/collab-tools/collab/pkg/model"
)

// Who may change a stakeholder map: whoever may change its subject.
const (
	PermissionWho = "the owner or a member of a party (agreement) or team (goal) of the map's subject"
	// PermissionCommands are the commands that change a map.
	PermissionCommands = "collab map new, add, rm, edit"
)

// Check returns the refusal of actor changing map old into new (nil old:
// created; nil new: deleted), or nil when actor may. stewards gives the
// people who may change a subject ("agreement/x"), and false when the
// subject is unknown (validation reports that).
func Check(old, new *model.StakeholderMap, stewards func(subject string) (model.People, bool), actor string) *model.Refusal {
	m, verb := old, "change"
	switch {
	case old == nil:
		m, verb = new, "add"
	case new == nil:
		verb = "delete"
	}
	who, ok := stewards(m.Spec.Subject)
	if !ok {
		return nil
	}
	return who.Refuse(actor, verb+" stakeholder map "+m.Metadata.ID, PermissionWho)
}
