package validate

import (
	"errors"
	"slices"
	"sync"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// Dir validates the workspace rooted at dir as Load and Workspace would,
// with the same diagnostics, while holding only a few files' YAML trees at
// a time, so that memory does not grow with the trees of the workspace.
//
// Files are read kind by kind (workspace.Stream): collab.yaml, then the
// teams, goals, agreements and maps. Every file is checked while its tree
// is in memory, against the files known so far: each check of one kind
// reads other files only of kinds read before it, except three that wait
// until their own kind is read (a team's own rules, which name the members
// of every team; a goal's parent chain; a superseded agreement's
// successor) and re-read their file only to place what they find. Once checked, a file keeps only what the checks of other
// files read of it (stream.keep): a team its value, a goal its parent and
// teams, an agreement its parties and which of them accepted it, a map
// nothing.
//
// The workspace returned lists every file (W.Files), with the values of
// collab.yaml and the teams only; its FS stays open for the caller to
// close.
func Dir(dir string, opts Options) (*workspace.Workspace, diag.List, error) {
	if opts.Files != nil || opts.SchemaFiles != nil || opts.Positions != nil {
		return nil, nil, errors.New("validate.Dir checks every file: Options.Files, SchemaFiles and Positions must be nil")
	}
	s, err := workspace.OpenStream(dir)
	if err != nil {
		return nil, nil, err
	}
	defer s.Close()
	w := s.W
	st := &stream{goals: map[string]keptGoal{}, agreements: map[string]keptAgreement{}}
	st.out = append(st.out, w.Diags...)
	c := newFileChecker(w, opts)
	c.stream = st

	s.Each(model.KindWorkspace, func(e *workspace.Entity, ds diag.List) {
		st.file(c, e, ds, true)
	})
	c.policy = w.Policy()

	// A team's own checks name its members through the index of every
	// team's members: they wait for it.
	s.Each(model.KindTeam, func(e *workspace.Entity, ds diag.List) {
		if ok, at := st.file(c, e, ds, false); ok && e.Value != nil {
			st.later(at, e, func(r *reporter) { c.checkValue(r, e) })
		}
	})
	c.indexTeams()
	st.run()

	for _, k := range []model.Kind{model.KindGoal, model.KindAgreement, model.KindStakeholderMap} {
		s.Each(k, func(e *workspace.Entity, ds diag.List) {
			st.file(c, e, ds, true)
			st.keep(c, e)
		})
		st.run()
	}
	st.out.Sort()
	return w, st.out, nil
}

// stream collects what Dir finds, and the checks that wait.
type stream struct {
	mu         sync.Mutex
	out        diag.List
	waiting    []waiting
	goals      map[string]keptGoal
	agreements map[string]keptAgreement
}

// waiting is a check that runs once every file of its kind is read.
type waiting struct {
	e        *workspace.Entity
	schemaAt map[[2]int]bool // the file's schema errors (see withoutRepeats)
	check    func(r *reporter)
}

// file runs on one file what checker.file runs, the checks of its value
// only when values is true, and adds what they find and what reading it
// found (ds) to the output as Workspace does. It reports whether the file
// is one of its folder's kind, so that its value may be checked, and where
// its schema errors are.
func (st *stream) file(c *checker, e *workspace.Entity, ds diag.List, values bool) (bool, map[[2]int]bool) {
	var r *reporter
	ok := false
	if e.Doc != nil {
		r = c.reporter(e)
		if ok = c.checkKind(r, e); ok {
			c.checkSchema(r, e)
			c.checkText(r, e)
			c.checkFile(r, e)
			if values {
				c.checkValue(r, e)
			}
		}
	}
	var l diag.List
	var at map[[2]int]bool
	if r != nil {
		at = schemaAt(r.list)
	}
	// As in Workspace: the schema error says more than the decode error.
	for _, d := range ds {
		if d.Code != yamldoc.CodeDecode || len(at) == 0 {
			l = append(l, d)
		}
	}
	if r != nil {
		l = append(l, withoutRepeats(r.list, at)...)
	}
	st.add(l)
	return ok, at
}

func (st *stream) add(l diag.List) {
	if len(l) == 0 {
		return
	}
	st.mu.Lock()
	st.out = append(st.out, l...)
	st.mu.Unlock()
}

// later keeps check to run on e once the files of its kind are read, with
// the positions of the file's schema errors.
func (st *stream) later(schemaAt map[[2]int]bool, e *workspace.Entity, check func(r *reporter)) {
	st.mu.Lock()
	st.waiting = append(st.waiting, waiting{e, schemaAt, check})
	st.mu.Unlock()
}

// run runs the checks that wait, each with a reporter of its own that
// parses the file again only to place a diagnostic, and drops that tree.
func (st *stream) run() {
	ws := st.waiting
	st.waiting = nil
	workspace.Parallel(len(ws), func(i int) {
		wt := ws[i]
		r := &reporter{file: wt.e.Path, e: wt.e}
		wt.check(r)
		wt.e.Release()
		st.add(withoutRepeats(r.list, wt.schemaAt))
	})
}

// keptGoal and keptAgreement are what the checks of other files read of a
// goal or an agreement once it is checked (see the accessors below).
type keptGoal struct {
	parent string   // checkParentCycle
	teams  []string // checkMap
}

type keptAgreement struct {
	parties  []string // checkMap, checkSuccessor
	accepted []string // the parties with an acceptance: checkSuccessor
}

// keep records what the checks of other files read of a checked value; the
// entity then keeps only its id and path, except a team, kept whole. Ids
// that name a file are shared with that file's entity rather than copied
// from each file that names them.
func (st *stream) keep(c *checker, e *workspace.Entity) {
	id := func(k model.Kind, s string) string {
		if f := c.files[k][s]; f != nil {
			return f.ID
		}
		return s
	}
	ids := func(k model.Kind, in []string) []string {
		out := make([]string, len(in))
		for i, s := range in {
			out[i] = id(k, s)
		}
		return out
	}
	switch v := e.Value.(type) {
	case *model.Team:
		return
	case *model.Goal:
		g := keptGoal{id(model.KindGoal, v.Spec.Parent), ids(model.KindTeam, v.Spec.Teams)}
		st.mu.Lock()
		putFirst(st.goals, e.ID, g)
		st.mu.Unlock()
	case *model.Agreement:
		var a keptAgreement
		for _, p := range v.Spec.Parties {
			a.parties = append(a.parties, id(model.KindTeam, p.Team))
		}
		for _, acc := range v.Spec.Acceptances {
			if !slices.Contains(a.accepted, acc.Party) {
				a.accepted = append(a.accepted, id(model.KindTeam, acc.Party))
			}
		}
		st.mu.Lock()
		putFirst(st.agreements, e.ID, a)
		st.mu.Unlock()
	}
	e.Value = nil
}

func putFirst[T any](m map[string]T, id string, v T) {
	if _, ok := m[id]; !ok {
		m[id] = v
	}
}

// goalLinks is the parent and the teams of goal id; ok is false when there
// is no goal id or it cannot be decoded.
func (c *checker) goalLinks(id string) (parent string, teams []string, ok bool) {
	if c.stream != nil {
		g, ok := c.stream.goals[id]
		return g.parent, g.teams, ok
	}
	g := c.w.Goals[id]
	if g == nil {
		return "", nil, false
	}
	return g.Spec.Parent, g.Spec.Teams, true
}

// partyTeams is the teams of the parties of agreement id, in order.
func (c *checker) partyTeams(id string) []string {
	if c.stream != nil {
		return c.stream.agreements[id].parties
	}
	a := c.w.Agreements[id]
	if a == nil {
		return nil
	}
	var out []string
	for _, pt := range a.Spec.Parties {
		out = append(out, pt.Team)
	}
	return out
}

// successor is agreement id for checkSuccessor: when files are checked as
// they are read, only its parties and one acceptance of each party that
// accepted it. Nil when there is no agreement id or it cannot be decoded.
func (c *checker) successor(id string) *model.Agreement {
	if c.stream == nil {
		a, _ := c.files[model.KindAgreement][id].Value.(*model.Agreement)
		return a
	}
	k, ok := c.stream.agreements[id]
	if !ok {
		return nil
	}
	a := &model.Agreement{}
	for _, p := range k.parties {
		a.Spec.Parties = append(a.Spec.Parties, model.Party{Team: p})
	}
	for _, p := range k.accepted {
		a.Spec.Acceptances = append(a.Spec.Acceptances, model.Acceptance{Party: p})
	}
	return a
}
