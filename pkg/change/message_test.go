package change

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/model"
)

func TestMessage(t *testing.T) {
	c := Commit{
		Kind: model.KindAgreement, ID: "feature-x-launch", Action: "amend",
		Subject: "amend deliver-feature due 2026-03-15 -> 2026-03-22\nInjected: line",
		Body:    []string{"Reason: technical issue\x1b[31m found in early March."},
	}
	want := `agree(feature-x-launch): amend deliver-feature due 2026-03-15 -> 2026-03-22 Injected: line

Reason: technical issue [31m found in early March.

Signed-off: by the user

Collab-Kind: Agreement
Collab-Id: feature-x-launch
Collab-Action: amend
`
	if diff := cmp.Diff(want, c.Message("Signed-off:\r\nby the user")); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}
