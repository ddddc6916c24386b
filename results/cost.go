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
// row of least total cost ([RowCosts]) among those whose stage is that one
// or better; ties go to the lower combination.
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
	if len(capex) == 0 {
		fmt.Fprintln(ew, "Costs are energy + offsets + certificates over the period; no --capex given, so \"cheapest\" ignores what the equipment costs.")
	} else {
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
