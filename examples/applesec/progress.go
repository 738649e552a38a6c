package main

import (
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/applesec/applesec/feed"
)

// progress shows how a sync is going: on a terminal a progress bar
// (documents done of the total known so far, the rate, the time left);
// otherwise one line each time another tenth of the documents is done, and
// one at the end, so that a log stays short.
type progress struct {
	mu     sync.Mutex
	w      io.Writer
	bar    *progressbar.ProgressBar
	counts map[string][2]int // per source: done, total
	tenth  int               // the last tenth reported on a non-terminal
}

// newProgress returns the progress display for w.
func newProgress(w io.Writer) *progress {
	p := &progress{w: w, counts: map[string][2]int{}}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(w),
			progressbar.OptionSetDescription("syncing"),
			progressbar.OptionShowCount(),
			progressbar.OptionShowIts(),
			progressbar.OptionSetItsString("documents"),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionFullWidth(),
		)
	}
	return p
}

// update takes one report of the aggregator.
func (p *progress) update(r feed.Progress) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Final {
		if p.bar == nil {
			fmt.Fprintf(p.w, "applesec sync: done (%d requests, %d unchanged, %d documents read)\n", r.Stats.Requests, r.Stats.NotModified, r.Stats.Parsed)
		}
		return
	}
	p.counts[r.Source] = [2]int{r.Done, r.Total}
	done, total := 0, 0
	for _, c := range p.counts {
		done += c[0]
		total += c[1]
	}
	if p.bar != nil {
		if int64(total) != p.bar.GetMax64() {
			p.bar.ChangeMax(total)
		}
		_ = p.bar.Set(done)
		return
	}
	if total == 0 {
		return
	}
	// The total grows as sources find more to read (the index lists the
	// pages): a share that falls is taken as the new mark, not printed, and
	// 100% waits for the end of the run.
	tenth := done * 10 / total
	switch {
	case tenth < p.tenth:
		p.tenth = tenth
	case tenth > p.tenth && tenth < 10:
		p.tenth = tenth
		fmt.Fprintf(p.w, "applesec sync: %d%% (%d of %d documents)\n", tenth*10, done, total)
	}
}

// finish clears the bar.
func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
	}
}
