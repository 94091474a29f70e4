package agree

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/model"
)

// proposed returns the test workspace with agreement launch proposed,
// after adding extra lines at the end of the draft.
func proposed(t *testing.T, extra ...string) (dir, file string) {
	t.Helper()
	dir = cmdtest.Workspace(t)
	file = filepath.Join(dir, "agreements", "launch.yaml")
	if err := os.WriteFile(file, []byte(cmdtest.ReadFile(t, file)+strings.Join(extra, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdPropose(ct.F, nil), "launch"); err != nil {
		t.Fatalf("propose: %v\n%s", err, ct.ErrOut)
	}
	return dir, file
}

var digest = regexp.MustCompile(`^[0-9a-f]{12,}$`)

// TestAcceptByMember: Priya, a member of product, accepts for product; the
// acceptance is appended with today's date and the digest of the terms, and
// sales still has to accept.
func TestAcceptByMember(t *testing.T) {
	dir, file := proposed(t)
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdAccept(ct.F, nil), "launch", "--party", "product", "--summary", "Product ships Feature X by March 15"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	after := cmdtest.ReadFile(t, file)
	if !strings.HasPrefix(after, before) {
		t.Fatalf("accept changed existing lines:\n%s", cmp.Diff(before, after))
	}
	added := strings.TrimPrefix(after, before)
	m := regexp.MustCompile(`terms: "(\S+)"`).FindStringSubmatch(added)
	if m == nil || !digest.MatchString(m[1]) {
		t.Fatalf("no terms digest in the acceptance:\n%s", added)
	}
	want := "  acceptances:\n" +
		"    - party: product\n" +
		"      by: priya@acme.example\n" +
		"      date: " + cmdtest.Today + "\n" +
		"      terms: \"" + m[1] + "\"\n" +
		"      summary: Product ships Feature X by March 15\n"
	if d := cmp.Diff(want, added); d != "" {
		t.Errorf("lines added (-want +got):\n%s", d)
	}
}

// TestAcceptRefusesNonMember: Priya is not in sales, so she cannot accept
// for it, and the file is left as it was.
func TestAcceptRefusesNonMember(t *testing.T) {
	dir, file := proposed(t)
	before := cmdtest.ReadFile(t, file)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdAccept(ct.F, nil), "launch", "--party", "sales", "--summary", "Sales starts outreach")
	want := "priya@acme.example is not a member of team sales and cannot accept for it (members: maria@acme.example, sam@acme.example, grace@acme.example, dev@acme.example); a member of sales must run this command, or add priya@acme.example to the team first"
	if err == nil || !strings.HasSuffix(err.Error(), want) {
		t.Fatalf("error = %v, want it to end in %q", err, want)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, file)); d != "" {
		t.Errorf("refused accept changed the file (-want +got):\n%s", d)
	}
}

func TestListJSON(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdList(ct.F, nil), "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	var got []agreement.ListItem
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	want := []agreement.ListItem{{
		ID: "launch", Title: "Feature X launch plan", Status: model.AgreementDraft, Owner: "priya@acme.example",
		Parties: []string{"product", "sales"}, MustAccept: []string{}, Open: 2,
	}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("list (-want +got):\n%s", d)
	}
}

func TestShowJSON(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdShow(ct.F, nil), "launch", "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	var got agreement.View
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	if !digest.MatchString(got.Terms) {
		t.Errorf("terms = %q, want a digest", got.Terms)
	}
	got.Terms = ""
	want := agreement.View{
		ID: "launch", Title: "Feature X launch plan", Status: model.AgreementDraft, Owner: "priya@acme.example",
		MustAccept: []string{"product", "sales"},
		Parties: []agreement.PartyView{
			{Team: "product", Owner: "priya@acme.example", Interests: []string{}, Acceptance: "missing"},
			{Team: "sales", Owner: "sam@acme.example", Interests: []string{}, Acceptance: "missing"},
		},
		Goals: []string{"adoption"}, Parameters: []model.Parameter{}, Options: []model.Option{},
		Commitments: []agreement.CommitmentView{
			{Commitment: model.Commitment{ID: "deliver-feature", Party: "product", Owner: "leo@acme.example",
				Deliverable: "Feature X generally available", Due: "2026-03-15"}, Status: "open"},
			{Commitment: model.Commitment{ID: "start-outreach", Party: "sales", Owner: "sam@acme.example",
				Deliverable: "Outreach to the top 50 accounts", Due: "2026-03-16", DependsOn: []string{"deliver-feature"}}, Status: "open"},
		},
		Metrics:  []agreement.MetricView{{Metric: model.Metric{Name: "Adoption rate", Target: "30% of active accounts by June"}}},
		Services: []model.ServiceLevel{}, Escalation: []string{}, Supersedes: []string{},
		Checkins: []model.AgreementCheckin{}, Actions: []agreement.Action{}, Amendments: []model.Amendment{},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("show (-want +got):\n%s", d)
	}
}
