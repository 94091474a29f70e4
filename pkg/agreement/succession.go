package agreement

import (
	"fmt"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// NotAcceptedBy lists the parties of old that have not accepted successor:
// a party of old that is not a party of successor, or whose acceptance of
// successor is missing, or (current set) not on successor's current terms.
func NotAcceptedBy(old, successor *model.Agreement, current bool) []string {
	var digest string
	if successor != nil && current {
		digest = successor.TermsDigest()
	}
	var out []string
	for _, p := range old.Spec.Parties {
		var acc *model.Acceptance
		if successor != nil && successor.Party(p.Team) != nil {
			acc = successor.Acceptance(p.Team)
		}
		if acc == nil || current && acc.Terms != digest {
			out = append(out, p.Team)
		}
	}
	return out
}

// CheckSuccession: an active agreement is superseded only by a successor
// that every one of its parties accepted on the successor's current terms,
// so that no party loses the agreement it accepted to one it did not.
// old and new are the superseded agreement before and after the change;
// successor is the agreement new names as supersededBy (nil when missing).
// Nil when the change supersedes nothing or the rule holds.
func CheckSuccession(old, new, successor *model.Agreement) error {
	if old == nil || new == nil || old.Spec.Status != model.AgreementActive ||
		new.Spec.SupersededBy == "" || new.Spec.SupersededBy == old.Spec.SupersededBy {
		return nil
	}
	id, next := old.Metadata.ID, new.Spec.SupersededBy
	if successor == nil {
		return fmt.Errorf("agreement %s is active: it can be superseded only by an agreement every one of its parties accepted, and there is no agreement %s", id, next)
	}
	missing := NotAcceptedBy(old, successor, true)
	if len(missing) == 0 {
		return nil
	}
	var hint []string
	for _, p := range missing {
		if successor.Party(p) == nil {
			hint = append(hint, fmt.Sprintf("add %s as a party of %s", p, next))
		} else {
			hint = append(hint, fmt.Sprintf("collab agree accept %s --party %s", next, p))
		}
	}
	return fmt.Errorf("agreement %s is active: it can be superseded only by an agreement every one of its parties accepted, and %s %s not accepted the current terms of %s (%s)",
		id, joinAnd(missing), hasHave(len(missing)), next, strings.Join(hint, "; "))
}

func hasHave(n int) string {
	if n == 1 {
		return "has"
	}
	return "have"
}
