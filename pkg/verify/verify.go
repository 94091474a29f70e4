package verify

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/ghreview"
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
	CodeReview       = "review-not-confirmed"
)

// Options are how a range is verified.
type Options struct {
	// GitHub, when set, confirms acceptances given by approving a pull
	// request (commits with review trailers) through the GitHub API.
	// Without it they are judged like any other change, with the commit's
	// author (a CI bot) as the actor, and so reported.
	GitHub *ghreview.Client
	// Repository, OWNER/REPO, is the repository whose reviews count
	// (GITHUB_REPOSITORY in GitHub Actions); empty accepts any.
	Repository string
	Context    context.Context
}

// EnvOptions are the options of a run in GitHub Actions: with github set,
// the API client of ghreview.FromEnv and GITHUB_REPOSITORY.
func EnvOptions(github bool) Options {
	if !github {
		return Options{}
	}
	return Options{GitHub: ghreview.FromEnv(), Repository: os.Getenv("GITHUB_REPOSITORY")}
}

// Range judges every commit of base..head that changes workspace files,
// with the commit's author as the actor, against the rules as they were at
// base: collab.yaml and the team files of base, so that a range cannot lower
// the bar it is judged by. Changes to collab.yaml and the teams in the range
// are judged too, like any other change. Each change the author may not
// make is an error naming the commit, the author, the change and who may.
func Range(repo *history.Repo, base, head history.Hash, opts Options) (diag.List, error) {
	return judgeRange(repo, base, head, opts, -1, maxVersions)
}

// judgeRange is Range with workers goroutines judging beside the caller's
// (-1: as many as there are cores, or none with opts.GitHub) and at most
// keep versions kept read and decoded (0: each read afresh).
func judgeRange(repo *history.Repo, base, head history.Hash, opts Options, workers, keep int) (diag.List, error) {
	j, err := newJudge(repo, base, opts, keep)
	if err != nil {
		return nil, err
	}
	if workers < 0 {
		workers = j.workers()
	}
	err = j.run(history.LogOptions{From: head, Hide: base}, workers)
	return j.out, err
}

// newJudge is the judge of ranges from base, keeping at most keep versions.
func newJudge(repo *history.Repo, base history.Hash, opts Options, keep int) (*judge, error) {
	rules, err := rulesAt(repo, base)
	if err != nil {
		return nil, err
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	return &judge{repo: repo, base: base, rules: rules, opts: opts, reviews: map[string]*ghreview.Review{},
		versions: newVersions(repo, keep)}, nil
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

// judge holds what a range is judged by, and the findings.
type judge struct {
	repo    *history.Repo
	base    history.Hash
	rules   Rules
	opts    Options
	reviews map[string]*ghreview.Review // by URL: each read once
	// versions are the file versions read and decoded so far.
	versions *versions
	out      diag.List
}

// commit checks the changes of one commit, adding its findings to out.
// Commits may be checked at the same time: it only reads j, except for
// the reviews confirm caches, which a run asking the GitHub API checks in
// order.
func (j *judge) commit(rev *history.Revision, out *diag.List) error {
	repo, rules, vs := j.repo, j.rules, j.versions
	actor := rev.Author.Email
	review, reviewed := agreement.ReviewOf(rev.Message)
	if len(rev.Files) > 0 && workspace.SigningRequired(rules.Config, rules.Teams, actor) {
		if err := checkSignature(repo, rules, rev, out); err != nil {
			return err
		}
	}
	for _, fc := range rev.Files {
		merged, err := fromAParent(vs, rev, fc)
		if err != nil {
			return err
		}
		if merged {
			continue // the merge's other files may still be resolutions to judge
		}
		// Both versions decoded before (this run or the parse cache) need
		// no read: they were read, within the size cap, and decoded.
		old, oldOK := vs.cached(fc.Path, fc.Old)
		new, newOK := vs.cached(fc.Path, fc.New)
		if !oldOK || !newOK {
			newData, err := vs.read(fc.Path, fc.New)
			if err != nil {
				return err
			}
			if _, err := vs.read(fc.Path, fc.Old); err != nil {
				return err
			}
			old, new = vs.decoded(fc.Path, fc.Old), vs.decoded(fc.Path, fc.New)
			if newData != nil && new == nil {
				out.Add(fc.Path, 0, 0, diag.Warning, CodeUnreadable,
					"commit %s by %s: the file cannot be read at this commit, so its change is not judged (collab validate at that commit says why)",
					rev.Hash.Short(), author(rev))
				continue
			}
		}
		r := rules
		if isMap(old) || isMap(new) {
			if r, err = withSubject(vs, rules, rev, old, new); err != nil {
				return err
			}
		}
		// The line a finding points at: the versions are read only for one.
		line := sync.OnceValue(func() int {
			oldData, err1 := vs.read(fc.Path, fc.Old)
			newData, err2 := vs.read(fc.Path, fc.New)
			if err1 != nil || err2 != nil {
				return 0
			}
			return firstDifference(oldData, newData)
		})
		reviewer, note := "", ""
		if reviewed && len(acceptancesBy(old, new, review.By)) > 0 {
			switch problem, err := j.confirm(rev, fc.Path, old, new, review); {
			case err != nil:
				return err
			case problem == "" && j.opts.GitHub != nil:
				reviewer = review.By
			case problem != "":
				out.Add(fc.Path, line(), 1, diag.Error, CodeReview, "commit %s by %s records the acceptance of %s as approved in %s, but %s",
					rev.Hash.Short(), author(rev), review.By, review.URL, problem)
			default:
				note = fmt.Sprintf(" (the commit names %s as %s's approval: collab verify --github confirms it through the GitHub API)", review.URL, review.By)
			}
		}
		for _, rf := range r.CheckReviewed(fc.Path, old, new, actor, reviewer) {
			out.Add(fc.Path, line(), 1, diag.Error, CodeNotPermitted, "commit %s by %s: %s%s",
				rev.Hash.Short(), author(rev), rf.Message(actor), note)
		}
		if o, n := as[model.Agreement](old), as[model.Agreement](new); o != nil && n != nil {
			err := succession(o, n, func(id string) *model.Agreement {
				p := workspace.PathOf(model.KindAgreement, id)
				_, h, err := vs.readAt(rev.Hash, p)
				if err != nil {
					return nil
				}
				a, _ := vs.decoded(p, h).(*model.Agreement)
				return a
			})
			if err != nil {
				out.Add(fc.Path, line(), 1, diag.Error, CodeNotPermitted, "commit %s by %s: %v", rev.Hash.Short(), author(rev), err)
			}
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
		problem = fmt.Sprintf("is signed with a key that is not one of %s's signingKeys (%s)", rev.Author.Email, sshsig.FingerprintSHA256(key))
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

func decode(p string, data []byte) any {
	if data == nil {
		return nil
	}
	return workspace.Decode(p, data)
}

// fromAParent: a merge that takes a file as one of its parents has it does
// not change it; that parent's own commits are judged where they were made.
// Versions are compared by blob id, which names their content.
func fromAParent(vs *versions, rev *history.Revision, fc history.FileChange) (bool, error) {
	if len(rev.Parents) < 2 {
		return false, nil
	}
	for _, parent := range rev.Parents[1:] {
		h, err := vs.repo.VersionAt(parent, fc.Path)
		if err != nil {
			return false, err
		}
		if h == fc.New {
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
func withSubject(vs *versions, rules Rules, rev *history.Revision, maps ...any) (Rules, error) {
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
		var h history.Hash
		var err error
		for _, at := range []history.Hash{rev.Base, rev.Hash} {
			if at.IsZero() {
				continue
			}
			if _, h, err = vs.readAt(at, p); !errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return r, err
		}
		switch s := vs.decoded(p, h).(type) {
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
func Revisions(dir, base, head string, opts Options) (diag.List, error) {
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
	return Range(repo, b, h, opts)
}
