package mapcmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/stakeholders"
	"github.com/collab-tools/collab/pkg/workspace"
)

type ShowOptions struct {
	IO        *iostreams.IOStreams
	Workspace func() (*workspace.Workspace, error)
	ID        string
	Output    string
}

// ShowData is `collab map show -o json`.
type ShowData struct {
	ID           string                   `json:"id"`
	Title        string                   `json:"title"`
	Subject      string                   `json:"subject"`
	SubjectTitle string                   `json:"subjectTitle,omitempty"`
	Stakeholders []stakeholders.Entry     `json:"stakeholders"`
	ByRole       []stakeholders.RoleGroup `json:"byRole"`
}

func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{IO: f.IO}
	// It reads what it shows, not the whole workspace.
	opts.Workspace = func() (*workspace.Workspace, error) { return f.WorkspaceFor(model.KindStakeholderMap, opts.ID) }
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a stakeholder map grouped by role",
		Long: `Show a map's stakeholders grouped by role (decision-makers, implementers,
experts, influencers; a stakeholder with two roles appears twice), each with
their team, RACI letter, influence, interest, stance and quadrant of the
power/interest grid (manage closely, keep satisfied, keep informed,
monitor; only "high" counts as high), then the notes.`,
		Example: `  collab map show feature-x-launch
  collab map show feature-x-launch -o json | jq '.stakeholders[] | select(.quadrant == "manage closely") | .person'`,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: completeMaps(f),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.ID = args[0]
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return showRun(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func showRun(opts *ShowOptions) error {
	w, err := opts.Workspace()
	if err != nil {
		return err
	}
	defer w.Close()
	e, err := w.Lookup(model.KindStakeholderMap, opts.ID)
	if err != nil {
		return err
	}
	m := e.Value.(*model.StakeholderMap)
	data := ShowData{ID: opts.ID, Title: m.Metadata.Title, Subject: m.Spec.Subject,
		Stakeholders: []stakeholders.Entry{}, ByRole: stakeholders.ByRole(m)}
	if k, id, ok := model.SplitSubject(m.Spec.Subject); ok {
		switch k {
		case model.KindAgreement:
			if a := w.Agreements[id]; a != nil {
				data.SubjectTitle = a.Metadata.Title
			}
		case model.KindGoal:
			if g := w.Goals[id]; g != nil {
				data.SubjectTitle = g.Metadata.Title
			}
		}
	}
	for _, s := range m.Spec.Stakeholders {
		data.Stakeholders = append(data.Stakeholders, stakeholders.Entry{Stakeholder: s, Quadrant: stakeholders.QuadrantOf(s)})
	}
	if data.ByRole == nil {
		data.ByRole = []stakeholders.RoleGroup{}
	}
	return cmdutil.PrintData(opts.IO.Out, opts.Output, data, func(out io.Writer) error {
		ios := opts.IO
		fmt.Fprintf(out, "%s %s\n", ios.Bold(data.Title), ios.Faint("("+data.ID+")"))
		subject := data.Subject
		if data.SubjectTitle != "" {
			subject += " — " + data.SubjectTitle
		}
		fmt.Fprintf(out, "Subject: %s\n", subject)
		if len(data.Stakeholders) == 0 {
			fmt.Fprintf(out, "\nNo stakeholders yet: add them with `collab map add %s`.\n", data.ID)
			return nil
		}
		for _, g := range data.ByRole {
			fmt.Fprintf(out, "\n%s:\n", roleHeading(g.Role))
			t := cmdutil.NewTable(out, "Stakeholder", "Team", "RACI", "Influence", "Interest", "Stance", "Quadrant")
			for _, s := range g.Stakeholders {
				t.Append([]string{s.Name(), s.Team, s.RACI, dash(s.Influence), dash(s.Interest), dash(s.Stance), string(s.Quadrant)})
			}
			t.Render()
		}
		var notes []string
		for _, s := range data.Stakeholders {
			if s.Note != "" {
				notes = append(notes, fmt.Sprintf("  %s: %s", s.Name(), s.Note))
			}
		}
		if len(notes) > 0 {
			fmt.Fprintf(out, "\nNotes:\n%s\n", strings.Join(notes, "\n"))
		}
		return nil
	})
}

func roleHeading(role string) string {
	switch role {
	case "decision-maker":
		return "Decision-makers"
	case "implementer":
		return "Implementers"
	case "expert":
		return "Subject-matter experts"
	case "influencer":
		return "Influencers"
	}
	return role
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
