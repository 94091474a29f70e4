package status

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func TestStatusFlags(t *testing.T) {
	tests := []struct {
		args    string
		want    *Options
		wantErr string // substring of a usage error
	}{
		{args: "", want: &Options{Since: "30d", Output: "table"}},
		{args: "--team sales --team it,hr --within 7d --since 2w -o markdown --fail-on overdue,escalation",
			want: &Options{Teams: []string{"sales", "it", "hr"}, Within: "7d", Since: "2w", Output: "markdown", FailOn: []string{"overdue", "escalation"}}},
		{args: "--person sam@acme.example --fail-on stale-acceptance", want: &Options{Person: "sam@acme.example", Since: "30d", Output: "table", FailOn: []string{"stale-acceptance"}}},
		{args: "--me -o json", want: &Options{Me: true, Since: "30d", Output: "json"}},
		{args: "--me --person sam@acme.example", wantErr: "--me and --person cannot be used together"},
		{args: "--person sam", wantErr: `--person: invalid email "sam"`},
		{args: "--within soon", wantErr: `--within: invalid duration "soon"`},
		{args: "--since 1m", wantErr: `--since: invalid duration "1m"`},
		{args: "-o html", wantErr: `invalid output format "html": use table, json, yaml or markdown`},
		{args: "--fail-on late", wantErr: `--fail-on "late": use one of overdue, escalation, stale-acceptance`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ios, _, _, _ := iostreams.Test()
			var got *Options
			cmd := NewCmdStatus(cmdutil.New(ios), func(o *Options) error { got = o; return nil })
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
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Options{}, "F")); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}
