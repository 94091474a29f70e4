package mapcmd

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func factory() *cmdutil.Factory {
	ios, _, _, _ := iostreams.Test()
	return cmdutil.New(ios)
}

func isUsage(err error) bool {
	var fe *cmdutil.FlagError
	return errors.As(err, &fe)
}

// checkFlags parses args with the command newCmd builds around a capturing
// runF, and compares the options it would run with to want, or expects a
// usage error.
func checkFlags[O any](t *testing.T, newCmd func(runF func(*O) error) *cobra.Command, args []string, want *O, usage bool) {
	t.Helper()
	var got *O
	cmd := newCmd(func(o *O) error { got = o; return nil })
	cmd.SetArgs(args)
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	err := cmd.Execute()
	if usage {
		if !isUsage(err) {
			t.Fatalf("want a usage error, got %v", err)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got, cmdtest.IgnoreDeps); d != "" {
		t.Errorf("options (-want +got):\n%s", d)
	}
}

func TestAddFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		want  *AddOptions
		usage bool
	}{
		{
			name: "a person with everything",
			args: []string{"m", "--person", "sam@acme.example", "--team", "sales", "--role", "implementer,expert", "--raci", "R",
				"--influence", "medium", "--interest", "high", "--stance", "supportive", "--note", "Runs outreach"},
			want: &AddOptions{ID: "m", Person: "sam@acme.example", Team: "sales", Roles: []string{"implementer", "expert"}, RACI: "R",
				Influence: "medium", Interest: "high", Stance: "supportive", Note: "Runs outreach",
				Set: map[string]bool{"person": true, "team": true, "role": true, "raci": true, "influence": true, "interest": true, "stance": true, "note": true}},
		},
		{
			name: "an update names only what changes",
			args: []string{"m", "--team", "support", "--stance", "resistant"},
			want: &AddOptions{ID: "m", Team: "support", Stance: "resistant", Set: map[string]bool{"team": true, "stance": true}},
		},
		{name: "no person or team", args: []string{"m", "--raci", "R"}, usage: true},
		{name: "not an email", args: []string{"m", "--person", "sam"}, usage: true},
		{name: "bad team id", args: []string{"m", "--team", "Sales Team"}, usage: true},
		{name: "unknown role", args: []string{"m", "--team", "x", "--role", "boss"}, usage: true},
		{name: "unknown raci", args: []string{"m", "--team", "x", "--raci", "Z"}, usage: true},
		{name: "unknown level", args: []string{"m", "--team", "x", "--influence", "huge"}, usage: true},
		{name: "unknown stance", args: []string{"m", "--team", "x", "--stance", "hostile"}, usage: true},
		{name: "empty raci", args: []string{"m", "--team", "x", "--raci", ""}, usage: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFlags(t, func(r func(*AddOptions) error) *cobra.Command { return NewCmdAdd(factory(), r) }, tc.args, tc.want, tc.usage)
		})
	}
}

func TestNewFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		want  *NewOptions
		usage bool
	}{
		{name: "agreement", args: []string{"fx", "--for", "agreement/feature-x-launch"}, want: &NewOptions{ID: "fx", Subject: "agreement/feature-x-launch"}},
		{name: "goal, empty, titled", args: []string{"g", "--for", "goal/in-stock", "--empty", "--title", "Who"}, want: &NewOptions{ID: "g", Subject: "goal/in-stock", Empty: true, Title: "Who"}},
		{name: "missing --for without a terminal", args: []string{"fx"}, usage: true},
		{name: "subject without a kind", args: []string{"fx", "--for", "feature-x-launch"}, usage: true},
		{name: "subject of another kind", args: []string{"fx", "--for", "team/sales"}, usage: true},
		{name: "bad id", args: []string{"FX", "--for", "goal/g"}, usage: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFlags(t, func(r func(*NewOptions) error) *cobra.Command { return NewCmdNew(factory(), r) }, tc.args, tc.want, tc.usage)
		})
	}
}

func TestRenderFlags(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		want  *RenderOptions
		usage bool
	}{
		{name: "default is mermaid, both diagrams", args: []string{"m"}, want: &RenderOptions{ID: "m", Format: "mermaid", Diagram: "both"}},
		{name: "fenced quadrant", args: []string{"m", "--fenced", "--diagram", "quadrant"}, want: &RenderOptions{ID: "m", Format: "mermaid", Diagram: "quadrant", Fenced: true}},
		{name: "dot", args: []string{"m", "--format", "dot"}, want: &RenderOptions{ID: "m", Format: "dot", Diagram: "both"}},
		{name: "unknown format", args: []string{"m", "--format", "png"}, usage: true},
		{name: "unknown diagram", args: []string{"m", "--diagram", "pie"}, usage: true},
		{name: "fenced is for mermaid", args: []string{"m", "--format", "grid", "--fenced"}, usage: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkFlags(t, func(r func(*RenderOptions) error) *cobra.Command { return NewCmdRender(factory(), r) }, tc.args, tc.want, tc.usage)
		})
	}
}
