//go:build !unix

package gitobj

import "os"

// mapFile reads a file into memory.
func mapFile(path string) ([]byte, func() error, error) {
	b, err := os.ReadFile(path)
	return b, func() error { return nil }, err
}
