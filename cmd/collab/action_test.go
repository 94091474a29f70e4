package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestActionMetadata checks action.yml, which actionlint reads only through
// a workflow that uses it: a composite action whose run steps name their
// shell and pass shellcheck, that uses only the inputs and step ids it
// declares, and passes inputs to scripts through env (never ${{ }} inside a
// script, where a crafted value would run as code).
func TestActionMetadata(t *testing.T) {
	data, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var action struct {
		Name   string
		Inputs map[string]struct {
			Description string
			Default     *string
		}
		Outputs map[string]struct{ Value string }
		Runs    struct {
			Using string
			Steps []struct {
				ID    string
				Uses  string
				Run   string
				Shell string
				If    string
			}
		}
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Name == "" || action.Runs.Using != "composite" || len(action.Runs.Steps) == 0 {
		t.Fatalf("not a composite action: %+v", action)
	}
	for name, in := range action.Inputs {
		if in.Description == "" || in.Default == nil {
			t.Errorf("input %s needs a description and a default", name)
		}
	}
	ids := map[string]bool{}
	for _, s := range action.Runs.Steps {
		if s.ID != "" {
			ids[s.ID] = true
		}
	}
	for _, m := range regexp.MustCompile(`\b(inputs|steps)\.([A-Za-z0-9_-]+)`).FindAllStringSubmatch(string(data), -1) {
		_, isInput := action.Inputs[m[2]]
		if (m[1] == "inputs" && !isInput) || (m[1] == "steps" && !ids[m[2]]) {
			t.Errorf("action.yml uses %s.%s, which it does not declare", m[1], m[2])
		}
	}

	shellcheck, err := exec.LookPath("shellcheck")
	if err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("shellcheck is not installed (.ci/run installs it)")
		}
		t.Log("shellcheck not installed: run scripts not checked")
	}
	dir := t.TempDir()
	for i, s := range action.Runs.Steps {
		if s.Run == "" {
			continue
		}
		if s.Shell != "bash" {
			t.Errorf("step %d: a run step of a composite action must name its shell (bash), has %q", i, s.Shell)
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %d: an expression inside the script; pass it through env:\n%s", i, s.Run)
		}
		if shellcheck == "" {
			continue
		}
		script := filepath.Join(dir, "step.sh")
		if err := os.WriteFile(script, []byte("#!/usr/bin/env bash\nset -euo pipefail\n"+s.Run), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(shellcheck, script).CombinedOutput(); err != nil {
			t.Errorf("step %d: shellcheck: %v\n%s", i, err, out)
		}
	}
}
