package yamldoc

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestMarshal(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"a date is plain, digits stay a string", struct {
			Due  string `yaml:"due"`
			Code string `yaml:"code"`
		}{"2026-03-22", "012345"}, "due: 2026-03-22\ncode: \"012345\"\n"},
		{"nested, 2-space indent", map[string]any{"spec": map[string]any{"dates": []string{"2026-01-01"}}},
			"spec:\n  dates:\n    - 2026-01-01\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Marshal(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, string(b)); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}
