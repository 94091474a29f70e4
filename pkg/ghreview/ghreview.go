// Package ghreview reads one pull request review through the GitHub REST
// API: what an acceptance by approving a pull request is checked against.
// It uses only the standard library and reads nothing else.
package ghreview

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Ref names one review of one pull request.
type Ref struct {
	Owner, Repo string
	Number      int
	ID          int64
}

// reviewURL is the address GitHub shows for a review:
// https://HOST/OWNER/REPO/pull/N#pullrequestreview-ID.
// Compiled on first use: a package-level regexp costs every command's start-up.
var reviewURL = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^https://[A-Za-z0-9.-]+(?::[0-9]+)?/([A-Za-z0-9-]{1,39})/([A-Za-z0-9._-]{1,100})/pull/([0-9]{1,10})#pullrequestreview-([0-9]{1,19})$`)
})

// ParseURL reads a review's address as GitHub shows it.
func ParseURL(s string) (Ref, error) {
	m := reviewURL().FindStringSubmatch(s)
	if m == nil || m[2] == "." || m[2] == ".." {
		return Ref{}, fmt.Errorf("invalid review URL %q: use the review's address as GitHub shows it, https://github.com/OWNER/REPO/pull/N#pullrequestreview-ID", s)
	}
	n, err1 := strconv.Atoi(m[3])
	id, err2 := strconv.ParseInt(m[4], 10, 64)
	if err := errors.Join(err1, err2); err != nil || n == 0 || id == 0 {
		return Ref{}, fmt.Errorf("invalid review URL %q: the pull request number and review id must be positive", s)
	}
	return Ref{Owner: m[1], Repo: m[2], Number: n, ID: id}, nil
}

// Repository is OWNER/REPO.
func (r Ref) Repository() string { return r.Owner + "/" + r.Repo }

// Review is what the API says about a review.
type Review struct {
	ID    int64  `json:"id"`
	State string `json:"state"` // APPROVED, COMMENTED, CHANGES_REQUESTED, DISMISSED, PENDING
	User  struct {
		Login string `json:"login"`
	} `json:"user"`
	// CommitID is the head of the pull request when the review was submitted.
	CommitID    string    `json:"commit_id"`
	Body        string    `json:"body"`
	HTMLURL     string    `json:"html_url"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// Approved is the state of an approving review.
const Approved = "APPROVED"

// ErrNotFound is returned for a review the API does not know (or that the
// token may not see).
var ErrNotFound = errors.New("no such review")

// Client reads reviews from one API base URL with one token.
type Client struct {
	BaseURL string // e.g. https://api.github.com, no trailing slash
	Token   string
	HTTP    *http.Client
}

// FromEnv is the client GitHub Actions sets up: GITHUB_API_URL (default
// https://api.github.com) and the token in GITHUB_TOKEN, else GH_TOKEN.
func FromEnv() *Client {
	base := os.Getenv("GITHUB_API_URL")
	if base == "" {
		base = "https://api.github.com"
	}
	tok := os.Getenv("GITHUB_TOKEN")
	if tok == "" {
		tok = os.Getenv("GH_TOKEN")
	}
	return &Client{BaseURL: strings.TrimRight(base, "/"), Token: tok, HTTP: &http.Client{Timeout: 30 * time.Second}}
}

// Review reads review ref: GET /repos/{owner}/{repo}/pulls/{n}/reviews/{id}.
func (c *Client) Review(ctx context.Context, ref Ref) (*Review, error) {
	u := fmt.Sprintf("%s/repos/%s/%s/pulls/%d/reviews/%d", strings.TrimRight(c.BaseURL, "/"),
		url.PathEscape(ref.Owner), url.PathEscape(ref.Repo), ref.Number, ref.ID)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("GitHub API: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("GitHub API: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, fmt.Errorf("review %d of %s#%d: %w", ref.ID, ref.Repository(), ref.Number, ErrNotFound)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return nil, fmt.Errorf("GitHub API: %s reading review %d of %s#%d: set GITHUB_TOKEN (or GH_TOKEN) to a token that may read the repository's pull requests", resp.Status, ref.ID, ref.Repository(), ref.Number)
	case resp.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("GitHub API: %s reading review %d of %s#%d", resp.Status, ref.ID, ref.Repository(), ref.Number)
	}
	var r Review
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("GitHub API: reading review %d of %s#%d: %w", ref.ID, ref.Repository(), ref.Number, err)
	}
	if r.ID != ref.ID {
		return nil, fmt.Errorf("GitHub API: asked for review %d, got %d", ref.ID, r.ID)
	}
	return &r, nil
}
