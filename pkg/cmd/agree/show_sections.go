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

// The sections of the text of `agree show` that come from the negotiation
// (interests, parameters, options) and its renegotiation (amendments):
// each prints nothing when the agreement has nothing of it, so a fresh
// draft stays short. Free text from the file is escaped: it cannot drive
// the terminal.

// showInterests prints the parties' interests side by side, a column per party.
func showInterests(out io.Writer, v agreement.View) {
	rows := 0
	for _, p := range v.Parties {
		rows = max(rows, len(p.Interests))
	}
	if rows == 0 {
		return
	}
	fmt.Fprintf(out, "\nInterests (why each party wants what it wants):\n")
	head := make([]string, len(v.Parties))
	for i, p := range v.Parties {
		head[i] = p.Team
	}
	t := cmdutil.NewTable(out, head...)
	for r := 0; r < rows; r++ {
		row := make([]string, len(v.Parties))
		for i, p := range v.Parties {
			if r < len(p.Interests) {
				row[i] = "- " + model.Escape(p.Interests[r])
			}
		}
		t.Append(row)
	}
	t.Render()
}

// showParameters prints the parameters, hard or flexible, with the name
// options use for them.
func showParameters(out io.Writer, a *model.Agreement) {
	if len(a.Spec.Parameters) == 0 {
		return
	}
	fmt.Fprintf(out, "\nParameters:\n")
	t := cmdutil.NewTable(out, "Name", "Kind", "Hard", "Parameter")
	for i, p := range a.Spec.Parameters {
		hard := "flexible"
		if p.Hard {
			hard = "hard"
		}
		t.Append([]string{agreement.ParamLabel(a, i), p.Kind, hard, model.Escape(p.Text)})
	}
	t.Render()
}

// showOptions prints the options weighed: the chosen one marked, with
// pros (+), cons (-), the parameters each meets and breaks, and the note.
func showOptions(out io.Writer, ios *iostreams.IOStreams, v agreement.View) {
	if len(v.Options) == 0 {
		return
	}
	chosen := 0
	for _, o := range v.Options {
		if o.Chosen {
			chosen++
		}
	}
	fmt.Fprintf(out, "\nOptions (%d weighed, %d chosen):\n", len(v.Options), chosen)
	for _, o := range v.Options {
		title := model.Escape(o.Title)
		if o.Chosen {
			fmt.Fprintf(out, "  * %s %s\n", ios.Bold(title), ios.Green("(chosen)"))
		} else {
			fmt.Fprintf(out, "    %s\n", title)
		}
		for _, p := range o.Pros {
			fmt.Fprintf(out, "      + %s\n", model.Escape(p))
		}
		for _, c := range o.Cons {
			fmt.Fprintf(out, "      - %s\n", model.Escape(c))
		}
		if len(o.Meets) > 0 || len(o.Breaks) > 0 {
			fmt.Fprintf(out, "      meets: %s   breaks: %s\n", model.Escape(dashList(o.Meets)), model.Escape(dashList(o.Breaks)))
		}
		if o.Note != "" {
			fmt.Fprintf(out, "      note: %s\n", model.Escape(o.Note))
		}
	}
}

// showAmendments prints each amendment with its reason and changes.
func showAmendments(out io.Writer, v agreement.View) {
	if len(v.Amendments) == 0 {
		return
	}
	fmt.Fprintf(out, "\nAmendments:\n")
	for _, am := range v.Amendments {
		fmt.Fprintf(out, "  %s by %s: %s\n", am.Date, model.Escape(am.By), model.Escape(am.Reason))
		for _, c := range am.Changes {
			fmt.Fprintf(out, "    %s\n", model.Escape(agreement.AmendmentChangeString(c)))
		}
	}
}

func dashList(s []string) string {
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ", ")
}
