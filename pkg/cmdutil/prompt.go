package cmdutil

import (
	"bufio"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/collab-tools/collab/pkg/iostreams"
)

// RequireFlags makes sure every named flag was given. On a terminal it asks
// for the missing ones; otherwise it fails with a usage error naming them,
// so scripts never hang on a prompt.
func RequireFlags(cmd *cobra.Command, ios *iostreams.IOStreams, names ...string) error {
	var missing []string
	for _, n := range names {
		if !cmd.Flags().Changed(n) {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if !ios.IsStdinTTY() {
		return FlagErrorf("required flag(s) --%s not set\nSee '%s --help'.", strings.Join(missing, ", --"), cmd.CommandPath())
	}
	in := bufio.NewReader(ios.In)
	for _, n := range missing {
		fl := cmd.Flags().Lookup(n)
		for {
			fmt.Fprintf(ios.ErrOut, "%s (%s): ", n, fl.Usage)
			line, err := in.ReadString('\n')
			line = strings.TrimSpace(line)
			if line != "" {
				if err := cmd.Flags().Set(n, line); err != nil {
					fmt.Fprintln(ios.ErrOut, err)
					continue
				}
				break
			}
			if err != nil {
				return FlagErrorf("required flag --%s not set", n)
			}
		}
	}
	return nil
}
