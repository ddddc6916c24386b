package dispatch_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// A LedgerConfig literal that leaves every stage limit out is refused
// (QA, 2026-12-04: an all-grid week was ranked "low-carbon"); one limit
// set keeps the others' zeros as the study's.
func TestLedgerLiteralWithoutLimitsRefused(t *testing.T) {
	cfg := dispatch.DefaultConfig()
	cfg.Ledger = dispatch.LedgerConfig{KgcePerKWh: 0.1229, OffsetPricePerTCO2e: 20}
	err := cfg.Validate()
	require.ErrorIs(t, err, dispatch.ErrConfig)
	assert.Contains(t, err.Error(), "DefaultLedgerConfig")

	cfg.Ledger.CarbonPerTceMax = 0.2
	assert.NoError(t, cfg.Validate())
}
