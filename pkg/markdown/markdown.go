// Package markdown writes workspace text into GitHub-flavoured Markdown
// (status digests, agendas) without breaking the document around it.
package markdown

import (
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

var oneLine = strings.NewReplacer("|", `\|`, "\r\n", " ", "\r", " ", "\n", " ")

// Cell keeps s on one line of a table row or list item: line breaks become
// spaces, pipes are escaped, and other control characters are shown
// escaped rather than written raw.
func Cell(s string) string {
	return model.Escape(oneLine.Replace(s))
}

// Code writes s as inline code ("" as a dash), with a longer fence when s
// holds backticks.
func Code(s string) string {
	if s == "" {
		return "-"
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + Cell(s) + fence
}
