package gitobj

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	gitobject "github.com/go-git/go-git/v5/plumbing/object"
	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/internal/gittest"
)

// goGitCommit decodes raw with go-git's object package, which gitstore used
// before DecodeCommit: the two must read every commit alike.
func goGitCommit(h plumbing.Hash, raw string) (*Commit, error) {
	obj := &plumbing.MemoryObject{}
	obj.SetType(plumbing.CommitObject)
	obj.Write([]byte(raw))
	c, err := gitobject.DecodeCommit(nil, obj)
	if err != nil {
		return nil, err
	}
	sig := func(s gitobject.Signature) Signature { return Signature{s.Name, s.Email, s.When} }
	return &Commit{Hash: h, TreeHash: c.TreeHash, ParentHashes: c.ParentHashes,
		Author: sig(c.Author), Committer: sig(c.Committer), Message: c.Message}, nil
}

// sameTime compares instants and zone offsets (time.FixedZone makes a new
// *Location each time).
var sameTime = cmp.Comparer(func(a, b time.Time) bool {
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(b) && oa == ob
})

// TestDecodeCommitAgainstGit decodes the commits of a history git made
// (merges, equal and out-of-order dates, signed-off messages, time zones,
// an extra header) and compares each with git log's fields, with go-git's
// decoding, and Encode with git's bytes.
func TestDecodeCommitAgainstGit(t *testing.T) {
	gittest.Hermetic(t)
	dir := gittest.NewRepo(t, nil)
	gittest.FastImport(t, dir, gittest.RandomHistory(7, 40, []string{"a.yaml", "b/c.yaml"}))
	env := func(date string) []string {
		return []string{"GIT_AUTHOR_DATE=" + date, "GIT_COMMITTER_DATE=" + date}
	}
	for i, date := range []string{"1700000000 +0530", "1700000100 -0800", "1700000200 -0030", "1700000300 +0000"} {
		gittest.Write(t, dir, "z.yaml", date)
		gittest.Run(t, dir, "add", "z.yaml")
		msg := []string{"-m", "zone " + date, "-m", "body line\n\nSigned-off-by: A <a@x>"}
		if i == 2 {
			msg = []string{"--allow-empty-message", "-m", ""}
		}
		cmd := append([]string{"-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q"}, msg...)
		if i != 3 {
			cmd = cmd[2:]
		}
		runEnv(t, dir, env(date), cmd...)
	}
	objects := catAll(t, dir)
	log := gittest.Lines(gittest.Run(t, dir, "log", "--all", "--format=%H%x00%T%x00%P%x00%an%x00%ae%x00%at%x00%ai%x00%cn%x00%ce%x00%ct%x00%ci"))
	if len(log) < 40 {
		t.Fatalf("%d commits", len(log))
	}
	for _, l := range log {
		f := strings.Split(l, "\x00")
		h := plumbing.NewHash(f[0])
		typ, raw, _ := strings.Cut(objects[h], " ")
		if typ != "commit" {
			t.Fatalf("%s is a %s", h, typ)
		}
		c, err := DecodeCommit(h, []byte(raw))
		if err != nil {
			t.Fatalf("DecodeCommit %s: %v", h, err)
		}
		var parents []string
		for _, p := range c.ParentHashes {
			parents = append(parents, p.String())
		}
		got := []string{c.Hash.String(), c.TreeHash.String(), strings.Join(parents, " "),
			c.Author.Name, c.Author.Email, unixTime(c.Author.When), c.Author.When.Format("2006-01-02 15:04:05 -0700"),
			c.Committer.Name, c.Committer.Email, unixTime(c.Committer.When), c.Committer.When.Format("2006-01-02 15:04:05 -0700")}
		if d := cmp.Diff(f, got); d != "" {
			t.Errorf("commit %s against git log (-git +DecodeCommit):\n%s", h, d)
		}
		// go-git read a zone of -00MM as +00MM; git and DecodeCommit do not.
		if !strings.Contains(raw, " -00") {
			want, err := goGitCommit(h, raw)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(want, c, sameTime); d != "" {
				t.Errorf("commit %s against go-git (-go-git +DecodeCommit):\n%s", h, d)
			}
		}
		if strings.Contains(raw, "\nencoding ") {
			continue // a header Encode does not write
		}
		if enc := string(c.Encode()); enc != raw {
			t.Errorf("Encode of %s:\n%q\nwant git's\n%q", h, enc, raw)
		}
	}
}

func unixTime(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func runEnv(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// TestDecodeCommitOddHeaders compares DecodeCommit with go-git's decoding
// on commits git would not write but a repository may hold: headers out of
// place, signatures and merge tags over several lines, no message, bad
// signature lines; and both refuse the same malformed commits.
func TestDecodeCommitOddHeaders(t *testing.T) {
	const tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
	const p1, p2 = "parent 1111111111111111111111111111111111111111\n", "parent 2222222222222222222222222222222222222222\n"
	const a, c = "author A U <a@x> 1700000000 +0200\n", "committer C O <c@x> 1700000500 -0700\n"
	for name, raw := range map[string]string{
		"plain":                tree + p1 + a + c + "\nmsg\n",
		"two parents":          tree + p1 + p2 + a + c + "\nmsg",
		"no newline at end":    tree + a + c,
		"no message":           tree + a + c + "\n",
		"signed":               tree + p1 + a + c + "gpgsig -----BEGIN PGP SIGNATURE-----\n \n abc\n -----END PGP SIGNATURE-----\n\nmsg\n",
		"merge tag":            tree + p1 + p2 + a + c + "mergetag object 1111111111111111111111111111111111111111\n type commit\n tag v1\n\nmerge\n",
		"parent after author":  tree + a + p1 + c + "\nmsg\n",
		"committer first":      tree + c + a + "\nmsg\n",
		"header before author": tree + "encoding latin1\n" + a + c + "\nmsg\n",
		"extra then author":    tree + a + "x-extra v\n" + c + "\nm\n",
		"no author":            tree + c + "\nm",
		"bad signatures":       tree + "author nobody\ncommitter B <b@x> notatime +0100\n\nm",
		"short zone":           tree + "author A <a@x> 1700000000 +01\ncommitter B <b@x>\n\nm",
		"reversed brackets":    tree + "author A >a@x< 1\n\nm",
		"blank after tree":     tree + "\n\nm",
		"tree only":            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
		"bad parent":           tree + "parent 12\n" + a + c + "\nm",
		"bad tree":             "tree xyz\n" + a + c + "\nm",
		"tree not first":       a + tree + c + "\nm",
		"blank first":          "\n" + tree + a + c + "\nm",
		"empty":                "",
	} {
		h := plumbing.ComputeHash(plumbing.CommitObject, []byte(raw))
		want, wantErr := goGitCommit(h, raw)
		got, err := DecodeCommit(h, []byte(raw))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, go-git's %v", name, err, wantErr)
			continue
		}
		if d := cmp.Diff(want, got, sameTime); d != "" {
			t.Errorf("%s (-go-git +DecodeCommit):\n%s", name, d)
		}
	}
}

// TestTagTargetAgainstGoGit compares TagTarget with go-git's tag decoding.
func TestTagTargetAgainstGoGit(t *testing.T) {
	const obj = "object 1111111111111111111111111111111111111111\n"
	for name, raw := range map[string]string{
		"annotated":       obj + "type commit\ntag v1\ntagger T <t@x> 1700000000 +0000\n\nmsg\n",
		"no tagger":       obj + "type commit\ntag v1\n\nmsg",
		"ends after type": obj + "type commit",
		"ends after obj":  strings.TrimSuffix(obj, "\n"),
		"missing type":    obj + "tag v1\n\nm",
		"bad type":        obj + "type nothing\ntag v1\n\nm",
		"type then blank": obj + "type commit\n\nm",
		"bad object":      "object 12\ntype commit\ntag v1\n",
		"empty":           "",
	} {
		h := plumbing.ComputeHash(plumbing.TagObject, []byte(raw))
		o := &plumbing.MemoryObject{}
		o.SetType(plumbing.TagObject)
		o.Write([]byte(raw))
		want, wantErr := gitobject.DecodeTag(nil, o)
		got, err := TagTarget(h, []byte(raw))
		if (err != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, go-git's %v", name, err, wantErr)
			continue
		}
		if err == nil && got != want.Target {
			t.Errorf("%s: target %s, go-git's %s", name, got, want.Target)
		}
	}
}
