package agree

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// newTestWorkspace copies testdata/ws into a fresh git repository and
// returns a factory that writes without committing (the file is what the
// golden tests check), acting as email.
func newTestWorkspace(t *testing.T, email string) (*cmdutil.Factory, string) {
	t.Helper()
	dir := t.TempDir()
	err := os.CopyFS(dir, os.DirFS("testdata/ws"))
	if err != nil {
		t.Fatal(err)
	}
	repo, err := gitstore.Init(dir)
	if err != nil {
		t.Fatal(err)
	}
	repo.Close()
	setAuthor(t, email)
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	f.Dir, f.NoCommit, f.AsOfFlag = dir, true, "2026-03-04"
	return f, dir
}

func setAuthor(t *testing.T, email string) {
	t.Setenv("GIT_AUTHOR_NAME", strings.Split(email, "@")[0])
	t.Setenv("GIT_AUTHOR_EMAIL", email)
}

// TestEditsKeepComments runs a sequence of verbs on a hand-written
// agreement with comments and flow items; after each step the file must
// match its golden file, where only the edited lines differ from the step before.
func TestEditsKeepComments(t *testing.T) {
	f, dir := newTestWorkspace(t, "priya@acme.example")
	file := filepath.Join(dir, "agreements", "launch.yaml")
	steps := []struct {
		name string
		as   string
		run  func() error
	}{
		{"amend-due", "priya@acme.example", func() error {
			return amendRun(&AmendOptions{Apply: f.Apply, AsOf: f.AsOf, Identity: f.Identity, ID: "launch", Reason: "Technical issue", Commitment: "deliver-feature",
				Due: "2026-03-22", set: map[string]bool{"due": true}})
		}},
		{"accept-product", "priya@acme.example", func() error {
			return acceptRun(&AcceptOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply, ID: "launch", Party: "product", Summary: "Product ships GA by March 22."})
		}},
		{"accept-sales", "sam@acme.example", func() error {
			return acceptRun(&AcceptOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply, ID: "launch", Party: "sales", Summary: "Sales starts outreach on March 23."})
		}},
		{"done", "priya@acme.example", func() error {
			return setCommitmentStatus(&StatusOptions{AsOf: f.AsOf, Apply: f.Apply, ID: "launch", CID: "deliver-feature", Status: model.CommitmentDone, Date: "2026-03-22"})
		}},
		{"block", "sam@acme.example", func() error {
			return setCommitmentStatus(&StatusOptions{AsOf: f.AsOf, Apply: f.Apply, ID: "launch", CID: "start-outreach", Status: model.CommitmentBlocked, Note: "Waiting for the demo tenant"})
		}},
		{"checkin", "pat@acme.example", func() error {
			return checkinRun(&CheckinOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply, ID: "launch", Note: "GA shipped; outreach blocked on the demo tenant."})
		}},
		{"option", "pat@acme.example", func() error {
			return optionRun(&OptionOptions{Apply: f.Apply, ID: "launch", Option: model.Option{Title: "Launch to new customers only", Note: "Existing accounts matter most"}})
		}},
		{"metric", "pat@acme.example", func() error {
			return metricRun(&MetricOptions{Apply: f.Apply, ID: "launch", Metric: model.Metric{Name: "New deals with Feature X", Target: "40% of Q2 deals"}, Reason: "Sales asked for a revenue measure"})
		}},
		{"sla", "pat@acme.example", func() error {
			return slaRun(&SLAOptions{Apply: f.Apply, ID: "launch", SLA: model.ServiceLevel{Name: "Demo tenant fix", Provider: "product", Target: "2d"}})
		}},
		{"param", "pat@acme.example", func() error {
			return paramRun(&ParamOptions{Apply: f.Apply, ID: "launch", Param: model.Parameter{Kind: "budget", Text: "No added headcount"}})
		}},
		{"commitment", "pat@acme.example", func() error {
			return commitmentRun(&CommitmentOptions{Apply: f.Apply, ID: "launch", CID: "pipeline-report", Party: "sales", Owner: "dev@acme.example",
				Deliverable: "Monthly pipeline report", Due: "2026-04-30", DependsOn: []string{"start-outreach"}})
		}},
		{"retire", "pat@acme.example", func() error {
			return retireRun(&RetireOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply, ID: "launch", Reason: "Launch complete"})
		}},
	}
	for i, st := range steps {
		setAuthor(t, st.as)
		if err := st.run(); err != nil {
			t.Fatalf("step %s: %v", st.name, err)
		}
		got, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		golden := filepath.Join("testdata", "golden", fmt.Sprintf("%02d-%s.yaml", i+1, st.name))
		if *update {
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if diff := cmp.Diff(string(want), string(got)); diff != "" {
			t.Errorf("step %s: file differs from %s (-want +got):\n%s", st.name, golden, diff)
		}
	}
}
