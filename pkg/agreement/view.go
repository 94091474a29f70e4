package agreement

import (
	"sort"

	"github.com/collab-tools/collab/internal/parallel"
	"github.com/collab-tools/collab/pkg/model"
)

// View is an agreement as `collab agree show -o json` prints it: the file's
// content plus what is computed from it (acceptance states, overdue marks).
type View struct {
	ID          string               `json:"id"`
	Title       string               `json:"title"`
	Status      string               `json:"status"`
	Owner       string               `json:"owner"`
	Terms       string               `json:"terms"`      // digest of the current terms
	MustAccept  []string             `json:"mustAccept"` // parties whose acceptance is not current
	Parties     []PartyView          `json:"parties"`
	Goals       []string             `json:"goals"`
	Purpose     string               `json:"purpose,omitempty"`
	Parameters  []model.Parameter    `json:"parameters"`
	Options     []model.Option       `json:"options"`
	Commitments []CommitmentView     `json:"commitments"`
	Metrics     []MetricView         `json:"metrics"` // each with its last reading and trend
	Services    []model.ServiceLevel `json:"serviceLevels"`
	NextCheckin model.Date           `json:"nextCheckin,omitempty"`
	// MissedCheckins is the run of check-ins missed at the view's date
	// (see MissedCheckins); 0 when none or not active.
	MissedCheckins int                      `json:"missedCheckins"`
	NextReview     model.Date               `json:"nextReview,omitempty"`
	Escalation     []string                 `json:"escalation"`
	Supersedes     []string                 `json:"supersedes"`
	SupersededBy   string                   `json:"supersededBy,omitempty"`
	Checkins       []model.AgreementCheckin `json:"checkins"`
	// Actions are the action items of every check-in, numbered, with
	// overdue marks at the view's date.
	Actions []Action `json:"actions"`
	// Amendments are the renegotiations on record, oldest first.
	Amendments []model.Amendment `json:"amendments"`
}

// PartyView is a party with the state of its acceptance.
type PartyView struct {
	Team       string            `json:"team"`
	Owner      string            `json:"owner,omitempty"`
	Interests  []string          `json:"interests"`
	Acceptance string            `json:"acceptance"` // current | stale | missing
	Accepted   *model.Acceptance `json:"accepted,omitempty"`
}

// CommitmentView is a commitment with its computed state as of a date.
type CommitmentView struct {
	model.Commitment
	Status   string `json:"status"`
	Overdue  bool   `json:"overdue"`
	DaysLate int    `json:"daysLate,omitempty"`
}

// NewView computes the view of a as of a date (empty: no overdue marks).
func NewView(a *model.Agreement, asOf model.Date) View {
	s := a.Spec
	v := View{
		ID: a.Metadata.ID, Title: a.Metadata.Title, Status: s.Status, Owner: s.Owner,
		Terms: a.TermsDigest(), MustAccept: nonNil(MustAccept(a)),
		Goals: nonNil(s.Goals), Purpose: s.Purpose, Parameters: nonNil(s.Parameters), Options: nonNil(s.Options),
		Metrics: []MetricView{}, Actions: nonNil(Actions(a, asOf)), Services: nonNil(s.ServiceLevels), Escalation: nonNil(s.Escalation),
		Supersedes: nonNil(s.Supersedes), SupersededBy: s.SupersededBy, Checkins: nonNil(s.Checkins),
		Amendments: nonNil(s.Amendments),
		Parties:    []PartyView{}, Commitments: []CommitmentView{},
	}
	if s.Cadence != nil {
		v.NextCheckin = s.Cadence.Next
	}
	v.MissedCheckins = MissedCheckins(a, asOf)
	if s.Review != nil {
		v.NextReview = s.Review.Next
	}
	for _, m := range s.Metrics {
		v.Metrics = append(v.Metrics, NewMetricView(m))
	}
	for _, p := range s.Parties {
		v.Parties = append(v.Parties, PartyView{Team: p.Team, Owner: p.Owner, Interests: nonNil(p.Interests), Acceptance: a.AcceptanceState(p.Team), Accepted: a.Acceptance(p.Team)})
	}
	for _, c := range s.Commitments {
		cv := CommitmentView{Commitment: c, Status: c.State()}
		if Overdue(c, asOf) {
			cv.Overdue, cv.DaysLate = true, model.DaysBetween(c.Due, asOf)
		}
		v.Commitments = append(v.Commitments, cv)
	}
	return v
}

// Overdue reports whether an open or blocked commitment is past its due date.
func Overdue(c model.Commitment, asOf model.Date) bool {
	st := c.State()
	return asOf != "" && (st == model.CommitmentOpen || st == model.CommitmentBlocked) && c.Due.Valid() && c.Due < asOf
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ListItem is one row of `collab agree list -o json`.
type ListItem struct {
	ID          string     `json:"id"`
	Title       string     `json:"title"`
	Status      string     `json:"status"`
	Owner       string     `json:"owner"`
	Parties     []string   `json:"parties"`
	MustAccept  []string   `json:"mustAccept"`
	Open        int        `json:"openCommitments"`
	Overdue     int        `json:"overdueCommitments"`
	NextCheckin model.Date `json:"nextCheckin,omitempty"`
}

// Filter selects agreements for List; an empty field selects every one.
type Filter struct {
	Status string // a status of the file
	Team   string // a team that is a party
}

// List computes the rows of `collab agree list` for the agreements that
// pass the filter, sorted by id; overdue commitments count only on an
// active agreement. The rows are computed on every core (each costs a
// terms digest), each into its own slot.
func List(agreements map[string]*model.Agreement, f Filter, asOf model.Date) []ListItem {
	ids := make([]string, 0, len(agreements))
	for id, a := range agreements {
		if (f.Status == "" || a.Spec.Status == f.Status) && (f.Team == "" || a.Party(f.Team) != nil) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	items := make([]ListItem, len(ids))
	parallel.Runs(len(ids), 64, func(i int) { items[i] = listItem(ids[i], agreements[ids[i]], asOf) })
	return items
}

func listItem(id string, a *model.Agreement, asOf model.Date) ListItem {
	it := ListItem{ID: id, Title: a.Metadata.Title, Status: a.Spec.Status, Owner: a.Spec.Owner, Parties: make([]string, 0, len(a.Spec.Parties)), MustAccept: []string{}}
	for _, p := range a.Spec.Parties {
		it.Parties = append(it.Parties, p.Team)
	}
	if a.Spec.Status == model.AgreementProposed || a.Spec.Status == model.AgreementActive {
		if m := MustAccept(a); m != nil {
			it.MustAccept = m
		}
	}
	for _, c := range a.Spec.Commitments {
		if c.State() == model.CommitmentOpen || c.State() == model.CommitmentBlocked {
			it.Open++
		}
		if a.Spec.Status == model.AgreementActive && Overdue(c, asOf) {
			it.Overdue++
		}
	}
	if a.Spec.Cadence != nil {
		it.NextCheckin = a.Spec.Cadence.Next
	}
	return it
}
