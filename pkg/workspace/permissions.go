package workspace

import (
	"maps"
	"slices"
	"strings"

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

// SigningRequired reports whether the commits of email that change the
// workspace must be signed: the workspace policy asks it of everyone, or a
// team email belongs to asks it of its members.
func SigningRequired(config *model.Workspace, teams map[string]*model.Team, email string) bool {
	if config != nil && config.Spec.Policy.RequireSignedCommits {
		return true
	}
	for _, t := range teams {
		if t.Spec.RequireSignedCommits && t.HasMember(email) {
			return true
		}
	}
	return false
}

// SigningKeys lists the signing keys email has in any team, in team order.
func SigningKeys(teams map[string]*model.Team, email string) []string {
	var out []string
	for _, id := range slices.Sorted(maps.Keys(teams)) {
		for _, m := range teams[id].Spec.Members {
			if m.Email == email {
				out = append(out, m.SigningKeys...)
			}
		}
	}
	return out
}

// GitHubOf is the GitHub user name the team files give the member with
// email, or "" (the first team in id order that names one).
func GitHubOf(teams map[string]*model.Team, email string) string {
	for _, id := range slices.Sorted(maps.Keys(teams)) {
		for _, m := range teams[id].Spec.Members {
			if m.Email == email && m.GitHub != "" {
				return m.GitHub
			}
		}
	}
	return ""
}

// MembersWithGitHub are the emails of the members whose GitHub user name
// is login (GitHub user names ignore case), sorted.
func MembersWithGitHub(teams map[string]*model.Team, login string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range teams {
		for _, m := range t.Spec.Members {
			if m.GitHub != "" && strings.EqualFold(m.GitHub, login) && !seen[m.Email] {
				seen[m.Email] = true
				out = append(out, m.Email)
			}
		}
	}
	slices.Sort(out)
	return out
}
