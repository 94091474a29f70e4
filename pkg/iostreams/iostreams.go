// Package iostreams carries the standard streams and what is known about them
// (terminal or not, colour or not), so commands can be tested with buffers.
package iostreams

import (
	"bytes"
	"io"
	"os"

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
	color    bool
}

// System returns streams bound to the process's stdin, stdout and stderr.
// Colour is on for a terminal unless NO_COLOR is set or TERM is dumb.
func System() *IOStreams {
	s := &IOStreams{In: os.Stdin, Out: newSafeWriter(os.Stdout), ErrOut: newSafeWriter(os.Stderr), RawOut: os.Stdout}
	s.stdinTTY = term.IsTerminal(int(os.Stdin.Fd()))
	_, noColor := os.LookupEnv("NO_COLOR")
	s.color = term.IsTerminal(int(os.Stdout.Fd())) && !noColor && os.Getenv("TERM") != "dumb"
	return s
}

// Test returns streams backed by buffers: stdin, stdout, stderr.
func Test() (*IOStreams, *bytes.Buffer, *bytes.Buffer, *bytes.Buffer) {
	in, out, errOut := &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	return &IOStreams{In: in, Out: out, ErrOut: errOut, RawOut: out}, in, out, errOut
}

func (s *IOStreams) IsStdinTTY() bool   { return s.stdinTTY }
func (s *IOStreams) ColorEnabled() bool { return s.color }

// SetStdinTTY marks stdin as a terminal or not (for tests of interactive behaviour).
func (s *IOStreams) SetStdinTTY(on bool) { s.stdinTTY = on }

// SetColor turns colour on or off.
func (s *IOStreams) SetColor(on bool) { s.color = on }

// Colorize wraps text in an ANSI colour when colour is on.
func (s *IOStreams) Colorize(code, text string) string {
	if !s.color {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s *IOStreams) Red(t string) string    { return s.Colorize("31", t) }
func (s *IOStreams) Green(t string) string  { return s.Colorize("32", t) }
func (s *IOStreams) Yellow(t string) string { return s.Colorize("33", t) }
func (s *IOStreams) Bold(t string) string   { return s.Colorize("1", t) }
func (s *IOStreams) Faint(t string) string  { return s.Colorize("2", t) }
