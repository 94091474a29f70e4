package agreement

import (
	"fmt"
	"slices"
)

// EditInterests returns a party's interests with add appended (each kept
// once, in the order given) and remove taken out. Removing an interest
// that is not recorded is an error naming the ones that are, so a typo
// does not pass silently.
func EditInterests(have, add, remove []string) ([]string, error) {
	out := slices.Clone(have)
	for _, r := range remove {
		i := slices.Index(out, r)
		if i < 0 {
			return nil, fmt.Errorf("no interest %q to remove (interests: %s)", r, quoteList(out))
		}
		out = slices.Delete(out, i, i+1)
	}
	for _, s := range add {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func quoteList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%q", x)
	}
	return out
}
