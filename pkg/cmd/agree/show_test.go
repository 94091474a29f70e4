package agree

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// TestShowText: parties with their acceptance, commitments per party with
// overdue marks as of --as-of, metrics and the next dates.
func TestShowText(t *testing.T) {
	dir, _ := active(t)
	ct := cmdtest.New(dir)
	ct.F.AsOfFlag = "2026-03-16"
	if err := ct.Run(NewCmdShow(ct.F, nil), "launch"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := `Feature X launch plan (launch)
Status: active   Owner: priya@acme.example   Terms: 58293200ce00
Goals: adoption

Parties:
TEAM      OWNER                ACCEPTANCE   BY                   DATE         SUMMARY
product   priya@acme.example   current      priya@acme.example   2026-03-10   We deliver
sales     sam@acme.example     current      sam@acme.example     2026-03-10   We deliver

Commitments of product:
ID                OWNER              DUE                       STATUS   DELIVERABLE
deliver-feature   leo@acme.example   2026-03-15 (overdue 1d)   open     Feature X generally available

Commitments of sales:
ID               OWNER              DUE          STATUS   DELIVERABLE
start-outreach   sam@acme.example   2026-03-16   open     Outreach to the top 50 accounts

Metrics:
METRIC          TARGET                           SOURCE
Adoption rate   30% of active accounts by June

Next check-in: 2026-03-24   Next review: -
`
	if d := cmp.Diff(want, ct.Out.String()); d != "" {
		t.Errorf("show (-want +got):\n%s", d)
	}
}

func TestShowRefusesUnknown(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdShow(ct.F, nil), "nope")
	if want := `no agreement "nope" (known: launch)`; err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
}
