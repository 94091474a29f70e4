package model

import (
	"cmp"
	"slices"
	"strings"
)

// EditDistance is the Levenshtein distance between a and b, in runes.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Nearest returns at most max of candidates that s is probably a typo or a
// shortening of, nearest first (ties by name): those within a few edits
// (two, or a third of s's length for a long s), then those that start with
// s (at least three characters of it). Case is ignored, so "Sales"
// finds "sales".
func Nearest(s string, candidates []string, max int) []string {
	type near struct {
		name string
		rank int
	}
	s = strings.ToLower(s)
	limit := 2
	if n := len([]rune(s)) / 3; n > limit {
		limit = n
	}
	var found []near
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if d := EditDistance(s, lc); d <= limit {
			found = append(found, near{c, d})
		} else if len(s) >= 3 && strings.HasPrefix(lc, s) {
			found = append(found, near{c, limit + 1 + len(lc) - len(s)})
		}
	}
	slices.SortFunc(found, func(a, b near) int { return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(a.name, b.name)) })
	out := make([]string, 0, max)
	for i := 0; i < len(found) && i < max; i++ {
		out = append(out, found[i].name)
	}
	return out
}
