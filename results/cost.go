package results

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// HoursPerYear annualises: capex over a period of h hours is
// rate × quantity × h / HoursPerYear.
const HoursPerYear = 8760

// ErrCapex: a capex rate cannot be used (unknown path, bad rate).
var ErrCapex = errors.New("results: invalid capex")

// CapexError says which capex specification is wrong and why; it unwraps
// to [ErrCapex].
type CapexError struct {
	Spec   string // as given, e.g. "pv.capacity_kwp=lots"
	Reason string
}

func (e *CapexError) Error() string {
	return fmt.Sprintf("results: capex %s: %s", quote(e.Spec), e.Reason)
}

// Unwrap returns [ErrCapex].
func (e *CapexError) Unwrap() error { return ErrCapex }

// Capex maps a design quantity's path (one of [CapexPaths]) to its
// annualised capital cost in currency per unit per year (e.g.
// "battery.energy_kwh" → 25 per kWh per year). Without capex, "cheapest"
// compares operating costs only and ignores what the equipment costs.
type Capex map[string]float64

// CapexPaths lists the paths capex may be given for: totals over the
// scenario's assets as in the design columns ([DesignColumn];
// battery.power_kw is Σ max(charge, discharge) kW).
func CapexPaths() []string {
	return []string{
		"battery.energy_kwh", "battery.max_charge_kw", "battery.max_discharge_kw", "battery.power_kw",
		"pv.capacity_kwp", "wind.capacity_kw", "grid.import_limit_kw", "grid.export_limit_kw",
	}
}

// Add parses "path=rate" (rate finite and ≥ 0, currency per unit per year)
// into c. Errors are [*CapexError].
func (c Capex) Add(spec string) error {
	bad := func(why string) error { return &CapexError{Spec: spec, Reason: why} }
	p, v, ok := strings.Cut(spec, "=")
	p = strings.TrimSpace(p)
	if !ok {
		return bad("want path=rate, e.g. pv.capacity_kwp=60 (currency per kWp per year)")
	}
	if !slices.Contains(CapexPaths(), p) {
		return bad(fmt.Sprintf("capex path %s: want one of %s", quote(p), strings.Join(CapexPaths(), ", ")))
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || !finite(rate) || rate < 0 {
		return bad(fmt.Sprintf("rate %s must be a finite number ≥ 0", quote(v)))
	}
	if _, dup := c[p]; dup {
		return bad("capex for " + p + " given twice")
	}
	c[p] = rate
	return nil
}

// AnnualCosts are a design's costs per year with its park's economics —
// the economics the capacity planner (package plan) prices designs with:
// what the design adds beyond the park file's capacities (existing
// capacity is sunk) annualised, and its operation over the period scaled
// to a year. Money is in the park's currency.
type AnnualCosts struct {
	// CapitalPerYear = Σ added × capital cost × CRF(discount rate,
	// lifetime); FixedOMPerYear = Σ added × fixed O&M.
	CapitalPerYear float64
	FixedOMPerYear float64
	// OperatingCostPerYear = energy cost + demand charge + battery wear.
	OperatingCostPerYear float64
	// PurchasesPerYear = the offsets and certificates still needed, at
	// their prices (offset_cost + certificate_cost).
	PurchasesPerYear float64
	// TotalCostPerYear = capital + fixed O&M + operating + purchases.
	TotalCostPerYear float64
}

// AnnualCostsOf prices design park p, dispatched as schedule s with
// report r, with costs, the economics of the park it was made from
// (model.Park.CapacityCosts of the park file: its Existing capacities are
// what costs nothing). Each technology's addition is p's total less the
// existing one, 0 when p has less; additions beyond a candidate's bound
// are priced alike (a sweep may go beyond it), and a technology the
// economics give no costs for costs nothing. Period figures are scaled
// by 8760 h / the period's hours.
func AnnualCostsOf(costs *model.CapacityCosts, p *model.Park, s *dispatch.Schedule, r *dispatch.Report) (AnnualCosts, error) {
	var c AnnualCosts
	if costs == nil || p == nil || s == nil || r == nil {
		return c, fmt.Errorf("%w: annual costs need the economics, the park, its schedule and report", ErrOutput)
	}
	hours := float64(r.Steps) * r.StepMinutes / 60
	if !(hours > 0) {
		return c, fmt.Errorf("%w: annual costs of a period of %v h", ErrOutput, hours)
	}
	perYear := HoursPerYear / hours
	tot, heat := p.Totals(), p.HeatTotals()
	for _, t := range []struct {
		tc   model.TechCosts
		have float64
	}{{costs.PV, tot.PVKWp}, {costs.Wind, tot.WindKW}, {costs.BatteryEnergy, tot.BatteryKWh}, {costs.BatteryPower, tot.BatteryPowerKW},
		{costs.HeatPump, heat.HeatPumpKWTh}, {costs.ThermalStorage, heat.StorageKWhTh}} {
		added := max(t.have-t.tc.Existing, 0)
		if added == 0 {
			continue
		}
		c.CapitalPerYear += added * t.tc.CapitalPerUnit * model.CapitalRecoveryFactor(costs.DiscountRatePerYear, t.tc.LifetimeYears)
		c.FixedOMPerYear += added * t.tc.FixedOMPerUnitYear
	}
	wear := 0.0
	h := s.Step.Hours()
	for b, bat := range p.Batteries {
		if b >= len(s.ChargeKW) || b >= len(s.DischargeKW) {
			return c, fmt.Errorf("%w: schedule has %d batteries, the park %d", ErrOutput, len(s.ChargeKW), len(p.Batteries))
		}
		for t := range s.Len {
			wear += bat.WearCostPerKWh * (s.ChargeKW[b][t] + s.DischargeKW[b][t]) * h
		}
	}
	c.OperatingCostPerYear = (r.EnergyCost + r.DemandChargeCost + wear) * perYear
	c.PurchasesPerYear = (r.OffsetCost + r.CertificateCost) * perYear
	c.TotalCostPerYear = c.CapitalPerYear + c.FixedOMPerYear + c.OperatingCostPerYear + c.PurchasesPerYear
	return c, nil
}

// Costs of one row, in the park's currency over the simulated period, or
// per year when PerYear.
type Costs struct {
	// Operating = energy_cost + offset_cost + certificate_cost; per year,
	// total_cost_per_year − Capex (operating cost, offsets and
	// certificates).
	Operating float64
	// Capex = Σ rate × design quantity × period hours / 8760; per year,
	// capital_per_year + fixed_om_per_year.
	Capex float64
	Total float64
	// PerYear: the costs are the row's cost columns (the park's
	// economics), per year.
	PerYear bool
}

// economicsCosts reads the row's cost columns; ok is false when the
// table has none or the row's are empty (a park without economics).
func economicsCosts(t *Table, r Row) (c Costs, ok bool, err error) {
	j := t.Col(ColTotalCostPerYear)
	if j < 0 || j >= len(r.Fields) || strings.TrimSpace(r.Fields[j]) == "" {
		return c, false, nil
	}
	if c.Total, err = t.Float(r, ColTotalCostPerYear); err != nil {
		return c, false, err
	}
	for _, name := range []string{ColCapitalPerYear, ColFixedOMPerYear} {
		v, err := t.Float(r, name)
		if err != nil {
			return c, false, err
		}
		c.Capex += v
	}
	c.Operating, c.PerYear = c.Total-c.Capex, true
	return c, true, nil
}

// RowCosts computes the costs of row r of t: without capex, the row's
// costs per year with the park's economics (total_cost_per_year) when
// the row has them; otherwise energy + offsets + certificates over the
// period, plus capex.
func RowCosts(t *Table, r Row, capex Capex) (Costs, error) {
	if len(capex) == 0 {
		if c, ok, err := economicsCosts(t, r); ok || err != nil {
			return c, err
		}
	}
	var c Costs
	for _, name := range []string{ColEnergyCost, ColOffsetCost, ColCertificateCost} {
		v, err := t.Float(r, name)
		if err != nil {
			return c, err
		}
		c.Operating += v
	}
	if len(capex) > 0 {
		steps, err := t.Float(r, ColSteps)
		if err != nil {
			return c, err
		}
		mins, err := t.Float(r, ColStepMinutes)
		if err != nil {
			return c, err
		}
		years := steps * mins / 60 / HoursPerYear
		for _, p := range CapexPaths() { // fixed order: same sum every time
			rate, ok := capex[p]
			if !ok || rate == 0 {
				continue
			}
			q, err := t.Float(r, DesignColumn(p))
			if err != nil {
				return c, err
			}
			c.Capex += rate * q * years
		}
	}
	c.Total = c.Operating + c.Capex
	return c, nil
}

// Pick is the cheapest row that reaches a stage (or a better one).
type Pick struct {
	Stage dispatch.Stage // the stage asked for
	Found bool
	Row   Row
	// Reached is the row's own stage (≥ Stage).
	Reached            dispatch.Stage
	Costs              Costs
	OffsetsNeededTCO2e float64
}

// Cheapest returns, for each stage from conventional to zero-carbon, the
// row of least total cost ([RowCosts]: total_cost_per_year when the
// park has economics and no capex is given) among those whose stage is
// that one or better; ties go to the lower combination.
func Cheapest(t *Table, capex Capex) ([]Pick, error) {
	for _, name := range []string{ColStage, ColOffsetsNeededTCO2e} {
		if _, err := t.column(name); err != nil {
			return nil, err
		}
	}
	stages := dispatch.Stages()
	picks := make([]Pick, len(stages))
	for i, s := range stages {
		picks[i].Stage = s
	}
	for _, r := range t.Rows {
		st, err := t.Stage(r)
		if err != nil {
			return nil, err
		}
		c, err := RowCosts(t, r, capex)
		if err != nil {
			return nil, err
		}
		off, err := t.Float(r, ColOffsetsNeededTCO2e)
		if err != nil {
			return nil, err
		}
		for i := 0; i <= st.Rank(); i++ {
			p := &picks[i]
			if !p.Found || c.Total < p.Costs.Total || (c.Total == p.Costs.Total && r.Combination < p.Row.Combination) {
				*p = Pick{Stage: p.Stage, Found: true, Row: r, Reached: st, Costs: c, OffsetsNeededTCO2e: off}
			}
		}
	}
	return picks, nil
}

// WriteCheapest prints picks as a table: stage asked for, combination, the
// parameters, the row's stage, costs and the offsets it still needs.
func WriteCheapest(w io.Writer, t *Table, picks []Pick, capex Capex) error {
	ew := &errWriter{w: w}
	params := t.Params()
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cheapest reaching\tcombination\t%s\tstage\ttotal cost\tcapex\toperating\toffsets needed tCO2e\n", strings.Join(params, "\t"))
	for _, p := range picks {
		if !p.Found {
			// One empty cell per parameter, then the note in the stage column.
			fmt.Fprintf(tw, "%s\t—\t%snot reached by any scenario\n", p.Stage, strings.Repeat("\t", len(params)))
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.3f\n", p.Stage, p.Row.Combination,
			strings.Join(p.Row.Fields[1:1+len(params)], "\t"), p.Reached, p.Costs.Total, p.Costs.Capex, p.Costs.Operating, p.OffsetsNeededTCO2e)
	}
	tw.Flush()
	perYear := slices.ContainsFunc(picks, func(p Pick) bool { return p.Found && p.Costs.PerYear })
	switch {
	case perYear:
		fmt.Fprintln(ew, "Costs are per year with the park's economics: capex = capital + fixed O&M of what each design adds to the park")
		fmt.Fprintln(ew, "file's capacities; operating = energy + demand charge + wear + offsets + certificates still needed.")
	case len(capex) == 0:
		fmt.Fprintln(ew, "Costs are energy + offsets + certificates over the period; no --capex given, so \"cheapest\" ignores what the equipment costs.")
	default:
		fmt.Fprintln(ew, "Costs are energy + offsets + certificates + capex (annualised rates × design totals × period/8760 h) over the period.")
	}
	return ew.err
}

// errWriter passes writes to w until one fails, then keeps that error and
// refuses the rest, so the report functions can print freely and return
// the first error once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
