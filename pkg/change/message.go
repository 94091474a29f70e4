package change

import (
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// Commit describes the one commit a command makes. Its message is built from
// a template and ids; user text is cleaned of newlines and control characters.
type Commit struct {
	Kind    model.Kind
	ID      string
	Action  string   // e.g. "amend", "member-add"
	Subject string   // after "agree(id): "
	Body    []string // paragraphs, e.g. "Reason: ..."
	// Trailers follow collab's own in the last paragraph, e.g. the review
	// an acceptance was given in (see agreement.TrailerReview).
	Trailers []Trailer
}

// Trailer is one "Key: value" line of a commit message's last paragraph.
type Trailer struct{ Key, Value string }

// Noun is the short prefix of commit subjects for a kind.
func Noun(k model.Kind) string {
	switch k {
	case model.KindAgreement:
		return "agree"
	case model.KindStakeholderMap:
		return "map"
	}
	return strings.ToLower(string(k))
}

// Message renders the full commit message; extra is the user's -m text.
func (c Commit) Message(extra string) string {
	var b strings.Builder
	b.WriteString(Noun(c.Kind))
	if c.ID != "" {
		b.WriteString("(" + c.ID + ")")
	}
	b.WriteString(": " + truncate(model.OneLine(c.Subject), 200) + "\n")
	var paras []string
	for _, p := range c.Body {
		if p = model.OneLine(p); p != "" {
			paras = append(paras, p)
		}
	}
	if e := model.OneLine(extra); e != "" {
		paras = append(paras, e)
	}
	for _, p := range paras {
		b.WriteString("\n" + p + "\n")
	}
	b.WriteString("\nCollab-Kind: " + string(c.Kind) + "\n")
	if c.ID != "" {
		b.WriteString("Collab-Id: " + c.ID + "\n")
	}
	b.WriteString("Collab-Action: " + model.OneLine(c.Action) + "\n")
	for _, t := range c.Trailers {
		b.WriteString(model.OneLine(t.Key) + ": " + model.OneLine(t.Value) + "\n")
	}
	return b.String()
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
