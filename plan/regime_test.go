package plan_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/plan"
)

// TestRegimeRoundsNeverDearer: on weeks whose feed-in (0.06 a kWh) pays
// more than import in the valley hours (0.02–0.06), every stage's design
// priced again by the regimes its solve chose costs no more a year than
// the design priced by the guess from the data alone (the rounds switched
// off), and the rounds ran on some week and made some design cheaper. Each round's objective is a
// tangent above the true concave cost touching it at the last solution
// (dispatch's documentation, "Where export pays more").
func TestRegimeRoundsNeverDearer(t *testing.T) {
	ran, cheaper := 0, 0
	for seed := uint64(1); seed <= 4; seed++ {
		var totals [2][]float64
		for k, rounds := range []int{0, 8} {
			restore := plan.SetRegimeRounds(rounds)
			rng := rand.New(rand.NewPCG(seed, 1204))
			f := randomFixture(rng, 168)
			f.exportPricePerKWh = 0.06
			f.econ.PV.MaxTotalKWp = 3000
			f.econ.Wind.MaxTotalKW = 3000
			p, set := f.build(t)
			opt := plan.DefaultOptions()
			opt.Ledger.OffsetPricePerTCO2e = 20
			m := newModel(t, p, set, opt)
			rm, err := m.Roadmap()
			restore()
			require.NoError(t, err, "seed %d rounds %d", seed, rounds)
			if rounds > 0 {
				ran += m.RegimeSolves()
			} else {
				require.Zero(t, m.RegimeSolves())
			}
			for i, d := range rm.Stages {
				require.Nil(t, rm.Unreachable[i], "seed %d stage %d", seed, i)
				totals[k] = append(totals[k], d.TotalCostPerYear)
			}
		}
		for i := range totals[0] {
			guess, read := totals[0][i], totals[1][i]
			assert.LessOrEqual(t, read, guess+1e-6*math.Abs(guess), "seed %d stage %d", seed, i)
			if read < guess-1e-6*math.Abs(guess) {
				cheaper++
			}
		}
	}
	t.Logf("%d regime solves; %d designs cheaper than the guess's", ran, cheaper)
	assert.Positive(t, ran, "no week priced again: the test tests nothing")
	assert.Positive(t, cheaper, "the rounds made no design cheaper")
}
