package verify

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/ghreview"
	"github.com/collab-tools/collab/pkg/history"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// acceptancesBy are the acceptances of an agreement file's change that
// record by as the one who accepted.
func acceptancesBy(old, new any, by string) []model.Acceptance {
	o, n := as[model.Agreement](old), as[model.Agreement](new)
	if n == nil {
		return nil
	}
	var out []model.Acceptance
	for _, a := range agreement.AddedAcceptances(o, n) {
		if a.By == by {
			out = append(out, a)
		}
	}
	return out
}

// confirm checks, through the GitHub API, the review a commit names as
// the approval behind the acceptances by review.By it adds to the
// agreement file p: the review exists (on this repository), is an
// approval, is by the GitHub account the teams of BASE give that member,
// and was submitted on a head whose terms of the agreement are the terms
// accepted. It returns what is wrong, in words; "" when confirmed or when
// no client was given. err is for a failure to ask (network, token).
func (j *judge) confirm(rev *history.Revision, p string, old, new any, review agreement.ReviewAcceptance) (string, error) {
	if j.opts.GitHub == nil {
		return "", nil
	}
	ref, err := ghreview.ParseURL(review.URL)
	if err != nil {
		return "the address is not that of a pull request review", nil
	}
	if j.opts.Repository != "" && !strings.EqualFold(ref.Repository(), j.opts.Repository) {
		return fmt.Sprintf("the review is in %s, not in this repository (%s)", ref.Repository(), j.opts.Repository), nil
	}
	rv, ok := j.reviews[review.URL]
	if !ok {
		rv, err = j.opts.GitHub.Review(j.opts.Context, ref)
		if errors.Is(err, ghreview.ErrNotFound) {
			rv, err = nil, nil
		}
		if err != nil {
			return "", err
		}
		j.reviews[review.URL] = rv
	}
	if rv == nil {
		return "the GitHub API has no such review", nil
	}
	if rv.State != ghreview.Approved {
		return fmt.Sprintf("the review is %s, not an approval", rv.State), nil
	}
	login := workspace.GitHubOf(j.rules.Teams, review.By)
	switch {
	case login == "":
		return fmt.Sprintf("%s has no GitHub user name (github:) in the team files of the base", review.By), nil
	case !strings.EqualFold(rv.User.Login, login):
		return fmt.Sprintf("the review is by %s, not by %s's GitHub account %s", rv.User.Login, review.By, login), nil
	}
	return j.reviewedTerms(p, old, new, review.By, rv.CommitID), nil
}

// reviewedTerms checks that the commit a review was submitted on holds the
// terms the acceptances by member accept.
func (j *judge) reviewedTerms(p string, old, new any, member, commit string) string {
	var h history.Hash
	if b, err := hex.DecodeString(commit); err != nil || len(b) != len(h) {
		return fmt.Sprintf("the review names no head commit (%q)", commit)
	} else {
		copy(h[:], b)
	}
	data, err := j.repo.ReadAt(h, p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Sprintf("the reviewed head %s has no %s", h.Short(), p)
	case err != nil:
		return fmt.Sprintf("the reviewed head %s cannot be read here (%v; fetch the pull request's whole history)", h.Short(), err)
	}
	// The approval must be of a change this range makes to the agreement:
	// approving an earlier pull request, or one that left the agreement as
	// it was, accepts nothing.
	if mb, err := j.repo.MergeBase(h, j.base); err == nil && mb == h {
		return fmt.Sprintf("it was submitted on %s, which the base already holds: it approved an earlier change, not this one", h.Short())
	}
	if atBase, err := j.repo.ReadAt(j.base, p); err == nil && bytes.Equal(atBase, data) {
		return fmt.Sprintf("it was submitted on %s, where %s is as the base has it: the pull request it approved had not changed the agreement", h.Short(), p)
	}
	at, ok := workspace.Decode(p, data).(*model.Agreement)
	if !ok {
		return fmt.Sprintf("%s cannot be read at the reviewed head %s", p, h.Short())
	}
	digest := at.TermsDigest()
	for _, a := range acceptancesBy(old, new, member) {
		if a.Terms != digest {
			return fmt.Sprintf("it was submitted on %s, whose terms are %s, not the terms accepted (%s): the terms changed after the review, so ask for a new approval",
				h.Short(), digest, a.Terms)
		}
	}
	return ""
}

// Approval is an approving review as the GitHub API reports it, with the
// terms of one agreement at the head the review was submitted on.
type Approval struct {
	URL    string
	Login  string // the reviewer's GitHub user name
	Body   string
	Commit history.Hash // the reviewed head
	Terms  string       // the agreement's terms digest at Commit
}

// LookupApproval reads review url through client and checks that it is an
// approval in repository (OWNER/REPO; "" accepts any) whose head, found in
// the repository holding the workspace at dir, has agreement id; the
// errors say what to do instead.
func LookupApproval(ctx context.Context, client *ghreview.Client, dir, repository, url, id string) (*Approval, error) {
	ref, err := ghreview.ParseURL(url)
	if err != nil {
		return nil, err
	}
	if repository != "" && !strings.EqualFold(ref.Repository(), repository) {
		return nil, fmt.Errorf("review %s is in %s, not in this repository (%s): only a review of this repository's pull request counts", url, ref.Repository(), repository)
	}
	rv, err := client.Review(ctx, ref)
	if err != nil {
		return nil, err
	}
	if rv.State != ghreview.Approved {
		return nil, fmt.Errorf("review %s is %s, not an approval: only an approving review accepts", url, rv.State)
	}
	root, err := workspace.Find(dir)
	if err != nil {
		return nil, err
	}
	repo, err := history.Open(root)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	h, err := repo.Resolve(rv.CommitID)
	if err != nil || len(rv.CommitID) != 40 {
		return nil, fmt.Errorf("review %s was submitted on %q, which is not in this repository: fetch the pull request's history (actions/checkout with fetch-depth: 0)", url, rv.CommitID)
	}
	p := workspace.PathOf(model.KindAgreement, id)
	data, err := repo.ReadAt(h, p)
	if err != nil {
		return nil, fmt.Errorf("review %s: agreement %s at the reviewed head %s: %w", url, id, h.Short(), err)
	}
	a, ok := workspace.Decode(p, data).(*model.Agreement)
	if !ok {
		return nil, fmt.Errorf("review %s: %s cannot be read at the reviewed head %s (collab validate there says why)", url, p, h.Short())
	}
	return &Approval{URL: url, Login: rv.User.Login, Body: rv.Body, Commit: h, Terms: a.TermsDigest()}, nil
}
