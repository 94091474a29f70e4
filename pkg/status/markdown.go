package status

import (
	"fmt"
	"io"
	"strings"

	"github.com/collab-tools/collab/pkg/markdown"
)

// Section titles, in the order they are shown.
const (
	TitleNeedsAction = "Needs action now"
	TitleWaitingOn   = "Waiting on others"
	TitleOverdue     = "Overdue and blocked"
	TitleEscalations = "Escalations"
	TitleGoals       = "Goals needing attention"
	TitleBottlenecks = "Bottlenecks"
	TitleWins        = "Wins"
)

// Empty reports whether no section has a line.
func (s Status) Empty() bool {
	return len(s.NeedsAction)+len(s.WaitingOn)+len(s.Overdue)+len(s.Escalations)+len(s.Goals)+len(s.Bottlenecks)+len(s.Wins) == 0
}

// Scope says what the status covers, in a sentence.
func (s Status) Scope() string {
	var b strings.Builder
	fmt.Fprintf(&b, "As of %s: what falls due within %d days, wins of the last %d days", s.AsOf, s.Within, s.Since)
	if len(s.Teams) > 0 {
		fmt.Fprintf(&b, ", for %s", strings.Join(s.Teams, ", "))
	}
	if s.Person != "" {
		fmt.Fprintf(&b, ", as seen by %s", s.Person)
	}
	return b.String() + "."
}

// Ref names the entity of an item: the agreement (with the commitment) or
// goal/ID.
func (it Item) Ref() string {
	switch {
	case it.Goal != "":
		return "goal/" + it.Goal
	case it.Commitment != "":
		return it.Agreement + "/" + it.Commitment
	}
	return it.Agreement
}

// Who lists at most three people through name, then how many more.
func Who(people []string, name func(string) string) string {
	var out []string
	for i, p := range people {
		if i == 3 {
			out = append(out, fmt.Sprintf("and %d more", len(people)-3))
			break
		}
		out = append(out, name(p))
	}
	return strings.Join(out, ", ")
}

// Markdown writes the status for a GitHub issue body or a job summary:
// a heading per non-empty section, tables, ids as code and no colour.
// mention renders a person (an email): a GitHub @name where one is known.
func Markdown(w io.Writer, s Status, title string, mention func(string) string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n%s\n", markdown.Cell(title), s.Scope())
	items := func(heading string, items []Item, next bool) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n### %s\n\n| When | What | %s |", heading, WhoHeader(heading))
		if next {
			b.WriteString(" Next |\n|---|---|---|---|\n")
		} else {
			b.WriteString("\n|---|---|---|\n")
		}
		for _, it := range items {
			fmt.Fprintf(&b, "| %s | %s %s | %s |", orDash(string(it.Date)), markdown.Code(it.Ref()), markdown.Cell(it.Text), markdown.Cell(Who(it.People, mention)))
			if next {
				fmt.Fprintf(&b, " %s |", markdown.Code(it.Next))
			}
			b.WriteString("\n")
		}
	}
	items(TitleNeedsAction, s.NeedsAction, true)
	items(TitleWaitingOn, s.WaitingOn, true)
	items(TitleOverdue, s.Overdue, true)
	items(TitleEscalations, s.Escalations, true)
	if len(s.Goals) > 0 {
		fmt.Fprintf(&b, "\n### %s\n\n| Goal | Health | Progress | Missed check-ins | Served by | Owner |\n|---|---|---|---|---|---|\n", TitleGoals)
		for _, g := range s.Goals {
			fmt.Fprintf(&b, "| %s | %s | %s | %d | %s | %s |\n", markdown.Code(g.ID), g.Health, GoalPace(g), g.MissedCheckins, markdown.Cell(Children(g, markdown.Code)), markdown.Cell(mention(g.Owner)))
		}
	}
	if len(s.Bottlenecks) > 0 {
		fmt.Fprintf(&b, "\n### %s\n\n| Team | Score | Commitments waiting on it | Acceptances due | Missed check-ins | Blocking |\n|---|---|---|---|---|---|\n", TitleBottlenecks)
		for _, t := range s.Bottlenecks {
			var blocking []string
			for _, r := range t.Blocking {
				blocking = append(blocking, markdown.Code(r))
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s |\n", markdown.Code(t.Team), t.Score, t.Waiting, t.Acceptances, t.MissedCheckins, orDash(strings.Join(blocking, ", ")))
		}
	}
	items(TitleWins, s.Wins, false)
	if s.Empty() {
		b.WriteString("\nNothing needs attention.\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WhoHeader names the people column of a section: whom to tell for
// escalations, who acts for the others.
func WhoHeader(title string) string {
	if title == TitleEscalations {
		return "Tell"
	}
	return "Who"
}

// GoalPace is a goal's progress against the expected pace, in percent.
func GoalPace(g GoalItem) string {
	return fmt.Sprintf("%.0f%% (expected %.0f%%)", g.Progress*100, g.Expected*100)
}

// Children lists the goals that serve g with their health, ids through id.
func Children(g GoalItem, id func(string) string) string {
	var out []string
	for _, c := range g.Children {
		out = append(out, id(c.ID)+" "+c.Health)
	}
	return orDash(strings.Join(out, ", "))
}
