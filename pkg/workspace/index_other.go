//go:build !unix

package workspace

import (
	"fmt"
	"os"
)

// fileIdentity: size and modification time only, where there are no inodes.
func fileIdentity(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d %d", fi.Size(), fi.ModTime().UnixNano())
}
