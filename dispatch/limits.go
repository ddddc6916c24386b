package dispatch

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/zeropark/zeropark/internal/sysmem"
	"github.com/zeropark/zeropark/model"
)

// Errors for what a dispatch cannot take on.
var (
	// ErrTooLarge: the problem asked for is beyond a documented limit
	// ([MaxHorizonSteps], [MaxLPBytes]); the message says how to shrink it.
	// It is the caller's input, not the machine, that is at fault.
	ErrTooLarge = errors.New("dispatch: problem too large")
	// ErrMemory: the run is estimated ([EstimateFootprint]) to need more
	// memory than the process can still take ([sysmem.Query]).
	ErrMemory = errors.New("dispatch: not enough memory")
)

// MaxHorizonSteps is the longest look-ahead of the rolling horizon, in
// steps. Every interval of a run re-solves an LP that long, so a run costs
// intervals × horizon steps of LP work: at 10,000 steps one hot-started
// Step of the benchmark park (one PV array, turbine and battery) took 0.3 s
// on the 2-vCPU development machine (13 ms at 1,000 steps), so a year of
// hourly intervals takes about 45 minutes. A look-ahead longer than that is
// no longer a forecast horizon; perfect foresight solves the whole period
// once. Typical horizons are 24
// to 168 h; a mistyped --horizon 20000h or a 1-second series with the
// default 24 h (86,400 steps) is refused, not run for hours.
const MaxHorizonSteps = 10_000

// LPBytesPerNonZero is the peak memory, in bytes, of building and solving
// a dispatch LP per non-zero of its matrix: HiGHS (dual simplex, its
// factorisation and copies of the model) plus this package's vectors and
// plan. Measured with perfect foresight on one PV array, one turbine and
// 0–3 batteries at 8,760 to 300,000 steps (0.1 to 3.6 million non-zeros):
// 790–930 bytes per non-zero of peak RSS, rounded up.
const LPBytesPerNonZero = 1000

// MaxLPBytes is the largest LP, by its estimated memory ([EstimateLP]),
// that New, Run and PerfectForesight build: 8 GiB, about 8.6 million
// non-zeros. A year of 1-minute steps for a park with one PV array, one
// turbine and one battery (12 non-zeros a step, 6.3 million) stays below
// it; a year of 1-second steps (31.5 million steps) is 45 times over it.
// HiGHS took 2 minutes for 3.6 million non-zeros; larger models run for
// hours and exhaust a workstation. [ErrTooLarge] says how to shrink them.
const MaxLPBytes int64 = 8 << 30

// memoryCheckFloor: footprints below it (64 MiB) are not checked against
// the system, so New and short runs read no /proc files.
const memoryCheckFloor int64 = 64 << 20

// HorizonSteps is the number of steps of a rolling horizon of length
// horizon at the given step: horizon/step, which must be a whole number
// (errors unwrap to [ErrConfig], naming both) of at least 1 and at most
// [MaxHorizonSteps] (else [ErrTooLarge], saying how to shrink it). Run
// and Preflight cap it at the period's length first ([PeriodHorizonSteps];
// reported in SolveStats).
func HorizonSteps(horizon, step time.Duration) (int, error) {
	return PeriodHorizonSteps(horizon, step, 0)
}

// PeriodHorizonSteps is [HorizonSteps] capped at a period of period
// intervals (when period > 0) before the bound on its length: a
// look-ahead past the period sees only padding, so two minutes of 1 s
// data take a 24 h horizon as their 120 steps (time QA, 2026-12-04:
// refused as 86,400 steps).
func PeriodHorizonSteps(horizon, step time.Duration, period int) (int, error) {
	if step <= 0 {
		return 0, fmt.Errorf("%w: step %v must be positive", ErrInput, step)
	}
	if horizon <= 0 {
		return 0, fmt.Errorf("%w: Horizon = %v: must be positive", ErrConfig, horizon)
	}
	if horizon%step != 0 {
		down := horizon / step * step
		up := down + step
		alt := up.String()
		if down > 0 {
			alt = down.String() + " or " + alt
		}
		return 0, fmt.Errorf("%w: Horizon = %v is not a whole number of %v steps (%.4g steps): use a multiple of the step, e.g. %s",
			ErrConfig, horizon, step, float64(horizon)/float64(step), alt)
	}
	n := horizon / step
	if period > 0 && n > time.Duration(period) {
		n = time.Duration(period)
	}
	if n > MaxHorizonSteps {
		return 0, fmt.Errorf("%w: Horizon = %v is %d steps of %v, more than the %d a rolling horizon looks ahead "+
			"(every interval re-solves an LP that long): shorten the horizon to at most %v, or use a coarser series step",
			ErrTooLarge, horizon, int64(n), step, MaxHorizonSteps, time.Duration(MaxHorizonSteps)*step)
	}
	return int(n), nil
}

// LPSize is the size of the dispatch LP of a park over a number of steps,
// known before it is built (see the layout in doc.go).
type LPSize struct {
	Steps    int64
	Columns  int64
	Rows     int64
	NonZeros int64
	// Bytes is the estimated peak memory of building and solving it:
	// NonZeros × [LPBytesPerNonZero].
	Bytes int64
}

// EstimateLP is the size of the LP over steps steps for park p: per step
// one column per PV array and turbine, three per battery and four (import,
// export, unserved, load), plus one initial state of charge per battery;
// one balance row and one state-of-charge row per battery; and the
// non-zeros of those rows (1 per PV array and turbine, 4 for the grid and
// load, 2 per battery in the balance, 4 in its state-of-charge row); with
// heat, the heat block's too (with two columns, a row and four non-zeros
// per step for each CHP with a heat dump; the demand-charge block is not
// counted).
func EstimateLP(p *model.Park, steps int) LPSize {
	nPV, nWind, nBat := int64(len(p.PV)), int64(len(p.Wind)), int64(len(p.Batteries))
	h := int64(steps)
	s := LPSize{
		Steps:    h,
		Columns:  nBat + h*(nPV+nWind+3*nBat+4),
		Rows:     h * (1 + nBat),
		NonZeros: h * (nPV + nWind + 4 + 6*nBat),
	}
	if p.HasHeat() {
		// The heat block (doc.go, "Heat"): per step a column per
		// converter and purchased heat, two per thermal store, unserved
		// heat and the heat load; the heat balance and a row per store.
		// Converters appear in both balances (fuel boilers in one).
		nHP, nEB, nFB, nCHP := int64(len(p.HeatPumps)), int64(len(p.ElectricBoilers)), int64(len(p.FuelBoilers)), int64(len(p.CHP))
		nTS, nPH := int64(len(p.ThermalStorage)), int64(len(p.PurchasedHeat))
		s.Columns += nTS + h*(nHP+nEB+nFB+nCHP+2*nTS+nPH+2)
		s.Rows += h * (1 + nTS)
		s.NonZeros += h * (2*(nHP+nEB+nCHP) + nFB + 4*nTS + nPH + 2)
		// A CHP with a heat dump adds its dump and kept heat and its dump
		// row (3 non-zeros) beside −dump in the heat balance.
		nDump := int64(0)
		for _, c := range p.CHP {
			if c.HasHeatDump() {
				nDump++
			}
		}
		s.Columns += h * 2 * nDump
		s.Rows += h * nDump
		s.NonZeros += h * 4 * nDump
	}
	s.Bytes = s.NonZeros * LPBytesPerNonZero
	return s
}

// check refuses an LP above MaxLPBytes; what names it ("perfect
// foresight", "the rolling horizon's LP").
func (s LPSize) check(what, shrink string) error {
	if s.Bytes <= MaxLPBytes {
		return nil
	}
	return fmt.Errorf("%w: %s over %d steps is an LP of %d columns, %d rows and %d non-zeros, "+
		"about %s to build and solve (limit %s): %s",
		ErrTooLarge, what, s.Steps, s.Columns, s.Rows, s.NonZeros, bytesText(s.Bytes), bytesText(MaxLPBytes), shrink)
}

// How to shrink an LP, per kind of run.
const (
	shrinkPerfect = "shorten the period, use a coarser series step, use the rolling horizon instead of perfect foresight, or model fewer PV arrays, turbines and batteries"
	shrinkRolling = "shorten the horizon, use a coarser series step, or model fewer PV arrays, turbines and batteries"
)

// Footprint is the memory a dispatch is estimated to take, in bytes, by
// what holds it; see [EstimateFootprint].
type Footprint struct {
	// ProfilesBytes: the period's profiles (the input): one series per
	// load, PV array and turbine and four signals and prices.
	ProfilesBytes int64
	// SchedulesBytes: one settled schedule of the period per policy.
	SchedulesBytes int64
	// SolverBytes: the LPs ([EstimateLP]) of the policies that solve one.
	SolverBytes int64
	// ForecastBytes: the rolling horizon's forecasts, their error
	// statistics per lead and the forecasters' state.
	ForecastBytes int64
	// AttributionBytes: the tenants' shares ([Attribute]).
	AttributionBytes int64
}

// TotalBytes is the sum of the parts.
func (f Footprint) TotalBytes() int64 {
	return f.ProfilesBytes + f.SchedulesBytes + f.SolverBytes + f.ForecastBytes + f.AttributionBytes
}

// Per-item sizes of the footprint, in bytes.
const (
	float64Bytes = 8
	// Per series forecast: the forecast buffer and one model.ErrorStats
	// per lead.
	forecastBytesPerLead = float64Bytes + int64(unsafe.Sizeof(model.ErrorStats{}))
	// forecastStateBytes allows for one forecaster's own state (package
	// forecast's regression keeps its coefficients and shares its fitting
	// scratch between forecasters; Holt–Winters keeps a week's season).
	forecastStateBytes = 4 << 10
	// tenantBytes allows for one tenant's share and name.
	tenantBytes = int64(unsafe.Sizeof(TenantShare{})) + 64
)

// EstimateFootprint estimates the memory of dispatching park p over steps
// intervals under each of pols at once (as scenario.Compare runs them),
// the rolling horizon (with forecasts or perfect information) looking
// horizonSteps ahead, with forecasts planning with a forecaster for every
// series, and of attributing one result to the tenants. A policy it does
// not know (one added to a [Catalogue]) counts its schedule only. It counts what grows with the park and the period (8-byte
// values): the profiles, (loads + PV + wind + 4) × steps; a schedule per
// policy, (10 + 2·PV + 2·wind + 3·batteries) × steps; the LP of each
// rolling horizon (horizonSteps) and of perfect foresight (steps) at
// [LPBytesPerNonZero]; per forecast series (loads + PV + wind + 1)
// horizonSteps × (8 + the size of model.ErrorStats) plus 4 KiB of state,
// and each PV array's clear-sky series (steps); and the attribution, one
// value per interval and one share per tenant. The estimate is of live
// bytes; the Go heap may briefly hold up to twice its live data between
// collections. Parts already allocated (the profiles, once resolved) are
// left out by zeroing them before [Footprint.Check].
func EstimateFootprint(p *model.Park, steps, horizonSteps int, pols ...Policy) Footprint {
	nLoad, nPV, nWind, nBat := int64(len(p.Loads)), int64(len(p.PV)), int64(len(p.Wind)), int64(len(p.Batteries))
	n, h := int64(steps), int64(horizonSteps)
	f := Footprint{
		ProfilesBytes:    (nLoad + nPV + nWind + 4) * n * float64Bytes,
		AttributionBytes: (n+nBat)*float64Bytes + nLoad*tenantBytes,
	}
	schedule := (10 + 2*nPV + 2*nWind + 3*nBat) * n * float64Bytes
	// The heat side: its series (heat loads, COPs, purchased heat's factor
	// and price), its schedule (four series, three per heat pump, two per
	// boiler, three per CHP and store, three per purchased heat), its
	// forecasts (one per heat load) and the attribution's heat rate.
	nHeat := int64(len(p.HeatLoads))
	if p.HasHeat() {
		nHP, nPH := int64(len(p.HeatPumps)), int64(len(p.PurchasedHeat))
		f.ProfilesBytes += (nHeat + nHP + 2*nPH) * n * float64Bytes
		f.AttributionBytes += n * float64Bytes
		schedule += (4 + 3*nHP + 2*int64(len(p.ElectricBoilers)+len(p.FuelBoilers)) + 3*int64(len(p.CHP)+len(p.ThermalStorage)) + 3*nPH) * n * float64Bytes
		schedule += int64(dumpRows(p)) * n * float64Bytes // CHPDumpKWTh
	}
	for _, pol := range pols {
		f.SchedulesBytes += schedule
		switch pol {
		case RollingHorizon, PerfectInformation:
			f.SolverBytes += EstimateLP(p, horizonSteps).Bytes + n*float64Bytes // solve times
			if pol == RollingHorizon {
				series := nLoad + nPV + nWind + 1 + nHeat
				f.ForecastBytes += series*(h*forecastBytesPerLead+forecastStateBytes) + nPV*n*float64Bytes
			}
		case Perfect:
			f.SolverBytes += EstimateLP(p, steps).Bytes
		}
	}
	return f
}

// Check returns an error unwrapping to [ErrMemory] when f's total exceeds
// the memory the process can still take ([sysmem.Query]: the cgroup's
// limit less its usage, MemAvailable, GOMEMLIMIT), naming the estimate,
// its largest parts and the budget. Footprints under 64 MiB, and systems
// whose budget cannot be read, pass unchecked.
func (f Footprint) Check() error {
	need := f.TotalBytes()
	if need < memoryCheckFloor {
		return nil
	}
	avail := sysmem.Query()
	if !avail.Known || need <= avail.Bytes {
		return nil
	}
	var parts []string
	for _, p := range []struct {
		name  string
		bytes int64
	}{{"profiles", f.ProfilesBytes}, {"schedules", f.SchedulesBytes}, {"solver", f.SolverBytes},
		{"forecasts", f.ForecastBytes}, {"attribution", f.AttributionBytes}} {
		if p.bytes > 0 {
			parts = append(parts, p.name+" "+bytesText(p.bytes))
		}
	}
	return fmt.Errorf("%w: needs about %s (%s), %s available (%s): shorten the period, use a coarser series step, "+
		"model fewer loads and assets, run fewer policies at once, or free memory",
		ErrMemory, bytesText(need), strings.Join(parts, ", "), bytesText(avail.Bytes), avail.Source)
}

// Preflight checks, before anything is allocated, that dispatching park p
// over steps intervals of length step under each of pols at once can go
// ahead: the rolling horizon's [HorizonSteps], each LP against MaxLPBytes
// ([ErrTooLarge]), and the [EstimateFootprint] of all of them and of one
// attribution, less the profiles (already held), against the memory
// available ([ErrMemory]). Run and the other policies check their own
// share; Preflight lets a caller that runs several at once
// (scenario.Compare) check their sum once and fail with one message.
func Preflight(p *model.Park, steps int, step time.Duration, cfg Config, pols ...Policy) error {
	if p == nil || steps < 1 {
		return fmt.Errorf("%w: preflight needs a park and a period (%d intervals)", ErrInput, steps)
	}
	h := 0
	if slices.Contains(pols, RollingHorizon) || slices.Contains(pols, PerfectInformation) {
		var err error
		if h, err = PeriodHorizonSteps(cfg.Horizon, step, steps); err != nil {
			return err
		}
		if err := EstimateLP(p, h).check("the rolling horizon", shrinkRolling); err != nil {
			return err
		}
	}
	if slices.Contains(pols, Perfect) {
		if err := EstimateLP(p, steps).check("perfect foresight", shrinkPerfect); err != nil {
			return err
		}
	}
	f := EstimateFootprint(p, steps, h, pols...)
	f.ProfilesBytes = 0
	return f.Check()
}

// bytesText formats a byte count in binary units ("1.5 GiB").
func bytesText(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	v, i := float64(b)/unit, 0
	for v >= unit && i < 4 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %ciB", v, "KMGTP"[i])
}
