package agree

import (
	"fmt"
	"io"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
)

// renderMetrics prints the metrics; the last reading and the trend only
// when some metric has readings.
func renderMetrics(out io.Writer, metrics []agreement.MetricView) {
	if len(metrics) == 0 {
		return
	}
	read := false
	for _, m := range metrics {
		read = read || m.Last != nil
	}
	fmt.Fprintf(out, "\nMetrics:\n")
	if !read {
		t := cmdutil.NewTable(out, "Metric", "Target", "Source")
		for _, m := range metrics {
			t.Append([]string{m.Name, targetText(m.Metric), m.Source})
		}
		t.Render()
		return
	}
	t := cmdutil.NewTable(out, "Metric", "Target", "Last", "Trend", "Source")
	for _, m := range metrics {
		t.Append([]string{m.Name, targetText(m.Metric), lastText(m), trendText(m), m.Source})
	}
	t.Render()
}

// targetText is the target in words, with the numbers when they differ
// from what the words say.
func targetText(m model.Metric) string {
	var nums []string
	if m.Baseline != nil {
		nums = append(nums, "from "+model.FormatNumber(*m.Baseline)+m.Unit)
	}
	if m.TargetValue != nil {
		nums = append(nums, "to "+model.FormatNumber(*m.TargetValue)+m.Unit)
	}
	if d := agreement.Direction(m); d != "" && m.TargetValue != nil {
		nums = append(nums, d)
	}
	if len(nums) == 0 {
		return m.Target
	}
	return m.Target + " (" + strings.Join(nums, ", ") + ")"
}

// lastText is the last reading with its date and whether it meets the target.
func lastText(m agreement.MetricView) string {
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
		if agreement.Direction(m.Metric) == model.MetricDecrease {
			s = strings.TrimSuffix(s, ", below target") + ", above target"
		}
	}
	return s
}

// trendText is the last readings as a series with the trend in words.
func trendText(m agreement.MetricView) string {
	s := agreement.Series(m.Metric, 5)
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

// renderMinutes prints the minutes of the last check-in and the action
// items still open.
func renderMinutes(out io.Writer, ios *iostreams.IOStreams, v agreement.View) {
	if n := len(v.Checkins); n > 0 {
		c := v.Checkins[n-1]
		fmt.Fprintf(out, "\nLast check-in: %s, recorded by %s\n", c.Date, c.By)
		if len(c.Attendees) > 0 {
			fmt.Fprintf(out, "  Attended: %s\n", strings.Join(c.Attendees, ", "))
		}
		if c.Note != "" {
			fmt.Fprintf(out, "  Note: %s\n", c.Note)
		}
		for _, d := range c.Decisions {
			fmt.Fprintf(out, "  Decided: %s\n", d)
		}
	}
	var open [][]string
	for _, x := range v.Actions {
		if !x.Open {
			continue
		}
		due := dash(string(x.Due))
		if x.Overdue {
			due += ios.Red(fmt.Sprintf(" (overdue %dd)", x.DaysLate))
		}
		open = append(open, []string{fmt.Sprint(x.N), x.Owner, due, x.Text, string(x.Checkin)})
	}
	if len(open) > 0 {
		fmt.Fprintf(out, "\nOpen action items (collab agree action-done %s N):\n", v.ID)
		t := cmdutil.NewTable(out, "N", "Owner", "Due", "Action", "Given")
		t.AppendBulk(open)
		t.Render()
	}
}
