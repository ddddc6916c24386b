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
//	zeropark plan: planning 2/7 steps (28.6 %), elapsed 15s; now near-zero-carbon
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
	// uneven: the steps take very different times (a plan's solves), so
	// no ETA is extrapolated from them.
	uneven bool

	mu          sync.Mutex
	start, last time.Time // last: when the last line was printed (start if none)
	done, total int
	printed     bool
	shown       int // done in the last line printed

	// parallel is how many steps run at once (0 or 1: one at a time).
	parallel int
	// note says what the job works on now (a plan's questions: one LP
	// may take minutes), after "; now"; "" for nothing to say. Left out
	// of the last line.
	note string

	// beaten, when set, is called after each heartbeat tick has been
	// handled (a test's way to know the clock may move on).
	beaten func()
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
	p.printIfDue(0)
}

// printIfDue prints the line when `every` less slack has passed since the
// last one (or the start); p.mu is held.
func (p *progressLog) printIfDue(slack time.Duration) {
	t := p.now()
	if t.Sub(p.last) < p.every-slack {
		return
	}
	p.last = t
	p.printed, p.shown = true, p.done
	fmt.Fprintln(p.w, p.line(t))
}

// beat prints, at each tick, the line update would print if `every` less
// slack has passed since the last one, so that a long step still shows the
// job is alive; nothing before the first update. The slack (half the
// ticks' period) keeps a tick that comes a hair early from delaying the
// line by a whole period. stop ends it and returns once the last tick is
// handled.
func (p *progressLog) beat(ticks <-chan time.Time, slack time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-done:
				return
			case <-ticks:
				p.mu.Lock()
				if p.total > 0 {
					p.printIfDue(slack)
				}
				p.mu.Unlock()
				if p.beaten != nil {
					p.beaten()
				}
			}
		}
	})
	return sync.OnceFunc(func() {
		close(done)
		wg.Wait()
	})
}

// finish prints the final count when a line was printed before and the
// last one did not show it.
func (p *progressLog) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printed && p.shown != p.done {
		fmt.Fprintln(p.w, p.line(p.now()))
	}
}

// setNote sets what the job works on now (progressLog.note).
func (p *progressLog) setNote(note string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.note = note
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
	case p.uneven:
		// No ETA from steps of very different lengths.
	case p.note != "":
		// Even steps with a note: the job changed course (a sweep
		// finishing its running scenarios after an interrupt), and the
		// ETA of the steps it will not start does not hold (QA N6,
		// session 39).
	case p.done > 0:
		// Linear in what is left at the rate so far; with steps running
		// in parallel, those running (at most what is left) count as half
		// done.
		done := float64(p.done)
		if p.parallel > 1 {
			done += 0.5 * float64(min(p.parallel, p.total-p.done))
		}
		eta := time.Duration(float64(elapsed) * (float64(p.total) - done) / done)
		s += ", ETA " + roundDuration(eta)
	default:
		s += ", ETA unknown"
	}
	if p.note != "" && !(p.done >= p.total && p.total > 0) {
		s += "; now " + p.note
	}
	return s
}

// roundDuration prints d to a tenth of a second ("2.1s", "3m25.4s").
func roundDuration(d time.Duration) string {
	return d.Round(100 * time.Millisecond).String()
}

// pace says whether a command's progress steps take about as long as one
// another (intervals, scenarios), so that an ETA can be extrapolated from
// them, or not (a plan's solves: seconds to minutes each).
type pace int

const (
	evenSteps pace = iota
	unevenSteps
)

// newTicker is the heartbeat's clock when env.ticker is nil.
func newTicker(period time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(period)
	return t.C, t.Stop
}

// progress returns a progress callback for a long run and a function that
// ends it. On a terminal it draws a bar on stderr described by desc; off a
// terminal it prints a plain line every e.progressEvery (progressLog),
// labelled "zeropark CMD: desc" (desc left out when it is CMD), counting
// unit (intervals, scenarios), also while a step runs longer than that
// (progressLog.beat). With unevenSteps neither gives an ETA.
func (e *env) progress(cmd, desc, unit string, steps pace) (func(done, total int), func()) {
	update, _, end := e.progressNoted(cmd, desc, unit, steps, 1)
	return update, end
}

// progressNoted is [env.progress] for steps of which parallel run at once
// (a sweep's workers: the plain lines' ETA counts those running as half
// done, where counting only those finished made the first ETA of a sweep
// on two workers 55 s for a run that took 29; QA, 2026-12-04), with a
// third function, note, that says what the job works on now (a plan's
// question: one LP may take minutes while the count stands still; an
// interrupted sweep finishing its running scenarios, whose ETA then no
// longer holds and is left out; "" for nothing to say): "; now …" at the
// end of the plain lines, after the description on the bar. update is nil
// where progress is off; note and end never are.
func (e *env) progressNoted(cmd, desc, unit string, steps pace, parallel int) (update func(done, total int), note func(string), end func()) {
	if e.progressEvery < 0 {
		// ZEROPARK_PROGRESS=off silences the bar on a terminal too (QA,
		// 2026-12-04: it silenced only the plain lines).
		return nil, func(string) {}, func() {}
	}
	if !e.stderrIsTerm {
		every := e.progressEvery
		if every == 0 {
			every = defaultProgressEvery
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
		p.uneven = steps == unevenSteps
		p.parallel = parallel
		ticker := e.ticker
		if ticker == nil {
			ticker = newTicker
		}
		// Five ticks an interval, so a line is at most a fifth late.
		ticks, stopTicks := ticker(every / 5)
		stopBeat := p.beat(ticks, every/10)
		return p.update, p.setNote, func() {
			stopBeat()
			stopTicks()
			p.finish()
		}
	}
	var mu sync.Mutex
	var bar *progressbar.ProgressBar
	noted := "" // the note, for a bar drawn after it
	describe := func() string {
		if noted == "" {
			return desc
		}
		return desc + ": " + noted
	}
	update = func(done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if bar == nil {
			bar = progressbar.NewOptions(total,
				progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription(describe()),
				progressbar.OptionShowCount(),
				progressbar.OptionSetPredictTime(steps == evenSteps),
				// Elapsed time on uneven steps too (a plan's bar showed
				// neither it nor an ETA: QA, 2026-12-04).
				progressbar.OptionSetElapsedTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish())
		}
		_ = bar.Set(done) // drawing errors are not worth stopping a run for
	}
	note = func(s string) {
		mu.Lock()
		defer mu.Unlock()
		noted = s
		if bar != nil {
			bar.Describe(describe())
		}
	}
	return update, note, func() {
		mu.Lock()
		defer mu.Unlock()
		if bar != nil {
			_ = bar.Finish()
		}
	}
}
