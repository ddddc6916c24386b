package serve

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// How a change reaches the Controller. Everything is ordered by s.in: a
// record is appended to the log under it, so the log's order is the order
// of the changes. A Step takes s.stepMu (one at a time), marks the
// Controller held (s.held) and appends nothing until it is done; s.in is
// free meanwhile. A batch of measurements takes only s.in:
//
//   - the Controller is free: the batch is merged (live.Controller.Measure
//     checks it, word for word the answer a refused batch gets), then
//     logged;
//   - a Step at T holds it: the batch is checked without it
//     (live.Controller.CheckAcross: what Measure accepts both before and
//     after a Step at T, whatever its outcome), logged and queued; the
//     Step merges the queue, in order, once it is done, then logs its own
//     record, which names the first record logged while it ran
//     (Record.Before): the log says the Step came before them, as it
//     did. A batch CheckAcross refuses waits for the Step and is checked
//     again (so its answer, and its wording, are those of the Controller
//     after the Step, as before this queue existed);
//   - a snapshot holds it (encoding): as for a Step, with
//     live.Controller.Check, exact since nothing moves the span meanwhile.
//
// Either way the batch is answered once its record is fsynced, without
// waiting for a Step (but a refused one, as said, and in the measured
// mode one with meter readings, which may step and so waits for the Step
// in progress first); a queued batch's answer has no duplicate or late
// counts (they are known when it is merged: see /metrics).

// hold is a Step or a snapshot holding the Controller.
type hold struct {
	step bool      // a Step (else a snapshot's encoding)
	at   time.Time // the Step's interval
	done chan struct{}
}

// queued is a batch logged while the Controller was held.
type queued struct {
	seq uint64
	ms  []live.Measurement
}

// holdFor marks the Controller held by a Step at at (step) or a
// snapshot; s.in is held and the Controller is free.
func (s *Server) holdFor(step bool, at time.Time) *hold {
	h := &hold{step: step, at: at, done: make(chan struct{})}
	s.held = h
	return h
}

// letGo merges the batches queued while h held the Controller, in the
// order they were logged, and frees it; s.in is held. A batch that no
// longer merges cannot be (CheckAcross accepted it): the server stops
// rather than answer from a Controller that is not its log's.
func (s *Server) letGo(h *hold) {
	for _, q := range s.queue {
		if _, err := s.c.Measure(q.ms...); err != nil {
			s.log.stop(fmt.Errorf("%w: record %d, logged while the Controller was held, does not merge after: %w", ErrStopped, q.seq, err))
			break
		}
	}
	clear(s.queue) // drop the batches' references
	s.queue = s.queue[:0]
	s.held = nil
	close(h.done)
}

// commit appends record r (its Seq set here) to the log; s.in is held.
func (s *Server) commit(r *Record) (uint64, error) {
	if s.closed {
		return 0, fmt.Errorf("%w: the server is closing", ErrStopped)
	}
	r.Seq = s.seq + 1
	line, err := encodeLine(r)
	if err != nil {
		return 0, err
	}
	if err := s.log.append(r.Seq, line); err != nil {
		return 0, err
	}
	s.seq = r.Seq
	return r.Seq, nil
}

// MeasureResult is what POST /measurements answers.
type MeasureResult struct {
	// Values counts the values of the batch (every load, PV, wind,
	// signal, state of charge and forecast value).
	Values int `json:"values"`
	// Duplicates and Late count the values that replaced a value
	// measured for the same interval and those that replaced a stand-in
	// after their interval closed (live.MeasureResult); nil when the
	// batch was queued (Queued).
	Duplicates *int `json:"duplicates,omitempty"`
	Late       *int `json:"late,omitempty"`
	// Settled counts the values of intervals the ledger has settled
	// already: they reach the forecasters' history, not the ledger
	// (live.MeasureResult.Settled); nil when the batch was queued.
	Settled *int `json:"settled,omitempty"`
	// Queued says the batch arrived while a Step held the Controller: it
	// is logged, and merged the moment the Step ends (before anything
	// else), so its counts were not known when it was answered.
	Queued bool `json:"queued,omitempty"`
	// Measurements is the number of measurements in the batch.
	Measurements int `json:"measurements"`
	// Seq is the batch's record in the log.
	Seq uint64 `json:"seq"`
	// Stepped is the interval the batch stepped to (the measured mode),
	// nil when it stepped none.
	Stepped *time.Time `json:"stepped,omitempty"`
	// StepError says why that Step failed ("" when it did not).
	StepError string `json:"step_error,omitempty"`
	// SkippedIntervals and StandIns are that Step's
	// (live.Decision.SkippedIntervals and StandIns): the intervals it
	// settled without a plan, between the last interval planned and the
	// batch's (batteries idle, values not measured held at their last),
	// and the values it stood in for; nil when the batch stepped none or
	// the Step failed. StepWarnings are that Step's decision's warnings
	// (GET /plan's), which say why when it skipped intervals: an EMS
	// reads them here, not in the server's log (EMS QA, 2026-12-05: a
	// batch six days ahead answered only "stepped").
	SkippedIntervals *int     `json:"skipped_intervals,omitempty"`
	StandIns         *int     `json:"stand_ins,omitempty"`
	StepWarnings     []string `json:"step_warnings,omitempty"`
}

// valuesIn counts the values of a batch as live.MeasureResult.Values
// does.
func valuesIn(ms []live.Measurement) int {
	n := 0
	for i := range ms {
		m := &ms[i]
		n += meterReadings(m) + len(m.Forecasts) + len(m.HeatPumpSourceTempC) + len(m.HeatPumpCOP)
		for _, v := range []*float64{m.DispatchKgCO2ePerKWh, m.AccountingKgCO2ePerKWh, m.ImportPricePerKWh, m.ExportPricePerKWh} {
			if v != nil {
				n++
			}
		}
	}
	return n
}

// Measure accepts a batch of measurements: it checks them (nothing of a
// batch with a bad value is merged: live.Controller.Measure), logs them
// and merges them — at once, or right after the Step in progress (see
// MeasureResult.Queued) — and, in the measured mode, steps when they
// carry meter readings of the interval being executed or a later one. It
// returns once the batch is on disk.
func (s *Server) Measure(ms []live.Measurement) (MeasureResult, error) {
	if err := s.log.failed(); err != nil {
		return MeasureResult{}, err
	}
	if err := s.readingsAhead(ms); err != nil {
		s.m.batches.WithLabelValues("rejected").Inc()
		return MeasureResult{}, err
	}
	if s.cfg.Mode == Measured && hasMeterReadings(ms) {
		return s.measureAndStep(ms)
	}
	began := time.Now()
	out, err := s.intake(ms)
	if err == nil {
		s.m.onIntake(time.Since(began))
		err = s.log.waitDurable(out.Seq)
	}
	if err != nil {
		return MeasureResult{}, err
	}
	s.accepted(out)
	return out, nil
}

// intake checks, logs and merges (or queues) a batch; it does not wait
// for the disk.
func (s *Server) intake(ms []live.Measurement) (MeasureResult, error) {
	out := MeasureResult{Values: valuesIn(ms), Measurements: len(ms)}
	for {
		s.in.Lock()
		h := s.held
		if h == nil {
			res, err := s.c.Measure(ms...)
			if err != nil {
				s.in.Unlock()
				s.m.batches.WithLabelValues("rejected").Inc()
				return MeasureResult{}, err
			}
			out.Seq, err = s.commit(&Record{Op: OpMeasure, Measurements: ms})
			s.in.Unlock()
			out.Duplicates, out.Late, out.Settled = &res.Duplicates, &res.Late, &res.Settled
			return out, err
		}
		var err error
		if h.step {
			err = s.c.CheckAcross(h.at, ms...)
		} else {
			err = s.c.Check(ms...)
		}
		if err == nil {
			out.Seq, err = s.commit(&Record{Op: OpMeasure, Measurements: ms})
			if err == nil {
				s.queue = append(s.queue, queued{seq: out.Seq, ms: ms})
				out.Queued = true
			}
			s.in.Unlock()
			return out, err
		}
		s.in.Unlock()
		if !h.step {
			s.m.batches.WithLabelValues("rejected").Inc()
			return MeasureResult{}, err
		}
		if waitingForStep != nil {
			waitingForStep()
		}
		<-h.done // refused across the Step: answer as the Controller stands after it
	}
}

// waitingForStep, copyingSnapshot and copiedSnapshot are test hooks:
// called when a batch waits for a Step, while a snapshot holds the
// Controller (before it copies the state), and after it let go, before
// it encodes the copy.
var waitingForStep, copyingSnapshot, copiedSnapshot func()

// accepted counts an accepted batch.
func (s *Server) accepted(out MeasureResult) {
	s.m.batches.WithLabelValues("accepted").Inc()
	s.m.values.Add(float64(out.Values))
}

// meterReadings counts m's meter readings: loads, PV, wind, states of
// charge, heat loads and thermal stores' contents (not the signals and
// heat pumps' source temperatures or COPs, which may be sent ahead).
func meterReadings(m *live.Measurement) int {
	n := 0
	for _, r := range readingMaps(m) {
		n += r.n
	}
	return n
}

// readingMap is one of a Measurement's maps of meter readings: its key
// and how many readings it holds.
type readingMap struct {
	key string
	n   int
}

// readingMaps are m's maps of meter readings by key, in Measurement's
// order, each with how many it holds: what meterReadings counts and
// readingKeys names.
func readingMaps(m *live.Measurement) [7]readingMap {
	return [7]readingMap{{"load_kw", len(m.LoadKW)}, {"pv_available_kw", len(m.PVAvailableKW)}, {"wind_available_kw", len(m.WindAvailableKW)},
		{"soc_kwh", len(m.SoCKWh)}, {"soc_percent", len(m.SoCPercent)}, {"heat_load_kw_th", len(m.HeatLoadKWTh)}, {"heat_soc_kwh_th", len(m.HeatSoCKWhTh)}}
}

// MaxClockSkew is how far ahead of the server's clock the clock mode
// lets a meter reading's interval start (see Server.readingsAhead).
const MaxClockSkew = time.Minute

// readingsAhead refuses, in the clock mode, the meter readings (loads, PV,
// wind, states of charge, heat loads, thermal stores' contents) of an
// interval that starts after the server's clock, by more than
// MaxClockSkew: nothing can have measured it yet. A gateway that stamps
// local time as UTC (or with another zone's offset) sends its readings
// hours ahead, and they would fill, and settle, the intervals hours
// later: PV at night. Signals, forecasts and heat pumps' temperatures or
// COPs may be sent ahead. The measured mode has no clock: its readings
// set the time (a reading ahead steps there, and the intervals skipped
// say so).
func (s *Server) readingsAhead(ms []live.Measurement) error {
	if s.cfg.Mode != Clock {
		return nil
	}
	now := s.cfg.Now()
	var errs []error
	for i := range ms {
		m := &ms[i]
		if meterReadings(m) == 0 || !m.Start.After(now.Add(MaxClockSkew)) {
			continue
		}
		errs = append(errs, &live.MeasurementError{Index: i, Start: m.Start, Err: &model.FieldError{Asset: "measurement", Field: "start",
			Value: m.Start.Format(time.RFC3339),
			Reason: fmt.Sprintf("meter readings (%s) of an interval that starts %s after the server's clock (%s): not measured yet; "+
				"a wrong time zone or clock on the sender? (signals, forecasts and heat pumps' temperatures may be sent ahead, not meter readings)",
				strings.Join(readingKeys(m), ", "), m.Start.Sub(now).Round(time.Second), now.In(m.Start.Location()).Format(time.RFC3339))}})
	}
	return errors.Join(errs...)
}

// readingKeys are the keys of m's meter readings, in Measurement's order.
func readingKeys(m *live.Measurement) []string {
	var out []string
	for _, f := range readingMaps(m) {
		if f.n > 0 {
			out = append(out, f.key)
		}
	}
	return out
}

// hasMeterReadings says whether a batch holds meter readings: in the
// measured mode they may step.
func hasMeterReadings(ms []live.Measurement) bool {
	for i := range ms {
		if meterReadings(&ms[i]) > 0 {
			return true
		}
	}
	return false
}

// measureAndStep is Measure of a batch with meter readings in the
// measured mode: with no Step in progress (it waits for one), the batch is
// merged and logged, then steps when it measures the interval being
// executed or a later one.
func (s *Server) measureAndStep(ms []live.Measurement) (MeasureResult, error) {
	s.stepMu.Lock()
	defer s.stepMu.Unlock()
	// Where the batch steps to, once: merging it does not move the next
	// interval to plan (only a Step does, and none runs under stepMu).
	at, steps := s.measuredStep(ms)
	if steps {
		// A reading's step is bounded as POST /step's is (QA, December
		// 2026: --max-step-ahead 2h refused a step of three intervals and
		// let a reading five days ahead skip 120).
		if problem := s.tooFarAhead(at); problem != "" {
			return MeasureResult{}, fmt.Errorf("%w: the batch's readings would step to %s: %s; nothing was merged", ErrStepAhead, at.Format(time.RFC3339), problem)
		}
	}
	began := time.Now()
	out, err := s.intake(ms) // the Controller is free: merged, not queued
	if err != nil {
		if steps && errors.Is(err, model.ErrInvalid) {
			// The reading that would step is refused with the batch (400):
			// say that the interval it would have stepped to is not
			// planned. A failed log is no refusal of the batch's values.
			return MeasureResult{}, fmt.Errorf("%w (measured mode: nothing was stepped, so %s is not planned; send the batch again without what was refused, or POST /step)",
				err, at.Format(time.RFC3339))
		}
		return MeasureResult{}, err
	}
	s.m.onIntake(time.Since(began))
	if steps {
		o, err := s.stepHeld(at)
		if err != nil {
			return MeasureResult{}, err
		}
		out.Stepped = &o.at
		if o.err != nil {
			out.StepError = o.err.Error()
		} else if o.d != nil {
			out.SkippedIntervals, out.StandIns = &o.d.SkippedIntervals, &o.d.StandIns
			out.StepWarnings = slices.Clone(o.d.Warnings)
		}
	}
	if err := s.log.waitDurable(out.Seq); err != nil { // the Step's wait covers it, unless it logged nothing
		return MeasureResult{}, err
	}
	s.accepted(out)
	if out.Stepped != nil {
		s.afterStep()
	}
	return out, nil
}

// measuredStep is the interval a batch steps to in the measured mode: the
// one after the last interval it holds meter readings of, when that is
// the interval being executed or later (or nothing was planned yet).
func (s *Server) measuredStep(ms []live.Measurement) (time.Time, bool) {
	var last time.Time
	for i := range ms {
		m := &ms[i]
		if meterReadings(m) == 0 {
			continue
		}
		if m.Start.After(last) {
			last = m.Start
		}
	}
	if last.IsZero() {
		return time.Time{}, false
	}
	// On the Controller's clock, as GET /plan says it: a sender's UTC
	// offset is not echoed in the answer's stepped (QA E, session 39).
	at := last.Add(s.cfg.Live.Step).In(s.c.Clock())
	next := s.c.Next()
	return at, next.IsZero() || !at.Before(next)
}

// stepOutcome is a Step made, logged and on disk.
type stepOutcome struct {
	at  time.Time
	d   *live.Decision
	err error
	// plan is d as GET /plan serves it (publish), for the POST /step
	// that made it; nil when the step failed.
	plan *encoded
}

// stepHeld steps the Controller at at, holding it (batches arriving
// meanwhile are queued), logs the Step, waits for the disk and publishes
// the plan; s.stepMu is held. The Step's own error is in the outcome (it
// is logged as failed; live.ErrNotNext changes nothing and is not
// logged); the error returned is the log's.
func (s *Server) stepHeld(at time.Time) (*stepOutcome, error) {
	s.in.Lock()
	if s.closed {
		s.in.Unlock()
		return nil, fmt.Errorf("%w: the server is closing", ErrStopped)
	}
	first := s.seq + 1 // the first record a batch logged during the Step gets
	h := s.holdFor(true, at)
	s.in.Unlock()

	wasFirst := s.c.Next().IsZero()
	d, err := s.c.Step(at)

	s.in.Lock()
	s.letGo(h)
	o := &stepOutcome{at: at, d: d, err: err}
	if errors.Is(err, live.ErrNotNext) {
		s.in.Unlock()
		return o, nil // nothing changed: not logged
	}
	wall := s.cfg.Now()
	r := &Record{Op: OpStep, At: at, Failed: err != nil, Wall: wall.UTC()}
	if first <= s.seq {
		r.Before = first
	}
	seq, lerr := s.commit(r)
	if lerr == nil && err == nil {
		s.stepsSinceSnp++
	}
	s.in.Unlock()
	if lerr == nil {
		lerr = s.log.waitDurable(seq)
	}
	if lerr != nil {
		return nil, lerr
	}
	if err != nil {
		msg := err.Error()
		s.lastErr.Store(&msg)
		s.m.stepErrors.Inc()
		s.cfg.Logger.Error("step failed", "at", at, "err", err)
		return o, nil
	}
	if wasFirst {
		// A first step inside the seed (the measured mode's first reading
		// of a seeded interval): the seed from there on settles as if
		// measured (QA, December 2026: said nowhere).
		end := s.seedEnd()
		if at.Before(end) {
			s.cfg.Logger.Warn("the first step plans an interval inside the seeded history: the seeded values from it on settle as measured, "+
				"and readings after the seed wait until the steps reach them (the first reading is usually the interval after the seed)",
				"at", at, "seed_end", end)
		}
		// A first step after intervals nothing stepped (the measured
		// mode's first batch of a day of readings steps once, after its
		// latest): those intervals are history the forecasters read,
		// not settled, and since_start counts from this step (time QA,
		// 2026-12-04: 24 readings left since_start empty, unsaid).
		from := s.cfg.Live.Start
		if end.After(from) {
			from = end
		}
		if n := int(at.Sub(from) / s.cfg.Live.Step); n > 0 {
			s.cfg.Logger.Warn("the first step comes after intervals nothing stepped: they are history the forecasters read, not settled, "+
				"and the ledger (GET /ledger since_start) counts from this step; POST /step at the first interval to settle from there",
				"at", at, "intervals_before", n, "from", from)
		}
	}
	if d.SkippedIntervals > 0 {
		s.cfg.Logger.Warn("settled intervals no step planned: batteries idle, stand-ins for the values not measured",
			"intervals", d.SkippedIntervals, "from", at.Add(-time.Duration(d.SkippedIntervals)*s.cfg.Live.Step), "before", at, "stand_ins", d.StandIns)
	} else if d.StandIns > s.c.NumSeries() {
		// (Metrics would build every counter to count the series: 0.1 ms
		// and 2,400 allocations, a tenth of a step, on every step.)
		// More than an interval's values held, with nothing skipped: the
		// first step after a gap in the history (a series seeded that
		// ends long before the clock's first step), which the
		// forecasters then read as measured — or a history that starts
		// empty, whose values have nothing before them to hold (0 stands
		// in: EMS QA, 2026-12-05, the log said "held" of those too). The
		// decision's warnings say which.
		s.cfg.Logger.Warn("stood in for the values of the intervals before this step that nothing measured (a gap in the history: the last "+
			"value measured held; where none came before, 0): the forecasters read them as measured; the decision's warnings say which",
			"stand_ins", d.StandIns, "at", at)
	}
	// Published once on disk: a plan served is one a restart keeps.
	o.plan = s.publish(d, wall)
	s.planned.Store(wall.UnixNano())
	empty := ""
	s.lastErr.Store(&empty)
	s.lastStep.Store(s.cfg.Now().UnixNano())
	s.stepCount.Add(1)
	s.m.observeStep(d)
	return o, nil
}

// Step plans interval at (POST /step and the clock), logs it and returns
// the decision once the log is on disk. It fails with live.ErrNotNext for
// an interval planned already. Batches of measurements arriving while it
// runs do not wait for it (see Server).
func (s *Server) Step(at time.Time) (*live.Decision, error) {
	o, err := s.stepTo(func() (time.Time, error) { return at, nil })
	if err != nil {
		return nil, err
	}
	return o.d, o.err
}

// stepNext steps the next interval to plan, read under the step lock
// (measured mode's POST /step with no "at", once a first step has named
// one: before it, an error unwrapping to live.ErrNotNext).
func (s *Server) stepNext() (*stepOutcome, error) {
	return s.stepTo(func() (time.Time, error) {
		next := s.c.Next()
		if next.IsZero() {
			return next, fmt.Errorf("%w: nothing was planned yet: say which interval to plan first", live.ErrNotNext)
		}
		return next, nil
	})
}

// stepTo is Step of the interval target names, asked under the step lock;
// the outcome carries the step's own error (o.err) and its plan as served.
func (s *Server) stepTo(target func() (time.Time, error)) (*stepOutcome, error) {
	if err := s.log.failed(); err != nil {
		return nil, err
	}
	s.stepMu.Lock()
	at, err := target()
	var o *stepOutcome
	if err == nil {
		o, err = s.stepHeld(at)
	}
	s.stepMu.Unlock()
	if err != nil {
		return nil, err
	}
	s.afterStep()
	return o, nil
}

// afterStep starts a snapshot in the background when one is due (not in
// the request that stepped: its answer does not wait for it).
func (s *Server) afterStep() {
	s.in.Lock()
	defer s.in.Unlock()
	if s.cfg.SnapshotEvery <= 0 || s.stepsSinceSnp < s.cfg.SnapshotEvery || s.closed || !s.snapMu.TryLock() {
		return
	}
	s.snapWG.Add(1)
	go func() {
		defer s.snapWG.Done()
		defer s.snapMu.Unlock()
		if err := s.snapshot(); err != nil {
			s.cfg.Logger.Error("snapshot failed (the log keeps every change)", "err", err)
		}
	}()
}

// seedEnd is the end of the history seeded into a new state directory
// (Config.Seed's latest interval + a step); zero without a seed.
func (s *Server) seedEnd() time.Time {
	var end time.Time
	for _, m := range s.cfg.Seed {
		if e := m.Start.Add(s.cfg.Live.Step); e.After(end) {
			end = e
		}
	}
	return end
}
