package exportcmd

import (
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

func TestExportFlags(t *testing.T) {
	for args, wantErr := range map[string]string{
		"goals":                "",
		"members --format csv": "",
		"maps":                 `unknown table "maps": use one of goals, commitments, checkins, members`,
		"goals --format json":  `invalid format "json": use csv`,
		"":                     "accepts 1 arg(s), received 0",
	} {
		ct := cmdtest.New(t.TempDir())
		var got *Options
		err := ct.Run(NewCmdExport(ct.F, func(o *Options) error { got = o; return nil }), strings.Fields(args)...)
		if wantErr == "" {
			if err != nil || got.Table != strings.Fields(args)[0] || got.Format != "csv" {
				t.Errorf("%q: %v, %+v", args, err, got)
			}
		} else if err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%q: error %v, want %q", args, err, wantErr)
		}
	}
}

func TestExportRun(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdExport(ct.F, nil), "goals"); err != nil {
		t.Fatal(err)
	}
	want := "id,title,status,owner,teams,parent,period_start,period_end,checkin_every,progress_percent,health,key_results\r\n" +
		"adoption,Feature X adopted by active accounts,active,priya@acme.example,product; sales,,2026-01-01,2026-06-30,14,40,on-track,1\r\n"
	if got := ct.Out.String(); got != want {
		t.Errorf("export goals:\n%q\nwant\n%q", got, want)
	}
}
