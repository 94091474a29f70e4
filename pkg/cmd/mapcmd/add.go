package mapcmd

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

type AddOptions struct {
	Apply     cmdutil.ApplyFunc
	ID        string
	Person    string
	Team      string
	Roles     []string
	RACI      string
	Influence string
	Interest  string
	Stance    string
	Note      string
	// Set names the flags given on the command line: an update changes only those.
	Set map[string]bool
}

func NewCmdAdd(f *cmdutil.Factory, runF func(*AddOptions) error) *cobra.Command {
	opts := &AddOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "add ID (--person EMAIL | --team TEAM) --role ROLE[,ROLE] --raci R|A|C|I",
		Short: "Add a stakeholder to a map, or update one",
		Long: `Add a stakeholder to a map, or update the one already there.

A stakeholder is a person (--person, with --team for the team they speak
for; when omitted and the person is in exactly one team, that team) or a
whole team (--team alone). An existing stakeholder is matched by person, or
by team for a whole-team stakeholder; then only the flags you give change.
--role and --raci are required for a new stakeholder. --note "" removes the
note.

Roles: decision-maker, implementer, expert, influencer.
RACI:  R responsible (does the work), A accountable (the one who decides;
       exactly one per map), C consulted, I informed.
Influence and interest: high, medium, low (only high counts as high on the
power/interest grid). Stance: supportive, neutral, resistant, unknown.

A map keeps exactly one A at every commit: to move the A from one person to
another, use "collab map edit".`,
		Example: `  collab map add feature-x-launch --person nora@acme.example --role influencer --raci I \
    --influence medium --interest medium --stance neutral --note "Landing page follows GA"
  collab map add feature-x-launch --team support --role influencer,expert --raci C --stance resistant
  collab map add feature-x-launch --person nora@acme.example --raci C   # update one field`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeMaps(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			opts.Set = map[string]bool{}
			cmd.Flags().Visit(func(fl *pflag.Flag) { opts.Set[fl.Name] = true })
			if opts.Person == "" && opts.Team == "" {
				return cmdutil.FlagErrorf("name the stakeholder with --person EMAIL or --team TEAM\nSee '%s --help'.", cmd.CommandPath())
			}
			if opts.Person != "" {
				if err := model.CheckEmail(opts.Person); err != nil {
					return cmdutil.FlagErrorf("--person: %v", err)
				}
			}
			if opts.Team != "" {
				if err := model.CheckID(opts.Team); err != nil {
					return cmdutil.FlagErrorf("--team: %v", err)
				}
			}
			if opts.Set["role"] && len(opts.Roles) == 0 {
				return cmdutil.FlagErrorf("--role: give at least one of %v", model.Roles)
			}
			for _, r := range opts.Roles {
				if err := checkEnum("role", r, model.Roles); err != nil {
					return err
				}
			}
			for _, c := range []struct {
				flag, value string
				allowed     []string
			}{{"raci", opts.RACI, model.RACI}, {"influence", opts.Influence, model.Levels}, {"interest", opts.Interest, model.Levels}, {"stance", opts.Stance, model.Stances}} {
				if opts.Set[c.flag] && c.value == "" {
					return cmdutil.FlagErrorf("--%s: give one of %v", c.flag, c.allowed)
				}
				if err := checkEnum(c.flag, c.value, c.allowed); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return addRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Person, "person", "", "email of the person")
	fl.StringVar(&opts.Team, "team", "", "the team the person speaks for, or the whole team without --person")
	fl.StringSliceVar(&opts.Roles, "role", nil, "roles, comma-separated: decision-maker, implementer, expert, influencer")
	fl.StringVar(&opts.RACI, "raci", "", "R, A, C or I")
	fl.StringVar(&opts.Influence, "influence", "", "high, medium or low")
	fl.StringVar(&opts.Interest, "interest", "", "high, medium or low")
	fl.StringVar(&opts.Stance, "stance", "", "supportive, neutral, resistant or unknown")
	fl.StringVar(&opts.Note, "note", "", "why they matter, what they need")
	_ = cmd.RegisterFlagCompletionFunc("role", cmdutil.FixedCompletion(model.Roles...))
	_ = cmd.RegisterFlagCompletionFunc("raci", cmdutil.FixedCompletion(model.RACI...))
	_ = cmd.RegisterFlagCompletionFunc("influence", cmdutil.FixedCompletion(model.Levels...))
	_ = cmd.RegisterFlagCompletionFunc("interest", cmdutil.FixedCompletion(model.Levels...))
	_ = cmd.RegisterFlagCompletionFunc("stance", cmdutil.FixedCompletion(model.Stances...))
	_ = cmd.RegisterFlagCompletionFunc("team", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindTeam), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("person", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return memberEmails(f), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// memberEmails lists every team member's email, for completion.
func memberEmails(f *cmdutil.Factory) []string {
	w, err := f.Workspace()
	if err != nil {
		return nil
	}
	defer w.Close()
	seen := map[string]bool{}
	var out []string
	for _, t := range w.Teams {
		for _, m := range t.Spec.Members {
			if !seen[m.Email] {
				seen[m.Email] = true
				out = append(out, m.Email)
			}
		}
	}
	return out
}

// key names the stakeholder as stakeholders.Find matches it: the person,
// else the whole team.
func (opts *AddOptions) key() string {
	if opts.Person != "" {
		return opts.Person
	}
	return opts.Team
}

func addRun(opts *AddOptions) error {
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		e, err := w.Lookup(model.KindStakeholderMap, opts.ID)
		if err != nil {
			return nil, err
		}
		m := e.Value.(*model.StakeholderMap)
		i := stakeholders.Find(m, opts.key())
		if opts.RACI == "A" {
			for _, a := range stakeholders.Accountable(m) {
				if a != i {
					return nil, fmt.Errorf("%s is already accountable (A) on map %s, and a map has exactly one A: move the A in one change with `collab map edit %s`",
						m.Spec.Stakeholders[a].Name(), opts.ID, opts.ID)
				}
			}
		}
		if i < 0 {
			return addNew(w, e, m, opts)
		}
		return update(e, m, i, opts)
	})
}

func addNew(w *workspace.Workspace, e *workspace.Entity, m *model.StakeholderMap, opts *AddOptions) (*change.Edit, error) {
	var missing []string
	if len(opts.Roles) == 0 {
		missing = append(missing, "--role")
	}
	if opts.RACI == "" {
		missing = append(missing, "--raci")
	}
	if len(missing) > 0 {
		return nil, cmdutil.FlagErrorf("%s is not on map %s yet: %s %s required to add them", opts.key(), opts.ID, strings.Join(missing, " and "), plural(missing))
	}
	s := model.Stakeholder{Person: opts.Person, Team: opts.Team, Roles: opts.Roles, RACI: opts.RACI,
		Influence: opts.Influence, Interest: opts.Interest, Stance: opts.Stance, Note: opts.Note}
	if s.Person != "" && s.Team == "" {
		if teams := w.TeamsOf(s.Person); len(teams) == 1 {
			s.Team = teams[0]
		}
	}
	n, err := stakeholders.Node(s)
	if err != nil {
		return nil, err
	}
	if err := e.Doc.Append(n, "spec", "stakeholders"); err != nil {
		return nil, err
	}
	return change.EditOf(e, change.Commit{Kind: model.KindStakeholderMap, ID: opts.ID, Action: "add",
		Subject: fmt.Sprintf("add stakeholder %s (%s)", s.Name(), s.RACI)})
}

func plural(flags []string) string {
	if len(flags) > 1 {
		return "are"
	}
	return "is"
}

// update changes the flags given on the command line, one key each, and
// names the changes in the commit subject.
func update(e *workspace.Entity, m *model.StakeholderMap, i int, opts *AddOptions) (*change.Edit, error) {
	old := m.Spec.Stakeholders[i]
	item := []any{"spec", "stakeholders", i}
	// A key the entry does not have yet takes its place in the format's
	// order; the others stay where the file has them.
	rank := model.KeyRank(model.KindStakeholderMap)
	var changes []string
	set := func(key, from, to string) error {
		if from == to {
			return nil
		}
		if key == "note" {
			// Keep a long note out of the subject line.
			changes = append(changes, "note changed")
		} else {
			changes = append(changes, fmt.Sprintf("%s %s -> %s", key, orNone(from), orNone(to)))
		}
		if to == "" {
			return e.Doc.Delete(append(item, key)...)
		}
		return e.Doc.SetRanked(to, rank, append(item, key)...)
	}
	if opts.Set["role"] && strings.Join(old.Roles, ",") != strings.Join(opts.Roles, ",") {
		n, err := stakeholders.RolesNode(opts.Roles)
		if err != nil {
			return nil, err
		}
		if err := e.Doc.SetRanked(n, rank, append(item, "roles")...); err != nil {
			return nil, err
		}
		changes = append(changes, fmt.Sprintf("roles %s -> %s", strings.Join(old.Roles, ","), strings.Join(opts.Roles, ",")))
	}
	// Each flag sets the key of the same name.
	fields := []struct {
		key, from, to string
	}{
		{"team", old.Team, opts.Team},
		{"raci", old.RACI, opts.RACI},
		{"influence", old.Influence, opts.Influence},
		{"interest", old.Interest, opts.Interest},
		{"stance", old.Stance, opts.Stance},
		{"note", old.Note, opts.Note},
	}
	for _, f := range fields {
		if !opts.Set[f.key] || (f.key == "team" && opts.Person == "") {
			continue
		}
		if err := set(f.key, f.from, f.to); err != nil {
			return nil, err
		}
	}
	if len(changes) == 0 {
		return nil, change.ErrNoChange
	}
	subject := fmt.Sprintf("update stakeholder %s: %s", old.Name(), strings.Join(changes, ", "))
	return change.EditOf(e, change.Commit{Kind: model.KindStakeholderMap, ID: opts.ID, Action: "update", Subject: subject})
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
