// Package iostreams carries the standard streams and what is known about them
// (terminal or not, colour or not), so commands can be tested with buffers.
package iostreams

import (
	"bytes"
	"io"
	"os"
	"strconv"

	"golang.org/x/term"
)

type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// RawOut is standard output unfiltered, for output whose lines must
	// reach a CI log as written (workflow commands of validate --format
	// github). Out and ErrOut escape what could drive the terminal or run
	// as a command (see safeWriter).
	RawOut io.Writer

	stdinTTY bool
	// Colour is decided per stream: stderr on a terminal gets colour while
	// stdout goes to a pipe, and the other way round.
	color    bool
	errColor bool
}

// System returns streams bound to the process's stdin, stdout and stderr,
// with colour decided for each of stdout and stderr (see ColorFor). When
// stdout is a terminal, Out reports the terminal's width (TerminalWidth),
// which tables fit their rows to.
func System() *IOStreams {
	outTTY := term.IsTerminal(int(os.Stdout.Fd()))
	out := newSafeWriter(os.Stdout)
	if outTTY {
		out.width = terminalWidth(int(os.Stdout.Fd()), os.Getenv)
	}
	s := &IOStreams{In: os.Stdin, Out: out, ErrOut: newSafeWriter(os.Stderr), RawOut: os.Stdout}
	s.stdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	s.color = ColorFor(outTTY, os.Getenv)
	s.errColor = ColorFor(term.IsTerminal(int(os.Stderr.Fd())), os.Getenv)
	return s
}

// ColorFor decides whether a stream gets colour: never when NO_COLOR is set
// to a non-empty value (no-color.org: an empty NO_COLOR does not count) or
// CLICOLOR is 0; always when CLICOLOR_FORCE is set and not 0 (a pipe into a
// pager that shows colour); otherwise only on a terminal whose TERM is not
// dumb. NO_COLOR wins over CLICOLOR_FORCE: it is the user's own wish, the
// other often a tool's default.
func ColorFor(isTTY bool, getenv func(string) string) bool {
	if getenv("NO_COLOR") != "" || getenv("CLICOLOR") == "0" {
		return false
	}
	if f := getenv("CLICOLOR_FORCE"); f != "" && f != "0" {
		return true
	}
	return isTTY && getenv("TERM") != "dumb"
}

// terminalWidth is the terminal's width in columns, else COLUMNS, else 80.
func terminalWidth(fd int, getenv func(string) string) int {
	if w, _, err := term.GetSize(fd); err == nil && w > 0 {
		return w
	}
	if w, err := strconv.Atoi(getenv("COLUMNS")); err == nil && w > 0 {
		return w
	}
	return 80
}

// Test returns streams backed by buffers: stdin, stdout, stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, RawOut: out}, in, out, errOut
}

func (s *IOStreams) IsStdinTTY() bool { return s.stdinTTY }

// ColorEnabled reports whether stdout gets colour.
func (s *IOStreams) ColorEnabled() bool { return s.color }

// ErrColorEnabled reports whether stderr gets colour.
func (s *IOStreams) ErrColorEnabled() bool { return s.errColor }

// SetStdinTTY marks stdin as a terminal or not (for tests of interactive behaviour).
func (s *IOStreams) SetStdinTTY(on bool) { s.stdinTTY = on }

// SetColor turns stdout's colour on or off.
func (s *IOStreams) SetColor(on bool) { s.color = on }

// SetErrColor turns stderr's colour on or off.
func (s *IOStreams) SetErrColor(on bool) { s.errColor = on }

// SetTerminalWidth makes Out report a terminal of the given width, as
// System does when stdout is a terminal (for tests of table fitting).
func (s *IOStreams) SetTerminalWidth(width int) {
	if w, ok := s.Out.(*sizedWriter); ok {
		w.width = width
		return
	}
	s.Out = &sizedWriter{Writer: s.Out, width: width}
}

// sizedWriter is a writer that reports a terminal width.
type sizedWriter struct {
	io.Writer
	width int
}

func (w *sizedWriter) TerminalWidth() int { return w.width }

// ColorScheme colours text for one stream; its zero value leaves text alone.
type ColorScheme struct{ on bool }

// ColorScheme colours text for stdout.
func (s *IOStreams) ColorScheme() ColorScheme { return ColorScheme{s.color} }

// ErrColorScheme colours text for stderr.
func (s *IOStreams) ErrColorScheme() ColorScheme { return ColorScheme{s.errColor} }

// Enabled reports whether the scheme colours text.
func (c ColorScheme) Enabled() bool { return c.on }

// Colorize wraps text in an ANSI colour when colour is on.
func (c ColorScheme) Colorize(code, text string) string {
	if !c.on {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (c ColorScheme) Red(t string) string    { return c.Colorize("31", t) }
func (c ColorScheme) Green(t string) string  { return c.Colorize("32", t) }
func (c ColorScheme) Yellow(t string) string { return c.Colorize("33", t) }
func (c ColorScheme) Bold(t string) string   { return c.Colorize("1", t) }
func (c ColorScheme) Faint(t string) string  { return c.Colorize("2", t) }

// Colorize and the colours below are stdout's (ColorScheme); text for
// stderr takes ErrColorScheme.
func (s *IOStreams) Colorize(code, text string) string { return s.ColorScheme().Colorize(code, text) }

func (s *IOStreams) Red(t string) string    { return s.ColorScheme().Red(t) }
func (s *IOStreams) Green(t string) string  { return s.ColorScheme().Green(t) }
func (s *IOStreams) Yellow(t string) string { return s.ColorScheme().Yellow(t) }
func (s *IOStreams) Bold(t string) string   { return s.ColorScheme().Bold(t) }
func (s *IOStreams) Faint(t string) string  { return s.ColorScheme().Faint(t) }
