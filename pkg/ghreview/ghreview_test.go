package ghreview_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/ghreview"
	"github.com/collab-tools/collab/pkg/ghreview/ghreviewtest"
)

func TestParseURL(t *testing.T) {
	got, err := ghreview.ParseURL("https://github.com/acme/plans.web/pull/42#pullrequestreview-2011223344")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(ghreview.Ref{Owner: "acme", Repo: "plans.web", Number: 42, ID: 2011223344}, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, bad := range []string{
		"",
		"http://github.com/acme/plans/pull/42#pullrequestreview-1", // not https
		"https://github.com/acme/plans/pull/42",                    // no review
		"https://github.com/acme/plans/pull/42#issuecomment-1",     // a comment
		"https://github.com/acme/plans/pull/0#pullrequestreview-1", // no pull request 0
		"https://github.com/acme/../x/pull/1#pullrequestreview-1",  // path tricks
		"https://github.com/acme/../pull/1#pullrequestreview-1",
		"https://github.com/acme/plans/pull/1#pullrequestreview-1\nX: y",  // a second line
		"https://github.com/acme/plans/pull/1#pullrequestreview-1?x=../a", // a query
	} {
		if _, err := ghreview.ParseURL(bad); err == nil {
			t.Errorf("ParseURL(%q) accepted", bad)
		}
	}
}

func TestReview(t *testing.T) {
	fake := ghreviewtest.New(t)
	ref := ghreview.Ref{Owner: "acme", Repo: "plans", Number: 42, ID: 7}
	fake.Add(ref, "ana-silva", ghreview.Approved, strings.Repeat("ab", 20))
	got, err := fake.Client().Review(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != ghreview.Approved || got.User.Login != "ana-silva" || got.CommitID != strings.Repeat("ab", 20) || got.HTMLURL != ghreviewtest.URL(ref) {
		t.Errorf("review = %+v", got)
	}
	// Another pull request's review of the same id is not this one.
	other := ref
	other.Number = 43
	if _, err := fake.Client().Review(context.Background(), other); !errors.Is(err, ghreview.ErrNotFound) {
		t.Errorf("review of another pull request: error = %v, want ErrNotFound", err)
	}
	// Without the token the API refuses, and the error says what to set.
	c := fake.Client()
	c.Token = ""
	if _, err := c.Review(context.Background(), ref); err == nil || !strings.Contains(err.Error(), "set GITHUB_TOKEN") {
		t.Errorf("no token: error = %v", err)
	}
}
