//go:build pprof

package main

import (
	"os"
	"runtime/pprof"
)

// Built with -tags pprof, collab writes a CPU profile of the command to the
// file COLLAB_CPUPROFILE names (go tool pprof reads it). The tag keeps
// runtime/pprof out of the released binary.
func startProfile() (stop func()) {
	p := os.Getenv("COLLAB_CPUPROFILE")
	if p == "" {
		return func() {}
	}
	f, err := os.Create(p)
	if err != nil {
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
