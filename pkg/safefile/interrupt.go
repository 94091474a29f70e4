package safefile

import (
	"os"
	"sync"
)

// Files this process must not leave behind if a signal stops it: lock files
// it holds and temp files of writes under way. The signal handler calls
// Interrupt, which removes them, as git removes its lock files on a signal.
var tracked = struct {
	sync.Mutex
	files map[string]bool
}{files: map[string]bool{}}

// critical is held by Critical and, for good, by Interrupt.
var critical sync.Mutex

// guard holds the function OnFirstUse sets until its one call.
var guard struct {
	sync.Mutex
	fn func()
}

// OnFirstUse sets fn to be called, once, before the first file is recorded
// by Create or the first Critical section runs; nil takes back an fn not
// yet called. The command installs its signal handler there: a process that
// never holds such a file does not pay for one (os/signal keeps a thread of
// its own, which cost `collab version` a tenth of its CPU time), and a
// signal before the handler stops the process at once, with nothing to
// remove. fn must not call Create or Critical.
func OnFirstUse(fn func()) {
	guard.Lock()
	guard.fn = fn
	guard.Unlock()
}

// arm calls the OnFirstUse function, if one is waiting; a caller arriving
// meanwhile waits until the call has returned.
func arm() {
	guard.Lock()
	defer guard.Unlock()
	if fn := guard.fn; fn != nil {
		guard.fn = nil
		fn()
	}
}

// Create runs create, which makes the file p (an absolute path), and when it
// succeeds records p for removal by Interrupt. An interrupt cannot fall
// between the two.
func Create(p string, create func() error) error {
	arm()
	tracked.Lock()
	defer tracked.Unlock()
	if err := create(); err != nil {
		return err
	}
	tracked.files[p] = true
	return nil
}

// Settle runs done, which removes or renames the recorded file p, and when
// it succeeds forgets p. An interrupt cannot fall between the two, so
// Interrupt never removes a file of the same name that someone else made
// after done.
func Settle(p string, done func() error) error {
	tracked.Lock()
	defer tracked.Unlock()
	if err := done(); err != nil {
		return err
	}
	delete(tracked.files, p)
	return nil
}

// Critical runs fn with Interrupt held off: steps that must not be cut in
// half by a signal, such as moving a branch and then the index. fn must not
// call Critical.
func Critical(fn func() error) error {
	arm()
	critical.Lock()
	defer critical.Unlock()
	return fn()
}

// Interrupt waits for a Critical section under way to end, then removes
// every recorded file and returns; no file is recorded after it. The caller
// is expected to exit.
func Interrupt() {
	critical.Lock()
	tracked.Lock()
	for p := range tracked.files {
		os.Remove(p)
	}
	clear(tracked.files)
}
