package merge

import (
	"bytes"
	"testing"

	"github.com/collab-tools/collab/pkg/yamldoc"
)

// FuzzFiles merges three arbitrary inputs: the merge never panics, and its
// output parses or carries conflict markers (or is OURS unchanged, when
// both sides are byte for byte the same: nothing was merged).
func FuzzFiles(f *testing.F) {
	f.Add([]byte(goalBase), []byte(with("94", checkin15)), []byte(with("96", checkin14)))
	f.Add([]byte(agreementBase), []byte(agreementBase+"  acceptances:\n"+acceptSales), []byte(agreementBase+acceptProduct))
	f.Add([]byte("a: [1, 2]\n"), []byte("a: [1, {b: c}]\n"), []byte("a: {x: 1}\n"))
	f.Add([]byte(""), []byte("k: |\n  text\n"), []byte("k: >\n  other\n"))
	f.Add([]byte("s:\n- id: a\n  v: 1\n"), []byte("s:\n- id: a\n  v: 2\n"), []byte("s:\n- id: a\n  v: 3\n"))
	f.Fuzz(func(t *testing.T, base, ours, theirs []byte) {
		res := Files("x.yaml", base, ours, theirs)
		if len(res.Conflicts) > 0 {
			if !HasMarkers(res.Text) {
				t.Fatalf("conflicts %v but no markers:\n%s", res.Conflicts, res.Text)
			}
			return
		}
		if bytes.Equal(ours, theirs) && bytes.Equal(res.Text, ours) {
			return
		}
		if d, ds := yamldoc.Parse("x.yaml", res.Text); d == nil {
			t.Fatalf("clean merge does not parse: %v\n%s", ds, res.Text)
		}
	})
}
