package sheet

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

func TestGuard(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                  "plain",
		"=HYPERLINK(\"x\")":      "'=HYPERLINK(\"x\")",
		"+1":                     "'+1",
		"-2+3":                   "'-2+3",
		"@SUM(A1)":               "'@SUM(A1)",
		"\t=1":                   "'\t=1",
		"a=b":                    "a=b",
		"":                       "",
		"bell\a and \x1b[31mred": "bell and [31mred",
		"two\nlines":             "two\nlines",
	} {
		if got := Guard(in); got != want {
			t.Errorf("Guard(%q) = %q, want %q", in, got, want)
		}
	}
}

func acme(t *testing.T) *workspace.Workspace {
	t.Helper()
	w, err := workspace.Load(filepath.Join("..", "..", "examples", "acme"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestExportAcme: each table of acme written and read back by a CSV
// reader: the stable header, one row per entity, CRLF line endings.
func TestExportAcme(t *testing.T) {
	w := acme(t)
	rows := map[string]int{"goals": 6, "commitments": 0, "checkins": 0, "members": 0}
	for _, a := range w.Agreements {
		rows["commitments"] += len(a.Spec.Commitments)
		rows["checkins"] += len(a.Spec.Checkins)
	}
	for _, g := range w.Goals {
		rows["checkins"] += len(g.Spec.Checkins)
	}
	for _, tm := range w.Teams {
		rows["members"] += len(tm.Spec.Members)
	}
	for _, name := range Tables {
		tbl, err := Export(w, name, "2026-04-15")
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := WriteCSV(&buf, tbl); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(strings.ReplaceAll(buf.String(), "\r\n", ""), "\n") && name != "checkins" {
			t.Errorf("%s: a line ends without CR", name)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if diff := cmp.Diff(Headers[name], recs[0]); diff != "" {
			t.Errorf("%s header (-want +got):\n%s", name, diff)
		}
		if len(recs)-1 != rows[name] {
			t.Errorf("%s: %d rows, want %d", name, len(recs)-1, rows[name])
		}
	}
	tbl, _ := Export(w, "goals", "2026-04-15")
	want := []string{"feature-x-adoption", "30% of active accounts use Feature X by the end of June", "active", "priya@acme.example",
		"product; sales", "shared-revenue-target", "2026-03-22", "2026-06-30", "14", "46", "on-track", "2"}
	if diff := cmp.Diff(want, tbl.Rows[2]); diff != "" {
		t.Errorf("goal row (-want +got):\n%s", diff)
	}
	if _, err := Export(w, "maps", "2026-04-15"); err == nil {
		t.Error("unknown table: no error")
	}
}

// TestExportGuardsFormulas: a title written to start a formula reaches the
// CSV with an apostrophe, and a reader gets the text back.
func TestExportGuardsFormulas(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(dir, "teams", "hr.yaml")
	b, _ := os.ReadFile(f)
	b = bytes.Replace(b, []byte("members:\n"), []byte("members:\n    - {email: evil@acme.example, name: \"=HYPERLINK(\\\"http://x.example\\\",\\\"click\\\")\", role: \"@cmd, \\\"quoted\\\"\\n2nd line\"}\n"), 1)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	tbl, _ := Export(w, "members", model.Date("2026-04-15"))
	var buf bytes.Buffer
	if err := WriteCSV(&buf, tbl); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		if r[1] == "evil@acme.example" {
			got = r
		}
	}
	want := []string{"hr", "evil@acme.example", "'=HYPERLINK(\"http://x.example\",\"click\")", "'@cmd, \"quoted\"\n2nd line", "", ""}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("guarded row (-want +got):\n%s", diff)
	}
}

func TestReadMembers(t *testing.T) {
	in := "\uFEFFE-mail,Full Name,Job Title,GitHub Username,Department\r\n" +
		"ana@acme.example,Ana Silva,Analyst,@ana-s,Finance\r\n" +
		"bo@acme.example,\"Bo, Jr.\",,,Finance\r\n"
	got, ignored, bad, err := ReadMembers(strings.NewReader(in))
	if err != nil || len(bad) > 0 {
		t.Fatalf("err %v, bad %v", err, bad)
	}
	want := []ImportedMember{
		{Row: 2, Member: model.Member{Email: "ana@acme.example", Name: "Ana Silva", Role: "Analyst", GitHub: "ana-s"}},
		{Row: 3, Member: model.Member{Email: "bo@acme.example", Name: "Bo, Jr."}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("members (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Department"}, ignored); diff != "" {
		t.Errorf("ignored (-want +got):\n%s", diff)
	}

	in = "email,name,github\n" +
		"ok@acme.example,Ok,\n" +
		"not-an-email,X,\n" +
		",Nobody,\n" +
		"ok@acme.example,Again,\n" +
		"gh@acme.example,Gh,bad_name!\n" +
		"ctl@acme.example,\"a\u202eb\",\n" +
		"\n" +
		"short\n"
	_, _, bad, err = ReadMembers(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, b := range bad {
		lines = append(lines, b.Error())
	}
	wantLines := []string{
		`row 3, column email: invalid email "not-an-email": people are named by the email of their git commits, e.g. sam@acme.example`,
		`row 4, column email: empty: every member needs the email of their git commits`,
		`row 5, column email: ok@acme.example is also in row 2: keep one row per person`,
		`row 6, column github: invalid GitHub user name "bad_name!": letters, digits and single dashes, at most 39, without the @ (e.g. sam-ortiz)`,
		`row 7, column name: holds a control or invisible character: retype it`,
		`row 9, column email: invalid email "short": people are named by the email of their git commits, e.g. sam@acme.example`,
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}

	for in, want := range map[string]string{
		"":                            "the file is empty",
		"name,role\nAna,Analyst\n":    "row 1: no email column",
		"email,mail\na@x.example,b\n": `row 1: columns "email" and "mail" both give the email`,
		"email\n\"a@x.example\n":      "row 2: extraneous or missing \" in quoted-field at character 14",
	} {
		if _, _, _, err := ReadMembers(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ReadMembers(%q) error = %v, want %q", in, err, want)
		}
	}
}
