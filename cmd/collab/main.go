// Command collab keeps cross-department goals, agreements and stakeholder
// maps as YAML files in a Git repository.
package main

import (
	"os"
	"runtime/debug"

	"github.com/collab-tools/collab/pkg/cmd/root"
	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// Set by the linker: -X main.version=... -X main.commit=... -X main.date=...
var (
	version = "dev"
	commit  = ""
	date    = ""
)

// gcPercent replaces Go's default of 100. A command lives for well under a
// second and most of what it allocates (every file's YAML tree and typed
// value) stays live until it exits, so each collection marks a heap that is
// still growing; fewer of them saved CPU time on a 2,000-file workspace,
// with a peak RSS near 130 MB. GOGC in the environment still wins.
const gcPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	f := cmdutil.New(iostreams.System())
	f.Version, f.Commit, f.Date = version, commit, date
	stop := startProfile()
	code := root.Run(f, os.Args[1:])
	stop()
	os.Exit(code)
}
