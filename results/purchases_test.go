package results_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// PurchasesOf by hand: 50 t of residual with 12 t of offsets held, 400 MWh
// imported of 1000 MWh consumed, 100 MWh of certificates held, offsets at
// 20 a tonne and certificates at 7.5 a MWh.
func TestPurchasesOfByHand(t *testing.T) {
	led := dispatch.DefaultLedgerConfig()
	led.OffsetPricePerTCO2e, led.CertificatePricePerMWh = 20, 7.5
	report := func(required bool, cleanShare float64) *dispatch.Report {
		r := &dispatch.Report{ResidualKgCO2e: 50_000, OffsetsHeldTCO2e: 12, CertificatesHeldMWh: 100,
			// What the ledger makes of it: certificates for all import
			// beyond those held, the alternative to the offsets.
			OffsetsNeededTCO2e: 38, CertificatesMWh: 300, OffsetCost: 38 * 20, CertificateCost: 300 * 7.5}
		r.Energy.Import, r.Energy.RenewableConsumed, r.Energy.Consumption = 400_000, 600_000, 1_000_000
		r.StageBasis = dispatch.StageBasis{CleanShare: cleanShare, CleanShareMin: 0.9, CleanShareRequired: required,
			CertificatesCountedMWh: 100, ConsumptionTce: 1_000_000 * led.KgcePerKWh / 1000}
		return r
	}
	for _, tc := range []struct {
		name        string
		required    bool
		cleanShare  float64
		wantCertMWh float64
	}{
		// (600 + 100) / 1000 = 0.7: 0.2 × 1000 MWh short of 0.9.
		{"clean share required and short", true, 0.7, 200},
		{"clean share required and met", true, 0.95, 0},
		{"clean share not required", false, 0.7, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := results.PurchasesOf(report(tc.required, tc.cleanShare), led)
			assert.InDelta(t, 38, p.OffsetsTCO2e, 1e-9, "residual beyond the offsets held")
			assert.InDelta(t, tc.wantCertMWh, p.CertificatesMWh, 1e-9)
			assert.InDelta(t, 38*20, p.OffsetCost, 1e-9)
			assert.InDelta(t, tc.wantCertMWh*7.5, p.CertificateCost, 1e-9)
			assert.InDelta(t, 38*20+tc.wantCertMWh*7.5, p.Cost(), 1e-9)
			assert.Less(t, p.Cost(), 38*20+300*7.5, "not offsets and certificates for all import both")
		})
	}
	// Offsets held beyond the residual: none to buy.
	r := report(true, 0.95)
	r.OffsetsHeldTCO2e = 60
	assert.Zero(t, results.PurchasesOf(r, led).Cost())
	// The certificates count up to the import only: with heat the
	// shortfall may exceed what certificates can mend (here 0.3 of
	// 5000 tce, against 400 − 100 MWh of import uncovered).
	r = report(true, 0.6)
	r.StageBasis.ConsumptionTce = 5000
	assert.InDelta(t, 300, results.PurchasesOf(r, led).CertificatesMWh, 1e-9)
}

// What PurchasesOf buys is what the ledger needs: held with the holdings,
// the certificates lift the clean share to its minimum exactly and the
// offsets cover the residual; a little less of either falls short.
func TestPurchasesOfMeetTheLedger(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	cfg := dispatch.DefaultConfig()
	cfg.Ledger.RequireCleanShare = true
	cfg.Ledger.OffsetPricePerTCO2e, cfg.Ledger.CertificatePricePerMWh = 20, 7.5
	cfg.Ledger.OffsetsHeldTCO2e, cfg.Ledger.CertificatesHeldMWh = 0.2, 0.5
	res := runWith(t, p, prof, dispatch.Perfect, false, cfg)
	require.False(t, res.Report.StageBasis.CleanShareMet, "the fixture falls short of the clean share")
	buy := results.PurchasesOf(&res.Report, cfg.Ledger)
	require.Positive(t, buy.CertificatesMWh)
	require.Positive(t, buy.OffsetsTCO2e)
	judge := func(f float64) dispatch.Report {
		led := cfg.Ledger
		led.OffsetsHeldTCO2e += f * buy.OffsetsTCO2e
		led.CertificatesHeldMWh += f * buy.CertificatesMWh
		r, err := dispatch.Account(p, res.Schedule, led)
		require.NoError(t, err)
		return r
	}
	enough := judge(1 + 1e-9)
	assert.True(t, enough.StageBasis.CleanShareMet)
	assert.True(t, enough.StageBasis.ResidualOffset)
	assert.Zero(t, results.PurchasesOf(&enough, cfg.Ledger).Cost(), "nothing more to buy")
	short := judge(0.999)
	assert.False(t, short.StageBasis.CleanShareMet)
	assert.False(t, short.StageBasis.ResidualOffset)
}
