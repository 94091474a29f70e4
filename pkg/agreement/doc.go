package agreement

import (
	"fmt"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// The functions below edit an agreement's document in place, so comments,
// key order and untouched lines stay as the people who wrote them left them.

// Decode reads the agreement a document holds now (after edits).
func Decode(d *yamldoc.Doc) (*model.Agreement, error) {
	var a model.Agreement
	if err := d.Decode(&a); err != nil {
		return nil, fmt.Errorf("%s: %w", d.Path, err)
	}
	return &a, nil
}

// rank is the canonical key order of agreement files, built once (by
// reflection over the model) rather than on every Set and Append.
var rank = model.KeyRank(model.KindAgreement)

// Node renders v for a document: strings quoted where YAML would misread
// them, dates plain as people write them, and acceptance digests always
// quoted (an all-digit digest would otherwise read back as a number).
func Node(v any) (*yaml.Node, error) {
	n, err := yamldoc.NewNode(v)
	if err != nil {
		return nil, err
	}
	fixScalars(n, "")
	return n, nil
}

func fixScalars(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.ScalarNode:
		switch {
		case key == "terms":
			n.Tag, n.Style = "!!str", yaml.DoubleQuotedStyle
		case n.Tag == "!!str" && yamldoc.IsDate(n.Value):
			n.Tag, n.Style = "", 0
		case n.Tag == "!!float" && isInt(n.Value):
			n.Tag = "!!int" // a whole number is written 30, not !!float 30; it decodes into a float
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			fixScalars(n.Content[i+1], n.Content[i].Value)
		}
	case yaml.SequenceNode:
		flow := len(n.Content) > 0 && key != "decisions" // sentences read best one per line
		for _, c := range n.Content {
			fixScalars(c, "")
			flow = flow && c.Kind == yaml.ScalarNode
		}
		if flow { // lists of ids and emails read best on one line: [a, b]
			n.Style |= yaml.FlowStyle
		}
	default:
		for _, c := range n.Content {
			fixScalars(c, "")
		}
	}
}

func isInt(s string) bool {
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// AppendReading adds r to the readings of metric i. Readings read best one
// per line, so each is a flow mapping, and a metric written on one line
// opens up into a block to hold them.
func AppendReading(d *yamldoc.Doc, i int, r model.MetricReading) error {
	if m := d.Lookup("spec", "metrics", i); m != nil && m.Kind == yaml.MappingNode {
		m.Style &^= yaml.FlowStyle
	}
	n, err := Node(r)
	if err != nil {
		return err
	}
	n.Style |= yaml.FlowStyle
	return d.AppendRanked(n, rank, "spec", "metrics", i, "readings")
}

// Set stores v at path, rendered by Node. Keys it adds take their
// canonical place (the order of docs/format.md), not the end of their mapping.
func Set(d *yamldoc.Doc, v any, path ...any) error {
	n, err := Node(v)
	if err != nil {
		return err
	}
	return d.SetRanked(n, rank, path...)
}

// Append adds v to the sequence at path, rendered by Node.
func Append(d *yamldoc.Doc, v any, path ...any) error {
	n, err := Node(v)
	if err != nil {
		return err
	}
	isNew := d.Lookup(path...) == nil
	if err := d.AppendRanked(n, rank, path...); err != nil {
		return err
	}
	if isNew && n.Kind == yaml.ScalarNode {
		d.Lookup(path...).Style |= yaml.FlowStyle // a new list of ids: [a]
	}
	return nil
}

// RecordAcceptance writes acc as the party's acceptance, replacing an
// earlier acceptance of the same party (its history stays in git) or
// appending a new one.
func RecordAcceptance(d *yamldoc.Doc, a *model.Agreement, acc model.Acceptance) error {
	for i := len(a.Spec.Acceptances) - 1; i >= 0; i-- {
		if a.Spec.Acceptances[i].Party == acc.Party {
			return Set(d, acc, "spec", "acceptances", i)
		}
	}
	return Append(d, acc, "spec", "acceptances")
}

// Reterm finishes an edit that may have changed the terms: it decodes the
// edited document, lists what changed since before and, when the terms
// changed on an active agreement, returns it to proposed (earlier
// acceptances no longer match the digest). It returns the agreement as edited.
func Reterm(d *yamldoc.Doc, before *model.Agreement) (*model.Agreement, []Change, error) {
	after, err := Decode(d)
	if err != nil {
		return nil, nil, err
	}
	changes := TermsChanges(before.Terms(), after.Terms())
	if len(changes) > 0 && after.Spec.Status == model.AgreementActive && before.Spec.Status == model.AgreementActive {
		if err := Set(d, model.AgreementProposed, "spec", "status"); err != nil {
			return nil, nil, err
		}
		after.Spec.Status = model.AgreementProposed
	}
	return after, changes, nil
}

// AcceptAgainNote is the commit body paragraph after a change of terms.
func AcceptAgainNote(a *model.Agreement) string {
	must := MustAccept(a)
	if len(must) == 0 || a.Spec.Status == model.AgreementDraft {
		return ""
	}
	return fmt.Sprintf("Status: %s. Must accept the new terms (%s): %s.", a.Spec.Status, a.TermsDigest(), joinAnd(must))
}
