package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Sentinel errors of package plan.
var (
	// ErrInvalid: the options, the park's economics or the series cannot
	// be planned with. [*InputError] values unwrap to it and to
	// [model.ErrInvalid].
	ErrInvalid = errors.New("plan: invalid input")
	// ErrUnreachable: no design within the candidates' bounds reaches the
	// stage asked for. [*UnreachableError] says which indicator binds and
	// the best value reachable.
	ErrUnreachable = errors.New("plan: stage out of reach")
	// ErrNotReached: the ledger, judging the plan's own schedule, does not
	// grant the stage the LP was solved for. It means a bug (the LP's
	// stage rows and the ledger disagree), never bad input; no design is
	// returned with it.
	ErrNotReached = errors.New("plan: the ledger does not grant the planned stage")
	// ErrOverBound: no operation of a design's capacities keeps the
	// residual within the bound asked of [Model.EvaluatePoint] (a
	// frontier point sized on representative periods, measured over the
	// full series).
	ErrOverBound = errors.New("plan: no operation of the design keeps the residual within the bound")
)

// OverBoundError says that no operation of a design's capacities keeps
// the residual within a bound ([Model.EvaluatePoint]): the bound, the
// least residual those capacities reach over the Model's period (NaN
// when that solve failed too) and the capacities (as a diagnosis names
// them). It unwraps to [ErrOverBound].
type OverBoundError struct {
	EpsilonTCO2ePerYear, LeastTCO2ePerYear float64
	Bounds                                 string
	// Unserved, when set, is what misses instead of the bound: no
	// operation of the capacities keeps unserved load (or heat) within
	// the ledger's tolerance over the Model's period, and how close it
	// comes ("at best 0.208 % of the load unserved against 0.1 %").
	Unserved string
}

func (e *OverBoundError) Error() string {
	if e.Unserved != "" {
		// Not the bound: ErrOverBound's text would say so.
		return fmt.Sprintf("plan: no operation of the design (%s) keeps unserved load within the ledger's tolerance: %s", e.Bounds, e.Unserved)
	}
	msg := fmt.Sprintf("%v: the residual at most %s tCO2e a year with %s", ErrOverBound, formatQty(e.EpsilonTCO2ePerYear), e.Bounds)
	if !math.IsNaN(e.LeastTCO2ePerYear) {
		msg += fmt.Sprintf(": at best %s tCO2e a year", formatQty(e.LeastTCO2ePerYear))
		switch {
		case e.EpsilonTCO2ePerYear >= minBoundForPercent*e.LeastTCO2ePerYear:
			msg += fmt.Sprintf(", %s %% above the bound", formatQty(100*(e.LeastTCO2ePerYear/e.EpsilonTCO2ePerYear-1)))
		case e.EpsilonTCO2ePerYear >= 0:
			msg += ", against a bound of about 0"
		}
	}
	return msg
}

func (e *OverBoundError) Unwrap() error { return ErrOverBound }

// minBoundForPercent is the least bound, as a fraction of the least
// residual reached, that an OverBoundError gives its miss against as a
// percentage: below it (the frontier's last point, a least residual of 0
// and its hair of 1e-7 of the frontier's span) a percentage reads in the
// millions (86 t against 0.0004 t: +21,499,900 %; a park 200 times the
// demo's, 4,364 t against 0.064 t). The frontier's full-series table
// prints this message under it rather than a percentage of its own.
const minBoundForPercent = 1e-3

// InputError names one bad input: the field (an [Options] field, or a
// park file key such as "economics.pv.max_total_kwp"), its value and why it
// is refused.
type InputError struct {
	Field  string
	Value  any // nil when there is none to show
	Reason string
	// Err is the cause, when another package found the problem (e.g. the
	// ledger's own checks of Options.Ledger); nil otherwise.
	Err error
	// File, Line and Col place a problem of a park file's key (a whole
	// units check's economics.<tech>.unit_…) at that key, when the park
	// was read from a file (model.Park.KeyPosition); empty otherwise.
	File      string
	Line, Col int
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("plan: ")
	if e.File != "" && e.Line > 0 {
		fmt.Fprintf(&b, "%s:%d:%d: ", e.File, e.Line, e.Col)
	}
	b.WriteString(e.Field)
	if e.Value != nil {
		if f, ok := e.Value.(float64); ok {
			b.WriteString(" = " + model.Num(f))
		} else {
			fmt.Fprintf(&b, " = %v", e.Value)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalid, model.ErrInvalid and the cause, if any.
func (e *InputError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrInvalid, model.ErrInvalid, e.Err}
	}
	return []error{ErrInvalid, model.ErrInvalid}
}

func inputErr(field string, value any, reason string) *InputError {
	return &InputError{Field: field, Value: value, Reason: reason}
}

// UnreachableError says why a stage is out of reach: the indicator that
// binds, the best value any design within the candidates' bounds reaches
// (with every candidate free up to its bound, as Bounds describes) and the
// threshold it had to meet. It unwraps to [ErrUnreachable].
type UnreachableError struct {
	Stage dispatch.Stage
	// Indicator names the indicator ("carbon per unit energy",
	// "unserved load", "reduction against the baseline", …).
	Indicator string
	// Best is the best value reachable and Threshold the target, in Unit
	// ("tCO2/tce", "%", …); AtMost says the indicator must not exceed the
	// threshold (else it must reach it).
	Best, Threshold float64
	Unit            string
	AtMost          bool
	// Bounds describes the capacities the best value was reached with,
	// e.g. "PV at most 3,000 kWp, wind at most 1,500 kW (its bound)".
	Bounds string
	// Also lists other indicators out of reach, in the same words.
	Also []string
	// Jointly: each indicator is reachable alone, but not all together.
	Jointly bool
	// Sides, on a park with heat whose carbon per unit energy is out of
	// reach, says which side binds: the grid import or the heat side
	// (nil otherwise).
	Sides *CarbonSides
	// BestTcePerYear, when above 0, is the consumption a year of the
	// operation that reaches Best, at or over the ledger's large-park line
	// LargeParkLineTcePerYear (LedgerConfig.LargeParkTcePerYear), where
	// the ledger's core limit is LargeParkThreshold: the plan held the
	// stricter Threshold because the least consumption its stage rows
	// allow is below the line (package documentation, "Stage rows"), so a
	// Best between the two is a stage the ledger may grant an operation
	// that crosses the line (QA, 2026-12-04: the message said "≤ 0.2" for
	// a park the ledger judged at 0.30).
	BestTcePerYear, LargeParkLineTcePerYear, LargeParkThreshold float64
	// Undiagnosed: the stage was found out of reach and not diagnosed
	// ([Model.EvaluateUndiagnosed]): Indicator, Best, Threshold, Unit and
	// Also are empty.
	Undiagnosed bool
}

func (e *UnreachableError) Error() string {
	if e.Undiagnosed {
		return fmt.Sprintf("plan: %s is out of reach: no operation of %s reaches it", e.Stage, e.Bounds)
	}
	if e.Jointly {
		return fmt.Sprintf("plan: %s is out of reach: each of its indicators can be met alone, but not all at once with %s", e.Stage, e.Bounds)
	}
	op := "≥"
	if e.AtMost {
		op = "≤"
	}
	s := fmt.Sprintf("plan: %s is out of reach: with %s, %s is at best %s %s against %s %s %s",
		e.Stage, e.Bounds, e.Indicator, formatFigure(e.Best), e.Unit, op, formatFigure(e.Threshold), unitHead(e.Unit))
	if e.BestTcePerYear > 0 {
		s += fmt.Sprintf(" (the limit under %s tce a year, which the plan holds where the least consumption the stage allows is below that line; the best operation consumes %s tce a year, where the ledger's limit is ≤ %s",
			formatTce(e.LargeParkLineTcePerYear), formatTce(e.BestTcePerYear), formatFigure(e.LargeParkThreshold))
		if e.Best <= e.LargeParkThreshold {
			s += ", which it meets: an operation held above the line may reach the stage"
		}
		s += ")"
	}
	if e.Sides != nil {
		s += "; " + e.Sides.text()
	}
	if len(e.Also) > 0 {
		s += "; " + strings.Join(e.Also, "; ")
	}
	return s
}

// CarbonSides splits an out-of-reach carbon per unit energy (tCO2/tce of
// the park's whole consumption, electricity, fuel and heat bought) between
// its two sources: the grid import's carbon and the heat side's (the fuel
// burnt by boilers and CHP, the heat bought). GridTCO2PerTceAtBest +
// HeatTCO2PerTceAtBest is the best value (UnreachableError.Best), split
// at the plan that reaches it. GridBestTCO2PerTce and HeatBestTCO2PerTce
// are each side's carbon alone at its own best plan, the other side's not
// counted: a side whose best is above ThresholdTCO2PerTce (the
// UnreachableError's Threshold) keeps the stage out of reach on its own —
// it binds.
type CarbonSides struct {
	GridTCO2PerTceAtBest, HeatTCO2PerTceAtBest float64
	GridBestTCO2PerTce, HeatBestTCO2PerTce     float64
	ThresholdTCO2PerTce                        float64
}

// GridBinds and HeatBinds say whether each side alone is above the
// threshold.
func (s *CarbonSides) GridBinds() bool { return s.GridBestTCO2PerTce > s.ThresholdTCO2PerTce }

// HeatBinds: see GridBinds.
func (s *CarbonSides) HeatBinds() bool { return s.HeatBestTCO2PerTce > s.ThresholdTCO2PerTce }

func (s *CarbonSides) text() string {
	var verdict string
	switch {
	case s.GridBinds() && s.HeatBinds():
		verdict = "both bind"
	case s.HeatBinds():
		verdict = "the heat side binds: within these bounds heat pumps and electric boilers cannot take enough of the heat " +
			"from the fuel boilers, CHP and heat bought"
	case s.GridBinds():
		verdict = "the grid import binds, not the heat side"
	default:
		verdict = "neither binds alone, only the two together"
	}
	return fmt.Sprintf("of that best, %s tCO2/tce is the grid import's carbon and %s the heat side's (fuel burnt, heat bought); "+
		"alone, each is at best %s (grid import) and %s (heat side): %s",
		formatFigure(s.GridTCO2PerTceAtBest), formatFigure(s.HeatTCO2PerTceAtBest), formatFigure(s.GridBestTCO2PerTce), formatFigure(s.HeatBestTCO2PerTce), verdict)
}

// Unwrap returns ErrUnreachable.
func (e *UnreachableError) Unwrap() error { return ErrUnreachable }

// formatFigure prints an indicator value with three significant digits.
func formatFigure(v float64) string {
	return fmt.Sprintf("%.3g", v)
}
