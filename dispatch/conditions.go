package dispatch

import "math"

// The names of the stage conditions whose miss stored energy can move
// (StageCondition.Indicator): callers that treat one of them apart match
// these, never the text of another.
const (
	IndicatorCarbonPerTce  = "carbon per unit energy"
	IndicatorNonClean      = "the non-clean share of consumption"
	IndicatorResidual      = "the residual against the offsets held"
	IndicatorEmissions     = "emissions against the business-as-usual baseline"
	IndicatorNonRenewable  = "the non-renewable share of the electricity used"
	IndicatorLargeParkLine = "consumption against the large-park line"
	// IndicatorLargeParkLineAbove is the line against a consumption at or
	// above it (Value the line, Limit the consumption: 1 − L/E is how
	// much of it may go before the run is below the line).
	IndicatorLargeParkLineAbove = "the large-park line against consumption"
)

// StageCondition is one condition on which the ledger grants a stage,
// written as Value ≤ Limit in Unit: a share that must reach a minimum
// (the renewable share, the clean share, the reduction against the
// baseline) is written as the rest, which must not exceed 100 % less the
// minimum — the form in which plan.Options.Margin tightens every limit.
type StageCondition struct {
	// Indicator names what is limited: one of the Indicator… constants,
	// or [Report.UnservedIndicator]'s name for unserved load or heat.
	Indicator    string
	Value, Limit float64
	Unit         string
	// Margin = 1 − Value/Limit, the fraction of the limit left unused
	// (0.1: 10 % below it; negative: missed). A limit of 0 leaves no
	// relative room: met (Value ≤ 0) is 1, nothing used, and missed is −1,
	// all of it and more (finite, so it can be written as JSON).
	Margin float64
	// Met is the ledger's own judgement (judge: StageBasis.CoreMet,
	// CleanShareMet, ResidualOffset, or its comparison of the figures), so
	// a condition is met exactly when the ledger counts it; Margin ≥ 0
	// when Met, and at most 0 (0 only by rounding at the limit) when not.
	Met bool
}

// stageCondition is the condition value ≤ limit, met as the ledger
// judges it. The ledger misses a condition whose figures are within the
// limit only when there is nothing to judge (nothing consumed: carbon per
// unit energy and the clean share are 0, and not met); that counts as
// missed entirely, −1.
func stageCondition(indicator string, value, limit float64, unit string, met bool) StageCondition {
	c := StageCondition{Indicator: indicator, Value: value, Limit: limit, Unit: unit, Met: met}
	switch {
	case limit > 0:
		c.Margin = 1 - value/limit
	case value <= 0:
		c.Margin = 1
	default:
		c.Margin = -1
	}
	switch {
	case !met && c.Margin > 0:
		c.Margin = -1
	case met && c.Margin < 0:
		// Met within the ledger's rounding (offsets a few ulps short of
		// the residual, offsetRounding): no room left, none missing.
		c.Margin = 0
	}
	return c
}

// StageConditions are the conditions on which the ledger grants stage
// target to the run r reports, cfg being the configuration r was made
// with (its low-carbon thresholds are not in the report): groups every
// one of which must hold, each a list of alternatives of which one
// suffices (low-carbon's routes; every other group has one condition).
// In order: unserved load or heat (every stage above conventional), then
// for low-carbon its routes, or for near-zero and zero-carbon carbon per
// unit energy (and, where the run was judged on the looser side of the
// large-park line, the line or the other side's limit: largeParkLine),
// the non-clean share when
// cfg.RequireCleanShare, and for zero-carbon the residual against the
// offsets held. Low-carbon is
// granted on emissions against the baseline (E), or the renewable share
// (R), or near-zero's own indicators — carbon per unit energy (C) and,
// when required, the clean share (S) — since the ledger ranks a park
// meeting those near-zero, above low-carbon, whatever its reduction
// (behind a very clean grid): E or R or (C and S) is written as the
// groups {E, R, C} and, when cfg.RequireCleanShare, {E, R, S}, so that
// every group holding is the ledger granting at least low-carbon.
// Conventional, or a
// name that is no stage, has none (nil). These are the conditions of
// judge, the ledger's decision: it is the one statement of them that
// plan.Holds and scenario.StageMargin read.
func (r *Report) StageConditions(target Stage, cfg LedgerConfig) [][]StageCondition {
	if r == nil || target.Rank() <= Conventional.Rank() {
		return nil
	}
	b := &r.StageBasis
	one := func(c StageCondition) []StageCondition { return []StageCondition{c} }
	what, of := r.UnservedIndicator()
	groups := [][]StageCondition{one(stageCondition(what, 100*b.UnservedShare, 100*cfg.UnservedToleranceShare, "% of "+of,
		!(b.UnservedShare > cfg.UnservedToleranceShare)))}
	core := stageCondition(IndicatorCarbonPerTce, b.CarbonPerTce, b.CarbonPerTceMax, "tCO2/tce", b.CoreMet)
	clean := stageCondition(IndicatorNonClean, 100*(1-b.CleanShare), 100*(1-cfg.CleanShareMin), "%", b.CleanShareMet)
	if target == LowCarbon {
		routes := []StageCondition{
			stageCondition(IndicatorEmissions, 100*(1-b.ReductionVsBaseline), 100*(1-cfg.LowCarbonReductionMin), "% of the baseline",
				b.ReductionVsBaseline >= cfg.LowCarbonReductionMin),
			stageCondition(IndicatorNonRenewable, 100*(1-r.RenewableShare), 100*(1-cfg.LowCarbonRenewableShareMin), "%",
				r.RenewableShare >= cfg.LowCarbonRenewableShareMin),
		}
		groups = append(groups, append(routes[:2:2], core))
		if line := r.largeParkLine(cfg); line != nil {
			groups = append(groups, append(routes[:2:2], line...))
		}
		if cfg.RequireCleanShare {
			groups = append(groups, append(routes[:2:2], clean))
		}
		return groups
	}
	groups = append(groups, one(core))
	if line := r.largeParkLine(cfg); line != nil {
		groups = append(groups, line)
	}
	if cfg.RequireCleanShare {
		groups = append(groups, one(clean))
	}
	if target.Rank() >= ZeroCarbon.Rank() {
		res := r.ResidualKgCO2e / 1000
		groups = append(groups, one(stageCondition(IndicatorResidual, res, r.OffsetsHeldTCO2e, "tCO2e", b.ResidualOffset)))
	}
	return groups
}

// largeParkLine is the second half of the core indicator where the run
// sits on the side of the large-park line (LedgerConfig.LargeParkTcePerYear)
// with the looser limit, so was judged by it: it holds only while the
// consumption stays on that side, or anyway when carbon per unit energy
// is within the other side's, stricter limit too. Below the line (the
// large parks' limit the stricter): the alternatives {consumption ≤ the
// line, carbon per unit energy ≤ the large parks' limit}; at or above it
// (the large parks' limit the looser, as by default): {the line ≤ the
// consumption, carbon per unit energy ≤ the other limit}. nil where the
// run is judged by the stricter limit already, or the two are one. With
// the core condition beside it the stage's margin is, below the line,
// max(min(1 − E/L, 1 − r/θ), 1 − r/θ_large) — the least margin at which
// plan.Options.Margin, which holds the band below the line to
// (1 − margin) × L, would still size the design (QA Z2, session 38: 38.6 %
// reported for a design 1 % of consumption from losing its stage) — and
// above it max(min(1 − L/E, 1 − r/θ_large), 1 − r/θ) (QA F1: 41.2 % for a
// design 2 % above the line, whose carbon per unit energy had 2.1 % of
// room under the limit below it).
func (r *Report) largeParkLine(cfg LedgerConfig) []StageCondition {
	b := &r.StageBasis
	e, line := b.ConsumptionTcePerYear, cfg.LargeParkTcePerYear
	if !(line > 0) || !(b.ConsumptionTce > 0) {
		return nil
	}
	switch {
	case cfg.CarbonPerTceMaxLarge < cfg.CarbonPerTceMax && e < line:
		return []StageCondition{
			stageCondition(IndicatorLargeParkLine, e, line, "tce a year", true),
			stageCondition(IndicatorCarbonPerTce, b.CarbonPerTce, cfg.CarbonPerTceMaxLarge, "tCO2/tce",
				b.CoreMet && b.CarbonPerTce <= cfg.CarbonPerTceMaxLarge),
		}
	case cfg.CarbonPerTceMax < cfg.CarbonPerTceMaxLarge && e >= line:
		return []StageCondition{
			stageCondition(IndicatorLargeParkLineAbove, line, e, "tce a year", true),
			stageCondition(IndicatorCarbonPerTce, b.CarbonPerTce, cfg.CarbonPerTceMax, "tCO2/tce",
				b.CoreMet && b.CarbonPerTce <= cfg.CarbonPerTceMax),
		}
	}
	return nil
}

// BindingCondition is the condition of target ([Report.StageConditions])
// with the least room, whose Margin is the stage's margin: of each group
// its best alternative (the larger margin; the first on a tie), and of
// those the smallest (the first on a tie). ok is false when target has no
// conditions (conventional).
func (r *Report) BindingCondition(target Stage, cfg LedgerConfig) (c StageCondition, ok bool) {
	least := math.Inf(1)
	for _, group := range r.StageConditions(target, cfg) {
		best := group[0]
		for _, alt := range group[1:] {
			if alt.Margin > best.Margin {
				best = alt
			}
		}
		if best.Margin < least {
			least, c, ok = best.Margin, best, true
		}
	}
	return c, ok
}
