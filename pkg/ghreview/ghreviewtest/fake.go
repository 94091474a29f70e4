// Package ghreviewtest is a fake of the part of the GitHub REST API that
// ghreview reads, served on loopback for tests.
package ghreviewtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/collab-tools/collab/pkg/ghreview"
)

// Token is the token the fake requires.
const Token = "test-token"

// Server serves GET /repos/{owner}/{repo}/pulls/{n}/reviews/{id} from the
// reviews added to it, and answers 404 for any other review.
type Server struct {
	*httptest.Server
	mu      sync.Mutex
	reviews map[string]ghreview.Review
	// Requests counts the review reads served.
	Requests int
}

// New starts a fake on loopback, closed when the test ends.
func New(t testing.TB) *Server {
	s := &Server{reviews: map[string]ghreview.Review{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /repos/{owner}/{repo}/pulls/{n}/reviews/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+Token {
			http.Error(w, `{"message":"Bad credentials"}`, http.StatusUnauthorized)
			return
		}
		s.mu.Lock()
		s.Requests++
		rv, ok := s.reviews[key(r.PathValue("owner"), r.PathValue("repo"), r.PathValue("n"), r.PathValue("id"))]
		s.mu.Unlock()
		if !ok {
			http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(rv)
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func key(owner, repo, n, id string) string { return owner + "/" + repo + "/" + n + "/" + id }

// Add serves review rv (its ID set to ref.ID, its html_url to URL(ref)).
func (s *Server) Add(ref ghreview.Ref, login, state, commit string) {
	rv := ghreview.Review{ID: ref.ID, State: state, CommitID: commit, HTMLURL: URL(ref), Body: "Looks right to us."}
	rv.User.Login = login
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reviews[key(ref.Owner, ref.Repo, fmt.Sprint(ref.Number), fmt.Sprint(ref.ID))] = rv
}

// Client reads from the fake with its token.
func (s *Server) Client() *ghreview.Client {
	return &ghreview.Client{BaseURL: s.URL, Token: Token, HTTP: s.Server.Client()}
}

// URL is the address GitHub shows for review ref.
func URL(ref ghreview.Ref) string {
	return fmt.Sprintf("https://github.com/%s/%s/pull/%d#pullrequestreview-%d", ref.Owner, ref.Repo, ref.Number, ref.ID)
}

// Remove stops serving review ref.
func (s *Server) Remove(ref ghreview.Ref) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.reviews, key(ref.Owner, ref.Repo, fmt.Sprint(ref.Number), fmt.Sprint(ref.ID)))
}
