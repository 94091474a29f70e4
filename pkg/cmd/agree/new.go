package agree

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/change"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

type NewOptions struct {
	Apply    cmdutil.ApplyFunc
	Draft    agreement.Draft
	Parties  []string
	Cadence  string
	Review   string
	Template string
}

func NewCmdNew(f *cmdutil.Factory, runF func(*NewOptions) error) *cobra.Command {
	opts := &NewOptions{Apply: f.Apply}
	cmd := &cobra.Command{
		Use:   "new ID --title TITLE --owner EMAIL --party TEAM[:OWNER] --party TEAM[:OWNER]",
		Short: "Draft a new agreement",
		Long: `Create agreements/ID.yaml as a draft. Complete it with commitment, metric,
param, option and sla, then propose it.

--party names a department and, after a colon, the person who owns its side
(repeat it for each party). --template starts from a skeleton (see
'collab agree templates'): the first --party takes the place of the
template's first party, and so on; template parties you do not replace stay.
--review defaults to the workspace policy (reviewEvery).`,
		Example: `  collab agree new feature-x-launch --title "Feature X launch plan" --owner pat@acme.example \
    --party product:priya@acme.example --party sales:sam@acme.example \
    --goal feature-x-adoption --cadence 14d --escalation pat@acme.example
  collab agree new web-changes --title "Website change reviews" --owner omar@acme.example \
    --party it:omar@acme.example --party marketing:nora@acme.example --template service-level`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := checkID(args[0]); err != nil {
				return err
			}
			if err := cmdutil.RequireFlags(cmd, f.IO, "title", "owner"); err != nil {
				return err
			}
			opts.Draft.ID = args[0]
			if err := parseEmailFlag("owner", opts.Draft.Owner); err != nil {
				return err
			}
			for _, s := range opts.Parties {
				p, err := parseParty(s)
				if err != nil {
					return err
				}
				opts.Draft.Parties = append(opts.Draft.Parties, p)
			}
			for _, e := range opts.Draft.Escalation {
				if err := parseEmailFlag("escalation", e); err != nil {
					return err
				}
			}
			var err error
			if opts.Cadence != "" {
				if opts.Draft.Cadence, err = parseDurationFlag("cadence", opts.Cadence); err != nil {
					return err
				}
			}
			if opts.Review != "" {
				if opts.Draft.Review, err = parseDurationFlag("review", opts.Review); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			return newRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Draft.Title, "title", "", "what the agreement is about (required)")
	fl.StringVar(&opts.Draft.Owner, "owner", "", "email of the person accountable for the whole effort (required)")
	fl.StringArrayVar(&opts.Parties, "party", nil, `a department that commits, as "TEAM[:OWNER_EMAIL]" (repeatable)`)
	fl.StringArrayVar(&opts.Draft.Goals, "goal", nil, "id of a shared goal this agreement serves (repeatable)")
	fl.StringVar(&opts.Draft.Purpose, "purpose", "", "the shared outcome, in one sentence")
	fl.StringVar(&opts.Cadence, "cadence", "", "check-in cadence, e.g. 14d or 2w")
	fl.StringVar(&opts.Review, "review", "", "review cadence, e.g. 90d (default: the workspace policy)")
	fl.StringArrayVar(&opts.Draft.Escalation, "escalation", nil, "email of a person disagreements escalate to (repeatable)")
	fl.StringVar(&opts.Template, "template", "", "start from a template: launch, service-level, onboarding, budget or one of templates/")
	_ = cmd.RegisterFlagCompletionFunc("party", completeTeams(f))
	_ = cmd.RegisterFlagCompletionFunc("goal", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return cmdutil.IDs(f, model.KindGoal), cobra.ShellCompDirectiveNoFileComp
	})
	_ = cmd.RegisterFlagCompletionFunc("template", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var names []string
		if root, err := templateRoot(f.WorkDir()); err == nil {
			defer root.Close()
			ts, _ := agreement.Templates(root)
			for _, t := range ts {
				names = append(names, t.Name)
			}
		}
		return names, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// parseParty reads "TEAM[:OWNER_EMAIL]".
func parseParty(s string) (model.Party, error) {
	team, owner, _ := strings.Cut(s, ":")
	p := model.Party{Team: strings.TrimSpace(team), Owner: strings.TrimSpace(owner)}
	if err := model.CheckID(p.Team); err != nil {
		return p, cmdutil.FlagErrorf("--party %q: %v", s, err)
	}
	if p.Owner != "" {
		if err := model.CheckEmail(p.Owner); err != nil {
			return p, cmdutil.FlagErrorf("--party %q: %v", s, err)
		}
	}
	return p, nil
}

func newRun(opts *NewOptions) error {
	dr := opts.Draft
	return opts.Apply(func(w *workspace.Workspace) (*change.Edit, error) {
		path := workspace.PathOf(model.KindAgreement, dr.ID)
		if w.Entity(model.KindAgreement, dr.ID) != nil {
			return nil, fmt.Errorf("agreement %q already exists (%s): change it with collab agree edit %s", dr.ID, path, dr.ID)
		}
		var tpl *agreement.Template
		if opts.Template != "" {
			t, err := agreement.FindTemplate(w.FS, opts.Template)
			if err != nil {
				return nil, err
			}
			tpl = &t
		}
		if dr.Review == "" && (tpl == nil || tpl.Review == "") {
			dr.Review = w.Policy().ReviewEvery
		}
		data, err := agreement.NewFile(tpl, dr)
		if err != nil {
			return nil, err
		}
		subject := "draft " + dr.Title
		if tpl != nil {
			subject += " from template " + tpl.Name
		}
		return &change.Edit{
			Files:  []change.File{{Path: path, Data: data}},
			Commit: change.Commit{Kind: model.KindAgreement, ID: dr.ID, Action: "new", Subject: subject},
		}, nil
	})
}
