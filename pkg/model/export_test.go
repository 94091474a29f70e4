package model

import "encoding/json"

// Hooks for the external tests of the terms JSON, which load generated
// workspaces (pkg/workspace/wsgen imports this package).
var AppendTermsJSON = appendTermsJSON

// TermsJSON is the canonical JSON by encoding/json, the reference that
// appendTermsJSON must match byte for byte; it panics where json.Marshal
// fails (a NaN or infinite number).
func TermsJSON(a *Agreement) []byte {
	b, err := json.Marshal(a.Terms())
	if err != nil {
		panic(err)
	}
	return b
}
