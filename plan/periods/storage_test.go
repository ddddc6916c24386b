package periods_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan/periods"
)

// TestLinkingMatchesCalendar checks the superposition bookkeeping against
// a plain simulation: a storage's net charge (kW) is chosen per
// representative step and expanded onto the calendar; stepping the state
// of charge through every calendar step, E ← a·E + Δt·net, must give at
// every step the state the package doc's rows give, a_t·E_i + ΔE_{σ(i),t},
// with ΔE from 0 inside each representative and E_{i+1} = a_{L_i}·E_i +
// ΔE_{σ(i),L_i}.
func TestLinkingMatchesCalendar(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for _, c := range []struct {
		steps, periodSteps, k int
		step                  time.Duration
		delta                 float64
	}{
		{24 * 20, 24, 5, time.Hour, 0.01},
		{24*20 + 7, 24, 4, time.Hour, 0.002},
		{96*9 + 50, 96, 3, 15 * time.Minute, 0.05},
		{50, 10, 5, time.Hour, 0},
	} {
		series := randomSeries(rng, 2, c.steps)
		agg, err := periods.Aggregate(series, c.step, periods.Config{PeriodSteps: c.periodSteps, Periods: c.k, Rescale: true})
		require.NoError(t, err)
		l, err := agg.StorageLinking(c.delta)
		require.NoError(t, err)
		dtH := c.step.Hours()

		net := make([][]float64, len(agg.Reps)) // kW, charge > 0
		intra := make([][]float64, len(agg.Reps))
		for k, r := range agg.Reps {
			net[k] = make([]float64, r.Steps)
			intra[k] = make([]float64, r.Steps+1) // ΔE_{k,0} = 0
			for tt := range net[k] {
				net[k][tt] = 200*rng.Float64() - 100
				intra[k][tt+1] = l.Retention[1]*intra[k][tt] + dtH*net[k][tt]
			}
		}
		calendar, err := agg.Expand(net)
		require.NoError(t, err)

		e0 := 500.0 // kWh at the start of the year
		inter := []float64{e0}
		for i, k := range l.Sigma {
			inter = append(inter, l.Retention[l.Steps[i]]*inter[i]+intra[k][l.Steps[i]])
		}
		soc, step := e0, 0
		for i, k := range l.Sigma {
			for tt := 0; tt < l.Steps[i]; tt++ {
				require.InDelta(t, soc, l.Retention[tt]*inter[i]+intra[k][tt], 1e-9, "period %d step %d", i, tt)
				soc = l.Retention[1]*soc + dtH*calendar[step]
				step++
			}
		}
		require.Equal(t, c.steps, step)
		require.InDelta(t, soc, inter[len(inter)-1], 1e-9, "end of the year")
	}
}
