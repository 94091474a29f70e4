//go:build !unix

package workspace

import "io/fs"

// fileID: size and modification time only, where there are no inodes.
func fileID(fs.FileInfo) string { return "" }
