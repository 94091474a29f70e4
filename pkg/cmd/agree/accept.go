package agree

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/ghreview"
	"github.com/collab-tools/collab/pkg/gitstore"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/verify"
	"github.com/collab-tools/collab/pkg/workspace"
)

type AcceptOptions struct {
	AsOf     func() (model.Date, error)
	Identity func() (gitstore.Signature, error)
	Apply    cmdutil.ApplyFunc
	WorkDir  func() string
	Context  func() context.Context
	// GitHub is the API client --via-review reads the review with.
	GitHub    func() *ghreview.Client
	ID        string
	Party     string
	Summary   string
	ViaReview string // the URL of an approving pull request review
}

func NewCmdAccept(f *cmdutil.Factory, runF func(*AcceptOptions) error) *cobra.Command {
	opts := &AcceptOptions{AsOf: f.AsOf, Identity: f.Identity, Apply: f.Apply, WorkDir: f.WorkDir,
		Context: func() context.Context { return f.Context }, GitHub: ghreview.FromEnv}
	cmd := &cobra.Command{
		Use:   "accept ID --party TEAM --summary TEXT",
		Short: "Accept a proposed agreement for your team",
		Long: `Accept the current terms of a proposed agreement for one party. You accept as
the git author of the commit (GIT_AUTHOR_EMAIL, else user.email), who must be
a member of the party's team. The acceptance records who, when, the digest of
the terms accepted and the summary: the party restating what it committed to.

When every party's acceptance matches the current terms, the agreement
becomes active in the same commit, and its next check-in and review are
scheduled from today when not set.

With --via-review, a member accepts by approving the pull request in
GitHub's review UI, and CI (examples/github/collab-accept.yml) records it:
collab reads the review through the GitHub API (GITHUB_API_URL, token in
GITHUB_TOKEN or GH_TOKEN), requires an approval in this repository
(GITHUB_REPOSITORY when set) submitted on a head whose terms are the
current terms, and records the acceptance 'by' the member whose github:
user name is the reviewer's. The commit, authored by whoever runs the
command (the CI bot), names the review and the member in its trailers
(Collab-Review, Collab-Accepted-By); 'collab verify --github' confirms
them. --summary defaults to the review's text.`,
		Example: `  collab agree accept feature-x-launch --party sales \
    --summary "Sales trains every account executive by March 20 and starts outreach the day after GA"
  collab agree accept feature-x-launch --party sales \
    --via-review https://github.com/acme/plans/pull/42#pullrequestreview-2011223344`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: cmdutil.CompleteIDs(f, model.KindAgreement),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			required := []string{"party", "summary"}
			if opts.ViaReview != "" {
				if _, err := ghreview.ParseURL(opts.ViaReview); err != nil {
					return cmdutil.FlagErrorf("--via-review: %v", err)
				}
				required = required[:1]
			}
			if err := cmdutil.RequireFlags(cmd, f.IO, required...); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return acceptRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Party, "party", "", "the team you accept for")
	cmd.Flags().StringVar(&opts.Summary, "summary", "", "what your team commits to, in your words")
	cmd.Flags().StringVar(&opts.ViaReview, "via-review", "", "record the acceptance of the member who approved this pull request review (URL)")
	_ = cmd.RegisterFlagCompletionFunc("party", completeParties(f))
	return cmd
}

func acceptRun(opts *AcceptOptions) error {
	me, err := opts.Identity()
	if err != nil {
		return err
	}
	today, err := opts.AsOf()
	if err != nil {
		return err
	}
	// The review is read before the write takes the repository lock.
	var approval *verify.Approval
	if opts.ViaReview != "" {
		approval, err = verify.LookupApproval(opts.Context(), opts.GitHub(), opts.WorkDir(), os.Getenv("GITHUB_REPOSITORY"), opts.ViaReview, opts.ID)
		if err != nil {
			return err
		}
	}
	return write(opts.Apply, opts.ID, func(t *target) (change.Commit, error) {
		by, summary := me.Email, opts.Summary
		if approval != nil {
			var err error
			if by, summary, err = reviewer(t, approval, opts); err != nil {
				return change.Commit{}, err
			}
		}
		a := t.A
		switch a.Spec.Status {
		case model.AgreementDraft:
			return change.Commit{}, fmt.Errorf("agreement %s is a draft: propose it first (collab agree propose %s)", opts.ID, opts.ID)
		}
		if err := agreement.CanAccept(a, t.W.Teams[opts.Party], opts.Party, by); err != nil {
			return change.Commit{}, err
		}
		digest := a.TermsDigest()
		if approval != nil && approval.Terms != digest {
			return change.Commit{}, fmt.Errorf("review %s was submitted on %s, whose terms of %s are %s, not the current terms %s: the terms changed after the approval, so the reviewer approves again",
				approval.URL, approval.Commit.Short(), opts.ID, approval.Terms, digest)
		}
		if prev := a.Acceptance(opts.Party); prev != nil && prev.Terms == digest && (prev.Summary == summary || approval != nil && prev.By == by) {
			return change.Commit{}, fmt.Errorf("%s already accepted the current terms of %s (%s on %s)", opts.Party, opts.ID, prev.By, prev.Date)
		}
		d := t.E.Doc
		acc := model.Acceptance{Party: opts.Party, By: by, Date: today, Terms: digest, Summary: summary}
		if err := agreement.RecordAcceptance(d, a, acc); err != nil {
			return change.Commit{}, err
		}
		after, err := agreement.Decode(d)
		if err != nil {
			return change.Commit{}, err
		}
		c := change.Commit{Action: "accept", Subject: fmt.Sprintf("accept for %s (terms %s)", opts.Party, digest),
			Body: []string{"Summary: " + summary}}
		if approval != nil {
			c.Subject = fmt.Sprintf("accept for %s by %s, approved in review (terms %s)", opts.Party, by, digest)
			c.Trailers = []change.Trailer{{Key: agreement.TrailerReview, Value: approval.URL}, {Key: agreement.TrailerAcceptedBy, Value: by}}
		}
		switch {
		case agreement.AllAccepted(after):
			if a.Spec.Status != model.AgreementActive {
				c.Subject += "; now active"
			}
			err = activate(t, after, today)
		case a.Spec.Status == model.AgreementActive:
			// An active agreement whose terms were changed by hand: it is proposed until all accept.
			err = agreement.Set(d, model.AgreementProposed, "spec", "status")
			fallthrough
		default:
			c.Body = append(c.Body, fmt.Sprintf("Still to accept: %s.", joinComma(agreement.MustAccept(after))))
		}
		return c, err
	})
}

// reviewer is the member whose GitHub user name approved the review, and
// the summary to record: --summary, else the review's text, else a line
// naming the review.
func reviewer(t *target, ap *verify.Approval, opts *AcceptOptions) (string, string, error) {
	members := workspace.MembersWithGitHub(t.W.Teams, ap.Login)
	switch len(members) {
	case 0:
		return "", "", fmt.Errorf("no member of a team has the GitHub user name %s: add github: %s to their entry in their team file (collab team edit), then approve again", ap.Login, ap.Login)
	case 1:
	default:
		return "", "", fmt.Errorf("GitHub user name %s is given to several members (%s): give it to one only", ap.Login, strings.Join(members, ", "))
	}
	summary := opts.Summary
	if summary == "" {
		summary = truncate(model.OneLine(ap.Body), 300)
	}
	if summary == "" {
		summary = "Approved in " + ap.URL
	}
	return members[0], summary, nil
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// activate marks an agreement active and schedules its first check-in and
// review when none is set.
func activate(t *target, a *model.Agreement, today model.Date) error {
	d := t.E.Doc
	if err := agreement.Set(d, model.AgreementActive, "spec", "status"); err != nil {
		return err
	}
	if c := a.Spec.Cadence; c != nil && c.Next == "" {
		next, err := agreement.Next("", c.Every, today)
		if err != nil {
			return err
		}
		if err := agreement.Set(d, string(next), "spec", "cadence", "next"); err != nil {
			return err
		}
	}
	if r := a.Spec.Review; r != nil && r.Next == "" {
		next, err := agreement.NextReview(today, r.Every)
		if err != nil {
			return err
		}
		if err := agreement.Set(d, string(next), "spec", "review", "next"); err != nil {
			return err
		}
	}
	return nil
}
