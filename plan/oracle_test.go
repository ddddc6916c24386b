package plan_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/lptest"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// oracleFixture is a few-step park where every column kind appears: PV,
// wind and battery energy and power candidates, a demand charge over two
// calendar months, offsets and certificates (the clean share required),
// and a self-discharging battery.
func oracleFixture(rng *rand.Rand, n int) *fixture {
	f := randomFixture(rng, n)
	f.pvKWp, f.windKW, f.batKWh, f.batKW = 50, 20, 100, 30
	f.selfDischargePerH = 2e-3
	f.demandPerKWMonth = 8
	for t := range n {
		f.windPerKW[t] = math.Max(f.windPerKW[t], 0.15)
	}
	f.econ = &model.Economics{Currency: "USD",
		PV:      &model.PVEconomics{MaxTotalKWp: 4000},
		Wind:    &model.WindEconomics{MaxTotalKW: 8000},
		Battery: &model.BatteryEconomics{MaxTotalKWh: 5000, MaxTotalKW: 2000}}
	return f
}

// TestAgainstGonumOracle solves small plan LPs with HiGHS and with gonum's
// dense simplex (package lptest) for every stage, over the full series
// and over representative periods: both find the same cost, or both find
// the stage out of reach.
func TestAgainstGonumOracle(t *testing.T) {
	stages := append([]dispatch.Stage{dispatch.Conventional}, plan.RoadmapStages()...)
	var compared, skipped int
	for seed := uint64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewPCG(seed, 5))
		reps := seed%2 == 0
		n := 8
		if reps {
			n = 24
		}
		f := oracleFixture(rng, n)
		// Start the series two hours before a month ends, so the demand
		// charge has two months.
		p, set := f.build(t)
		set.Start = time.Date(2023, 3, 31, 22, 0, 0, 0, t0.Location())
		opt := plan.DefaultOptions()
		opt.Ledger.RequireCleanShare = true
		opt.Ledger.OffsetPricePerTCO2e, opt.Ledger.CertificatePricePerMWh = 30, 8
		opt.Ledger.OffsetsHeldTCO2e, opt.Ledger.CertificatesHeldMWh = 0.01, 0.2
		if reps {
			opt.Periods, opt.PeriodLength = 2, 6*time.Hour
		}
		hm := newModel(t, p, set, opt)
		gopt := opt
		gopt.Backend = lptest.Backend{}
		gm := newModel(t, p, set, gopt)
		for _, st := range stages {
			hd, herr := hm.Plan(st)
			if herr == nil {
				assert.NoError(t, hd.Schedule.Check(hd.Park), "seed %d %s", seed, st)
			}
			gd, gerr := gm.Plan(st)
			// gonum's dense simplex fails on some degenerate instances
			// (singular bases; once, a false "infeasible" where HiGHS's
			// design passes the physics check above, so a feasible point
			// exists): such instances are skipped and counted.
			if errors.Is(gerr, lptest.ErrOracle) || (herr == nil && errors.Is(gerr, lp.ErrInfeasible)) {
				t.Logf("seed %d %s: skipped: %v", seed, st, gerr)
				skipped++
				continue
			}
			if herr != nil || gerr != nil {
				assert.ErrorIs(t, herr, plan.ErrUnreachable, "seed %d %s", seed, st)
				assert.ErrorIs(t, gerr, plan.ErrUnreachable, "seed %d %s", seed, st)
				continue
			}
			compared++
			assert.InDelta(t, gd.TotalCostPerYear, hd.TotalCostPerYear, 1e-6*math.Abs(gd.TotalCostPerYear)+1e-6,
				"seed %d %s (reps %v)", seed, st, reps)
			assert.GreaterOrEqual(t, hd.Stage.Rank(), st.Rank())
		}
	}
	t.Logf("%d compared, %d skipped (oracle undecided)", compared, skipped)
	assert.GreaterOrEqual(t, compared, 10)
}

// freeCap bounds the oracle's free columns (the stage rows' slacks), whose
// split into two non-negative parts gonum's dense simplex handles poorly;
// no slack comes near it in these small parks.
const freeCap = 1e7

// cappedOracle is gonum's oracle with every infinite lower bound capped
// at −freeCap.
type cappedOracle struct{}

func (cappedOracle) Name() string { return "gonum (free columns capped)" }

func (cappedOracle) NewSolver() (lp.Solver, error) {
	s, err := lptest.Backend{}.NewSolver()
	return &cappedSolver{Solver: s}, err
}

type cappedSolver struct{ lp.Solver }

func capBounds(lo, hi []float64) ([]float64, []float64) {
	l, h := append([]float64(nil), lo...), append([]float64(nil), hi...)
	for i := range l {
		if math.IsInf(l[i], -1) {
			l[i] = -freeCap
		}
	}
	return l, h
}

func (s *cappedSolver) Load(p *lp.Problem) error {
	q := p.Clone()
	q.ColLo, q.ColHi = capBounds(q.ColLo, q.ColHi)
	return s.Solver.Load(q)
}

func (s *cappedSolver) SetColBounds(first int, lo, hi []float64) error {
	l, h := capBounds(lo, hi)
	return s.Solver.SetColBounds(first, l, h)
}
