package team

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func sales(lead string, emails ...string) *model.Team {
	t := &model.Team{}
	t.Metadata.ID, t.Spec.Lead = "sales", lead
	for _, e := range emails {
		t.Spec.Members = append(t.Spec.Members, model.Member{Email: e})
	}
	return t
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestLeadIsMember(t *testing.T) {
	tests := []struct {
		name string
		team *model.Team
		want bool
	}{
		{"lead among the members", sales("maria@acme.example", "sam@acme.example", "maria@acme.example"), true},
		{"lead not a member", sales("zoe@acme.example", "sam@acme.example"), false},
		{"no lead: the schema's to report", sales("", "sam@acme.example"), true},
		{"no members", sales("maria@acme.example"), false},
	}
	for _, tt := range tests {
		if got := LeadIsMember(tt.team); got != tt.want {
			t.Errorf("%s: LeadIsMember = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestDuplicates(t *testing.T) {
	tests := []struct {
		name string
		team *model.Team
		want []Duplicate
	}{
		{"none", sales("a@x.example", "a@x.example", "b@x.example"), nil},
		{"one repeat", sales("a@x.example", "a@x.example", "b@x.example", "a@x.example"), []Duplicate{{2, 0, "a@x.example"}}},
		{"each repeat names the first entry", sales("a@x.example", "a@x.example", "a@x.example", "a@x.example"),
			[]Duplicate{{1, 0, "a@x.example"}, {2, 0, "a@x.example"}}},
		{"entries without an email are left to the schema", sales("a@x.example", "", ""), nil},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.want, Duplicates(tt.team)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestAddMember(t *testing.T) {
	team := sales("maria@acme.example", "maria@acme.example", "sam@acme.example")
	tests := []struct {
		email, wantErr string
	}{
		{"ann@acme.example", ""},
		{"sam@acme.example", "sam@acme.example is already a member of team sales"},
	}
	for _, tt := range tests {
		if d := cmp.Diff(tt.wantErr, errText(AddMember(team, model.Member{Email: tt.email}))); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.email, d)
		}
	}
}

func TestRemoveMember(t *testing.T) {
	team := sales("maria@acme.example", "maria@acme.example", "sam@acme.example")
	tests := []struct {
		email   string
		want    int
		wantErr string
	}{
		{"sam@acme.example", 1, ""},
		{"maria@acme.example", -1, "maria@acme.example is the lead of team sales: make someone else the lead first with `collab team edit sales`"},
		{"zoe@acme.example", -1, "zoe@acme.example is not a member of team sales (members: [maria@acme.example sam@acme.example])"},
	}
	for _, tt := range tests {
		i, err := RemoveMember(team, tt.email)
		if i != tt.want || errText(err) != tt.wantErr {
			t.Errorf("RemoveMember(%s) = %d, %q; want %d, %q", tt.email, i, errText(err), tt.want, tt.wantErr)
		}
	}
}
