// Package merge merges three versions of one collab file by meaning: the
// common ancestor (base), our version and their version, as a git merge
// driver sees them.
//
// The rules, by what a part of the file is:
//
//   - Mappings merge key by key; a key added, changed or removed on one side
//     only takes that side's change. OURS's key order is kept; a key only
//     THEIRS added goes after the key it follows there.
//   - Lists of records with an identity (commitments and key results by id,
//     options by title, metrics, service levels and services by name,
//     members by email, parties by team, stakeholders by person and team,
//     parameters by kind and text; any other list of records that all carry
//     an id) merge record by record. A record added on both sides with
//     different content, or removed on one side and changed on the other,
//     is a conflict.
//   - Append-only logs (checkins, acceptances, readings, amendments,
//     actions, actionItems) are the union of both sides, ordered by date
//     then by author (`by`), duplicates removed. An acceptance whose terms
//     digest no longer matches the merged terms stays: validate reports it
//     as stale, as after any other change.
//   - Lists of plain values (teams, goals, escalation ...) merge as sets,
//     keeping OURS's order.
//   - A key result's `current` follows the merged check-ins: it is the
//     latest reading by date.
//   - A scalar changed on both sides to different values is a conflict.
//
// A conflict leaves git-style markers around that field (or record) only,
// with the field named on the opening marker, OURS's version first, then
// BASE's, then THEIRS's. The rest of the file is written as OURS wrote it:
// comments, key order and every line no change touched stay as they were.
package merge

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// Conflict is one part of the file that needs a person.
type Conflict struct {
	Field  string `json:"field"`  // e.g. spec.commitments[deliver-feature].due; empty for the whole file
	Reason string `json:"reason"` // what happened on each side
	Line   int    `json:"line"`   // of the opening marker in the merged text
}

// Result is the merged file.
type Result struct {
	Text      []byte
	Conflicts []Conflict
}

// Markers open, separate and close a conflict, as git writes them.
const (
	MarkOurs   = "<<<<<<<"
	MarkBase   = "|||||||"
	MarkSplit  = "======="
	MarkTheirs = ">>>>>>>"
)

// Reasons of conflicts.
const (
	bothChanged        = "changed on both sides"
	bothAdded          = "added on both sides with different content"
	removedOursChanged = "removed on theirs, changed on ours"
	removedTheirs      = "removed on ours, changed on theirs"
)

// Files merges the three versions of the file at path (path is used in
// messages only). base may be empty (the file was added on both sides).
// It never fails: a side that does not parse makes the whole file one
// conflict.
func Files(path string, base, ours, theirs []byte) Result {
	if bytes.Equal(ours, theirs) {
		return Result{Text: bytes.Clone(ours)}
	}
	od, ds := yamldoc.Parse(path, ours)
	if od == nil {
		return whole(base, ours, theirs, "OURS does not parse: "+ds[0].Message)
	}
	td, ds := yamldoc.Parse(path, theirs)
	if td == nil {
		return whole(base, ours, theirs, "THEIRS does not parse: "+ds[0].Message)
	}
	var bn *yaml.Node
	bd, _ := yamldoc.Parse(path, base)
	if bd != nil {
		bn = bd.Node
	}
	m := &merger{}
	merged, reason := m.node("", bn, od.Node, td.Node, false)
	if reason != "" {
		return whole(base, ours, theirs, "the top level "+reason)
	}
	followLog(merged, od.Node)
	*od.Node = *merged
	text, err := od.Bytes()
	if err != nil {
		return whole(base, ours, theirs, err.Error())
	}
	if len(m.conflicts) == 0 {
		return Result{Text: text}
	}
	return m.mark(text, od.Node, base, theirs)
}

// whole makes the whole file one conflict.
func whole(base, ours, theirs []byte, reason string) Result {
	var b bytes.Buffer
	side := func(mark string, text []byte) {
		b.WriteString(mark + "\n")
		b.Write(text)
		if len(text) > 0 && !bytes.HasSuffix(text, []byte("\n")) {
			b.WriteString("\n")
		}
	}
	side(MarkOurs+" ours # "+reason, ours)
	side(MarkBase+" base", base)
	side(MarkSplit, theirs)
	b.WriteString(MarkTheirs + " theirs\n")
	return Result{Text: b.Bytes(), Conflicts: []Conflict{{Reason: reason, Line: 1}}}
}

// pending is a conflict found in the trees, before it is marked in text.
type pending struct {
	field, reason string
	target        *yaml.Node // key node (a field) or item node (a record) in the merged tree
	theirs, base  loc        // the same in THEIRS and BASE; zero when absent there
	oursEmpty     bool       // OURS removed it: the merged tree holds THEIRS's version
	theirsEmpty   bool       // THEIRS removed it
}

// loc is a field (key and value) or, with key nil, a record of a list.
type loc struct{ key, val *yaml.Node }

type merger struct{ conflicts []*pending }

func (m *merger) conflict(field, reason string, target *yaml.Node, theirs, base loc) *pending {
	p := &pending{field: field, reason: reason, target: target, theirs: theirs, base: base}
	m.conflicts = append(m.conflicts, p)
	return p
}

// node merges one value. It returns the merged node and, when the value
// itself is a conflict the caller must mark, the reason (the merged node is
// then OURS's).
func (m *merger) node(at string, b, o, t *yaml.Node, item bool) (*yaml.Node, string) {
	if equal(o, t) {
		return o, ""
	}
	if o.Kind == t.Kind && (o.Kind == yaml.MappingNode || o.Kind == yaml.SequenceNode) {
		if b != nil && b.Kind != o.Kind {
			b = nil
		}
		n := len(m.conflicts)
		var r *yaml.Node
		reason := ""
		if o.Kind == yaml.MappingNode {
			r, reason = m.mapping(at, b, o, t, item)
		} else {
			r = m.sequence(at, b, o, t)
		}
		// A flow collection sits on one line: mark it whole.
		if reason == "" && len(m.conflicts) > n && (o.Style|t.Style)&yaml.FlowStyle != 0 {
			reason = bothChanged
		}
		if reason != "" {
			m.conflicts = m.conflicts[:n]
			return o, reason
		}
		return r, ""
	}
	switch {
	case b != nil && equal(b, o):
		return t, ""
	case b != nil && equal(b, t):
		return o, ""
	case derived(at):
		return o, "" // recomputed from the merged log by followLog
	}
	return o, bothChanged
}

// derived reports whether the field at is computed from a log.
func derived(at string) bool {
	return strings.HasPrefix(at, "spec.keyResults[") && strings.HasSuffix(at, "].current")
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// get returns the key and value nodes of key in mapping m (nil-safe).
func get(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

func firstKey(m *yaml.Node, key *yaml.Node) bool {
	return m != nil && m.Kind == yaml.MappingNode && len(m.Content) > 0 && key != nil && m.Content[0].Value == key.Value
}

// mapping merges two mappings key by key. item is true for a record of a
// list: a conflict on a key written on the record's "- " line is then the
// record's conflict (the reason is returned).
func (m *merger) mapping(at string, b, o, t *yaml.Node, item bool) (*yaml.Node, string) {
	var out []*yaml.Node
	inOurs := map[string]bool{}
	for i := 0; i+1 < len(o.Content); i += 2 {
		ok, ov := o.Content[i], o.Content[i+1]
		k := ok.Value
		inOurs[k] = true
		f := join(at, k)
		bk, bv := get(b, k)
		tk, tv := get(t, k)
		switch {
		case tv == nil && bv == nil: // added on ours
		case tv == nil && equal(bv, ov): // removed on theirs
			continue
		case tv == nil:
			if item && firstKey(o, ok) {
				return o, removedOursChanged
			}
			m.conflict(f, removedOursChanged, ok, loc{}, loc{bk, bv}).theirsEmpty = true
		default:
			nv, reason := m.node(f, bv, ov, tv, false)
			if reason != "" {
				if item && (firstKey(o, ok) || firstKey(t, tk) || firstKey(b, bk)) {
					return o, reason
				}
				m.conflict(f, reason, ok, loc{tk, tv}, loc{bk, bv})
			}
			ov = nv
		}
		out = append(out, ok, ov)
	}
	for j := 0; j+1 < len(t.Content); j += 2 {
		tk, tv := t.Content[j], t.Content[j+1]
		k := tk.Value
		if inOurs[k] {
			continue
		}
		bk, bv := get(b, k)
		if bv != nil && equal(bv, tv) { // removed on ours
			continue
		}
		if bv != nil && item && firstKey(t, tk) {
			return o, removedTheirs
		}
		// After the key it follows in THEIRS.
		pos := 0
	find:
		for p := j - 2; p >= 0; p -= 2 {
			for q := 0; q < len(out); q += 2 {
				if out[q].Value == t.Content[p].Value {
					pos = q + 2
					break find
				}
			}
		}
		out = slices.Insert(out, pos, tk, tv)
		if bv != nil {
			m.conflict(join(at, k), removedTheirs, tk, loc{tk, tv}, loc{bk, bv}).oursEmpty = true
		}
	}
	r := *o
	r.Content = out
	return &r, ""
}

// logs are the append-only lists: the union of both sides, by date.
var logs = map[string]bool{
	"checkins": true, "acceptances": true, "readings": true,
	"amendments": true, "actions": true, "actionItems": true,
}

// identities names the fields that identify a record in lists of records
// without an id.
var identities = map[string][]string{
	"options":       {"title"},
	"metrics":       {"name"},
	"serviceLevels": {"name"},
	"services":      {"name"},
	"members":       {"email"},
	"parties":       {"team"},
	"stakeholders":  {"person", "team"},
	"parameters":    {"kind", "text"},
}

// listName is the key a list is the value of ("" for a list in a list).
func listName(at string) string {
	if i := strings.LastIndexByte(at, '.'); i >= 0 {
		at = at[i+1:]
	}
	if strings.HasSuffix(at, "]") {
		return ""
	}
	return at
}

// identity returns how records of the list named name are told apart.
func identity(name string, lists ...*yaml.Node) (key func(*yaml.Node) string, byContent bool) {
	fields := identities[name]
	if logs[name] {
		fields = nil
	} else if fields == nil {
		all := false
		for _, l := range lists {
			if l == nil {
				continue
			}
			for _, n := range l.Content {
				_, id := get(n, "id")
				if id == nil || id.Kind != yaml.ScalarNode {
					return canon, true
				}
				all = true
			}
		}
		if all {
			fields = []string{"id"}
		}
	}
	if fields == nil {
		return canon, true
	}
	return func(n *yaml.Node) string {
		var parts []string
		found := false
		for _, f := range fields {
			_, v := get(n, f)
			if v != nil && v.Kind == yaml.ScalarNode {
				parts = append(parts, v.Value)
				found = true
			} else {
				parts = append(parts, "")
			}
		}
		if !found {
			return "\x00" + canon(n)
		}
		return strings.Join(parts, "/")
	}, false
}

// keys gives every item its key; repeats get "#2", "#3" ... so that a side
// holding the same record twice keeps both.
func keys(l *yaml.Node, key func(*yaml.Node) string) []string {
	if l == nil {
		return nil
	}
	seen := map[string]int{}
	out := make([]string, len(l.Content))
	for i, n := range l.Content {
		k := key(n)
		seen[k]++
		if c := seen[k]; c > 1 {
			k += "#" + strconv.Itoa(c)
		}
		out[i] = k
	}
	return out
}

func index(l *yaml.Node, ks []string) map[string]*yaml.Node {
	m := map[string]*yaml.Node{}
	for i, k := range ks {
		m[k] = l.Content[i]
	}
	return m
}

// sequence merges two lists (see the package comment for the rules).
func (m *merger) sequence(at string, b, o, t *yaml.Node) *yaml.Node {
	name := listName(at)
	key, byContent := identity(name, b, o, t)
	bm := map[string]*yaml.Node{}
	if b != nil {
		bm = index(b, keys(b, key))
	}
	oks, tks := keys(o, key), keys(t, key)
	om, tm := index(o, oks), index(t, tks)
	label := func(k string, i int) string {
		if byContent || strings.HasPrefix(k, "\x00") {
			return at + "[" + strconv.Itoa(i) + "]"
		}
		return at + "[" + k + "]"
	}

	var out []*yaml.Node
	var oursOnly []bool // out[i] was added on ours
	var outKeys []string
	add := func(pos int, n *yaml.Node, k string, ours bool) {
		out = slices.Insert(out, pos, n)
		oursOnly = slices.Insert(oursOnly, pos, ours)
		outKeys = slices.Insert(outKeys, pos, k)
	}
	fromTheirs := false
	for i, oi := range o.Content {
		k := oks[i]
		ti, bi := tm[k], bm[k]
		f := label(k, i)
		switch {
		case ti == nil && bi == nil:
			add(len(out), oi, k, true)
		case ti == nil && equal(bi, oi):
			fromTheirs = true
		case ti == nil:
			add(len(out), oi, k, false)
			m.conflict(f, removedOursChanged, oi, loc{}, loc{nil, bi}).theirsEmpty = true
		case bi == nil && !equal(oi, ti):
			add(len(out), oi, k, false)
			m.conflict(f, bothAdded, oi, loc{nil, ti}, loc{})
		default:
			nv, reason := m.node(f, bi, oi, ti, true)
			add(len(out), nv, k, false)
			if reason != "" {
				m.conflict(f, reason, nv, loc{nil, ti}, loc{nil, bi})
			}
		}
	}
	for j, ti := range t.Content {
		k := tks[j]
		if om[k] != nil {
			continue
		}
		bi := bm[k]
		if bi != nil && equal(bi, ti) { // removed on ours
			continue
		}
		fromTheirs = true
		// After the record it follows in THEIRS and after what OURS added there.
		pos := 0
		for p := j - 1; p >= 0; p-- {
			if q := slices.Index(outKeys, tks[p]); q >= 0 {
				pos = q + 1
				break
			}
		}
		for pos < len(out) && oursOnly[pos] {
			pos++
		}
		add(pos, ti, k, false)
		if bi != nil {
			m.conflict(label(k, j), removedTheirs, ti, loc{nil, ti}, loc{nil, bi}).oursEmpty = true
		}
	}
	if logs[name] && fromTheirs {
		sortLog(out)
	}
	r := *o
	r.Content = out
	return &r
}

// sortLog orders a log by date, then by author, when every entry has a
// date; entries of the same date and author keep their order.
func sortLog(l []*yaml.Node) {
	field := func(n *yaml.Node, k string) string {
		_, v := get(n, k)
		if v == nil || v.Kind != yaml.ScalarNode {
			return ""
		}
		return v.Value
	}
	for _, n := range l {
		if field(n, "date") == "" {
			return
		}
	}
	slices.SortStableFunc(l, func(a, b *yaml.Node) int {
		return cmp.Or(cmp.Compare(field(a, "date"), field(b, "date")), cmp.Compare(field(a, "by"), field(b, "by")))
	})
}

// followLog sets each key result's current to its latest reading in the
// merged check-ins, when the merge changed OURS's check-ins.
func followLog(root, ours *yaml.Node) {
	_, spec := get(root, "spec")
	_, checkins := get(spec, "checkins")
	_, krs := get(spec, "keyResults")
	_, ospec := get(ours, "spec")
	_, ocheckins := get(ospec, "checkins")
	if checkins == nil || krs == nil || krs.Kind != yaml.SequenceNode || checkins.Kind != yaml.SequenceNode || equal(checkins, ocheckins) {
		return
	}
	latest := map[string]*yaml.Node{}
	date := map[string]string{}
	for _, c := range checkins.Content {
		_, d := get(c, "date")
		_, vals := get(c, "values")
		if d == nil || vals == nil || vals.Kind != yaml.MappingNode {
			continue
		}
		for i := 0; i+1 < len(vals.Content); i += 2 {
			id, v := vals.Content[i].Value, vals.Content[i+1]
			if v.Kind == yaml.ScalarNode && d.Value >= date[id] {
				latest[id], date[id] = v, d.Value
			}
		}
	}
	for _, kr := range krs.Content {
		_, id := get(kr, "id")
		if id == nil || latest[id.Value] == nil {
			continue
		}
		v := latest[id.Value]
		ck, cur := get(kr, "current")
		if cur != nil && equal(cur, v) {
			continue
		}
		nv := &yaml.Node{Kind: yaml.ScalarNode, Tag: v.Tag, Value: v.Value, Style: v.Style &^ yaml.FlowStyle}
		if cur == nil {
			kr.Content = append(kr.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: "current"}, nv)
			continue
		}
		nv.LineComment = cur.LineComment
		for i := range kr.Content {
			if kr.Content[i] == ck {
				kr.Content[i+1] = nv
			}
		}
	}
}

// value is what a node means.
func value(n *yaml.Node) any {
	var v any
	if err := n.Decode(&v); err != nil {
		return n.Value
	}
	return v
}

func equal(a, b *yaml.Node) bool {
	if a == nil || b == nil {
		return a == b
	}
	return reflect.DeepEqual(value(a), value(b))
}

// canon is a node's meaning as text: equal meanings, equal text.
func canon(n *yaml.Node) string {
	v := value(n)
	if j, err := json.Marshal(v); err == nil {
		return string(j)
	}
	return fmt.Sprintf("%#v", v)
}

// The merge driver as git is told of it: `git config merge.collab.driver`
// and a "merge=collab" attribute on the entity files.
const (
	DriverName    = "collab merge by meaning"
	DriverCommand = "collab merge-file %O %A %B --path %P"
	Attribute     = "merge=collab"
)

// Attributes are the .gitattributes lines that give the entity files of a
// workspace in folder prefix ("" at the root of the work tree, else ending
// in "/") to the merge driver.
func Attributes(prefix string) []string {
	var out []string
	for _, k := range model.EntityKinds {
		out = append(out, prefix+k.Dir()+"/*.yaml "+Attribute)
	}
	return out
}

// Describe is the line that tells a person about conflict c in the file at
// path: "path:line: conflict: field: reason".
func Describe(path string, c Conflict) string {
	field := c.Field
	if field == "" {
		field = "the whole file"
	}
	return fmt.Sprintf("%s:%d: conflict: %s: %s", path, c.Line, field, c.Reason)
}

// HasMarkers reports whether text still holds an opening conflict marker.
func HasMarkers(text []byte) bool {
	return bytes.HasPrefix(text, []byte(MarkOurs+" ")) || bytes.Contains(text, []byte("\n"+MarkOurs+" "))
}

// Hint tells a person how to finish a file with conflicts.
const Hint = "keep one side between the " + MarkOurs + " and " + MarkTheirs + " markers, remove the markers, run collab validate, then git add the file"
