package status

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/collab-tools/collab/internal/gittest"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/workspace"
)

// eventsByReading is Events as it was before it knew the work tree's
// versions: every version is read and parsed. The tests compare Events
// with it.
func eventsByReading(r *history.Repo, src Sources, since, until time.Time) ([]Event, error) {
	type target struct{ kind, status, id string }
	want := map[string]target{}
	for id, g := range src.Goals {
		if g.Spec.Status == model.GoalAchieved {
			want[workspace.PathOf(model.KindGoal, id)] = target{KindAchieved, model.GoalAchieved, id}
		}
	}
	for id, a := range src.Agreements {
		if a.Spec.Status == model.AgreementActive {
			want[workspace.PathOf(model.KindAgreement, id)] = target{KindActive, model.AgreementActive, id}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	status := func(path string, h history.Hash) string {
		if h.IsZero() {
			return ""
		}
		b, err := r.ReadBlob(h)
		if err != nil {
			return ""
		}
		return semdiff.Status(path, b)
	}
	var out []Event
	err := r.Log(history.LogOptions{Since: since, Until: until}, func(rev *history.Revision) error {
		for _, f := range rev.Files {
			t, ok := want[f.Path]
			if !ok || status(f.Path, f.New) != t.status || status(f.Path, f.Old) == t.status {
				continue
			}
			out = append(out, Event{Kind: t.kind, ID: t.id, Date: model.DateOf(rev.Date), By: rev.Author.Email})
			delete(want, f.Path)
		}
		if len(want) == 0 {
			return history.ErrStop
		}
		return nil
	})
	if errors.Is(err, history.ErrNoCommits) {
		err = nil
	}
	return out, err
}

func goalYAML(id, status, title string) string {
	return "apiVersion: collab/v1\nkind: Goal\nmetadata:\n  id: " + id + "\n  title: " + title + "\nspec:\n  status: " + status + "\n"
}

func agreementYAML(id, status string) string {
	return "apiVersion: collab/v1\nkind: Agreement\nmetadata:\n  id: " + id + "\n  title: Agreement " + id +
		"\nspec:\n  status: " + status + "\n  owner: pat@acme.example\n  parties:\n    - {team: sales, owner: pat@acme.example}\n" +
		"  purpose: Purpose of " + id + ".\n"
}

// eventRepo is a repository whose work tree root holds a workspace (in the
// folder ws when sub), with collab.yaml committed.
func eventRepo(t *testing.T, sub bool) (dir, ws string) {
	t.Helper()
	gittest.Hermetic(t)
	dir = gittest.NewRepo(t, nil)
	ws = dir
	if sub {
		ws = filepath.Join(dir, "ws")
	}
	gittest.Write(t, ws, "collab.yaml", "apiVersion: collab/v1\nkind: Workspace\nmetadata:\n  id: acme\n  title: Acme\n")
	gittest.Write(t, ws, "teams/sales.yaml", "apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: sales\n  title: Sales\n")
	return dir, ws
}

// commitDated commits what is staged (everything when all) as author on date.
func commitDated(t *testing.T, dir, author, date string, all bool) {
	t.Helper()
	t.Setenv("GIT_AUTHOR_EMAIL", author)
	t.Setenv("GIT_AUTHOR_DATE", date)
	t.Setenv("GIT_COMMITTER_DATE", date)
	if all {
		gittest.Run(t, dir, "add", "-A")
	}
	gittest.Run(t, dir, "commit", "-q", "--allow-empty", "-m", "at "+date)
}

// checkEvents loads the workspace in ws and compares Events, given the
// workspace's files and not, with eventsByReading; it returns the events
// and how many versions Events asked history for.
func checkEvents(t *testing.T, ws string) ([]Event, int) {
	t.Helper()
	w, err := workspace.Load(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer w.FS.Close()
	r, err := history.Open(ws)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	src := Sources{Goals: w.Goals, Agreements: w.Agreements}
	since, until := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	want, err := eventsByReading(r, src, since, until)
	if err != nil {
		t.Fatal(err)
	}
	var asked atomic.Int64
	versionAsked = func(string, history.Hash) { asked.Add(1) }
	defer func() { versionAsked = nil }()
	src.Files = w.Files
	got, err := Events(r, src, since, until)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Events with the work tree (-by reading +got):\n%s", d)
	}
	n := int(asked.Load())
	src.Files = nil
	got, err = Events(r, src, since, until)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Events without the work tree (-by reading +got):\n%s", d)
	}
	return want, n
}

func TestEventsBackAndForth(t *testing.T) {
	for _, sub := range []bool{false, true} {
		t.Run(fmt.Sprint("sub=", sub), func(t *testing.T) {
			dir, ws := eventRepo(t, sub)
			steps := []struct{ g, h, a string }{
				{"draft", "active", "proposed"},
				{"achieved", "active", "active"},
				{"active", "achieved", "proposed"},
				{"achieved", "achieved", "active"},
				{"achieved", "dropped", "active"}, // g unchanged, h changes
			}
			for i, s := range steps {
				gittest.Write(t, ws, "goals/g.yaml", goalYAML("g", s.g, "Grow"))
				gittest.Write(t, ws, "goals/h.yaml", goalYAML("h", s.h, "Hold"))
				gittest.Write(t, ws, "agreements/a.yaml", agreementYAML("a", s.a))
				commitDated(t, dir, fmt.Sprintf("p%d@acme.example", i), fmt.Sprintf("2026-01-%02dT10:00:00Z", i+1), true)
			}
			// h is achieved again in the work tree only.
			gittest.Write(t, ws, "goals/h.yaml", goalYAML("h", "achieved", "Hold"))
			settle(t, dir)
			got, _ := checkEvents(t, ws)
			want := []Event{
				{Kind: KindAchieved, ID: "g", Date: model.DateOf(time.Date(2026, 1, 4, 10, 0, 0, 0, time.UTC)), By: "p3@acme.example"},
				{Kind: KindActive, ID: "a", Date: model.DateOf(time.Date(2026, 1, 4, 10, 0, 0, 0, time.UTC)), By: "p3@acme.example"},
				{Kind: KindAchieved, ID: "h", Date: model.DateOf(time.Date(2026, 1, 3, 10, 0, 0, 0, time.UTC)), By: "p2@acme.example"},
			}
			if d := cmp.Diff(want, got, sortEvents); d != "" {
				t.Errorf("events (-want +got):\n%s", d)
			}
		})
	}
}

var sortEvents = cmpopts.SortSlices(func(a, b Event) bool { return fmt.Sprint(a) < fmt.Sprint(b) })

// settle waits until files written now are older than an index git
// writes next, then refreshes the index: no entry is racily clean.
func settle(t *testing.T, dir string) {
	t.Helper()
	time.Sleep(20 * time.Millisecond)
	gittest.Run(t, dir, "update-index", "-q", "--refresh")
}

func TestEventsRenamesMergesStaged(t *testing.T) {
	dir, ws := eventRepo(t, false)
	gittest.Write(t, ws, "goals/old.yaml", goalYAML("old", "achieved", "Old"))
	gittest.Write(t, ws, "goals/m.yaml", goalYAML("m", "active", "Merged"))
	gittest.Write(t, ws, "goals/s.yaml", goalYAML("s", "active", "Staged"))
	gittest.Write(t, ws, "goals/gone.yaml", goalYAML("gone", "achieved", "Gone"))
	gittest.Write(t, ws, "goals/cached.yaml", goalYAML("cached", "achieved", "Cached"))
	commitDated(t, dir, "a@acme.example", "2026-02-01T10:00:00Z", true)
	// A rename keeps the content: the new path is added achieved.
	gittest.Run(t, dir, "mv", "goals/old.yaml", "goals/new.yaml")
	commitDated(t, dir, "b@acme.example", "2026-02-02T10:00:00Z", false)
	// m is achieved on a side branch and merged.
	gittest.Run(t, dir, "checkout", "-q", "-b", "side")
	gittest.Write(t, ws, "goals/m.yaml", goalYAML("m", "achieved", "Merged"))
	commitDated(t, dir, "c@acme.example", "2026-02-03T10:00:00Z", true)
	gittest.Run(t, dir, "checkout", "-q", "main")
	gittest.Write(t, ws, "agreements/a.yaml", agreementYAML("a", "active"))
	commitDated(t, dir, "d@acme.example", "2026-02-04T10:00:00Z", true)
	t.Setenv("GIT_COMMITTER_DATE", "2026-02-05T10:00:00Z")
	gittest.Run(t, dir, "merge", "-q", "--no-ff", "-m", "merge side", "side")
	// s is achieved and staged, not committed; gone is deleted from the
	// work tree; cached is removed from the index only.
	gittest.Write(t, ws, "goals/s.yaml", goalYAML("s", "achieved", "Staged"))
	gittest.Run(t, dir, "add", "goals/s.yaml")
	if err := os.Remove(filepath.Join(ws, "goals/gone.yaml")); err != nil {
		t.Fatal(err)
	}
	gittest.Run(t, dir, "rm", "-q", "--cached", "goals/cached.yaml")
	settle(t, dir)
	got, _ := checkEvents(t, ws)
	if len(got) != 4 {
		t.Errorf("want events of new, m, a and cached, got %v", got)
	}
}

// TestEventsRacy: a file rewritten by hand with the same size in the tick
// its index entry was written has stat data equal to the entry's; only
// git's racy rule tells that it may have changed, and Events must read the
// version committed rather than take the work tree's status for it.
func TestEventsRacy(t *testing.T) {
	dir, ws := eventRepo(t, false)
	committed, edited := goalYAML("g", "active", "Grow12"), goalYAML("g", "achieved", "Grow")
	if len(committed) != len(edited) {
		t.Fatal("the two versions must have one size")
	}
	gittest.Write(t, ws, "goals/g.yaml", committed)
	commitDated(t, dir, "a@acme.example", "2026-02-01T10:00:00Z", true)
	p := filepath.Join(ws, "goals/g.yaml")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	// The file is written in place (same inode) and given its old time;
	// the index is given that time too, as on a file system whose clock
	// ticks in whole seconds.
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(edited); err != nil {
		t.Fatal(err)
	}
	f.Close()
	for _, q := range []string{p, filepath.Join(dir, ".git", "index")} {
		if err := os.Chtimes(q, fi.ModTime(), fi.ModTime()); err != nil {
			t.Fatal(err)
		}
	}
	ls := gittest.Run(t, dir, "ls-files", "--debug", "goals/g.yaml")
	if !strings.Contains(ls, fmt.Sprintf("mtime: %d:%d", fi.ModTime().Unix(), fi.ModTime().Nanosecond())) {
		t.Fatalf("the index entry's time is not the file's:\n%s", ls)
	}
	got, n := checkEvents(t, ws)
	if len(got) != 0 || n != 1 {
		t.Errorf("want no event and the committed version read, got %v and %d read", got, n)
	}
}

// TestEventsImportParsesNothing: a workspace committed in one commit, its
// files unchanged since, has every event from that commit without a
// version read or parsed: the new versions are the work tree's, the old
// ones absent.
func TestEventsImportParsesNothing(t *testing.T) {
	dir, ws := eventRepo(t, true)
	for i := range 40 {
		gittest.Write(t, ws, fmt.Sprintf("goals/g%d.yaml", i), goalYAML(fmt.Sprintf("g%d", i), "achieved", "Goal"))
		gittest.Write(t, ws, fmt.Sprintf("agreements/a%d.yaml", i), agreementYAML(fmt.Sprintf("a%d", i), "active"))
	}
	commitDated(t, dir, "a@acme.example", "2026-02-01T10:00:00Z", true)
	settle(t, dir)
	got, n := checkEvents(t, ws)
	if len(got) != 80 {
		t.Errorf("want 80 events, got %d", len(got))
	}
	if n != 0 {
		t.Errorf("%d versions read, want none", n)
	}
	// A later commit that achieves one more goal reads the version before
	// it, and nothing else.
	gittest.Write(t, ws, "goals/late.yaml", goalYAML("late", "draft", "Late"))
	commitDated(t, dir, "b@acme.example", "2026-02-02T10:00:00Z", true)
	gittest.Write(t, ws, "goals/late.yaml", goalYAML("late", "achieved", "Late"))
	commitDated(t, dir, "c@acme.example", "2026-02-03T10:00:00Z", true)
	settle(t, dir)
	got, n = checkEvents(t, ws)
	if len(got) != 81 || n != 1 {
		t.Errorf("want 81 events and 1 version read, got %d and %d", len(got), n)
	}
}
