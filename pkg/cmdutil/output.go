package cmdutil

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/collab-tools/collab/internal/parallel"
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

// TableWriter is a borderless table in the style of kubectl whose cells are
// escaped (model.Escape): a newline in a value would otherwise start a line
// of its own, and a control character would reach the terminal.
type TableWriter struct {
	w      io.Writer
	width  int // the terminal's; 0 off a terminal
	header []string
	rows   [][]string
}

// Append adds a row, escaped.
func (t *TableWriter) Append(row []string) { t.rows = append(t.rows, escapeRow(row)) }

// AppendEach adds n rows, row(i) giving the i-th, escaped. The rows of a
// long table are made on every core, in runs, so row must be safe to call
// from several goroutines at once.
func (t *TableWriter) AppendEach(n int, row func(i int) []string) {
	base := len(t.rows)
	t.rows = slices.Grow(t.rows, n)[:base+n]
	parallel.Runs(n, 512, func(i int) { t.rows[base+i] = escapeRow(row(i)) })
}

// AppendBulk adds rows, escaped.
func (t *TableWriter) AppendBulk(rows [][]string) {
	for _, r := range rows {
		t.Append(r)
	}
}

func escapeRow(row []string) []string {
	out := make([]string, len(row))
	for i, c := range row {
		if printableASCII(c) {
			out[i] = c // nothing to escape; the common case, checked fast
		} else {
			out[i] = model.Escape(c)
		}
	}
	return out
}

// printableASCII reports whether s holds only printable ASCII (space to
// tilde), which model.Escape leaves as it is.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// TerminalWidther is a writer that knows the width of the terminal it
// writes to: 0 when it is not a terminal (iostreams' standard output).
type TerminalWidther interface{ TerminalWidth() int }

// columnGap is the space between two columns.
const columnGap = "   "

// NewTable returns a plain, borderless table in the style of kubectl:
// upper-case headers, columns three spaces apart, no trailing spaces. Off a
// terminal (a pipe, a file, CI) rows are written whole, never cut, as gh
// does; on a terminal (w a TerminalWidther reporting a width) the widest
// columns are cut with an ellipsis until a row fits the terminal (fit).
func NewTable(w io.Writer, header ...string) *TableWriter {
	t := &TableWriter{w: w, header: header}
	if tw, ok := w.(TerminalWidther); ok {
		t.width = tw.TerminalWidth()
	}
	return t
}

// Render writes the table. On a terminal tablewriter lays it out, fitting
// it to the width; off a terminal nothing is cut, and the same layout is
// written directly, on every core, without tablewriter's work per cell,
// which a 20,000-line collab status through a pipe would pay.
func (t *TableWriter) Render() error {
	if t.width > 0 {
		return t.renderFitted()
	}
	return t.renderWhole()
}

// renderWhole writes every cell whole, each column as wide as its widest
// cell, columns columnGap apart, with no trailing spaces: the layout
// renderFitted gives when nothing needs cutting. A long table's lines are
// laid out on every core, a run of rows each, into one buffer sized for
// the whole table.
func (t *TableWriter) renderWhole() error {
	widths := t.widths()
	lineMax := len(columnGap)*max(len(widths)-1, 0) + 1
	for _, w := range widths {
		lineMax += w
	}
	header := padRow(t.headerCells(), len(widths))
	buf := make([]byte, 0, lineMax*(len(t.rows)+1)) // cells wider than their width (bytes over display width) may grow it
	buf = appendLine(buf, header, widths)
	const run = 2048
	if len(t.rows) <= run || runtime.GOMAXPROCS(0) == 1 {
		for _, r := range t.rows {
			buf = appendLine(buf, padRow(r, len(widths)), widths)
		}
		_, err := t.w.Write(buf)
		return err
	}
	parts := make([][]byte, (len(t.rows)+run-1)/run)
	parallel.Runs(len(parts), 1, func(i int) {
		rows := t.rows[i*run : min((i+1)*run, len(t.rows))]
		b := make([]byte, 0, lineMax*len(rows))
		for _, r := range rows {
			b = appendLine(b, padRow(r, len(widths)), widths)
		}
		parts[i] = b
	})
	for _, p := range parts {
		buf = append(buf, p...)
	}
	_, err := t.w.Write(buf)
	return err
}

// spaces pads cells without allocating.
const spaces = "                                                                "

// appendLine appends one line of the table: each cell but the last padded
// to its column's width, then columnGap; empty cells at the end left out;
// no trailing spaces.
func appendLine(b []byte, cells []string, widths []int) []byte {
	start := len(b)
	end := len(cells)
	for end > 0 && cells[end-1] == "" {
		end--
	}
	for i, c := range cells[:end] {
		b = append(b, c...)
		if i < end-1 {
			for pad := widths[i] - width(c); pad > 0; pad -= len(spaces) {
				b = append(b, spaces[:min(pad, len(spaces))]...)
			}
			b = append(b, columnGap...)
		}
	}
	// A cell may itself end in spaces (the header's last one).
	for len(b) > start && b[len(b)-1] == ' ' {
		b = b[:len(b)-1]
	}
	return append(b, '\n')
}

// headerCells is the header in upper case. (tablewriter's own header
// formatting would split "Next check-in" into "NEXT CHECK - IN".)
func (t *TableWriter) headerCells() []string {
	h := make([]string, len(t.header))
	for i, c := range t.header {
		h[i] = strings.ToUpper(c)
	}
	return h
}

func padRow(r []string, n int) []string {
	if len(r) >= n {
		return r[:n]
	}
	return append(slices.Clone(r), make([]string, n-len(r))...)
}

// widths is each column's natural width: its widest cell, header included.
func (t *TableWriter) widths() []int {
	widths := make([]int, len(t.header))
	for i, h := range t.headerCells() {
		widths[i] = width(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], width(c))
			}
		}
	}
	return widths
}

// width is the display width of a cell as tablewriter measures it, with a
// fast path for printable ASCII (every id, date and email).
func width(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return runewidth.StringWidth(s)
}

// renderFitted lays the table out with tablewriter, each cell cut with an
// ellipsis to its column's width (fit).
func (t *TableWriter) renderFitted() error {
	cut := t.fit()
	cutRow := func(r []string) []string {
		r = padRow(r, len(t.header))
		if len(cut) == 0 {
			return r
		}
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = c
			if w, ok := cut[i]; ok && width(c) > w {
				out[i] = runewidth.Truncate(c, w, "…")
			}
		}
		return out
	}
	out := &trimWriter{w: t.w}
	table := tablewriter.NewWriter(out)
	table.SetAutoWrapText(false)
	table.SetAutoFormatHeaders(false)
	table.SetHeaderAlignment(tablewriter.ALIGN_LEFT)
	table.SetAlignment(tablewriter.ALIGN_LEFT)
	table.SetBorder(false)
	table.SetHeaderLine(false)
	table.SetColumnSeparator("")
	table.SetCenterSeparator("")
	table.SetRowSeparator("")
	table.SetTablePadding(columnGap)
	table.SetNoWhiteSpace(true)
	table.SetHeader(cutRow(t.headerCells()))
	for _, r := range t.rows {
		table.Append(cutRow(r))
	}
	table.Render()
	return out.err
}

// minCut is the narrowest fit cuts a column to: an id's first characters
// and the ellipsis stay readable.
const minCut = 8

// fit returns the widths to cut columns to so that a row fits the
// terminal: the widest column loses a character at a time, down to minCut
// (or its header's width if wider), so short columns such as ids and dates
// stay whole. A table that cannot fit that way is cut as far as it goes.
// A cut cell, its ellipsis included, is one column narrower than that, so
// a cut line stays clear of the terminal's last column, where some
// terminals wrap.
func (t *TableWriter) fit() map[int]int {
	widths := t.widths()
	total := len(columnGap) * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	natural := slices.Clone(widths)
	for total > t.width {
		widest := -1
		for i, w := range widths {
			if w > max(minCut, width(t.header[i])) && (widest < 0 || w > widths[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break
		}
		widths[widest]--
		total--
	}
	cut := map[int]int{}
	for i, w := range widths {
		if w < natural[i] {
			cut[i] = w - 1
		}
	}
	return cut
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
// ends every line with one. It keeps the first error, which tablewriter
// does not return.
type trimWriter struct {
	w    io.Writer
	line []byte
	err  error
}

func (t *trimWriter) Write(p []byte) (int, error) {
	if t.err != nil {
		return 0, t.err
	}
	t.line = append(t.line, p...)
	for {
		i := bytes.IndexByte(t.line, '\n')
		if i < 0 {
			return len(p), nil
		}
		out := append(bytes.TrimRight(t.line[:i], " "), '\n')
		if _, err := t.w.Write(out); err != nil {
			t.err = err
			return 0, err
		}
		t.line = t.line[i+1:]
	}
}
