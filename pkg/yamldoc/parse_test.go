package yamldoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/safefile"
)

func e(line, col int, code, msg string) diag.Diagnostic {
	return diag.Diagnostic{File: "f.yaml", Line: line, Col: col, Severity: diag.Error, Code: code, Message: msg}
}

const tagMsg = " is not allowed; remove it (only !!str, !!int, !!float, !!bool, !!null, !!map, !!seq, !!timestamp may be used)"

func TestParseChecks(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want diag.List
	}{
		{"size", "a: " + strings.Repeat("x", MaxSize) + "\n", diag.List{
			e(1, 1, CodeSize, "file is 1048580 bytes, over the 1048576 byte limit; split it or shorten it")}},
		{"bad byte", "a: b\nc: d\xffe\n", diag.List{
			e(2, 5, CodeEncoding, "invalid UTF-8 byte; save the file as UTF-8")}},
		{"bad byte after multibyte chars", "a: ééé\xc3\n", diag.List{
			e(1, 7, CodeEncoding, "invalid UTF-8 byte; save the file as UTF-8")}},
		{"control character", "a: \"x\x01\"\n", diag.List{
			e(1, 6, CodeEncoding, "control character U+0001 is not allowed; remove it")}},
		{"syntax", "a: b\nc: [1, 2\n", diag.List{
			e(2, 1, CodeSyntax, "did not find expected ',' or ']'; fix the YAML syntax")}},
		{"syntax indentation", "a:\n  - b\n c: d\n", diag.List{
			e(3, 1, CodeSyntax, "did not find expected key; fix the YAML syntax")}},
		{"anchor and alias", "a: &x 1\nb: *x\n", diag.List{
			e(1, 4, CodeAlias, "anchor &x is not allowed; remove it and write values out in full"),
			e(2, 4, CodeAlias, "alias *x is not allowed; write the value out in full")}},
		{"merge key", "base: {x: 1}\nc:\n  <<: {y: 2}\n", diag.List{
			e(3, 3, CodeAlias, "merge key << is not allowed; write the keys out in full")}},
		{"quoted << is a plain key", "\"<<\": 1\n", nil},
		{"duplicate key", "a: 1\nowner: x\nowner: y\n", diag.List{
			e(3, 1, CodeDuplicateKey, `duplicate key "owner" (first defined at line 2); keep only one`)}},
		{"duplicate key quoted", "spec:\n  owner: x\n  'owner': y\n", diag.List{
			e(3, 3, CodeDuplicateKey, `duplicate key "owner" (first defined at line 2); keep only one`)}},
		{"duplicate key in flow mapping", "a: {x: 1, x: 2}\n", diag.List{
			e(1, 11, CodeDuplicateKey, `duplicate key "x" (first defined at line 1); keep only one`)}},
		{"second document", "a: b\n---\nc: d\n", diag.List{
			e(2, 1, CodeMultiDoc, "a second YAML document starts here; keep one document per file")}},
		{"second empty document", "---\na: b\n---\n", diag.List{
			e(3, 1, CodeMultiDoc, "a second YAML document starts here; keep one document per file")}},
		{"syntax error in second document", "a: b\n---\n[\n", diag.List{
			e(4, 1, CodeSyntax, "did not find expected node content; fix the YAML syntax")}},
		{"document end marker only", "a: b\n...\n", nil},
		{"tags", "a: !!binary aGVsbG8=\nb: !custom x\nc: !!str 1\nd: !!timestamp 2020-01-01\ne: !<tag:yaml.org,2002:int> 3\n", diag.List{
			e(1, 4, CodeTag, "tag !!binary"+tagMsg),
			e(2, 4, CodeTag, "tag !custom"+tagMsg)}},
		{"tag that does not fit the value", "a: !!int Feature X launch plan\nb: !!float x\nc: !!bool yes\nd: !!timestamp soon\ne: !!null x\nf: !!int 5\ng: !!timestamp 2026-01-01\n", diag.List{
			e(1, 4, CodeTag, `tag !!int does not fit the value "Feature X launch plan"; remove the tag`),
			e(2, 4, CodeTag, `tag !!float does not fit the value "x"; remove the tag`),
			e(3, 4, CodeTag, `tag !!bool does not fit the value "yes"; remove the tag`),
			e(4, 4, CodeTag, `tag !!timestamp does not fit the value "soon"; remove the tag`),
			e(5, 4, CodeTag, `tag !!null does not fit the value "x"; remove the tag`)}},
		{"tag on the wrong kind of node", "a: !!map [1]\nb: !!seq {c: 1}\nd: !!str [1]\ne: !!map x\n", diag.List{
			e(1, 4, CodeTag, "tag !!map cannot be put on a sequence; remove the tag"),
			e(2, 4, CodeTag, "tag !!seq cannot be put on a mapping; remove the tag"),
			e(3, 4, CodeTag, "tag !!str cannot be put on a sequence; remove the tag"),
			e(4, 4, CodeTag, "tag !!map cannot be put on a scalar; remove the tag")}},
		{"tag on a mapping", "a: !thing\n  b: c\n", diag.List{
			e(1, 4, CodeTag, "tag !thing"+tagMsg)}},
		{"depth", "x: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n", diag.List{
			e(1, 67, CodeDepth, "nesting is deeper than 64 levels; flatten the structure")}},
		{"depth at the limit", "x: " + strings.Repeat("[", 63) + strings.Repeat("]", 63) + "\n", nil},
		{"empty", "", diag.List{
			e(1, 1, CodeEmpty, "file is empty; it must hold a YAML mapping (apiVersion, kind, metadata, spec)")}},
		{"only a comment", "# nothing\n", diag.List{
			e(1, 1, CodeEmpty, "file is empty; it must hold a YAML mapping (apiVersion, kind, metadata, spec)")}},
		{"only a marker", "---\n", diag.List{
			e(1, 1, CodeEmpty, "file has no content; it must hold a YAML mapping (apiVersion, kind, metadata, spec)")}},
		{"sequence", "- a\n- b\n", diag.List{
			e(1, 1, CodeNotMapping, "top level is a sequence, not a mapping; write the file as key: value pairs (apiVersion, kind, metadata, spec)")}},
		{"scalar", "# c\njust text\n", diag.List{
			e(2, 1, CodeNotMapping, "top level is a scalar, not a mapping; write the file as key: value pairs (apiVersion, kind, metadata, spec)")}},
		{"complex key", "? [a]\n: b\n", diag.List{
			e(1, 3, CodeKey, "a sequence cannot be a mapping key; use a plain string key")}},
		{"several problems", "a:\n  b: 1\n  b: 2\n  c: &z 3\n  d: !x y\n", diag.List{
			e(3, 3, CodeDuplicateKey, `duplicate key "b" (first defined at line 2); keep only one`),
			e(4, 6, CodeAlias, "anchor &z is not allowed; remove it and write values out in full"),
			e(5, 6, CodeTag, "tag !x"+tagMsg)}},
		{"byte order mark", "\ufeffa: b\n", nil},
		{"fine", "apiVersion: collab/v1\nkind: Goal\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, got := Parse("f.yaml", []byte(tt.src))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse diagnostics (-want +got):\n%s", diff)
			}
			if (d == nil) != (len(tt.want) > 0) {
				t.Errorf("Parse doc = %v, want nil only with diagnostics", d)
			}
		})
	}
}

func TestLoadAndSave(t *testing.T) {
	dir := t.TempDir()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if err := safefile.WriteFile(root, "goals/g.yaml", []byte("kind: Goal\n")); err != nil {
		t.Fatal(err)
	}
	d, l := Load(root, "goals/g.yaml")
	if l != nil || d == nil || d.Path != "goals/g.yaml" {
		t.Fatalf("Load = %v, %v", d, l)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.yaml"), make([]byte, MaxSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("goals/g.yaml", filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		rel  string
		want diag.List
	}{
		{"big.yaml", diag.List{{File: "big.yaml", Line: 1, Col: 1, Severity: diag.Error, Code: CodeSize, Message: "file is 1048577 bytes, over the 1048576 byte limit; split it or shorten it"}}},
		{"link.yaml", diag.List{{File: "link.yaml", Severity: diag.Error, Code: CodeRead, Message: "file is a symbolic link; replace it with a regular file"}}},
		{"missing.yaml", diag.List{{File: "missing.yaml", Severity: diag.Error, Code: CodeRead, Message: "file does not exist"}}},
	} {
		d, got := Load(root, tt.rel)
		if diff := cmp.Diff(tt.want, got); diff != "" || d != nil {
			t.Errorf("Load(%s) = %v, diff (-want +got):\n%s", tt.rel, d, diff)
		}
	}
}
