package model

// Agreement statuses.
const (
	AgreementDraft      = "draft"
	AgreementProposed   = "proposed"
	AgreementActive     = "active"
	AgreementSuperseded = "superseded"
	AgreementRetired    = "retired"
)

var AgreementStatuses = []string{AgreementDraft, AgreementProposed, AgreementActive, AgreementSuperseded, AgreementRetired}

// Commitment statuses.
const (
	CommitmentOpen    = "open"
	CommitmentDone    = "done"
	CommitmentBlocked = "blocked"
	CommitmentDropped = "dropped"
)

var CommitmentStatuses = []string{CommitmentOpen, CommitmentDone, CommitmentBlocked, CommitmentDropped}

// ParameterKinds are the kinds of parameters the parties state up front.
var ParameterKinds = []string{"budget", "timeline", "resources", "policy", "quality"}

// Agreement is a documented agreement between departments.
type Agreement struct {
	Header `yaml:",inline"`
	Spec   AgreementSpec `yaml:"spec" json:"spec"`
}

type AgreementSpec struct {
	Status        string             `yaml:"status" json:"status"`
	Owner         string             `yaml:"owner" json:"owner"`
	Parties       []Party            `yaml:"parties" json:"parties"`
	Goals         []string           `yaml:"goals,omitempty" json:"goals,omitempty"`
	Purpose       string             `yaml:"purpose,omitempty" json:"purpose,omitempty"`
	Parameters    []Parameter        `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	Options       []Option           `yaml:"options,omitempty" json:"options,omitempty"`
	Commitments   []Commitment       `yaml:"commitments,omitempty" json:"commitments,omitempty"`
	Metrics       []Metric           `yaml:"metrics,omitempty" json:"metrics,omitempty"`
	ServiceLevels []ServiceLevel     `yaml:"serviceLevels,omitempty" json:"serviceLevels,omitempty"`
	Cadence       *Cadence           `yaml:"cadence,omitempty" json:"cadence,omitempty"`
	Review        *Review            `yaml:"review,omitempty" json:"review,omitempty"`
	Escalation    []string           `yaml:"escalation,omitempty" json:"escalation,omitempty"`
	Supersedes    []string           `yaml:"supersedes,omitempty" json:"supersedes,omitempty"`
	SupersededBy  string             `yaml:"supersededBy,omitempty" json:"supersededBy,omitempty"`
	Checkins      []AgreementCheckin `yaml:"checkins,omitempty" json:"checkins,omitempty"`
	Acceptances   []Acceptance       `yaml:"acceptances,omitempty" json:"acceptances,omitempty"`
}

type Party struct {
	Team  string `yaml:"team" json:"team"`
	Owner string `yaml:"owner,omitempty" json:"owner,omitempty"`
}

type Parameter struct {
	Kind string `yaml:"kind" json:"kind"`
	Text string `yaml:"text" json:"text"`
	Hard bool   `yaml:"hard,omitempty" json:"hard,omitempty"`
}

type Option struct {
	Title  string `yaml:"title" json:"title"`
	Chosen bool   `yaml:"chosen,omitempty" json:"chosen,omitempty"`
	Note   string `yaml:"note,omitempty" json:"note,omitempty"`
}

// Commitment is what one department owes: a named owner, a deliverable and a date.
// Status, Done and Note record progress and are not terms.
type Commitment struct {
	ID          string   `yaml:"id" json:"id"`
	Party       string   `yaml:"party" json:"party"`
	Owner       string   `yaml:"owner,omitempty" json:"owner,omitempty"`
	Deliverable string   `yaml:"deliverable,omitempty" json:"deliverable,omitempty"`
	Due         Date     `yaml:"due,omitempty" json:"due,omitempty"`
	Status      string   `yaml:"status,omitempty" json:"status,omitempty"`
	DependsOn   []string `yaml:"dependsOn,omitempty" json:"dependsOn,omitempty"`
	Done        Date     `yaml:"done,omitempty" json:"done,omitempty"`
	Note        string   `yaml:"note,omitempty" json:"note,omitempty"`
}

// State is the commitment status with its default applied.
func (c Commitment) State() string {
	if c.Status == "" {
		return CommitmentOpen
	}
	return c.Status
}

type Metric struct {
	Name   string `yaml:"name" json:"name"`
	Target string `yaml:"target" json:"target"`
	Source string `yaml:"source,omitempty" json:"source,omitempty"`
}

type ServiceLevel struct {
	Name     string   `yaml:"name" json:"name"`
	Provider string   `yaml:"provider" json:"provider"`
	Target   Duration `yaml:"target" json:"target"`
}

type Cadence struct {
	Every Duration `yaml:"every" json:"every"`
	Next  Date     `yaml:"next,omitempty" json:"next,omitempty"`
	Forum string   `yaml:"forum,omitempty" json:"forum,omitempty"`
}

type Review struct {
	Every Duration `yaml:"every" json:"every"`
	Next  Date     `yaml:"next,omitempty" json:"next,omitempty"`
}

type AgreementCheckin struct {
	Date Date   `yaml:"date" json:"date"`
	By   string `yaml:"by" json:"by"`
	Note string `yaml:"note" json:"note"`
}

type Acceptance struct {
	Party   string `yaml:"party" json:"party"`
	By      string `yaml:"by" json:"by"`
	Date    Date   `yaml:"date" json:"date"`
	Terms   string `yaml:"terms" json:"terms"`
	Summary string `yaml:"summary,omitempty" json:"summary,omitempty"`
}

// Party returns the party entry for team, or nil.
func (a *Agreement) Party(team string) *Party {
	for i := range a.Spec.Parties {
		if a.Spec.Parties[i].Team == team {
			return &a.Spec.Parties[i]
		}
	}
	return nil
}

// Commitment returns the commitment with the given id, or nil.
func (a *Agreement) Commitment(id string) *Commitment {
	for i := range a.Spec.Commitments {
		if a.Spec.Commitments[i].ID == id {
			return &a.Spec.Commitments[i]
		}
	}
	return nil
}

// Acceptance returns the latest acceptance recorded for a party, or nil.
func (a *Agreement) Acceptance(team string) *Acceptance {
	for i := len(a.Spec.Acceptances) - 1; i >= 0; i-- {
		if a.Spec.Acceptances[i].Party == team {
			return &a.Spec.Acceptances[i]
		}
	}
	return nil
}
