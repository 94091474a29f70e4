package history

// VersionAt is the version of the file at rel (relative to the workspace)
// in commit h; zero when it is absent there. Two commits holding the same
// version hold the same bytes: a caller can key what it derives from a
// file by its version and skip reading it again.
func (r *Repo) VersionAt(h Hash, rel string) (Hash, error) {
	return r.blobAt(h, rel)
}
