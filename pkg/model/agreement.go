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
	// Amendments record each renegotiation of the terms with its reason;
	// they are history, not terms (docs/terms.md).
	Amendments  []Amendment  `yaml:"amendments,omitempty" json:"amendments,omitempty"`
	Acceptances []Acceptance `yaml:"acceptances,omitempty" json:"acceptances,omitempty"`
}

// Party is a department that agrees. Interests say why it wants what its
// commitments say it will do; they are terms, left out of the digest when
// empty so that older acceptances stay current.
type Party struct {
	Team      string   `yaml:"team" json:"team"`
	Owner     string   `yaml:"owner,omitempty" json:"owner,omitempty"`
	Interests []string `yaml:"interests,omitempty" json:"interests,omitempty"`
}

// Parameter is a limit the parties work within. Options name it in meets
// and breaks by its Name, or by its Kind when no other parameter has that kind.
type Parameter struct {
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	Kind string `yaml:"kind" json:"kind"`
	Text string `yaml:"text" json:"text"`
	Hard bool   `yaml:"hard,omitempty" json:"hard,omitempty"`
}

// Option is a solution the parties weighed: its pros and cons and the
// parameters it meets or breaks. Only whether it is chosen is a term.
type Option struct {
	Title  string   `yaml:"title" json:"title"`
	Chosen bool     `yaml:"chosen,omitempty" json:"chosen,omitempty"`
	Pros   []string `yaml:"pros,omitempty" json:"pros,omitempty"`
	Cons   []string `yaml:"cons,omitempty" json:"cons,omitempty"`
	Meets  []string `yaml:"meets,omitempty" json:"meets,omitempty"`
	Breaks []string `yaml:"breaks,omitempty" json:"breaks,omitempty"`
	Note   string   `yaml:"note,omitempty" json:"note,omitempty"`
}

// Commitment is what one department owes: a named owner, a deliverable and a date.
// Status, Done and Note record progress and are not terms.
type Commitment struct {
	ID          string `yaml:"id" json:"id"`
	Party       string `yaml:"party" json:"party"`
	Owner       string `yaml:"owner,omitempty" json:"owner,omitempty"`
	Deliverable string `yaml:"deliverable,omitempty" json:"deliverable,omitempty"`
	Due         Date   `yaml:"due,omitempty" json:"due,omitempty"`
	// OriginalDue is the due date first agreed, kept by agree amend when it
	// moves the date; not a term.
	OriginalDue Date     `yaml:"originalDue,omitempty" json:"originalDue,omitempty"`
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

// Metric directions: which way a joint metric should move.
const (
	MetricIncrease = "increase"
	MetricDecrease = "decrease"
	MetricMaintain = "maintain"
)

var MetricDirections = []string{MetricIncrease, MetricDecrease, MetricMaintain}

// Metric is a joint measure of success. Target says it in words; Baseline,
// TargetValue and Direction say it in numbers where the metric has them.
// Readings are progress, not terms.
type Metric struct {
	Name        string          `yaml:"name" json:"name"`
	Target      string          `yaml:"target" json:"target"`
	Source      string          `yaml:"source,omitempty" json:"source,omitempty"`
	Unit        string          `yaml:"unit,omitempty" json:"unit,omitempty"`
	Baseline    *float64        `yaml:"baseline,omitempty" json:"baseline,omitempty"`
	TargetValue *float64        `yaml:"targetValue,omitempty" json:"targetValue,omitempty"`
	Direction   string          `yaml:"direction,omitempty" json:"direction,omitempty"`
	Readings    []MetricReading `yaml:"readings,omitempty" json:"readings,omitempty"`
}

// MetricReading is one value of a metric, read on a date by a person.
type MetricReading struct {
	Date  Date    `yaml:"date" json:"date"`
	Value float64 `yaml:"value" json:"value"`
	By    string  `yaml:"by" json:"by"`
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

// AgreementCheckin is a check-in held, with its minutes: who attended,
// what was said and decided, and the action items it gave out. The metric
// readings taken at it are kept with their metric.
type AgreementCheckin struct {
	Date      Date         `yaml:"date" json:"date"`
	By        string       `yaml:"by" json:"by"`
	Attendees []string     `yaml:"attendees,omitempty" json:"attendees,omitempty"`
	Note      string       `yaml:"note,omitempty" json:"note,omitempty"`
	Decisions []string     `yaml:"decisions,omitempty" json:"decisions,omitempty"`
	Actions   []ActionItem `yaml:"actions,omitempty" json:"actions,omitempty"`
}

// ActionItem is a task a check-in gave a named person, open until Done is set.
type ActionItem struct {
	Owner string `yaml:"owner" json:"owner"`
	Text  string `yaml:"text" json:"text"`
	Due   Date   `yaml:"due,omitempty" json:"due,omitempty"`
	Done  Date   `yaml:"done,omitempty" json:"done,omitempty"`
}

// Amendment is one renegotiation of the terms, kept in the file so its
// reason travels with the agreement: when, by whom, why, and each change
// of terms as old -> new.
type Amendment struct {
	Date    Date              `yaml:"date" json:"date"`
	By      string            `yaml:"by" json:"by"`
	Reason  string            `yaml:"reason" json:"reason"`
	Changes []AmendmentChange `yaml:"changes" json:"changes"`
}

// AmendmentChange is one changed term, e.g. what "deliver-feature due",
// old "2026-03-15", new "2026-03-22"; an addition has no old, a removal no new.
type AmendmentChange struct {
	What string `yaml:"what" json:"what"`
	Old  string `yaml:"old,omitempty" json:"old,omitempty"`
	New  string `yaml:"new,omitempty" json:"new,omitempty"`
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

// Metric returns the metric with the given name, or nil.
func (a *Agreement) Metric(name string) *Metric {
	for i := range a.Spec.Metrics {
		if a.Spec.Metrics[i].Name == name {
			return &a.Spec.Metrics[i]
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
