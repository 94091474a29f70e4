package agreement

import (
	"fmt"
	"slices"
	"strings"

	"github.com/collab-tools/collab/pkg/model"
)

// ParamRef resolves a parameter reference of an option's meets or breaks:
// the name of a parameter, or else a kind that exactly one parameter has.
// It returns the parameter's index, or an error that lists the names the
// agreement accepts.
func ParamRef(a *model.Agreement, ref string) (int, error) {
	ps := a.Spec.Parameters
	for i, p := range ps {
		if p.Name != "" && p.Name == ref {
			return i, nil
		}
	}
	found := -1
	for i, p := range ps {
		if p.Kind == ref {
			if found >= 0 {
				return -1, fmt.Errorf("%d parameters of agreement %s are of kind %s: name them (collab agree param %s --name NAME ...) and use the name",
					countKind(ps, ref), a.Metadata.ID, ref, a.Metadata.ID)
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	if len(ps) == 0 {
		return -1, fmt.Errorf("agreement %s has no parameter %q, it has none yet; state it first (collab agree param %s --name %s --kind KIND --text TEXT)",
			a.Metadata.ID, ref, a.Metadata.ID, ref)
	}
	return -1, fmt.Errorf("agreement %s has no parameter %q (parameters: %s)", a.Metadata.ID, ref, strings.Join(ParamRefs(a), ", "))
}

// ParamRefs lists how each parameter is referred to: its name, or its kind
// when that is unique, or kind#n for an unnamed one that shares its kind.
func ParamRefs(a *model.Agreement) []string {
	var out []string
	for i := range a.Spec.Parameters {
		out = append(out, ParamLabel(a, i))
	}
	return out
}

// ParamLabel is the name by which parameter i is referred to (see ParamRefs).
func ParamLabel(a *model.Agreement, i int) string {
	p := a.Spec.Parameters[i]
	if p.Name != "" {
		return p.Name
	}
	if countKind(a.Spec.Parameters, p.Kind) == 1 {
		return p.Kind
	}
	n := 0
	for _, q := range a.Spec.Parameters[:i+1] {
		if q.Kind == p.Kind {
			n++
		}
	}
	return fmt.Sprintf("%s#%d (unnamed)", p.Kind, n)
}

func countKind(ps []model.Parameter, kind string) int {
	n := 0
	for _, p := range ps {
		if p.Kind == kind {
			n++
		}
	}
	return n
}

// What is wrong with an option (OptionProblem.Kind).
const (
	UnknownParameter = "unknown-parameter" // meets or breaks names no parameter
	MeetsAndBreaks   = "meets-and-breaks"  // an option both meets and breaks one
	BreaksHard       = "breaks-hard"       // a chosen option breaks a hard parameter
)

// OptionProblem is something wrong with one option: Field is "meets" or
// "breaks" and Index the position in that list.
type OptionProblem struct {
	Kind   string
	Option int
	Field  string
	Index  int
	Msg    string
}

// OptionProblems checks the options of a: each parameter named in meets and
// breaks exists, no option both meets and breaks one, and a chosen option
// breaks no hard parameter (a hard parameter cannot be traded, so choosing
// an option that breaks it is choosing what the parties said they cannot do).
func OptionProblems(a *model.Agreement) []OptionProblem {
	var out []OptionProblem
	for i, o := range a.Spec.Options {
		meets := map[int]bool{}
		for j, ref := range o.Meets {
			k, err := ParamRef(a, ref)
			if err != nil {
				out = append(out, OptionProblem{UnknownParameter, i, "meets", j, fmt.Sprintf("option %q meets: %v", o.Title, err)})
				continue
			}
			meets[k] = true
		}
		for j, ref := range o.Breaks {
			k, err := ParamRef(a, ref)
			switch {
			case err != nil:
				out = append(out, OptionProblem{UnknownParameter, i, "breaks", j, fmt.Sprintf("option %q breaks: %v", o.Title, err)})
			case meets[k]:
				out = append(out, OptionProblem{MeetsAndBreaks, i, "breaks", j, fmt.Sprintf("option %q both meets and breaks parameter %s; keep one", o.Title, ref)})
			case o.Chosen && a.Spec.Parameters[k].Hard:
				out = append(out, OptionProblem{BreaksHard, i, "breaks", j, fmt.Sprintf("option %q is chosen but breaks the hard %s parameter %s (%q); a hard parameter cannot be traded: choose another option, or agree that the parameter is flexible (collab agree edit %s)",
					o.Title, a.Spec.Parameters[k].Kind, ref, a.Spec.Parameters[k].Text, a.Metadata.ID)})
			}
		}
	}
	return out
}

// OptionsMissing lists what the options of a lack before it can be
// proposed under a minimum of min options: TooFewOptions, then
// ChosenProblem. Empty means ready.
func OptionsMissing(a *model.Agreement, min int) []string {
	var out []string
	for _, m := range []string{TooFewOptions(a, min), ChosenProblem(a, min)} {
		if m != "" {
			out = append(out, m)
		}
	}
	return out
}

// TooFewOptions says how many more options a must weigh to reach min, or "".
func TooFewOptions(a *model.Agreement, min int) string {
	if n := len(a.Spec.Options); n < min {
		return fmt.Sprintf("at least %d options weighed before choosing (has %d; the workspace policy's minOptions): add them with collab agree option %s TITLE --pro TEXT --con TEXT",
			min, n, a.Metadata.ID)
	}
	return ""
}

// ChosenProblem says why a does not have exactly one chosen option, or "".
// With min 0 (the rule turned off) and no options at all, nothing is asked.
func ChosenProblem(a *model.Agreement, min int) string {
	if min == 0 && len(a.Spec.Options) == 0 {
		return ""
	}
	var chosen []string
	for _, o := range a.Spec.Options {
		if o.Chosen {
			chosen = append(chosen, fmt.Sprintf("%q", o.Title))
		}
	}
	switch len(chosen) {
	case 1:
		return ""
	case 0:
		return fmt.Sprintf("exactly one chosen option (none is chosen): collab agree option %s TITLE --chosen", a.Metadata.ID)
	}
	return fmt.Sprintf("exactly one chosen option (%d are chosen: %s)", len(chosen), strings.Join(chosen, ", "))
}

// MergeOption updates an option recorded before with what a command gives:
// pros, cons, meets and breaks are added (each kept once), a note replaces
// the old one, and chosen changes only when it was given.
func MergeOption(old, given model.Option, chosenGiven bool) model.Option {
	o := old
	add := func(have, more []string) []string {
		for _, s := range more {
			if !slices.Contains(have, s) {
				have = append(have, s)
			}
		}
		return have
	}
	o.Pros = add(slices.Clone(old.Pros), given.Pros)
	o.Cons = add(slices.Clone(old.Cons), given.Cons)
	o.Meets = add(slices.Clone(old.Meets), given.Meets)
	o.Breaks = add(slices.Clone(old.Breaks), given.Breaks)
	if given.Note != "" {
		o.Note = given.Note
	}
	if chosenGiven {
		o.Chosen = given.Chosen
	}
	return o
}
