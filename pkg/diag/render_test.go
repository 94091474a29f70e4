package diag

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func sample() List {
	var l List
	l.Add("teams/b.yaml", 3, 5, Warning, "lead", "lead is %s", "x")
	l.Add("agreements/a.yaml", 12, 7, Error, "not-member", "spec.commitments[1].owner: 50%%, a: b,\nc")
	l.Add("agreements/a.yaml", 2, 1, Error, "schema", "bad")
	l.Sort()
	return l
}

func TestRenderText(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "text", sample(), "v1"); err != nil {
		t.Fatal(err)
	}
	want := "agreements/a.yaml:2:1: error: bad\n" +
		"agreements/a.yaml:12:7: error: spec.commitments[1].owner: 50%, a: b,\nc\n" +
		"teams/b.yaml:3:5: warning: lead is x\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Error(diff)
	}
}

func TestRenderGitHubEscapes(t *testing.T) {
	var b bytes.Buffer
	l := sample()[1:2]
	if err := Render(&b, "github", l, "v1"); err != nil {
		t.Fatal(err)
	}
	want := "::error file=agreements/a.yaml,line=12,col=7,title=collab not-member::spec.commitments[1].owner: 50%25, a: b,%0Ac\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Error(diff)
	}
}

func TestRenderJSONAndSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := Render(&b, "json", nil, "v1"); err != nil || b.String() != "[]\n" {
		t.Errorf("empty json = %q, %v", b.String(), err)
	}
	b.Reset()
	if err := Render(&b, "sarif", sample(), "v1"); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Runs[0].Results[2]
	got := []any{len(doc.Runs[0].Results), r.RuleID, r.Level, r.Locations[0].PhysicalLocation.ArtifactLocation.URI, r.Locations[0].PhysicalLocation.Region.StartLine}
	if diff := cmp.Diff([]any{3, "lead", "warning", "teams/b.yaml", 3}, got); diff != "" {
		t.Error(diff)
	}
	if err := Render(&b, "xml", nil, ""); err == nil {
		t.Error("unknown format accepted")
	}
}
