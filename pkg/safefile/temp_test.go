package safefile

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestRemoveStaleTemps(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs process ids that can be asked about")
	}
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	live := exec.Command("sleep", "10")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { live.Process.Kill(); live.Wait() }()
	hour := time.Now().Add(-time.Hour)
	dir := t.TempDir()
	for _, f := range []struct {
		name string
		old  bool
	}{
		{name: fmt.Sprintf(".a.yaml.collab-tmp-%d-0123456789ab", dead.Process.Pid)},
		{name: fmt.Sprintf(".b.yaml.collab-tmp-%d-0123456789ab", live.Process.Pid)},
		{name: fmt.Sprintf(".c.yaml.collab-tmp-%d-0123456789ab", os.Getpid())},
		{name: ".d.yaml.tmp-0123456789ab", old: true},
		{name: ".e.yaml.tmp-0123456789ab"},
		{name: ".f.yaml"},
		{name: ".g.yaml.tmp-notahexvalue", old: true},
		{name: "h.yaml"},
	} {
		p := filepath.Join(dir, "teams", f.name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if f.old {
			os.Chtimes(p, hour, hour)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	removed := RemoveStaleTemps(root, "teams")
	want := []string{
		fmt.Sprintf("teams/.a.yaml.collab-tmp-%d-0123456789ab", dead.Process.Pid),
		"teams/.d.yaml.tmp-0123456789ab",
	}
	if diff := cmp.Diff(want, removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	left, _ := os.ReadDir(filepath.Join(dir, "teams"))
	var names []string
	for _, e := range left {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if len(names) != 6 {
		t.Errorf("left %v, want the 6 others", names)
	}
}
