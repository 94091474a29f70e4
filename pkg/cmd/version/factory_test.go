package version

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

// TestVersionThroughFactory runs the command as the root does, with the
// build information the factory carries.
func TestVersionThroughFactory(t *testing.T) {
	ct := cmdtest.New(t.TempDir())
	ct.F.Version, ct.F.Commit, ct.F.Date = "1.4.0", "72edc1d", "2026-12-01T10:00:00Z"
	if err := ct.Run(NewCmdVersion(ct.F, nil)); err != nil {
		t.Fatal(err)
	}
	if got := ct.Out.String(); !strings.Contains(got, "1.4.0") || !strings.Contains(got, "72edc1d") {
		t.Errorf("version printed %q, want the version and the commit", got)
	}

	ct = cmdtest.New(t.TempDir())
	ct.F.Version, ct.F.Commit, ct.F.Date = "1.4.0", "72edc1d", "2026-12-01T10:00:00Z"
	if err := ct.Run(NewCmdVersion(ct.F, nil), "-o", "json"); err != nil {
		t.Fatal(err)
	}
	var got Info
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("-o json: %v\n%s", err, ct.Out)
	}
	want := Of(ct.F)
	if diff := cmp.Diff(want, got); diff != "" || got.Version != "1.4.0" {
		t.Errorf("-o json (-want +got):\n%s", diff)
	}

	ct = cmdtest.New(t.TempDir())
	err := ct.Run(NewCmdVersion(ct.F, nil), "extra")
	if err == nil || !strings.Contains(err.Error(), `unknown command "extra"`) {
		t.Errorf("error = %v, want an unknown command", err)
	}
	err = ct.Run(NewCmdVersion(ct.F, nil), "-o", "csv")
	var fe *cmdutil.FlagError
	if !errors.As(err, &fe) {
		t.Errorf("-o csv: error = %v, want a usage error", err)
	}
}
