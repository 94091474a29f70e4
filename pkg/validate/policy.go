package validate

import (
	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkAgreementPolicy applies the workspace policy to an agreement: a
// proposal weighs at least policy.minOptions options and chooses exactly
// one (the rules agree propose enforces). Here they are warnings, and only
// for a proposed agreement: an agreement amended back to proposed that was
// agreed before the rule existed must still be committable.
func (c *checker) checkAgreementPolicy(r *reporter, e *workspace.Entity, a *model.Agreement) {
	if a.Spec.Status != model.AgreementProposed {
		return
	}
	minOpts := c.policy.OptionsRequired()
	path := nodePath("spec", "options")
	if !r.noPos && r.doc() != nil && r.doc().Lookup(path...) == nil {
		path = nodePath("spec", "status")
	}
	if agreement.TooFewOptions(a, minOpts) != "" {
		r.atKey(diag.Warning, CodeMinOptions, path,
			"spec.options: agreement %s is proposed with %d option(s) considered; the workspace policy asks for at least %d before choosing (collab agree option %s)",
			e.ID, len(a.Spec.Options), minOpts, e.ID)
	}
	if m := agreement.ChosenProblem(a, minOpts); m != "" {
		r.atKey(diag.Warning, CodeChosenOptions, path, "spec.options: agreement %s is proposed without %s", e.ID, m)
	}
}

// checkOptions: the parameters options meet and break exist, no option
// both meets and breaks one, and a chosen option breaks no hard parameter
// (agreement.OptionProblems).
func (c *checker) checkOptions(r *reporter, a *model.Agreement) {
	codes := map[string]string{
		agreement.UnknownParameter: CodeUnknownParameter,
		agreement.MeetsAndBreaks:   CodeMeetsAndBreaks,
		agreement.BreaksHard:       CodeOptionBreaksHard,
	}
	for _, p := range agreement.OptionProblems(a) {
		path := nodePath("spec", "options", p.Option, p.Field, p.Index)
		r.at(diag.Error, codes[p.Kind], path, "%s: %s", dotted(path...), p.Msg)
	}
}
