//go:build !unix

package workspace

import (
	"errors"
	"os"

	"github.com/collab-tools/collab/pkg/safefile"
)

// folderReader: see partial_unix.go. Elsewhere files have no Stat to match
// an index entry, and every file of a scan is read with the checks of a
// load.
type folderReader struct{}

func openFolderReader(*os.Root, string) (*folderReader, error) { return &folderReader{}, nil }

func (*folderReader) stat(string) (safefile.Stat, bool) { return safefile.Stat{}, false }

func (*folderReader) names() ([]string, error) { return nil, errors.ErrUnsupported }

func (*folderReader) Close() error { return nil }
