package agreement

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

func complete() *model.Agreement {
	a := &model.Agreement{}
	a.Metadata.ID = "launch"
	a.Spec = model.AgreementSpec{
		Status: model.AgreementDraft,
		Owner:  "pat@acme.example",
		Parties: []model.Party{
			{Team: "product", Owner: "priya@acme.example"},
			{Team: "sales", Owner: "sam@acme.example"},
		},
		Commitments: []model.Commitment{
			{ID: "deliver-feature", Party: "product", Owner: "priya@acme.example", Deliverable: "GA", Due: "2026-03-15"},
			{ID: "start-outreach", Party: "sales", Owner: "sam@acme.example", Deliverable: "Outreach", Due: "2026-03-16", DependsOn: []string{"deliver-feature"}},
		},
		Metrics: []model.Metric{{Name: "Adoption", Target: "30%"}},
		Cadence: &model.Cadence{Every: "14d"},
	}
	return a
}

func TestMissing(t *testing.T) {
	tests := []struct {
		name string
		edit func(a *model.Agreement)
		want []string
	}{
		{"complete", func(*model.Agreement) {}, nil},
		{"empty", func(a *model.Agreement) { a.Spec = model.AgreementSpec{} }, []string{
			"an owner accountable for the whole agreement (spec.owner)",
			"at least two parties (has 0)",
			"at least one joint metric",
			"a check-in cadence (cadence.every)",
		}},
		{"one party without owner or commitment", func(a *model.Agreement) {
			a.Spec.Parties = []model.Party{{Team: "product"}}
			a.Spec.Commitments = nil
		}, []string{
			"at least two parties (has 1)",
			"an owner for party product",
			"a commitment of party product",
		}},
		{"incomplete commitments", func(a *model.Agreement) {
			a.Spec.Commitments[0].Owner = ""
			a.Spec.Commitments[0].Due = ""
			a.Spec.Commitments[1].Deliverable = ""
		}, []string{
			"an owner and a due date for commitment deliver-feature",
			"a deliverable for commitment start-outreach",
		}},
		{"party with no commitment", func(a *model.Agreement) {
			a.Spec.Commitments = a.Spec.Commitments[:1]
		}, []string{"a commitment of party sales"}},
		{"duplicate party counts once", func(a *model.Agreement) {
			a.Spec.Parties[1].Team = "product"
		}, []string{"at least two parties (has 1)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := complete()
			tt.edit(a)
			if diff := cmp.Diff(tt.want, Missing(a)); diff != "" {
				t.Errorf("Missing (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTermsChanges(t *testing.T) {
	tests := []struct {
		name string
		edit func(a *model.Agreement)
		want string
	}{
		{"nothing", func(*model.Agreement) {}, ""},
		{"progress is not terms", func(a *model.Agreement) {
			a.Spec.Status = model.AgreementActive
			a.Spec.Commitments[0].Status = model.CommitmentDone
			a.Spec.Cadence.Next = "2026-04-01"
			a.Spec.Options = []model.Option{{Title: "x"}}
		}, ""},
		{"due date", func(a *model.Agreement) { a.Spec.Commitments[0].Due = "2026-03-22" },
			"deliver-feature due 2026-03-15 -> 2026-03-22"},
		{"deliverable text is quoted", func(a *model.Agreement) { a.Spec.Commitments[1].Deliverable = "Outreach starts" },
			`start-outreach deliverable Outreach -> "Outreach starts"`},
		{"owners and cadence", func(a *model.Agreement) {
			a.Spec.Owner = "maria@acme.example"
			a.Spec.Parties[1].Owner = "grace@acme.example"
			a.Spec.Cadence.Every = "7d"
		}, "owner pat@acme.example -> maria@acme.example; party sales owner sam@acme.example -> grace@acme.example; cadence 14d -> 7d"},
		{"added and removed", func(a *model.Agreement) {
			a.Spec.Commitments = a.Spec.Commitments[1:]
			a.Spec.Metrics = append(a.Spec.Metrics, model.Metric{Name: "Deals", Target: "40%"})
			a.Spec.Review = &model.Review{Every: "90d"}
		}, "remove commitment deliver-feature; add metric Deals; set review 90d"},
		{"dependencies", func(a *model.Agreement) { a.Spec.Commitments[1].DependsOn = nil },
			"remove start-outreach dependsOn deliver-feature"},
		{"chosen option", func(a *model.Agreement) {
			a.Spec.Options = []model.Option{{Title: "Phased", Chosen: true}, {Title: "Big bang"}}
		}, "set chosen options Phased"},
		{"dropped commitment", func(a *model.Agreement) { a.Spec.Commitments[1].Status = model.CommitmentDropped },
			"start-outreach dropped false -> true"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old := complete()
			nu := complete()
			tt.edit(nu)
			if diff := cmp.Diff(tt.want, Describe(TermsChanges(old.Terms(), nu.Terms()))); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if (tt.want == "") != (old.TermsDigest() == nu.TermsDigest()) {
				t.Errorf("TermsChanges disagrees with the terms digest")
			}
		})
	}
}

func TestNext(t *testing.T) {
	tests := []struct {
		next  model.Date
		every model.Duration
		on    model.Date
		want  model.Date
	}{
		{"", "14d", "2026-03-04", "2026-03-18"},
		{"2026-03-18", "14d", "2026-03-18", "2026-04-01"},
		{"2026-03-18", "14d", "2026-03-04", "2026-04-01"}, // held early: the next one moves on
		{"2026-03-18", "14d", "2026-04-20", "2026-04-29"}, // held late: keeps the schedule, after the check-in
		{"2026-01-01", "2w", "2026-01-01", "2026-01-15"},
	}
	for _, tt := range tests {
		got, err := Next(tt.next, tt.every, tt.on)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("Next(%s, %s, %s) = %s, want %s", tt.next, tt.every, tt.on, got, tt.want)
		}
	}
	if _, err := Next("", "soon", "2026-01-01"); err == nil {
		t.Error("Next accepted an invalid cadence")
	}
}

func TestNextReview(t *testing.T) {
	tests := []struct {
		name    string
		on      model.Date
		every   model.Duration
		want    model.Date
		wantErr bool
	}{
		{"early review counts from its own day", "2027-04-02", "180d", "2027-09-29", false},
		{"late review counts from its own day", "2026-05-20", "90d", "2026-08-18", false},
		{"weeks", "2026-01-01", "2w", "2026-01-15", false},
		{"invalid interval", "2026-01-01", "soon", "", true},
		{"zero interval", "2026-01-01", "0d", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NextReview(tt.on, tt.every)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("NextReview(%s, %s) = %s, want %s", tt.on, tt.every, got, tt.want)
			}
		})
	}
}

func TestCanAccept(t *testing.T) {
	a := complete()
	sales := &model.Team{}
	sales.Spec.Members = []model.Member{{Email: "maria@acme.example"}, {Email: "sam@acme.example"}}
	tests := []struct {
		party, email string
		team         *model.Team
		want         string // substring of the error, "" for none
		reason       error
	}{
		{"sales", "sam@acme.example", sales, "", nil},
		{"sales", "leo@acme.example", sales, "leo@acme.example is not a member of team sales and cannot accept for it (members: maria@acme.example, sam@acme.example)", ErrNotMember},
		{"sales", "", sales, "is not a member of team sales", ErrNotMember},
		{"legal", "sam@acme.example", sales, "legal is not a party of agreement launch (parties: product, sales)", ErrNotParty},
		{"sales", "sam@acme.example", nil, `no team "sales"`, ErrNoTeam},
	}
	for _, tt := range tests {
		err := CanAccept(a, tt.team, tt.party, tt.email)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("CanAccept(%s, %s) = %q, want %q", tt.party, tt.email, got, tt.want)
		}
		for _, reason := range []error{ErrNotParty, ErrNoTeam, ErrNotMember} {
			if errors.Is(err, reason) != (reason == tt.reason) {
				t.Errorf("CanAccept(%s, %s): errors.Is(%v) = %v", tt.party, tt.email, reason, !(reason == tt.reason))
			}
		}
	}
}

// Acceptance digests are always quoted, dates plain and lists of ids on one line.
func TestRecordAcceptanceQuotesTerms(t *testing.T) {
	src := "apiVersion: collab/v1\nkind: Agreement\nmetadata:\n  id: x\n  title: X\nspec:\n  status: proposed\n  goals: [g]\n"
	d, ds := yamldoc.Parse("agreements/x.yaml", []byte(src))
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	a, err := Decode(d)
	if err != nil {
		t.Fatal(err)
	}
	if err := RecordAcceptance(d, a, model.Acceptance{Party: "sales", By: "sam@acme.example", Date: "2026-03-05", Terms: "123456789012", Summary: "yes"}); err != nil {
		t.Fatal(err)
	}
	if err := Set(d, []string{"a", "b"}, "spec", "escalation"); err != nil {
		t.Fatal(err)
	}
	got, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	want := src + `  escalation: [a, b]
  acceptances:
    - party: sales
      by: sam@acme.example
      date: 2026-03-05
      terms: "123456789012"
      summary: "yes"
`
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	d2, _ := yamldoc.Parse("agreements/x.yaml", got)
	back, err := Decode(d2)
	if err != nil {
		t.Fatal(err)
	}
	if back.Spec.Acceptances[0].Terms != "123456789012" {
		t.Errorf("terms read back as %q", back.Spec.Acceptances[0].Terms)
	}
}

func TestNewFileFromTemplate(t *testing.T) {
	tpl, err := FindTemplate(nil, "launch")
	if err != nil {
		t.Fatal(err)
	}
	data, err := NewFile(&tpl, Draft{ID: "x-launch", Title: "X launch", Owner: "pat@acme.example",
		Parties: []model.Party{{Team: "engineering", Owner: "ed@acme.example"}, {Team: "sales", Owner: "sam@acme.example"}},
		Cadence: "7d"})
	if err != nil {
		t.Fatal(err)
	}
	d, ds := yamldoc.Parse("agreements/x-launch.yaml", data)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	a, err := Decode(d)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range a.Spec.Commitments {
		got = append(got, c.Party+"/"+c.ID)
	}
	want := []string{"engineering/demo-environment", "engineering/deliver-feature", "sales/sales-training", "sales/start-outreach"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("commitments (-want +got):\n%s", diff)
	}
	if a.Metadata.ID != "x-launch" || a.Metadata.Title != "X launch" || a.Spec.Status != model.AgreementDraft || a.Spec.Cadence.Every != "7d" {
		t.Errorf("header not filled in: %+v %+v", a.Metadata, a.Spec)
	}
	if !strings.Contains(string(data), "# Product: the feature and what sales needs to sell it.") {
		t.Errorf("template comments lost:\n%s", data)
	}
	// Still a draft to complete: owners and dates are for the parties to fill in.
	if m := Missing(a); len(m) == 0 {
		t.Error("a fresh template draft should not be ready to propose")
	}
}

func TestTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, TemplateDir), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, TemplateDir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("launch.yaml", "apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: launch, title: Our launch}\nspec:\n  parties: [{team: eng}, {team: sales}, {team: support}]\n")
	write("okr.yaml", "apiVersion: collab/v1\nkind: Goal\nmetadata: {id: okr, title: A goal template}\nspec: {}\n")
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	ts, err := Templates(root)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tp := range ts {
		got = append(got, tp.Name+" "+tp.Source+" "+strings.Join(tp.Parties, ","))
	}
	want := []string{
		"budget built-in finance,requester",
		"launch templates/launch.yaml eng,sales,support",
		"onboarding built-in hr,it,finance",
		"service-level built-in provider,consumer",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("templates (-want +got):\n%s", diff)
	}
	if _, err := FindTemplate(root, "nope"); err == nil || !strings.Contains(err.Error(), "templates: budget, launch, onboarding, service-level") {
		t.Errorf("FindTemplate error = %v", err)
	}

	// A template whose header cannot be decoded is an error at its line,
	// not silently another kind (the built-in launch would take its place).
	write("launch.yaml", "apiVersion: collab/v1\nkind: Agreement\nmetadata: [launch]\nspec: {}\n")
	if _, err := Templates(root); err == nil || !strings.Contains(err.Error(), "templates/launch.yaml:3:11: error: cannot unmarshal !!seq") {
		t.Errorf("Templates with an undecodable launch.yaml: error = %v", err)
	}
}

func TestCommitmentLacks(t *testing.T) {
	tests := []struct {
		name string
		c    model.Commitment
		want []string
	}{
		{"complete", model.Commitment{ID: "a", Owner: "p@acme.example", Deliverable: "GA", Due: "2026-03-15"}, nil},
		{"no owner", model.Commitment{ID: "a", Deliverable: "GA", Due: "2026-03-15"}, []string{"owner"}},
		{"only an id", model.Commitment{ID: "a"}, []string{"owner", "deliverable", "due"}},
		{"no date", model.Commitment{ID: "a", Owner: "p@acme.example", Deliverable: "GA"}, []string{"due"}},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, CommitmentLacks(tt.c)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}
