// Package parallel runs loops over indexes on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Runs calls fn(i) for every i below n from one goroutine per core (at
// most one per run), each taking the next run of indexes in turn: work of
// a few microseconds an index is too little to hand out one at a time.
// With a single run or a single core, fn runs on the caller's goroutine.
// fn must be safe to call concurrently for different indexes.
func Runs(n, run int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+run-1)/run)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				start := int(next.Add(int64(run))) - run
				if start >= n {
					return
				}
				for i := start; i < min(start+run, n); i++ {
					fn(i)
				}
			}
		}()
	}
	wg.Wait()
}
