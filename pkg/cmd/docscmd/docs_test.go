package docscmd_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// TestDocsMan writes the man pages through the real command tree: one per
// visible command, section 1, the release's version in the footer, none
// for the hidden docs command itself.
func TestDocsMan(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	dir := t.TempDir()
	ios, _, _, errOut := iostreams.Test()
	f := cmdutil.New(ios)
	f.Version = "1.2.3"
	if code := root.Main(f, []string{"docs", "man", dir}); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, page := range []string{"collab.1", "collab-validate.1", "collab-agree-accept.1", "collab-completion-bash.1"} {
		b, err := os.ReadFile(filepath.Join(dir, page))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), ".nh\n.TH \"COLLAB\" \"1\" \"Jan 2026\" \"collab 1.2.3\" \"collab manual\"\n") {
			t.Errorf("%s header:\n%.200s", page, b)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "collab-validate.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "--strict") || strings.Contains(string(b), "Auto generated") {
		t.Errorf("collab-validate.1:\n%s", b)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "collab-docs*"))
	if len(matches) > 0 {
		t.Errorf("pages for the hidden docs command: %v", matches)
	}
	if code := root.Main(f, []string{"docs", "man"}); code != 2 {
		t.Errorf("docs man without DIR: exit %d, want 2", code)
	}
}
