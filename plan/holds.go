package plan

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch"
)

// IndicatorMargin is one indicator a stage needs, judged on a dispatched
// period.
type IndicatorMargin struct {
	// Name says what is measured, e.g. "carbon per unit energy".
	Name string
	// Value and Limit are in Unit; AtMost says Value must not exceed
	// Limit (else it must reach it).
	Value, Limit float64
	Unit         string
	AtMost       bool
	// Margin is the fraction of what the stage allows that is left
	// unused, in the terms of Options.Margin: 1 − bad/allowed, where bad
	// is what the indicator limits (carbon per unit energy, the share not
	// clean, emissions against the baseline, the grid's share of the
	// served load, unserved load, residual against offsets) and allowed
	// its limit. A design sized with Options.Margin = 0.1 starts with
	// margins of at least 0.1; a negative margin means the limit is
	// missed.
	Margin float64
	Met    bool
}

// Verdict says whether a stage holds on a dispatched period, and by what
// margin.
type Verdict struct {
	Target dispatch.Stage
	// Stage is what the ledger grants the run; Holds is Stage at or above
	// Target.
	Stage dispatch.Stage
	Holds bool
	// Indicators lists the indicators Target needs (low-carbon: both
	// alternatives, either suffices).
	Indicators []IndicatorMargin
	// Margin is the smallest margin of the indicators Target needs (for
	// low-carbon's alternatives, the larger of the two).
	Margin float64
}

// Holds judges whether the stage target holds on a period a design was
// dispatched over — typically the design park ([Design].Park) re-run by
// the dispatch under perfect foresight or the rolling horizon with
// forecasts, its ledger made with cfg = the plan's ledger configuration
// with the design's market (cfg.WithMarket(design.Park.Market)). r must be
// that ledger, made with cfg. It is what the roadmap's "does the design
// hold in operation?" column reports.
func Holds(target dispatch.Stage, r *dispatch.Report, cfg dispatch.LedgerConfig) (Verdict, error) {
	if target.Rank() <= dispatch.Conventional.Rank() {
		return Verdict{}, inputErr("target", string(target), fmt.Sprintf("want one of %q", RoadmapStages()))
	}
	if r == nil {
		return Verdict{}, inputErr("report", nil, "a dispatch report is needed")
	}
	b := r.StageBasis
	v := Verdict{Target: target, Stage: r.Stage, Holds: r.Stage.Rank() >= target.Rank(), Margin: math.Inf(1)}
	need := func(m IndicatorMargin) {
		v.Indicators = append(v.Indicators, m)
		v.Margin = math.Min(v.Margin, m.Margin)
	}
	what, of := r.UnservedIndicator()
	need(atMost(what, 100*b.UnservedShare, 100*cfg.UnservedToleranceShare, "% of "+of))
	if target == dispatch.LowCarbon {
		red := atLeast("reduction of emissions against the baseline", 100*b.ReductionVsBaseline, 100*cfg.LowCarbonReductionMin, "%")
		ren := atLeast("renewable share of the served load", 100*r.RenewableShare, 100*cfg.LowCarbonRenewableShareMin, "%")
		v.Indicators = append(v.Indicators, red, ren)
		v.Margin = math.Min(v.Margin, math.Max(red.Margin, ren.Margin))
		return v, nil
	}
	need(atMost("carbon per unit energy", b.CarbonPerTce, b.CarbonPerTceMax, "tCO2/tce"))
	if cfg.RequireCleanShare {
		need(atLeast("clean-energy share", 100*b.CleanShare, 100*b.CleanShareMin, "%"))
	}
	if target == dispatch.ZeroCarbon {
		need(atMost("residual against the offsets held", r.ResidualKgCO2e/1000, r.OffsetsHeldTCO2e, "tCO2e"))
	}
	return v, nil
}

// atMost judges value ≤ limit; its margin is 1 − value/limit.
func atMost(name string, value, limit float64, unit string) IndicatorMargin {
	return IndicatorMargin{Name: name, Value: value, Limit: limit, Unit: unit, AtMost: true,
		Margin: margin(value, limit), Met: value <= limit}
}

// atLeast judges a share value ≥ limit (in %); what it limits is the
// rest, 100 − value, against 100 − limit.
func atLeast(name string, value, limit float64, unit string) IndicatorMargin {
	return IndicatorMargin{Name: name, Value: value, Limit: limit, Unit: unit,
		Margin: margin(100-value, 100-limit), Met: value >= limit}
}

// margin is 1 − bad/allowed: 1 when nothing is used, 0 at the limit; with
// nothing allowed, 1 when bad is 0 or less and −Inf otherwise.
func margin(bad, allowed float64) float64 {
	if allowed <= 0 {
		if bad <= 0 {
			return 1
		}
		return math.Inf(-1)
	}
	return 1 - bad/allowed
}
