package agreement

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func team(id, lead string, members ...string) *model.Team {
	t := &model.Team{}
	t.Metadata.ID = id
	t.Spec.Lead = lead
	for _, m := range append([]string{lead}, members...) {
		t.Spec.Members = append(t.Spec.Members, model.Member{Email: m})
	}
	return t
}

var testTeams = map[string]*model.Team{
	"product": team("product", "priya@acme.example", "leo@acme.example"),
	"sales":   team("sales", "maria@acme.example", "sam@acme.example"),
	"it":      team("it", "omar@acme.example"),
}

// TestCheck: one case per row of Permissions, allowed and refused; a
// refusal names who may.
func TestCheck(t *testing.T) {
	product := []string{"leo@acme.example", "priya@acme.example"}
	stewards := []string{"leo@acme.example", "maria@acme.example", "pat@acme.example", "priya@acme.example", "sam@acme.example"}
	accepted := func(a *model.Agreement) {
		a.Spec.Status = model.AgreementProposed
		a.Spec.Acceptances = append(a.Spec.Acceptances, model.Acceptance{Party: "product", By: "priya@acme.example", Date: "2026-02-10", Terms: a.TermsDigest()})
	}
	tests := []struct {
		name   string
		old    func(a *model.Agreement) // nil: the agreement is created
		new    func(a *model.Agreement) // nil: the agreement is deleted
		actor  string
		refuse []model.Refusal
	}{
		{"create by a party member", nil, func(*model.Agreement) {}, "sam@acme.example", nil},
		{"create by an outsider", nil, func(*model.Agreement) {}, "omar@acme.example",
			[]model.Refusal{{Change: "add agreement launch", Who: whoOf(ActCreate), People: stewards}}},
		{"create with someone else's acceptance", nil, accepted, "pat@acme.example",
			[]model.Refusal{{Change: "record an acceptance of agreement launch for product by priya@acme.example", Who: whoOf(ActAccept, "product"), People: product}}},
		{"accept for own party", func(*model.Agreement) {}, accepted, "priya@acme.example", nil},
		{"accept for another party", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Acceptances = []model.Acceptance{{Party: "product", By: "sam@acme.example", Terms: a.TermsDigest()}}
			}, "sam@acme.example",
			[]model.Refusal{{Change: "accept agreement launch for product", Who: whoOf(ActAccept, "product"), People: product}}},
		{"acceptance typed for someone else", func(*model.Agreement) {},
			accepted, "leo@acme.example",
			[]model.Refusal{{Change: "record an acceptance of agreement launch for product by priya@acme.example", Who: whoOf(ActAccept, "product"), People: product}}},
		{"withdraw another party's acceptance", accepted,
			func(a *model.Agreement) { a.Spec.Acceptances = nil }, "sam@acme.example",
			[]model.Refusal{{Change: "remove the acceptance of agreement launch by priya@acme.example for product", Who: whoOf(ActWithdraw, "product"), People: product}}},
		{"done by the commitment's party", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Commitments[0].Status, a.Spec.Commitments[0].Done = "done", "2026-03-15"
			}, "leo@acme.example", nil},
		{"done by the owner", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Commitments[0].Status = "done" }, "pat@acme.example", nil},
		{"done by another party", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Commitments[0].Status = "blocked" }, "sam@acme.example",
			[]model.Refusal{{Change: "record progress on commitment deliver-feature of agreement launch", Who: whoOf(ActProgress),
				People: []string{"leo@acme.example", "pat@acme.example", "priya@acme.example"}}}},
		{"drop by an outsider", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Commitments[1].Status = "dropped" }, "omar@acme.example",
			[]model.Refusal{{Change: "drop commitment start-outreach of agreement launch", Who: whoOf(ActDrop),
				People: []string{"maria@acme.example", "pat@acme.example", "sam@acme.example"}}}},
		{"check-in by a party member", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "sam@acme.example", Note: "ok"}}
				a.Spec.Cadence.Next = "2026-03-18"
			}, "sam@acme.example", nil},
		{"check-in by an outsider", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Cadence.Next = "2026-03-18" }, "omar@acme.example",
			[]model.Refusal{{Change: "record a check-in or review of agreement launch", Who: whoOf(ActCheckin), People: stewards}}},
		{"metric reading by a party member", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Metrics[0].Readings = []model.MetricReading{{Date: "2026-03-04", Value: 12, By: "sam@acme.example"}}
			}, "sam@acme.example", nil},
		{"metric reading by an outsider", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Metrics[0].Readings = []model.MetricReading{{Date: "2026-03-04", Value: 12, By: "omar@acme.example"}}
			}, "omar@acme.example",
			[]model.Refusal{{Change: "record a check-in or review of agreement launch", Who: whoOf(ActCheckin), People: stewards}}},
		{"minutes by an escalation contact who attended", func(a *model.Agreement) { a.Spec.Escalation = []string{"omar@acme.example"} },
			func(a *model.Agreement) {
				a.Spec.Escalation = []string{"omar@acme.example"}
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "omar@acme.example", Attendees: []string{"omar@acme.example", "sam@acme.example"},
					Decisions: []string{"Escalate the QA staffing"}}}
			}, "omar@acme.example", nil},
		{"minutes by an escalation contact who did not attend", func(a *model.Agreement) { a.Spec.Escalation = []string{"omar@acme.example"} },
			func(a *model.Agreement) {
				a.Spec.Escalation = []string{"omar@acme.example"}
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "omar@acme.example", Attendees: []string{"sam@acme.example"}}}
			}, "omar@acme.example",
			[]model.Refusal{{Change: "record a check-in or review of agreement launch", Who: whoOf(ActCheckin), People: stewards}}},
		{"attending does not make an outsider a minutes taker", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "omar@acme.example", Attendees: []string{"omar@acme.example"}}}
			}, "omar@acme.example",
			[]model.Refusal{{Change: "record a check-in or review of agreement launch", Who: whoOf(ActCheckin), People: stewards}}},
		{"action item done by its owner, an escalation contact", func(a *model.Agreement) {
			a.Spec.Escalation = []string{"omar@acme.example"}
			a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "sam@acme.example", Actions: []model.ActionItem{{Owner: "omar@acme.example", Text: "Staff QA"}}}}
		}, func(a *model.Agreement) {
			a.Spec.Escalation = []string{"omar@acme.example"}
			a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "sam@acme.example", Actions: []model.ActionItem{{Owner: "omar@acme.example", Text: "Staff QA", Done: "2026-03-06"}}}}
		}, "omar@acme.example", nil},
		{"minutes for a teammate", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "maria@acme.example", Note: "ok"}}
			}, "sam@acme.example", nil},
		{"minutes recorded by the owner", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "sam@acme.example", Note: "ok"}}
			}, "pat@acme.example", nil},
		{"check-in in another party's name", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "sam@acme.example", Note: "sales is on track"}}
			}, "priya@acme.example",
			[]model.Refusal{{Change: "record a check-in of agreement launch on 2026-03-04 by sam@acme.example", Who: whoOf(ActMinutes),
				People: []string{"maria@acme.example", "pat@acme.example", "sam@acme.example"}}}},
		{"check-in in the name of someone in no party", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Checkins = []model.AgreementCheckin{{Date: "2026-03-04", By: "omar@acme.example", Note: "ok"}}
			}, "priya@acme.example",
			[]model.Refusal{{Change: "record a check-in of agreement launch on 2026-03-04 by omar@acme.example", Who: whoOf(ActMinutes),
				People: []string{"pat@acme.example"}}}},
		{"retire by a party member", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Status = model.AgreementRetired }, "priya@acme.example",
			[]model.Refusal{{Change: "end agreement launch (status retired)", Who: whoOf(ActEnd), People: []string{"pat@acme.example"}}}},
		{"retire by the owner", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Status = model.AgreementRetired }, "pat@acme.example", nil},
		{"amend by a party member", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Commitments[0].Due = "2026-03-22" }, "sam@acme.example", nil},
		{"amend by an outsider", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Options = []model.Option{{Title: "Phased", Chosen: true}} }, "omar@acme.example",
			[]model.Refusal{{Change: "change agreement launch", Who: whoOf(ActEdit), People: stewards}}},
		{"add oneself as a party, then act", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: "it"}) }, "omar@acme.example",
			[]model.Refusal{{Change: "change agreement launch", Who: whoOf(ActEdit), People: stewards}}},
		{"interests stated by the party", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Parties[0].Interests = []string{"Ship without a weekend crunch"} }, "leo@acme.example", nil},
		{"interests stated by the owner", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Parties[0].Interests = []string{"Ship without a weekend crunch"} }, "pat@acme.example", nil},
		{"interests stated for another party", func(*model.Agreement) {},
			func(a *model.Agreement) { a.Spec.Parties[0].Interests = []string{"Ship without a weekend crunch"} }, "sam@acme.example",
			[]model.Refusal{{Change: "change the interests of product in agreement launch", Who: whoOf(ActInterests, "product"),
				People: []string{"leo@acme.example", "pat@acme.example", "priya@acme.example"}}}},
		{"amendment recorded by its author", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Amendments = []model.Amendment{{Date: "2026-03-04", By: "sam@acme.example", Reason: "Slip"}}
			}, "sam@acme.example", nil},
		{"amendment recorded in someone else's name", func(*model.Agreement) {},
			func(a *model.Agreement) {
				a.Spec.Amendments = []model.Amendment{{Date: "2026-03-04", By: "priya@acme.example", Reason: "Slip"}}
			}, "sam@acme.example",
			[]model.Refusal{{Change: "record an amendment of agreement launch by priya@acme.example", Who: whoOf(ActAmendment), People: []string{"priya@acme.example"}}}},
		{"amendment rewritten by a party member",
			func(a *model.Agreement) {
				a.Spec.Amendments = []model.Amendment{{Date: "2026-03-04", By: "sam@acme.example", Reason: "Slip"}}
			},
			func(a *model.Agreement) {
				a.Spec.Amendments = []model.Amendment{{Date: "2026-03-04", By: "sam@acme.example", Reason: "Product was late"}}
			}, "sam@acme.example",
			[]model.Refusal{{Change: "rewrite or remove an amendment of agreement launch", Who: whoOf(ActAmendmentEdit), People: []string{"pat@acme.example"}}}},
		{"delete by a party member", func(*model.Agreement) {}, nil, "priya@acme.example",
			[]model.Refusal{{Change: "delete agreement launch", Who: whoOf(ActDelete), People: []string{"pat@acme.example"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var old, new *model.Agreement
			if tt.old != nil {
				old = complete()
				tt.old(old)
			}
			if tt.new != nil {
				new = complete()
				if old != nil {
					new.Spec.Acceptances = append([]model.Acceptance(nil), old.Spec.Acceptances...)
					new.Spec.Status = old.Spec.Status
				}
				tt.new(new)
			}
			got := Check(old, new, testTeams, tt.actor)
			if diff := cmp.Diff(tt.refuse, got); diff != "" {
				t.Errorf("Check (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCheckReviewed: an acceptance given by approving a review is judged as
// the reviewer's, with the first schedule it sets; anything else in the
// commit stays the author's.
func TestCheckReviewed(t *testing.T) {
	const bot = "bot@ci.example"
	old := complete()
	old.Spec.Status = model.AgreementProposed
	old.Spec.Cadence.Next = ""
	new := complete()
	new.Spec.Status = model.AgreementActive
	new.Spec.Cadence.Next = "2026-03-24"
	new.Spec.Acceptances = []model.Acceptance{{Party: "sales", By: "sam@acme.example", Date: "2026-03-10", Terms: new.TermsDigest()}}
	if got := CheckReviewed(old, new, testTeams, bot, "sam@acme.example"); len(got) != 0 {
		t.Errorf("reviewed acceptance refused: %+v", got)
	}
	// The same change without the review is the bot's.
	if got := Check(old, new, testTeams, bot); len(got) != 2 {
		t.Errorf("Check = %+v, want the acceptance and the schedule refused", got)
	}
	// A reviewer of another party accepts nothing for sales.
	got := CheckReviewed(old, new, testTeams, bot, "leo@acme.example")
	if len(got) == 0 {
		t.Error("an acceptance by someone other than the reviewer passed")
	}
	// The review covers no other change in the commit.
	more := complete()
	*more = *new
	more.Spec.Commitments = append([]model.Commitment(nil), new.Spec.Commitments...)
	more.Spec.Commitments[0].Status = "done"
	got = CheckReviewed(old, more, testTeams, bot, "sam@acme.example")
	want := []model.Refusal{{Change: "record progress on commitment deliver-feature of agreement launch", Who: whoOf(ActProgress),
		People: []string{"leo@acme.example", "pat@acme.example", "priya@acme.example"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("CheckReviewed with another change (-want +got):\n%s", d)
	}
}

// TestCheckSuccession: an active agreement is superseded only by a
// successor every one of its parties accepted on its current terms.
func TestCheckSuccession(t *testing.T) {
	old := complete()
	old.Spec.Status = model.AgreementActive
	ended := complete()
	ended.Spec.Status, ended.Spec.SupersededBy = model.AgreementSuperseded, "launch-2"
	next := complete()
	next.Metadata.ID = "launch-2"
	accept := func(a *model.Agreement, parties ...string) {
		a.Spec.Acceptances = nil
		for _, p := range parties {
			a.Spec.Acceptances = append(a.Spec.Acceptances, model.Acceptance{Party: p, By: "x@acme.example", Terms: a.TermsDigest()})
		}
	}
	accept(next, "product")
	err := CheckSuccession(old, ended, next)
	if err == nil || !strings.Contains(err.Error(), "sales has not accepted the current terms of launch-2 (collab agree accept launch-2 --party sales)") {
		t.Errorf("one party accepted: error = %v", err)
	}
	if err := CheckSuccession(old, ended, nil); err == nil || !strings.Contains(err.Error(), "there is no agreement launch-2") {
		t.Errorf("missing successor: error = %v", err)
	}
	accept(next, "product", "sales")
	if err := CheckSuccession(old, ended, next); err != nil {
		t.Errorf("both accepted: %v", err)
	}
	// An acceptance of terms the successor no longer has does not count.
	next.Spec.Commitments[0].Due = "2026-04-01"
	if err := CheckSuccession(old, ended, next); err == nil {
		t.Error("stale acceptances counted")
	}
	// A proposed agreement may be superseded without them.
	old.Spec.Status = model.AgreementProposed
	if err := CheckSuccession(old, ended, next); err != nil {
		t.Errorf("proposed agreement: %v", err)
	}
}
