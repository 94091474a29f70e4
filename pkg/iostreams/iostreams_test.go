package iostreams

import (
	"testing"
)

func TestColorFor(t *testing.T) {
	tests := []struct {
		name string
		tty  bool
		env  map[string]string
		want bool
	}{
		{"terminal", true, nil, true},
		{"pipe", false, nil, false},
		{"terminal, TERM dumb", true, map[string]string{"TERM": "dumb"}, false},
		{"terminal, NO_COLOR=1", true, map[string]string{"NO_COLOR": "1"}, false},
		{"terminal, NO_COLOR=0 is set all the same", true, map[string]string{"NO_COLOR": "0"}, false},
		{"terminal, NO_COLOR empty does not count", true, map[string]string{"NO_COLOR": ""}, true},
		{"terminal, CLICOLOR=0", true, map[string]string{"CLICOLOR": "0"}, false},
		{"terminal, CLICOLOR=1", true, map[string]string{"CLICOLOR": "1"}, true},
		{"pipe, CLICOLOR_FORCE=1", false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"pipe, CLICOLOR_FORCE=0", false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{"pipe, CLICOLOR_FORCE empty", false, map[string]string{"CLICOLOR_FORCE": ""}, false},
		{"pipe, TERM dumb, CLICOLOR_FORCE=1", false, map[string]string{"TERM": "dumb", "CLICOLOR_FORCE": "1"}, true},
		{"pipe, CLICOLOR_FORCE=1 and NO_COLOR=1", false, map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": "1"}, false},
		{"terminal, CLICOLOR_FORCE=1 and NO_COLOR empty", true, map[string]string{"CLICOLOR_FORCE": "1", "NO_COLOR": ""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ColorFor(tt.tty, func(k string) string { return tt.env[k] })
			if got != tt.want {
				t.Errorf("ColorFor(%v, %v) = %v, want %v", tt.tty, tt.env, got, tt.want)
			}
		})
	}
}

func TestColorPerStream(t *testing.T) {
	ios, _, _, _ := Test()
	ios.SetErrColor(true) // stderr on a terminal, stdout piped
	if got := ios.Yellow("w"); got != "w" {
		t.Errorf("stdout text coloured: %q", got)
	}
	if got := ios.ErrColorScheme().Yellow("w"); got != "\x1b[33mw\x1b[0m" {
		t.Errorf("stderr text not coloured: %q", got)
	}
	ios.SetColor(true)
	ios.SetErrColor(false)
	if got := ios.ErrColorScheme().Red("e"); got != "e" {
		t.Errorf("stderr text coloured: %q", got)
	}
	if got := ios.Bold("b"); got != "\x1b[1mb\x1b[0m" {
		t.Errorf("stdout text not coloured: %q", got)
	}
}

func TestTerminalWidth(t *testing.T) {
	tests := []struct {
		columns string
		want    int
	}{
		{"", 80},
		{"132", 132},
		{"junk", 80},
		{"-4", 80},
	}
	for _, tt := range tests {
		// -1 is no terminal: the width comes from COLUMNS or the default.
		got := terminalWidth(-1, func(k string) string {
			if k == "COLUMNS" {
				return tt.columns
			}
			return ""
		})
		if got != tt.want {
			t.Errorf("COLUMNS=%q: width %d, want %d", tt.columns, got, tt.want)
		}
	}
	ios, _, _, _ := Test()
	if w, ok := ios.Out.(interface{ TerminalWidth() int }); ok && w.TerminalWidth() != 0 {
		t.Errorf("test stdout reports a terminal of width %d", w.TerminalWidth())
	}
	ios.SetTerminalWidth(40)
	ios.SetTerminalWidth(50)
	if w := ios.Out.(interface{ TerminalWidth() int }).TerminalWidth(); w != 50 {
		t.Errorf("width %d, want 50", w)
	}
}
