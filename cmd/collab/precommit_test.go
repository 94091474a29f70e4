package main

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// TestPreCommitHooks checks the hooks the pre-commit framework installs from
// this repository: the ids the README names, built with go install, run once
// per commit, and each entry a collab command with flags collab accepts.
func TestPreCommitHooks(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID            string   `yaml:"id"`
		Entry         string   `yaml:"entry"`
		Language      string   `yaml:"language"`
		PassFilenames *bool    `yaml:"pass_filenames"`
		Types         []string `yaml:"types"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	entries := map[string]string{}
	for _, h := range hooks {
		entries[h.ID] = h.Entry
		if h.Language != "golang" || h.PassFilenames == nil || *h.PassFilenames {
			t.Errorf("%s: language %q, pass_filenames %v; want golang and false", h.ID, h.Language, h.PassFilenames)
		}
		args := strings.Fields(h.Entry)
		if len(args) == 0 || args[0] != "collab" {
			t.Errorf("%s: entry %q does not run collab", h.ID, h.Entry)
			continue
		}
		cmd, rest, err := root.NewCmdRoot(cmdutil.New(iostreams.System())).Find(args[1:])
		if err != nil {
			t.Errorf("%s: %v", h.ID, err)
			continue
		}
		if err := cmd.ParseFlags(rest); err != nil {
			t.Errorf("%s: %v", h.ID, err)
		}
	}
	want := map[string]string{"collab-validate": "collab validate", "collab-fmt": "collab fmt --check"}
	if diff := cmp.Diff(want, entries); diff != "" {
		t.Errorf("hooks (-want +got):\n%s", diff)
	}
}
