package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// Every index is visited exactly once, whatever n, run and core count.
func TestRunsVisitsEachIndexOnce(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 63, 64, 65, 1000, 4097} {
			for _, run := range []int{1, 7, 64, 512} {
				seen := make([]atomic.Int32, n)
				Runs(n, run, func(i int) { seen[i].Add(1) })
				for i := range seen {
					if c := seen[i].Load(); c != 1 {
						t.Fatalf("procs %d, n %d, run %d: index %d visited %d times", procs, n, run, i, c)
					}
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
