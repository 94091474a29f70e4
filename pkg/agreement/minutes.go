package agreement

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// ErrNotInvited: a person named in a check-in's minutes (an attendee, an
// action item's owner) is neither a member of a party nor an escalation
// contact.
var ErrNotInvited = errors.New("neither a member of a party nor an escalation contact")

// CanAttend checks that email may attend a check-in of a, or own one of its
// action items: a member of a party's team or an escalation contact. A
// party whose team is not in teams cannot be judged, so nobody is refused
// then (the missing team is reported on its own).
func CanAttend(a *model.Agreement, teams map[string]*model.Team, email string) error {
	if slices.Contains(a.Spec.Escalation, email) {
		return nil
	}
	var ps []string
	for _, p := range a.Spec.Parties {
		t := teams[p.Team]
		if t == nil || t.HasMember(email) {
			return nil
		}
		ps = append(ps, p.Team)
	}
	return &refusal{ErrNotInvited, fmt.Sprintf("%s is neither a member of a party of agreement %s (%s) nor an escalation contact (%s); add them to a party's team (collab team member add TEAM %s) or leave them out",
		email, a.Metadata.ID, orNoneList(ps), orNoneList(a.Spec.Escalation), email)}
}

func orNoneList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// Action is an action item with its number (1, 2, ... across all check-ins
// in file order, as `collab agree action-done ID N` takes it), the date of
// the check-in that gave it out, and whether it is overdue.
type Action struct {
	N                int        `json:"n" yaml:"n"`
	Checkin          model.Date `json:"checkin" yaml:"checkin"`
	model.ActionItem `yaml:",inline"`
	Open             bool `json:"open" yaml:"open"`
	Overdue          bool `json:"overdue" yaml:"overdue"`
	DaysLate         int  `json:"daysLate,omitempty" yaml:"daysLate,omitempty"`
}

// Actions lists every action item of a, numbered, with overdue marks as of
// asOf (none when asOf is empty).
func Actions(a *model.Agreement, asOf model.Date) []Action {
	var out []Action
	for _, c := range a.Spec.Checkins {
		for _, it := range c.Actions {
			x := Action{N: len(out) + 1, Checkin: c.Date, ActionItem: it, Open: it.Done == ""}
			if x.Open && asOf != "" && it.Due.Valid() && it.Due < asOf {
				x.Overdue, x.DaysLate = true, model.DaysBetween(it.Due, asOf)
			}
			out = append(out, x)
		}
	}
	return out
}

// OpenActions is Actions without those done.
func OpenActions(a *model.Agreement, asOf model.Date) []Action {
	return slices.DeleteFunc(Actions(a, asOf), func(x Action) bool { return !x.Open })
}

// ActionIndex finds action item n (numbered as Actions does) and returns
// the index of its check-in and its index in that check-in's actions.
func ActionIndex(a *model.Agreement, n int) (checkin, item int, err error) {
	k := 0
	for i, c := range a.Spec.Checkins {
		for j := range c.Actions {
			if k++; k == n {
				return i, j, nil
			}
		}
	}
	if k == 0 {
		return 0, 0, fmt.Errorf("agreement %s has no action items: they are given out at check-ins (collab agree checkin %s --action \"OWNER|TEXT|DUE\")", a.Metadata.ID, a.Metadata.ID)
	}
	return 0, 0, fmt.Errorf("agreement %s has no action item %d: they are numbered 1 to %d (collab agree show %s)", a.Metadata.ID, n, k, a.Metadata.ID)
}

// ParseAction reads an action item written OWNER|TEXT|DUE (DUE optional).
func ParseAction(s string) (model.ActionItem, error) {
	parts := strings.Split(s, "|")
	if len(parts) < 2 || len(parts) > 3 {
		return model.ActionItem{}, fmt.Errorf("action %q: write OWNER|TEXT|DUE, e.g. \"sam@acme.example|Brief the reps|2026-03-11\" (DUE may be left out)", s)
	}
	it := model.ActionItem{Owner: strings.TrimSpace(parts[0]), Text: strings.TrimSpace(parts[1])}
	if err := model.CheckEmail(it.Owner); err != nil {
		return it, fmt.Errorf("action %q: owner: %v", s, err)
	}
	if it.Text == "" {
		return it, fmt.Errorf("action %q: say what is to be done between the two |", s)
	}
	if len(parts) == 3 && strings.TrimSpace(parts[2]) != "" {
		d, err := model.ParseDate(strings.TrimSpace(parts[2]))
		if err != nil {
			return it, fmt.Errorf("action %q: due: %v", s, err)
		}
		it.Due = d
	}
	return it, nil
}

// ParseReading reads a metric reading written NAME=VALUE; the name may hold
// spaces and "=", the value is after the last "=".
func ParseReading(s string) (name string, value float64, err error) {
	i := strings.LastIndex(s, "=")
	if i <= 0 {
		return "", 0, fmt.Errorf("metric %q: write NAME=VALUE, e.g. \"Adoption rate=12.5\"", s)
	}
	name = strings.TrimSpace(s[:i])
	value, err = ParseValue(strings.TrimSpace(s[i+1:]))
	if err != nil {
		return "", 0, fmt.Errorf("metric %q: %v", s, err)
	}
	return name, value, nil
}

// ParseValue reads a metric value: a finite number.
func ParseValue(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v != v || v > 1e300 || v < -1e300 {
		return 0, fmt.Errorf("value %q is not a number: write it without unit, e.g. 12.5", s)
	}
	return v, nil
}

// MetricByName finds a metric of a by name, with an error that lists them.
func MetricByName(a *model.Agreement, name string) (int, error) {
	for i, m := range a.Spec.Metrics {
		if m.Name == name {
			return i, nil
		}
	}
	var names []string
	for _, m := range a.Spec.Metrics {
		names = append(names, strconv.Quote(m.Name))
	}
	return -1, fmt.Errorf("agreement %s has no metric %q (metrics: %s); add it first (collab agree metric %s NAME --target TEXT)",
		a.Metadata.ID, name, orNoneList(names), a.Metadata.ID)
}

// Trends of a metric between its last two values.
const (
	TrendUp   = "up"
	TrendDown = "down"
	TrendFlat = "flat"
)

// Progress of a metric against its direction.
const (
	Improving = "improving"
	Worsening = "worsening"
	Steady    = "steady"
)

// MetricView is a metric with what its readings say: the last reading,
// the trend from the value before it (the previous reading, or the
// baseline for the first), whether that is progress in the metric's
// direction, and whether the last reading meets the numeric target.
type MetricView struct {
	model.Metric `yaml:",inline"`
	Last         *model.MetricReading `json:"last,omitempty" yaml:"last,omitempty"`
	Trend        string               `json:"trend,omitempty" yaml:"trend,omitempty"`       // up, down or flat
	Progress     string               `json:"progress,omitempty" yaml:"progress,omitempty"` // improving, worsening or steady (needs a direction)
	Met          *bool                `json:"met,omitempty" yaml:"met,omitempty"`           // needs targetValue and a direction
}

// Direction is the metric's direction: as written, or inferred from the
// baseline and numeric target (increase when the target is above the
// baseline, decrease when below); "" when it cannot be known.
func Direction(m model.Metric) string {
	switch {
	case m.Direction != "":
		return m.Direction
	case m.Baseline == nil || m.TargetValue == nil:
		return ""
	case *m.TargetValue > *m.Baseline:
		return model.MetricIncrease
	case *m.TargetValue < *m.Baseline:
		return model.MetricDecrease
	}
	return model.MetricMaintain
}

// Meets reports whether value meets the metric's numeric target in its
// direction (maintain: at or above it); ok is false without both.
func Meets(m model.Metric, value float64) (met, ok bool) {
	if m.TargetValue == nil {
		return false, false
	}
	switch Direction(m) {
	case model.MetricIncrease, model.MetricMaintain:
		return value >= *m.TargetValue, true
	case model.MetricDecrease:
		return value <= *m.TargetValue, true
	}
	return false, false
}

// NewMetricView computes what m's readings say.
func NewMetricView(m model.Metric) MetricView {
	v := MetricView{Metric: m}
	n := len(m.Readings)
	if n == 0 {
		return v
	}
	last := m.Readings[n-1]
	v.Last = &last
	if met, ok := Meets(m, last.Value); ok {
		v.Met = &met
	}
	var prev *float64
	if n >= 2 {
		prev = &m.Readings[n-2].Value
	} else if m.Baseline != nil {
		prev = m.Baseline
	}
	if prev == nil {
		return v
	}
	switch {
	case last.Value > *prev:
		v.Trend = TrendUp
	case last.Value < *prev:
		v.Trend = TrendDown
	default:
		v.Trend = TrendFlat
	}
	switch dir := Direction(m); {
	case dir == "":
	case v.Trend == TrendFlat:
		v.Progress = Steady
	case dir == model.MetricIncrease && v.Trend == TrendUp, dir == model.MetricDecrease && v.Trend == TrendDown:
		v.Progress = Improving
	case dir == model.MetricMaintain:
		// Holding a level: a move that stays at or above it is no change of
		// course; below it, up is the way back.
		switch {
		case v.Met != nil && *v.Met:
			v.Progress = Steady
		case v.Trend == TrendUp && v.Met != nil:
			v.Progress = Improving
		case v.Trend == TrendUp:
			v.Progress = Steady
		default:
			v.Progress = Worsening
		}
	default:
		v.Progress = Worsening
	}
	return v
}

// Series is the last max values of the metric's readings, oldest first,
// as a person reads a trend: "41 → 48 → 55".
func Series(m model.Metric, max int) string {
	rs := m.Readings
	if len(rs) > max {
		rs = rs[len(rs)-max:]
	}
	var parts []string
	for _, r := range rs {
		parts = append(parts, model.FormatNumber(r.Value))
	}
	return strings.Join(parts, " → ")
}

// TargetText is the target in words, with the baseline, numeric target and
// direction when they are given.
func (v MetricView) TargetText() string {
	m := v.Metric
	var nums []string
	if m.Baseline != nil {
		nums = append(nums, "from "+model.FormatNumber(*m.Baseline)+m.Unit)
	}
	if m.TargetValue != nil {
		nums = append(nums, "to "+model.FormatNumber(*m.TargetValue)+m.Unit)
	}
	if d := Direction(m); d != "" && m.TargetValue != nil {
		nums = append(nums, d)
	}
	if len(nums) == 0 {
		return m.Target
	}
	return m.Target + " (" + strings.Join(nums, ", ") + ")"
}

// LastText is the last reading with its date and whether it meets the
// target; "-" with no reading.
func (m MetricView) LastText() string {
	if m.Last == nil {
		return "-"
	}
	s := fmt.Sprintf("%s%s on %s", model.FormatNumber(m.Last.Value), m.Unit, m.Last.Date)
	switch {
	case m.Met == nil:
	case *m.Met:
		s += ", target met"
	default:
		s += ", below target"
		if Direction(m.Metric) == model.MetricDecrease {
			s = strings.TrimSuffix(s, ", below target") + ", above target"
		}
	}
	return s
}

// TrendText is the last five readings as a series with the trend in
// words; "-" with no reading.
func (m MetricView) TrendText() string {
	s := Series(m.Metric, 5)
	if s == "" {
		return "-"
	}
	switch {
	case m.Progress != "":
		s += " (" + m.Progress + ")"
	case m.Trend != "":
		s += " (" + m.Trend + ")"
	}
	return s
}
