package dispatch

import (
	"errors"
	"fmt"
	"math"

	"github.com/zeropark/zeropark/model"
)

// LeadStats are the forecast errors e = forecast − actual at one lead time
// (1 = the interval being committed; 0 in SeriesForecast.Overall, over every
// lead) (model.ErrorStats). MAE, RMSE and Bias are in the series' unit; NMAE
// and Skill are fractions. MAE, RMSE and Bias are 0 where not defined (no
// samples). NMAE is nil where not defined (every actual 0: a windless wind
// column, a zero load; or no samples; see model.ErrorStats.NMAE), and Skill
// where persistence has no error (a flat series, a windless wind column;
// see model.ErrorStats.Skill) or with no samples; both are null in JSON: a
// 0 nMAE would read "exact", a 0 skill "as good as persistence". Pointers,
// not NaN, so that the type says a figure may be missing and reports
// holding one still compare equal.
type LeadStats struct {
	// Lead is the lead time in steps (1: the interval being committed; 0 in
	// SeriesForecast.Overall, every lead merged).
	Lead int `json:"lead"`
	N    int `json:"n"` // forecast values scored
	// MAE = mean |e|, RMSE = √mean e², Bias = mean e (positive:
	// over-forecast), NMAE = MAE / mean |actual|: nil (JSON null) where
	// every actual is 0.
	MAE  float64  `json:"mae"`
	RMSE float64  `json:"rmse"`
	NMAE *float64 `json:"nmae"`
	Bias float64  `json:"bias"`
	// Skill = 1 − RMSE / RMSE of persistence (the last observed value) on
	// the same targets: 0 for persistence, negative when worse; nil
	// (JSON null) where not defined.
	Skill *float64 `json:"skill_vs_persistence"`
}

// SeriesForecast reports how one forecaster did during a run: overall and
// per lead, skill against persistence (the last observed value).
type SeriesForecast struct {
	// Series names the forecast series ("load:NAME", "pv:NAME", "wind:NAME",
	// "dispatch_carbon", "import_price", "export_price") and Unit its unit;
	// Overall is its errors over every lead, PerLead at each lead.
	Series  string      `json:"series"`
	Unit    string      `json:"unit"`
	Overall LeadStats   `json:"overall"`
	PerLead []LeadStats `json:"per_lead"`
	// Fallbacks counts calls whose forecaster failed; persistence was used.
	Fallbacks int `json:"fallbacks"`
	// Clipped counts forecast values outside what the series can
	// physically take (see Run) that were set to the nearer bound before
	// the plan saw them: not bad data, so not repairs.
	Clipped int `json:"clipped"`
}

// optional is v, nil where not defined (NaN, or a ±Inf that rounding
// could give): s.Skill() and s.NMAE().
func optional(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

func leadStats(lead int, s *model.ErrorStats) LeadStats {
	nan0 := func(v float64) float64 {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0
		}
		return v
	}
	return LeadStats{Lead: lead, N: s.N, MAE: nan0(s.MAE()), RMSE: nan0(s.RMSE()), NMAE: optional(s.NMAE()), Bias: nan0(s.Bias()), Skill: optional(s.Skill())}
}

// forecastSeries is one series being forecast during a run.
type forecastSeries struct {
	name, unit string
	f          model.Forecaster
	// values picks the series out of the data a run plans from: its
	// history before the forecast time, its actual values after it
	// (when known).
	values    func(*model.Profiles) []float64
	buf       []float64 // H
	stats     []model.ErrorStats
	fallbacks int
	// lo and hi bound what the series can physically take (±Inf: no
	// bound); clipped counts forecasts moved onto them.
	lo, hi  float64
	clipped int
}

// clip sets the forecasts outside [s.lo, s.hi] to the nearer bound. NaN
// and ±Inf are not clipped: they are bad data, repaired and counted by
// Dispatcher.Step.
func (s *forecastSeries) clip(out []float64) {
	for k, v := range out {
		switch {
		case v < s.lo && !math.IsInf(v, -1):
			out[k] = s.lo
			s.clipped++
		case v > s.hi && !math.IsInf(v, 1):
			out[k] = s.hi
			s.clipped++
		}
	}
}

// forecaster drives a run's forecasters.
type forecaster struct {
	series []*forecastSeries
	load   []*forecastSeries // nil where perfect information
	pv     []*forecastSeries
	wind   []*forecastSeries
	carbon *forecastSeries
	heat   []*forecastSeries // per heat load (nil without heat)
	// n is the number of intervals the last apply forecast.
	n int
}

func newForecaster(p *model.Park, fs *model.ForecastSet, h int) (*forecaster, error) {
	if fs == nil {
		return nil, nil
	}
	check := func(kind string, got, want int) error {
		if got != 0 && got != want {
			return fmt.Errorf("%w: %d %s forecasters for %d %s assets", ErrConfig, got, kind, want, kind)
		}
		return nil
	}
	if err := errors.Join(check("load", len(fs.Load), len(p.Loads)), check("pv", len(fs.PV), len(p.PV)), check("wind", len(fs.Wind), len(p.Wind)),
		check("heat", len(fs.Heat), len(p.HeatLoads))); err != nil {
		return nil, err
	}
	fc := &forecaster{
		load: make([]*forecastSeries, len(p.Loads)),
		pv:   make([]*forecastSeries, len(p.PV)),
		wind: make([]*forecastSeries, len(p.Wind)),
	}
	add := func(name, unit string, f model.Forecaster, values func(*model.Profiles) []float64, lo, hi float64) *forecastSeries {
		if f == nil {
			return nil
		}
		s := &forecastSeries{name: name, unit: unit, f: f, values: values, buf: make([]float64, h), stats: make([]model.ErrorStats, h),
			lo: lo, hi: hi}
		fc.series = append(fc.series, s)
		return s
	}
	inf := math.Inf(1)
	for i := range fs.Load {
		fc.load[i] = add("load:"+p.Loads[i].Name, "kW", fs.Load[i], func(d *model.Profiles) []float64 { return d.LoadKW[i] }, 0, inf)
	}
	for i := range fs.PV {
		fc.pv[i] = add("pv:"+p.PV[i].Name, "kW", fs.PV[i], func(d *model.Profiles) []float64 { return d.PVAvailKW[i] },
			0, p.PV[i].CapacityKWp*model.MaxAvailabilityPerKW)
	}
	for j := range fs.Wind {
		fc.wind[j] = add("wind:"+p.Wind[j].Name, "kW", fs.Wind[j], func(d *model.Profiles) []float64 { return d.WindAvailKW[j] },
			0, p.Wind[j].CapacityKW)
	}
	fc.carbon = add(seriesCarbon, "kgCO2e/kWh", fs.Carbon, func(d *model.Profiles) []float64 { return d.DispatchKgCO2ePerKWh }, -inf, inf)
	if len(fs.Heat) > 0 {
		fc.heat = make([]*forecastSeries, len(p.HeatLoads))
		for i := range fs.Heat {
			fc.heat[i] = add("heat:"+p.HeatLoads[i].Name, "kW_th", fs.Heat[i], func(d *model.Profiles) []float64 { return d.HeatLoadKWTh[i] }, 0, inf)
		}
	}
	return fc, nil
}

// apply forecasts intervals [t, t+n) of every forecast series from data's
// values of [0, t) (the history, starting at data.Start) and puts the
// forecasts into the view in place of data's values. A forecaster that
// fails is replaced for the call by persistence of the last value (0
// without history) and counted.
func (fc *forecaster) apply(v *profileView, data *model.Profiles, t, n int) {
	fc.n = n
	run := func(s *forecastSeries) []float64 {
		out := s.buf[:n]
		vals := s.values(data)
		hist := model.Series{Start: data.Start, Step: data.Step, Values: vals[:t:t]}
		if err := s.f.Forecast(hist, out); err != nil {
			s.fallbacks++
			last := 0.0
			if t > 0 {
				last = vals[t-1]
			}
			for k := range out {
				out[k] = last
			}
		}
		s.clip(out)
		return out
	}
	for i, s := range fc.load {
		if s != nil {
			v.p.LoadKW[i] = run(s)
		}
	}
	for i, s := range fc.pv {
		if s != nil {
			v.p.PVAvailKW[i] = run(s)
		}
	}
	for j, s := range fc.wind {
		if s != nil {
			v.p.WindAvailKW[j] = run(s)
		}
	}
	if fc.carbon != nil {
		v.p.DispatchKgCO2ePerKWh = run(fc.carbon)
	}
	for i, s := range fc.heat {
		if s != nil {
			v.p.HeatLoadKWTh[i] = run(s)
		}
	}
}

// score records the errors of the forecasts of the last apply, made at t,
// at leads 1 … min(leads, n) against actual's values of [t, t+leads), with
// persistence (the value at t−1) as the reference. Nothing is recorded at
// t = 0, where there is no persistence forecast.
func (fc *forecaster) score(actual *model.Profiles, t, leads int) {
	if t == 0 {
		return
	}
	leads = min(leads, fc.n)
	for _, s := range fc.series {
		vals := s.values(actual)
		last := vals[t-1]
		for k := range leads {
			s.stats[k].Add(s.buf[k], vals[t+k], last)
		}
	}
}

// report is every series' errors, lead by lead and overall.
func (fc *forecaster) report() []SeriesForecast { return fc.reportLeads(-1) }

// reportLeads is report with PerLead holding the first maxLeads leads only
// (all of them for maxLeads < 0); Overall is over every lead either way.
func (fc *forecaster) reportLeads(maxLeads int) []SeriesForecast {
	out := make([]SeriesForecast, 0, len(fc.series))
	for _, s := range fc.series {
		var all model.ErrorStats
		sf := SeriesForecast{Series: s.name, Unit: s.unit, Fallbacks: s.fallbacks, Clipped: s.clipped}
		n := len(s.stats)
		if maxLeads >= 0 {
			n = min(n, maxLeads)
		}
		if n > 0 {
			sf.PerLead = make([]LeadStats, 0, n)
		}
		for k := range s.stats {
			all.Merge(s.stats[k])
			if k < n {
				sf.PerLead = append(sf.PerLead, leadStats(k+1, &s.stats[k]))
			}
		}
		sf.Overall = leadStats(0, &all)
		out = append(out, sf)
	}
	return out
}

// CarbonGap splits what a rolling-horizon run with forecasts emits above the
// perfect-foresight lower bound, on the storage-adjusted residual (kgCO2e):
// ForecastError = with forecasts − with perfect information, Horizon =
// perfect information − perfect foresight. Shares are of the lower bound
// (fractions), nil (JSON null) where it is 0 or below (a park that
// perfect foresight brings to zero carbon): a 0 would read "no cost".
//
// Perfect foresight is the bound only when its schedule is the LP's. When
// it was settled (PerfectSettledIntervals > 0, [SolveStats.SettledIntervals])
// it is a feasible plan, and a rolling horizon may emit less: Horizon is
// then a difference between two plans, not what the finite horizon
// costs. A negative one is not counted as a cost: HorizonKgCO2e and
// HorizonShare are 0 (HorizonShare nil where the bound is) and HorizonBelowKgCO2e holds how much less perfect
// information emitted (> 0). Without a perfect-information run HorizonShare
// is nil too: unmeasured.
type CarbonGap struct {
	ForecastErrorKgCO2e float64  `json:"forecast_error_kgco2e"`
	ForecastErrorShare  *float64 `json:"forecast_error_share"`
	HorizonKgCO2e       float64  `json:"horizon_kgco2e"`
	HorizonShare        *float64 `json:"horizon_share"`
	// PerfectSettledIntervals is perfect foresight's
	// SolveStats.SettledIntervals: above 0, it is not a lower bound.
	PerfectSettledIntervals int `json:"perfect_settled_intervals,omitempty"`
	// HorizonBelowKgCO2e is how much less perfect information emitted
	// than a settled perfect foresight (0 otherwise).
	HorizonBelowKgCO2e float64 `json:"horizon_below_kgco2e,omitempty"`
}

// Bound reports whether perfect foresight was the LP's lower bound (not
// settled), so that the gap's parts are costs.
func (g CarbonGap) Bound() bool { return g.PerfectSettledIntervals == 0 }

// Gap computes the CarbonGap from three runs of the same period: the
// rolling horizon with forecasts, with perfect information, and perfect
// foresight. withForecasts and perfect must not be nil; perfectInfo may
// be (then only the total is split off as forecast error, HorizonKgCO2e
// is 0 and HorizonShare nil: the horizon was not measured, which is not
// "it cost 0 %").
func Gap(withForecasts, perfectInfo, perfect *Result) CarbonGap {
	lb := perfect.Report.AdjustedResidualKgCO2e
	share := func(v float64) *float64 {
		if lb <= 0 {
			return nil // a share of nothing (or of a negative) is no share
		}
		return optional(v / lb)
	}
	g := CarbonGap{PerfectSettledIntervals: perfect.Report.Solve.SettledIntervals}
	if perfectInfo == nil {
		g.ForecastErrorKgCO2e = withForecasts.Report.AdjustedResidualKgCO2e - lb
	} else {
		g.ForecastErrorKgCO2e = withForecasts.Report.AdjustedResidualKgCO2e - perfectInfo.Report.AdjustedResidualKgCO2e
		g.HorizonKgCO2e = perfectInfo.Report.AdjustedResidualKgCO2e - lb
		if !g.Bound() && g.HorizonKgCO2e < 0 {
			// Below a feasible plan, not below the bound: no cost.
			g.HorizonBelowKgCO2e, g.HorizonKgCO2e = -g.HorizonKgCO2e, 0
		}
	}
	g.ForecastErrorShare = share(g.ForecastErrorKgCO2e)
	if perfectInfo != nil {
		g.HorizonShare = share(g.HorizonKgCO2e)
	}
	return g
}
