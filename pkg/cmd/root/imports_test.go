package root

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCommandsDoNotImportGoGit keeps git behind pkg/history and
// pkg/gitstore: no command package, nor its tests, imports go-git.
func TestCommandsDoNotImportGoGit(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go not on PATH")
	}
	const format = `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}{{range .TestImports}} {{.}}{{end}}{{range .XTestImports}} {{.}}{{end}}`
	out, err := exec.Command(goBin, "list", "-f", format, "github.com/collab-tools/collab/pkg/cmd/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Fields(line)
		n++
		for _, imp := range f[1:] {
			if strings.HasPrefix(imp, "github.com/go-git/") {
				t.Errorf("%s imports %s: read history through pkg/history", f[0], imp)
			}
		}
	}
	if n < 10 {
		t.Errorf("go list found %d command packages; want every package under pkg/cmd", n)
	}
}
