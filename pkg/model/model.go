// Package model holds the typed entities of a collab workspace, their ids and
// enums, the agreement terms digest and goal progress and health. It does no I/O.
package model

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode"
)

// APIVersion is the only envelope version this release reads and writes.
const APIVersion = "collab/v1"

// Kind names an entity type.
type Kind string

const (
	KindWorkspace      Kind = "Workspace"
	KindTeam           Kind = "Team"
	KindGoal           Kind = "Goal"
	KindAgreement      Kind = "Agreement"
	KindStakeholderMap Kind = "StakeholderMap"
)

// EntityKinds are the kinds kept one per file in a folder of the workspace.
var EntityKinds = []Kind{KindTeam, KindGoal, KindAgreement, KindStakeholderMap}

// Dir is the workspace folder that holds entities of kind k.
func (k Kind) Dir() string {
	switch k {
	case KindTeam:
		return "teams"
	case KindGoal:
		return "goals"
	case KindAgreement:
		return "agreements"
	case KindStakeholderMap:
		return "maps"
	}
	return ""
}

// KindOfDir is the inverse of Kind.Dir.
func KindOfDir(dir string) (Kind, bool) {
	for _, k := range EntityKinds {
		if k.Dir() == dir {
			return k, true
		}
	}
	return "", false
}

// ParseKind accepts a kind by name, folder or common short name (agreement, agree, map ...).
func ParseKind(s string) (Kind, error) {
	switch s {
	case "Workspace", "workspace", "collab.yaml":
		return KindWorkspace, nil
	case "Team", "team", "teams":
		return KindTeam, nil
	case "Goal", "goal", "goals":
		return KindGoal, nil
	case "Agreement", "agreement", "agreements", "agree":
		return KindAgreement, nil
	case "StakeholderMap", "stakeholdermap", "map", "maps":
		return KindStakeholderMap, nil
	}
	return "", fmt.Errorf("unknown kind %q: use one of workspace, team, goal, agreement, map", s)
}

var idPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$`) })

// ValidID reports whether s is a valid entity id (also the file name).
func ValidID(s string) bool { return idPattern().MatchString(s) }

// CheckID returns a user-facing error for an invalid id.
func CheckID(s string) error {
	if !ValidID(s) {
		return fmt.Errorf("invalid id %q: use lower-case letters, digits and dashes, 1 to 64 characters, not starting or ending with a dash", s)
	}
	return nil
}

// Metadata is the common part of every envelope.
type Metadata struct {
	ID          string      `yaml:"id" json:"id"`
	Title       string      `yaml:"title" json:"title"`
	Labels      Map[string] `yaml:"labels,omitempty" json:"labels,omitempty"`
	Description string      `yaml:"description,omitempty" json:"description,omitempty"`
}

// Header is the envelope without its spec; every file decodes into it first.
type Header struct {
	APIVersion string   `yaml:"apiVersion" json:"apiVersion"`
	Kind       Kind     `yaml:"kind" json:"kind"`
	Metadata   Metadata `yaml:"metadata" json:"metadata"`
}

// Workspace is collab.yaml.
type Workspace struct {
	Header `yaml:",inline"`
	Spec   WorkspaceSpec `yaml:"spec" json:"spec"`
}

type WorkspaceSpec struct {
	// Owners may change collab.yaml and add or remove teams.
	Owners []string `yaml:"owners,omitempty" json:"owners,omitempty"`
	Policy Policy   `yaml:"policy,omitempty" json:"policy,omitempty"`
}

// Policy holds workspace-wide rules and defaults.
type Policy struct {
	// MinOptions is the number of options an agreement weighs before it is
	// proposed; nil takes the default, 0 turns the rule off.
	MinOptions   *int     `yaml:"minOptions,omitempty" json:"minOptions,omitempty"`
	DueSoon      Duration `yaml:"dueSoon,omitempty" json:"dueSoon,omitempty"`
	CheckinEvery Duration `yaml:"checkinEvery,omitempty" json:"checkinEvery,omitempty"`
	ReviewEvery  Duration `yaml:"reviewEvery,omitempty" json:"reviewEvery,omitempty"`
	// EscalateAfterMissed is N: an agreement whose check-ins were missed N
	// times in a row escalates to its escalation path.
	EscalateAfterMissed int `yaml:"escalateAfterMissed,omitempty" json:"escalateAfterMissed,omitempty"`
	// EscalateAfterOverdue is D: an agreement with a commitment more than D
	// days overdue escalates to its escalation path.
	EscalateAfterOverdue Duration `yaml:"escalateAfterOverdue,omitempty" json:"escalateAfterOverdue,omitempty"`
	// RequireSignedCommits: collab verify requires every commit that changes
	// the workspace to be signed by a key of its author (signingKeys).
	RequireSignedCommits bool `yaml:"requireSignedCommits,omitempty" json:"requireSignedCommits,omitempty"`
}

// Defaults used when collab.yaml leaves a policy unset.
const (
	DefaultMinOptions   = 5
	DefaultDueSoon      = Duration("14d")
	DefaultCheckinEvery = Duration("14d")
	DefaultReviewEvery  = Duration("90d")

	DefaultEscalateAfterMissed  = 2
	DefaultEscalateAfterOverdue = Duration("14d")
)

// OptionsRequired is the minimum number of options, its default applied.
func (p Policy) OptionsRequired() int {
	if p.MinOptions == nil {
		return DefaultMinOptions
	}
	return *p.MinOptions
}

// WithDefaults fills unset policy fields.
func (p Policy) WithDefaults() Policy {
	if p.MinOptions == nil {
		n := DefaultMinOptions
		p.MinOptions = &n
	}
	if p.DueSoon == "" {
		p.DueSoon = DefaultDueSoon
	}
	if p.CheckinEvery == "" {
		p.CheckinEvery = DefaultCheckinEvery
	}
	if p.ReviewEvery == "" {
		p.ReviewEvery = DefaultReviewEvery
	}
	if p.EscalateAfterMissed == 0 {
		p.EscalateAfterMissed = DefaultEscalateAfterMissed
	}
	if p.EscalateAfterOverdue == "" {
		p.EscalateAfterOverdue = DefaultEscalateAfterOverdue
	}
	return p
}

// reviewerPattern is a code-host handle (@user, @org/team) or an email.
var reviewerPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^(@[A-Za-z0-9][A-Za-z0-9._/-]*|[^@\s]+@[^@\s]+)$`) })

// ValidReviewer reports whether s can be one owner in CODEOWNERS: @user,
// @org/team or an email, with no space or control character, so that it
// stays one token on its line.
func ValidReviewer(s string) bool {
	if _, bad := BadChar(s, false); bad || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	return reviewerPattern().MatchString(s)
}

// Team is a department.
type Team struct {
	Header `yaml:",inline"`
	Spec   TeamSpec `yaml:"spec" json:"spec"`
}

type TeamSpec struct {
	Lead      string    `yaml:"lead" json:"lead"`
	Members   []Member  `yaml:"members" json:"members"`
	Reviewers []string  `yaml:"reviewers,omitempty" json:"reviewers,omitempty"`
	Mission   string    `yaml:"mission,omitempty" json:"mission,omitempty"`
	Services  []Service `yaml:"services,omitempty" json:"services,omitempty"`
	Channels  []string  `yaml:"channels,omitempty" json:"channels,omitempty"`
	// RequireSignedCommits: collab verify requires the commits of the
	// team's members that change the workspace to be signed.
	RequireSignedCommits bool `yaml:"requireSignedCommits,omitempty" json:"requireSignedCommits,omitempty"`
}

type Member struct {
	Email string `yaml:"email" json:"email"`
	Name  string `yaml:"name,omitempty" json:"name,omitempty"`
	Role  string `yaml:"role,omitempty" json:"role,omitempty"`
	// GitHub is the member's GitHub user name, without the @: the digest
	// mentions them by it, and CODEOWNERS names them when their team has no
	// reviewers.
	GitHub string `yaml:"github,omitempty" json:"github,omitempty"`
	// SigningKeys are the member's SSH public keys, one line each as in
	// git's allowed signers file ("ssh-ed25519 AAAA... comment").
	SigningKeys []string `yaml:"signingKeys,omitempty" json:"signingKeys,omitempty"`
}

// Service is one entry of a team's "how to work with us".
type Service struct {
	Name         string   `yaml:"name" json:"name"`
	Request      string   `yaml:"request,omitempty" json:"request,omitempty"`
	ResponseTime Duration `yaml:"responseTime,omitempty" json:"responseTime,omitempty"`
}

// HasMember reports whether email is a member of the team.
func (t *Team) HasMember(email string) bool {
	for _, m := range t.Spec.Members {
		if m.Email == email {
			return true
		}
	}
	return false
}

// Emails lists the members' emails in file order.
func (t *Team) Emails() []string {
	out := make([]string, len(t.Spec.Members))
	for i, m := range t.Spec.Members {
		out[i] = m.Email
	}
	return out
}

// ParseMember reads "EMAIL[:NAME[:ROLE]]" as given on the command line.
func ParseMember(s string) (Member, error) {
	parts := strings.SplitN(s, ":", 3)
	m := Member{Email: strings.TrimSpace(parts[0])}
	if len(parts) > 1 {
		m.Name = strings.TrimSpace(parts[1])
	}
	if len(parts) > 2 {
		m.Role = strings.TrimSpace(parts[2])
	}
	if err := CheckEmail(m.Email); err != nil {
		return Member{}, err
	}
	return m, nil
}

var githubPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[A-Za-z0-9](-?[A-Za-z0-9]){0,38}$`) })

// CheckGitHub returns a user-facing error for something that is not a
// GitHub user name.
func CheckGitHub(s string) error {
	if !githubPattern().MatchString(s) {
		return fmt.Errorf("invalid GitHub user name %q: letters, digits and single dashes, at most 39, without the @ (e.g. sam-ortiz)", s)
	}
	return nil
}

var emailPattern = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`) })

// CheckEmail returns a user-facing error for something that is not an email address.
func CheckEmail(s string) error {
	if !emailPattern().MatchString(s) {
		return fmt.Errorf("invalid email %q: people are named by the email of their git commits, e.g. sam@acme.example", s)
	}
	return nil
}

var nonID = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`[^a-z0-9]+`) })

// Slug turns a title into a valid id of at most max characters (max ≤ 64),
// or fallback when nothing of it is left.
func Slug(s string, max int, fallback string) string {
	id := strings.Trim(nonID().ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(id) > max {
		id = strings.Trim(id[:max], "-")
	}
	if id == "" {
		return fallback
	}
	return id
}

// ConfigFile is the workspace settings file at the workspace root.
const ConfigFile = "collab.yaml"

// ParsePath names the entity a workspace-relative path holds: collab.yaml,
// or <folder of a kind>/<id>.yaml. ok is false for any other path (another
// folder, a subfolder, another extension, a hidden file).
func ParsePath(p string) (k Kind, id string, ok bool) {
	if p == ConfigFile {
		return KindWorkspace, "", true
	}
	dir, file, _ := strings.Cut(p, "/")
	k, known := KindOfDir(dir)
	id, yaml := strings.CutSuffix(file, ".yaml")
	return k, id, known && yaml && !strings.Contains(file, "/") && !strings.HasPrefix(file, ".")
}
