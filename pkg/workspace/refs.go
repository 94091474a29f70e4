package workspace

import (
	"encoding/binary"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/model"
)

// maxScanWords is the most words namesAny looks for in an index entry's
// encoded words before decoding them: each costs a scan of the bytes.
const maxScanWords = 16

// encodedWords are the words of set as the index codec writes a string
// (its length, uvarint, then its bytes); nil when there are too many to
// scan for.
func encodedWords(set map[string]bool) []string {
	if len(set) > maxScanWords {
		return nil
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, string(append(binary.AppendUvarint(nil, uint64(len(w))), w...)))
	}
	return out
}

// namesAny reports whether one of the entity's words is in set. For an
// entity whose words are still encoded in the index, the bytes are
// scanned for enc (set encoded, see encodedWords) first: every word is
// there as it is encoded, so no match rules the entity out without
// decoding its words, which a write would otherwise do for every file.
func (e *Entity) namesAny(set map[string]bool, enc []string) bool {
	if e.wordList == nil && e.ix != nil && e.ix.kind != 0 && enc != nil {
		raw := e.ix.wrds.data[e.ix.wrds.pos:e.ix.wrds.end]
		hit := false
		for _, w := range enc {
			if strings.Contains(raw, w) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	for _, t := range e.words() {
		if set[t] {
			return true
		}
	}
	return false
}

// Reach returns the paths of the files whose checks can read what changes
// when the files at paths go from their content in before to their
// content in w. They are the changed files themselves and, when a changed
// file changes what the checks of other files read of it (see readOf),
// every file that names it, and for a goal whose parent chain may change,
// every goal whose parent is such a goal, in turn (a parent cycle runs
// through such a chain; a goal's checks read other goals only through
// their parent and teams). For a team, the files that name a person who joins or leaves
// it are affected too. The checks of other files read nothing else of
// another file than readOf lists, so a change that leaves it alone (a
// goal's check-in) reaches no other file.
//
// It over-approximates on purpose: a file "names" an id when the id is one
// of the words of any of its text values. all is true when the change can
// reach every file: the workspace file (policy), a file added or removed,
// or a team whose members become unknown or known (then "is in no team"
// changes meaning everywhere).
//
// before maps each changed path to its entity before the change (nil when
// the file did not exist); w holds the workspace after it.
func (w *Workspace) Reach(before map[string]*Entity) (paths map[string]bool, all bool) {
	after := map[string]*Entity{}
	for _, e := range w.Files {
		if _, ok := before[e.Path]; ok {
			after[e.Path] = e
		}
	}
	seeds := map[string]bool{} // ids and emails whose readers are affected
	chain := map[string]bool{} // goal ids whose descendants are affected
	paths = map[string]bool{}
	for p, old := range before {
		now := after[p]
		if old == nil || now == nil || p == ConfigFile || old.Kind != now.Kind {
			return nil, true
		}
		paths[p] = true
		if now.Kind == model.KindTeam {
			ot, _ := old.Value.(*model.Team)
			nt, _ := now.Value.(*model.Team)
			if ot == nil || nt == nil || (len(ot.Spec.Members) == 0) != (len(nt.Spec.Members) == 0) {
				return nil, true
			}
			for _, e := range ot.Emails() {
				if !nt.HasMember(e) {
					seeds[e] = true
				}
			}
			for _, e := range nt.Emails() {
				if !ot.HasMember(e) {
					seeds[e] = true
				}
			}
		}
		if reflect.DeepEqual(readOf(old), readOf(now)) {
			continue
		}
		seeds[now.ID] = true
		if now.Kind == model.KindGoal {
			chain[now.ID] = true
		}
	}
	done := make([]bool, len(w.Files))
	for i, e := range w.Files {
		done[i] = paths[e.Path]
	}
	// The files naming a seed, one step: their checks read the seed's
	// file directly.
	if len(seeds) > 0 {
		enc := encodedWords(seeds)
		hits := w.naming(done, func(e *Entity) bool { return e.namesAny(seeds, enc) })
		for i, e := range w.Files {
			if !hits[i] {
				continue
			}
			done[i], paths[e.Path] = true, true
			if e.Kind == model.KindGoal {
				chain[e.ID] = true
			}
		}
	}
	// The goals below a goal whose chain changed, until a pass adds
	// nothing: a goal's cycle check follows its parents. A goal whose
	// parent is none of a pass's ids cannot have one of them later, so
	// each pass looks only for the ids the one before added. The parent
	// is read from the decoded value: looking for the ids among every
	// goal's words took most of a team change at 20,000 files.
	for fresh := chain; len(fresh) > 0; {
		next := map[string]bool{}
		hits := w.naming(done, func(e *Entity) bool {
			g, ok := e.Value.(*model.Goal)
			return ok && e.Kind == model.KindGoal && g.Spec.Parent != "" && fresh[g.Spec.Parent]
		})
		for i, e := range w.Files {
			if !hits[i] {
				continue
			}
			done[i], paths[e.Path] = true, true
			next[e.ID] = true
		}
		fresh = next
	}
	return paths, false
}

// naming reports, for each file not done, whether names holds for it,
// asking on every core: at 20,000 files the scan of every file's words
// took much of a write that changes a team.
func (w *Workspace) naming(done []bool, names func(e *Entity) bool) []bool {
	hits := make([]bool, len(w.Files))
	parts := min(runtime.GOMAXPROCS(0), max(1, len(w.Files)/1000))
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := p*len(w.Files)/parts, (p+1)*len(w.Files)/parts
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				// Each file is asked by one goroutine: namesAny may
				// keep the file's words.
				hits[i] = !done[i] && names(w.Files[i])
			}
		}()
	}
	wg.Wait()
	return hits
}

// readOf is what the checks of other files read of the entity e: a goal's
// parent and teams (the cycle check, a map's missing teams), and for the
// other kinds read by others, the whole value (an agreement's parties and
// acceptances for maps and successors; a team's members everywhere). A
// stakeholder map is read by no other file. Whether the value could be
// decoded is part of it: an undecodable file is missing to the others.
func readOf(e *Entity) any {
	switch v := e.Value.(type) {
	case nil:
		return nil
	case *model.Goal:
		return [2]any{v.Spec.Parent, slices.Clone(v.Spec.Teams)}
	case *model.StakeholderMap:
		return true
	default:
		return v
	}
}

// words are the text values of the entity's decoded value, each whole and
// cut at every character an id cannot hold ("goal/g1" gives "goal/g1",
// "goal" and "g1"), without repeats. Computed once per entity, and kept in
// the index with the value (decoded from it on first use).
func (e *Entity) words() []string {
	if e.wordList == nil && e.ix != nil {
		e.wordList = e.ix.words()
	}
	if e.wordList == nil {
		e.wordList = wordsOf(e.Value)
	}
	return e.wordList
}

func wordsOf(v any) []string {
	set := map[string]bool{}
	if v != nil {
		collectWords(reflect.ValueOf(v), set)
	}
	out := make([]string, 0, len(set))
	for w := range set {
		out = append(out, w)
	}
	slices.Sort(out)
	return out
}

func collectWords(v reflect.Value, out map[string]bool) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			collectWords(v.Elem(), out)
		}
	case reflect.String:
		addWords(v.String(), out)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			collectWords(v.Index(i), out)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			collectWords(it.Key(), out)
			collectWords(it.Value(), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				collectWords(v.Field(i), out)
			}
		}
	}
}

func addWords(s string, out map[string]bool) {
	if s == "" {
		return
	}
	out[s] = true
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-')
	}) {
		out[w] = true
	}
}
