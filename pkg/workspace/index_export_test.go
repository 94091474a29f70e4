package workspace

// SetBuildKey makes the index take key as the running build's, as a new
// binary would, until the returned func restores it.
func SetBuildKey(key string) (restore func()) {
	old := buildKey
	buildKey = func() string { return key }
	return func() { buildKey = old }
}
