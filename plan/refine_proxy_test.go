package plan

import (
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/floats"

	"github.com/zeropark/zeropark/plan/periods"
)

// proxy scores an aggregation for periods.Config.Refine: how far a few
// simple designs' grid import, its carbon and their surplus, simulated
// step by step over the calendar the representatives give, are from the
// same simulated over the series (package documentation, "Representative
// periods"). The designs (probes) span the shares of renewables the stages
// need: PV and wind sized to 0.5, 1, 1.5 and 2 times the load's energy, a
// quarter, half or three quarters of it from PV (where the park has both),
// with no battery, 4 or 12 hours of the mean load (at 4 hours' power).
// The simulation is greedy: surplus charges the battery, a shortfall
// draws on it, the rest is imported or spilled; storage runs on across
// periods, as the plan's linking does.
type proxy struct {
	hours float64 // the step in hours
	// The series' names in the aggregation (not there: not clustered, the
	// series' own values stand).
	load, factor string
	pv, wind     []string
	// The series themselves (calendar).
	loadKW, factorKgPerKWh []float64
	pvUnit, windUnit       [][]float64
	probes                 []probe
	ref                    []probeResult // each probe over the series
	// floorKWh and floorKg are the least references score divides by: a
	// millionth of the load's energy, and of its carbon at the mean factor.
	floorKWh, floorKg float64
}

// probe is one simple design: PV (kWp) and wind (kW) of the mean
// availability per unit, a battery of eKWh and pKW.
type probe struct{ pvKWp, windKW, eKWh, pKW float64 }

// probeResult is a probe simulated: import, its carbon (the accounting
// factor) and the surplus spilled or exported.
type probeResult struct{ importKWh, carbonKg, surplusKWh float64 }

// newProxy is the proxy of specs (the aggregation's input series, by the
// plan's names), nil where there is no load or no renewable series to
// probe with.
func newProxy(specs []*aggSeries, step time.Duration) *proxy {
	x := &proxy{hours: step.Hours()}
	var dispatch []float64
	for _, sp := range specs {
		switch {
		case sp.name == seriesLoad:
			x.load, x.loadKW = sp.name, sp.values
		case sp.name == seriesAccounting:
			x.factor, x.factorKgPerKWh = sp.name, sp.values
		case sp.name == seriesDispatch:
			dispatch = sp.values
		case strings.HasPrefix(sp.name, seriesPV+":"):
			x.pv, x.pvUnit = append(x.pv, sp.name), append(x.pvUnit, sp.values)
		case strings.HasPrefix(sp.name, seriesWind+":"):
			x.wind, x.windUnit = append(x.wind, sp.name), append(x.windUnit, sp.values)
		}
	}
	if x.factorKgPerKWh == nil { // the accounting factor is the dispatch signal
		x.factor, x.factorKgPerKWh = seriesDispatch, dispatch
	}
	if x.loadKW == nil || x.factorKgPerKWh == nil || len(x.pv)+len(x.wind) == 0 {
		return nil
	}
	n := len(x.loadKW)
	eLoad := floats.Sum(x.loadKW)
	pv, wind := meanOf(x.pvUnit, n), meanOf(x.windUnit, n)
	ePV, eWind := floats.Sum(pv), floats.Sum(wind)
	if !(eLoad > 0) || !(ePV > 0 || eWind > 0) {
		return nil
	}
	fractions := []float64{0.25, 0.5, 0.75} // of the renewables' energy from PV
	switch {
	case !(eWind > 0):
		fractions = []float64{1}
	case !(ePV > 0):
		fractions = []float64{0}
	}
	mean := eLoad / float64(n)
	x.floorKWh = 1e-6 * eLoad * x.hours
	x.floorKg = x.floorKWh * floats.Sum(x.factorKgPerKWh) / float64(n)
	for _, share := range []float64{0.5, 1, 1.5, 2} {
		for _, f := range fractions {
			p := probe{}
			if f > 0 {
				p.pvKWp = share * f * eLoad / ePV
			}
			if f < 1 {
				p.windKW = share * (1 - f) * eLoad / eWind
			}
			for _, h := range []float64{0, 4, 12} {
				p.eKWh, p.pKW = h*mean, h*mean/4
				x.probes = append(x.probes, p)
			}
		}
	}
	for _, p := range x.probes {
		x.ref = append(x.ref, x.simulate(p, x.loadKW, x.factorKgPerKWh, pv, wind))
	}
	return x
}

// score is the proxy's distance for agg: over the probes, the mean of the
// relative differences of import, carbon and surplus (each against the
// series' own, at least floorKWh or floorKg).
func (x *proxy) score(agg *periods.Aggregation) float64 {
	n := len(x.loadKW)
	load, factor := onCalendar(agg, x.load, x.loadKW), onCalendar(agg, x.factor, x.factorKgPerKWh)
	pv, wind := make([][]float64, len(x.pv)), make([][]float64, len(x.wind))
	for i, name := range x.pv {
		pv[i] = onCalendar(agg, name, x.pvUnit[i])
	}
	for j, name := range x.wind {
		wind[j] = onCalendar(agg, name, x.windUnit[j])
	}
	pvMean, windMean := meanOf(pv, n), meanOf(wind, n)
	rel := func(a, b, floor float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), floor) }
	total := 0.0
	for i, p := range x.probes {
		r, ref := x.simulate(p, load, factor, pvMean, windMean), x.ref[i]
		total += rel(r.importKWh, ref.importKWh, x.floorKWh) + rel(r.carbonKg, ref.carbonKg, x.floorKg) +
			rel(r.surplusKWh, ref.surplusKWh, x.floorKWh)
	}
	return total / float64(3*len(x.probes))
}

// onCalendar is series name as agg represents it on the calendar
// (Aggregation.ExpandSeries), or orig where agg did not cluster it.
func onCalendar(agg *periods.Aggregation, name string, orig []float64) []float64 {
	s := slices.Index(agg.Names, name)
	if s < 0 {
		return orig
	}
	v, err := agg.ExpandSeries(s)
	if err != nil { // Aggregate's own aggregation is always well shaped
		return orig
	}
	return v
}

// simulate runs probe p greedily over the calendar given by load, factor
// and the mean availability per unit pv and wind. The battery
// starts half full; charge and discharge efficiencies are 0.95.
func (x *proxy) simulate(p probe, load, factor, pv, wind []float64) probeResult {
	const eta = 0.95
	var r probeResult
	soc := p.eKWh / 2
	for t, l := range load {
		net := (l - p.pvKWp*pv[t] - p.windKW*wind[t]) * x.hours // kWh over the step
		if net < 0 {
			in := min(-net, p.pKW*x.hours, (p.eKWh-soc)/eta)
			soc += in * eta
			r.surplusKWh += -net - in
			continue
		}
		out := min(net, p.pKW*x.hours, soc*eta)
		soc -= out / eta
		r.importKWh += net - out
		r.carbonKg += factor[t] * (net - out)
	}
	return r
}

// proxyScore is the proxy's score for an aggregation of specs, the
// refinement refineScore takes when a test turns it on (SetRefinePeriods).
func proxyScore(specs []*aggSeries, step time.Duration) func(*periods.Aggregation) float64 {
	if x := newProxy(specs, step); x != nil {
		return x.score
	}
	return nil
}
