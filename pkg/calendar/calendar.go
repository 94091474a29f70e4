// Package calendar turns a workspace into an iCalendar (RFC 5545) feed that
// people subscribe to once: commitment due dates, check-in meetings as
// recurring events from each agreement's and goal's cadence, review dates
// and goal period ends.
//
// Build makes the Calendar; (*Calendar).WriteTo writes it:
//
//	cal, err := calendar.Build(ws, calendar.Options{AsOf: asOf, Teams: []string{"sales"}})
//	...
//	_, err = cal.WriteTo(f)
//
// Each event's UID is derived from the workspace id and the entity ids
// (agreement/feature-x-launch/commitment/deliver-feature@acme), so a calendar
// program that imports the feed again updates its events instead of adding
// them twice. SEQUENCE and LAST-MODIFIED come from the git history of the
// event's file (see ReadVersions). DTSTAMP is midnight UTC of Options.AsOf:
// the same workspace, history and AsOf give byte-identical output.
package calendar

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/goal"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Event kinds, also the event's first category.
const (
	KindCommitment  = "commitment"
	KindCheckin     = "check-in"
	KindReview      = "review"
	KindGoalCheckin = "goal-check-in"
	KindGoalEnd     = "goal-end"
)

// Event statuses (RFC 5545 3.8.1.11).
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Event is one all-day event, recurring when Every > 0.
type Event struct {
	UID         string
	Kind        string
	Path        string // the entity file it comes from, relative to the workspace
	Summary     string
	Description string
	Location    string
	URL         string
	Start       model.Date
	Every       int        // days between occurrences; 0 for a single event
	Until       model.Date // last possible occurrence of a recurring event; empty: none
	Status      string
	Categories  []string
	Sequence    int
	Modified    time.Time // zero when the file has no history
}

// Calendar is a feed: its name, when it was made and its events, sorted by
// date then UID.
type Calendar struct {
	Name        string
	Description string
	Stamp       time.Time
	Events      []Event
}

// Options choose what a feed holds.
type Options struct {
	// AsOf is the date the feed is made as of: its DTSTAMP. Required.
	AsOf model.Date
	// Teams keeps the events of agreements with one of these teams as a
	// party and of goals one of them shares; none keeps everything.
	Teams []string
	// Person keeps the events that name this email: the commitments they
	// own (or, for a commitment without an owner, whose party they own),
	// and the check-ins, reviews and period ends of the agreements and
	// goals they own or own a party of.
	Person string
	// Name is X-WR-CALNAME; empty: the workspace title and the filters.
	Name string
	// BaseURL, when set, gives every event the URL of its page in the
	// report site: BaseURL/agreements/ID.html or BaseURL/goals/ID.html.
	BaseURL string
	// Versions gives SEQUENCE and LAST-MODIFIED by file. Nil reads them
	// from the workspace's git history (ReadVersions); pass the result of
	// one ReadVersions to several Builds to read the history once.
	Versions Versions
}

// Build makes the feed of workspace w.
func Build(w *workspace.Workspace, opts Options) (*Calendar, error) {
	if !opts.AsOf.Valid() {
		return nil, fmt.Errorf("invalid as-of date %q: use YYYY-MM-DD", opts.AsOf)
	}
	for _, t := range opts.Teams {
		if w.Teams[t] == nil {
			return nil, fmt.Errorf("no team %q (%s)", t, workspace.IDHint(model.KindTeam, t, slices.Collect(maps.Keys(w.Teams))))
		}
	}
	versions := opts.Versions
	if versions == nil {
		var err error
		if versions, err = ReadVersions(w.Dir); err != nil {
			return nil, err
		}
	}
	b := &builder{opts: opts, ws: wsID(w), versions: versions}
	for _, id := range slices.Sorted(maps.Keys(w.Agreements)) {
		b.agreement(w.Agreements[id])
	}
	p := w.Policy()
	for _, id := range slices.Sorted(maps.Keys(w.Goals)) {
		b.goal(w.Goals[id], p)
	}
	slices.SortFunc(b.events, func(x, y Event) int {
		return cmp.Or(cmp.Compare(x.Start, y.Start), cmp.Compare(x.UID, y.UID))
	})
	c := &Calendar{Name: opts.Name, Stamp: stampOf(opts.AsOf), Events: b.events}
	if c.Name == "" {
		c.Name = name(w, opts)
	}
	c.Description = "Due dates, check-ins and reviews of " + title(w) + " as of " + string(opts.AsOf)
	return c, nil
}

// Recurring counts the recurring events.
func (c *Calendar) Recurring() int {
	n := 0
	for _, e := range c.Events {
		if e.Every > 0 {
			n++
		}
	}
	return n
}

func title(w *workspace.Workspace) string {
	if w.Config != nil && w.Config.Metadata.Title != "" {
		return w.Config.Metadata.Title
	}
	return "the workspace"
}

func wsID(w *workspace.Workspace) string {
	if w.Config != nil && w.Config.Metadata.ID != "" {
		return w.Config.Metadata.ID
	}
	return "workspace"
}

func name(w *workspace.Workspace, opts Options) string {
	n := title(w)
	if len(opts.Teams) > 0 {
		var titles []string
		for _, t := range opts.Teams {
			tt := w.Teams[t].Metadata.Title
			if tt == "" {
				tt = t
			}
			titles = append(titles, tt)
		}
		n += " – " + strings.Join(titles, ", ")
	}
	if opts.Person != "" {
		n += " – " + opts.Person
	}
	return n
}

type builder struct {
	opts     Options
	ws       string
	versions Versions
	events   []Event
}

// add completes e with what its file gives and keeps it.
func (b *builder) add(e Event, kind model.Kind, id string) {
	e.Path = workspace.PathOf(kind, id)
	v := b.versions[e.Path]
	e.Sequence, e.Modified = v.Sequence, v.Modified
	if b.opts.BaseURL != "" {
		e.URL = strings.TrimSuffix(b.opts.BaseURL, "/") + "/" + kind.Dir() + "/" + id + ".html"
	}
	e.Categories = append([]string{e.Kind}, e.Categories...)
	b.events = append(b.events, e)
}

func (b *builder) uid(parts ...string) string {
	return strings.Join(parts, "/") + "@" + b.ws
}

func (b *builder) teamWanted(teams ...string) bool {
	if len(b.opts.Teams) == 0 {
		return true
	}
	for _, t := range teams {
		if slices.Contains(b.opts.Teams, t) {
			return true
		}
	}
	return false
}

func (b *builder) personWanted(people ...string) bool {
	return b.opts.Person == "" || slices.Contains(people, b.opts.Person)
}

func (b *builder) agreement(a *model.Agreement) {
	s := a.Spec
	var status string
	switch s.Status {
	case model.AgreementActive:
		status = StatusConfirmed
	case model.AgreementProposed:
		status = StatusTentative // not in force until every party accepts
	default:
		return
	}
	id := a.Metadata.ID
	var partyTeams, owners []string
	partyOwner := map[string]string{}
	for _, p := range s.Parties {
		partyTeams = append(partyTeams, p.Team)
		owners = append(owners, p.Owner)
		partyOwner[p.Team] = p.Owner
	}
	owners = append(owners, s.Owner)
	if !b.teamWanted(partyTeams...) {
		return
	}
	ref := "agreement \"" + a.Metadata.Title + "\" (" + id + ")"

	for _, c := range s.Commitments {
		if !c.Due.Valid() {
			continue
		}
		owner := cmp.Or(c.Owner, partyOwner[c.Party])
		if !b.personWanted(owner) {
			continue
		}
		what := cmp.Or(c.Deliverable, c.ID)
		e := Event{UID: b.uid("agreement", id, "commitment", c.ID), Kind: KindCommitment,
			Start: c.Due, Status: status, Categories: []string{c.Party}}
		e.Summary = c.Party + " due: " + what
		desc := []string{what, "Owed by " + c.Party + ownerText(owner) + " under " + ref + "."}
		switch c.State() {
		case model.CommitmentDone:
			e.Summary = c.Party + " done: " + what
			desc = append(desc, "Done"+onDate(c.Done)+".")
		case model.CommitmentBlocked:
			e.Summary = c.Party + " blocked: " + what
			desc = append(desc, "Blocked.")
		case model.CommitmentDropped:
			e.Status = StatusCancelled
			desc = append(desc, "Dropped.")
		default:
			desc = append(desc, "Open.")
		}
		if len(c.DependsOn) > 0 {
			desc = append(desc, "Depends on: "+strings.Join(c.DependsOn, ", ")+".")
		}
		if c.Note != "" {
			desc = append(desc, c.Note)
		}
		e.Description = strings.Join(desc, "\n")
		b.add(e, model.KindAgreement, id)
	}

	if !b.personWanted(owners...) {
		return
	}
	if due, every, ok := agreement.CheckinDue(a); ok {
		e := Event{UID: b.uid("agreement", id, "check-in"), Kind: KindCheckin, Start: due, Every: every,
			Status: status, Categories: partyTeams, Summary: "Check-in: " + a.Metadata.Title}
		desc := []string{"Check-in of " + ref + " every " + string(s.Cadence.Every) + ", between " + strings.Join(partyTeams, ", ") + "."}
		if f := s.Cadence.Forum; f != "" {
			e.Location = f
			desc = append(desc, "Forum: "+f+".")
		}
		if s.Purpose != "" {
			desc = append(desc, "Purpose: "+s.Purpose)
		}
		e.Description = strings.Join(desc, "\n")
		b.add(e, model.KindAgreement, id)
	}
	if r := s.Review; r != nil && r.Next.Valid() && s.Status == model.AgreementActive {
		e := Event{UID: b.uid("agreement", id, "review"), Kind: KindReview, Start: r.Next, Status: status,
			Categories: partyTeams, Summary: "Review: " + a.Metadata.Title,
			Description: "Review of " + ref + ": are its terms still right? Owner" + ownerText(s.Owner) + "."}
		b.add(e, model.KindAgreement, id)
	}
}

func (b *builder) goal(g *model.Goal, p model.Policy) {
	s := g.Spec
	status := StatusConfirmed
	switch s.Status {
	case model.GoalDraft:
		status = StatusTentative
	case model.GoalDropped:
		return
	}
	if !b.teamWanted(s.Teams...) || !b.personWanted(s.Owner) {
		return
	}
	id := g.Metadata.ID
	ref := "goal \"" + g.Metadata.Title + "\" (" + id + ")"
	var end model.Date
	if s.Period != nil && s.Period.End.Valid() {
		end = s.Period.End
	}
	if due, every, ok := goal.CheckinDue(g, p); ok && (end == "" || due <= end) {
		e := Event{UID: b.uid("goal", id, "check-in"), Kind: KindGoalCheckin, Start: due, Every: every, Until: end,
			Status: status, Categories: s.Teams, Summary: "Goal check-in: " + g.Metadata.Title,
			Description: fmt.Sprintf("Check-in of %s every %d days: record the key results. Teams: %s. Owner%s.",
				ref, every, strings.Join(s.Teams, ", "), ownerText(s.Owner))}
		b.add(e, model.KindGoal, id)
	}
	if end != "" {
		desc := []string{"End of the period of " + ref + " (" + string(s.Period.Start) + " to " + string(end) + ")."}
		for _, kr := range s.KeyResults {
			if kr.Target != nil {
				desc = append(desc, kr.Title+": target "+model.FormatNumber(*kr.Target)+model.UnitSuffix(kr.Unit)+".")
			}
		}
		e := Event{UID: b.uid("goal", id, "end"), Kind: KindGoalEnd, Start: end, Status: status,
			Categories: s.Teams, Summary: "Goal ends: " + g.Metadata.Title, Description: strings.Join(desc, "\n")}
		b.add(e, model.KindGoal, id)
	}
}

func ownerText(email string) string {
	if email == "" {
		return ""
	}
	return " (" + email + ")"
}

func onDate(d model.Date) string {
	if d == "" {
		return ""
	}
	return " on " + string(d)
}
