//go:build !linux && !darwin

package gitstore

import (
	"errors"
	"os"
)

// writeOut is not available here: a full sync is made instead, as git does.
func writeOut(*os.File) error { return errors.ErrUnsupported }
