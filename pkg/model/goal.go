package model

// Goal statuses.
const (
	GoalDraft    = "draft"
	GoalActive   = "active"
	GoalAchieved = "achieved"
	GoalMissed   = "missed"
	GoalDropped  = "dropped"
)

var GoalStatuses = []string{GoalDraft, GoalActive, GoalAchieved, GoalMissed, GoalDropped}

// Key result directions.
const (
	Increase = "increase"
	Decrease = "decrease"
	AtLeast  = "at-least"
	AtMost   = "at-most"
)

var Directions = []string{Increase, Decrease, AtLeast, AtMost}

// Confidence levels of a check-in.
var Confidences = []string{"low", "medium", "high"}

// Goal is a shared, measurable outcome.
type Goal struct {
	Header `yaml:",inline"`
	Spec   GoalSpec `yaml:"spec" json:"spec"`
}

type GoalSpec struct {
	Status string   `yaml:"status" json:"status"`
	Owner  string   `yaml:"owner" json:"owner"`
	Teams  []string `yaml:"teams" json:"teams"`
	Parent string   `yaml:"parent,omitempty" json:"parent,omitempty"`
	Period *Period  `yaml:"period,omitempty" json:"period,omitempty"`
	// ClosedAt and CloseNote are what `collab goal close` records: the day
	// the goal was closed and why (a win's note in status and the report).
	ClosedAt     Date          `yaml:"closedAt,omitempty" json:"closedAt,omitempty"`
	CloseNote    string        `yaml:"closeNote,omitempty" json:"closeNote,omitempty"`
	CheckinEvery Duration      `yaml:"checkinEvery,omitempty" json:"checkinEvery,omitempty"`
	KeyResults   []KeyResult   `yaml:"keyResults,omitempty" json:"keyResults,omitempty"`
	Checkins     []GoalCheckin `yaml:"checkins,omitempty" json:"checkins,omitempty"`
}

type Period struct {
	Start Date `yaml:"start" json:"start"`
	End   Date `yaml:"end" json:"end"`
}

// KeyResult is one measurable result. Numbers are pointers so that a missing
// target can be told apart from a target of zero.
type KeyResult struct {
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	Unit      string   `yaml:"unit,omitempty" json:"unit,omitempty"`
	Baseline  *float64 `yaml:"baseline,omitempty" json:"baseline,omitempty"`
	Target    *float64 `yaml:"target,omitempty" json:"target,omitempty"`
	Direction string   `yaml:"direction,omitempty" json:"direction,omitempty"`
	Current   *float64 `yaml:"current,omitempty" json:"current,omitempty"`
}

type GoalCheckin struct {
	Date       Date         `yaml:"date" json:"date"`
	By         string       `yaml:"by" json:"by"`
	Values     Map[float64] `yaml:"values,omitempty" json:"values,omitempty"`
	Confidence string       `yaml:"confidence,omitempty" json:"confidence,omitempty"`
	Note       string       `yaml:"note,omitempty" json:"note,omitempty"`
}

// KeyResult returns the key result with the given id, or nil.
func (g *Goal) KeyResult(id string) *KeyResult {
	for i := range g.Spec.KeyResults {
		if g.Spec.KeyResults[i].ID == id {
			return &g.Spec.KeyResults[i]
		}
	}
	return nil
}
