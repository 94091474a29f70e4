package agenda

import (
	"fmt"
	"io"
	"strings"

	"github.com/collab-tools/collab/pkg/markdown"
)

// Markdown writes the agenda for a meeting invite or a pull request
// comment: a heading, who to invite, then one numbered section per topic;
// sections with nothing to discuss say so in one line, so the agenda keeps
// its shape from one meeting to the next.
func Markdown(w io.Writer, ag Agenda) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Check-in agenda: %s (%s), %s\n\n", markdown.Cell(ag.Title), markdown.Code(ag.Agreement), ag.Date)
	if ag.Forum != "" {
		fmt.Fprintf(&b, "Forum: %s. ", markdown.Cell(ag.Forum))
	}
	fmt.Fprintf(&b, "Invite: %s.", markdown.Cell(orDash(strings.Join(ag.Invite, ", "))))
	switch {
	case ag.LastCheckin != "":
		fmt.Fprintf(&b, " Last check-in: %s.", ag.LastCheckin)
	default:
		b.WriteString(" First check-in.")
	}
	if ag.MissedCheckins > 0 {
		fmt.Fprintf(&b, " **%s missed.**", plural(ag.MissedCheckins, "check-in"))
	}
	b.WriteString("\n")

	fmt.Fprintf(&b, "\n### 1. Action items still open\n\n")
	if len(ag.Actions) == 0 {
		b.WriteString("None open.\n")
	} else {
		b.WriteString("| # | Owner | Action | Due | Given |\n|---|---|---|---|---|\n")
		for _, x := range ag.Actions {
			due := orDash(string(x.Due))
			if x.Overdue {
				due += fmt.Sprintf(" (**%s late**)", plural(x.DaysLate, "day"))
			}
			given := string(x.Checkin)
			if x.FromLast {
				given += " (last)"
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %s | %s |\n", x.N, markdown.Cell(x.Owner), markdown.Cell(x.Text), due, given)
		}
	}

	fmt.Fprintf(&b, "\n### 2. Commitments by party\n")
	for _, p := range ag.Parties {
		fmt.Fprintf(&b, "\n**%s**", markdown.Cell(p.Team))
		if p.Owner != "" {
			fmt.Fprintf(&b, " (%s)", markdown.Cell(p.Owner))
		}
		if len(p.Commitments) == 0 {
			b.WriteString(": nothing open.\n")
			continue
		}
		b.WriteString("\n\n| Commitment | Owner | Deliverable | Due | State |\n|---|---|---|---|---|\n")
		for _, c := range p.Commitments {
			state := c.State
			switch {
			case c.State == StateOverdue:
				state = fmt.Sprintf("**overdue %s**", plural(c.DaysLate, "day"))
			case c.Note != "":
				state += ": " + c.Note
			}
			if len(c.Waiting) > 0 {
				state += "; " + strings.Join(c.Waiting, ", ") + " wait" + verbS(len(c.Waiting)) + " on it"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", markdown.Code(c.ID), markdown.Cell(orDash(c.Owner)), markdown.Cell(orDash(c.Deliverable)), orDash(string(c.Due)), markdown.Cell(state))
		}
	}

	fmt.Fprintf(&b, "\n### 3. Joint metrics\n\n")
	if len(ag.Metrics) == 0 {
		b.WriteString("No joint metric.\n")
	} else {
		b.WriteString("| Metric | Target | Last reading | Trend |\n|---|---|---|---|\n")
		for _, m := range ag.Metrics {
			fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", markdown.Cell(m.Name), markdown.Cell(m.view.TargetText()), markdown.Cell(lastText(m)), markdown.Cell(m.view.TrendText()))
		}
	}

	fmt.Fprintf(&b, "\n### 4. Decisions pending\n\n")
	if len(ag.Decided) > 0 {
		b.WriteString("Decided at the last check-in, to confirm:\n")
		for _, d := range ag.Decided {
			fmt.Fprintf(&b, "- %s\n", markdown.Cell(d))
		}
		b.WriteString("\n")
	}
	if len(ag.Pending) == 0 {
		b.WriteString("Nothing waits for a decision.\n")
	} else {
		for _, p := range ag.Pending {
			fmt.Fprintf(&b, "- %s", markdown.Cell(p.Text))
			if p.Next != "" {
				fmt.Fprintf(&b, ": %s", markdown.Code(p.Next))
			}
			b.WriteString("\n")
		}
	}

	fmt.Fprintf(&b, "\n### 5. Escalations due\n\n")
	if len(ag.Escalations) == 0 {
		b.WriteString("None.\n")
	} else {
		for _, it := range ag.Escalations {
			fmt.Fprintf(&b, "- %s %s; tell %s\n", markdown.Code(it.Ref()), markdown.Cell(it.Text), markdown.Cell(strings.Join(it.People, ", ")))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// lastText is agree show's wording of the last reading, with what the
// meeting should do about a missing or stale one.
func lastText(m Metric) string {
	if m.Last == nil {
		return "none yet: bring the figure"
	}
	s := m.view.LastText()
	if m.Stale {
		s += "; no reading since the last check-in"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}
