package model

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"sales", "sales", 0}, {"salse", "sales", 2}, {"sale", "sales", 1}, {"kitten", "sitting", 3}, {"é日", "e日", 1}, {"", "abc", 3}} {
		if got := EditDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	teams := []string{"finance", "hr", "it", "marketing", "merchandising", "operations", "product", "sales", "support"}
	agreements := []string{"capex-approval-2026", "feature-x-launch", "it-marketing-web-changes", "new-hire-onboarding", "promo-calendar-2026-h2"}
	for _, tt := range []struct {
		s          string
		candidates []string
		want       []string
	}{
		{"salse", teams, []string{"sales"}},
		{"Sales", teams, []string{"sales"}},
		{"markting", teams, []string{"marketing"}},
		{"legal", teams, []string{}},
		{"sale", teams, []string{"sales"}},
		{"feature-x", agreements, []string{"feature-x-launch"}},
		{"featrue-x-lanch", agreements, []string{"feature-x-launch"}},
		{"promo", agreements, []string{"promo-calendar-2026-h2"}},
		{"ops", teams, []string{}},
		{"x", teams, []string{"hr", "it"}},
	} {
		if diff := cmp.Diff(tt.want, Nearest(tt.s, tt.candidates, 3)); diff != "" {
			t.Errorf("Nearest(%q) (-want +got):\n%s", tt.s, diff)
		}
	}
	many := []string{"ab", "ac", "ad", "ae"}
	if got := Nearest("aa", many, 3); len(got) != 3 || got[0] != "ab" {
		t.Errorf("Nearest keeps at most 3, by name on ties: %v", got)
	}
}
