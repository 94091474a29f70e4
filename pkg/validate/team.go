package validate

import (
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/team"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkTeam: the lead is a member, and no email is listed twice (the rules
// of pkg/team the team commands apply).
func (c *checker) checkTeam(r *reporter, e *workspace.Entity, t *model.Team) {
	if !team.LeadIsMember(t) {
		r.at(diag.Error, CodeLeadNotMember, nodePath("spec", "lead"),
			"spec.lead: %s is not a member of team %s; add them to spec.members or choose the lead among the %s",
			t.Spec.Lead, e.ID, c.membersOf(e.ID))
	}
	for i, rv := range t.Spec.Reviewers {
		// Control characters are checkText's; this catches the rest, such
		// as a no-break space, that the schema's pattern lets through.
		if _, ctl := model.BadChar(rv, false); !ctl && !model.ValidReviewer(rv) {
			r.at(diag.Error, CodeReviewer, nodePath("spec", "reviewers", i),
				"%s: %q is not @user, @org/team or an email; CODEOWNERS takes each reviewer as one word", dotted("spec", "reviewers", i), rv)
		}
	}
	for _, d := range team.Duplicates(t) {
		r.at(diag.Error, CodeDuplicateMember, nodePath("spec", "members", d.Index, "email"),
			"%s: %s is already listed as %s; remove one of the entries",
			dotted("spec", "members", d.Index, "email"), d.Email, dotted("spec", "members", d.First))
	}
}
