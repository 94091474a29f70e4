package history

import (
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/semdiff"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

func goalFile(id, status, title string) string {
	return "apiVersion: collab/v1\nkind: Goal\nmetadata:\n  id: " + id + "\n  title: " + title + "\nspec:\n  status: " + status + "\n"
}

// commitAt commits everything in dir with the given author, date and message.
func commitAt(t *testing.T, dir, author, date, msg string) string {
	t.Helper()
	t.Setenv("GIT_AUTHOR_NAME", author)
	t.Setenv("GIT_AUTHOR_EMAIL", strings.ToLower(author)+"@example.com")
	t.Setenv("GIT_AUTHOR_DATE", date)
	t.Setenv("GIT_COMMITTER_DATE", date)
	run(t, dir, "add", "-A")
	run(t, dir, "commit", "-q", "--allow-empty", "-m", msg)
	return strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
}

// openWS opens the workspace in the folder ws of the repository in dir.
func openWS(t *testing.T, dir string) *Repo {
	t.Helper()
	r, err := Open(filepath.Join(dir, "ws"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func hash(t *testing.T, s string) Hash {
	t.Helper()
	var h Hash
	if n, err := hex.Decode(h[:], []byte(s)); err != nil || n != len(h) {
		t.Fatalf("not a full hash: %q", s)
	}
	return h
}

// historyRepo is a workspace in the folder ws with a goal g that is added
// as draft, made active, edited by hand outside the workspace, and
// achieved; a team added; and a file collab does not read.
func historyRepo(t *testing.T) (dir string, commits []string) {
	hermetic(t)
	dir = newRepo(t, nil)
	write(t, dir, "ws/collab.yaml", "apiVersion: collab/v1\nkind: Workspace\nmetadata:\n  id: acme\n")
	write(t, dir, "ws/goals/g.yaml", goalFile("g", "draft", "Grow"))
	write(t, dir, "README", "x\n")
	commits = append(commits, commitAt(t, dir, "Ana", "2026-01-05T10:00:00Z", "Start"))
	write(t, dir, "ws/goals/g.yaml", goalFile("g", "active", "Grow"))
	commits = append(commits, commitAt(t, dir, "Bo", "2026-02-01T10:00:00Z", "goal(g): activate"))
	write(t, dir, "README", "y\n")
	write(t, dir, "ws/goals/notes.txt", "not an entity\n")
	commits = append(commits, commitAt(t, dir, "Cy", "2026-02-10T10:00:00Z", "Outside the entities"))
	write(t, dir, "ws/teams/sales.yaml", "apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: sales\n")
	write(t, dir, "ws/goals/g.yaml", goalFile("g", "achieved", "Grow"))
	commits = append(commits, commitAt(t, dir, "Di", "2026-03-01T10:00:00Z", "Achieved, and a team\n\nWith a body."))
	return dir, commits
}

func TestLog(t *testing.T) {
	dir, c := historyRepo(t)
	r := openWS(t, dir)
	type row struct {
		Hash, Base, Author, Subject string
		Date                        time.Time
		Files                       []FileChange
	}
	collect := func(opts LogOptions) []row {
		t.Helper()
		var out []row
		err := r.Log(opts, func(rev *Revision) error {
			out = append(out, row{rev.Hash.String(), rev.Base.String(), rev.Author.Name + " <" + rev.Author.Email + ">", rev.Subject, rev.Date.UTC(), rev.Files})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	blob := func(rev, p string) Hash { return hash(t, strings.TrimSpace(run(t, dir, "rev-parse", rev+":"+p))) }
	zero := Hash{}.String()
	g := Entity{Kind: model.KindGoal, ID: "g"}
	want := []row{
		{c[3], c[2], "Di <di@example.com>", "Achieved, and a team", time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC),
			[]FileChange{{Path: "goals/g.yaml", Old: blob(c[1], "ws/goals/g.yaml"), New: blob(c[3], "ws/goals/g.yaml")}}},
		{c[1], c[0], "Bo <bo@example.com>", "goal(g): activate", time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC),
			[]FileChange{{Path: "goals/g.yaml", Old: blob(c[0], "ws/goals/g.yaml"), New: blob(c[1], "ws/goals/g.yaml")}}},
		{c[0], zero, "Ana <ana@example.com>", "Start", time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC),
			[]FileChange{{Path: "goals/g.yaml", New: blob(c[0], "ws/goals/g.yaml")}}},
	}
	if diff := cmp.Diff(want, collect(LogOptions{Entity: &g})); diff != "" {
		t.Errorf("log of goal g (-want +got):\n%s", diff)
	}
	// The workspace: as git log -- ws/collab.yaml ws/goals ..., so the
	// commit that changed a file in goals/ that is not an entity is listed,
	// with no entity files.
	want[0].Files = []FileChange{want[0].Files[0], {Path: "teams/sales.yaml", New: blob(c[3], "ws/teams/sales.yaml")}}
	want[2].Files = []FileChange{{Path: "collab.yaml", New: blob(c[0], "ws/collab.yaml")}, want[2].Files[0]}
	other := row{c[2], c[1], "Cy <cy@example.com>", "Outside the entities", time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC), []FileChange{}}
	want = []row{want[0], other, want[1], want[2]}
	if diff := cmp.Diff(want, collect(LogOptions{})); diff != "" {
		t.Errorf("log of the workspace (-want +got):\n%s", diff)
	}
	// The range c[1]..HEAD, a walk from an older commit, a limit.
	if diff := cmp.Diff(want[:2], collect(LogOptions{Hide: hash(t, c[1])})); diff != "" {
		t.Errorf("log of %s..HEAD (-want +got):\n%s", c[1][:7], diff)
	}
	if diff := cmp.Diff(want[2:], collect(LogOptions{From: hash(t, c[1])})); diff != "" {
		t.Errorf("log from %s (-want +got):\n%s", c[1][:7], diff)
	}
	if diff := cmp.Diff(want[:1], collect(LogOptions{Max: 1})); diff != "" {
		t.Errorf("log -n 1 (-want +got):\n%s", diff)
	}
	// Until passes over the commits authored after it, and goes on to
	// older ones; a commit authored at Until is listed.
	if diff := cmp.Diff(want[1:], collect(LogOptions{Until: time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC)})); diff != "" {
		t.Errorf("log until 2026-02-10 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[1:2], collect(LogOptions{Until: time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC), Max: 1})); diff != "" {
		t.Errorf("log -n 1 until 2026-02-10 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want[2:3], collect(LogOptions{Since: time.Date(2026, 1, 6, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC)})); diff != "" {
		t.Errorf("log from 2026-01-06 until 2026-02-09 (-want +got):\n%s", diff)
	}
}

func TestEntityLogAndBecame(t *testing.T) {
	dir, c := historyRepo(t)
	r := openWS(t, dir)
	g := Entity{Kind: model.KindGoal, ID: "g"}
	log, err := r.EntityLog(g, LogOptions{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Hash, Change, Status string }
	var got []row
	for _, ch := range log {
		s := ""
		if ch.Diff.Status != nil {
			s = ch.Diff.Status.From + " -> " + ch.Diff.Status.To
		}
		got = append(got, row{ch.Hash.String(), ch.Diff.Change, s})
	}
	want := []row{{c[3], semdiff.Modified, "active -> achieved"}, {c[1], semdiff.Modified, "draft -> active"}, {c[0], semdiff.Added, ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("EntityLog (-want +got):\n%s", diff)
	}
	for status, want := range map[string]string{"achieved": c[3], "active": c[1], "draft": c[0], "cancelled": ""} {
		ch, err := r.Became(g, status)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if ch != nil {
			got = ch.Hash.String()
		}
		if got != want {
			t.Errorf("Became(%s) = %q; want %q", status, got, want)
		}
	}
}

func TestChangesAndDiff(t *testing.T) {
	dir, c := historyRepo(t)
	r := openWS(t, dir)
	changes, err := r.Changes(hash(t, c[1]), hash(t, c[3]))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, ch := range changes {
		paths = append(paths, ch.Path)
	}
	if diff := cmp.Diff([]string{"goals/g.yaml", "teams/sales.yaml"}, paths); diff != "" {
		t.Errorf("Changes (-want +got):\n%s", diff)
	}
	entities, err := r.Diff(hash(t, c[1]), hash(t, c[3]))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entities {
		got = append(got, e.Name()+" "+e.Change)
	}
	if diff := cmp.Diff([]string{"goal g modified", "team sales added"}, got); diff != "" {
		t.Errorf("Diff (-want +got):\n%s", diff)
	}

	// The work tree: an edit, a new file, a removed one, an empty one.
	write(t, dir, "ws/goals/g.yaml", goalFile("g", "cancelled", "Grow"))
	write(t, dir, "ws/goals/h.yaml", goalFile("h", "draft", "New"))
	write(t, dir, "ws/maps/empty.yaml", "")
	if err := os.Remove(filepath.Join(dir, "ws/teams/sales.yaml")); err != nil {
		t.Fatal(err)
	}
	entities, err = r.DiffWorkTree(hash(t, c[3]))
	if err != nil {
		t.Fatal(err)
	}
	got = nil
	for _, e := range entities {
		got = append(got, e.Name()+" "+e.Change)
	}
	want := []string{"goal g modified", "goal h added", "map empty added", "team sales removed"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DiffWorkTree (-want +got):\n%s", diff)
	}
	if s := entities[0].Status; s == nil || s.To != "cancelled" {
		t.Errorf("goal g status = %+v; want -> cancelled", s)
	}
}

func TestReadAndFind(t *testing.T) {
	dir, c := historyRepo(t)
	r := openWS(t, dir)
	for _, tc := range []struct{ rev, path, want string }{
		{"HEAD", "goals/g.yaml", goalFile("g", "achieved", "Grow")},
		{"HEAD~2", "goals/g.yaml", goalFile("g", "active", "Grow")},
		{"main^^^", "goals/g.yaml", goalFile("g", "draft", "Grow")},
		{c[3][:7], "teams/sales.yaml", "apiVersion: collab/v1\nkind: Team\nmetadata:\n  id: sales\n"},
	} {
		h, err := r.Resolve(tc.rev)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.ReadAt(h, tc.path)
		if err != nil || string(got) != tc.want {
			t.Errorf("ReadAt(%s, %s) = %q, %v; want %q", tc.rev, tc.path, got, err, tc.want)
		}
	}
	first := hash(t, c[0])
	for _, p := range []string{"teams/sales.yaml", "goals", "README"} {
		if _, err := r.ReadAt(first, p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadAt(%s, %s): %v; want fs.ErrNotExist", c[0][:7], p, err)
		}
	}
	if _, err := r.Resolve("nowhere"); err == nil || !strings.Contains(err.Error(), `unknown revision "nowhere"`) {
		t.Errorf("Resolve(nowhere) = %v", err)
	}

	// Find: the work tree first, then HEAD for a removed entity.
	if err := os.Remove(filepath.Join(dir, "ws/teams/sales.yaml")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "ws/maps/g.yaml", "x\n")
	kinds := []model.Kind{model.KindAgreement, model.KindGoal, model.KindTeam, model.KindStakeholderMap}
	for id, want := range map[string]Entity{"g": {model.KindGoal, "g"}, "sales": {model.KindTeam, "sales"}, "nope": {}} {
		e, ok, err := r.Find(id, kinds)
		if err != nil || e != want || ok != (want != Entity{}) {
			t.Errorf("Find(%s) = %v, %v, %v; want %v", id, e, ok, err, want)
		}
	}
}

func TestMergeBase(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, map[string]string{"ws/collab.yaml": "a\n"})
	first := strings.TrimSpace(run(t, dir, "rev-parse", "HEAD"))
	run(t, dir, "checkout", "-q", "-b", "feature")
	write(t, dir, "ws/goals/g.yaml", "g\n")
	feature := commitAt(t, dir, "Ana", "2026-01-05T10:00:00Z", "feature")
	run(t, dir, "checkout", "-q", "main")
	write(t, dir, "ws/goals/h.yaml", "h\n")
	main := commitAt(t, dir, "Bo", "2026-01-06T10:00:00Z", "main")
	r := openWS(t, dir)
	if base, err := r.MergeBase(hash(t, main), hash(t, feature)); err != nil || base.String() != first {
		t.Errorf("MergeBase = %s, %v; want %s", base, err, first)
	}
	run(t, dir, "checkout", "-q", "--orphan", "other")
	write(t, dir, "b.txt", "b\n")
	other := commitAt(t, dir, "Cy", "2026-01-07T10:00:00Z", "unrelated")
	if _, err := r.MergeBase(hash(t, main), hash(t, other)); !errors.Is(err, ErrNoMergeBase) {
		t.Errorf("MergeBase of unrelated commits: %v; want ErrNoMergeBase", err)
	}
}

func TestNoCommits(t *testing.T) {
	hermetic(t)
	dir := newRepo(t, nil)
	write(t, dir, "ws/collab.yaml", "a\n")
	r := openWS(t, dir)
	if _, err := r.Resolve("HEAD"); !errors.Is(err, ErrNoCommits) {
		t.Errorf("Resolve(HEAD) on an unborn branch: %v; want ErrNoCommits", err)
	}
	if err := r.Log(LogOptions{}, func(*Revision) error { return nil }); !errors.Is(err, ErrNoCommits) {
		t.Errorf("Log on an unborn branch: %v; want ErrNoCommits", err)
	}
	if _, ok, err := r.Find("g", []model.Kind{model.KindGoal}); ok || err != nil {
		t.Errorf("Find on an unborn branch = %v, %v; want false, nil", ok, err)
	}
}

// TestOversizedBlob: a version over the size cap, committed by git as a
// loose object and then packed, is reported, not read: ReadAt names it,
// and diff and log carry it as the entity's error. Without the check from
// the object's header, each read would allocate the whole blob.
func TestOversizedBlob(t *testing.T) {
	dir, _ := historyRepo(t)
	const size = 24 << 20
	big := goalFile("g", "achieved", "Grow") + "# " + strings.Repeat("x", size) + "\n"
	write(t, dir, "ws/goals/g.yaml", big)
	commitAt(t, dir, "Ed", "2026-03-02T10:00:00Z", "A huge comment")
	write(t, dir, "ws/goals/g.yaml", goalFile("g", "achieved", "Grown"))
	commitAt(t, dir, "Fa", "2026-03-03T10:00:00Z", "Back to normal")
	wantErr := "line 1: file is " + strconv.Itoa(len(big)) + " bytes, over the " + strconv.Itoa(yamldoc.MaxSize) + " byte limit; split it or shorten it"
	for _, packed := range []bool{false, true} {
		if packed {
			run(t, dir, "gc", "-q")
		}
		r := openWS(t, dir)
		g := Entity{Kind: model.KindGoal, ID: "g"}
		var got []string
		alloc := allocated(t, func() {
			log, err := r.EntityLog(g, LogOptions{Max: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, ch := range log {
				got = append(got, ch.Subject+": "+ch.Diff.Error)
			}
		})
		want := []string{"Back to normal: old version: " + wantErr, "A huge comment: new version: " + wantErr}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("packed %v: log (-want +got):\n%s", packed, diff)
		}
		if alloc > size/4 {
			t.Errorf("packed %v: the log allocated %d bytes for a %d-byte version it does not read", packed, alloc, size)
		}
		h, err := r.Resolve("HEAD~1")
		if err != nil {
			t.Fatal(err)
		}
		var se *safefile.SizeError
		if _, err := r.ReadAt(h, g.Path()); !errors.As(err, &se) || se.Path != "goals/g.yaml" || se.Size != int64(len(big)) {
			t.Errorf("packed %v: ReadAt of the big version: %v; want a SizeError for goals/g.yaml", packed, err)
		}
		entities, err := r.DiffWorkTree(h)
		if err != nil {
			t.Fatal(err)
		}
		if len(entities) != 1 || entities[0].Error != "old version: "+wantErr {
			t.Errorf("packed %v: DiffWorkTree = %+v", packed, entities)
		}
	}
	// The work tree over the cap.
	write(t, dir, "ws/goals/g.yaml", big)
	r := openWS(t, dir)
	head, err := r.Resolve("HEAD")
	if err != nil {
		t.Fatal(err)
	}
	entities, err := r.DiffWorkTree(head)
	if err != nil {
		t.Fatal(err)
	}
	if len(entities) != 1 || entities[0].Error != "new version: "+wantErr {
		t.Errorf("DiffWorkTree with a big work tree file = %+v", entities)
	}
}

// allocated is the number of bytes fn allocates.
func allocated(t *testing.T, fn func()) uint64 {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestStatusCached: Status reads a version's status as semdiff.Status
// does, and keeps the parsed version in the parse cache: a command after
// the first parses nothing again.
func TestStatusCached(t *testing.T) {
	dir, commits := historyRepo(t)
	var parsed []string
	parsedHook = func(rel string, h Hash) { parsed = append(parsed, rel+"@"+h.Short()) }
	defer func() { parsedHook = nil }()
	statuses := func() []string {
		r, err := Open(filepath.Join(dir, "ws"))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		var out []string
		for _, c := range commits {
			h, err := r.blobAt(hash(t, c), "goals/g.yaml")
			if err != nil {
				t.Fatal(err)
			}
			b, err := r.ReadBlob(h)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := r.Status("goals/g.yaml", h), semdiff.Status("goals/g.yaml", b); got != want {
				t.Errorf("%s: Status %q, semdiff.Status %q", c, got, want)
			}
			out = append(out, r.Status("goals/g.yaml", h))
		}
		return append(out, r.Status("goals/g.yaml", Hash{}))
	}
	want := []string{"draft", "active", "active", "achieved", ""}
	if d := cmp.Diff(want, statuses()); d != "" {
		t.Errorf("statuses (-want +got):\n%s", d)
	}
	if len(parsed) != 3 {
		t.Errorf("first command parsed %v, want the 3 versions", parsed)
	}
	parsed = nil
	if d := cmp.Diff(want, statuses()); d != "" {
		t.Errorf("statuses again (-want +got):\n%s", d)
	}
	if len(parsed) != 0 {
		t.Errorf("second command parsed %v, want none", parsed)
	}
}
