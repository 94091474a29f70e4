package agreement

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Change is one difference in the terms of an agreement, e.g. the due date
// of commitment deliver-feature: Subject "deliver-feature due", Old
// "2026-03-15", New "2026-03-22". Additions have no Old, removals no New.
type Change struct {
	Subject string `json:"subject"`
	Old     string `json:"old,omitempty"`
	New     string `json:"new,omitempty"`
}

// String renders the change as commit subjects and show state it:
// "deliver-feature due 2026-03-15 -> 2026-03-22", "add metric Adoption rate".
func (c Change) String() string {
	switch {
	case c.Old == "" && c.New == "":
		return c.Subject
	case c.Old == "":
		return c.Subject + " " + quote(c.New)
	case c.New == "":
		return c.Subject + " " + quote(c.Old)
	}
	return c.Subject + " " + quote(c.Old) + " -> " + quote(c.New)
}

// quote keeps single words (ids, dates, emails, durations) bare and quotes text.
func quote(s string) string {
	if strings.ContainsAny(s, " \t\"") || s == "" {
		return fmt.Sprintf("%q", s)
	}
	return s
}

// Describe joins changes for a commit subject.
func Describe(cs []Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.String()
	}
	return strings.Join(parts, "; ")
}

// TermsChanges compares the terms of two versions of an agreement and
// returns what changed, in the order of the terms.
func TermsChanges(old, new model.Terms) []Change {
	var out []Change
	field := func(subject, a, b string) {
		if a != b {
			if a == "" {
				out = append(out, Change{Subject: "set " + subject, New: b})
			} else if b == "" {
				out = append(out, Change{Subject: "remove " + subject, Old: a})
			} else {
				out = append(out, Change{Subject: subject, Old: a, New: b})
			}
		}
	}
	list := func(subject string, a, b []string) {
		if !slices.Equal(a, b) {
			field(subject, strings.Join(a, ","), strings.Join(b, ","))
		}
	}

	field("owner", old.Owner, new.Owner)
	keyed(&out, "party", old.Parties, new.Parties, func(p model.Party) string { return p.Team },
		func(k string, a, b model.Party) {
			field("party "+k+" owner", a.Owner, b.Owner)
			keyed(&out, "party "+k+" interest", a.Interests, b.Interests, func(s string) string { return s }, func(string, string, string) {})
		})
	list("goals", old.Goals, new.Goals)
	field("purpose", old.Purpose, new.Purpose)
	keyed(&out, "parameter", old.Parameters, new.Parameters, func(p model.Parameter) string { return p.Kind + ": " + p.Text },
		func(k string, a, b model.Parameter) {
			field("parameter "+quote(k)+" name", a.Name, b.Name)
			if a.Hard != b.Hard {
				field("parameter "+quote(k)+" hard", fmt.Sprint(a.Hard), fmt.Sprint(b.Hard))
			}
		})
	list("chosen options", old.Chosen, new.Chosen)
	keyed(&out, "commitment", old.Commitments, new.Commitments, func(c model.TermsCommitment) string { return c.ID },
		func(k string, a, b model.TermsCommitment) {
			field(k+" party", a.Party, b.Party)
			field(k+" owner", a.Owner, b.Owner)
			field(k+" deliverable", a.Deliverable, b.Deliverable)
			field(k+" due", string(a.Due), string(b.Due))
			list(k+" dependsOn", a.DependsOn, b.DependsOn)
			if a.Dropped != b.Dropped {
				field(k+" dropped", fmt.Sprint(a.Dropped), fmt.Sprint(b.Dropped))
			}
		})
	keyed(&out, "metric", old.Metrics, new.Metrics, func(m model.TermsMetric) string { return m.Name },
		func(k string, a, b model.TermsMetric) {
			field("metric "+quote(k)+" target", a.Target, b.Target)
			field("metric "+quote(k)+" source", a.Source, b.Source)
			field("metric "+quote(k)+" unit", a.Unit, b.Unit)
			field("metric "+quote(k)+" baseline", optNumber(a.Baseline), optNumber(b.Baseline))
			field("metric "+quote(k)+" target value", optNumber(a.TargetValue), optNumber(b.TargetValue))
			field("metric "+quote(k)+" direction", a.Direction, b.Direction)
		})
	keyed(&out, "service level", old.ServiceLevels, new.ServiceLevels, func(s model.ServiceLevel) string { return s.Name },
		func(k string, a, b model.ServiceLevel) {
			field("service level "+quote(k)+" provider", a.Provider, b.Provider)
			field("service level "+quote(k)+" target", string(a.Target), string(b.Target))
		})
	field("cadence", string(old.CadenceEvery), string(new.CadenceEvery))
	field("review", string(old.ReviewEvery), string(new.ReviewEvery))
	list("escalation", old.Escalation, new.Escalation)
	return out
}

// keyed diffs two lists by key: first, in the order of a, removals and
// changes of items present in both (compared by the changed callback); then
// additions, in the order of b.
func keyed[T any](out *[]Change, noun string, a, b []T, key func(T) string, changed func(k string, x, y T)) {
	inB := map[string]T{}
	for _, y := range b {
		inB[key(y)] = y
	}
	inA := map[string]bool{}
	for _, x := range a {
		k := key(x)
		inA[k] = true
		if y, ok := inB[k]; ok {
			changed(k, x, y)
		} else {
			*out = append(*out, Change{Subject: "remove " + noun, Old: k})
		}
	}
	for _, y := range b {
		if k := key(y); !inA[k] {
			*out = append(*out, Change{Subject: "add " + noun, New: k})
		}
	}
}

// optNumber formats an optional number, "" when absent.
func optNumber(v *float64) string {
	if v == nil {
		return ""
	}
	return model.FormatNumber(*v)
}

// NewAmendment is the record of an amendment for spec.amendments: on date,
// by whom, why, and each change of terms as old -> new.
func NewAmendment(date model.Date, by, reason string, cs []Change) model.Amendment {
	am := model.Amendment{Date: date, By: by, Reason: reason, Changes: []model.AmendmentChange{}}
	for _, c := range cs {
		am.Changes = append(am.Changes, model.AmendmentChange{What: c.Subject, Old: c.Old, New: c.New})
	}
	return am
}

// String renders a recorded change as Change.String does.
func AmendmentChangeString(c model.AmendmentChange) string {
	return Change{Subject: c.What, Old: c.Old, New: c.New}.String()
}
