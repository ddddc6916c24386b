package benchmarks

import (
	"errors"
	"fmt"
	"time"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// ErrScaling: a scaling park cannot be built from the base given.
var ErrScaling = errors.New("benchmarks: cannot build scaling park")

// Synthetic series columns of a split park.
const (
	colLoad = "split:load_kw"
	colPV   = "split:pv_kw_per_kwp"
	colWind = "split:wind_kw_per_kw"
)

// Split returns a copy of base with n assets of each kind — n loads, n PV
// arrays, n wind turbines, n batteries — that share base's totals equally:
// each load is 1/n of base's total load, each array 1/n of its kWp with
// the kWp-weighted mean availability of base's arrays (likewise for wind),
// each battery 1/n of the summed energy and power with the first
// battery's efficiencies and state-of-charge fractions. The LP optimum of
// a split park equals base's (identical batteries in parallel act as one),
// so a scaling series measures the cost of size, not a different problem.
// base must have at least one battery and its full-length profiles.
func Split(base *scenario.Scenario, n int) (*scenario.Scenario, error) {
	p, pr := base.Park, base.Profiles
	switch {
	case n < 1:
		return nil, fmt.Errorf("%w: n = %d: want at least 1", ErrScaling, n)
	case len(p.Batteries) == 0:
		return nil, fmt.Errorf("%w: park %q has no battery", ErrScaling, p.Name)
	case base.Series == nil || base.Series.Len != pr.Len:
		return nil, fmt.Errorf("%w: park %q: profiles must cover the whole series", ErrScaling, p.Name)
	}
	set := &model.SeriesSet{Start: base.Series.Start, Step: base.Series.Step, Len: base.Series.Len,
		Columns: map[string][]float64{}}
	for _, name := range base.Series.Names {
		if err := set.SetColumn(name, base.Series.Columns[name]); err != nil {
			return nil, err
		}
	}
	load, pv, wind := make([]float64, pr.Len), make([]float64, pr.Len), make([]float64, pr.Len)
	tot := p.Totals()
	kwp, kw := tot.PVKWp, tot.WindKW
	for t := range pr.Len {
		load[t] = pr.TotalLoadKW(t)
		for _, v := range pr.PVAvailKW {
			pv[t] += v[t]
		}
		for _, v := range pr.WindAvailKW {
			wind[t] += v[t]
		}
		if kwp > 0 {
			pv[t] /= kwp
		}
		if kw > 0 {
			wind[t] /= kw
		}
	}
	for _, c := range []struct {
		name string
		v    []float64
	}{{colLoad, load}, {colPV, pv}, {colWind, wind}} {
		if err := set.SetColumn(c.name, c.v); err != nil {
			return nil, err
		}
	}
	b0 := p.Batteries[0]
	kwh, chKW, disKW := tot.BatteryKWh, tot.BatteryChargeKW, tot.BatteryDischargeKW
	k := float64(n)
	q := &model.Park{Name: fmt.Sprintf("%s split into %d per kind", p.Name, n), Grid: p.Grid}
	for i := range n {
		q.Loads = append(q.Loads, model.Load{Name: fmt.Sprintf("Load %03d", i), Column: colLoad, Scale: 1 / k})
		q.PV = append(q.PV, model.PVArray{Name: fmt.Sprintf("PV %03d", i), CapacityKWp: kwp / k, AvailabilityColumn: colPV})
		q.Wind = append(q.Wind, model.WindTurbine{Name: fmt.Sprintf("Wind %03d", i), CapacityKW: kw / k, AvailabilityColumn: colWind})
		b := b0
		b.Name = fmt.Sprintf("Battery %03d", i)
		b.EnergyKWh, b.MaxChargeKW, b.MaxDischargeKW = kwh/k, chKW/k, disKW/k
		q.Batteries = append(q.Batteries, b)
	}
	s, err := scenario.New(fmt.Sprintf("%s/n=%d", base.Name, n), q, set)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrScaling, err)
	}
	return s, nil
}

// ScalePoint is one measurement of the scaling series: an annual
// rolling-horizon run (or a shorter one, extrapolated).
type ScalePoint struct {
	PerKind      int // assets of each kind (loads, PV, wind, batteries)
	HorizonSteps int
	// Steps is the number of intervals actually run; when it is less than
	// a year the annual figures are extrapolated linearly.
	Steps     int
	Wall      time.Duration
	CPU       time.Duration // process CPU time over the run (all threads)
	SolveS    float64       // LP solve time within Wall, s
	P50MS     float64       // median solve per step, ms
	PeakRSSKB int64
	// ResidualKgCO2e of the steps run: equal across PerKind (same totals),
	// a consistency check.
	ResidualKgCO2e float64
}

// AnnualS is the wall time of a year of hourly steps: measured, or
// extrapolated as Wall × 8760 / Steps.
func (sp ScalePoint) AnnualS() float64 {
	if sp.Steps <= 0 {
		return 0
	}
	return sp.Wall.Seconds() * 8760 / float64(sp.Steps)
}

// Extrapolated reports whether fewer than 8760 steps were run.
func (sp ScalePoint) Extrapolated() bool { return sp.Steps < 8760 }
