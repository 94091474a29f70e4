// Command genws writes a generated, valid workspace of N entity files into
// DIR, for benchmarks: go run ./bench/genws -n 2000 DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/collab-tools/collab/pkg/workspace/wsgen"
)

func main() {
	n := flag.Int("n", 2000, "number of entity files")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: genws [-n N] DIR")
		os.Exit(2)
	}
	if err := wsgen.Write(flag.Arg(0), wsgen.Files(*n)); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
