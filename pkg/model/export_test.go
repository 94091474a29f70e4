package model

// Hooks for the external tests of the terms JSON, which load generated
// workspaces (pkg/workspace/wsgen imports this package).
var (
	AppendTermsJSON = appendTermsJSON
	TermsJSON       = termsJSON
)
