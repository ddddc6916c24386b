package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// defaultProgressEvery is the time between plain progress lines when
// stderr is not a terminal (a log file, a pipe, Kubernetes' log
// collector): often enough to see a job is alive, rarely enough to keep
// logs short.
const defaultProgressEvery = 5 * time.Second

// progressLog prints a plain progress line to w at most once every
// `every`, from the progress callback of a long run:
//
//	zeropark run: mpc 3120/8760 intervals (35.6 %), elapsed 2.1s, ETA 3.8s
//
// The first line comes `every` after the start, so a run that finishes
// sooner prints nothing; a run that printed a line prints a last one when
// it ends. The clock is a function so tests need not sleep. Safe for
// concurrent use.
type progressLog struct {
	w     io.Writer
	label string // "zeropark run: mpc"
	unit  string // what done and total count: "intervals", "scenarios"
	every time.Duration
	now   func() time.Time

	mu          sync.Mutex
	start, last time.Time // last: when the last line was printed (start if none)
	done, total int
	printed     bool
}

func newProgressLog(w io.Writer, label, unit string, every time.Duration, now func() time.Time) *progressLog {
	t := now()
	return &progressLog{w: w, label: label, unit: unit, every: every, now: now, start: t, last: t}
}

// update records progress and prints a line when `every` has passed since
// the last one (or the start).
func (p *progressLog) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	t := p.now()
	if t.Sub(p.last) < p.every {
		return
	}
	p.last = t
	p.printed = true
	fmt.Fprintln(p.w, p.line(t))
}

// finish prints the final count when a line was printed before.
func (p *progressLog) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printed {
		fmt.Fprintln(p.w, p.line(p.now()))
	}
}

// line is the progress line at time t.
func (p *progressLog) line(t time.Time) string {
	elapsed := t.Sub(p.start)
	s := fmt.Sprintf("%s %d/%d %s", p.label, p.done, p.total, p.unit)
	if p.total > 0 {
		s += fmt.Sprintf(" (%.1f %%)", 100*float64(p.done)/float64(p.total))
	}
	s += ", elapsed " + roundDuration(elapsed)
	switch {
	case p.done >= p.total && p.total > 0:
		// Done: no ETA.
	case p.done > 0:
		// Linear in what is left at the rate so far.
		eta := time.Duration(float64(elapsed) * float64(p.total-p.done) / float64(p.done))
		s += ", ETA " + roundDuration(eta)
	default:
		s += ", ETA unknown"
	}
	return s
}

// roundDuration prints d to a tenth of a second ("2.1s", "3m25.4s").
func roundDuration(d time.Duration) string {
	return d.Round(100 * time.Millisecond).String()
}

// progress returns a progress callback for a long run and a function that
// ends it. On a terminal it draws a bar on stderr described by desc; off a
// terminal it prints a plain line every e.progressEvery (progressLog),
// labelled "zeropark CMD: desc" (desc left out when it is CMD), counting
// unit (intervals, scenarios).
func (e *env) progress(cmd, desc, unit string) (func(done, total int), func()) {
	if !e.stderrIsTerm {
		every := e.progressEvery
		if every == 0 {
			every = defaultProgressEvery
		}
		if every < 0 {
			return nil, func() {}
		}
		now := e.now
		if now == nil {
			now = time.Now
		}
		label := "zeropark " + cmd + ":"
		if desc != "" && desc != cmd {
			label += " " + desc
		}
		p := newProgressLog(e.stderr, label, unit, every, now)
		return p.update, p.finish
	}
	var bar *progressbar.ProgressBar
	update := func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription(desc),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done) // drawing errors are not worth stopping a run for
	}
	return update, func() {
		if bar != nil {
			_ = bar.Finish()
		}
	}
}
