//go:build unix

package root

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// TestMainGivesSignalsBack: once Main returns, SIGINT is no longer routed to
// its handler (which would end this test process with exit code 130), so a
// program that runs collab in-process gets its signals back.
func TestMainGivesSignalsBack(t *testing.T) {
	ios, _, _, _ := iostreams.Test()
	if code := Main(cmdutil.New(ios), []string{"version"}); code != ExitOK {
		t.Fatalf("version: exit code %d", code)
	}
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	defer signal.Stop(c)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c:
	case <-time.After(5 * time.Second):
		t.Fatal("SIGINT did not arrive")
	}
	// A handler left behind gets the signal too and ends the process
	// with exit code 130 (go test reports that as a failure): give it time.
	time.Sleep(300 * time.Millisecond)
}

// TestRunAsMain: Run, which cmd/collab calls, exits as Main does and
// prints the same. Run leaves its signal handler in place, so it runs in a
// child process (this test binary again), never in this one.
func TestRunAsMain(t *testing.T) {
	if args := os.Getenv("COLLAB_ROOT_RUN"); args != "" {
		code := Run(cmdutil.New(iostreams.System()), strings.Split(args, "\n"))
		os.Exit(code)
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"version"},
		{"--version"},
		{"version", "-o", "json"},
		{"nope"},
		{"team", "add"},
		{"-C", dir, "validate"},
		{"schema", "widget"},
	} {
		ios, _, out, errOut := iostreams.Test()
		want := result{Main(cmdutil.New(ios), args), out.String(), errOut.String()}

		cmd := exec.Command(os.Args[0], "-test.run=^TestRunAsMain$")
		cmd.Env = append(os.Environ(), "COLLAB_ROOT_RUN="+strings.Join(args, "\n"), "NO_COLOR=1")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exitErr *exec.ExitError
		if err != nil && !errors.As(err, &exitErr) {
			t.Fatal(err)
		}
		got := result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%q: Run differs from Main (-Main +Run):\n%s", args, diff)
		}
	}
}

type result struct {
	Code        int
	Out, ErrOut string
}
