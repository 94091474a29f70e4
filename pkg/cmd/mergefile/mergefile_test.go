package mergefile

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
	"github.com/collab-tools/collab/pkg/merge"
)

// versions writes base, ours and theirs of goal adoption into a temporary
// folder: ours and theirs are the workspace's goal with each replacement
// (old, new) applied.
func versions(t *testing.T, ours, theirs [2]string) (dir, base string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(cmdtest.Workspace(t), "goals", "adoption.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base = string(b)
	dir = t.TempDir()
	for name, text := range map[string]string{
		"base.yaml":   base,
		"ours.yaml":   strings.Replace(base, ours[0], ours[1], 1),
		"theirs.yaml": strings.Replace(base, theirs[0], theirs[1], 1),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, base
}

const (
	title   = "  title: Feature X adopted by active accounts\n"
	current = "      current: 12\n"
)

func TestMergeFileClean(t *testing.T) {
	dir, base := versions(t,
		[2]string{title, "  title: Feature X adopted by most active accounts\n"},
		[2]string{current, "      current: 14\n"})
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdMergeFile(ct.F, nil), "base.yaml", "ours.yaml", "theirs.yaml", "--path", "goals/adoption.yaml"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := strings.NewReplacer(title, "  title: Feature X adopted by most active accounts\n", current, "      current: 14\n").Replace(base)
	if d := cmp.Diff(want, cmdtest.ReadFile(t, filepath.Join(dir, "ours.yaml"))); d != "" {
		t.Errorf("merged ours.yaml (-want +got):\n%s", d)
	}
	if d := cmp.Diff("", ct.Out.String()+ct.ErrOut.String()); d != "" {
		t.Errorf("output (-want +got):\n%s", d)
	}
}

func TestMergeFileConflict(t *testing.T) {
	dir, base := versions(t,
		[2]string{title, "  title: Ours\n"},
		[2]string{title, "  title: Theirs\n"})
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdMergeFile(ct.F, nil), "base.yaml", "ours.yaml", "theirs.yaml", "--path", "goals/adoption.yaml")
	if !errors.Is(err, cmdutil.ErrSilent) {
		t.Fatalf("error = %v, want exit 1", err)
	}
	wantFile := strings.Replace(base, title,
		merge.MarkOurs+" ours # metadata.title: changed on both sides\n  title: Ours\n"+
			"||||||| base\n"+title+"=======\n  title: Theirs\n"+merge.MarkTheirs+" theirs\n", 1)
	if d := cmp.Diff(wantFile, cmdtest.ReadFile(t, filepath.Join(dir, "ours.yaml"))); d != "" {
		t.Errorf("ours.yaml (-want +got):\n%s", d)
	}
	if d := cmp.Diff("goals/adoption.yaml:6: conflict: metadata.title: changed on both sides\n"+merge.Hint+"\n", ct.ErrOut.String()); d != "" {
		t.Errorf("stderr (-want +got):\n%s", d)
	}
}

// TestMergeFileRefusesMissingInput: a version that cannot be read stops the
// merge before OURS is written.
func TestMergeFileRefusesMissingInput(t *testing.T) {
	dir, _ := versions(t, [2]string{title, "  title: Ours\n"}, [2]string{title, title})
	before := cmdtest.ReadFile(t, filepath.Join(dir, "ours.yaml"))
	ct := cmdtest.New(dir)
	err := ct.Run(NewCmdMergeFile(ct.F, nil), "base.yaml", "ours.yaml", "gone.yaml")
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("error = %v, want the missing file", err)
	}
	if d := cmp.Diff(before, cmdtest.ReadFile(t, filepath.Join(dir, "ours.yaml"))); d != "" {
		t.Errorf("ours.yaml changed (-want +got):\n%s", d)
	}
}
