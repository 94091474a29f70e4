package workspace

import "time"

// SetRacyWindow sets how recent a file's times may be for its cache entry
// to be trusted, until the returned func restores it.
func SetRacyWindow(d time.Duration) (restore func()) {
	old := racyWindow
	racyWindow = d
	return func() { racyWindow = old }
}
