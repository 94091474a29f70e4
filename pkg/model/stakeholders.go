package model

import "strings"

// Stakeholder vocabularies.
var (
	Roles   = []string{"decision-maker", "implementer", "expert", "influencer"}
	RACI    = []string{"R", "A", "C", "I"}
	Levels  = []string{"high", "medium", "low"}
	Stances = []string{"supportive", "neutral", "resistant", "unknown"}
)

// StakeholderMap maps who must be involved in an agreement or goal.
type StakeholderMap struct {
	Header `yaml:",inline"`
	Spec   StakeholderMapSpec `yaml:"spec" json:"spec"`
}

type StakeholderMapSpec struct {
	Subject      string        `yaml:"subject" json:"subject"`
	Stakeholders []Stakeholder `yaml:"stakeholders" json:"stakeholders"`
}

// Stakeholder is a person (with the team they speak for) or a whole team.
type Stakeholder struct {
	Person    string   `yaml:"person,omitempty" json:"person,omitempty"`
	Team      string   `yaml:"team,omitempty" json:"team,omitempty"`
	Roles     []string `yaml:"roles" json:"roles"`
	RACI      string   `yaml:"raci" json:"raci"`
	Influence string   `yaml:"influence,omitempty" json:"influence,omitempty"`
	Interest  string   `yaml:"interest,omitempty" json:"interest,omitempty"`
	Stance    string   `yaml:"stance,omitempty" json:"stance,omitempty"`
	Note      string   `yaml:"note,omitempty" json:"note,omitempty"`
}

// Name is the person's email, else the team id.
func (s Stakeholder) Name() string {
	if s.Person != "" {
		return s.Person
	}
	return s.Team
}

// SplitSubject splits "agreement/x" into its kind and id.
func SplitSubject(subject string) (Kind, string, bool) {
	kind, id, ok := strings.Cut(subject, "/")
	if !ok {
		return "", "", false
	}
	switch kind {
	case "agreement":
		return KindAgreement, id, true
	case "goal":
		return KindGoal, id, true
	}
	return "", "", false
}
