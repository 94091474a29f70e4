// Package version implements `collab version` and the text of
// `collab --version`.
package version

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/cmdutil"
	"github.com/collab-tools/collab/pkg/iostreams"
)

// Info says which build of collab is running.
type Info struct {
	Version string `json:"version" yaml:"version"`
	Commit  string `json:"commit" yaml:"commit"`
	Date    string `json:"date" yaml:"date"`
	Go      string `json:"go" yaml:"go"`
}

// String is the line `collab version` and `collab --version` print.
func (i Info) String() string {
	s := "collab " + i.Version
	if i.Commit != "" {
		s += " (commit " + i.Commit
		if i.Date != "" {
			s += ", built " + i.Date
		}
		s += ")"
	}
	return s + " " + runtime.GOOS + "/" + runtime.GOARCH
}

// Of returns the build information of the running binary: what the release
// build set with -ldflags (f.Version, f.Commit, f.Date), else what the Go
// toolchain recorded in it (`go install ...@VERSION`, or `go build` in a
// git checkout).
func Of(f *cmdutil.Factory) Info {
	bi, _ := debug.ReadBuildInfo()
	return resolve(f.Version, f.Commit, f.Date, bi)
}

// resolve prefers the linker-set values; for a build without them it takes
// the main module's version and the VCS revision and time from bi (nil when
// the binary carries none).
func resolve(version, commit, date string, bi *debug.BuildInfo) Info {
	info := Info{Version: version, Commit: commit, Date: date, Go: runtime.Version()}
	if bi == nil {
		return info
	}
	if version != "" && version != "dev" {
		return info
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		info.Version = v
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.Date = s.Value
		}
	}
	return info
}

type Options struct {
	IO     *iostreams.IOStreams
	Info   Info
	Output string
}

func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and build date",
		Long: `Print collab's version, the commit it was built from and when, as the
release build recorded them; a binary built with "go install" or "go build"
reports the module version and the git commit the Go toolchain recorded.
"collab --version" prints the same line.`,
		Example: `  collab version
  collab version -o json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := cmdutil.CheckOutput(opts.Output); err != nil {
				return err
			}
			opts.Info = Of(f)
			if runF != nil {
				return runF(opts)
			}
			return run(opts)
		},
	}
	cmdutil.AddOutputFlag(cmd, &opts.Output)
	return cmd
}

func run(opts *Options) error {
	return cmdutil.PrintData(opts.IO.Out, opts.Output, opts.Info, func(w io.Writer) error {
		_, err := fmt.Fprintln(w, opts.Info)
		return err
	})
}
