package agreement

import (
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// referenceList is List as one loop over the sorted ids, as it was written
// before it computed the rows on every core.
func referenceList(agreements map[string]*model.Agreement, f Filter, asOf model.Date) []ListItem {
	ids := make([]string, 0, len(agreements))
	for id := range agreements {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	items := []ListItem{}
	for _, id := range ids {
		a := agreements[id]
		if f.Status != "" && a.Spec.Status != f.Status {
			continue
		}
		if f.Team != "" && a.Party(f.Team) == nil {
			continue
		}
		it := ListItem{ID: id, Title: a.Metadata.Title, Status: a.Spec.Status, Owner: a.Spec.Owner, Parties: []string{}, MustAccept: []string{}}
		for _, p := range a.Spec.Parties {
			it.Parties = append(it.Parties, p.Team)
		}
		if a.Spec.Status == model.AgreementProposed || a.Spec.Status == model.AgreementActive {
			if m := MustAccept(a); m != nil {
				it.MustAccept = m
			}
		}
		for _, c := range a.Spec.Commitments {
			if c.State() == model.CommitmentOpen || c.State() == model.CommitmentBlocked {
				it.Open++
			}
			if a.Spec.Status == model.AgreementActive && Overdue(c, asOf) {
				it.Overdue++
			}
		}
		if a.Spec.Cadence != nil {
			it.NextCheckin = a.Spec.Cadence.Next
		}
		items = append(items, it)
	}
	return items
}

// TestListMatchesReference: on a generated workspace of some 600
// agreements (rows computed on every core) with varied statuses, stale
// acceptances and commitments, List gives the rows of the one-loop
// reference, with and without filters.
func TestListMatchesReference(t *testing.T) {
	dir := t.TempDir()
	if err := wsgen.Write(dir, wsgen.Files(1600)); err != nil {
		t.Fatal(err)
	}
	w, err := workspace.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	i := 0
	for _, a := range w.Agreements {
		i++
		a.Spec.Status = model.AgreementStatuses[i%len(model.AgreementStatuses)]
		if i%3 == 0 {
			a.Spec.Acceptances[0].Terms = "stale"
		}
		if i%4 == 0 {
			a.Spec.Commitments[1].Status = model.CommitmentDone
			a.Spec.Cadence = nil
		}
	}
	if len(w.Agreements) < 500 {
		t.Fatalf("%d agreements", len(w.Agreements))
	}
	for _, f := range []Filter{{}, {Status: model.AgreementActive}, {Team: "t003"}, {Status: model.AgreementProposed, Team: "t010"}, {Team: "nope"}} {
		for _, asOf := range []model.Date{"2026-03-10", "2026-04-12", "2026-12-02"} {
			if d := cmp.Diff(referenceList(w.Agreements, f, asOf), List(w.Agreements, f, asOf)); d != "" {
				t.Fatalf("%+v as of %s (-reference +List):\n%s", f, asOf, d)
			}
		}
	}
}
