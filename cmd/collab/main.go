// Command collab keeps cross-department goals, agreements and stakeholder
// maps as YAML files in a Git repository.
package main

import (
	"os"

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

func main() {
	f := cmdutil.New(iostreams.System())
	f.Version, f.Commit, f.Date = version, commit, date
	os.Exit(root.Main(f, os.Args[1:]))
}
