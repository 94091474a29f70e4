package agree

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
)

func TestAmendFlags(t *testing.T) {
	tests := []struct {
		args    string
		want    *AmendOptions
		wantErr string // substring of a usage error
	}{
		{args: "x --commitment deliver-feature --due 2026-03-22 --reason late",
			want: &AmendOptions{ID: "x", Reason: "late", Commitment: "deliver-feature", Due: "2026-03-22"}},
		{args: "x --owner maria@acme.example --cadence 2w --reason reorg",
			want: &AmendOptions{ID: "x", Reason: "reorg", Owner: "maria@acme.example", Cadence: "2w"}},
		{args: "x --commitment c --due 2026-03-22", wantErr: "required flag(s) --reason not set"},
		{args: "x --reason r", wantErr: "nothing to amend"},
		{args: "x --due 2026-03-22 --reason r", wantErr: "--due changes a commitment: name it with --commitment CID"},
		{args: "x --commitment c --due 22/03/2026 --reason r", wantErr: `--due: invalid date "22/03/2026"`},
		{args: "x --cadence soon --reason r", wantErr: `--cadence: invalid duration "soon"`},
		{args: "x --owner maria --reason r", wantErr: `--owner: invalid email "maria"`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			f := cmdutil.New(ios)
			var got *AmendOptions
			cmd := NewCmdAmend(f, func(o *AmendOptions) error { got = o; return nil })
			cmd.SetArgs(strings.Fields(tt.args))
			cmd.SetOut(io.Discard)
			cmd.SetErr(io.Discard)
			err := cmd.Execute()
			if tt.wantErr != "" {
				var fe *cmdutil.FlagError
				if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmdtest.IgnoreDeps, cmpopts.IgnoreUnexported(AmendOptions{})); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNewFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	var got *NewOptions
	cmd := NewCmdNew(f, func(o *NewOptions) error { got = o; return nil })
	cmd.SetArgs([]string{"launch", "--title", "Launch", "--owner", "pat@acme.example", "--party", "product:priya@acme.example",
		"--party", "sales", "--cadence", "14d", "--goal", "adoption", "--escalation", "pat@acme.example"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]model.Party{{Team: "product", Owner: "priya@acme.example"}, {Team: "sales"}}, got.Draft.Parties); diff != "" {
		t.Errorf("parties (-want +got):\n%s", diff)
	}
	if got.Draft.Cadence != "14d" || got.Draft.Review != "" || got.Draft.ID != "launch" {
		t.Errorf("draft = %+v", got.Draft)
	}
	for _, bad := range [][]string{
		{"launch", "--title", "L", "--owner", "pat@acme.example", "--party", "Sales Team"},
		{"launch", "--title", "L", "--owner", "pat@acme.example", "--party", "sales:sam"},
		{"Launch!", "--title", "L", "--owner", "pat@acme.example"},
	} {
		cmd := NewCmdNew(f, func(*NewOptions) error { return nil })
		cmd.SetArgs(bad)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		var fe *cmdutil.FlagError
		if err := cmd.Execute(); !errors.As(err, &fe) {
			t.Errorf("%v: error = %v, want a usage error", bad, err)
		}
	}
}
