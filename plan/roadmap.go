package plan

import (
	"errors"
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch"
)

// Roadmap is the cheapest design for each stage of the path low-carbon →
// near-zero-carbon → zero-carbon, against today's park.
type Roadmap struct {
	// Today is today's park, nothing added: the reference.
	Today *Design
	// Stages holds the designs for low-carbon, near-zero-carbon and
	// zero-carbon, in that order; Unreachable[i] holds the error of a
	// stage out of reach (an [*UnreachableError]; its design is nil, and
	// so are those of the stages after it).
	Stages      []*Design
	Unreachable []error
	// Reduction describes the representative periods the roadmap was
	// solved over (nil: the full series).
	Reduction *Reduction
}

// RoadmapStages are the stages a roadmap solves, in order.
func RoadmapStages() []dispatch.Stage {
	return []dispatch.Stage{dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon}
}

// Roadmap solves today's park and the cheapest design of each stage on
// one solver instance (each solve hot-starts from the last), and prices
// each design's avoided carbon against today's. A stage out of reach
// stops the road there: its error is kept in Unreachable (as for the
// stages after it) and the roadmap is returned without an error; any
// other failure is returned.
//
// The stages nest (each stage's rows include the one's before it; see
// the package documentation), so the costs never fall along the road.
func (m *Model) Roadmap() (*Roadmap, error) {
	today, err := m.Today()
	if err != nil {
		return nil, err
	}
	rm := &Roadmap{Today: today, Reduction: m.red}
	var stop error
	for _, st := range RoadmapStages() {
		if stop != nil {
			rm.Stages = append(rm.Stages, nil)
			rm.Unreachable = append(rm.Unreachable, stop)
			continue
		}
		d, err := m.Plan(st)
		if errors.Is(err, ErrUnreachable) {
			stop = err
			rm.Stages = append(rm.Stages, nil)
			rm.Unreachable = append(rm.Unreachable, err)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("plan: %s: %w", st, err)
		}
		d.CostPerTCO2eAvoided = avoidedCost(today, d)
		rm.Stages = append(rm.Stages, d)
		rm.Unreachable = append(rm.Unreachable, nil)
	}
	return rm, nil
}

// avoidedCost is (d's total − today's) / (today's net residual − d's),
// per tCO2e a year; nil when d avoids nothing.
func avoidedCost(today, d *Design) *float64 {
	avoided := today.NetResidualTCO2ePerYear - d.NetResidualTCO2ePerYear
	if !(avoided > 1e-9*math.Max(1, math.Abs(today.NetResidualTCO2ePerYear))) {
		return nil
	}
	v := (d.TotalCostPerYear - today.TotalCostPerYear) / avoided
	return &v
}
