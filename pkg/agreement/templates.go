package agreement

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/safefile"
	"github.com/collab-tools/collab/pkg/workspace"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

//go:embed templates/*.yaml
var builtin embed.FS

// TemplateDir is the workspace folder whose NAME.yaml files add templates
// or override the built-in ones.
const TemplateDir = "templates"

// Template is an agreement skeleton: parties, commitments without owners or
// dates, metrics and a cadence, to be completed before proposing.
type Template struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Parties []string `json:"parties"`
	Source  string   `json:"source"` // "built-in" or the workspace path
	// Review is the template's review cadence, empty when it sets none.
	Review model.Duration `json:"review,omitempty"`
	Data   []byte         `json:"-"`
}

// Templates lists the built-in templates and those of the workspace (fsys
// may be nil), a workspace file overriding the built-in of the same name.
// Workspace files of another kind (goal templates) are skipped.
func Templates(fsys *os.Root) ([]Template, error) {
	byName := map[string]Template{}
	names, _ := fs.Glob(builtin, "templates/*.yaml")
	for _, n := range names {
		data, err := builtin.ReadFile(n)
		if err != nil {
			return nil, err
		}
		t, err := parseTemplate(strings.TrimSuffix(path.Base(n), ".yaml"), "built-in", data)
		if err != nil {
			return nil, err
		}
		byName[t.Name] = t
	}
	if fsys != nil {
		local, _ := fs.Glob(fsys.FS(), TemplateDir+"/*.yaml")
		for _, n := range local {
			data, err := safefile.ReadFile(fsys, n, yamldoc.MaxSize)
			if err != nil {
				return nil, err
			}
			t, err := parseTemplate(strings.TrimSuffix(path.Base(n), ".yaml"), n, data)
			if errors.Is(err, errOtherKind) {
				continue
			}
			if err != nil {
				return nil, err
			}
			byName[t.Name] = t
		}
	}
	out := make([]Template, 0, len(byName))
	for _, t := range byName {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// FindTemplate returns the template called name, or an error listing them.
func FindTemplate(fsys *os.Root, name string) (Template, error) {
	ts, err := Templates(fsys)
	if err != nil {
		return Template{}, err
	}
	var names []string
	for _, t := range ts {
		if t.Name == name {
			return t, nil
		}
		names = append(names, t.Name)
	}
	return Template{}, fmt.Errorf("no agreement template %q (templates: %s); add %s/%s.yaml to the workspace to define it",
		name, strings.Join(names, ", "), TemplateDir, name)
}

var errOtherKind = errors.New("not an agreement template")

func parseTemplate(name, source string, data []byte) (Template, error) {
	d, ds := yamldoc.Parse(source, data)
	if err := firstError(ds); err != nil {
		return Template{}, fmt.Errorf("template %s: %w", source, err)
	}
	var hdr model.Header
	if err := d.Decode(&hdr); err != nil {
		// Not silently another kind: the workspace's template would give
		// way to the built-in one unnoticed.
		return Template{}, fmt.Errorf("template %s", d.DecodeErrors(err)[0])
	}
	if hdr.Kind != model.KindAgreement {
		return Template{}, errOtherKind
	}
	a, err := Decode(d)
	if err != nil {
		return Template{}, fmt.Errorf("template %s: %w", source, err)
	}
	t := Template{Name: name, Title: a.Metadata.Title, Source: source, Data: data}
	if a.Spec.Review != nil {
		t.Review = a.Spec.Review.Every
	}
	for _, p := range a.Spec.Parties {
		t.Parties = append(t.Parties, p.Team)
	}
	return t, nil
}

func firstError(ds diag.List) error {
	for _, d := range ds {
		if d.Severity == diag.Error {
			return errors.New(d.String())
		}
	}
	return nil
}

// Draft is what `collab agree new` knows about a new agreement.
type Draft struct {
	ID, Title, Owner string
	Parties          []model.Party
	Goals            []string
	Purpose          string
	Cadence, Review  model.Duration
	Escalation       []string
}

const blank = `apiVersion: collab/v1
kind: Agreement
metadata:
  id: new
  title: New agreement
spec:
  status: draft
`

// NewFile renders a new draft agreement file, from a template when t is
// not nil. The template's parties are replaced in order by the draft's
// (the first --party takes the place of the template's first party, in
// commitments and service levels too); template parties beyond the ones
// given are kept. The template's comments are kept.
func NewFile(t *Template, dr Draft) ([]byte, error) {
	src := []byte(blank)
	if t != nil {
		src = t.Data
	}
	d, ds := yamldoc.Parse(workspace.PathOf(model.KindAgreement, dr.ID), src)
	if err := firstError(ds); err != nil {
		return nil, err
	}
	a, err := Decode(d)
	if err != nil {
		return nil, err
	}
	rename := map[string]string{}
	parties := append([]model.Party(nil), dr.Parties...)
	for i, p := range a.Spec.Parties {
		if i < len(dr.Parties) {
			rename[p.Team] = dr.Parties[i].Team
		} else {
			parties = append(parties, p)
		}
	}
	set := func(v any, path ...any) {
		if err == nil {
			err = Set(d, v, path...)
		}
	}
	set(dr.ID, "metadata", "id")
	if dr.Title != "" || t == nil {
		set(dr.Title, "metadata", "title")
	}
	set(model.AgreementDraft, "spec", "status")
	if dr.Owner != "" {
		set(dr.Owner, "spec", "owner")
	}
	if len(parties) > 0 {
		set(parties, "spec", "parties")
	}
	for i, c := range a.Spec.Commitments {
		if to, ok := rename[c.Party]; ok {
			set(to, "spec", "commitments", i, "party")
		}
	}
	for i, sl := range a.Spec.ServiceLevels {
		if to, ok := rename[sl.Provider]; ok {
			set(to, "spec", "serviceLevels", i, "provider")
		}
	}
	if len(dr.Goals) > 0 {
		set(dr.Goals, "spec", "goals")
	}
	if dr.Purpose != "" {
		set(dr.Purpose, "spec", "purpose")
	}
	if dr.Cadence != "" {
		set(string(dr.Cadence), "spec", "cadence", "every")
	}
	if dr.Review != "" {
		set(string(dr.Review), "spec", "review", "every")
	}
	if len(dr.Escalation) > 0 {
		set(dr.Escalation, "spec", "escalation")
	}
	if err != nil {
		return nil, err
	}
	d.SortKeys(rank)
	return d.Bytes()
}
