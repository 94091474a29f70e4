package agree

import (
	"fmt"
	"io"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
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
			t.Append([]string{m.Name, m.TargetText(), m.Source})
		}
		t.Render()
		return
	}
	t := cmdutil.NewTable(out, "Metric", "Target", "Last", "Trend", "Source")
	for _, m := range metrics {
		t.Append([]string{m.Name, m.TargetText(), m.LastText(), m.TrendText(), m.Source})
	}
	t.Render()
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
