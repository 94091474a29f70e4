package validate

import (
	"fmt"
	"testing"

	"github.com/collab-tools/collab/pkg/diag"
)

const ag = "agreements/launch.yaml"

func TestAgreement(t *testing.T) {
	run(t, []tcase{
		{
			name:  "unknown party team",
			edits: []edit{{ag, "    - team: sales\n", "    - team: salse\n"}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				E(ag, 10, 13, CodeUnknownTeam, `spec.parties[1].team: no team "salse" (did you mean sales?); create it with collab team add salse or fix the id`),
				E(ag, 24, 14, CodeUnknownParty, `spec.commitments[1].party: sales is not a party of agreement launch (parties: product, salse); add the party or assign the commitment to one`),
				E(ag, 37, 14, CodeUnknownParty, `spec.acceptances[1].party: sales is not a party of agreement launch (parties: product, salse); only parties accept`),
			},
		},
		{
			name:  "party listed twice",
			edits: []edit{{ag, "      owner: sam@acme.example\n  goals", "      owner: sam@acme.example\n    - team: product\n  goals"}},
			want: diag.List{
				E(ag, 12, 13, CodeDuplicateParty, `spec.parties[2].team: team product is already a party (spec.parties[0]); list each team once`),
			},
		},
		{
			name:  "party owner not a member",
			edits: []edit{{ag, "    - team: sales\n      owner: sam@acme.example", "    - team: sales\n      owner: leo@acme.example"}},
			want: diag.List{
				E(ag, 11, 14, CodeNotMember, `spec.parties[1].owner: leo@acme.example is not a member of team sales (members: maria@acme.example, sam@acme.example)`),
			},
		},
		{
			name:  "owner in no team",
			edits: []edit{{ag, "  owner: maria@acme.example", "  owner: zoe@acme.example"}},
			want: diag.List{
				E(ag, 6, 10, CodeUnknownPerson, `spec.owner: zoe@acme.example is in no team; add them to the members of a team or choose another owner`),
			},
		},
		{
			name:  "escalation to a person in no team",
			edits: []edit{{ag, "escalation: [maria@acme.example]", "escalation: [zoe@acme.example]"}},
			want: diag.List{
				E(ag, 31, 16, CodeUnknownPerson, `spec.escalation[0]: zoe@acme.example is in no team; escalation goes to people who are members of a team`),
			},
		},
		{
			name:  "check-in minutes name people outside the parties",
			edits: []edit{{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  checkins:\n    - date: 2026-03-04\n      by: sam@acme.example\n      attendees: [sam@acme.example, maria@acme.example, zoe@acme.example]\n      actions:\n        - {owner: leo@acme.example, text: Fix the export}\n        - {owner: zoe@acme.example, text: Call the customer}\n  metrics:\n    - name: Adoption\n      target: 30%\n      readings:\n        - {date: 2026-03-04, value: 12, by: sam@acme.example}\n"}},
			want: diag.List{
				E(ag, 35, 57, CodeAttendeeNotParty, `spec.checkins[0].attendees[2]: zoe@acme.example is neither a member of a party of agreement launch (product, sales) nor an escalation contact (maria@acme.example); add them to a party's team (collab team member add TEAM zoe@acme.example) or leave them out`),
				E(ag, 38, 19, CodeAttendeeNotParty, `spec.checkins[0].actions[1].owner: action owner: zoe@acme.example is neither a member of a party of agreement launch (product, sales) nor an escalation contact (maria@acme.example); add them to a party's team (collab team member add TEAM zoe@acme.example) or leave them out`),
			},
		},
		{
			name:  "metric reading dated after today",
			edits: []edit{{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  metrics:\n    - name: Adoption\n      target: 30%\n      readings:\n        - {date: 2026-03-04, value: 12, by: sam@acme.example}\n        - {date: 2099-01-01, value: 13, by: sam@acme.example}\n"}},
			want: diag.List{
				E(ag, 37, 18, CodeCheckinFuture, `spec.metrics[0].readings[1].date: 2099-01-01 is after today (2026-03-10): a check-in records what has happened; fix the date`),
			},
		},
		{
			name:  "unknown goal",
			edits: []edit{{ag, "goals: [adoption]", "goals: [adoptoin]"}},
			want: diag.List{
				E(ag, 12, 11, CodeUnknownGoal, `spec.goals[0]: no goal "adoptoin" (did you mean adoption?); fix the id or create the goal with collab goal new adoptoin`),
			},
		},
		{
			name:  "commitment id twice",
			edits: []edit{{ag, "    - id: outreach", "    - id: ship"}},
			want: diag.List{
				E(ag, 23, 11, CodeDuplicateCommitment, `spec.commitments[1].id: commitment ship is already defined at spec.commitments[0]; commitment ids are unique within an agreement`),
			},
		},
		{
			name:  "commitment of a team that is not a party",
			edits: []edit{{ag, "      party: sales\n", "      party: marketing\n"}},
			want: diag.List{
				E(ag, 24, 14, CodeUnknownParty, `spec.commitments[1].party: marketing is not a party of agreement launch (parties: product, sales); add the party or assign the commitment to one`),
			},
		},
		{
			name:  "commitment owner not a member of the party",
			edits: []edit{{ag, "      party: sales\n      owner: sam@acme.example", "      party: sales\n      owner: leo@acme.example"}},
			want: diag.List{
				E(ag, 25, 14, CodeNotMember, `spec.commitments[1].owner: leo@acme.example is not a member of team sales (members: maria@acme.example, sam@acme.example)`),
			},
		},
		{
			name:  "depends on an unknown commitment",
			edits: []edit{{ag, "dependsOn: [ship]", "dependsOn: [shipp]"}},
			want: diag.List{
				E(ag, 28, 19, CodeUnknownCommitment, `spec.commitments[1].dependsOn[0]: agreement launch has no commitment "shipp" (commitments: ship, outreach)`),
			},
		},
		{
			name:  "depends cycle",
			edits: []edit{{ag, "      due: 2026-03-22\n", "      due: 2026-03-22\n      dependsOn: [outreach]\n"}},
			want: diag.List{
				E(ag, 23, 19, CodeDependsCycle, `spec.commitments[0].dependsOn[0]: commitments depend on each other in a cycle (ship -> outreach -> ship); remove one of these dependencies`),
				E(ag, 29, 19, CodeDependsCycle, `spec.commitments[1].dependsOn[0]: commitments depend on each other in a cycle (outreach -> ship -> outreach); remove one of these dependencies`),
			},
		},
		{
			name:  "depends on itself",
			edits: []edit{{ag, "dependsOn: [ship]", "dependsOn: [ship, outreach]"}},
			want: diag.List{
				E(ag, 28, 25, CodeDependsCycle, `spec.commitments[1].dependsOn[1]: commitments depend on each other in a cycle (outreach -> outreach); remove one of these dependencies`),
			},
		},
		{
			name:  "supersedes an unknown agreement",
			edits: []edit{{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  supersedes: [old]\n"}},
			want: diag.List{
				E(ag, 32, 16, CodeUnknownAgreement, `spec.supersedes[0]: no agreement "old" (known: launch); fix the id or remove it`),
			},
		},
		{
			name:  "accepted by a person outside the party",
			edits: []edit{{ag, "      by: sam@acme.example", "      by: leo@acme.example"}},
			want: diag.List{
				E(ag, 5, 11, CodeAcceptanceMissing, `spec.status: agreement launch is active but the acceptance of sales was given by leo@acme.example, who is not a member of team sales: a member must accept (collab agree accept launch --party sales)`),
				E(ag, 38, 11, CodeAcceptanceNotMember, `spec.acceptances[1].by: leo@acme.example accepted for sales but is not a member of team sales (members: maria@acme.example, sam@acme.example); a member of the party must accept`),
			},
		},
		{
			name:  "too few parties",
			edits: []edit{{ag, "    - team: sales\n      owner: sam@acme.example\n", ""}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				E(ag, 7, 3, CodeTooFewParties, `spec.parties: a proposed agreement needs at least two parties, launch has 1; add the other department (collab agree edit launch) or set status: draft`),
				E(ag, 22, 14, CodeUnknownParty, `spec.commitments[1].party: sales is not a party of agreement launch (parties: product); add the party or assign the commitment to one`),
				E(ag, 35, 14, CodeUnknownParty, `spec.acceptances[1].party: sales is not a party of agreement launch (parties: product); only parties accept`),
			},
		},
		{
			name:  "a draft may have one party",
			edits: []edit{{ag, "    - team: sales\n      owner: sam@acme.example\n", ""}, {ag, "status: active", "status: draft"}, {ag, "      party: sales\n      owner: sam@acme.example", "      party: product\n      owner: priya@acme.example"}, {ag, "    - party: sales\n", "    - party: product\n"}, {ag, "      by: sam@acme.example", "      by: priya@acme.example"}},
		},
		{
			name:  "due before a dependency",
			edits: []edit{{ag, "due: 2026-03-23", "due: 2026-03-21"}},
			want: diag.List{
				W(ag, 27, 12, CodeDueBeforeDependency, `spec.commitments[1].due: commitment outreach is due 2026-03-21, before ship (due 2026-03-22) that it depends on; move the date or drop the dependency`),
			},
		},
		{
			name:  "overdue",
			edits: []edit{{ag, "due: 2026-03-22", "due: 2026-03-01"}},
			want: diag.List{
				W(ag, 22, 12, CodeOverdue, `spec.commitments[0].due: commitment ship of product was due on 2026-03-01 and is still open (9 days late); mark it done (collab agree done launch ship) or agree a new date (collab agree amend)`),
			},
		},
		{
			name:  "done is not overdue",
			edits: []edit{{ag, "due: 2026-03-22\n", "due: 2026-03-01\n      status: done\n"}},
		},
		{
			name:  "check-in past due",
			edits: []edit{{ag, "next: 2026-03-18", "next: 2026-03-01"}},
			want: diag.List{
				W(ag, 29, 31, CodeCheckinOverdue, `spec.cadence.next: the check-in of agreement launch was due on 2026-03-01; hold it and record it (collab agree checkin launch)`),
			},
		},
		{
			name:  "check-in dated after today",
			edits: []edit{{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  checkins:\n    - {date: 2099-01-01, by: priya@acme.example, note: Planned}\n"}},
			want: diag.List{
				E(ag, 33, 14, CodeCheckinFuture, `spec.checkins[0].date: 2099-01-01 is after today (2026-03-10): a check-in records what has happened; fix the date`),
			},
		},
		{
			name: "check-in past due, counted from the last check-in without cadence.next",
			edits: []edit{{ag, "next: 2026-03-18", "forum: Weekly sync"},
				{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  checkins:\n    - {date: 2026-02-01, by: priya@acme.example, note: Kick-off}\n"}},
			want: diag.List{
				W(ag, 29, 12, CodeCheckinOverdue, `spec.cadence: the check-in of agreement launch was due on 2026-02-15, 14 days after the last check-in or acceptance; hold it and record it (collab agree checkin launch)`),
			},
		},
		{
			name: "a check-in held on cadence.next is not past due",
			edits: []edit{{ag, "next: 2026-03-18", "next: 2026-03-01"},
				{ag, "  escalation: [maria@acme.example]\n", "  escalation: [maria@acme.example]\n  checkins:\n    - {date: 2026-03-01, by: priya@acme.example, note: Held}\n"}},
		},
		{
			name:  "review past due",
			edits: []edit{{ag, "next: 2026-06-01", "next: 2026-03-09"}},
			want: diag.List{
				W(ag, 30, 30, CodeReviewOverdue, `spec.review.next: the review of agreement launch was due on 2026-03-09; review it and record it (collab agree review launch)`),
			},
		},
		{
			name:  "dates of a retired agreement are not checked",
			edits: []edit{{ag, "next: 2026-06-01", "next: 2026-03-09"}, {ag, "due: 2026-03-22", "due: 2026-03-01"}, {ag, "status: active", "status: retired"}},
		},
		{
			name:  "commitment without a date",
			edits: []edit{{ag, "      due: 2026-03-22\n", ""}},
			want: diag.List{
				W(ag, 18, 7, CodeCommitmentIncomplete, `spec.commitments[0]: commitment ship has no due; the commitments of a proposed or active agreement need a named owner, a deliverable and a date`),
			},
		},
	})
}

func TestPolicy(t *testing.T) {
	run(t, []tcase{
		{
			name:  "too few options on a proposal",
			edits: []edit{{ag, "    - {title: Private beta}\n", ""}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				W(ag, 13, 3, CodeMinOptions, `spec.options: agreement launch is proposed with 2 option(s) considered; the workspace policy asks for at least 3 before choosing (collab agree option launch)`),
			},
		},
		{
			name:  "no options on a proposal",
			edits: []edit{{ag, "  options:\n    - {title: Single launch date, chosen: true}\n    - {title: Phased rollout}\n    - {title: Private beta}\n", ""}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				W(ag, 5, 3, CodeMinOptions, `spec.options: agreement launch is proposed with 0 option(s) considered; the workspace policy asks for at least 3 before choosing (collab agree option launch)`),
				W(ag, 5, 3, CodeChosenOptions, `spec.options: agreement launch is proposed without exactly one chosen option (none is chosen): collab agree option launch TITLE --chosen`),
			},
		},
		{
			name:  "the policy default is five",
			edits: []edit{{"collab.yaml", "  policy: {minOptions: 3}\n", "  policy: {}\n"}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				W(ag, 13, 3, CodeMinOptions, `spec.options: agreement launch is proposed with 3 option(s) considered; the workspace policy asks for at least 5 before choosing (collab agree option launch)`),
			},
		},
		{
			name:  "minOptions 0 turns the rule off",
			edits: []edit{{"collab.yaml", "  policy: {minOptions: 3}\n", "  policy: {minOptions: 0}\n"}, {ag, "  options:\n    - {title: Single launch date, chosen: true}\n    - {title: Phased rollout}\n    - {title: Private beta}\n", ""}, {ag, "status: active", "status: proposed"}},
		},
		{
			name:  "two chosen options on a proposal",
			edits: []edit{{ag, "    - {title: Phased rollout}\n", "    - {title: Phased rollout, chosen: true}\n"}, {ag, "status: active", "status: proposed"}},
			want: diag.List{
				W(ag, 13, 3, CodeChosenOptions, `spec.options: agreement launch is proposed without exactly one chosen option (2 are chosen: "Single launch date", "Phased rollout")`),
			},
		},
		{
			name:  "an active agreement is past choosing",
			edits: []edit{{ag, "    - {title: Private beta}\n", ""}},
		},
	})
}

func TestOptions(t *testing.T) {
	params := edit{ag, "  options:\n", "  parameters:\n    - {name: ga-date, kind: timeline, text: GA in March, hard: true}\n    - {kind: budget, text: No added headcount}\n  options:\n"}
	run(t, []tcase{
		{
			name: "meets and breaks name parameters by name or unique kind",
			edits: []edit{params,
				{ag, "    - {title: Single launch date, chosen: true}\n", "    - {title: Single launch date, chosen: true, meets: [ga-date, budget]}\n"},
				{ag, "    - {title: Phased rollout}\n", "    - {title: Phased rollout, meets: [budget], breaks: [timeline]}\n"}},
		},
		{
			name: "an unknown parameter",
			edits: []edit{params,
				{ag, "    - {title: Phased rollout}\n", "    - {title: Phased rollout, meets: [budget, quality]}\n"}},
			want: diag.List{
				E(ag, 18, 47, CodeUnknownParameter, `spec.options[1].meets[1]: option "Phased rollout" meets: agreement launch has no parameter "quality" (parameters: ga-date, budget)`),
			},
		},
		{
			name: "an option that meets and breaks the same parameter",
			edits: []edit{params,
				{ag, "    - {title: Phased rollout}\n", "    - {title: Phased rollout, meets: [budget], breaks: [budget]}\n"}},
			want: diag.List{
				E(ag, 18, 57, CodeMeetsAndBreaks, `spec.options[1].breaks[0]: option "Phased rollout" both meets and breaks parameter budget; keep one`),
			},
		},
		{
			name: "a chosen option breaks a hard parameter",
			edits: []edit{params,
				{ag, "    - {title: Single launch date, chosen: true}\n", "    - {title: Single launch date, chosen: true, breaks: [budget, ga-date]}\n"}},
			want: diag.List{
				E(ag, 17, 66, CodeOptionBreaksHard, `spec.options[0].breaks[1]: option "Single launch date" is chosen but breaks the hard timeline parameter ga-date ("GA in March"); a hard parameter cannot be traded: choose another option, or agree that the parameter is flexible (collab agree edit launch)`),
			},
		},
	})
}

// The acceptance checks name the current digest, which depends on the terms
// as written, so the expected messages are built from the loaded agreement.
func TestAcceptance(t *testing.T) {
	cases := []struct {
		name  string
		edits []edit
		want  func(digest string) diag.List
	}{
		{
			name:  "stale",
			edits: []edit{{ag, "      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"TERMS\"", "      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"0123456789ab\""}},
			want: func(d string) diag.List {
				return diag.List{E(ag, 5, 11, CodeAcceptanceStale, fmt.Sprintf(`spec.status: agreement launch is active but the acceptance of sales is stale (accepted terms 0123456789ab, current terms %s): the party must accept again (collab agree accept launch --party sales)`, d))}
			},
		},
		{
			name:  "missing",
			edits: []edit{{ag, "    - party: sales\n      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"TERMS\"\n", ""}},
			want: func(d string) diag.List {
				return diag.List{E(ag, 5, 11, CodeAcceptanceMissing, fmt.Sprintf(`spec.status: agreement launch is active but sales has not accepted it (current terms %s): the party must accept (collab agree accept launch --party sales) or the agreement goes back to proposed`, d))}
			},
		},
		{
			name:  "an older acceptance of the current terms still counts",
			edits: []edit{{ag, "      terms: \"TERMS\"\n    - party: sales\n      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"TERMS\"\n", "      terms: \"TERMS\"\n    - party: sales\n      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"TERMS\"\n    - party: sales\n      by: maria@acme.example\n      date: 2026-02-12\n      terms: 0123456789ab\n"}},
			want:  func(string) diag.List { return nil },
		},
		{
			name:  "acceptance of a team that is not a party",
			edits: []edit{{ag, "    - party: sales\n", "    - party: support\n"}},
			want: func(d string) diag.List {
				return diag.List{
					E(ag, 5, 11, CodeAcceptanceMissing, fmt.Sprintf(`spec.status: agreement launch is active but sales has not accepted it (current terms %s): the party must accept (collab agree accept launch --party sales) or the agreement goes back to proposed`, d)),
					E(ag, 37, 14, CodeUnknownParty, `spec.acceptances[1].party: support is not a party of agreement launch (parties: product, sales); only parties accept`),
				}
			},
		},
		{
			name: "a proposed agreement needs no acceptance yet",
			edits: []edit{
				{ag, "status: active", "status: proposed"},
				{ag, "    - party: sales\n      by: sam@acme.example\n      date: 2026-02-11\n      terms: \"TERMS\"\n", ""},
			},
			want: func(string) diag.List { return nil },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := build(t, tc.edits...)
			a := w.Agreements["launch"]
			if a == nil {
				t.Fatal("agreement launch did not load")
			}
			check(t, w, tc.want(a.TermsDigest()))
		})
	}
}
