package workspace

import (
	"github.com/collab-tools/collab/pkg/model"
)

// Who may change the workspace settings and the teams.
const (
	WhoConfig  = "a workspace owner (spec.owners in collab.yaml; while none is named, any member of a team)"
	WhoNewTeam = "a workspace owner (while none is named, anyone)"
	WhoTeam    = "the team lead or a workspace owner"
)

// Owners returns the workspace owners named in config.
func Owners(config *model.Workspace) model.People {
	if config == nil {
		return model.People{}
	}
	return model.People{}.Add(config.Spec.Owners...)
}

// CheckConfig returns the refusal of actor changing collab.yaml, judged by
// the settings and teams before the change, or nil when actor may.
func CheckConfig(old *model.Workspace, teams map[string]*model.Team, actor string) *model.Refusal {
	who := Owners(old)
	if len(who) == 0 {
		for id := range teams {
			who.AddMembers(teams, id)
		}
	}
	return who.Refuse(actor, "change "+model.ConfigFile, WhoConfig)
}

// CheckTeam returns the refusal of actor changing team old into new (nil
// old: created; nil new: deleted), or nil when actor may. config holds the
// workspace owners before the change.
func CheckTeam(old, new *model.Team, config *model.Workspace, actor string) *model.Refusal {
	owners := Owners(config)
	switch {
	case old == nil || new == nil:
		if len(owners) == 0 {
			return nil
		}
		verb, t := "add", new
		if new == nil {
			verb, t = "delete", old
		}
		return owners.Refuse(actor, verb+" team "+t.Metadata.ID, WhoNewTeam)
	}
	return owners.Add(old.Spec.Lead).Refuse(actor, "change team "+new.Metadata.ID, WhoTeam)
}
