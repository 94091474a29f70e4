package team

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func TestAddFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	var got *AddOptions
	cmd := NewCmdAdd(f, func(o *AddOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"sales", "--title", "Sales", "--lead", "maria@acme.example",
		"--member", "sam@acme.example:Sam Ortiz:AE", "--member", "zoe@acme.example", "--reviewer", "@acme/sales-leads"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := []string{"sales", "Sales", "maria@acme.example", "sam@acme.example:Sam Ortiz:AE", "zoe@acme.example", "@acme/sales-leads"}
	if diff := cmp.Diff(want, []string{got.ID, got.Title, got.Lead, got.Members[0], got.Members[1], got.Reviewers[0]}); diff != "" {
		t.Error(diff)
	}
}

func TestMemberAddParsesMember(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	var got *MemberAddOptions
	cmd := NewCmdMemberAdd(cmdutil.New(ios), func(o *MemberAddOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"sales", "sam@acme.example:Sam Ortiz:Account Executive"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"sales", "sam@acme.example", "Sam Ortiz", "Account Executive"},
		[]string{got.Team, got.Member.Email, got.Member.Name, got.Member.Role}); diff != "" {
		t.Error(diff)
	}
	cmd = NewCmdMemberAdd(cmdutil.New(ios), func(*MemberAddOptions) error { return nil })
	cmd.SetArgs([]string{"sales", "not-an-email"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	if err := cmd.Execute(); err == nil {
		t.Error("a member without an email was accepted")
	}
}
