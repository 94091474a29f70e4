package agree

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

const (
	goalsLine  = "  goals: [adoption]\n"
	dependsOn  = "      dependsOn: [deliver-feature]\n"
	metricLine = "    - {name: Adoption rate, target: 30% of active accounts by June}\n"
)

// TestTermsVerbs: each verb that drafts terms inserts its lines where the
// field belongs in the draft, and prints what it wrote.
func TestTermsVerbs(t *testing.T) {
	for _, tc := range []struct {
		name          string
		cmd           func(*cmdutil.Factory) *cobra.Command
		args          []string
		after, insert string
	}{
		{"commitment", func(f *cmdutil.Factory) *cobra.Command { return NewCmdCommitment(f, nil) },
			[]string{"launch", "train", "--party", "sales", "--owner", "grace@acme.example", "--deliverable", "Train AEs", "--due", "2026-03-20"},
			dependsOn, "    - id: train\n      party: sales\n      owner: grace@acme.example\n      deliverable: Train AEs\n      due: 2026-03-20\n"},
		{"metric", func(f *cmdutil.Factory) *cobra.Command { return NewCmdMetric(f, nil) },
			[]string{"launch", "Renewals", "--target", "90%"},
			metricLine, "    - {name: Renewals, target: 90%}\n"},
		{"option", func(f *cmdutil.Factory) *cobra.Command { return NewCmdOption(f, nil) },
			[]string{"launch", "Ship in April", "--note", "later"},
			goalsLine, "  options:\n    - title: Ship in April\n      note: later\n"},
		{"param", func(f *cmdutil.Factory) *cobra.Command { return NewCmdParam(f, nil) },
			[]string{"launch", "--kind", "budget", "--text", "No new hires", "--hard"},
			goalsLine, "  parameters:\n    - kind: budget\n      text: No new hires\n      hard: true\n"},
		{"sla", func(f *cmdutil.Factory) *cobra.Command { return NewCmdSLA(f, nil) },
			[]string{"launch", "Support", "--provider", "product", "--target", "2d"},
			metricLine, "  serviceLevels:\n    - name: Support\n      provider: product\n      target: 2d\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := cmdtest.Workspace(t)
			file := filepath.Join(dir, "agreements", "launch.yaml")
			base := cmdtest.ReadFile(t, file)
			ct := cmdtest.New(dir)
			if err := ct.Run(tc.cmd(ct.F), tc.args...); err != nil {
				t.Fatalf("%v\n%s", err, ct.ErrOut)
			}
			if d := cmp.Diff("wrote agreements/launch.yaml (not committed)\n", ct.Out.String()); d != "" {
				t.Errorf("stdout (-want +got):\n%s", d)
			}
			want := strings.Replace(base, tc.after, tc.after+tc.insert, 1)
			if d := cmp.Diff(want, cmdtest.ReadFile(t, file)); d != "" {
				t.Errorf("agreements/launch.yaml (-want +got):\n%s", d)
			}
		})
	}
}

// TestProgressVerbsRefuseDraft: progress, check-ins and reviews wait until
// the agreement is proposed or active; a draft is left as it is.
func TestProgressVerbsRefuseDraft(t *testing.T) {
	const progress = "agreement launch is a draft: commitments make progress once it is proposed or active"
	for _, tc := range []struct {
		name string
		cmd  func(*cmdutil.Factory) *cobra.Command
		args []string
		want string
	}{
		{"done", func(f *cmdutil.Factory) *cobra.Command { return NewCmdDone(f, nil) }, []string{"launch", "deliver-feature"}, progress},
		{"block", func(f *cmdutil.Factory) *cobra.Command { return NewCmdBlock(f, nil) }, []string{"launch", "start-outreach", "--note", "waiting"}, progress},
		{"drop", func(f *cmdutil.Factory) *cobra.Command { return NewCmdDrop(f, nil) }, []string{"launch", "start-outreach", "--reason", "no"}, progress},
		{"checkin", func(f *cmdutil.Factory) *cobra.Command { return NewCmdCheckin(f, nil) }, []string{"launch", "--note", "On track"},
			"agreement launch is a draft: check-ins are held once it is proposed or active"},
		{"review", func(f *cmdutil.Factory) *cobra.Command { return NewCmdReview(f, nil) }, []string{"launch", "--note", "Fine"},
			"agreement launch is draft: reviews are for active agreements"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := cmdtest.Workspace(t)
			file := filepath.Join(dir, "agreements", "launch.yaml")
			base := cmdtest.ReadFile(t, file)
			ct := cmdtest.New(dir)
			err := ct.Run(tc.cmd(ct.F), tc.args...)
			if err == nil || !strings.HasSuffix(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to end in %q", err, tc.want)
			}
			if d := cmp.Diff(base, cmdtest.ReadFile(t, file)); d != "" {
				t.Errorf("refused %s changed the file (-want +got):\n%s", tc.name, d)
			}
		})
	}
}

func TestTemplatesJSON(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	if err := ct.Run(NewCmdTemplates(ct.F, nil), "-o", "json"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	type template struct {
		Name, Title, Source, Review string
		Parties                     []string
	}
	var got []template
	if err := json.Unmarshal(ct.Out.Bytes(), &got); err != nil {
		t.Fatalf("%v:\n%s", err, ct.Out)
	}
	want := []template{
		{"budget", "Budget request (finance + requesting department)", "built-in", "90d", []string{"finance", "requester"}},
		{"launch", "Product launch (product + sales)", "built-in", "90d", []string{"product", "sales"}},
		{"onboarding", "New-hire onboarding (HR + IT + finance)", "built-in", "180d", []string{"hr", "it", "finance"}},
		{"service-level", "Service level (provider + consumer)", "built-in", "90d", []string{"provider", "consumer"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("templates (-want +got):\n%s", d)
	}
}
