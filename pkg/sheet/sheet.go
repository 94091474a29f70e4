// Package sheet moves workspace data to and from spreadsheets as CSV (RFC
// 4180): tables of goals, commitments, check-ins and members to export,
// and the members of a team to import from an HR directory export.
//
// Every exported cell that a spreadsheet would run as a formula (it starts
// with = + - @, a tab or a carriage return) gets a leading apostrophe, the
// OWASP guard against CSV injection: text from a workspace file never runs
// in the spreadsheet of whoever opens the export.
package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Table is a header and rows of cells, one per header column.
type Table struct {
	Header []string
	Rows   [][]string
}

// Tables are the names Export takes, in the order help lists them.
var Tables = []string{"goals", "commitments", "checkins", "members"}

// Headers are the stable header of each table: columns are only ever added
// at the end.
var Headers = map[string][]string{
	"goals":       {"id", "title", "status", "owner", "teams", "parent", "period_start", "period_end", "checkin_every", "progress_percent", "health", "key_results"},
	"commitments": {"agreement", "agreement_title", "agreement_status", "id", "party", "owner", "deliverable", "due", "status", "done", "depends_on", "note"},
	"checkins":    {"kind", "id", "date", "by", "confidence", "values", "note"},
	"members":     {"team", "email", "name", "role", "github", "lead"},
}

// Export builds the named table of workspace w as of asOf (goal health
// depends on the date). Rows are sorted by id, then in file order.
func Export(w *workspace.Workspace, name string, asOf model.Date) (Table, error) {
	t := Table{Header: Headers[name]}
	switch name {
	case "goals":
		p := w.Policy()
		for _, id := range slices.Sorted(maps.Keys(w.Goals)) {
			g := w.Goals[id]
			s := g.Spec
			var start, end model.Date
			if s.Period != nil {
				start, end = s.Period.Start, s.Period.End
			}
			t.Rows = append(t.Rows, []string{id, g.Metadata.Title, s.Status, s.Owner, list(s.Teams), s.Parent,
				string(start), string(end), strconv.Itoa(g.Cadence(p)), strconv.FormatFloat(g.Progress()*100, 'f', 0, 64),
				g.Health(asOf, p), strconv.Itoa(len(s.KeyResults))})
		}
	case "commitments":
		for _, id := range slices.Sorted(maps.Keys(w.Agreements)) {
			a := w.Agreements[id]
			for _, c := range a.Spec.Commitments {
				t.Rows = append(t.Rows, []string{id, a.Metadata.Title, a.Spec.Status, c.ID, c.Party, c.Owner, c.Deliverable,
					string(c.Due), c.State(), string(c.Done), list(c.DependsOn), c.Note})
			}
		}
	case "checkins":
		for _, id := range slices.Sorted(maps.Keys(w.Goals)) {
			for _, c := range w.Goals[id].Spec.Checkins {
				var values []string
				for _, kr := range slices.Sorted(maps.Keys(c.Values)) {
					values = append(values, kr+"="+model.FormatNumber(c.Values[kr]))
				}
				t.Rows = append(t.Rows, []string{"goal", id, string(c.Date), c.By, c.Confidence, list(values), c.Note})
			}
		}
		for _, id := range slices.Sorted(maps.Keys(w.Agreements)) {
			for _, c := range w.Agreements[id].Spec.Checkins {
				t.Rows = append(t.Rows, []string{"agreement", id, string(c.Date), c.By, "", "", c.Note})
			}
		}
	case "members":
		for _, id := range slices.Sorted(maps.Keys(w.Teams)) {
			tm := w.Teams[id]
			for _, m := range tm.Spec.Members {
				lead := ""
				if m.Email == tm.Spec.Lead {
					lead = "yes"
				}
				t.Rows = append(t.Rows, []string{id, m.Email, m.Name, m.Role, m.GitHub, lead})
			}
		}
	default:
		return Table{}, fmt.Errorf("unknown table %q: use one of %s", name, strings.Join(Tables, ", "))
	}
	return t, nil
}

// list joins the items of a list cell.
func list(items []string) string { return strings.Join(items, "; ") }

// WriteCSV writes t as RFC 4180 CSV: CRLF line endings, fields quoted where
// needed, every cell guarded against formula injection and cleaned of
// control characters other than tab and line breaks.
func WriteCSV(w io.Writer, t Table) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	row := make([]string, len(t.Header))
	for i, h := range t.Header {
		row[i] = Guard(h)
	}
	if err := cw.Write(row); err != nil {
		return err
	}
	for _, r := range t.Rows {
		for i, c := range r {
			row[i] = Guard(c)
		}
		if err := cw.Write(row[:len(r)]); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Guard makes a cell safe to open in a spreadsheet: control characters
// other than tab and line breaks are dropped (they could drive a terminal
// the CSV is printed on), and a cell that a spreadsheet would read as a
// formula gets a leading apostrophe, which spreadsheets show as text.
func Guard(cell string) string {
	cell = strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || (r >= 0x7f && r <= 0x9f) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(cell, "\uFFFD"))
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
