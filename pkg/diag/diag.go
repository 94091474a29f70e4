// Package diag holds diagnostics as data: every check appends to a list, and
// the list is rendered once, in the format the caller asked for.
package diag

import (
	"fmt"
	"sort"

	"github.com/collab-tools/collab/pkg/model"
)

// Severity orders diagnostics; errors fail a run, warnings fail it only with --strict.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Diagnostic is one finding at an exact position of a file.
// File is slash-separated and relative to the workspace root.
type Diagnostic struct {
	File     string   `json:"file"`
	Line     int      `json:"line"`
	Col      int      `json:"column"`
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
}

// String renders the compiler-style form: path:line:col: severity: message.
func (d Diagnostic) String() string {
	file, msg := model.Escape(d.File), model.Escape(d.Message)
	if d.Line == 0 {
		return fmt.Sprintf("%s: %s: %s", file, d.Severity, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", file, d.Line, d.Col, d.Severity, msg)
}

// List is a collection of diagnostics.
type List []Diagnostic

// Add appends a diagnostic.
func (l *List) Add(file string, line, col int, sev Severity, code, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...)})
}

// Sort orders by file, line, column, then message, so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}
