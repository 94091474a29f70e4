package history

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/collab-tools/collab/pkg/cmdutil"
)

// listWriter writes a JSON or YAML list one item at a time, byte for byte as
// cmdutil.PrintData writes the whole list, so that a long history is printed
// while it is read and never held in memory.
type listWriter struct {
	w      io.Writer
	format string // cmdutil.JSON or cmdutil.YAML
	n      int
}

func (l *listWriter) Write(v any) error {
	defer func() { l.n++ }()
	if l.format == cmdutil.JSON {
		b, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if l.n == 0 {
			sep = "[\n  "
		}
		if _, err := io.WriteString(l.w, sep); err != nil {
			return err
		}
		_, err = l.w.Write(b)
		return err
	}
	if lc, ok := v.(*LogCommit); ok && len(lc.Entities) > 0 {
		return l.writeYAMLCommit(lc)
	}
	return writeYAMLItem(l.w, v, "")
}

// writeYAMLItem writes v as the one item of a YAML sequence, which is its part
// of the whole sequence, with indent before every line that is not empty.
func writeYAMLItem(w io.Writer, v any, indent string) error {
	var buf bytes.Buffer
	if err := cmdutil.EncodeYAML(&buf, []any{v}); err != nil {
		return err
	}
	if indent == "" {
		_, err := w.Write(buf.Bytes())
		return err
	}
	for line := range bytes.Lines(buf.Bytes()) {
		if len(bytes.TrimSpace(line)) > 0 {
			if _, err := io.WriteString(w, indent); err != nil {
				return err
			}
		}
		if _, err := w.Write(line); err != nil {
			return err
		}
	}
	return nil
}

// yamlNoEntities is how a LogCommit without entities ends in YAML.
const yamlNoEntities = "  entities: []\n"

// writeYAMLCommit writes a commit's entities one by one: the first commit of
// a repository adds every file, and its whole YAML tree at once would be the
// largest thing in memory.
func (l *listWriter) writeYAMLCommit(lc *LogCommit) error {
	head := *lc
	head.Entities = nil
	var buf bytes.Buffer
	if err := writeYAMLItem(&buf, &head, ""); err != nil {
		return err
	}
	b, ok := bytes.CutSuffix(buf.Bytes(), []byte(yamlNoEntities))
	if !ok {
		return writeYAMLItem(l.w, lc, "") // not the expected shape: all at once
	}
	if _, err := l.w.Write(b); err != nil {
		return err
	}
	if _, err := io.WriteString(l.w, "  entities:\n"); err != nil {
		return err
	}
	for _, e := range lc.Entities {
		if err := writeYAMLItem(l.w, e, "    "); err != nil {
			return err
		}
	}
	return nil
}

// Close ends the list.
func (l *listWriter) Close() error {
	end := ""
	switch {
	case l.n == 0:
		end = "[]\n"
	case l.format == cmdutil.JSON:
		end = "\n]\n"
	}
	_, err := io.WriteString(l.w, end)
	return err
}
