package change

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

// A write checks only the files its change can reach (workspace.Reach);
// what it refuses must be exactly what checking every file refuses.
func TestNarrowCheckRefusesWhatTheWholeCheckRefuses(t *testing.T) {
	files := wsgen.Files(150)
	// A parent chain g0004 -> g0003 -> g0002, so that giving g0002 the
	// parent g0004 closes a cycle through two files the change does not touch.
	files["goals/g0003.yaml"] = strings.Replace(files["goals/g0003.yaml"], "  status: active\n", "  status: active\n  parent: g0002\n", 1)
	files["goals/g0004.yaml"] = strings.Replace(files["goals/g0004.yaml"], "  status: active\n", "  status: active\n  parent: g0003\n", 1)
	dir := t.TempDir()
	if err := wsgen.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	edit := func(path, old, new string) File {
		src := files[path]
		if !strings.Contains(src, old) {
			t.Fatalf("%s holds no %q", path, old)
		}
		return File{Path: path, Data: []byte(strings.Replace(src, old, new, 1))}
	}
	cases := []struct {
		name string
		file File
		// elsewhere: the change causes errors in other files
		elsewhere bool
	}{
		{"parent cycle", edit("goals/g0002.yaml", "  status: active\n", "  status: active\n  parent: g0004\n"), true},
		{"member leaves a team", edit("teams/t002.yaml", "    - {email: p002-3@acme.example", "    - {email: p002-9@acme.example"), true},
		{"goal check-in", edit("goals/g0001.yaml", "current: 14", "current: 15"), false},
		{"id of another file", edit("agreements/a0002.yaml", "id: a0002,", "id: a0003,"), false},
		{"unreadable", edit("goals/g0005.yaml", "spec:", "spec: ["), false},
		{"new file", File{Path: "goals/g9999.yaml", Data: []byte(strings.ReplaceAll(files["goals/g0002.yaml"], "g0002", "g9999"))}, false},
		{"workspace policy", edit("collab.yaml", "kind:", "kind:"), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			refusedBy := func(narrow bool) diag.List {
				w, err := workspace.LoadCached(dir)
				if err != nil {
					t.Fatal(err)
				}
				defer w.Close()
				prev := map[string]onDisk{}
				data, err := os.ReadFile(filepath.Join(dir, tc.file.Path))
				prev[tc.file.Path] = onDisk{data, err == nil}
				opt, before := judge(w, []File{tc.file}, prev, model.Date("2026-03-10"), narrow)
				return refused(w, opt, before, &Result{})
			}
			whole, narrow := refusedBy(false), refusedBy(true)
			if d := cmp.Diff(whole, narrow); d != "" {
				t.Errorf("narrow check refuses otherwise (-whole +narrow):\n%s", d)
			}
			other := false
			for _, d := range whole {
				other = other || d.File != tc.file.Path
			}
			if other != tc.elsewhere {
				t.Errorf("errors in other files: %v, want %v: %v", other, tc.elsewhere, whole)
			}
		})
	}
}
