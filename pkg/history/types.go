package history

import (
	"encoding/hex"
	"time"

	"github.com/collab-tools/collab/pkg/model"
	"github.com/collab-tools/collab/pkg/workspace"
)

// Hash names a commit or a file version (a git object id).
type Hash [20]byte

// String is the full hexadecimal hash.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// Short is the 7-character abbreviation git shows.
func (h Hash) Short() string { return h.String()[:7] }

// IsZero reports whether h names nothing: an absent file, no commit.
func (h Hash) IsZero() bool { return h == Hash{} }

// Person is an author or committer.
type Person struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// Commit is what a commit says about itself.
type Commit struct {
	Hash    Hash
	Parents []Hash
	Author  Person
	// Date is the author date, when the change was made.
	Date       time.Time
	Committer  Person
	CommitDate time.Time
	// Subject is the first line of the message; Message is all of it.
	Subject, Message string
}

// Entity names one entity: a kind and an id (no id for the workspace's
// collab.yaml).
type Entity struct {
	Kind model.Kind
	ID   string
}

// Path is the entity's file relative to the workspace.
func (e Entity) Path() string { return workspace.PathOf(e.Kind, e.ID) }

// FileChange is an entity file that differs between two commits: its
// versions by hash, zero where the file is absent.
type FileChange struct {
	Path     string // relative to the workspace
	Old, New Hash
}
