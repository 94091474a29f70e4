// Package validate checks a loaded workspace: every file against its JSON
// Schema, then references between entities, lifecycle invariants and
// workspace policy. It collects every finding as a positioned diagnostic and
// never stops at the first.
package validate

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// Options tune the checks.
type Options struct {
	// AsOf is "today" for date-dependent warnings (stale goals, overdue
	// commitments, past reviews). When empty, those warnings are skipped.
	AsOf model.Date
	// SchemaFiles, when not nil, limits the JSON Schema check to these
	// paths. A write validates only what it changed against the schemas
	// (the expensive part) and every file's references.
	SchemaFiles map[string]bool
	// Positions, when not nil, limits line and column numbers to the
	// diagnostics in these paths; the others have none (0:0), so that a
	// file whose value came from the load cache need not be parsed just to
	// place a diagnostic nobody will read (a write keeps only the errors it
	// caused elsewhere, compared without positions).
	Positions map[string]bool
	// Files, when not nil, limits the checks to these paths: the others
	// are not checked and their loading diagnostics are left out. A write
	// checks the files its change can reach (workspace.Reach), before
	// and after, and compares.
	Files map[string]bool
}

// Diagnostic codes. They are stable: scripts and CI annotations may match them.
// Each code has one severity.
const (
	// Files (files.go, schema.go).
	CodeSchema       = "schema"            // the file does not match the JSON Schema of its kind
	CodeKindMismatch = "kind-mismatch"     // a file of another kind in this folder
	CodeStaleSchema  = "stale-schema-copy" // warning: .collab/schema/ differs from the binary's schemas
	CodeFileName     = "invalid-file-name" // the file name is not a valid id
	CodeIDMismatch   = "id-mismatch"       // metadata.id differs from the file name
	CodeDuplicateID  = "duplicate-id"      // metadata.id is the id of another file of the kind
	CodeControlChar  = "control-character" // a control, separator or bidi character in text (text.go)

	// Teams (team.go).
	CodeLeadNotMember   = "lead-not-member"
	CodeDuplicateMember = "duplicate-member"
	CodeReviewer        = "invalid-reviewer" // not one CODEOWNERS token

	// References shared by several kinds.
	CodeUnknownTeam          = "unknown-team"
	CodeDuplicateTeam        = "duplicate-team"
	CodeUnknownPerson        = "unknown-person" // an owner or escalation contact in no team
	CodeNotMember            = "not-member"     // an owner who is not a member of the party's team
	CodeUnknownGoal          = "unknown-goal"
	CodeCheckinUnknownPerson = "checkin-unknown-person" // warning
	CodeCheckinFuture        = "checkin-future"         // a check-in dated after today (--as-of)

	// Goals (goal.go).
	CodeParentCycle        = "parent-cycle"
	CodeNoKeyResults       = "no-key-results"
	CodeNoTarget           = "no-target"
	CodeTargetIsBaseline   = "target-equals-baseline"
	CodeDuplicateKeyResult = "duplicate-key-result"
	CodeUnknownKeyResult   = "unknown-key-result"
	CodePeriodOrder        = "period-order"
	CodeGoalStale          = "goal-stale"   // warning
	CodePeriodEnded        = "period-ended" // warning

	// Agreements (agreement.go, policy.go).
	CodeDuplicateParty       = "duplicate-party"
	CodeTooFewParties        = "too-few-parties"
	CodeUnknownParty         = "unknown-party"
	CodeUnknownAgreement     = "unknown-agreement"
	CodeSuccessorNotAccepted = "successor-not-accepted"
	CodeDuplicateCommitment  = "duplicate-commitment"
	CodeUnknownCommitment    = "unknown-commitment"
	CodeDependsCycle         = "depends-cycle"
	CodeAcceptanceStale      = "acceptance-stale"
	CodeAcceptanceMissing    = "acceptance-missing"
	CodeAcceptanceNotMember  = "acceptance-not-member"
	CodeCommitmentIncomplete = "commitment-incomplete" // warning
	CodeDueBeforeDependency  = "due-before-dependency" // warning
	CodeOverdue              = "overdue"               // warning
	CodeCheckinOverdue       = "checkin-overdue"       // warning
	CodeReviewOverdue        = "review-overdue"        // warning
	CodeMinOptions           = "min-options"           // warning
	CodeAttendeeNotParty     = "attendee-not-party"    // a check-in attendee or action owner who is not a party member or escalation contact
	CodeChosenOptions        = "chosen-options"        // warning
	CodeUnknownParameter     = "unknown-parameter"
	CodeMeetsAndBreaks       = "meets-and-breaks"
	CodeOptionBreaksHard     = "option-breaks-hard"

	// Stakeholder maps (stakeholders.go).
	CodeUnknownSubject           = "unknown-subject"
	CodeNoAccountable            = "no-accountable"
	CodeMultipleAccountable      = "multiple-accountable"
	CodeNoResponsible            = "no-responsible"
	CodeStakeholderNotMember     = "stakeholder-not-member"     // warning
	CodeStakeholderUnknownPerson = "stakeholder-unknown-person" // warning
	CodeMissingStakeholder       = "missing-stakeholder"        // warning
	CodeResistantNoNote          = "resistant-no-note"          // warning
	CodeNoStakeholders           = "no-stakeholders"            // warning: an empty map is being built
	CodeDuplicateStakeholder     = "duplicate-stakeholder"      // warning
)

// Workspace runs every check on a loaded workspace and returns all
// diagnostics, including those found while loading, sorted.
func Workspace(w *workspace.Workspace, opts Options) diag.List {
	c := newChecker(w, opts)
	files := w.Files
	if opts.Files != nil {
		files = nil
		for _, e := range w.Files {
			if opts.Files[e.Path] {
				files = append(files, e)
			}
		}
	}
	per := make([]diag.List, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				per[i] = c.file(files[i])
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	// A value that cannot be decoded is reported by the schema check when it
	// ran on the file, with a clearer message; the decode error stays
	// otherwise, so that no undecodable file passes.
	schemaErr := map[string]bool{}
	for _, l := range per {
		for _, d := range l {
			if d.Code == CodeSchema {
				schemaErr[d.File] = true
			}
		}
	}
	var out diag.List
	for _, d := range w.Diags {
		if opts.Files != nil && !opts.Files[d.File] {
			continue
		}
		if d.Code != yamldoc.CodeDecode || !schemaErr[d.File] {
			out = append(out, d)
		}
	}
	for _, l := range per {
		out = append(out, l...)
	}
	out.Sort()
	return out
}

// checker holds the indexes every check shares. It is read-only once built,
// so files are checked in parallel.
type checker struct {
	w           *workspace.Workspace
	asOf        model.Date
	policy      model.Policy
	schemaFiles map[string]bool
	positions   map[string]bool

	// files[kind][id] is the loaded file of each id (the first one, as the
	// workspace indexes them); it exists even when the file is unreadable.
	files map[model.Kind]map[string]*workspace.Entity
	// teams are the teams whose members are known: decoded, with members.
	// A team file without members is an error of its own, and checking
	// other files against its empty list would only repeat it.
	teams map[string]*model.Team
	// teamsOf maps an email to the ids of the teams it is a member of.
	teamsOf map[string][]string
	// allTeamsRead is false when some team's members are unknown: then
	// "is in no team" cannot be decided and is not reported.
	allTeamsRead bool

	// stream is set when files are checked as they are read (Dir): the
	// checks that read other files of the same kind wait in it until
	// every file of the kind is read.
	stream *stream
}

func newChecker(w *workspace.Workspace, opts Options) *checker {
	c := newFileChecker(w, opts)
	c.indexTeams()
	return c
}

// newFileChecker is a checker that knows every file by kind and id but no
// team yet (see indexTeams).
func newFileChecker(w *workspace.Workspace, opts Options) *checker {
	c := &checker{
		w:           w,
		asOf:        opts.AsOf,
		schemaFiles: opts.SchemaFiles,
		positions:   opts.Positions,
		policy:      w.Policy(),
		files:       map[model.Kind]map[string]*workspace.Entity{},
	}
	if c.asOf != "" && !c.asOf.Valid() {
		c.asOf = ""
	}
	// Sized first: growing maps of thousands of files one by one took
	// most of this, and a write makes a checker twice.
	n := map[model.Kind]int{}
	for _, e := range w.Files {
		n[e.Kind]++
	}
	for _, k := range model.EntityKinds {
		c.files[k] = make(map[string]*workspace.Entity, n[k])
	}
	for _, e := range w.Files {
		if m := c.files[e.Kind]; m != nil {
			if _, dup := m[e.ID]; !dup {
				m[e.ID] = e
			}
		}
	}
	return c
}

// indexTeams indexes the members of the workspace's teams.
func (c *checker) indexTeams() {
	c.teams, c.teamsOf, c.allTeamsRead = map[string]*model.Team{}, map[string][]string{}, true
	for _, e := range c.w.Files {
		if e.Kind == model.KindTeam && e.Value == nil {
			c.allTeamsRead = false
		}
	}
	for id, t := range c.w.Teams {
		if len(t.Spec.Members) == 0 {
			c.allTeamsRead = false
			continue
		}
		c.teams[id] = t
		seen := map[string]bool{}
		for _, m := range t.Spec.Members {
			if m.Email != "" && !seen[m.Email] {
				seen[m.Email] = true
				c.teamsOf[m.Email] = append(c.teamsOf[m.Email], id)
			}
		}
	}
	for _, ts := range c.teamsOf {
		sort.Strings(ts)
	}
}

// file runs every check that concerns one file.
func (c *checker) file(e *workspace.Entity) diag.List {
	schema := c.schemaFiles == nil || c.schemaFiles[e.Path]
	if schema {
		e.Parsed() // a file from the load cache is parsed for the schema check
	}
	// A file whose value came from the load cache is parsed only when a
	// diagnostic must be placed in it (see reporter.doc): its kind matched
	// its folder when it was cached, and checkFile reads its id from Value.
	cached := e.Cached()
	if e.Doc == nil && !cached {
		return nil // loading reported why
	}
	r := c.reporter(e)
	if !cached && !c.checkKind(r, e) {
		return r.list
	}
	if schema && e.Doc != nil {
		c.checkSchema(r, e)
		c.checkText(r, e)
	}
	c.checkFile(r, e)
	c.checkValue(r, e)
	return withoutRepeats(r.list, schemaAt(r.list))
}

func (c *checker) reporter(e *workspace.Entity) *reporter {
	return &reporter{file: e.Path, e: e, noPos: c.positions != nil && !c.positions[e.Path]}
}

// checkValue runs the checks of the file's kind on its decoded value.
func (c *checker) checkValue(r *reporter, e *workspace.Entity) {
	switch v := e.Value.(type) {
	case *model.Team:
		c.checkTeam(r, e, v)
	case *model.Goal:
		c.checkGoal(r, e, v)
	case *model.Agreement:
		c.checkAgreement(r, e, v)
		c.checkAgreementPolicy(r, e, v)
	case *model.StakeholderMap:
		c.checkMap(r, e, v)
	}
}

// schemaAt is the positions of the schema errors in l; nil when there are none.
func schemaAt(l diag.List) map[[2]int]bool {
	var at map[[2]int]bool
	for _, d := range l {
		if d.Code == CodeSchema {
			if at == nil {
				at = map[[2]int]bool{}
			}
			at[[2]int{d.Line, d.Col}] = true
		}
	}
	return at
}

// withoutRepeats drops from l every diagnostic other than a schema error at
// a position in schemaAt: a node the schema already rejected gets no second
// diagnostic from the reference checks (e.g. a malformed email is not also
// "in no team").
func withoutRepeats(l diag.List, schemaAt map[[2]int]bool) diag.List {
	if len(schemaAt) == 0 {
		return l
	}
	out := l[:0]
	for _, d := range l {
		if d.Code == CodeSchema || !schemaAt[[2]int{d.Line, d.Col}] {
			out = append(out, d)
		}
	}
	return out
}

// exists reports whether a file of kind k and id is in the workspace.
func (c *checker) exists(k model.Kind, id string) bool {
	_, ok := c.files[k][id]
	return ok
}

// known is the hint of an unknown id of kind k: the nearest ids.
func (c *checker) known(k model.Kind, id string) string {
	ids := make([]string, 0, len(c.files[k]))
	for id := range c.files[k] {
		ids = append(ids, id)
	}
	return workspace.IDHint(k, id, ids)
}

// inNoTeam reports whether email is a member of no team, when that can be decided.
func (c *checker) inNoTeam(email string) bool {
	return email != "" && c.allTeamsRead && len(c.teamsOf[email]) == 0
}

// member reports whether email is a member of team; ok is false when the
// team is unknown or unreadable (its own check reports that).
func (c *checker) member(team, email string) (is, ok bool) {
	t := c.teams[team]
	if t == nil {
		return false, false
	}
	return t.HasMember(email), true
}

// membersOf lists the members of a team for a hint.
func (c *checker) membersOf(team string) string {
	t := c.teams[team]
	if t == nil || len(t.Spec.Members) == 0 {
		return "no members"
	}
	em := t.Emails()
	if len(em) > 12 {
		em = append(em[:12], "...")
	}
	return "members: " + strings.Join(em, ", ")
}

// reporter collects the diagnostics of one file and positions them on nodes.
type reporter struct {
	file  string
	e     *workspace.Entity
	noPos bool // report without line and column (Options.Positions)
	list  diag.List
}

// doc is the file's document, parsed now when the entity came from the load
// cache; nil when it cannot be parsed (the file changed since the load).
func (r *reporter) doc() *yamldoc.Doc { return r.e.Parsed() }

// at reports on the value node at path, or on the deepest node of path that exists.
func (r *reporter) at(sev diag.Severity, code string, path []any, format string, args ...any) {
	line, col := r.pos(path, false)
	r.list.Add(r.file, line, col, sev, code, format, args...)
}

// atKey reports on the mapping key of the last step of path (e.g. the
// "stakeholders:" key rather than the first item of its list).
func (r *reporter) atKey(sev diag.Severity, code string, path []any, format string, args ...any) {
	line, col := r.pos(path, true)
	r.list.Add(r.file, line, col, sev, code, format, args...)
}

func (r *reporter) pos(path []any, key bool) (int, int) {
	if r.noPos {
		return 0, 0
	}
	doc := r.doc()
	if doc == nil {
		return 1, 1
	}
	if key {
		if k := doc.LookupKey(path...); k != nil {
			return k.Line, k.Column
		}
	}
	for n := len(path); n >= 0; n-- {
		if node := doc.Lookup(path[:n]...); node != nil {
			return node.Line, node.Column
		}
	}
	return 1, 1
}

// dotted renders a node path as users read it: spec.commitments[1].owner.
func dotted(path ...any) string {
	var b strings.Builder
	for _, p := range path {
		switch p := p.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(p) + "]")
		case string:
			if plainKey(p) {
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(p)
			} else {
				b.WriteString("[" + strconv.Quote(p) + "]")
			}
		default:
			fmt.Fprintf(&b, ".%v", p)
		}
	}
	return b.String()
}

// plainKey reports whether a mapping key can be written bare in a dotted path.
func plainKey(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// nodePath builds the path of a YAML node, as keys and indexes from the document root.
func nodePath(path ...any) []any { return path }

// join lists words for a message: "a", "a and b", "a, b and c".
func join(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
