package sheet

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// RowError is what is wrong with one cell of an imported file.
type RowError struct {
	Row    int    // line of the file, 1 for the header
	Column string // header name; empty for the row as a whole
	Why    string
}

func (e RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("row %d: %s", e.Row, e.Why)
	}
	return fmt.Sprintf("row %d, column %s: %s", e.Row, e.Column, e.Why)
}

// ImportedMember is a member read from a row of the file.
type ImportedMember struct {
	Row    int
	Member model.Member
}

// memberColumns are the header names each field is read from, lower-case:
// the names of an HR directory export as well as collab's own.
var memberColumns = map[string][]string{
	"email":  {"email", "e-mail", "mail", "email address", "work email"},
	"name":   {"name", "full name", "display name"},
	"role":   {"role", "title", "job title", "position"},
	"github": {"github", "github user", "github username", "github login"},
}

// ReadMembers reads members from CSV with a header row: email (required),
// name, role and github, in any order, under the names memberColumns
// accepts, case-insensitive. Other columns are returned in ignored. Every
// bad cell is reported, not only the first, as RowErrors; err is for a file
// that cannot be read as CSV at all.
func ReadMembers(r io.Reader) (members []ImportedMember, ignored []string, bad []RowError, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // a short row is reported by row, not as a parse error
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil, errors.New("the file is empty: it needs a header row naming the columns, e.g. email,name,role,github")
	}
	if err != nil {
		return nil, nil, nil, csvError(err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))) // Excel writes a byte-order mark
		field := ""
		for f, names := range memberColumns {
			for _, n := range names {
				if h == n {
					field = f
				}
			}
		}
		switch {
		case field == "":
			ignored = append(ignored, header[i])
		case col[field] != 0:
			return nil, nil, nil, fmt.Errorf("row 1: columns %q and %q both give the %s: keep one", header[col[field]-1], header[i], field)
		default:
			col[field] = i + 1
		}
	}
	if col["email"] == 0 {
		return nil, nil, nil, fmt.Errorf("row 1: no email column (the header is %q): name the column of email addresses email", strings.Join(header, ","))
	}
	cell := func(rec []string, field string) string {
		if i := col[field]; i > 0 && i <= len(rec) {
			return strings.TrimSpace(rec[i-1])
		}
		return ""
	}
	first := map[string]int{} // email -> row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, nil, csvError(err)
		}
		row, _ := cr.FieldPos(0)
		if len(rec) < col["email"] {
			bad = append(bad, RowError{Row: row, Why: fmt.Sprintf("%d cells, fewer than the header's %d", len(rec), len(header))})
			continue
		}
		m := model.Member{Email: cell(rec, "email"), Name: cell(rec, "name"), Role: cell(rec, "role"), GitHub: strings.TrimPrefix(cell(rec, "github"), "@")}
		ok := true
		if m.Email == "" {
			bad, ok = append(bad, RowError{row, "email", "empty: every member needs the email of their git commits"}), false
		} else if err := model.CheckEmail(m.Email); err != nil {
			bad, ok = append(bad, RowError{row, "email", err.Error()}), false
		} else if prev, dup := first[strings.ToLower(m.Email)]; dup {
			bad, ok = append(bad, RowError{row, "email", fmt.Sprintf("%s is also in row %d: keep one row per person", m.Email, prev)}), false
		} else {
			first[strings.ToLower(m.Email)] = row
		}
		for _, f := range []struct{ field, value string }{{"name", m.Name}, {"role", m.Role}} {
			if _, badChar := model.BadChar(f.value, false); badChar {
				bad, ok = append(bad, RowError{row, f.field, "holds a control or invisible character: retype it"}), false
			}
		}
		if m.GitHub != "" {
			if err := model.CheckGitHub(m.GitHub); err != nil {
				bad, ok = append(bad, RowError{row, "github", err.Error()}), false
			}
		}
		if ok {
			members = append(members, ImportedMember{Row: row, Member: m})
		}
	}
	return members, ignored, bad, nil
}

// csvError words a CSV syntax error by line, as the RowErrors are.
func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("row %d: %v at character %d: fix the file (a quote inside a cell is written twice, \"\")", pe.StartLine, pe.Err, pe.Column)
	}
	return err
}
