package root

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// outputArgs are the arguments each command with -o runs with against the
// acme example ($TMP is a temporary folder). A command that gains -o must be added here, so that its YAML
// is checked against its JSON.
var outputArgs = map[string][]string{
	"collab agree agenda":    {"agree", "agenda", "feature-x-launch"},
	"collab agree list":      {"agree", "list"},
	"collab agree show":      {"agree", "show", "feature-x-launch"},
	"collab agree templates": {"agree", "templates"},
	"collab codeowners":      {"codeowners"},
	"collab goal list":       {"goal", "list"},
	"collab goal show":       {"goal", "show", "feature-x-adoption"},
	"collab goal tree":       {"goal", "tree"},
	"collab log":             {"log"},
	"collab show":            {"show", "agreement/feature-x-launch"},
	"collab map list":        {"map", "list"},
	"collab map show":        {"map", "show", "feature-x-launch"},
	"collab report":          {"report", "--out", "$TMP/site"},
	"collab status":          {"status"},
	"collab team list":       {"team", "list"},
	"collab team show":       {"team", "show", "sales"},
	"collab version":         {"version"},
}

// TestYAMLIsJSON runs every command that has -o with -o json and -o yaml and
// checks that both print the same document: same keys, same values.
func TestYAMLIsJSON(t *testing.T) {
	dir, tmp := acmeRepo(t), t.TempDir()
	ios, _, _, _ := iostreams.Test()
	var paths []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		// -o is a format (table, json, yaml...) for most commands; calendar's
		// -o is a file.
		if fl := c.Flags().Lookup("output"); fl != nil && strings.Contains(fl.Usage, "json") {
			paths = append(paths, c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewCmdRoot(cmdutil.New(ios)))
	if len(paths) < len(outputArgs) {
		t.Errorf("found %d commands with -o, want at least %d: %v", len(paths), len(outputArgs), paths)
	}
	for _, path := range paths {
		t.Run(path, func(t *testing.T) {
			args, ok := outputArgs[path]
			if !ok {
				t.Fatalf("%s has -o: add its arguments to outputArgs", path)
			}
			run := func(format string) []byte {
				ios, _, out, errOut := iostreams.Test()
				f := cmdutil.New(ios)
				all := []string{"-C", dir, "--as-of", "2026-04-15"}
				for _, a := range args {
					all = append(all, strings.ReplaceAll(a, "$TMP", tmp))
				}
				if code := Main(f, append(all, "-o", format)); code != ExitOK {
					t.Fatalf("%v -o %s: exit %d: %s", args, format, code, errOut)
				}
				return out.Bytes()
			}
			var fromJSON, fromYAML any
			if err := json.Unmarshal(run(cmdutil.JSON), &fromJSON); err != nil {
				t.Fatal(err)
			}
			var y any
			if err := yaml.Unmarshal(run(cmdutil.YAML), &y); err != nil {
				t.Fatal(err)
			}
			// Through JSON, so that numbers and maps have JSON's types.
			b, err := json.Marshal(y)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &fromYAML); err != nil {
				t.Fatal(err)
			}
			if fromJSON == nil {
				t.Fatal("-o json printed null")
			}
			if diff := cmp.Diff(fromJSON, fromYAML); diff != "" {
				t.Errorf("-o yaml differs from -o json (-json +yaml):\n%s", diff)
			}
		})
	}
}

// acmeRepo copies the acme example into a new git repository with one commit.
func acmeRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("COLLAB_CI") != "" {
			t.Fatal("git not installed")
		}
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "..", "examples", "acme"))); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"init", "-q", "-b", "main"},
		{"add", "-A"},
		{"-c", "user.name=Pat Morgan", "-c", "user.email=pat@acme.example", "commit", "-q", "-m", "acme"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return dir
}
