package schema

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
)

// CopyDir is where a workspace keeps a copy of the schemas, for editors:
// the modeline of each file points there, so that the editor checks a file
// against the schemas of the collab version that wrote them, offline.
const CopyDir = ".collab/schema"

// CopyPath is the workspace-relative path of the copy of the named schema.
func CopyPath(name string) string {
	return CopyDir + "/" + strings.ToLower(name) + ".schema.json"
}

// modelinePrefix starts the first-line comment yaml-language-server reads.
const modelinePrefix = "# yaml-language-server: $schema="

// Modeline is the yaml-language-server first line for a file at the
// workspace-relative path file (slash-separated) holding the named kind: a
// path relative to the file, so it holds wherever the workspace is.
func Modeline(name, file string) string {
	return modelinePrefix + strings.Repeat("../", strings.Count(file, "/")) + CopyPath(name) + "\n"
}

// WithModeline returns data with the modeline for name and file as its
// first line, unless data already starts with a yaml-language-server one.
func WithModeline(name, file string, data []byte) []byte {
	if bytes.HasPrefix(data, []byte(modelinePrefix)) {
		return data
	}
	return append([]byte(Modeline(name, file)), data...)
}

// StaleCopies returns the workspace-relative paths of the schema copies in
// fsys (the workspace root) that differ from the schemas of this binary.
// Missing copies are not stale: a workspace need not keep any.
func StaleCopies(fsys fs.FS) ([]string, error) {
	var stale []string
	for _, n := range Names {
		p := CopyPath(n)
		got, err := fs.ReadFile(fsys, p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		want, _ := Get(n)
		if !bytes.Equal(got, want) {
			stale = append(stale, p)
		}
	}
	return stale, nil
}

// HasCopy reports whether fsys (the workspace root) holds a copy of the
// named schema, which a modeline may then point at.
func HasCopy(fsys fs.FS, name string) bool {
	fi, err := fs.Stat(fsys, CopyPath(name))
	return err == nil && fi.Mode().IsRegular()
}
