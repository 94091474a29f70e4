package validate

import (
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkTeam: the lead is a member, and no email is listed twice.
func (c *checker) checkTeam(r *reporter, e *workspace.Entity, t *model.Team) {
	if t.Spec.Lead != "" && !t.HasMember(t.Spec.Lead) {
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
	first := map[string]int{}
	for i, m := range t.Spec.Members {
		if m.Email == "" {
			continue
		}
		if j, dup := first[m.Email]; dup {
			r.at(diag.Error, CodeDuplicateMember, nodePath("spec", "members", i, "email"),
				"%s: %s is already listed as %s; remove one of the entries",
				dotted("spec", "members", i, "email"), m.Email, dotted("spec", "members", j))
			continue
		}
		first[m.Email] = i
	}
}
