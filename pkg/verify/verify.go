package verify

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/sshsig"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Diagnostic codes of collab verify.
const (
	CodeNotPermitted = "not-permitted"
	CodeUnreadable   = "unreadable-version"
	CodeUnsigned     = "unsigned"
)

// Range judges every commit of base..head that changes workspace files,
// with the commit's author as the actor, against the rules as they were at
// base: collab.yaml and the team files of base, so that a range cannot lower
// the bar it is judged by. Changes to collab.yaml and the teams in the range
// are judged too, like any other change. Each change the author may not
// make is an error naming the commit, the author, the change and who may.
func Range(repo *history.Repo, base, head history.Hash) (diag.List, error) {
	rules, err := rulesAt(repo, base)
	if err != nil {
		return nil, err
	}
	var out diag.List
	err = repo.Log(history.LogOptions{From: head, Hide: base}, func(rev *history.Revision) error {
		return judge(repo, rules, rev, &out)
	})
	return out, err
}

// rulesAt reads collab.yaml and the team files at commit h.
func rulesAt(repo *history.Repo, h history.Hash) (Rules, error) {
	r := Rules{Config: &model.Workspace{}, Teams: map[string]*model.Team{}}
	files, err := repo.Changes(history.Hash{}, h)
	if err != nil {
		return r, err
	}
	for _, f := range files {
		kind, id, _ := model.ParsePath(f.Path)
		if kind != model.KindWorkspace && kind != model.KindTeam {
			continue
		}
		data, err := repo.ReadBlob(f.New)
		if err != nil {
			return r, err
		}
		switch v := workspace.Decode(f.Path, data).(type) {
		case *model.Workspace:
			r.Config = v
		case *model.Team:
			r.Teams[id] = v
		}
	}
	return r, nil
}

// judge checks the changes of one commit.
func judge(repo *history.Repo, rules Rules, rev *history.Revision, out *diag.List) error {
	actor := rev.Author.Email
	if len(rev.Files) > 0 && workspace.SigningRequired(rules.Config, rules.Teams, actor) {
		if err := checkSignature(repo, rules, rev, out); err != nil {
			return err
		}
	}
	for _, fc := range rev.Files {
		newData, err := read(repo, fc.New)
		if err != nil {
			return err
		}
		if merged, err := fromAParent(repo, rev, fc.Path, newData); err != nil || merged {
			return err
		}
		oldData, err := read(repo, fc.Old)
		if err != nil {
			return err
		}
		old, new := decode(fc.Path, oldData), decode(fc.Path, newData)
		if newData != nil && new == nil {
			out.Add(fc.Path, 0, 0, diag.Warning, CodeUnreadable,
				"commit %s by %s: the file cannot be read at this commit, so its change is not judged (collab validate at that commit says why)",
				rev.Hash.Short(), author(rev))
			continue
		}
		r := rules
		if isMap(old) || isMap(new) {
			if r, err = withSubject(repo, rules, rev, old, new); err != nil {
				return err
			}
		}
		line := firstDifference(oldData, newData)
		for _, rf := range r.Check(fc.Path, old, new, actor) {
			out.Add(fc.Path, line, 1, diag.Error, CodeNotPermitted, "commit %s by %s: %s",
				rev.Hash.Short(), author(rev), rf.Message(actor))
		}
	}
	return nil
}

// checkSignature requires rev to carry a valid SSH signature by a key its
// author lists in the teams of BASE.
func checkSignature(repo *history.Repo, rules Rules, rev *history.Revision, out *diag.List) error {
	raw, err := repo.RawCommit(rev.Hash)
	if err != nil {
		return err
	}
	keys := workspace.SigningKeys(rules.Teams, rev.Author.Email)
	problem := ""
	payload, sig := sshsig.SplitCommit(raw)
	switch key, err := sshsig.Verify(sig, payload, sshsig.GitNamespace); {
	case sig == nil:
		problem = "is not signed"
	case err != nil:
		problem = "has a signature that does not verify (" + err.Error() + ")"
	case !slices.ContainsFunc(keys, func(k string) bool { return sshsig.SameKey(k, key) }):
		problem = fmt.Sprintf("is signed with a key that is not one of %s's signingKeys (%s)", rev.Author.Email, ssh.FingerprintSHA256(key))
	default:
		return nil
	}
	out.Add(rev.Files[0].Path, 0, 0, diag.Error, CodeUnsigned,
		"commit %s by %s %s: the workspace policy requires changes signed by their author (sign with git commit -S, gpg.format ssh, and a key listed in signingKeys; %d listed for %s)",
		rev.Hash.Short(), author(rev), problem, len(keys), rev.Author.Email)
	return nil
}

// firstDifference is the first line of new that differs from old (1-based),
// where a pull request annotation points; 0 when new is absent.
func firstDifference(old, new []byte) int {
	if new == nil {
		return 0
	}
	a, b := lines(old), lines(new)
	for i := range b {
		if i >= len(a) || a[i] != b[i] {
			return i + 1
		}
	}
	return len(b)
}

func lines(data []byte) []string {
	l := strings.SplitAfter(string(data), "\n")
	if l[len(l)-1] == "" {
		l = l[:len(l)-1]
	}
	return l
}

func author(rev *history.Revision) string {
	return fmt.Sprintf("%s <%s>", rev.Author.Name, rev.Author.Email)
}

func read(repo *history.Repo, h history.Hash) ([]byte, error) {
	if h.IsZero() {
		return nil, nil
	}
	return repo.ReadBlob(h)
}

func decode(p string, data []byte) any {
	if data == nil {
		return nil
	}
	return workspace.Decode(p, data)
}

// fromAParent: a merge that takes a file as one of its parents has it does
// not change it; that parent's own commits are judged where they were made.
func fromAParent(repo *history.Repo, rev *history.Revision, p string, data []byte) (bool, error) {
	if len(rev.Parents) < 2 {
		return false, nil
	}
	for _, parent := range rev.Parents[1:] {
		at, err := repo.ReadAt(parent, p)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, err
		}
		if (at == nil) == (data == nil) && bytes.Equal(at, data) {
			return true, nil
		}
	}
	return false, nil
}

func isMap(v any) bool {
	_, ok := v.(*model.StakeholderMap)
	return ok
}

// withSubject adds to the rules the agreement or goal a map is about, as it
// was before the commit (or as the commit adds it).
func withSubject(repo *history.Repo, rules Rules, rev *history.Revision, maps ...any) (Rules, error) {
	r := rules
	r.Agreements, r.Goals = map[string]*model.Agreement{}, map[string]*model.Goal{}
	for _, v := range maps {
		m, ok := v.(*model.StakeholderMap)
		if !ok {
			continue
		}
		kind, id, ok := model.SplitSubject(m.Spec.Subject)
		if !ok {
			continue
		}
		p := workspace.PathOf(kind, id)
		var data []byte
		var err error
		for _, at := range []history.Hash{rev.Base, rev.Hash} {
			if at.IsZero() {
				continue
			}
			if data, err = repo.ReadAt(at, p); !errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return r, err
		}
		switch s := workspace.Decode(p, data).(type) {
		case *model.Agreement:
			r.Agreements[id] = s
		case *model.Goal:
			r.Goals[id] = s
		}
	}
	return r, nil
}

// ParseRange reads "BASE..HEAD" (HEAD may be left out).
func ParseRange(s string) (base, head string, err error) {
	base, head, ok := strings.Cut(s, "..")
	if !ok || base == "" || strings.Contains(head, "..") || strings.HasPrefix(head, ".") {
		return "", "", fmt.Errorf("invalid range %q: use BASE..HEAD, e.g. origin/main..HEAD", s)
	}
	if head == "" {
		head = "HEAD"
	}
	return base, head, nil
}

// Revisions judges the range base..head (revisions as git reads them) of
// the repository holding the workspace at dir; see Range.
func Revisions(dir, base, head string) (diag.List, error) {
	root, err := workspace.Find(dir)
	if err != nil {
		return nil, err
	}
	repo, err := history.Open(root)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	b, err := repo.Resolve(base)
	if err != nil {
		return nil, err
	}
	h, err := repo.Resolve(head)
	if err != nil {
		return nil, err
	}
	return Range(repo, b, h)
}
