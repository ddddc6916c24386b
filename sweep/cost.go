package sweep

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/zeropark/zeropark/dispatch"
)

// HoursPerYear annualises: capex over a period of h hours is
// rate × quantity × h / HoursPerYear.
const HoursPerYear = 8760

// Capex maps a design quantity's path (one of [CapexPaths]) to its
// annualised capital cost in currency per unit per year (e.g.
// "battery.energy_kwh" → 25 per kWh per year). Without capex, "cheapest"
// compares operating costs only and ignores what the equipment costs.
type Capex map[string]float64

// CapexPaths lists the paths capex may be given for: totals over the
// scenario's assets as in the design_… columns (battery.power_kw is
// Σ max(charge, discharge) kW).
func CapexPaths() []string {
	return []string{
		"battery.energy_kwh", "battery.max_charge_kw", "battery.max_discharge_kw", "battery.power_kw",
		"pv.capacity_kwp", "wind.capacity_kw", "grid.import_limit_kw", "grid.export_limit_kw",
	}
}

// Add parses "path=rate" (rate finite and ≥ 0, currency per unit per year)
// into c. Errors are [*SpecError].
func (c Capex) Add(spec string) error {
	bad := func(why string) error { return &SpecError{Spec: spec, Reason: why} }
	p, v, ok := strings.Cut(spec, "=")
	p = strings.TrimSpace(p)
	if !ok {
		return bad("want path=rate, e.g. pv.capacity_kwp=60 (currency per kWp per year)")
	}
	if !slices.Contains(CapexPaths(), p) {
		return bad(fmt.Sprintf("capex path %q: want one of %s", p, strings.Join(CapexPaths(), ", ")))
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || math.IsNaN(rate) || math.IsInf(rate, 0) || rate < 0 {
		return bad(fmt.Sprintf("rate %q must be a finite number ≥ 0", v))
	}
	if _, dup := c[p]; dup {
		return bad("capex for " + p + " given twice")
	}
	c[p] = rate
	return nil
}

// Costs of one row, in the park's currency over the simulated period.
type Costs struct {
	// Operating = energy_cost + offset_cost + certificate_cost.
	Operating float64
	// Capex = Σ rate × design quantity × period hours / 8760.
	Capex float64
	Total float64
}

// RowCosts computes the costs of row r of t.
func RowCosts(t *Table, r Row, capex Capex) (Costs, error) {
	get := func(name string) (float64, error) {
		i := t.Col(name)
		if i < 0 {
			return 0, fileError(ErrFile, r.File, 1, "no column %q", name)
		}
		v, err := strconv.ParseFloat(r.Fields[i], 64)
		if err != nil {
			return 0, fileError(ErrFile, r.File, r.Line, "column %s: %q is not a number", name, r.Fields[i])
		}
		return v, nil
	}
	var c Costs
	for _, name := range []string{"energy_cost", "offset_cost", "certificate_cost"} {
		v, err := get(name)
		if err != nil {
			return c, err
		}
		c.Operating += v
	}
	if len(capex) > 0 {
		steps, err := get("steps")
		if err != nil {
			return c, err
		}
		mins, err := get("step_minutes")
		if err != nil {
			return c, err
		}
		years := steps * mins / 60 / HoursPerYear
		for _, p := range CapexPaths() { // fixed order: same sum every time
			rate, ok := capex[p]
			if !ok || rate == 0 {
				continue
			}
			q, err := get("design_" + strings.ReplaceAll(p, ".", "_"))
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
// row of least total cost ([RowCosts]) among those whose stage is that one
// or better; ties go to the lower combination.
func Cheapest(t *Table, capex Capex) ([]Pick, error) {
	stageCol, offCol := t.Col("stage"), t.Col("offsets_needed_tco2e")
	if stageCol < 0 || offCol < 0 {
		return nil, fmt.Errorf("%w: no stage or offsets_needed_tco2e column", ErrFile)
	}
	stages := dispatch.Stages()
	picks := make([]Pick, len(stages))
	for i, s := range stages {
		picks[i].Stage = s
	}
	for _, r := range t.Rows {
		st := dispatch.Stage(r.Fields[stageCol])
		rank := st.Rank()
		if rank < 0 {
			return nil, fileError(ErrFile, r.File, r.Line, "unknown stage %q", st)
		}
		c, err := RowCosts(t, r, capex)
		if err != nil {
			return nil, err
		}
		off, err := strconv.ParseFloat(r.Fields[offCol], 64)
		if err != nil {
			return nil, fileError(ErrFile, r.File, r.Line, "offsets_needed_tco2e %q is not a number", r.Fields[offCol])
		}
		for i := 0; i <= rank; i++ {
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
	params := []string{}
	for _, h := range t.Header[1:] {
		if strings.HasPrefix(h, "design_") {
			break
		}
		params = append(params, h)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "cheapest reaching\tcombination\t%s\tstage\ttotal cost\tcapex\toperating\toffsets needed tCO2e\n", strings.Join(params, "\t"))
	for _, p := range picks {
		if !p.Found {
			fmt.Fprintf(tw, "%s\t—\t%s\tnot reached by any scenario\t\t\t\t\n", p.Stage, strings.Repeat("\t", len(params)))
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%.2f\t%.2f\t%.2f\t%.3f\n", p.Stage, p.Row.Combination,
			strings.Join(p.Row.Fields[1:1+len(params)], "\t"), p.Reached, p.Costs.Total, p.Costs.Capex, p.Costs.Operating, p.OffsetsNeededTCO2e)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(capex) == 0 {
		_, err := fmt.Fprintln(w, "Costs are energy + offsets + certificates over the period; no --capex given, so \"cheapest\" ignores what the equipment costs.")
		return err
	}
	_, err := fmt.Fprintln(w, "Costs are energy + offsets + certificates + capex (annualised rates × design totals × period/8760 h) over the period.")
	return err
}
