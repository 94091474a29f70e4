package validate

import (
	"testing"

	"github.com/collab-tools/collab/pkg/agreement"
	"github.com/collab-tools/collab/pkg/yamldoc"
)

// FuzzValidateAgreement feeds arbitrary bytes in as an agreement file of a
// valid workspace: loading and validating must never panic, and when the file
// parses, an edit of it must still parse and validate.
func FuzzValidateAgreement(f *testing.F) {
	f.Add([]byte(base["agreements/launch.yaml"]))
	f.Add([]byte("apiVersion: collab/v1\nkind: Agreement\nmetadata: {id: fuzz, title: F}\nspec: {status: active, owner: x, parties: [{team: sales}]}\n"))
	f.Add([]byte("spec: [1, {a: *x}]\n"))
	w := build(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		w.Replace("agreements/fuzz.yaml", data)
		Workspace(w, Options{AsOf: "2026-03-01"})
		doc, ds := yamldoc.Parse("agreements/fuzz.yaml", data)
		if doc == nil || len(ds) > 0 {
			return
		}
		if err := agreement.Set(doc, "fuzzed", "spec", "purpose"); err != nil {
			return // not a mapping where the path goes: refused, fine
		}
		out, err := doc.Bytes()
		if err != nil {
			t.Fatalf("Bytes after an edit: %v", err)
		}
		if _, ds := yamldoc.Parse("agreements/fuzz.yaml", out); len(ds) > 0 {
			t.Fatalf("edited file does not parse: %v\n%s", ds, out)
		}
		w.Replace("agreements/fuzz.yaml", out)
		Workspace(w, Options{AsOf: "2026-03-01"})
	})
}
