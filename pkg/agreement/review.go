package agreement

import (
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Trailers of a commit that records an acceptance given by approving a
// pull request: the review's address and the member whose approval it is
// (the acceptance's `by`). The commit's author is whoever committed it for
// them, typically a CI bot.
const (
	TrailerReview     = "Collab-Review"
	TrailerAcceptedBy = "Collab-Accepted-By"
)

// ReviewAcceptance is what the trailers of such a commit say.
type ReviewAcceptance struct {
	URL string // the review, as GitHub shows it
	By  string // the member's email
}

// ReviewOf reads the review trailers from a commit message: the last
// paragraph's "Key: value" lines, as git interpret-trailers reads them.
func ReviewOf(message string) (ReviewAcceptance, bool) {
	paras := strings.Split(strings.TrimRight(strings.ReplaceAll(message, "\r\n", "\n"), "\n"), "\n\n")
	var r ReviewAcceptance
	for line := range strings.SplitSeq(paras[len(paras)-1], "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch v = strings.TrimSpace(v); strings.TrimSpace(k) {
		case TrailerReview:
			r.URL = v
		case TrailerAcceptedBy:
			r.By = v
		}
	}
	return r, r.URL != "" && r.By != ""
}

// AddedAcceptances are the acceptances in new that old does not have (each
// counted once: a duplicate added is added).
func AddedAcceptances(old, new *model.Agreement) []model.Acceptance {
	count := map[model.Acceptance]int{}
	if old != nil {
		for _, a := range old.Spec.Acceptances {
			count[a]++
		}
	}
	var out []model.Acceptance
	if new == nil {
		return nil
	}
	for _, a := range new.Spec.Acceptances {
		if count[a] > 0 {
			count[a]--
			continue
		}
		out = append(out, a)
	}
	return out
}
