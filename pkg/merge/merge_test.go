package merge

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// goalBase is a goal as both branches found it.
const goalBase = `apiVersion: collab/v1
kind: Goal
metadata:
  id: core-sku-in-stock
  title: In-stock on core SKUs
spec:
  status: active
  owner: dana@acme.example # accountable
  teams: [merchandising, operations]
  keyResults:
    - id: in-stock
      title: In-stock rate
      baseline: 93
      target: 97
      current: 95 # kept by checkin
  checkins:
    - date: 2026-04-01
      by: dana@acme.example
      values: {in-stock: 95}
`

const checkin14 = `    - date: 2026-04-14
      by: dana@acme.example
      values: {in-stock: 96}
`

const checkin15 = `    - date: 2026-04-15
      by: sam@acme.example
      values: {in-stock: 94}
`

// with returns goalBase with checkins appended and current set.
func with(current string, checkins ...string) string {
	s := strings.Replace(goalBase, "current: 95 #", "current: "+current+" #", 1)
	return s + strings.Join(checkins, "")
}

func TestFiles(t *testing.T) {
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          []Conflict
	}{
		{
			name: "check-ins on both sides: the union by date, current the latest reading",
			base: goalBase, ours: with("94", checkin15), theirs: with("96", checkin14),
			want: with("94", checkin14, checkin15),
		},
		{
			name: "check-ins in the other order give the same file",
			base: goalBase, ours: with("96", checkin14), theirs: with("94", checkin15),
			want: with("94", checkin14, checkin15),
		},
		{
			name: "the same check-in on both sides is kept once",
			base: goalBase, ours: with("96", checkin14), theirs: strings.Replace(with("96", checkin14), "title: In-stock rate", "title: In-stock", 1),
			want: strings.Replace(with("96", checkin14), "title: In-stock rate", "title: In-stock", 1),
		},
		{
			name:   "a field changed on one side only, another on the other",
			base:   goalBase,
			ours:   strings.Replace(goalBase, "title: In-stock rate", "title: In-stock rate (core)", 1),
			theirs: strings.Replace(goalBase, "target: 97", "target: 98", 1),
			want:   strings.Replace(strings.Replace(goalBase, "title: In-stock rate", "title: In-stock rate (core)", 1), "target: 97", "target: 98", 1),
		},
		{
			name:   "a scalar changed on both sides is marked around that field only",
			base:   goalBase,
			ours:   strings.Replace(goalBase, "target: 97", "target: 98", 1),
			theirs: strings.Replace(goalBase, "target: 97", "target: 99", 1),
			want: strings.Replace(goalBase, "      target: 97\n", `<<<<<<< ours # spec.keyResults[in-stock].target: changed on both sides
      target: 98
||||||| base
      target: 97
=======
      target: 99
>>>>>>> theirs
`, 1),
			conflicts: []Conflict{{Field: "spec.keyResults[in-stock].target", Reason: bothChanged, Line: 14}},
		},
		{
			name:   "a list of values merges as a set",
			base:   goalBase,
			ours:   strings.Replace(goalBase, "operations]", "operations, finance]", 1),
			theirs: strings.Replace(goalBase, "[merchandising, ", "[", 1),
			want:   strings.Replace(goalBase, "[merchandising, operations]", "[operations, finance]", 1),
		},
		{
			name:   "a key added on theirs goes after the key it follows there",
			base:   goalBase,
			ours:   strings.Replace(goalBase, "  status: active\n", "  status: achieved\n", 1),
			theirs: strings.Replace(goalBase, "  teams:", "  parent: company-margin\n  teams:", 1),
			want:   strings.Replace(strings.Replace(goalBase, "  status: active\n", "  status: achieved\n", 1), "  teams:", "  parent: company-margin\n  teams:", 1),
		},
		{
			name:   "a key removed on one side and changed on the other",
			base:   goalBase,
			ours:   strings.Replace(goalBase, "  owner: dana@acme.example # accountable\n", "", 1),
			theirs: strings.Replace(goalBase, "owner: dana@", "owner: sam@", 1),
			want: strings.Replace(goalBase, "  owner: dana@acme.example # accountable\n", `<<<<<<< ours # spec.owner: removed on ours, changed on theirs
||||||| base
  owner: dana@acme.example # accountable
=======
  owner: sam@acme.example # accountable
>>>>>>> theirs
`, 1),
			conflicts: []Conflict{{Field: "spec.owner", Reason: removedTheirs, Line: 8}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Files("goals/x.yaml", []byte(tt.base), []byte(tt.ours), []byte(tt.theirs))
			if d := cmp.Diff(tt.want, string(got.Text)); d != "" {
				t.Errorf("text (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.conflicts, got.Conflicts); d != "" {
				t.Errorf("conflicts (-want +got):\n%s", d)
			}
		})
	}
}

// agreementBase is an agreement as both branches found it.
const agreementBase = `apiVersion: collab/v1
kind: Agreement
metadata: {id: launch, title: Launch}
spec:
  status: proposed
  owner: pat@acme.example
  parties:
    - {team: product, owner: priya@acme.example}
    - {team: sales, owner: sam@acme.example}
  commitments:
    # the feature itself
    - id: deliver
      party: product
      owner: priya@acme.example
      due: 2026-03-15
    - id: outreach
      party: sales
      owner: sam@acme.example
      due: 2026-03-16
`

const acceptProduct = `  acceptances:
    - party: product
      by: priya@acme.example
      date: 2026-02-10
      terms: 3f9a1c0e2b7d
`

const acceptSales = `    - party: sales
      by: sam@acme.example
      date: 2026-02-11
      terms: 3f9a1c0e2b7d
`

func TestFilesRecords(t *testing.T) {
	add := func(s, after, text string) string { return strings.Replace(s, after, after+text, 1) }
	const launchDocs = "    - id: docs\n      party: product\n      due: 2026-03-10\n"
	const launchTraining = "    - id: training\n      party: sales\n      due: 2026-03-20\n"
	tests := []struct {
		name               string
		base, ours, theirs string
		want               string
		conflicts          []string
	}{
		{
			name: "two parties accepting, in date order",
			base: agreementBase, ours: agreementBase + "  acceptances:\n" + acceptSales, theirs: agreementBase + acceptProduct,
			want: agreementBase + acceptProduct + acceptSales,
		},
		{
			name: "records added on both sides: OURS's first, then THEIRS's",
			base: agreementBase, ours: agreementBase + launchDocs, theirs: agreementBase + launchTraining,
			want: agreementBase + launchDocs + launchTraining,
		},
		{
			name:   "records changed on both sides in different fields",
			base:   agreementBase,
			ours:   strings.Replace(agreementBase, "due: 2026-03-15", "due: 2026-03-22", 1),
			theirs: add(agreementBase, "      due: 2026-03-15\n", "      status: done\n"),
			want:   add(strings.Replace(agreementBase, "due: 2026-03-15", "due: 2026-03-22", 1), "      due: 2026-03-22\n", "      status: done\n"),
		},
		{
			name: "a record added on both sides with different content",
			base: agreementBase, ours: agreementBase + launchDocs, theirs: agreementBase + strings.Replace(launchDocs, "03-10", "03-11", 1),
			want: agreementBase + "<<<<<<< ours # spec.commitments[docs]: added on both sides with different content\n" + launchDocs +
				"||||||| base\n=======\n" + strings.Replace(launchDocs, "03-10", "03-11", 1) + ">>>>>>> theirs\n",
			conflicts: []string{"spec.commitments[docs]"},
		},
		{
			name:   "a record removed on one side and changed on the other",
			base:   agreementBase,
			ours:   strings.Replace(agreementBase, "due: 2026-03-16", "due: 2026-03-17", 1),
			theirs: strings.TrimSuffix(agreementBase, "    - id: outreach\n      party: sales\n      owner: sam@acme.example\n      due: 2026-03-16\n"),
			want: strings.Replace(agreementBase, "    - id: outreach\n      party: sales\n      owner: sam@acme.example\n      due: 2026-03-16\n",
				"<<<<<<< ours # spec.commitments[outreach]: removed on theirs, changed on ours\n    - id: outreach\n      party: sales\n      owner: sam@acme.example\n      due: 2026-03-17\n"+
					"||||||| base\n    - id: outreach\n      party: sales\n      owner: sam@acme.example\n      due: 2026-03-16\n=======\n>>>>>>> theirs\n", 1),
			conflicts: []string{"spec.commitments[outreach]"},
		},
		{
			name:   "a change inside a flow record on both sides marks the whole record",
			base:   agreementBase,
			ours:   strings.Replace(agreementBase, "owner: priya@acme.example}", "owner: ana@acme.example}", 1),
			theirs: strings.Replace(agreementBase, "owner: priya@acme.example}", "owner: bo@acme.example}", 1),
			want: strings.Replace(agreementBase, "    - {team: product, owner: priya@acme.example}\n",
				"<<<<<<< ours # spec.parties[product]: changed on both sides\n    - {team: product, owner: ana@acme.example}\n||||||| base\n    - {team: product, owner: priya@acme.example}\n=======\n    - {team: product, owner: bo@acme.example}\n>>>>>>> theirs\n", 1),
			conflicts: []string{"spec.parties[product]"},
		},
		{
			name:   "the same due date moved to different days: one conflict on that field",
			base:   agreementBase,
			ours:   strings.Replace(agreementBase, "due: 2026-03-15", "due: 2026-03-20", 1),
			theirs: strings.Replace(agreementBase, "due: 2026-03-15", "due: 2026-03-25", 1),
			want: strings.Replace(agreementBase, "      due: 2026-03-15\n",
				"<<<<<<< ours # spec.commitments[deliver].due: changed on both sides\n      due: 2026-03-20\n||||||| base\n      due: 2026-03-15\n=======\n      due: 2026-03-25\n>>>>>>> theirs\n", 1),
			conflicts: []string{"spec.commitments[deliver].due"},
		},
		{
			name:   "a conflict on a record's first key marks the record",
			base:   "spec:\n  commitments:\n    - due: 2026-03-15\n      id: deliver\n",
			ours:   "spec:\n  commitments:\n    - due: 2026-03-20\n      id: deliver\n",
			theirs: "spec:\n  commitments:\n    - due: 2026-03-25\n      id: deliver\n",
			want: "spec:\n  commitments:\n<<<<<<< ours # spec.commitments[deliver]: changed on both sides\n    - due: 2026-03-20\n      id: deliver\n" +
				"||||||| base\n    - due: 2026-03-15\n      id: deliver\n=======\n    - due: 2026-03-25\n      id: deliver\n>>>>>>> theirs\n",
			conflicts: []string{"spec.commitments[deliver]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Files("agreements/launch.yaml", []byte(tt.base), []byte(tt.ours), []byte(tt.theirs))
			if tt.want != "" {
				if d := cmp.Diff(tt.want, string(got.Text)); d != "" {
					t.Errorf("text (-want +got):\n%s", d)
				}
			}
			var fields []string
			for _, c := range got.Conflicts {
				fields = append(fields, c.Field)
			}
			if d := cmp.Diff(tt.conflicts, fields); d != "" {
				t.Errorf("conflicts (-want +got):\n%s\n%s", d, got.Text)
			}
		})
	}
}

func TestFilesUnparseable(t *testing.T) {
	got := Files("x.yaml", []byte(goalBase), []byte("a: [\n"), []byte(goalBase+"# more\n"))
	if len(got.Conflicts) != 1 || !strings.HasPrefix(string(got.Text), MarkOurs+" ours # OURS does not parse") {
		t.Errorf("got %+v\n%s", got.Conflicts, got.Text)
	}
}

func TestAttributes(t *testing.T) {
	for _, tt := range []struct {
		prefix string
		want   []string
	}{
		{"", []string{"teams/*.yaml merge=collab", "goals/*.yaml merge=collab", "agreements/*.yaml merge=collab", "maps/*.yaml merge=collab"}},
		{"ws/", []string{"ws/teams/*.yaml merge=collab", "ws/goals/*.yaml merge=collab", "ws/agreements/*.yaml merge=collab", "ws/maps/*.yaml merge=collab"}},
	} {
		if d := cmp.Diff(tt.want, Attributes(tt.prefix)); d != "" {
			t.Errorf("Attributes(%q) (-want +got):\n%s", tt.prefix, d)
		}
	}
}
