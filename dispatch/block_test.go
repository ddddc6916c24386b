package dispatch

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
	"github.com/zeropark/zeropark/model"
)

// solveBlock builds one Block over pr, prices it as PerfectForesight does
// under Cost (money costs plus the study-end value on the last state of
// charge), solves it and extracts the schedule.
func solveBlock(t *testing.T, p *model.Park, pr *model.Profiles, cfg Config, aboveMin bool) *Schedule {
	t.Helper()
	var b lp.Builder
	k, err := NewBlock(&b, p, pr, BlockOptions{SoCAboveMin: aboveMin})
	require.NoError(t, err)
	first, end := k.Cols()
	require.Equal(t, 0, first)
	require.Equal(t, b.NumCols(), end)
	prob, err := b.Build()
	require.NoError(t, err)
	k.Bounds(prob.ColLo, prob.ColHi)
	k.Costs(prob.Cost, &cfg, 1)
	endValues, err := EndValues(p, pr, &cfg)
	require.NoError(t, err)
	for i, v := range endValues {
		prob.Cost[k.SoC(pr.Len-1, i)] -= v
	}
	s, err := highs.Backend{}.NewSolver()
	require.NoError(t, err)
	defer s.Close()
	require.NoError(t, s.Load(prob))
	r, err := s.Solve()
	require.NoError(t, err)
	sched, err := NewSchedule(p, pr)
	require.NoError(t, err)
	var off []float64
	if aboveMin {
		for _, bat := range p.Batteries {
			off = append(off, bat.MinSoCKWh())
		}
	}
	require.NoError(t, k.Extract(r.X, sched, 0, 0, pr.Len, off))
	return sched
}

// TestBlockReproducesPerfectForesight: one formulation, two entry points.
// A Block priced with the Cost objective and the study-end value is the
// LP PerfectForesight solves under Cost (without a demand charge, which a
// Block leaves to its caller), so it gives the same schedule; written with
// the states of charge above the minimum it is the same LP in shifted
// variables, and gives the same costs.
func TestBlockReproducesPerfectForesight(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2))
	const n = 72
	load, pv, wind, carbon, price := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		h := float64(i % 24)
		load[i] = 400 + 200*rng.Float64()
		pv[i] = math.Max(0, 600*math.Sin(math.Pi*(h-6)/12))
		wind[i] = 300 * rng.Float64()
		carbon[i] = 0.3 + 0.4*rng.Float64()
		price[i] = 0.08 + 0.1*rng.Float64()
	}
	bat := battery("b", 1000, 250)
	bat.SelfDischargePerHour = 1e-3
	bat.WearCostPerKWh = 0.01
	p := &model.Park{Name: "block", Loads: []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 600, AvailabilityColumn: "pv"}},
		Wind:      []model.WindTurbine{{Name: "w", CapacityKW: 300, AvailabilityColumn: "w"}},
		Batteries: []model.Battery{bat, battery("c", 500, 100)}, Grid: grid(1000, 300)}
	pr := profiles(p, [][]float64{load}, [][]float64{pv}, [][]float64{wind}, carbon)
	pr.ImportPricePerKWh = price
	pr.ExportPricePerKWh = constant(n, 0.03)
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.CarbonPricePerTCO2e = 20
	want, err := PerfectForesight(p, pr, cfg)
	require.NoError(t, err)

	for _, aboveMin := range []bool{false, true} {
		got := solveBlock(t, p, pr, cfg, aboveMin)
		require.NoError(t, got.Check(p), "aboveMin %v", aboveMin)
		ws, gs := costMetric(p, want, pr, cfg), costMetric(p, &Result{Schedule: got}, pr, cfg)
		assert.InDelta(t, ws, gs, 1e-6*math.Abs(ws), "aboveMin %v: cost", aboveMin)
		if !aboveMin {
			for i := range n {
				assert.InDelta(t, want.Schedule.ImportKW[i], got.ImportKW[i], 1e-6, "import %d", i)
				assert.InDelta(t, want.Schedule.SoCKWh[0][i], got.SoCKWh[0][i], 1e-6, "soc %d", i)
			}
		}
	}
}

// TestBlockErrors: what NewBlock and Extract refuse.
func TestBlockErrors(t *testing.T) {
	p := &model.Park{Name: "e", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(100, 0)}
	pr := profiles(p, [][]float64{constant(4, 10)}, nil, nil, nil)
	var b lp.Builder
	_, err := NewBlock(nil, p, pr, BlockOptions{})
	assert.ErrorIs(t, err, ErrInput)
	_, err = NewBlock(&b, nil, pr, BlockOptions{})
	assert.ErrorIs(t, err, ErrInput)
	bad := profiles(p, [][]float64{{10, math.NaN(), 10, 10}}, nil, nil, nil)
	_, err = NewBlock(&b, p, bad, BlockOptions{})
	var ve *ValueError
	assert.ErrorAs(t, err, &ve)
	k, err := NewBlock(&b, p, pr, BlockOptions{})
	require.NoError(t, err)
	s, err := NewSchedule(p, pr)
	require.NoError(t, err)
	x := make([]float64, b.NumCols())
	assert.ErrorIs(t, k.Extract(x, s, 1, 0, 4, nil), ErrInput, "past the schedule's end")
	assert.ErrorIs(t, k.Extract(x[:2], s, 0, 0, 4, nil), ErrInput, "short solution")
	assert.NoError(t, k.Extract(x, s, 0, 0, 4, nil))
}

// TestNewScheduleErrors: NewSchedule refuses what NewBlock refuses — an
// empty period and a step of 0 (which it took, leaving Account to find a
// schedule of 0 years), profiles that miss the park's assets, nil inputs.
func TestNewScheduleErrors(t *testing.T) {
	p := &model.Park{Name: "e", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(100, 0)}
	pr := profiles(p, [][]float64{constant(4, 10)}, nil, nil, nil)
	_, err := NewSchedule(p, pr)
	require.NoError(t, err)
	noStep := *pr
	noStep.Step = 0
	empty := pr.Slice(0, 0)
	noLoads := *pr
	noLoads.LoadKW = nil
	for name, prof := range map[string]*model.Profiles{"step 0": &noStep, "empty": empty, "no loads": &noLoads, "nil": nil} {
		_, err := NewSchedule(p, prof)
		assert.ErrorIs(t, err, ErrInput, name)
	}
	_, err = NewSchedule(nil, pr)
	assert.ErrorIs(t, err, ErrInput)
}

// TestBlockTieCosts: TieCosts is the tie-break part of Costs alone (τ on
// each kWh imported, exported, charged and discharged, −τ_r on each kWh of
// PV and wind, the later shed's premium), weighted as Costs is: Costs less
// it is the money of doc.go's Cost objective to the letter.
func TestBlockTieCosts(t *testing.T) {
	const n = 5
	load, pv, wind, carbon := constant(n, 400), constant(n, 300), constant(n, 100), constant(n, 0.5)
	bat := battery("b", 1000, 250)
	bat.WearCostPerKWh = 0.01
	p := &model.Park{Name: "block", Loads: []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 600, AvailabilityColumn: "pv"}},
		Wind:      []model.WindTurbine{{Name: "w", CapacityKW: 300, AvailabilityColumn: "w"}},
		Batteries: []model.Battery{bat}, Grid: grid(1000, 300)}
	pr := profiles(p, [][]float64{load}, [][]float64{pv}, [][]float64{wind}, carbon)
	pr.ImportPricePerKWh = []float64{0.1, 0.05, 0.1, 0.1, 0.1}
	pr.ExportPricePerKWh = constant(n, 0.03)
	cfg := DefaultConfig()
	cfg.CarbonPricePerTCO2e = 20
	var b lp.Builder
	k, err := NewBlock(&b, p, pr, BlockOptions{})
	require.NoError(t, err)
	for _, weight := range []float64{1, 3} {
		c, tie := make([]float64, b.NumCols()), make([]float64, b.NumCols())
		k.Costs(c, &cfg, weight)
		k.TieCosts(tie, &cfg, weight)
		l := k.lay
		for step := range n {
			price := pr.ImportPricePerKWh[step]
			assert.InDelta(t, weight*(price+20.0/1000*0.5), c[l.imp(step)]-tie[l.imp(step)], 1e-15, "import %d", step)
			assert.InDelta(t, weight*tieThroughput, tie[l.imp(step)], 1e-15, "import %d", step)
			assert.InDelta(t, -weight*0.03, c[l.exp(step)]-tie[l.exp(step)], 1e-15, "export %d", step)
			assert.InDelta(t, weight*tieThroughput, tie[l.exp(step)], 1e-15, "export %d", step)
			assert.InDelta(t, -weight*tieRenewable, tie[l.pv(step, 0)], 1e-15)
			assert.InDelta(t, -weight*tieRenewable, tie[l.wind(step, 0)], 1e-15)
			assert.Zero(t, c[l.pv(step, 0)]-tie[l.pv(step, 0)])
			assert.InDelta(t, weight*0.01, c[l.ch(step, 0)]-tie[l.ch(step, 0)], 1e-15)
			assert.InDelta(t, weight*tieThroughput, tie[l.dis(step, 0)], 1e-15)
			assert.InDelta(t, weight*cfg.ValueOfLostLoadPerKWh, c[l.uns(step)]-tie[l.uns(step)], 1e-9, "shed %d", step)
			assert.Equal(t, step < n-1, tie[l.uns(step)] > 0, "the earlier shed's premium is a tie-break: shed %d", step)
		}
	}
}
