package semdiff

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Minutes is what a change recorded of an agreement's meetings and metrics:
// the check-ins it added with their minutes, the action items it marked
// done and the metric readings it added. collab log and diff print these
// as sentences instead of the raw list changes.
type Minutes struct {
	Checkins []model.AgreementCheckin `json:"checkins,omitempty"`
	// FirstAction is the number of the first action item of Checkins
	// (action items are numbered across all check-ins).
	FirstAction int          `json:"firstAction,omitempty"`
	Done        []ActionDone `json:"done,omitempty"`
	Readings    []Reading    `json:"readings,omitempty"`
}

// ActionDone is an action item marked done.
type ActionDone struct {
	N    int        `json:"n"`
	Text string     `json:"text"`
	Done model.Date `json:"done"`
}

// Reading is a metric reading added.
type Reading struct {
	Metric string `json:"metric"`
	model.MetricReading
}

// minutes explains how b's check-ins and readings grew from a's. ok is
// false when the check-ins changed otherwise (an edit by hand): the field
// changes then say it all.
func minutes(a, b *model.Agreement) (m Minutes, ok bool) {
	ac, bc := a.Spec.Checkins, b.Spec.Checkins
	if len(bc) < len(ac) {
		return Minutes{}, false
	}
	n := 0
	for i, old := range ac {
		now := bc[i]
		if len(old.Actions) != len(now.Actions) {
			return Minutes{}, false
		}
		was := old
		was.Actions = append([]model.ActionItem(nil), old.Actions...)
		for j, it := range now.Actions {
			n++
			if was.Actions[j].Done == "" && it.Done != "" {
				was.Actions[j].Done = it.Done
				m.Done = append(m.Done, ActionDone{N: n, Text: it.Text, Done: it.Done})
			}
		}
		if !reflect.DeepEqual(was, now) {
			return Minutes{}, false
		}
	}
	m.Checkins = bc[len(ac):]
	if len(m.Checkins) > 0 {
		m.FirstAction = n + 1
	}
	for _, mb := range b.Spec.Metrics {
		var before []model.MetricReading
		if ma := a.Metric(mb.Name); ma != nil {
			before = ma.Readings
		}
		if len(mb.Readings) < len(before) || !reflect.DeepEqual(before, mb.Readings[:len(before)]) {
			return Minutes{}, false
		}
		for _, r := range mb.Readings[len(before):] {
			m.Readings = append(m.Readings, Reading{Metric: mb.Name, MetricReading: r})
		}
	}
	return m, true
}

// Empty reports whether nothing was recorded.
func (m *Minutes) Empty() bool {
	return m == nil || len(m.Checkins)+len(m.Done)+len(m.Readings) == 0
}

// Lines renders the minutes as sentences, one per line.
func (m *Minutes) Lines() []string {
	if m == nil {
		return nil
	}
	var out []string
	n := m.FirstAction
	for _, c := range m.Checkins {
		l := fmt.Sprintf("check-in of %s recorded by %s", c.Date, c.By)
		if len(c.Attendees) > 0 {
			l += ", attended by " + strings.Join(c.Attendees, ", ")
		}
		out = append(out, l)
		if c.Note != "" {
			out = append(out, "  note: "+c.Note)
		}
		for _, d := range c.Decisions {
			out = append(out, "  decided: "+d)
		}
		for _, it := range c.Actions {
			l := fmt.Sprintf("  action %d for %s: %s", n, it.Owner, it.Text)
			if it.Due != "" {
				l += ", due " + string(it.Due)
			}
			out = append(out, l)
			n++
		}
	}
	for _, d := range m.Done {
		out = append(out, fmt.Sprintf("action %d done on %s: %s", d.N, d.Done, d.Text))
	}
	for _, r := range m.Readings {
		out = append(out, fmt.Sprintf("%s read %s on %s by %s", r.Metric, model.FormatNumber(r.Value), r.Date, r.By))
	}
	return out
}

// isMinutesPath reports whether a field change is one Minutes describes.
func isMinutesPath(p string) bool {
	if p == "checkins" || strings.HasPrefix(p, "checkins.") || strings.HasPrefix(p, "checkins[") {
		return true
	}
	return strings.HasPrefix(p, "metrics") && (strings.HasSuffix(p, ".readings") || strings.Contains(p, ".readings."))
}
