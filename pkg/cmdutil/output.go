package cmdutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/pkg/model"
)

// Output formats of -o.
const (
	Table = "table"
	JSON  = "json"
	YAML  = "yaml"
)

// AddOutputFlag binds -o/--output with table|json|yaml and its completion.
func AddOutputFlag(cmd *cobra.Command, target *string) {
	cmd.Flags().StringVarP(target, "output", "o", Table, "output format: table, json or yaml")
	_ = cmd.RegisterFlagCompletionFunc("output", FixedCompletion(Table, JSON, YAML))
}

// CheckOutput validates an -o value.
func CheckOutput(format string) error {
	switch format {
	case Table, JSON, YAML:
		return nil
	}
	return FlagErrorf("invalid output format %q: use table, json or yaml", format)
}

// PrintData writes v as JSON or YAML; for table it calls table.
func PrintData(w io.Writer, format string, v any, table func(io.Writer) error) error {
	switch format {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	case YAML:
		return EncodeYAML(w, v)
	}
	return table(w)
}

// EncodeYAML writes v as the YAML of -o yaml: the document -o json prints,
// converted as kubectl does (marshal to JSON, then JSON to YAML), so both
// formats have the same keys, the same omissions and the same values (a
// []byte is base64 text in both, not a list of integers). Keys keep their
// JSON order; 2-space indent; strings holding line breaks or control
// characters are double-quoted (see quoteLines).
func EncodeYAML(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	n, err := jsonToNode(dec)
	if err != nil {
		return err
	}
	quoteLines(n)
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return err
	}
	return enc.Close()
}

// jsonToNode reads one JSON value from dec as a YAML node tree. It builds the
// nodes itself rather than parsing the JSON as YAML: JSON text may hold
// characters (U+FEFF, U+FFFE) that a YAML stream may not.
func jsonToNode(dec *json.Decoder) (*yaml.Node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq"}
		if t == '{' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
		}
		for dec.More() {
			if n.Kind == yaml.MappingNode {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k.(string)})
			}
			c, err := jsonToNode(dec)
			if err != nil {
				return nil, err
			}
			n.Content = append(n.Content, c)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	case string:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t}, nil
	case json.Number:
		tag := "!!float"
		if _, err := strconv.ParseInt(t.String(), 10, 64); err == nil {
			tag = "!!int"
		} else if _, err := strconv.ParseUint(t.String(), 10, 64); err == nil {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: t.String()}, nil
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(t)}, nil
	case nil:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

// quoteLines double-quotes every string holding a line break or another
// character model.Escape escapes: as a block scalar, each of its lines
// would be a line of the output, which a CI log may run as a command.
func quoteLines(n *yaml.Node) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!str" && model.Escape(n.Value) != n.Value {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		quoteLines(c)
	}
}

// TableWriter is a tablewriter table whose cells are escaped (model.Escape): a
// newline in a value would otherwise start a line of its own, and a
// control character would reach the terminal.
type TableWriter struct{ *tablewriter.Table }

// Append adds a row, escaped.
func (t *TableWriter) Append(row []string) { t.Table.Append(escapeRow(row)) }

// AppendBulk adds rows, escaped.
func (t *TableWriter) AppendBulk(rows [][]string) {
	for _, r := range rows {
		t.Append(r)
	}
}

func escapeRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		out[i] = model.Escape(c)
	}
	return out
}

// NewTable returns a plain, borderless table in the style of kubectl.
func NewTable(w io.Writer, header ...string) *TableWriter {
	t := tablewriter.NewWriter(&trimWriter{w: w})
	t.SetHeader(header)
	t.SetAutoFormatHeaders(true)
	t.SetHeaderAlignment(tablewriter.ALIGN_LEFT)
	t.SetAlignment(tablewriter.ALIGN_LEFT)
	t.SetAutoWrapText(false)
	t.SetBorder(false)
	t.SetHeaderLine(false)
	t.SetColumnSeparator("")
	t.SetCenterSeparator("")
	t.SetRowSeparator("")
	t.SetTablePadding("   ")
	t.SetNoWhiteSpace(true)
	return &TableWriter{t}
}

// FixedCompletion completes a flag from a fixed list.
func FixedCompletion(values ...string) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// Percent renders 0..1 as a whole percentage.
func Percent(v float64) string { return fmt.Sprintf("%.0f%%", v*100) }

// Bar renders 0..1 as a text progress bar of the given width.
func Bar(v float64, width int) string {
	n := int(v*float64(width) + 0.5)
	n = max(0, min(width, n))
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}

// trimWriter drops the spaces tablewriter pads the last column with, so
// output lines end cleanly. It holds back text until a newline; tablewriter
// ends every line with one.
type trimWriter struct {
	w    io.Writer
	line []byte
}

func (t *trimWriter) Write(p []byte) (int, error) {
	t.line = append(t.line, p...)
	for {
		i := bytes.IndexByte(t.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		out := append(bytes.TrimRight(t.line[:i], " "), '\n')
		if _, err := t.w.Write(out); err != nil {
			return 0, err
		}
		t.line = t.line[i+1:]
	}
}
