package iostreams

import (
	"bytes"
	"fmt"
	"testing"
)

func TestSafeWriter(t *testing.T) {
	var b bytes.Buffer
	w := newSafeWriter(&b)
	s := &IOStreams{color: true}
	fmt.Fprintf(w, "Owner:     %s\n", "dana@acme.example\n::warning::owner")
	fmt.Fprintf(w, "  ::error::indented\n")
	fmt.Fprintf(w, "##[warning]v1 command\n")
	fmt.Fprintf(w, "%s ok: a::b\n", s.Yellow("3f2a91c"))
	fmt.Fprintf(w, "title \x1b]0;pwned\a\x1b[2J, \u2028 \u202e \r, Zoë\tok\n")
	want := "Owner:     dana@acme.example\n\\::warning::owner\n" +
		"  \\::error::indented\n" +
		"\\##[warning]v1 command\n" +
		"\x1b[33m3f2a91c\x1b[0m ok: a::b\n" +
		`title \x1b]0;pwned\a\x1b[2J, \u2028 \u202e \r, Zoë` + "\tok\n"
	if got := b.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
