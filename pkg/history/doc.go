// Package history answers the questions collab asks of a workspace's git
// history, in collab's own terms: which commits changed an entity, what an
// entity looked like at a revision, and what changed between two revisions,
// field by field. `collab log`, `collab show` and `collab diff` are built on
// it; so is anything that needs an entity's past (when an agreement became
// active, who changed a commitment's date, what a pull request changes).
//
// # Opening
//
// Open takes the workspace folder (the folder of collab.yaml) and finds the
// repository around it; the workspace may be any folder of the work tree.
// Every path in the answers is relative to the workspace, as in
// goals/g.yaml. Resolve reads a revision as git does (a branch, a tag, a
// short hash, HEAD~3, main^2); Head is HEAD's commit, or ErrNoCommits on an
// unborn branch; MergeBase is the commit a pull request is compared against.
//
// # Types
//
//   - Hash names a commit or a file version; the zero Hash is "none".
//   - Commit is a commit's hash, parents, author and date, committer and
//     commit date, subject and message; Person is a name and an email.
//   - Entity is a kind and an id; Entity.Path is its file.
//   - FileChange is an entity file that differs between two commits: its
//     path and its old and new versions (zero where absent).
//   - Revision is a commit that Log lists, with Base (the commit its changes
//     are against: the first parent) and the entity files it changed.
//   - Change is one commit's change to an entity by meaning: the Commit and
//     a semdiff.Entity (field changes with old and new values, the status
//     transition, an agreement's terms and who must accept again).
//
// # Which commits changed an entity
//
// Log streams, newest first, the commits `git log -- PATH` lists for one
// entity's file (LogOptions.Entity) or for every entity file of the
// workspace, with git's history simplification of merges. LogOptions.From
// starts elsewhere than HEAD; Hide leaves out what is reachable from another
// commit, so {From: HEAD, Hide: BASE} is the range BASE..HEAD; Max and Since
// limit it. EntityLog collects one entity's changes by meaning; Became finds
// the commit that put an entity into a status (an agreement active, a goal
// achieved), with its author and date.
//
// Across the workspace, the same questions are one Log: what became active
// or achieved since a date is Log{Since: date}, DiffFile on each FileChange,
// and the entities whose Status moved; what a pull request's commits did is
// Log{From: head, Hide: base}, with each commit's author and, through
// ReadBlob, each file before and after.
//
// # What an entity looked like
//
// ReadAt returns a file at a commit (fs.ErrNotExist when it is absent),
// ReadWorkTree the same file in the work tree, ReadBlob a version by hash,
// Exists whether a file is there at a commit, and Find which kind an id
// names (work tree first, then HEAD).
//
// # What changed
//
// Changes lists the entity files that differ between two commits; DiffFile
// compares one FileChange by meaning; Diff does both for two commits and
// DiffWorkTree for a commit and the work tree.
//
// # Limits
//
// Every entity file is held to yamldoc.MaxSize. A version over it is never
// read: its size comes from the object's header, ReadAt and ReadBlob return
// a *safefile.SizeError, and the diffs report it in the entity's Error.
//
// # How history is walked
//
// The walk compares, commit by commit, only the tree entries along the
// entity paths, reading raw tree objects and skipping any subtree whose hash
// did not change; commit headers come from git's commit-graph file when
// there is one. treesame is the one step that decides whether a commit
// touched the paths.
package history
