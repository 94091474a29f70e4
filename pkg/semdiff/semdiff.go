// Package semdiff compares two versions of a collab entity file by meaning,
// not by line: field changes by path, list items matched by their id (or
// email, person, team, party, name, title), status transitions, and for
// agreements whether the terms changed and which parties must accept again.
package semdiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// Kinds of change, of an entity and of a field.
const (
	Added    = "added"
	Removed  = "removed"
	Modified = "modified" // entities
	Changed  = "changed"  // fields
)

// Change is one field change. Path is dotted and relative to spec (metadata
// fields keep their "metadata." prefix); list items appear by their key, as
// in commitments.deliver-feature.due, or by value in lists of plain values.
type Change struct {
	Path string `json:"path"`
	Op   string `json:"op"` // added | removed | changed
	Old  any    `json:"old,omitempty"`
	New  any    `json:"new,omitempty"`
}

// String renders the change on one line: "path: old -> new", "path: added X".
func (c Change) String() string {
	switch c.Op {
	case Added:
		if c.New == nil || isKeyedItem(c) {
			return c.Path + ": added"
		}
		return c.Path + ": added " + Format(c.New)
	case Removed:
		if c.Old == nil || isKeyedItem(c) {
			return c.Path + ": removed"
		}
		return c.Path + ": removed " + Format(c.Old)
	}
	return c.Path + ": " + Format(c.Old) + " -> " + Format(c.New)
}

// isKeyedItem: a whole keyed list item or mapping was added or removed; its
// path already names it, so its content is left to the JSON output.
func isKeyedItem(c Change) bool {
	v := c.New
	if c.Op == Removed {
		v = c.Old
	}
	_, isMap := v.(map[string]any)
	return isMap
}

// Transition is a status change.
type Transition struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Terms tells how an agreement's terms digest moved.
type Terms struct {
	From    string `json:"from,omitempty"`
	To      string `json:"to,omitempty"`
	Changed bool   `json:"changed"`
}

// Entity is the difference between two versions of one entity file.
type Entity struct {
	Kind    model.Kind  `json:"kind"`
	ID      string      `json:"id"`
	Path    string      `json:"path"`
	Title   string      `json:"title,omitempty"`
	Change  string      `json:"change"` // added | removed | modified
	Status  *Transition `json:"status,omitempty"`
	Changes []Change    `json:"changes"`
	// Terms is set for agreements present in both versions.
	Terms *Terms `json:"terms,omitempty"`
	// MustAccept lists the parties whose acceptance does not match the new
	// terms of a proposed or active agreement whose terms changed (or which is new).
	MustAccept []string `json:"mustAccept,omitempty"`
	// Amendments are the amendments an agreement's new version records
	// that the old one did not (collab agree amend): why its terms changed.
	// They are not repeated in Changes.
	Amendments []model.Amendment `json:"amendments,omitempty"`
	// Minutes are the check-ins, action items done and metric readings an
	// agreement's new version records; they are not repeated in Changes.
	Minutes *Minutes `json:"minutes,omitempty"`
	// Error says why a version could not be compared field by field.
	Error string `json:"error,omitempty"`
}

// Diff compares two versions of the entity file at p (relative to the
// workspace root, e.g. agreements/x.yaml); nil old means added, nil new
// means removed.
func Diff(p string, old, new []byte) *Entity {
	return Compare(p, Version{Data: old}, Version{Data: new})
}

// Version is one version of an entity file: its content, or the error that
// kept it from being read (such as a file over the size cap), which Compare
// reports in Entity.Error as it reports a version that does not parse. The
// zero Version is an absent file.
type Version struct {
	Data []byte
	Err  error
}

func (v Version) exists() bool { return v.Data != nil || v.Err != nil }

// Compare is Diff for versions that may not have been read.
func Compare(p string, old, new Version) *Entity {
	return (&Comparer{}).Compare(p, old, new)
}

// A Comparer compares as Compare does, keeping the two versions it parsed
// last, so that the changes of one file listed newest first parse each
// version once: the old version of one change is the new version of the
// next. The zero Comparer is ready; it is not safe for concurrent use.
type Comparer struct {
	memo [2]parsed
	// OldOnly keeps only the old version of each comparison: enough for
	// changes listed newest first, and half the memory when one Comparer
	// is kept per file.
	OldOnly bool
}

type parsed struct {
	path string
	data []byte
	v    *version
}

// parse is parse, answered from the memo when it holds the same version.
func (c *Comparer) parse(p string, in Version, k model.Kind) *version {
	if in.Err == nil {
		for _, m := range c.memo {
			if m.v != nil && m.path == p && bytes.Equal(m.data, in.Data) {
				return m.v
			}
		}
	}
	return parse(p, in, k)
}

// remember is the memo entry of a parsed version; none for a version that
// was not read.
func remember(p string, in Version, v *version) parsed {
	if in.Err != nil || v == nil {
		return parsed{}
	}
	return parsed{p, in.Data, v}
}

// Compare is Compare, reusing the versions of the previous comparison.
func (c *Comparer) Compare(p string, old, new Version) *Entity {
	if !old.exists() && !new.exists() {
		return compare(p, nil, nil)
	}
	k, _, _ := model.ParsePath(p)
	var a, b *version
	if old.exists() {
		a = c.parse(p, old, k)
	}
	if new.exists() {
		b = c.parse(p, new, k)
	}
	c.memo = [2]parsed{remember(p, old, a), remember(p, new, b)}
	if c.OldOnly {
		c.memo[1] = parsed{}
	}
	return compare(p, a, b)
}

// Parsed is a version of an entity file parsed for comparison, so that each
// version is parsed once however many comparisons it takes part in, on any
// goroutine: CompareParsed only reads it. nil is an absent file.
type Parsed struct {
	v *version
}

// Parse parses version in of the entity file at p; nil when in is absent.
func Parse(p string, in Version) *Parsed {
	if !in.exists() {
		return nil
	}
	k, _, _ := model.ParsePath(p)
	return &Parsed{parse(p, in, k)}
}

// Parts is what a parsed version holds, for a cache of parsed versions:
// the file as JSON values (map[string]any, []any, string, json.Number,
// bool, nil), its title, an agreement's decoded value, and Err, why it
// could not be compared ("" when it could).
type Parts struct {
	Tree      any
	Title     string
	Agreement *model.Agreement
	Err       string
}

// Parts returns what p holds; p must not be nil. The values are shared:
// they must not be changed.
func (p *Parsed) Parts() Parts {
	return Parts{Tree: p.v.tree, Title: p.v.title, Agreement: p.v.agreement, Err: p.v.err}
}

// Status is the version's spec.status: "" when it has none or does not
// parse.
func (p *Parsed) Status() string { return p.v.status() }

// FromParts is the Parsed that holds parts, as Parse made it.
func FromParts(parts Parts) *Parsed {
	return &Parsed{&version{tree: parts.Tree, title: parts.Title, agreement: parts.Agreement, err: parts.Err}}
}

// CompareParsed is Compare of two parsed versions of the file at p.
func CompareParsed(p string, old, new *Parsed) *Entity {
	var a, b *version
	if old != nil {
		a = old.v
	}
	if new != nil {
		b = new.v
	}
	return compare(p, a, b)
}

// compare compares two parsed versions of the file at p; nil is absent.
func compare(p string, a, b *version) *Entity {
	e := &Entity{Path: p, Change: Modified}
	e.Kind, e.ID, _ = model.ParsePath(p)
	switch {
	case a == nil && b == nil:
		return e
	case a == nil:
		e.Change = Added
	case b == nil:
		e.Change = Removed
	}
	var errs []string
	if a != nil && a.err != "" {
		errs = append(errs, "old version: "+a.err)
	}
	if b != nil && b.err != "" {
		errs = append(errs, "new version: "+b.err)
	}
	e.Error = strings.Join(errs, "; ")
	for _, v := range []*version{b, a} {
		if v != nil && v.title != "" {
			e.Title = v.title
			break
		}
	}
	if e.Change != Modified || e.Error != "" {
		if e.Change == Added && b != nil && b.agreement != nil {
			e.MustAccept = mustAccept(b.agreement)
		}
		return e
	}
	d := differ{rank: keyRank(e.Kind)}
	d.diff(nil, nil, a.tree, b.tree)
	e.Changes = d.out
	if sa, sb := a.status(), b.status(); sa != sb {
		e.Status = &Transition{From: sa, To: sb}
	}
	if a.agreement != nil && b.agreement != nil {
		if e.Amendments = newAmendments(a.agreement.Spec.Amendments, b.agreement.Spec.Amendments); len(e.Amendments) > 0 {
			kept := e.Changes[:0]
			for _, c := range e.Changes {
				if c.Path != "amendments" && !strings.HasPrefix(c.Path, "amendments.") && !strings.HasPrefix(c.Path, "amendments[") {
					kept = append(kept, c)
				}
			}
			e.Changes = kept
		}
		if m, ok := minutes(a.agreement, b.agreement); ok && !m.Empty() {
			e.Minutes = &m
			kept := e.Changes[:0]
			for _, c := range e.Changes {
				if !isMinutesPath(c.Path) {
					kept = append(kept, c)
				}
			}
			e.Changes = kept
		}
		from, to := a.agreement.TermsDigest(), b.agreement.TermsDigest()
		e.Terms = &Terms{From: from, To: to, Changed: from != to}
		if e.Terms.Changed {
			e.MustAccept = mustAccept(b.agreement)
		}
	}
	return e
}

// ranks caches model.KeyRank per kind: it walks the model's types, and a
// log compares thousands of versions.
var ranks sync.Map // model.Kind -> func(path []string, key string) int

func keyRank(k model.Kind) func(path []string, key string) int {
	if r, ok := ranks.Load(k); ok {
		return r.(func(path []string, key string) int)
	}
	r := model.KeyRank(k)
	ranks.Store(k, r)
	return r
}

// newAmendments lists the amendments of b that a does not have, in b's order.
func newAmendments(a, b []model.Amendment) []model.Amendment {
	var out []model.Amendment
	used := make([]bool, len(a))
	for _, y := range b {
		found := false
		for i, x := range a {
			if !used[i] && reflect.DeepEqual(x, y) {
				used[i], found = true, true
				break
			}
		}
		if !found {
			out = append(out, y)
		}
	}
	return out
}

// mustAccept lists the parties of a proposed or active agreement that have
// not accepted its current terms.
func mustAccept(a *model.Agreement) []string {
	if a.Spec.Status != model.AgreementProposed && a.Spec.Status != model.AgreementActive {
		return nil
	}
	return agreement.MustAccept(a)
}

// Status is the status (spec.status) of a version of the entity file at p;
// "" when it has none or does not parse.
func Status(p string, data []byte) string {
	k, _, _ := model.ParsePath(p)
	return parse(p, Version{Data: data}, k).status()
}

type version struct {
	tree      any
	title     string
	agreement *model.Agreement
	err       string
}

func (v *version) status() string {
	m, _ := v.tree.(map[string]any)
	spec, _ := m["spec"].(map[string]any)
	s, _ := spec["status"].(string)
	return s
}

func parse(p string, in Version, k model.Kind) *version {
	var doc *yamldoc.Doc
	var ds diag.List
	if in.Err != nil {
		ds = yamldoc.ReadError(p, in.Err)
	} else {
		doc, ds = yamldoc.Parse(p, in.Data)
	}
	if doc != nil {
		v := &version{tree: doc.JSON()}
		if k == model.KindAgreement {
			// Without its decoded value an agreement has no terms digest:
			// who must accept again would go unsaid. Its header is inline,
			// so one decode gives the title too; the header alone is
			// decoded only to report a failure as before.
			a := &model.Agreement{}
			if doc.Decode(a) == nil {
				v.title, v.agreement = a.Metadata.Title, a
				return v
			}
		}
		var hdr model.Header
		err := doc.Decode(&hdr)
		v.title = hdr.Metadata.Title
		if err == nil && k == model.KindAgreement {
			v.agreement = &model.Agreement{}
			err = doc.Decode(v.agreement)
		}
		if err == nil {
			return v
		}
		ds = doc.DecodeErrors(err)
	}
	msg := "cannot be parsed"
	if len(ds) > 0 {
		msg = ds[0].Message
		if ds[0].Line > 0 {
			msg = fmt.Sprintf("line %d: %s", ds[0].Line, msg)
		}
	}
	return &version{err: msg}
}

type differ struct {
	rank func(path []string, key string) int
	out  []Change
}

// diff compares a and b at the display path shown and the schema path
// schema (mapping keys, "[]" for list items, as model.KeyRank wants).
func (d *differ) diff(shown, schema []string, a, b any) {
	// Most of a file is the same in both versions: an equal part yields
	// no change, so it is not walked key by key.
	if equal(a, b) {
		return
	}
	switch av := a.(type) {
	case map[string]any:
		if bv, ok := b.(map[string]any); ok {
			d.diffMaps(shown, schema, av, bv)
			return
		}
	case []any:
		if bv, ok := b.([]any); ok {
			d.diffLists(shown, schema, av, bv)
			return
		}
	}
	if !equal(a, b) {
		d.add(shown, Change{Op: opOf(a, b), Old: a, New: b})
	}
}

func opOf(a, b any) string {
	switch {
	case a == nil:
		return Added
	case b == nil:
		return Removed
	}
	return Changed
}

func (d *differ) add(shown []string, c Change) {
	c.Path = renderPath(shown)
	d.out = append(d.out, c)
}

func (d *differ) diffMaps(shown, schema []string, a, b map[string]any) {
	// Only the keys whose values differ are ordered and walked.
	var keys []string
	for k, av := range a {
		if bv, ok := b[k]; !ok || !equal(av, bv) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := d.rank(schema, keys[i]), d.rank(schema, keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		av, inA := a[k]
		bv, inB := b[k]
		sh := append(append([]string(nil), shown...), k)
		sc := append(append([]string(nil), schema...), k)
		switch {
		case !inA:
			d.add(sh, Change{Op: Added, New: bv})
		case !inB:
			d.add(sh, Change{Op: Removed, Old: av})
		default:
			d.diff(sh, sc, av, bv)
		}
	}
}

// keyFields name list items, in order of preference.
var keyFields = []string{"id", "email", "person", "team", "party", "name", "title"}

// itemKeys returns a key for each item, or false when the list is not a list
// of mappings that all have a key. Repeated keys get "#2", "#3" ....
func itemKeys(items []any) ([]string, bool) {
	keys := make([]string, len(items))
	seen := map[string]int{}
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, false
		}
		k := ""
		for _, f := range keyFields {
			if s, ok := m[f].(string); ok && s != "" {
				k = s
				break
			}
		}
		if k == "" {
			return nil, false
		}
		seen[k]++
		if n := seen[k]; n > 1 {
			k = fmt.Sprintf("%s#%d", k, n)
		}
		keys[i] = k
	}
	return keys, true
}

func (d *differ) diffLists(shown, schema []string, a, b []any) {
	sc := append(append([]string(nil), schema...), "[]")
	ka, okA := itemKeys(a)
	kb, okB := itemKeys(b)
	if okA && okB {
		old := map[string]any{}
		for i, k := range ka {
			old[k] = a[i]
		}
		inB := map[string]bool{}
		for i, k := range kb {
			inB[k] = true
			ov, ok := old[k]
			if ok && equal(ov, b[i]) {
				continue
			}
			sh := append(append([]string(nil), shown...), k)
			if ok {
				d.diff(sh, sc, ov, b[i])
			} else {
				d.add(sh, Change{Op: Added, New: b[i]})
			}
		}
		for i, k := range ka {
			if !inB[k] {
				d.add(append(append([]string(nil), shown...), k), Change{Op: Removed, Old: a[i]})
			}
		}
		return
	}
	// Lists without keys compare as multisets of values: what was removed
	// and what was added; a pure reordering is a change of order.
	used := make([]bool, len(b))
	var removed []any
	for _, av := range a {
		found := false
		for j, bv := range b {
			if !used[j] && equal(av, bv) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			removed = append(removed, av)
		}
	}
	for _, v := range removed {
		d.add(shown, Change{Op: Removed, Old: v})
	}
	added := 0
	for j, bv := range b {
		if !used[j] {
			added++
			d.add(shown, Change{Op: Added, New: bv})
		}
	}
	if len(removed) == 0 && added == 0 && !equal(a, b) {
		d.add(shown, Change{Op: Changed, Old: a, New: b})
	}
}

// equal is reflect.DeepEqual, without reflection for the types of a
// parsed tree (yamldoc's JSON types).
func equal(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) || (x == nil) != (y == nil) {
			return false
		}
		for i := range x {
			if !equal(x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

var plainSegment = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9@._#-]+$`) })

func renderPath(shown []string) string {
	if len(shown) > 1 && shown[0] == "spec" {
		shown = shown[1:]
	}
	var b strings.Builder
	for i, s := range shown {
		if !plainSegment().MatchString(s) {
			b.WriteString("[" + s + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

// Format renders a value compactly on one line: scalars as written, lists
// and mappings in YAML flow style.
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case json.Number:
		return x.String()
	case bool:
		return fmt.Sprint(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = Format(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = k + ": " + Format(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}
