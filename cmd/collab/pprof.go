//go:build pprof

package main

import (
	"os"
	"runtime"
	"runtime/pprof"
)

// Built with -tags pprof, collab writes a CPU profile of the command to the
// file COLLAB_CPUPROFILE names, and a heap profile taken when it ends to the
// file COLLAB_MEMPROFILE names (go tool pprof reads both). The tag keeps
// runtime/pprof out of the released binary.
func startProfile() (stop func()) {
	stopCPU := func() {}
	if p := os.Getenv("COLLAB_CPUPROFILE"); p != "" {
		if f, err := os.Create(p); err == nil {
			if err := pprof.StartCPUProfile(f); err != nil {
				f.Close()
			} else {
				stopCPU = func() {
					pprof.StopCPUProfile()
					f.Close()
				}
			}
		}
	}
	return func() {
		stopCPU()
		if p := os.Getenv("COLLAB_MEMPROFILE"); p != "" {
			if f, err := os.Create(p); err == nil {
				runtime.GC() // the profile's in-use figures are as of the last collection
				pprof.Lookup("heap").WriteTo(f, 0)
				f.Close()
			}
		}
	}
}
