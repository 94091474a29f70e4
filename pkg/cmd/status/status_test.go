package status

import (
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
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
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Options{}, "IO", "Workspace", "AsOf", "Identity")); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStatusRun runs the command on the bundled example with a fixed date
// and identity.
func TestStatusRun(t *testing.T) {
	tests := []struct {
		name    string
		opts    Options
		out     []string // lines of stdout
		errOut  string
		wantErr string
	}{
		{name: "table", opts: Options{Output: "table"}, out: []string{
			"Collaboration status of ACME Corp",
			"As of 2026-05-01: what falls due within 14 days, wins of the last 30 days.",
			"Overdue and blocked",
			"Escalations",
		}},
		{name: "markdown, one team", opts: Options{Output: "markdown", Teams: []string{"finance"}}, out: []string{
			"## Collaboration status of ACME Corp",
			"As of 2026-05-01: what falls due within 14 days, wins of the last 30 days, for finance.",
			"| 2026-04-24 | `new-hire-onboarding/payroll-from-ticket` finance owes \"Payroll record created from the onboarding ticket, bank details collected before day one\", 7 days late | ines@acme.example | `collab agree done new-hire-onboarding payroll-from-ticket` |",
		}},
		{name: "--me is the identity", opts: Options{Output: "json", Me: true}, out: []string{`  "person": "pat@acme.example",`}},
		{name: "--fail-on", opts: Options{Output: "json", FailOn: []string{"escalation", "stale-acceptance"}},
			errOut: "status: failing on escalation (1)\n", wantErr: cmdutil.ErrSilent.Error()},
		{name: "unknown team", opts: Options{Output: "table", Teams: []string{"legal"}},
			wantErr: "--team \"legal\": no such team (none of the 9 is close: `collab team list` lists them)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, _, out, errOut := iostreams.Test()
			opts := tt.opts
			opts.IO = ios
			opts.Workspace = func() (*workspace.Workspace, error) { return workspace.Load("../../../examples/acme") }
			opts.AsOf = func() (model.Date, error) { return "2026-05-01", nil }
			opts.Identity = func() (gitstore.Signature, error) { return gitstore.Signature{Email: "pat@acme.example"}, nil }
			opts.Since = "30d"
			err := statusRun(&opts)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(out.String(), "\n")
			for _, l := range tt.out {
				if !slices.Contains(lines, l) {
					t.Errorf("no line %q in:\n%s", l, out)
				}
			}
			if diff := cmp.Diff(tt.errOut, errOut.String()); diff != "" {
				t.Errorf("stderr (-want +got):\n%s", diff)
			}
		})
	}
}
