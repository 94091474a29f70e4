package docscmd

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// The man pages are written as roff here rather than with cobra/doc, which
// goes through Markdown (go-md2man and blackfriday): those two packages cost
// every collab command about a millisecond of start-up for a command only
// packagers run. The pages have the same sections as cobra/doc's; the help
// texts use a small part of Markdown (paragraphs, `code`, "#### heading",
// tab-indented examples, numbered lists), which is all this renders.

// manHeader is what the .TH line of every page says.
type manHeader struct {
	title, section, date, source, manual string
}

// genManTree writes a page for cmd and every visible command below it.
func genManTree(cmd *cobra.Command, h manHeader, dir string) error {
	for _, c := range cmd.Commands() {
		if !c.IsAvailableCommand() || c.IsAdditionalHelpTopicCommand() {
			continue
		}
		if err := genManTree(c, h, dir); err != nil {
			return err
		}
	}
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "-")
	return os.WriteFile(filepath.Join(dir, name+"."+h.section), []byte(genMan(cmd, h)), 0o644)
}

// manDate is the month the pages carry: SOURCE_DATE_EPOCH's when it is set,
// so that a release gives the same pages, else now.
func manDate() (string, error) {
	now := time.Now()
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return "", fmt.Errorf("invalid SOURCE_DATE_EPOCH: %v", err)
		}
		now = time.Unix(sec, 0)
	}
	return now.Format("Jan 2006"), nil
}

func genMan(cmd *cobra.Command, h manHeader) string {
	cmd.InitDefaultHelpCmd()
	cmd.InitDefaultHelpFlag()
	var b strings.Builder
	fmt.Fprintf(&b, ".nh\n.TH %q %q %q %q %q\n\n", h.title, h.section, h.date, h.source, h.manual)
	name := strings.ReplaceAll(cmd.CommandPath(), " ", "-")
	fmt.Fprintf(&b, ".SH NAME\n%s - %s\n\n\n", name, inline(cmd.Short))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n\\fB%s\\fP\n\n\n", escape(cmd.UseLine()))
	desc := cmd.Long
	if desc == "" {
		desc = cmd.Short
	}
	b.WriteString(".SH DESCRIPTION\n")
	writeText(&b, desc)
	b.WriteString("\n\n")
	if fs := cmd.NonInheritedFlags(); fs.HasAvailableFlags() {
		b.WriteString(".SH OPTIONS\n")
		writeFlags(&b, fs)
	}
	if fs := cmd.InheritedFlags(); fs.HasAvailableFlags() {
		b.WriteString(".SH OPTIONS INHERITED FROM PARENT COMMANDS\n")
		writeFlags(&b, fs)
	}
	if cmd.Example != "" {
		b.WriteString(".SH EXAMPLE\n.EX\n")
		for _, l := range strings.Split(strings.TrimRight(cmd.Example, "\n"), "\n") {
			b.WriteString(escapeLine(l) + "\n")
		}
		b.WriteString(".EE\n\n\n")
	}
	var see []string
	if cmd.HasParent() {
		see = append(see, fmt.Sprintf("\\fB%s(%s)\\fP", strings.ReplaceAll(cmd.Parent().CommandPath(), " ", "-"), h.section))
	}
	children := cmd.Commands()
	sort.Slice(children, func(i, j int) bool { return children[i].Name() < children[j].Name() })
	for _, c := range children {
		if c.IsAvailableCommand() && !c.IsAdditionalHelpTopicCommand() {
			see = append(see, fmt.Sprintf("\\fB%s-%s(%s)\\fP", name, c.Name(), h.section))
		}
	}
	if len(see) > 0 {
		b.WriteString(".SH SEE ALSO\n" + strings.Join(see, ", ") + "\n")
	}
	return b.String()
}

// writeFlags lists flags as cobra/doc does: the names, the default, and the
// usage on an indented line.
func writeFlags(b *strings.Builder, fs *pflag.FlagSet) {
	first := true
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Deprecated != "" || f.Hidden {
			return
		}
		if !first {
			b.WriteString(".PP\n")
		}
		first = false
		if f.Shorthand != "" && f.ShorthandDeprecated == "" {
			fmt.Fprintf(b, "\\fB-%s\\fP, \\fB--%s\\fP", f.Shorthand, f.Name)
		} else {
			fmt.Fprintf(b, "\\fB--%s\\fP", f.Name)
		}
		def := f.DefValue
		if f.Value.Type() == "string" {
			def = strconv.Quote(def)
		}
		if f.NoOptDefVal != "" {
			def = "[=" + def + "]"
		} else {
			def = "=" + def
		}
		fmt.Fprintf(b, "%s\n\t%s\n\n", escape(def), inline(f.Usage))
	})
	b.WriteString("\n")
}

// writeText renders a help text: paragraphs separated by blank lines,
// "#### heading" lines, tab-indented blocks as examples, and numbered lists.
func writeText(b *strings.Builder, text string) {
	paras := strings.Split(strings.Trim(text, "\n"), "\n\n")
	for i, p := range paras {
		p = strings.Trim(p, "\n")
		if p == "" {
			continue
		}
		lines := strings.Split(p, "\n")
		switch {
		case strings.HasPrefix(lines[0], "#"):
			b.WriteString(".SS " + inline(strings.TrimSpace(strings.TrimLeft(lines[0], "#"))) + "\n")
			continue
		case isCode(lines):
			b.WriteString(".EX\n")
			for _, l := range lines {
				b.WriteString(escapeLine(strings.TrimPrefix(strings.TrimPrefix(l, "\t"), "    ")) + "\n")
			}
			b.WriteString(".EE\n\n")
			continue
		}
		if i > 0 && !strings.HasPrefix(strings.TrimSpace(paras[i-1]), "#") {
			b.WriteString(".PP\n")
		}
		inList := false
		for j, l := range lines {
			t := strings.TrimLeft(l, " ")
			if n, item, ok := listItem(t); ok {
				fmt.Fprintf(b, ".IP \"  %s.\" 5\n%s\n", n, inline(item))
				inList = true
				continue
			}
			if j == 0 || (inList && t != l) {
				l = t // a list item's continuation, or the paragraph's indent
			} else {
				inList = false
			}
			b.WriteString(inline(l) + "\n")
		}
		if i < len(paras)-1 {
			b.WriteString("\n")
		}
	}
}

// listItem splits "12. text" into its number and text.
func listItem(l string) (n, item string, ok bool) {
	n, item, ok = strings.Cut(l, ". ")
	if !ok || n == "" || strings.Trim(n, "0123456789") != "" {
		return "", "", false
	}
	return n, strings.TrimLeft(item, " "), true
}

func isCode(lines []string) bool {
	for _, l := range lines {
		if !strings.HasPrefix(l, "\t") && !strings.HasPrefix(l, "    ") {
			return false
		}
	}
	return true
}

// inline escapes a line of text and renders `code` in bold.
func inline(s string) string {
	parts := strings.Split(s, "`")
	if len(parts)%2 == 0 { // an unpaired backquote stays as it is
		return escapeLine(s)
	}
	for i := range parts {
		parts[i] = escape(parts[i])
		if i%2 == 1 {
			parts[i] = `\fB` + parts[i] + `\fR`
		}
	}
	return guard(strings.Join(parts, ""))
}

// escape makes backslashes literal.
func escape(s string) string { return strings.ReplaceAll(s, `\`, `\e`) }

// escapeLine also keeps a line that starts with a dot or a quote from being
// read as a request.
func escapeLine(s string) string { return guard(escape(s)) }

func guard(s string) string {
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
