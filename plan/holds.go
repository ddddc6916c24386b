package plan

import (
	"fmt"

	"github.com/zeropark/zeropark/dispatch"
)

// IndicatorMargin is one indicator a stage needs, judged on a dispatched
// period: a [dispatch.StageCondition], written as Value ≤ Limit.
type IndicatorMargin struct {
	// Name says what is limited, e.g. "carbon per unit energy" (the
	// dispatch.Indicator… names).
	Name string
	// Value must not exceed Limit, both in Unit; a share that must reach
	// a minimum is written as the rest, e.g. the non-renewable share of
	// the electricity used against 100 % less the renewable minimum.
	Value, Limit float64
	Unit         string
	// Margin is the fraction of what the stage allows that is left
	// unused, in the terms of Options.Margin: 1 − Value/Limit (carbon per
	// unit energy, the non-clean share, emissions against the baseline,
	// the non-renewable share of the electricity used, unserved load, the
	// residual against offsets). A design sized with Options.Margin = 0.1
	// starts with margins of at least 0.1; a negative margin means the
	// limit is missed. A limit of 0: 1 when met, −1 when missed.
	Margin float64
	// Met is the ledger's judgement of the indicator.
	Met bool
}

// Verdict says whether a stage holds on a dispatched period, and by what
// margin.
type Verdict struct {
	Target dispatch.Stage
	// Stage is what the ledger grants the run; Holds is Stage at or above
	// Target.
	Stage dispatch.Stage
	Holds bool
	// Indicators lists the conditions of Target's groups
	// ([dispatch.Report.StageConditions]) one group after another, the
	// grouping lost: every group must hold, and a group of several is
	// alternatives of which one suffices. So for low-carbon an indicator
	// listed with Met false need not make the stage miss: its group is
	// emissions against the baseline, the renewable share or near-zero's
	// carbon per unit energy, and with the clean share required a second
	// group lists the first two again with the non-clean share. Read the
	// groups from StageConditions where they matter.
	Indicators []IndicatorMargin
	// Margin is the smallest of the groups' margins, a group's being its
	// best alternative's ([dispatch.Report.BindingCondition]).
	Margin float64
}

// Holds judges whether the stage target holds on a period a design was
// dispatched over — typically the design park ([Design].Park) re-run by
// the dispatch under perfect foresight or the rolling horizon with
// forecasts, its ledger made with cfg = the plan's ledger configuration
// with the design park's thresholds and market (cfg.ForPark(design.Park)). r must be
// that ledger, made with cfg. It is what the roadmap's "does the design
// hold in operation?" column reports. The conditions and their margins
// are the ledger's ([dispatch.Report.StageConditions]), the ones
// scenario.StageMargin reads too.
func Holds(target dispatch.Stage, r *dispatch.Report, cfg dispatch.LedgerConfig) (Verdict, error) {
	if target.Rank() <= dispatch.Conventional.Rank() {
		return Verdict{}, inputErr("target", string(target), fmt.Sprintf("want one of %q", RoadmapStages()))
	}
	if r == nil {
		return Verdict{}, inputErr("report", nil, "a dispatch report is needed")
	}
	v := Verdict{Target: target, Stage: r.Stage, Holds: r.Stage.Reaches(target)}
	for _, group := range r.StageConditions(target, cfg) {
		for _, c := range group {
			v.Indicators = append(v.Indicators, IndicatorMargin{Name: c.Indicator, Value: c.Value, Limit: c.Limit, Unit: c.Unit,
				Margin: c.Margin, Met: c.Met})
		}
	}
	c, _ := r.BindingCondition(target, cfg) // target is above conventional: ok
	v.Margin = c.Margin
	return v, nil
}
