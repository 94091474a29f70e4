// Package editor runs the user's editor on a file's content and loops until
// the content is valid, as `kubectl edit` does: on errors the file reopens
// with them as comments on top.
package editor

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/collab-tools/collab/pkg/diag"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// marker starts every line collab adds on top of the file; they are removed
// before the content is checked.
const marker = "# collab: "

// ErrCancelled is returned when the user empties the file.
var ErrCancelled = errors.New("edit cancelled: the file was emptied")

// Command returns the editor to run: $VISUAL, else $EDITOR, else vi.
func Command() string {
	for _, v := range []string{"VISUAL", "EDITOR"} {
		if e := strings.TrimSpace(os.Getenv(v)); e != "" {
			return e
		}
	}
	return "vi"
}

// Edit opens content (named name, for the temp file and messages) in the
// editor. check returns the problems of a saved version; Edit reopens the file
// until check finds none. It returns the edited content and whether it differs
// from content. When the user saves an invalid file unchanged, Edit gives up
// and says where the attempt is kept.
func Edit(ios *iostreams.IOStreams, name string, content []byte, check func([]byte) diag.List) ([]byte, bool, error) {
	f, err := os.CreateTemp("", "collab-edit-*-"+filepath.Base(name))
	if err != nil {
		return nil, false, err
	}
	tmp := f.Name()
	f.Close()
	keep := false
	defer func() {
		if !keep {
			os.Remove(tmp)
		}
	}()
	current := content
	var last []byte
	for {
		if err := os.WriteFile(tmp, current, 0o600); err != nil {
			return nil, false, err
		}
		cmd := exec.Command("sh", "-c", Command()+` "$1"`, "sh", tmp)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = ios.In, ios.Out, ios.ErrOut
		if err := cmd.Run(); err != nil {
			return nil, false, fmt.Errorf("editor %q failed: %w (set VISUAL or EDITOR)", Command(), err)
		}
		saved, err := os.ReadFile(tmp)
		if err != nil {
			return nil, false, err
		}
		body := stripHeader(saved)
		if len(bytes.TrimSpace(body)) == 0 {
			return nil, false, ErrCancelled
		}
		if bytes.Equal(body, content) {
			return content, false, nil
		}
		problems := check(body)
		if len(problems) == 0 {
			return body, true, nil
		}
		if last != nil && bytes.Equal(body, last) {
			keep = true
			os.WriteFile(tmp, body, 0o600)
			return nil, false, fmt.Errorf("%s is still invalid and was saved unchanged; nothing was written. Your version is kept in %s", name, tmp)
		}
		last = body
		current = append(header(name, problems), body...)
	}
}

func header(name string, problems diag.List) []byte {
	var b bytes.Buffer
	b.WriteString(marker + "the edit of " + name + " is not valid; fix it and save, or empty the file to cancel.\n")
	for _, d := range problems {
		b.WriteString(marker + d.String() + "\n")
	}
	b.WriteString(marker + "(these lines are removed when you save)\n")
	return b.Bytes()
}

func stripHeader(b []byte) []byte {
	for bytes.HasPrefix(b, []byte(marker)) {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			return nil
		}
		b = b[i+1:]
	}
	return b
}
