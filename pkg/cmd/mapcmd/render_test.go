package mapcmd

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil/cmdtest"
)

func TestRender(t *testing.T) {
	dir, _ := withMap(t)
	for _, tc := range []struct {
		format []string
		want   string
	}{
		{[]string{"--format", "grid"}, `                    interest: lower   interest: high
                  +-----------------+-----------------------+
influence: high   | KEEP SATISFIED  | MANAGE CLOSELY        |
                  | -               | priya@acme.example  A |
                  +-----------------+-----------------------+
influence: lower  | MONITOR         | KEEP INFORMED         |
                  | -               | team product  R       |
                  |                 | sam@acme.example  R   |
                  +-----------------+-----------------------+
`},
		{[]string{"--format", "dot"}, `digraph "launch" {
  rankdir=LR;
  label="Stakeholders of Feature X launch plan";
  labelloc=t;
  node [shape=box, style=rounded];
  "subject" [label="agreement/launch", shape=ellipse, style=bold];
  subgraph "cluster_1" {
    label="product";
    "s1" [label="priya@acme.example\ndecision-maker"];
    "s2" [label="team product\nimplementer"];
  }
  subgraph "cluster_2" {
    label="sales";
    "s3" [label="sam@acme.example\nimplementer"];
  }
  "s1" -> "subject" [label="A"];
  "s2" -> "subject" [label="R"];
  "s3" -> "subject" [label="R"];
}
`},
		{[]string{"--format", "mermaid", "--diagram", "flowchart"}, `flowchart LR
  subject(["agreement/launch"])
  subgraph g1["product"]
    s1["priya@acme.example<br/>decision-maker"]
    s2["team product<br/>implementer"]
  end
  subgraph g2["sales"]
    s3["sam@acme.example<br/>implementer"]
  end
  s1 -->|"A"| subject
  s2 -->|"R"| subject
  s3 -->|"R"| subject
`},
	} {
		t.Run(tc.format[1], func(t *testing.T) {
			ct := cmdtest.New(dir)
			if err := ct.Run(NewCmdRender(ct.F, nil), append([]string{"launch"}, tc.format...)...); err != nil {
				t.Fatalf("%v\n%s", err, ct.ErrOut)
			}
			if d := cmp.Diff(tc.want, ct.Out.String()); d != "" {
				t.Errorf("render (-want +got):\n%s", d)
			}
		})
	}
}

func TestRenderRefusesUnknownFormat(t *testing.T) {
	ct := cmdtest.New(cmdtest.Workspace(t))
	err := ct.Run(NewCmdRender(ct.F, nil), "launch", "--format", "svg")
	if !isUsage(err) || err.Error() != "--format: use one of [mermaid dot grid]" {
		t.Fatalf("error = %v, want the usage error", err)
	}
}

// TestShowText: stakeholders grouped by role with their grid quadrant, and
// the notes below.
func TestShowText(t *testing.T) {
	dir, _ := withMap(t)
	ct := cmdtest.New(dir)
	if err := ct.Run(NewCmdShow(ct.F, nil), "launch"); err != nil {
		t.Fatalf("%v\n%s", err, ct.ErrOut)
	}
	want := `Stakeholders of Feature X launch plan (launch)
Subject: agreement/launch — Feature X launch plan

Decision-makers:
STAKEHOLDER          TEAM      RACI   INFLUENCE   INTEREST   STANCE   QUADRANT
priya@acme.example   product   A      high        high       -        manage closely

Implementers:
STAKEHOLDER        TEAM      RACI   INFLUENCE   INTEREST   STANCE   QUADRANT
product            product   R      medium      high       -        keep informed
sam@acme.example   sales     R      medium      high       -        keep informed

Notes:
  priya@acme.example: Owner of the agreement, accountable for the whole effort.
  sam@acme.example: Owner of the sales party.
`
	if d := cmp.Diff(want, ct.Out.String()); d != "" {
		t.Errorf("show (-want +got):\n%s", d)
	}
}
