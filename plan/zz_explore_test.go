package plan_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
)

func TestZZExplore(t *testing.T) {
	for _, price := range []float64{0.03, 0.10} {
		p, set := windDay(t, price, 100)
		d, err := newModel(t, p, set, plan.DefaultOptions()).Plan(dispatch.Conventional)
		require.NoError(t, err)
		t.Logf("price %v units %d cost %v search %+v", price, d.Additions[0].Units, d.TotalCostPerYear, *d.UnitSearch)
	}
	opt := plan.DefaultOptions()
	opt.Ledger.OffsetPricePerTCO2e, opt.Ledger.CertificatePricePerMWh = 150, 40
	opt.MIPGap = 1e-9
	for seed := uint64(1); seed <= 3; seed++ {
		p, set := unitsFixture(t, seed)
		m := newModel(t, p, set, opt)
		for _, st := range []dispatch.Stage{dispatch.Conventional, dispatch.LowCarbon, dispatch.NearZeroCarbon, dispatch.ZeroCarbon} {
			d, err := m.Plan(st)
			if err != nil {
				t.Logf("seed %d %s: %v", seed, st, err)
				continue
			}
			t.Logf("seed %d %s search %+v", seed, st, *d.UnitSearch)
		}
	}
}
