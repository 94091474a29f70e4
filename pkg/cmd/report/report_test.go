package report

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/site"
)

func TestReportFlags(t *testing.T) {
	tests := []struct {
		args    string
		want    *Options
		wantErr string
	}{
		{args: "--out site", want: &Options{Out: "site", Output: "table"}},
		{args: "--out site --title ACME --base-url https://acme.github.io/collab -o json",
			want: &Options{Out: "site", Title: "ACME", BaseURL: "https://acme.github.io/collab", Output: "json"}},
		{args: "", wantErr: "--out DIR is required"},
		{args: "--out site --base-url acme.github.io", wantErr: `--base-url: "acme.github.io" is not an http(s) address`},
		{args: "--out site --base-url javascript:alert(1)", wantErr: `--base-url: "javascript:alert(1)" is not an http(s) address`},
		{args: "--out site -o html", wantErr: "html"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			ct := cmdtest.New(t.TempDir())
			var got *Options
			err := ct.Run(NewCmdReport(ct.F, func(o *Options) error { got = o; return nil }), strings.Fields(tt.args)...)
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
			if diff := cmp.Diff(tt.want, got, cmdtest.IgnoreDeps); diff != "" {
				t.Errorf("options (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReportRun writes the site of a workspace outside any repository:
// pages for every entity, no history, and the built-in diagrams when
// Graphviz is not found.
func TestReportRun(t *testing.T) {
	ws := cmdtest.Workspace(t)
	out := filepath.Join(t.TempDir(), "site")
	ct := cmdtest.New(ws)
	cmd := NewCmdReport(ct.F, func(o *Options) error {
		o.Graphviz = func() (*site.GraphvizDiagram, bool) { return nil, false }
		return reportRun(o)
	})
	if err := ct.Run(cmd, "--out", out, "-o", "json", "--base-url", "https://acme.example.org/c"); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{`"dir": "` + out + `"`, `"asOf": "2026-03-10"`, `"goals/adoption.html"`, `"agreements/launch.html"`, `"teams/sales.html"`, `built-in SVG renderer`} {
		if !strings.Contains(ct.Out.String(), w) {
			t.Errorf("output lacks %s:\n%s", w, ct.Out)
		}
	}
	page := cmdtest.ReadFile(t, filepath.Join(out, "agreements", "launch.html"))
	for _, w := range []string{"not in a git repository", `<link rel="canonical" href="https://acme.example.org/c/agreements/launch.html">`} {
		if !strings.Contains(page, w) {
			t.Errorf("agreement page lacks %q", w)
		}
	}

	// Another run refreshes the report; a folder holding something else is refused.
	ct = cmdtest.New(ws)
	if err := ct.Run(NewCmdReport(ct.F, nil), "--out", out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ct.Out.String(), "Wrote ") {
		t.Errorf("output: %q", ct.Out)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "x"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ct = cmdtest.New(ws)
	err := ct.Run(NewCmdReport(ct.F, nil), "--out", other)
	if err == nil || !strings.Contains(err.Error(), "holds no collab report: choose an empty or new folder") {
		t.Errorf("error = %v", err)
	}
}
