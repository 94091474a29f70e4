package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/diag/sariftest"
	"github.com/collab-tools/collab/pkg/iostreams"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		main() // the test binary runs as collab (see crash_test.go)
	}
	testscript.Main(m, map[string]func(){
		"collab": func() {
			f := cmdutil.New(iostreams.System())
			f.Version = "test"
			os.Exit(root.Main(f, os.Args[1:]))
		},
	})
}

// TestScripts runs the end-to-end stories in testdata/script, each in a
// fresh folder with a hermetic git identity. Scripts check the results with
// the real git binary; they are skipped where git is missing.
func TestScripts(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	lspClient, err := filepath.Abs("testdata/lsp.js")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// sarif-valid FILE: FILE (or stdout) is valid SARIF 2.1.0.
			"sarif-valid": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: sarif-valid FILE")
				}
				err := sariftest.Validate([]byte(ts.ReadFile(args[0])))
				if neg && err == nil {
					ts.Fatalf("%s is valid SARIF", args[0])
				}
				if !neg && err != nil {
					ts.Fatalf("%s is not valid SARIF 2.1.0: %v", args[0], err)
				}
			},
			// editor-diagnostics FILE...: the diagnostics the real YAML
			// language server (COLLAB_YAML_LS, the path of its
			// bin/yaml-language-server; .ci/run installs it) gives each
			// FILE, as JSON on stdout.
			"editor-diagnostics": func(ts *testscript.TestScript, neg bool, args []string) {
				cmd := exec.Command("node", append([]string{lspClient, os.Getenv("COLLAB_YAML_LS")}, args...)...)
				cmd.Dir = ts.MkAbs(".")
				cmd.Stdout = ts.Stdout()
				cmd.Stderr = ts.Stderr()
				if err := cmd.Run(); err != nil {
					ts.Fatalf("yaml-language-server: %v", err)
				}
			},
		},
		// [yamlls]: the YAML language server is at hand; under COLLAB_CI a
		// missing one fails the script instead of skipping it.
		Condition: func(cond string) (bool, error) {
			if cond != "yamlls" {
				return false, fmt.Errorf("unknown condition %q", cond)
			}
			if os.Getenv("COLLAB_YAML_LS") != "" {
				return true, nil
			}
			if os.Getenv("COLLAB_CI") != "" {
				return false, fmt.Errorf("COLLAB_YAML_LS is not set: .ci/run installs yaml-language-server")
			}
			return false, nil
		},
		Setup: scriptSetup(t),
	})
}

// scriptSetup gives each script a home of its own with a hermetic git
// identity (Pat Morgan), no system config, no colour, and $EXAMPLES.
func scriptSetup(t *testing.T) func(*testscript.Env) error {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	return func(env *testscript.Env) error {
		home := filepath.Join(env.WorkDir, ".home")
		env.Setenv("HOME", home)
		env.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
		env.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
		env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
		env.Setenv("NO_COLOR", "1")
		env.Setenv("EXAMPLES", examples)
		if err := os.MkdirAll(home, 0o755); err != nil {
			return err
		}
		cfg := "[user]\n\tname = Pat Morgan\n\temail = pat@acme.example\n[init]\n\tdefaultBranch = main\n"
		return os.WriteFile(filepath.Join(home, ".gitconfig"), []byte(cfg), 0o644)
	}
}
