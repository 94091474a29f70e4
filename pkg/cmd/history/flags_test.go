package history

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func runCmd(cmd *cobra.Command, args ...string) error {
	cmd.SetArgs(args)
	cmd.SetOut(&discard{})
	cmd.SetErr(&discard{})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	return cmd.Execute()
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func TestShowArgs(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	tests := []struct {
		arg         string
		target, rev string
		wantFlagErr bool
	}{
		{"feature-x-launch", "feature-x-launch", "", false},
		{"feature-x-launch@HEAD~3", "feature-x-launch", "HEAD~3", false},
		{"map/feature-x-launch@v1.2", "map/feature-x-launch", "v1.2", false},
		{"feature-x-launch@", "", "", true},
	}
	for _, tt := range tests {
		var got *ShowOptions
		err := runCmd(NewCmdShow(f, func(o *ShowOptions) error { got = o; return nil }), tt.arg)
		if tt.wantFlagErr {
			if _, ok := err.(*cmdutil.FlagError); !ok {
				t.Errorf("%s: err = %v; want a usage error", tt.arg, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.arg, err)
		}
		if got.Target != tt.target || got.Rev != tt.rev {
			t.Errorf("%s: target %q rev %q; want %q %q", tt.arg, got.Target, got.Rev, tt.target, tt.rev)
		}
	}
}

func TestLogFlags(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	f := cmdutil.New(ios)
	var got *LogOptions
	capture := func(o *LogOptions) error { got = o; return nil }
	if err := runCmd(NewCmdLog(f, capture), "x", "-n", "3", "--since", "2026-03-01", "-o", "json"); err != nil {
		t.Fatal(err)
	}
	want := LogOptions{Target: "x", Max: 3, Since: "2026-03-01", Output: "json"}
	if diff := cmp.Diff(want, *got, cmdtest.IgnoreDeps); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, args := range [][]string{{"--since", "March"}, {"-n", "-1"}, {"-o", "xml"}} {
		if _, ok := runCmd(NewCmdLog(f, capture), args...).(*cmdutil.FlagError); !ok {
			t.Errorf("%v: want a usage error", args)
		}
	}
}

func TestSplitRange(t *testing.T) {
	tests := []struct {
		in               string
		from, to         string
		symmetric, isErr bool
	}{
		{"", "HEAD", "", false, false},
		{"HEAD~2", "HEAD~2", "", false, false},
		{"main..feature", "main", "feature", false, false},
		{"main...feature", "main", "feature", true, false},
		{"main..", "main", "HEAD", false, false},
		{"...feature", "HEAD", "feature", true, false},
		{"a..b..c", "", "", false, true},
	}
	for _, tt := range tests {
		from, to, sym, err := splitRange(tt.in)
		if (err != nil) != tt.isErr {
			t.Errorf("%q: err = %v", tt.in, err)
			continue
		}
		if tt.isErr {
			continue
		}
		if from != tt.from || to != tt.to || sym != tt.symmetric {
			t.Errorf("%q = %q, %q, %v; want %q, %q, %v", tt.in, from, to, sym, tt.from, tt.to, tt.symmetric)
		}
	}
}
