package dispatch

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Policy names a way of dispatching a period.
type Policy string

// The policies zeropark compares.
const (
	// RollingHorizon solves the LP every interval over the next Horizon and
	// commits the first interval (model-predictive control).
	RollingHorizon Policy = "mpc"
	// Perfect solves one LP over the whole period: the lower bound.
	Perfect Policy = "perfect"
	// SelfConsumptionPolicy is the rule-based baseline: charge from
	// surplus, discharge on deficit, never from the grid.
	SelfConsumptionPolicy Policy = "self"
	// GridOnlyPolicy is business as usual: every kWh from the grid.
	GridOnlyPolicy Policy = "grid"
)

// Policies lists the policies in the order reports show them.
func Policies() []Policy {
	return []Policy{GridOnlyPolicy, SelfConsumptionPolicy, RollingHorizon, Perfect}
}

// Result is one policy's dispatch of a period and its ledger.
type Result struct {
	Policy   Policy
	Schedule *Schedule
	Report   Report
}

// SolveStats summarises the LP solves of a run.
type SolveStats struct {
	Steps      int     `json:"steps"`
	Solves     int     `json:"solves"`
	TotalS     float64 `json:"solve_time_total_s"`
	P50MS      float64 `json:"solve_time_p50_ms"`
	P99MS      float64 `json:"solve_time_p99_ms"`
	Iterations int     `json:"simplex_iterations"`
	Repaired   int     `json:"repaired_values"`
}

// newStats summarises the per-step solve times; it sorts times in place.
func newStats(steps int, times []time.Duration, iters, repaired int) SolveStats {
	s := SolveStats{Steps: steps, Solves: len(times), Iterations: iters, Repaired: repaired}
	var total time.Duration
	for _, t := range times {
		total += t
	}
	s.TotalS = total.Seconds()
	if len(times) > 0 {
		slices.Sort(times)
		q := func(f float64) float64 {
			i := int(math.Ceil(f*float64(len(times)))) - 1
			return float64(times[max(i, 0)]) / float64(time.Millisecond)
		}
		s.P50MS, s.P99MS = q(0.50), q(0.99)
	}
	return s
}

// RunPolicy dispatches prof under the named policy.
func RunPolicy(pol Policy, p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	switch pol {
	case RollingHorizon:
		return Run(p, prof, cfg)
	case Perfect:
		return PerfectForesight(p, prof, cfg)
	case SelfConsumptionPolicy:
		return SelfConsumption(p, prof, cfg)
	case GridOnlyPolicy:
		return GridOnly(p, prof, cfg)
	}
	return nil, fmt.Errorf("%w: unknown policy %q (want mpc, perfect, self or grid)", ErrConfig, pol)
}

func checkRun(p *model.Park, prof *model.Profiles, cfg *Config) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	if p == nil || prof == nil {
		return fmt.Errorf("%w: nil park or profiles", ErrInput)
	}
	if err := p.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	if prof.Len < 1 || prof.Step <= 0 {
		return fmt.Errorf("%w: empty period (len %d, step %v)", ErrInput, prof.Len, prof.Step)
	}
	if len(prof.LoadKW) != len(p.Loads) || len(prof.PVAvailKW) != len(p.PV) || len(prof.WindAvailKW) != len(p.Wind) {
		return fmt.Errorf("%w: profiles do not match the park's assets", ErrInput)
	}
	return nil
}

// periodSchedule allocates the schedule of a whole period with its inputs
// copied in and every battery at its configured initial state of charge.
func periodSchedule(p *model.Park, prof *model.Profiles) *Schedule {
	s := newSchedule(p, prof.Len)
	s.copyInputs(prof, 0)
	for b, bat := range p.Batteries {
		s.InitialSoCKWh[b] = bat.InitialSoCKWh()
	}
	return s
}

// studyEndValues is the value of a kWh left in each battery at the end of
// the study, in the units of the objective: under CarbonFirst the
// ledger's storage value (kgCO2e per kWh, [ledgerStorageValues]); under
// Cost η_dis × the period's mean import price (negative prices as 0) plus
// the carbon price × that storage value (currency per kWh).
func studyEndValues(p *model.Park, prof *model.Profiles, cfg *Config) []float64 {
	v := ledgerStorageValues(p, prof, cfg.Ledger)
	if cfg.EffectiveObjective() != Cost {
		return v
	}
	price := 0.0
	if prof.ImportPricePerKWh != nil {
		for _, x := range prof.ImportPricePerKWh[:prof.Len] {
			price += math.Max(x, 0)
		}
		price /= float64(prof.Len)
	}
	for b, bat := range p.Batteries {
		v[b] = bat.DischargeEfficiency*price + cfg.CarbonPricePerTCO2e/1000*v[b]
	}
	return v
}

// ledgerStorageValues is the ledger's storage value of each battery over
// the period of prof ([Account]): what a kWh left at the end of the study
// is worth.
func ledgerStorageValues(p *model.Park, prof *model.Profiles, cfg LedgerConfig) []float64 {
	m := mean(prof.AccountingKgCO2ePerKWh[:prof.Len])
	v := make([]float64, len(p.Batteries))
	for b, bat := range p.Batteries {
		v[b] = storageValue(bat, m, cfg)
	}
	return v
}

// finish wraps a settled schedule as a policy's result with its ledger.
func finish(pol Policy, p *model.Park, s *Schedule, cfg *Config, stats SolveStats) *Result {
	res := &Result{Policy: pol, Schedule: s}
	res.Report = Account(p, s, cfg.Ledger)
	res.Report.Policy = pol
	res.Report.Solve = stats
	res.Report.Objective = cfg.EffectiveObjective()
	if res.Report.Objective == Cost {
		res.Report.CarbonPricePerTCO2e = cfg.CarbonPricePerTCO2e
	}
	return res
}

// Run dispatches the period under the rolling horizon: every interval t it
// plans the next cfg.Horizon, commits the first interval, settles it
// against the actual profiles (see settle) and carries the real state of
// charge forward. One solver instance serves the whole run.
//
// The plan sees forecasts: for each series with a forecaster in
// cfg.Forecasts, the forecaster's prediction of [t, t+H) from the actual
// values of [0, t); series without one (or a nil cfg.Forecasts) are seen
// perfectly. Forecast errors per series and lead are reported in
// Report.Forecasts.
func Run(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	d, err := New(p, prof.Step, cfg)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	s := periodSchedule(p, prof)
	st := InitialState(p)
	endValues := studyEndValues(p, prof, &cfg)
	levers := make([]lever, 0, 1+2*len(p.Batteries))
	times := make([]time.Duration, 0, prof.Len)
	iters, repaired := 0, 0
	var view profileView
	fc, err := newForecaster(p, prof, cfg.Forecasts, d.Horizon())
	if err != nil {
		return nil, err
	}
	demand := p.Grid.DemandChargePerKWMonth > 0
	for t := 0; t < prof.Len; t++ {
		end := min(t+d.Horizon(), prof.Len)
		view.set(prof, t, end)
		d.endValue = nil
		if end == prof.Len {
			d.endValue = endValues
		}
		if fc != nil {
			fc.apply(&view, prof, t, end-t)
		}
		plan, err := d.Step(st, &view.p)
		if err != nil {
			return nil, err
		}
		times = append(times, plan.SolveTime)
		iters += plan.Iterations
		repaired += plan.Repaired
		settle(p, s, t, plan, &levers)
		for b := range st.SoCKWh {
			st.SoCKWh[b] = s.SoCKWh[b][t]
		}
		if demand && t+1 < prof.Len {
			// The running peak of the month of interval t+1, as settled.
			st.MonthPeakImportKW = math.Max(st.MonthPeakImportKW, s.ImportKW[t])
			if y, m, _ := s.Time(t + 1).Date(); y != s.Time(t).Year() || m != s.Time(t).Month() {
				st.MonthPeakImportKW = 0
			}
		}
		if cfg.Progress != nil {
			cfg.Progress(t+1, prof.Len)
		}
	}
	res := finish(RollingHorizon, p, s, &cfg, newStats(prof.Len, times, iters, repaired))
	if fc != nil {
		res.Report.Forecasts = fc.report()
	}
	return res, nil
}

// PerfectForesight solves one LP over the whole period with the same
// constraints, objective and terminal value as each rolling-horizon step:
// no policy that sees the same data can emit less (the lower bound).
func PerfectForesight(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	d, err := newDispatcher(p, prof.Step, prof.Len, cfg)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	d.endValue = studyEndValues(p, prof, &cfg)
	plan, err := d.Step(InitialState(p), prof)
	if err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	for i := range s.PVKW {
		copy(s.PVKW[i], plan.PVKW[i])
	}
	for j := range s.WindKW {
		copy(s.WindKW[j], plan.WindKW[j])
	}
	for b := range s.ChargeKW {
		copy(s.ChargeKW[b], plan.ChargeKW[b])
		copy(s.DischargeKW[b], plan.DischargeKW[b])
		copy(s.SoCKWh[b], plan.SoCKWh[b])
	}
	copy(s.ImportKW, plan.ImportKW)
	copy(s.ExportKW, plan.ExportKW)
	copy(s.UnservedKW, plan.UnservedKW)
	copy(s.CurtailedKW, plan.CurtailedKW)
	s.fillEmissions()
	if cfg.Progress != nil {
		cfg.Progress(prof.Len, prof.Len)
	}
	return finish(Perfect, p, s, &cfg, newStats(prof.Len, []time.Duration{plan.SolveTime}, plan.Iterations, plan.Repaired)), nil
}

// GridOnly is business as usual: the park's PV, wind and batteries are not
// used (as if not built) and every kWh of load comes from the grid, up to
// the import limit; the rest is unserved. Its residual equals the baseline.
func GridOnly(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	h := prof.Step.Hours()
	for t := 0; t < prof.Len; t++ {
		// Grid-only has no PV or wind: report them as not available.
		for i := range s.PVAvailKW {
			s.PVAvailKW[i][t] = 0
		}
		for j := range s.WindAvailKW {
			s.WindAvailKW[j][t] = 0
		}
		for b, bat := range p.Batteries {
			_, _, decayed := socBounds(bat, s.SoCBefore(b, t), h)
			s.SoCKWh[b][t] = decayed
		}
		s.ImportKW[t] = math.Min(s.LoadKW[t], p.Grid.ImportLimitKW)
		s.UnservedKW[t] = s.LoadKW[t] - s.ImportKW[t]
	}
	s.fillEmissions()
	return finish(GridOnlyPolicy, p, s, &cfg, SolveStats{Steps: prof.Len}), nil
}

// SelfConsumption is the rule-based baseline: PV and wind serve the load
// first; a surplus charges the batteries (in park order, within power and
// state-of-charge limits), then is exported up to the limit, then
// curtailed; a deficit is met by discharging the batteries, then by
// import up to the limit, then left unserved. The batteries never charge
// from the grid.
func SelfConsumption(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if err := checkRun(p, prof, &cfg); err != nil {
		return nil, err
	}
	s := periodSchedule(p, prof)
	h := prof.Step.Hours()
	for t := 0; t < prof.Len; t++ {
		gen := 0.0
		for i := range s.PVKW {
			s.PVKW[i][t] = s.PVAvailKW[i][t]
			gen += s.PVKW[i][t]
		}
		for j := range s.WindKW {
			s.WindKW[j][t] = s.WindAvailKW[j][t]
			gen += s.WindKW[j][t]
		}
		net := gen - s.LoadKW[t] // > 0 surplus
		for b, bat := range p.Batteries {
			if net > 0 {
				v := math.Min(net, math.Min(bat.MaxChargeKW, chargeRoom(bat, s, b, t, h)))
				s.ChargeKW[b][t] = v
				net -= v
			} else if net < 0 {
				v := math.Min(-net, math.Min(bat.MaxDischargeKW, dischargeRoom(bat, s, b, t, h)))
				s.DischargeKW[b][t] = v
				net += v
			}
			clampBattery(bat, s, b, t, h)
		}
		if net > 0 {
			s.ExportKW[t] = math.Min(net, p.Grid.ExportLimitKW)
			s.CurtailedKW[t] = net - s.ExportKW[t]
			// Curtail in park order, PV first.
			cut := s.CurtailedKW[t]
			for i := range s.PVKW {
				v := math.Min(cut, s.PVKW[i][t])
				s.PVKW[i][t] -= v
				cut -= v
			}
			for j := range s.WindKW {
				v := math.Min(cut, s.WindKW[j][t])
				s.WindKW[j][t] -= v
				cut -= v
			}
		} else if net < 0 {
			s.ImportKW[t] = math.Min(-net, p.Grid.ImportLimitKW)
			s.UnservedKW[t] = -net - s.ImportKW[t]
		}
	}
	s.fillEmissions()
	return finish(SelfConsumptionPolicy, p, s, &cfg, SolveStats{Steps: prof.Len}), nil
}

// profileView is a reusable window on profiles: like Profiles.Slice, but
// without allocating on every interval of a run.
type profileView struct {
	p                  model.Profiles
	load, pv, windRows [][]float64
}

func (v *profileView) set(src *model.Profiles, from, to int) {
	cut := func(x []float64) []float64 {
		if x == nil {
			return nil
		}
		return x[from:to:to]
	}
	rows := func(dst *[][]float64, srcRows [][]float64) [][]float64 {
		if len(*dst) != len(srcRows) {
			*dst = make([][]float64, len(srcRows))
		}
		for i, r := range srcRows {
			(*dst)[i] = cut(r)
		}
		return *dst
	}
	v.p = model.Profiles{
		Start:                  src.Start.Add(time.Duration(from) * src.Step),
		Step:                   src.Step,
		Len:                    to - from,
		LoadKW:                 rows(&v.load, src.LoadKW),
		PVAvailKW:              rows(&v.pv, src.PVAvailKW),
		WindAvailKW:            rows(&v.windRows, src.WindAvailKW),
		DispatchKgCO2ePerKWh:   cut(src.DispatchKgCO2ePerKWh),
		AccountingKgCO2ePerKWh: cut(src.AccountingKgCO2ePerKWh),
		ImportPricePerKWh:      cut(src.ImportPricePerKWh),
		ExportPricePerKWh:      cut(src.ExportPricePerKWh),
	}
}
