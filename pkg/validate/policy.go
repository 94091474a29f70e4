package validate

import (
	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// checkAgreementPolicy applies the workspace policy to an agreement: a
// proposal should weigh at least policy.minOptions options before choosing.
func (c *checker) checkAgreementPolicy(r *reporter, e *workspace.Entity, a *model.Agreement) {
	minOpts := c.policy.MinOptions
	if a.Spec.Status != model.AgreementProposed || len(a.Spec.Options) >= minOpts {
		return
	}
	path := nodePath("spec", "options")
	if !r.noPos && r.doc() != nil && r.doc().Lookup(path...) == nil {
		path = nodePath("spec", "status")
	}
	r.atKey(diag.Warning, CodeMinOptions, path,
		"spec.options: agreement %s is proposed with %d option(s) considered; the workspace policy asks for at least %d before choosing (collab agree option %s)",
		e.ID, len(a.Spec.Options), minOpts, e.ID)
}
