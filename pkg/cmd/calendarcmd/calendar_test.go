package calendarcmd

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

func TestCalendarFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    *Options
		wantErr string
	}{
		{args: nil, want: &Options{}},
		{args: []string{"--team", "sales,it", "--team", "hr", "-o", "x.ics", "--name", "Our dates", "--base-url", "https://x.example/c"},
			want: &Options{Teams: []string{"sales", "it", "hr"}, Output: "x.ics", Name: "Our dates", BaseURL: "https://x.example/c"}},
		{args: []string{"--person", "sam@acme.example"}, want: &Options{Person: "sam@acme.example"}},
		{args: []string{"--person", "sam"}, wantErr: `--person: invalid email "sam"`},
		{args: []string{"-o", "json"}, wantErr: "-o json: calendar writes iCalendar only"},
		{args: []string{"--base-url", "file:///tmp"}, wantErr: "give an http:// or https:// URL"},
		{args: []string{"extra"}, wantErr: "unknown command"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			ct := cmdtest.New(t.TempDir())
			var got *Options
			err := ct.Run(NewCmdCalendar(ct.F, func(o *Options) error { got = o; return nil }), tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				var fe *cmdutil.FlagError
				if strings.HasPrefix(tt.wantErr, "-") && !errors.As(err, &fe) {
					t.Errorf("error %v is not a usage error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmdtest.IgnoreDeps); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCalendarRun writes the test workspace's feed to standard output and
// to a file: the same bytes, stamped with the factory's date.
func TestCalendarRun(t *testing.T) {
	dir := cmdtest.Workspace(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdCalendar(ct.F, nil)); err != nil {
		t.Fatal(err)
	}
	feed := ct.Out.String()
	for _, want := range []string{
		"X-WR-CALNAME:ACME Corp\r\n",
		"DTSTAMP:20260310T000000Z\r\n",
		// The goal's last check-in was 2026-03-01, on the workspace's 14d policy.
		"UID:goal/adoption/check-in@acme\r\nDTSTAMP:20260310T000000Z\r\nDTSTART;VALUE=DATE:20260315\r\nDTEND;VALUE=DATE:20260316\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;UNTIL=20260630\r\n",
		"UID:goal/adoption/end@acme\r\n",
	} {
		if !strings.Contains(feed, want) {
			t.Errorf("feed lacks %q:\n%s", want, feed)
		}
	}
	if strings.Contains(feed, "UID:agreement/launch") {
		t.Error("a draft agreement's commitments are in the feed")
	}

	out := filepath.Join(t.TempDir(), "acme.ics")
	ct2 := cmdtest.New(dir)
	if err := ct2.Run(NewCmdCalendar(ct2.F, nil), "-o", out); err != nil {
		t.Fatal(err)
	}
	if got := cmdtest.ReadFile(t, out); got != feed {
		t.Errorf("the file differs from standard output:\n%s", cmp.Diff(feed, got))
	}
	if ct2.Out.Len() != 0 || !strings.Contains(ct2.ErrOut.String(), "2 events, 1 recurring") {
		t.Errorf("stdout %q, stderr %q", ct2.Out, ct2.ErrOut)
	}

	ct3 := cmdtest.New(dir)
	err := ct3.Run(NewCmdCalendar(ct3.F, nil), "--team", "nobody")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `--team "nobody": no such team (known: product, sales)`) {
		t.Errorf("unknown team: %v", err)
	}
}
