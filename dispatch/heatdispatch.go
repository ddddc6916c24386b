package dispatch

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
)

// A heat pump's COP as the LP sees it must be in [minCOP, maxCOP]: a
// forecast outside is repaired, a profile outside refused. A COP model
// gives at least 1 (model.MinModelCOP) and a constant COP at most
// model.MaxCOP; these wider bounds only keep the LP's coefficients sane.
const (
	minCOP = 0.01
	maxCOP = 100.0
)

func goodCOP(v float64) bool { return v >= minCOP && v <= maxCOP }

// copCoefs keeps the heat pumps' coefficients in the power balance,
// −1/COP[t,j] (doc.go, "Heat"): where each sits in the problem, and the
// value the problem and the solver hold.
type copCoefs struct {
	nHP        int
	rows, cols []int // per t·nHP + j
	pos        []int // index of the entry in prob.Value
	val        []float64
	prob       *lp.Problem
	setter     lp.CoeffSetter // nil: the solver cannot change coefficients
}

// newCOPCoefs finds the heat pumps' entries in prob, the layout l's
// problem (built with placeholder coefficients).
func newCOPCoefs(l *layout, prob *lp.Problem, solver lp.Solver) copCoefs {
	n := l.h * l.nHP
	c := copCoefs{nHP: l.nHP, rows: make([]int, n), cols: make([]int, n), pos: make([]int, n), val: make([]float64, n), prob: prob}
	c.setter, _ = solver.(lp.CoeffSetter)
	for t := 0; t < l.h; t++ {
		row := l.balanceRow(t)
		for j := 0; j < l.nHP; j++ {
			k, col := t*l.nHP+j, l.hp(t, j)
			c.rows[k], c.cols[k] = row, col
			for q := prob.Start[row]; q < prob.Start[row+1]; q++ {
				if prob.Index[q] == col {
					c.pos[k] = q
					break
				}
			}
			c.val[k] = prob.Value[c.pos[k]]
		}
	}
	return c
}

// set writes −1/COP of every active step of w into the problem and, when
// the problem is loaded, into the solver. It reports whether the solver
// could not take a change, so that the problem must be loaded again.
// Padding steps keep their coefficients (their heat pumps are off).
func (c *copCoefs) set(w *window, loaded bool) (reload bool) {
	for t := 0; t < w.active; t++ {
		for j := 0; j < c.nHP; j++ {
			k := t*c.nHP + j
			v := -1 / w.cop[j][t]
			if v == c.val[k] {
				continue
			}
			c.val[k] = v
			c.prob.Value[c.pos[k]] = v
			if loaded && !reload && (c.setter == nil || c.setter.SetCoeff(c.rows[k], c.cols[k], v) != nil) {
				reload = true
			}
		}
	}
	return reload
}

// checkHeatState refuses thermal-store contents that cannot be readings of
// their stores (as checkSoC does for batteries).
func checkHeatState(p *model.Park, soc []float64) error {
	if len(soc) != len(p.ThermalStorage) {
		return fmt.Errorf("%w: state has %d thermal-store contents, park has %d thermal stores", ErrInput, len(soc), len(p.ThermalStorage))
	}
	for k, v := range soc {
		if err := CheckHeatSoC(p.ThermalStorage[k], v); err != nil {
			return err
		}
	}
	return nil
}

// CheckHeatSoC refuses a thermal store's content (kWh_th) that cannot be
// a reading of store ts: outside [0, energy] by more than 5 % of the
// energy, NaN or infinite (a wrong unit or a failed reading), as
// [CheckSoC] does for a battery. One within that margin but outside [min,
// max] is a reading that [Dispatcher.Step] clamps and counts. The error
// unwraps to [ErrInput].
func CheckHeatSoC(ts model.ThermalStorage, kwhTh float64) error {
	e := ts.EnergyKWhTh
	m := max(socMarginFraction*e, socMarginKWh)
	if math.IsNaN(kwhTh) {
		return fmt.Errorf("%w: thermal store %q: soc_kwh_th is NaN: a failed reading, not a content", ErrInput, ts.Name)
	}
	if !(kwhTh >= -m && kwhTh <= e+m) {
		return fmt.Errorf("%w: thermal store %q: soc_kwh_th = %v: outside [0, %g] kWh_th by more than %g kWh_th (5 %% of its energy): "+
			"a wrong unit or a failed reading, not a content", ErrInput, ts.Name, kwhTh, e, m)
	}
	return nil
}

// clampHeatSoC sets the thermal stores' initial contents from the
// measured ones, clamped to [min, max] and counted as states of charge
// are.
func (d *Dispatcher) clampHeatSoC(soc []float64) {
	for k, v := range soc {
		ts := d.park.ThermalStorage[k]
		lo, hi := ts.MinSoCKWhTh(), ts.MaxSoCKWhTh()
		c := min(max(v, lo), hi)
		if v < lo-socRoundingKWh || v > hi+socRoundingKWh {
			d.plan.SoCClamped++
			d.warn("thermal store %q: measured content %v kWh_th outside [%g, %g] kWh_th, clamped to %g", ts.Name, v, lo, hi, c)
		}
		d.tsoc0[k] = c
	}
}

// checkHeatShape refuses profiles (what names them: "forecast", "data",
// "profiles") whose heat series do not match park p: one heat load series
// per heat load, one COP series per heat pump, one factor and one price
// series per purchased heat (none of them for a park without heat).
func checkHeatShape(p *model.Park, f *model.Profiles, what string) error {
	if len(f.HeatLoadKWTh) != len(p.HeatLoads) || len(f.HeatPumpCOP) != len(p.HeatPumps) ||
		len(f.PurchasedHeatKgCO2ePerKWhTh) != len(p.PurchasedHeat) || len(f.PurchasedHeatPricePerKWhTh) != len(p.PurchasedHeat) {
		return fmt.Errorf("%w: %s heat series (%d heat loads, %d COPs, %d purchased-heat factors and %d prices) do not match the park's "+
			"%d heat loads, %d heat pumps and %d purchased heat (model.Resolve fills them)", ErrInput, what,
			len(f.HeatLoadKWTh), len(f.HeatPumpCOP), len(f.PurchasedHeatKgCO2ePerKWhTh), len(f.PurchasedHeatPricePerKWhTh),
			len(p.HeatLoads), len(p.HeatPumps), len(p.PurchasedHeat))
	}
	return nil
}

// fillHeatWindow copies and sanitises the heat series of f into the
// window, counting repairs from series index k on (Plan.SeriesNames): a
// heat load takes its previous good value (at the start of the window its
// first good one, 0 with none); a COP must
// not make a heat pump look better than the data, so it takes the previous
// good value, else the window's lowest good value, else 1; a purchased
// heat factor must not make the heat look cleaner, so it takes the
// previous good value, else the window's highest, else the default
// factor for purchased heat; a price the previous good value (0 at the
// start).
func (d *Dispatcher) fillHeatWindow(k int, f *model.Profiles) {
	w := &d.win
	for t := 0; t < w.active; t++ {
		w.heatKW[t] = 0
	}
	k = d.sumPower(k, f.HeatLoadKWTh, w.heatKW, f)
	for j, src := range f.HeatPumpCOP {
		d.fillRepaired(k, src, w.cop[j], f, goodCOP, false, 1)
		k++
	}
	for i, src := range f.PurchasedHeatKgCO2ePerKWhTh {
		d.fillRepaired(k, src, w.phCarbon[i], f, goodHeatFactor, true, model.DefaultPurchasedHeatKgCO2ePerKWhTh)
		k++
	}
	for i, src := range f.PurchasedHeatPricePerKWhTh {
		d.fillPrice(k, src, w.phPrice[i], f)
		k++
	}
}

// goodHeatFactor: a purchased heat's emission factor the LP can take
// (finite, ≥ 0, within model's bounds), kgCO2e per kWh_th.
func goodHeatFactor(v float64) bool { return v >= 0 && v <= maxSignal }

// fillRepaired copies src into dst over the window's active steps; a
// value that is not good takes the previous good value, else the window's
// highest (highest set) or lowest good value, else def.
func (d *Dispatcher) fillRepaired(k int, src, dst []float64, f *model.Profiles, good func(float64) bool, highest bool, def float64) {
	last, have := 0.0, false
	for t := 0; t < d.win.active; t++ {
		v := src[t]
		if good(v) {
			dst[t], last, have = v, v, true
			continue
		}
		if !have { // the same for every bad value before the first good one
			last, have = extremeOf(src[:d.win.active], good, highest), true
			if math.IsNaN(last) {
				last = def
			}
		}
		d.repair(k, t, f, v, last)
		dst[t] = last
	}
}

// firstOf is the first value of v that good accepts, NaN when none is.
func firstOf(v []float64, good func(float64) bool) float64 {
	for _, u := range v {
		if good(u) {
			return u
		}
	}
	return math.NaN()
}

// extremeOf is the highest (highest set) or lowest good value of v, NaN
// when none is.
func extremeOf(v []float64, good func(float64) bool, highest bool) float64 {
	x := math.NaN()
	for _, u := range v {
		if good(u) && (math.IsNaN(x) || highest && u > x || !highest && u < x) {
			x = u
		}
	}
	return x
}

// extractHeat writes the heat block of the active steps of x into the
// plan, with the derived electricity, fuel and carbon.
func (d *Dispatcher) extractHeat(x []float64) {
	l, w, s, p := &d.lay, &d.win, &d.plan.Schedule, d.park
	copy(s.InitialHeatSoCKWhTh, d.tsoc0)
	for t := 0; t < w.active; t++ {
		s.HeatLoadKWTh[t] = w.heatKW[t]
		for j := range p.HeatPumps {
			s.HeatPumpCOP[j][t] = w.cop[j][t]
		}
		for k := range p.PurchasedHeat {
			s.PurchasedHeatKgCO2ePerKWhTh[k][t], s.PurchasedHeatPricePerKWhTh[k][t] = w.phCarbon[k][t], w.phPrice[k][t]
		}
		l.extractHeatStep(x, s, t, t)
		s.deriveHeat(p, l.fuel, t)
	}
}

// extractHeatStep writes the heat decisions of step t of x into interval
// i of s: converters' heat (CHP's electricity), the heat the CHP units
// dump, the stores' flows and contents, purchased and unserved heat.
func (l *layout) extractHeatStep(x []float64, s *Schedule, t, i int) {
	for j := range s.HeatPumpKWTh {
		s.HeatPumpKWTh[j][i] = clean(x[l.hp(t, j)])
	}
	for k := range s.ElectricBoilerKWTh {
		s.ElectricBoilerKWTh[k][i] = clean(x[l.eb(t, k)])
	}
	for f := range s.FuelBoilerKWTh {
		s.FuelBoilerKWTh[f][i] = clean(x[l.fb(t, f)])
	}
	for c := range s.CHPKW {
		s.CHPKW[c][i] = clean(x[l.chp(t, c)])
	}
	for c := range s.CHPDumpKWTh {
		v := 0.0
		if d := l.dumpOf[c]; d >= 0 {
			v = clean(x[l.dump(t, d)])
		}
		s.CHPDumpKWTh[c][i] = v
	}
	for k := range s.HeatChargeKWTh {
		v := clean(x[l.tnet(t, k)])
		s.HeatChargeKWTh[k][i], s.HeatDischargeKWTh[k][i] = max(-v, 0), max(v, 0)
		s.HeatSoCKWhTh[k][i] = clean(x[l.tsoc(t, k)])
	}
	for k := range s.PurchasedHeatKWTh {
		s.PurchasedHeatKWTh[k][i] = clean(x[l.ph(t, k)])
	}
	s.UnservedHeatKWTh[i] = clean(x[l.uh(t)])
}

// deriveHeat sets interval t's derived heat quantities of s from its
// decisions (heat out of heat pumps and boilers, CHP electricity): each
// heat pump's and electric boiler's electricity, each boiler's and CHP's
// fuel, CHP heat, and the interval's fuel and purchased-heat carbon.
// fuels are the resolved fuels of p's fuel boilers, then CHP.
func (s *Schedule) deriveHeat(p *model.Park, fuels []model.ResolvedFuel, t int) {
	if s.HeatLoadKWTh == nil {
		return
	}
	h := s.Step.Hours()
	for j := range p.HeatPumps {
		s.HeatPumpKW[j][t] = s.HeatPumpKWTh[j][t] / s.HeatPumpCOP[j][t]
	}
	for k, e := range p.ElectricBoilers {
		s.ElectricBoilerKW[k][t] = s.ElectricBoilerKWTh[k][t] / e.Efficiency
	}
	kg := 0.0
	for f, b := range p.FuelBoilers {
		s.FuelBoilerFuelKW[f][t] = s.FuelBoilerKWTh[f][t] / b.EfficiencyLHV
		kg += s.FuelBoilerFuelKW[f][t] * fuels[f].KgCO2ePerKWhLHV * h
	}
	for c, chp := range p.CHP {
		s.CHPKWTh[c][t] = s.CHPKW[c][t] * chpHeatPerKW(chp)
		s.CHPFuelKW[c][t] = s.CHPKW[c][t] / chp.ElectricEfficiencyLHV
		kg += s.CHPFuelKW[c][t] * fuels[len(p.FuelBoilers)+c].KgCO2ePerKWhLHV * h
	}
	s.FuelKgCO2e[t] = kg
	ph := 0.0
	for k := range p.PurchasedHeat {
		ph += s.PurchasedHeatKWTh[k][t] * s.PurchasedHeatKgCO2ePerKWhTh[k][t] * h
	}
	s.PurchasedHeatKgCO2e[t] = ph
}
