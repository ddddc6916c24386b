package sweep

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/internal/procs"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// Options configure [Run]. The zero value runs the whole sweep under the
// rolling horizon with dispatch.DefaultConfig() on every core.
type Options struct {
	// Policy dispatches each scenario; "" means dispatch.RollingHorizon.
	Policy dispatch.Policy
	// Config is the dispatch configuration; nil means
	// dispatch.DefaultConfig(). Its Progress callback is not used.
	Config *dispatch.Config
	// Workers is the number of scenarios run at once (at most the
	// combinations and MaxWorkers); ≤ 0 means
	// runtime.NumCPU().
	Workers int
	// Shard restricts the run to one share of the combinations.
	Shard Shard
	// Unsorted leaves the rows in completion order at the end instead of
	// rewriting the file in combination order.
	Unsorted bool
	// Timings adds the wall-clock solve-time columns (the file is then no
	// longer the same from run to run).
	Timings bool
	// Progress, when set, is called after each row is written with the
	// rows written so far in this run and the rows this run has to do.
	Progress func(done, total int)
	// OnRow, when set, is called after combination k's row is written
	// (calls are serialised).
	OnRow func(k int)
	// ForceResume resumes a results file that has no fingerprint (written
	// before fingerprints existed): its rows are trusted to be this
	// sweep's and get its fingerprint. A file with another fingerprint is
	// refused all the same.
	ForceResume bool
	// Stamp is the build stamp written in every new row; "" means
	// buildinfo.Stamp().
	Stamp string
	// Warn, when set, is given warnings: rows resumed that another build
	// of zeropark wrote, and a varied technology the park's economics give
	// no costs for.
	Warn func(msg string)
	// Start, when set, is called once the results file has been read and
	// before any combination runs, with the counts so far (Skipped: rows
	// resumed; Owned − Skipped are to run), so that a caller can say what
	// the run will do before it does it.
	Start func(Stats)
}

// Stats count a run's combinations.
type Stats struct {
	Combinations int // in the space
	Owned        int // belonging to this shard
	Skipped      int // already in the results file (resumed)
	// Foreign counts the rows of the results file that belong to other
	// shards (kept as they are: the same sweep's), so that a resume into
	// another shard's file can say so (QA N7, session 39).
	Foreign     int
	Done        int  // run and written now
	Interrupted bool // ctx ended before every owned combination was done
}

// Run dispatches every combination of space owned by opt.Shard on a copy of
// base (whose park and series it only reads), and appends one row per
// combination to the results file out. Rows already in out are not run
// again (see the package documentation on resuming). A pool of
// opt.Workers goroutines each take a combination, copy the park, apply the
// parameters, resolve the profiles and dispatch them (one solver instance
// per run, so one per worker at a time).
//
// The process holds an exclusive lock on out for the whole run (resume,
// rows, sort): a second Run into the same file, in this process or
// another, fails at once with an error unwrapping to [ErrLocked]. Every
// row carries the sweep's fingerprint ([NewFingerprint]); resuming a file
// made from other inputs fails with a [*FingerprintError].
//
// When ctx ends, no further combination is started; the ones running
// finish and are written, and the error wraps ctx.Err(). The first
// failing scenario stops the sweep the same way and its error is returned.
// Errors about the specification unwrap to [ErrSpec], about an existing
// out file to [ErrFile]. Every combination's park is checked before out
// is created or appended to: a value the park refuses (one beyond the
// economics' max_total_… bound, say) fails with nothing written, naming
// the first combination that holds it and unwrapping to ErrSpec and
// model.ErrInvalid; a varied horizon that is not a whole number of the
// series' steps unwraps to ErrSpec and dispatch.ErrConfig.
func Run(ctx context.Context, base *scenario.Scenario, space *Space, out string, opt Options) (st Stats, err error) {
	st = Stats{Combinations: space.Len()}
	if base == nil || base.Park == nil || base.Series == nil {
		return st, fmt.Errorf("%w: no base scenario", ErrSpec)
	}
	if opt.Policy == "" {
		opt.Policy = dispatch.RollingHorizon
	}
	cfg := dispatch.DefaultConfig()
	if opt.Config != nil {
		cfg = *opt.Config
	}
	cfg.Progress = nil
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	// No more workers than combinations, nor than MaxWorkers (CLI QA,
	// 2026-12-04: --workers 100000 on two combinations exhausted the
	// process's threads).
	opt.Workers = min(opt.Workers, max(space.Len(), 1), MaxWorkers)
	defer procs.Raise(2 * opt.Workers)()
	if opt.Shard.Count > 1 && (opt.Shard.Index < 0 || opt.Shard.Index >= opt.Shard.Count) {
		return st, &SpecError{Spec: opt.Shard.String(), Reason: "shard index out of range"}
	}
	if err := space.CheckPeriod(base.Park, base.Profiles.Step, base.Profiles.Len); err != nil {
		return st, err
	}
	// An unknown policy is refused before out is created, as a bad path
	// is: it would otherwise fail at combination 0 and leave a file
	// holding only the header.
	if _, err := base.Catalogue().Parse(string(opt.Policy)); err != nil {
		return st, fmt.Errorf("%w: %w", ErrSpec, err)
	}
	if err := space.checkPolicy(opt.Policy); err != nil {
		return st, err
	}
	if err := space.checkParks(base.Park); err != nil {
		return st, err
	}
	fp, err := NewFingerprint(base, space, opt.Policy, cfg)
	if err != nil {
		return st, err
	}
	if opt.Stamp == "" {
		opt.Stamp = buildinfo.Stamp()
	}
	if out, err = resultsPath(out, "a sweep appends to a file and rewrites it in place"); err != nil {
		return st, err
	}
	lk, err := lockResults(out)
	if err != nil {
		return st, err
	}
	defer func() {
		if uerr := lk.Unlock(); uerr != nil && err == nil {
			err = fmt.Errorf("sweep: %w", uerr)
		}
	}()
	header := Header(space, opt.Timings)
	policyCol := slices.Index(header, results.ColPolicy)
	fcCol := slices.Index(header, results.ColForecasts)
	fc := base.ForecastsLabel(opt.Policy)
	objCols := objectiveColsOf(header)
	wantObj := []string{cfg.EffectiveObjective().String(), results.FormatNumber(0)}
	if cfg.EffectiveObjective() == dispatch.Cost {
		wantObj[1] = results.FormatNumber(cfg.CarbonPricePerTCO2e)
	}
	nKey := 1 + len(space.Axes) + len(results.DesignColumns())
	follows := ExportFollowsImport(base.Park, space.Axes)
	check := func(r results.Row) error {
		k := r.Combination
		if k >= space.Len() {
			return beyondError(r, space.Len()) // resume names these first; a guard for designRecord
		}
		want, err := designRecord(base.Park, cfg, space, k)
		if err != nil {
			return err
		}
		if !sameFields(r.Fields[:nKey], want) {
			if expCol := slices.Index(header, results.DesignColumn("grid.export_limit_kw")); follows && expCol < nKey &&
				!sameFields(r.Fields[expCol:expCol+1], want[expCol:expCol+1]) &&
				sameFields(slices.Delete(slices.Clone(r.Fields[:nKey]), expCol, expCol+1), slices.Delete(slices.Clone(want), expCol, expCol+1)) {
				return fileError(ErrFile, r.File, r.Line,
					"combination %d ran with export limit %s kW where this sweep raises it with the import limit to %s kW "+
						"(the grid connection is a candidate and the park's export limit equals its import limit: a zeropark from "+
						"before 2026-12-02 left it at today's); its rows are not this sweep's: use another --out",
					k, r.Fields[expCol], want[expCol])
			}
			return fileError(ErrFile, r.File, r.Line,
				"combination %d does not match this sweep (other ranges, park or --horizon?): %s",
				k, keyDiff(header[:nKey], r.Fields[:nKey], want))
		}
		if r.Fields[fcCol] != fc {
			return fileError(ErrFile, r.File, r.Line, "written with forecasters %q, this run uses %q", r.Fields[fcCol], fc)
		}
		if o := objCols.of(r); !sameFields(o, wantObj) {
			return fileError(ErrFile, r.File, r.Line, "written with objective %s and carbon price %s, this run uses %s and %s", o[0], o[1], wantObj[0], wantObj[1])
		}
		return nil
	}
	found, err := resume(out, resumeSpec{header: header, fp: fp, steps: base.Series.Len, force: opt.ForceResume,
		whole: func(t *results.Table) error { return checkPolicy(t, policyCol, opt.Policy) }, check: check,
		led: cfg.Ledger, heat: base.Park.HasHeat(), costs: sweepCosts(base.Park, space, nil)})
	if err != nil {
		return st, err
	}
	warnOtherBuilds(out, found.stamps, opt)
	done := found.done
	var todo []int
	for k := 0; k < space.Len(); k++ {
		if !opt.Shard.Owns(k) {
			if done[k] {
				st.Foreign++
			}
			continue
		}
		st.Owned++
		if done[k] {
			st.Skipped++
		} else {
			todo = append(todo, k)
		}
	}
	if opt.Start != nil {
		opt.Start(st)
	}
	if len(todo) > 0 {
		tail := fp.Fields(opt.Stamp)
		costs := sweepCosts(base.Park, space, opt.Warn)
		if err := runPool(ctx, base, space, out, opt, cfg, rowSettings{fc: fc, tail: tail, costs: costs}, todo, &st); err != nil {
			return st, err
		}
	}
	if !opt.Unsorted {
		if _, err := merge(out, []string{out}, MergeOptions{}); err != nil {
			return st, err
		}
	}
	return st, nil
}

// warnOtherBuilds tells opt.Warn how many resumed rows other builds of
// zeropark wrote (their stamps are in the zeropark_version column).
func warnOtherBuilds(out string, stamps map[string]int, opt Options) {
	if opt.Warn == nil {
		return
	}
	others := maps.Clone(stamps)
	delete(others, opt.Stamp)
	n := 0
	for _, count := range others {
		n += count
	}
	if n == 0 {
		return
	}
	opt.Warn(fmt.Sprintf("%s: %d of the rows already there were written by another build of zeropark: %s; "+
		"this one is %q (each row's zeropark_version says which)", out, n, BuildsText(others), opt.Stamp))
}

// BuildsText lists the rows of rowsByBuild (rows by zeropark_version),
// `"stamp" (rows)` in order of the stamps, "unrecorded" for rows without
// one.
func BuildsText(rowsByBuild map[string]int) string {
	var builds []string
	for stamp, count := range rowsByBuild {
		if stamp == "" {
			stamp = "unrecorded"
		}
		builds = append(builds, fmt.Sprintf("%q (%d)", stamp, count))
	}
	slices.Sort(builds)
	return strings.Join(builds, ", ")
}

// designRecord is the combination, parameter and design fields of row k.
func designRecord(p *model.Park, cfg dispatch.Config, space *Space, k int) ([]string, error) {
	values := space.Values(k)
	c := clonePark(p)
	if err := Apply(c, &cfg, space.Axes, values); err != nil {
		return nil, err
	}
	return results.SweepKeyFields(k, values, results.DesignOf(c, cfg.Horizon)), nil
}

// Header returns the columns of the results file of space s
// (results.SweepHeader of its --vary paths).
func Header(s *Space, timings bool) []string {
	paths := make([]string, len(s.Axes))
	for i, a := range s.Axes {
		paths[i] = a.Path.String()
	}
	return results.SweepHeader(paths, timings)
}

// sweepCosts are the economics of the base park that every row's costs
// per year are priced with (nil without economics: the cost cells stay
// empty). warn, when set, is told of a varied technology the economics
// give no costs for: its additions cost nothing.
func sweepCosts(p *model.Park, space *Space, warn func(string)) *model.CapacityCosts {
	if p.Economics == nil {
		return nil
	}
	costs, err := p.CapacityCosts()
	if err != nil {
		return nil // the park was validated; a bad economics object has no costs to give
	}
	if warn == nil {
		return costs
	}
	free := map[string]bool{}
	for _, a := range space.Axes {
		var tcs []model.TechCosts
		switch {
		case a.Path.Kind == "pv":
			tcs = []model.TechCosts{costs.PV}
		case a.Path.Kind == "wind":
			tcs = []model.TechCosts{costs.Wind}
		case a.Path.Kind == "battery" && a.Path.Field == "energy_kwh":
			tcs = []model.TechCosts{costs.BatteryEnergy}
		case a.Path.Kind == "battery":
			tcs = []model.TechCosts{costs.BatteryPower}
		}
		for _, tc := range tcs {
			if tc.CapitalPerUnit == 0 && tc.FixedOMPerUnitYear == 0 && !free[a.Path.String()] {
				free[a.Path.String()] = true
				warn(fmt.Sprintf("--vary %s: the park's economics give no costs for it (no %s object): what it adds costs nothing in %s",
					a.Path, a.Path.Kind, results.ColTotalCostPerYear))
			}
		}
	}
	return costs
}

// rowSettings are what every row of a run shares: fc is the forecasts
// label of the sweep, tail closes the row (fingerprint and build stamp),
// costs prices what it adds (nil: no capital, fixed O&M or total).
type rowSettings struct {
	fc    string
	tail  []string
	costs *model.CapacityCosts
}

// runOne dispatches combination k and returns its CSV line.
func runOne(base *scenario.Scenario, space *Space, k int, pol dispatch.Policy, cfg dispatch.Config, rs rowSettings, timings bool) ([]byte, error) {
	values := space.Values(k)
	p := clonePark(base.Park)
	if err := Apply(p, &cfg, space.Axes, values); err != nil {
		return nil, err
	}
	// The series already holds the derived availability (per kW
	// installed); Resolve only reads it, so workers share it.
	prof, err := model.Resolve(p, base.Series)
	if err != nil {
		// The values named: a park check failing here failed for them
		// (load.scale=0.001 made the loads "in MW?"; QA N, session 39).
		return nil, fmt.Errorf("sweep: combination %d %v: %w", k, describeValues(space, values), err)
	}
	sc := base.Variant(fmt.Sprintf("%s #%d", base.Name, k), p, prof)
	res, err := sc.Run(pol, cfg)
	if err != nil {
		return nil, fmt.Errorf("sweep: combination %d %v: %w", k, describeValues(space, values), err)
	}
	row := results.SweepRow{Combination: k, Params: values, Design: results.DesignOf(p, cfg.Horizon), Report: &res.Report, Forecasts: rs.fc}
	// Operating cost and purchases need no economics; capital and total
	// do (rs.costs nil leaves their cells empty).
	c, err := results.AnnualCostsOfVaried(rs.costs, cfg.Ledger, base.Park, p, res.Schedule, &res.Report)
	if err != nil {
		return nil, fmt.Errorf("sweep: combination %d %v: %w", k, describeValues(space, values), err)
	}
	row.Costs = &c
	return results.CSVLine(append(results.SweepFields(row, timings), rs.tail...)), nil
}

func describeValues(space *Space, values []float64) []string {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = space.Axes[i].Path.String() + "=" + results.FormatLimit(v) // a grid limit may be unlimited
	}
	return s
}

// resultsPath is the results file a sweep appends to and rewrites in
// place: out, or the file a symbolic link out points to (the final
// rewrite renames over the path, which would have replaced the link with
// a file and left its target behind); anything else that is not a
// regular file (a device such as /dev/stdout, a pipe, a directory) is
// refused (CLI QA, 2026-12-04: run as root, --out /dev/stdout replaced
// the device's link with a file; a pipe hung). The links are followed by
// filepath.EvalSymlinks; a link to a file not written yet, one hop. why
// says how the file is written, for the refusal.
func resultsPath(out, why string) (string, error) {
	real, err := filepath.EvalSymlinks(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// No file yet, or a link to one not written yet: write it there.
		if t, lerr := os.Readlink(out); lerr == nil {
			if !filepath.IsAbs(t) {
				t = filepath.Join(filepath.Dir(out), t)
			}
			return t, nil
		}
		return out, nil
	case err != nil:
		return out, fmt.Errorf("%w: results file %s: %w (a symbolic link that cannot be followed? give the file itself)", ErrSpec, out, err)
	}
	fi, err := os.Stat(real)
	if err != nil {
		return out, fmt.Errorf("%w: results file %s: %w", ErrSpec, out, err)
	}
	if !fi.Mode().IsRegular() {
		kind := "not a regular file"
		switch m := fi.Mode(); {
		case m.IsDir():
			kind = "a directory"
		case m&fs.ModeNamedPipe != 0:
			kind = "a named pipe"
		case m&fs.ModeDevice != 0:
			kind = "a device"
		case m&fs.ModeSocket != 0:
			kind = "a socket"
		}
		return out, fmt.Errorf("%w: results file %s: %s: %s; give a file path", ErrSpec, out, kind, why)
	}
	return real, nil
}

// MaxWorkers is the most scenarios a sweep runs at once: each holds a
// solver and its LP, and more than a machine's cores only queue.
const MaxWorkers = 1024

// runPool runs todo on opt.Workers goroutines. Workers hand their rows to
// this goroutine, which appends them (several at once when they queue up:
// one write and one fsync per batch), so no worker waits on the disk.
func runPool(ctx context.Context, base *scenario.Scenario, space *Space, out string, opt Options, cfg dispatch.Config, rs rowSettings, todo []int, st *Stats) error {
	app, err := openAppender(out)
	if err != nil {
		return err
	}
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	type row struct {
		k    int
		line []byte
	}
	workers := min(opt.Workers, len(todo))
	jobs := make(chan int)
	rows := make(chan row, workers)
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
		cancel()
	}
	for range workers {
		wg.Go(func() {
			for k := range jobs {
				if inner.Err() != nil {
					continue // drain: stop handing out work
				}
				line, err := runOne(base, space, k, opt.Policy, cfg, rs, opt.Timings)
				if err != nil {
					fail(err)
					continue
				}
				rows <- row{k, line}
			}
		})
	}
	go func() {
	feed:
		for _, k := range todo {
			select {
			case <-inner.Done():
				break feed
			case jobs <- k:
			}
		}
		close(jobs)
		wg.Wait()
		close(rows)
	}()
	var (
		batch   []byte
		ks      []int
		writing = true
	)
	for r := range rows {
		batch, ks = append(batch[:0], r.line...), append(ks[:0], r.k)
	more:
		for len(ks) < cap(rows) {
			select {
			case r, ok := <-rows:
				if !ok {
					break more
				}
				batch, ks = append(batch, r.line...), append(ks, r.k)
			default:
				break more
			}
		}
		if !writing {
			continue // a write failed: keep draining so workers can finish
		}
		if err := app.write(batch); err != nil {
			writing = false
			fail(err)
			continue
		}
		for _, k := range ks {
			st.Done++
			if opt.Progress != nil {
				opt.Progress(st.Done, len(todo))
			}
			if opt.OnRow != nil {
				opt.OnRow(k)
			}
		}
	}
	if err := app.close(); err != nil && firstErr == nil {
		firstErr = fmt.Errorf("sweep: %w", err)
	}
	if firstErr != nil {
		return firstErr
	}
	if st.Done < len(todo) {
		st.Interrupted = true
		cause := ctx.Err()
		if cause == nil {
			cause = context.Canceled
		}
		return &InterruptedError{Written: st.Skipped + st.Done, Owned: st.Owned, Cause: cause}
	}
	return nil
}

// checkPolicy refuses, in one error, a results file with rows of another
// policy than pol: a file holds one policy, so the rows are counted and the
// first is named, not each listed.
func checkPolicy(t *results.Table, policyCol int, pol dispatch.Policy) error {
	var first *results.Row
	n := 0
	for i, r := range t.Rows {
		if r.Fields[policyCol] != string(pol) {
			if first == nil {
				first = &t.Rows[i]
			}
			n++
		}
	}
	if first == nil {
		return nil
	}
	return fileError(ErrFile, first.File, first.Line,
		"%s written with policy %q, this run asks for %q: a results file holds one policy; "+
			"use another --out for --policy %s, or --policy %s to resume this one",
		rowCount(n), first.Fields[policyCol], pol, pol, first.Fields[policyCol])
}

// InterruptedError: ctx ended before every owned combination was run. The
// rows written stay in the file and a run with the same inputs resumes.
// It unwraps to ctx's error (context.Canceled or DeadlineExceeded),
// which its text leaves out: the count is what a reader needs.
type InterruptedError struct {
	Written, Owned int // rows in the file, of the combinations owned
	Cause          error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("sweep: interrupted with %d of %d rows written; run again with the same inputs to resume", e.Written, e.Owned)
}

// Unwrap returns the context's error.
func (e *InterruptedError) Unwrap() error { return e.Cause }

// keyDiff names the key cells of a row (have) that differ from this
// sweep's (want), column by column, the first three.
func keyDiff(header, have, want []string) string {
	var d []string
	n := 0
	for j := range header {
		if sameFields(have[j:j+1], want[j:j+1]) {
			continue
		}
		if n++; n <= 3 {
			d = append(d, fmt.Sprintf("%s %s (this sweep: %s)", header[j], have[j], want[j]))
		}
	}
	if n > 3 {
		d = append(d, fmt.Sprintf("%d more columns", n-3))
	}
	return strings.Join(d, ", ")
}
