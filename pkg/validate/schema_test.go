package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/schema"
)

func TestSchema(t *testing.T) {
	const ag, goal, team, smap = "agreements/launch.yaml", "goals/adoption.yaml", "teams/sales.yaml", "maps/launch.yaml"
	run(t, []tcase{
		{
			name:  "invalid date",
			edits: []edit{{ag, "due: 2026-03-23", "due: 2026-13-01"}},
			want: diag.List{
				E(ag, 27, 12, CodeSchema, `spec.commitments[1].due: "2026-13-01" is not a valid date (use YYYY-MM-DD, e.g. 2026-03-15)`),
			},
		},
		{
			name:  "date in another form",
			edits: []edit{{ag, "due: 2026-03-23", "due: 23/03/2026"}},
			want: diag.List{
				E(ag, 27, 12, CodeSchema, `spec.commitments[1].due: "23/03/2026" is not a valid date (use YYYY-MM-DD, e.g. 2026-03-15)`),
			},
		},
		{
			name:  "unknown field suggests the close one",
			edits: []edit{{ag, "      owner: sam@acme.example\n      deliverable: Outreach", "      owners: sam@acme.example\n      deliverable: Outreach"}},
			want: diag.List{
				W(ag, 23, 7, CodeCommitmentIncomplete, `spec.commitments[1]: commitment outreach has no owner; the commitments of a proposed or active agreement need a named owner, a deliverable and a date`),
				E(ag, 25, 7, CodeSchema, `spec.commitments[1].owners: unknown field; did you mean owner?`),
			},
		},
		{
			name:  "unknown field lists the allowed ones",
			edits: []edit{{team, "  lead: maria@acme.example\n", "  lead: maria@acme.example\n  budget: 100\n"}},
			want: diag.List{
				E(team, 6, 3, CodeSchema, `spec.budget: unknown field; remove it or use one of channels, lead, members, mission, requireSignedCommits, reviewers, services`),
			},
		},
		{
			name:  "unknown enum value",
			edits: []edit{{ag, "status: active", "status: activ"}},
			want: diag.List{
				E(ag, 5, 11, CodeSchema, `spec.status: "activ" is not one of draft, proposed, active, superseded, retired`),
			},
		},
		{
			name:  "empty value",
			edits: []edit{{ag, "  owner: maria@acme.example", "  owner:"}},
			want: diag.List{
				E(ag, 6, 9, CodeSchema, `spec.owner: is empty; set an email address`),
			},
		},
		{
			name:  "missing required field",
			edits: []edit{{ag, "      party: sales\n", ""}},
			want: diag.List{
				E(ag, 23, 7, CodeSchema, `spec.commitments[1]: missing required field party`),
			},
		},
		{
			name:  "misspelt kind",
			edits: []edit{{team, "kind: Team", "kind: Teem"}},
			want: diag.List{
				E(team, 2, 7, CodeSchema, `kind: must be Team, not "Teem"`),
			},
		},
		{
			name:  "wrong type",
			edits: []edit{{goal, "teams: [product, sales]", "teams: product"}},
			want: diag.List{
				E(goal, 7, 10, CodeSchema, `spec.teams: must be a list, not the text "product"`),
			},
		},
		{
			name:  "invalid id is not also an unknown goal",
			edits: []edit{{ag, "goals: [adoption]", "goals: [Adoption]"}},
			want: diag.List{
				E(ag, 12, 11, CodeSchema, `spec.goals[0]: "Adoption" is not a valid id (lower-case letters, digits and dashes, 1 to 64 characters, not starting or ending with a dash)`),
			},
		},
		{
			name:  "invalid email is not also a person in no team",
			edits: []edit{{ag, "  owner: maria@acme.example", "  owner: maria"}},
			want: diag.List{
				E(ag, 6, 10, CodeSchema, `spec.owner: "maria" is not a valid email address`),
			},
		},
		{
			name:  "stakeholder without person or team",
			edits: []edit{{smap, "    - team: sales\n      roles: [implementer]", "    - roles: [implementer]"}},
			want: diag.List{
				E(smap, 14, 7, CodeSchema, `spec.stakeholders[2]: set person or team`),
			},
		},
		{
			name:  "invalid key result name in a check-in",
			edits: []edit{{goal, "values: {adopt: 10}", "values: {Adopt: 10}"}},
			want: diag.List{
				E(goal, 18, 16, CodeSchema, `spec.checkins[0].values.Adopt: "Adopt" is not a valid id (lower-case letters, digits and dashes)`),
			},
		},
		{
			name:  "missing spec",
			edits: []edit{{team, "", "apiVersion: collab/v1\nkind: Team\nmetadata: {id: sales, title: Sales}\n"}},
			want: diag.List{
				E(team, 1, 1, CodeSchema, `file: missing required field spec`),
			},
		},
		{
			name:  "number where a text is expected",
			edits: []edit{{ag, "deliverable: Outreach campaign starts", "deliverable: 42"}},
			want: diag.List{
				E(ag, 26, 20, CodeSchema, `spec.commitments[1].deliverable: must be a text, not a number`),
			},
		},
	})
}

func TestFiles(t *testing.T) {
	const goal, team = "goals/adoption.yaml", "teams/sales.yaml"
	run(t, []tcase{
		{
			name:  "id differs from the file name",
			edits: []edit{{goal, "metadata: {id: adoption,", "metadata: {id: adoptoin,"}},
			want: diag.List{
				E(goal, 3, 16, CodeIDMismatch, `metadata.id: adoptoin does not match the file name adoption.yaml; set it to adoption, or rename the file to goals/adoptoin.yaml`),
			},
		},
		{
			name: "id of another file",
			edits: []edit{{"teams/sales-emea.yaml", "", `apiVersion: collab/v1
kind: Team
metadata:
  id: sales
  title: Sales EMEA
spec:
  lead: sam@acme.example
  members: [{email: sam@acme.example}]
`}},
			want: diag.List{
				E("teams/sales-emea.yaml", 4, 7, CodeDuplicateID, `metadata.id: sales is already the id of teams/sales.yaml; ids are unique per kind and equal the file name: set it to sales-emea`),
			},
		},
		{
			name: "file name is not an id",
			edits: []edit{{"teams/Sales_EU.yaml", "", `apiVersion: collab/v1
kind: Team
metadata: {id: sales-eu, title: Sales EU}
spec:
  lead: sam@acme.example
  members: [{email: sam@acme.example}]
`}},
			want: diag.List{
				E("teams/Sales_EU.yaml", 1, 1, CodeFileName, `file name "Sales_EU.yaml" is not a valid id: rename the file using lower-case letters, digits and dashes (e.g. teams/feature-x-launch.yaml)`),
			},
		},
		{
			name:  "kind of another folder",
			edits: []edit{{team, "kind: Team", "kind: Goal"}},
			want: diag.List{
				E(team, 2, 7, CodeKindMismatch, `kind: a Goal does not belong in teams/; move the file to goals/ or set kind: Team`),
			},
		},
		{
			name:  "collab.yaml of another kind",
			edits: []edit{{"collab.yaml", "kind: Workspace", "kind: Team"}},
			want: diag.List{
				E("collab.yaml", 2, 7, CodeKindMismatch, `kind: collab.yaml must have kind: Workspace, not Team; move this file to teams/`),
			},
		},
	})
}

// An unreadable team is reported once, by loading: the files that refer to
// it get no unknown-team or not-member errors on top.
func TestLoadDiagnosticsKept(t *testing.T) {
	w := build(t, edit{"teams/sales.yaml", "", "apiVersion: collab/v1\nkind: [\n"})
	if len(w.Diags) == 0 {
		t.Fatal("loading reported nothing for a syntax error")
	}
	want := append(diag.List{}, w.Diags...)
	want.Sort()
	check(t, w, want)
}

func TestSchemasCompile(t *testing.T) {
	for k := range schemaName {
		if s, err := schemaFor(k); err != nil || s == nil {
			t.Errorf("schema of %s: %v", k, err)
		}
	}
}

// The loader serves only the schemas built into the binary: no file, no
// network, whatever a $ref asks for.
func TestLoaderRefusesOtherURLs(t *testing.T) {
	schemaFor(model.KindTeam)
	l := embeddedLoader(compiled.raw)
	for _, u := range []string{"file:///etc/passwd", "https://example.com/x.json", "https://raw.githubusercontent.com/collab-tools/collab/main/schema/other.schema.json"} {
		if doc, err := l.Load(u); err == nil || doc != nil {
			t.Errorf("Load(%s) = %v, %v; want refused", u, doc, err)
		}
	}
	if _, err := l.Load(schema.URL("goal")); err != nil {
		t.Errorf("embedded goal schema refused: %v", err)
	}
}
