package dispatch

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reaccount under the run's own park and ledger gives the run's report
// field for field, under every policy of the catalogue (the rolling
// horizon's forecast errors and solve statistics included): what a run
// sets beside Account is all carried over, and a field a policy comes to
// set beside it fails here. Under another market only the market's
// figures move: offsets held 1 t take 1 t off the offsets needed.
func TestReaccountReproducesTheRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	p, pr := randomPark(rng, 48, 2, false)
	cfg := DefaultConfig()
	for _, pol := range Policies().Names() {
		res, err := runPolicy(pol, p, pr, cfg)
		require.NoError(t, err, pol)
		if pol == RollingHorizon {
			require.NotEmpty(t, res.Report.Forecasts, "the fields kept are there to keep")
			require.Positive(t, res.Report.Solve.Solves)
		}
		again, err := res.Reaccount(p, cfg.Ledger)
		require.NoError(t, err, pol)
		assert.Equal(t, res.Report, again.Report, pol)
		assert.Equal(t, res.Policy, again.Policy)
		assert.Same(t, res.Schedule, again.Schedule)

		held := cfg.Ledger
		held.OffsetsHeldTCO2e = 1
		moved, err := res.Reaccount(p, held)
		require.NoError(t, err, pol)
		want := max(res.Report.OffsetsNeededTCO2e-1, 0)
		assert.InDelta(t, want, moved.Report.OffsetsNeededTCO2e, 1e-9, pol)
		assert.Equal(t, res.Report.ResidualKgCO2e, moved.Report.ResidualKgCO2e, pol)
	}
}
