package semdiff

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/model"
)

// Painter colours text; the identity when colour is off.
type Painter struct {
	Added, Removed, Changed, Bold, Faint func(string) string
}

// Plain is a Painter that adds no colour.
var Plain = Painter{Added: id, Removed: id, Changed: id, Bold: id, Faint: id}

func id(s string) string { return s }

// Noun is how an entity kind is named in output: agreement, goal, map ...
func Noun(k model.Kind) string {
	switch k {
	case model.KindStakeholderMap:
		return "map"
	case "":
		return "file"
	}
	return strings.ToLower(string(k))
}

// Name is "agreement feature-x-launch" (the workspace: "workspace collab.yaml").
func (e *Entity) Name() string {
	if e.Kind == model.KindWorkspace {
		return "workspace collab.yaml"
	}
	return Noun(e.Kind) + " " + e.ID
}

// AcceptLine is the sentence naming who must accept, or "".
func (e *Entity) AcceptLine() string {
	if len(e.MustAccept) == 0 {
		return ""
	}
	who := joinAnd(e.MustAccept)
	if e.Change == Added {
		return who + " must accept"
	}
	return who + " must accept again"
}

func joinAnd(s []string) string {
	switch len(s) {
	case 0:
		return ""
	case 1:
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " and " + s[len(s)-1]
}

// Lines renders the entity's changes as indented text lines (no header).
func (e *Entity) Lines(p Painter) []string {
	var out []string
	if e.Error != "" {
		out = append(out, p.Removed("cannot compare: "+model.Escape(e.Error)))
	}
	for _, am := range e.Amendments {
		out = append(out, p.Bold(model.Escape(AmendmentLine(am))))
	}
	for _, l := range e.Minutes.Lines() {
		out = append(out, model.Escape(l))
	}
	for _, c := range e.Changes {
		paint := p.Changed
		switch c.Op {
		case Added:
			paint = p.Added
		case Removed:
			paint = p.Removed
		}
		out = append(out, paint(model.Escape(c.String())))
	}
	if e.Terms != nil && e.Terms.Changed {
		out = append(out, p.Bold(fmt.Sprintf("terms changed (%s -> %s)", e.Terms.From, e.Terms.To)))
	}
	if l := e.AcceptLine(); l != "" {
		out = append(out, p.Bold(model.Escape(l)))
	}
	return out
}

// AmendmentLine is an amendment on one line: "amended by priya@acme.example
// on 2026-03-05: Technical issue found in early March".
func AmendmentLine(am model.Amendment) string {
	return fmt.Sprintf("amended by %s on %s: %s", am.By, am.Date, am.Reason)
}

// WriteText writes a human-readable diff of entities.
func WriteText(w io.Writer, entities []*Entity, p Painter) error {
	if len(entities) == 0 {
		_, err := fmt.Fprintln(w, "no entity changes")
		return err
	}
	for i, e := range entities {
		if i > 0 {
			fmt.Fprintln(w)
		}
		head := model.Escape(e.Name())
		switch e.Change {
		case Added:
			head = p.Added(head + " (added)")
		case Removed:
			head = p.Removed(head + " (removed)")
		default:
			head = p.Bold(head)
		}
		if e.Title != "" {
			head += " " + p.Faint(model.Escape(e.Title))
		}
		fmt.Fprintln(w, head)
		for _, l := range e.Lines(p) {
			fmt.Fprintln(w, "  "+l)
		}
	}
	return nil
}

// WriteMarkdown writes a diff ready to post as a pull-request comment: a
// summary, then a section per entity with a table of changes and a clear
// line naming the parties that must accept again.
func WriteMarkdown(w io.Writer, title string, entities []*Entity) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", title)
	if len(entities) == 0 {
		b.WriteString("No changes to teams, goals, agreements or stakeholder maps.\n")
		_, err := io.WriteString(w, b.String())
		return err
	}
	var added, removed, modified int
	var accept []string
	for _, e := range entities {
		switch e.Change {
		case Added:
			added++
		case Removed:
			removed++
		default:
			modified++
		}
		if l := e.AcceptLine(); l != "" {
			accept = append(accept, fmt.Sprintf("- **%s**: %s", mdText(e.Name()), mdText(l)))
		}
	}
	fmt.Fprintf(&b, "%s: %d modified, %d added, %d removed.\n\n", plural(len(entities), "entity", "entities"), modified, added, removed)
	if len(accept) > 0 {
		b.WriteString("> [!IMPORTANT]\n> Acceptance needed before these agreements are valid again:\n")
		for _, a := range accept {
			b.WriteString("> " + a + "\n")
		}
		b.WriteString("\n")
	}
	for _, e := range entities {
		if e.Kind == model.KindWorkspace {
			b.WriteString("### Workspace")
		} else {
			fmt.Fprintf(&b, "### %s %s", cap1(Noun(e.Kind)), mdCode(e.ID))
		}
		if e.Title != "" {
			fmt.Fprintf(&b, ": %s", mdText(e.Title))
		}
		fmt.Fprintf(&b, " (%s)\n\n", e.Change)
		fmt.Fprintf(&b, "%s\n\n", mdCode(e.Path))
		if e.Status != nil {
			fmt.Fprintf(&b, "Status: **%s** → **%s**\n\n", mdText(e.Status.From), mdText(e.Status.To))
		}
		if e.Terms != nil && e.Terms.Changed {
			fmt.Fprintf(&b, "The terms changed (`%s` → `%s`): earlier acceptances no longer match.\n\n", e.Terms.From, e.Terms.To)
		}
		if l := e.AcceptLine(); l != "" {
			fmt.Fprintf(&b, "**%s.**\n\n", mdText(l))
		}
		for _, am := range e.Amendments {
			fmt.Fprintf(&b, "Amended by %s on %s. Reason: %s\n\n", mdText(am.By), mdText(string(am.Date)), mdText(am.Reason))
		}
		if lines := e.Minutes.Lines(); len(lines) > 0 {
			for _, l := range lines {
				indent := ""
				if strings.HasPrefix(l, "  ") {
					indent = "  "
				}
				fmt.Fprintf(&b, "%s- %s\n", indent, mdText(strings.TrimSpace(l)))
			}
			b.WriteString("\n")
		}
		if e.Error != "" {
			fmt.Fprintf(&b, "Cannot compare field by field: %s\n\n", mdText(e.Error))
		}
		if len(e.Changes) > 0 {
			b.WriteString("| Field | Before | After |\n|---|---|---|\n")
			for _, c := range e.Changes {
				before, after := "", ""
				if c.Old != nil {
					before = mdCell(Format(c.Old))
				}
				if c.New != nil {
					after = mdCell(Format(c.New))
				}
				switch c.Op {
				case Added:
					before = "_(none)_"
				case Removed:
					after = "_(removed)_"
				}
				fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCode(c.Path), before, after)
			}
			b.WriteString("\n")
		} else if e.Change == Modified && e.Error == "" {
			b.WriteString("Only formatting or comments changed.\n\n")
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func cap1(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// mdText escapes text that Markdown or HTML would interpret, so a value from
// a pull request cannot inject markup into the comment.
func mdText(s string) string {
	// A zero-width space after an @ that starts a word keeps @org/team
	// handles from notifying anyone; emails are left intact.
	return mention().ReplaceAllString(mdEscaper.Replace(model.Escape(s)), "$1@\u200b")
}

// mdCode is s as a code span that stays in one table cell: control
// characters escaped, backticks (which would end the span) made quotes,
// and | escaped, which GitHub reads as a cell border even inside a span.
func mdCode(s string) string {
	return "`" + codeEscaper.Replace(model.Escape(s)) + "`"
}

var codeEscaper = strings.NewReplacer("`", "'", "|", "\\|")

var mdEscaper = strings.NewReplacer("\\", "\\\\", "<", "&lt;", ">", "&gt;", "*", "\\*", "_", "\\_", "`", "\\`",
	"[", "\\[", "]", "\\]", "|", "\\|", "\n", " ", "\r", " ")

var mention = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(^|[\s(,{\[])@`) })

// mdCell is mdText cut to 300 characters (never inside a UTF-8 sequence).
func mdCell(s string) string {
	if r := []rune(s); len(r) > 300 {
		s = string(r[:297]) + "..."
	}
	return mdText(s)
}
