package validate

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/diag/sariftest"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/schema"
)

func TestValidateAllValid(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdValidate(ct.F, nil)); err != nil {
		t.Fatalf("%v\n%s", err, ct.Out)
	}
	if d := cmp.Diff("", ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff("5 files checked: all valid\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

// breakOwner makes the owner of commitment deliver-feature someone who is
// not a member of product: an error at line 16, column 14 of the file.
func breakOwner(t *testing.T, dir string) {
	t.Helper()
	p := filepath.Join(dir, "agreements", "launch.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = []byte(strings.Replace(string(b), "owner: leo@acme.example", "owner: zoe@acme.example", 1))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestValidateReportsErrors(t *testing.T) {
	dir := cmdtest.Workspace(t)
	breakOwner(t, dir)
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdValidate(ct.F, nil))
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1 without a message of its own", err)
	}
	want := "agreements/launch.yaml:16:14: error: spec.commitments[0].owner: zoe@acme.example is not a member of team product"
	if !strings.HasPrefix(ct.Out.String(), want) {
		t.Errorf("stdout = %q, want it to start with %q", ct.Out, want)
	}
	if d := cmp.Diff("5 files checked: 1 error, 0 warnings\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

func TestValidateJSON(t *testing.T) {
	dir := cmdtest.Workspace(t)
	breakOwner(t, dir)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdValidate(ct.F, nil), "--format", "json"); !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	var got []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
	}
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	want := []struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Severity string `json:"severity"`
		Code     string `json:"code"`
	}{{"agreements/launch.yaml", 16, 14, "error", "not-member"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestValidateStrictAndClock: a warning fails only with --strict, and the
// factory's clock is "today" for date-dependent warnings (the goal's
// period has ended by then).
func TestValidateStrictAndClock(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	ct.F.Now = func() time.Time { return time.Date(2026, 7, 1, 9, 0, 0, 0, time.UTC) }
	if err := ct.Run(NewCmdValidate(ct.F, nil)); err != nil {
		t.Fatalf("a warning failed validate without --strict: %v", err)
	}
	if !strings.Contains(ct.Out.String(), "warning: spec.period.end: the period of goal adoption ended on 2026-06-30") {
		t.Errorf("stdout = %q, want the period-ended warning", ct.Out)
	}
	ct.Out.Reset()
	if err := ct.Run(NewCmdValidate(ct.F, nil), "--strict"); !errors.Is(err, cmdutil.ErrSilent) {
		t.Errorf("--strict with a warning: error = %v, want exit 1", err)
	}
}

func TestValidateFlags(t *testing.T) {
	tests := []struct {
		args    []string
		want    *Options
		wantErr string
	}{
		{args: []string{"--format", "sarif", "--strict"}, want: &Options{Format: "sarif", Strict: true}},
		{args: nil, want: &Options{Format: "text"}},
		{args: []string{"extra"}, wantErr: `unknown command "extra"`},
	}
	for _, tt := range tests {
		ct := cmdtest.New(t.TempDir())
		var got *Options
		err := ct.Run(NewCmdValidate(ct.F, func(o *Options) error { got = o; return nil }), tt.args...)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%v: error = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(tt.want, got, cmdtest.IgnoreDeps); d != "" {
			t.Errorf("%v (-want +got):\n%s", tt.args, d)
		}
	}
}

func TestValidateRefusesUnknownFormat(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdValidate(ct.F, nil), "--format", "xml")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), `invalid format "xml": use text, json, github or sarif`) {
		t.Fatalf("error = %v, want a usage error listing the formats", err)
	}
}

func TestValidateGitHubNeedsVerify(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdValidate(ct.F, nil), "--github")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) || !strings.Contains(err.Error(), "--github needs --verify BASE..HEAD") {
		t.Fatalf("error = %v, want a usage error", err)
	}
}

// TestValidateCodeHostPathsInAMonorepo: with the workspace in a folder of
// a git repository, --format github and sarif name files from the
// repository root (where GitHub looks for them); text and json keep the
// workspace's paths. Every SARIF is valid, the clean one included.
func TestValidateCodeHostPathsInAMonorepo(t *testing.T) {
	repo := t.TempDir()
	r, err := gitstore.Init(repo)
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	ws := filepath.Join(repo, "org", "collab")
	if err := os.MkdirAll(filepath.Dir(ws), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(cmdtest.Workspace(t), ws); err != nil {
		t.Fatal(err)
	}

	run := func(format string) *cmdtest.Test {
		ct := cmdtest.New(ws)
		err := ct.Run(NewCmdValidate(ct.F, nil), "--format", format)
		if err != nil && !errors.Is(err, cmdutil.ErrSilent) {
			t.Fatalf("%s: %v", format, err)
		}
		return ct
	}
	clean := run("sarif")
	sariftest.Check(t, clean.Out.Bytes())

	breakOwner(t, ws)
	if got, want := run("github").Out.String(), "::error file=org/collab/agreements/launch.yaml,line=16,col=14,"; !strings.HasPrefix(got, want) {
		t.Errorf("github: %q, want it to start with %q", got, want)
	}
	sarif := run("sarif").Out
	sariftest.Check(t, sarif.Bytes())
	if !strings.Contains(sarif.String(), `"uri": "org/collab/agreements/launch.yaml"`) {
		t.Errorf("sarif paths are not from the repository root:\n%s", sarif)
	}
	if got := run("text").Out.String(); !strings.HasPrefix(got, "agreements/launch.yaml:16:14:") {
		t.Errorf("text: %q", got)
	}
}

// TestValidateCodeHostPathsOutsideGit: a workspace in no git repository
// keeps its own paths.
func TestValidateCodeHostPathsOutsideGit(t *testing.T) {
	dir := cmdtest.Workspace(t)
	breakOwner(t, dir)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdValidate(ct.F, nil), "--format", "github"); !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	if got := ct.Out.String(); !strings.HasPrefix(got, "::error file=agreements/launch.yaml,") {
		t.Errorf("github: %q", got)
	}
}

// TestValidateStaleSchemaCopy: a schema copy that differs from the binary's
// is a warning telling how to refresh it; an up-to-date one is not.
func TestValidateStaleSchemaCopy(t *testing.T) {
	dir := cmdtest.Workspace(t)
	copyDir := filepath.Join(dir, ".collab", "schema")
	if err := os.MkdirAll(copyDir, 0o755); err != nil {
		t.Fatal(err)
	}
	goal, _ := schema.Get("goal")
	if err := os.WriteFile(filepath.Join(copyDir, "goal.schema.json"), goal, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(copyDir, "team.schema.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdValidate(ct.F, nil)); err != nil {
		t.Fatalf("a stale copy is only a warning: %v", err)
	}
	want := ".collab/schema/team.schema.json: warning: differs from the schema of this collab version, which editors then check against; run collab schema --write\n"
	if d := cmp.Diff(want, ct.Out.String()); d != "" {
		t.Errorf("stdout (-want +got):\n%s", d)
	}
	if d := cmp.Diff("5 files checked: 0 errors, 1 warning\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
	ct = cmdtest.New(dir)
	if err := ct.Run(NewCmdValidate(ct.F, nil), "--strict"); !errors.Is(err, cmdutil.ErrSilent) {
		t.Errorf("--strict: error = %v, want exit 1", err)
	}
}
