package gitstore

// CommonDir returns the repository's shared git folder (objects, refs,
// config): the .git folder, also for a linked work tree.
func (r *Repo) CommonDir() string { return r.commonDir }
