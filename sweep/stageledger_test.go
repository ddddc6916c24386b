package sweep

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// ledgerPark is planPark with a grid of 0.05 kgCO2e per kWh, twice the
// core indicator's 0.2 tCO2/tce × 0.1229 kgce/kWh = 0.0246: a design
// meets it only with enough PV.
func ledgerPark() (*model.Park, *model.SeriesSet) {
	p, set := planPark()
	p.Grid.DispatchCarbon.KgCO2ePerKWh = 0.05
	return p, set
}

// The ledger answers what a row's stage purchases are for: each row of a
// sweep under stageLedger run again with its purchases for a stage added
// to the holdings (per year × the period's share of a year, plus 1e-9 of
// them for rounding) is judged at that stage or above by the ledger
// itself, not by the purchase rule, and with 1e-6 of the offsets less
// falls short of zero-carbon; a row whose cell is empty (core indicator
// missed, or load shed off the grid, import limit 0, where the residual is 0) stays below the stage
// even with every kWh imported certified and three times its residual
// offset.
func TestSweepStagePurchasesGrantTheStage(t *testing.T) {
	p0, set := ledgerPark()
	sc, err := scenario.New("ledger", p0, set)
	require.NoError(t, err)
	sp := mustSpace(t, "pv.capacity_kwp=0:1000:250", "battery.energy_kwh=0,3000", "battery.power_kw=300", "grid.import_limit_kw=0,1000")
	cfg := dispatch.DefaultConfig()
	cfg.Ledger = stageLedger()
	out := filepath.Join(t.TempDir(), "sweep.csv")
	_, err = Run(context.Background(), sc, sp, out, Options{Policy: dispatch.Perfect, Config: &cfg, Workers: 2})
	require.NoError(t, err)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	type stageCells struct {
		st          dispatch.Stage
		certs, offs string // purchase columns ("" for none)
	}
	stages := []stageCells{
		{dispatch.NearZeroCarbon, results.ColNearZeroCertificatesMWhPerYear, ""},
		{dispatch.ZeroCarbon, results.ColNearZeroCertificatesMWhPerYear, results.ColZeroOffsetsTCO2ePerYear},
	}
	granted, refused, withCerts := 0, 0, 0
	for _, r := range tab.Rows {
		vs, err := tab.ParamValues(r)
		require.NoError(t, err)
		for _, s := range stages {
			p, _ := ledgerPark()
			c := cfg
			require.NoError(t, Apply(p, &c, sp.Axes, vs))
			prof, err := model.Resolve(p, set)
			require.NoError(t, err)
			cell, err := tab.Text(r, s.certs)
			require.NoError(t, err)
			years := float64(sc.Series.Len) * sc.Series.Step.Hours() / results.HoursPerYear
			if cell == "" {
				// Unreachable by buying: generous holdings do not help.
				base, err := sc.Variant("base", p, prof).Run(dispatch.Perfect, c)
				require.NoError(t, err)
				c.Ledger.CertificatesHeldMWh += base.Report.Energy.Import / 1000
				c.Ledger.OffsetsHeldTCO2e += 3 * base.Report.ResidualKgCO2e / 1000
				res, err := sc.Variant("held", p, prof).Run(dispatch.Perfect, c)
				require.NoError(t, err)
				assert.Less(t, res.Report.Stage.Rank(), s.st.Rank(), "combination %d: %s with its cell empty", r.Combination, s.st)
				refused++
				continue
			}
			certs, err := tab.Float(r, s.certs)
			require.NoError(t, err)
			offs := 0.0
			if s.offs != "" {
				offs, err = tab.Float(r, s.offs)
				require.NoError(t, err)
			}
			c.Ledger.CertificatesHeldMWh += certs * years * (1 + 1e-9)
			c.Ledger.OffsetsHeldTCO2e += offs * years * (1 + 1e-9)
			res, err := sc.Variant("bought", p, prof).Run(dispatch.Perfect, c)
			require.NoError(t, err)
			assert.GreaterOrEqual(t, res.Report.Stage.Rank(), s.st.Rank(), "combination %d buys %g MWh and %g tCO2e a year for %s: %s",
				r.Combination, certs, offs, s.st, res.Report.StageBasis.StageLimitedBy)
			if s.st == dispatch.ZeroCarbon {
				// What it bought is no more than it needed: a hair less
				// offsets leaves the residual uncovered.
				if offs > 0 {
					c.Ledger.OffsetsHeldTCO2e -= offs * years * 1e-6
					less, err := sc.Variant("less", p, prof).Run(dispatch.Perfect, c)
					require.NoError(t, err)
					assert.Equal(t, dispatch.NearZeroCarbon, less.Report.Stage, "combination %d", r.Combination)
				}
			}
			granted++
			if certs > 0 {
				withCerts++
			}
		}
	}
	t.Logf("%d stage purchases granted by the ledger (%d with certificates), %d empty cells refused even with generous holdings",
		granted, withCerts, refused)
	require.Positive(t, withCerts)
	require.Positive(t, granted)
	require.Positive(t, refused)
}
