package cmdutil

import (
	"errors"
	"fmt"
)

// FlagError is a usage error (a bad flag, argument or missing required flag):
// exit code 2. Every usage error is one, so the exit code is chosen by type.
type FlagError struct{ Err error }

func (e *FlagError) Error() string { return e.Err.Error() }
func (e *FlagError) Unwrap() error { return e.Err }

// FlagErrorf builds a usage error.
func FlagErrorf(format string, args ...any) error {
	return &FlagError{Err: fmt.Errorf(format, args...)}
}

// ErrSilent fails a command whose output already said why: exit code 1.
var ErrSilent = errors.New("silent error")
