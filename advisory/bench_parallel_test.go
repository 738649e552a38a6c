package advisory

import (
	"bytes"
	"runtime"
	"strconv"
	"testing"
)

// Scaling with workers: the same parse run by one and by two goroutines in
// parallel (GOMAXPROCS 1, then 2). Throughput (MB/s) of workers=2 over
// workers=1 is the speed-up; allocation-heavy parsers scale worse, as the
// garbage collector competes with the workers.
//
//	go test ./advisory -run '^$' -bench 'Parallel' -benchtime 2s
//
// On a machine with fewer than two idle cores the ratio says nothing.

func BenchmarkParallelPage(b *testing.B) {
	inputs := benchPageInputs(b)
	doc, ok := inputs["ios-17.5"]
	if !ok {
		doc = inputs["fixture-26.2"]
	}
	benchParallel(b, doc, func(data []byte) error {
		_, err := ParsePage(bytes.NewReader(data), "bench")
		return err
	})
}

func BenchmarkParallelMail(b *testing.B) {
	doc := largestMail(b)
	benchParallel(b, doc, func(data []byte) error {
		_, err := ParseMail(bytes.NewReader(data), "bench")
		return err
	})
}

// benchParallel runs parse on doc with 1 and 2 workers.
func benchParallel(b *testing.B, doc []byte, parse func([]byte) error) {
	for _, workers := range []int{1, 2} {
		b.Run("workers="+strconv.Itoa(workers), func(b *testing.B) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(workers))
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if err := parse(doc); err != nil {
						b.Error(err)
						return
					}
				}
			})
		})
	}
}
