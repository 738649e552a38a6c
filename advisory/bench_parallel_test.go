package advisory

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"
)

// Scaling with workers: the same parse run by one goroutine and by two in
// parallel. Each round parses the document k times on one worker (GOMAXPROCS
// 1), then 2k times on two workers (GOMAXPROCS 2), the order turning each
// round, so that both see the same machine load. "x-1worker" is two workers'
// throughput over one's (2 is perfect scaling).
//
// Each runs twice: in the test binary's own tiny heap, and beside 64 MB held
// live, as a program holding Apple's security history does. With a tiny
// heap the collector starts a cycle every 4 MB allocated (over 100 a second
// here), and two workers allocate twice as fast: the collector is marking,
// and every pointer write pays its barrier, a larger share of the time. With
// 64 MB live, cycles are 16 times rarer.
//
//	go test ./advisory -run '^$' -bench 'ParallelInterleaved' -benchtime 3s
func BenchmarkParallelInterleaved(b *testing.B) {
	page := benchPageInputs(b)
	doc, ok := page["ios-17.5"]
	if !ok {
		doc = page["fixture-26.2"]
	}
	mail := largestMail(b)
	parsers := []struct {
		name  string
		doc   []byte
		parse func([]byte) error
	}{
		{"page", doc, func(data []byte) error {
			_, err := ParsePage(bytes.NewReader(data), "bench")
			return err
		}},
		{"mail", mail, func(data []byte) error {
			_, err := ParseMail(bytes.NewReader(data), "bench")
			return err
		}},
	}
	for _, heap := range []int{0, 64} {
		for _, p := range parsers {
			b.Run(fmt.Sprintf("%s/live=%dMB", p.name, heap), func(b *testing.B) {
				held := make([][]byte, heap)
				for i := range held {
					held[i] = make([]byte, 1<<20)
				}
				benchParallelInterleaved(b, p.doc, p.parse)
				runtime.KeepAlive(held)
			})
		}
	}
}

// benchParallelInterleaved times parse on doc by one and by two workers, in
// turn, as BenchmarkParallelInterleaved describes.
func benchParallelInterleaved(b *testing.B, doc []byte, parse func([]byte) error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	const k = 40 // parses per worker per round: long enough to dwarf the switch
	run := func(workers int) time.Duration {
		runtime.GOMAXPROCS(workers)
		start := time.Now()
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				for range k {
					if err := parse(doc); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		return time.Since(start)
	}
	var one, two time.Duration
	round := 0
	b.SetBytes(int64(3 * k * len(doc)))
	for b.Loop() {
		if round%2 == 0 {
			one += run(1)
			two += run(2)
		} else {
			two += run(2)
			one += run(1)
		}
		round++
	}
	b.ReportMetric(2*float64(one)/float64(two), "x-1worker")
}
