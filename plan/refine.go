package plan

import (
	"math"
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
	// The series' names in the aggregation (empty: not clustered, the
	// series' own values stand).
	load, factor string
	pv, wind     []string
	// The series themselves (calendar).
	loadKW, factorKg []float64
	pvUnit, windUnit [][]float64
	probes           []probe
	ref              []probeResult // each probe over the series
	buf              struct{ load, factor, pv, wind []float64 }
}

// probe is one simple design: PV and wind as multiples of the mean
// availability per unit (kWp, kW), a battery of eKWh and pKW.
type probe struct{ pv, wind, eKWh, pKW float64 }

// probeResult is a probe simulated: import (kWh), its carbon (kg, the
// accounting factor) and the surplus spilled or exported (kWh).
type probeResult struct{ imp, carbon, surplus float64 }

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
			x.factor, x.factorKg = sp.name, sp.values
		case sp.name == seriesDispatch:
			dispatch = sp.values
		case strings.HasPrefix(sp.name, seriesPV+":"):
			x.pv, x.pvUnit = append(x.pv, sp.name), append(x.pvUnit, sp.values)
		case strings.HasPrefix(sp.name, seriesWind+":"):
			x.wind, x.windUnit = append(x.wind, sp.name), append(x.windUnit, sp.values)
		}
	}
	if x.factorKg == nil { // the accounting factor is the dispatch signal
		x.factor, x.factorKg = seriesDispatch, dispatch
	}
	if x.loadKW == nil || x.factorKg == nil || len(x.pv)+len(x.wind) == 0 {
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
	for _, share := range []float64{0.5, 1, 1.5, 2} {
		for _, f := range fractions {
			p := probe{}
			if f > 0 {
				p.pv = share * f * eLoad / ePV
			}
			if f < 1 {
				p.wind = share * (1 - f) * eLoad / eWind
			}
			for _, h := range []float64{0, 4, 12} {
				p.eKWh, p.pKW = h*mean, h*mean/4
				x.probes = append(x.probes, p)
			}
		}
	}
	for _, p := range x.probes {
		x.ref = append(x.ref, x.simulate(p, x.loadKW, x.factorKg, pv, wind))
	}
	return x
}

// score is the proxy's distance for agg: over the probes, the mean of the
// relative differences of import, carbon and surplus (each against the
// series' own, at least a millionth of the load's energy).
func (x *proxy) score(agg *periods.Aggregation) float64 {
	n := len(x.loadKW)
	x.buf.load = x.expand(agg, x.load, x.loadKW, x.buf.load)
	x.buf.factor = x.expand(agg, x.factor, x.factorKg, x.buf.factor)
	x.buf.pv = x.expandMean(agg, x.pv, x.pvUnit, x.buf.pv, n)
	x.buf.wind = x.expandMean(agg, x.wind, x.windUnit, x.buf.wind, n)
	floor := 1e-6 * floats.Sum(x.loadKW) * x.hours
	rel := func(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), floor) }
	total := 0.0
	for i, p := range x.probes {
		r, ref := x.simulate(p, x.buf.load, x.buf.factor, x.buf.pv, x.buf.wind), x.ref[i]
		total += rel(r.imp, ref.imp) + rel(r.carbon, ref.carbon) + rel(r.surplus, ref.surplus)
	}
	return total / float64(3*len(x.probes))
}

// expand is series name of agg on the calendar, into dst (orig where the
// aggregation did not cluster it).
func (x *proxy) expand(agg *periods.Aggregation, name string, orig, dst []float64) []float64 {
	s := -1
	for i, nm := range agg.Names {
		if nm == name {
			s = i
		}
	}
	if s < 0 {
		return orig
	}
	dst = dst[:0]
	for i, k := range agg.Sigma {
		dst = append(dst, agg.Reps[k].Values[s][:agg.PeriodLen(i)]...)
	}
	return dst
}

// expandMean is the mean of the named series of agg on the calendar
// (zeros for none), into dst.
func (x *proxy) expandMean(agg *periods.Aggregation, names []string, orig [][]float64, dst []float64, n int) []float64 {
	dst = append(dst[:0], make([]float64, n)...)
	var one []float64
	for j, name := range names {
		one = x.expand(agg, name, orig[j], one[:0])
		for t, v := range one {
			dst[t] += v / float64(len(names))
		}
		if len(one) > 0 && &one[0] == &orig[j][0] {
			one = nil // do not write into the series
		}
	}
	return dst
}

// simulate runs probe p greedily over the calendar given by load, factor
// and the mean availability per unit pv and wind (nil: none). The battery
// starts half full; charge and discharge efficiencies are 0.95.
func (x *proxy) simulate(p probe, load, factor, pv, wind []float64) probeResult {
	const eta = 0.95
	var r probeResult
	soc := p.eKWh / 2
	for t, l := range load {
		g := 0.0
		if pv != nil {
			g += p.pv * pv[t]
		}
		if wind != nil {
			g += p.wind * wind[t]
		}
		net := (l - g) * x.hours // kWh over the step
		if net < 0 {
			in := min(-net, p.pKW*x.hours, (p.eKWh-soc)/eta)
			soc += in * eta
			r.surplus += -net - in
			continue
		}
		out := min(net, p.pKW*x.hours, soc*eta)
		soc -= out / eta
		r.imp += net - out
		r.carbon += factor[t] * (net - out)
	}
	return r
}

// meanOf is the mean, step by step, of series (zeros for none; n steps).
func meanOf(series [][]float64, n int) []float64 {
	out := make([]float64, n)
	for _, s := range series {
		for t, v := range s {
			out[t] += v / float64(len(series))
		}
	}
	return out
}

// refinePeriods turns the proxy's refinement of representative periods on
// (periods.Config.Refine). It is off: on the Texas demo it brought weeks
// within 2 %, but it made typical days and the greensboro demo's weeks
// worse (package documentation, "Representative periods"); the diagnosis
// (TestPeriodsDiagnosis, PLAN_DIAG_REFINE=1) turns it on to measure again.
var refinePeriods = false
