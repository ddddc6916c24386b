package main

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// testParkMarket is testPark with a market object.
var testParkMarket = strings.Replace(testPark, `"grid":`,
	`"market": {"offsets_held_tco2e": 0.5, "certificates_held_mwh": 0.1, "offset_price_per_tco2e": 30},
  "grid":`, 1)

// runSummary runs `run --json` with args and decodes the summary.
func runSummary(t *testing.T, args ...string) results.Summary {
	t.Helper()
	code, out, errOut := cli(t, append([]string{"run", "--json"}, args...)...)
	require.Equal(t, exitOK, code, errOut)
	sum, err := results.ReadSummaryJSON(strings.NewReader(out), "stdout")
	require.NoError(t, err)
	return sum
}

// The park file's market sets holdings and prices; a flag given overrides
// it, a flag left out does not.
func TestMarketFileAndFlags(t *testing.T) {
	park, series := writeInputs(t, testParkMarket, testSeries)
	for _, c := range []struct {
		name                            string
		args                            []string
		offsetsHeld, certsHeld, offsetP float64
		certP                           float64
	}{
		{"park file", nil, 0.5, 0.1, 30, defaultCertificatePricePerMWh},
		{"flags override", []string{"--offsets-held", "2", "--certificates-held", "0", "--offset-price", "0"}, 2, 0, 0, defaultCertificatePricePerMWh},
		{"one flag", []string{"--certificate-price", "9"}, 0.5, 0.1, 30, 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			sum := runSummary(t, append([]string{"--park", park, "--series", series, "--policy", "self"}, c.args...)...)
			assert.Equal(t, c.offsetsHeld, sum.OffsetsHeldTCO2e)
			assert.Equal(t, c.certsHeld, sum.CertificatesHeldMWh)
			// Needed = residual − held, costed at the price in force.
			need := max(sum.ResidualKgCO2e/1000-c.offsetsHeld, 0)
			assert.InDelta(t, need, sum.OffsetsNeededTCO2e, 1e-12)
			assert.InDelta(t, need*c.offsetP, sum.OffsetCost, 1e-9)
			assert.InDelta(t, max(sum.Energy.Import/1000-c.certsHeld, 0)*c.certP, sum.CertificateCost, 1e-9)
			// Certificates count in the clean share up to the import.
			counted := min(c.certsHeld, sum.Energy.Import/1000)
			assert.InDelta(t, (sum.Energy.RenewableConsumed+1000*counted)/sum.Energy.Consumption, sum.StageBasis.CleanShare, 1e-12)
		})
	}
	for _, bad := range [][]string{{"--offsets-held", "-1"}, {"--certificates-held", "NaN"}, {"--offsets-held", "lots"}, {"--offset-price", "+Inf"}} {
		code, _, errOut := cli(t, append([]string{"run", "--park", park, "--series", series}, bad...)...)
		assert.Equal(t, exitBadInput, code, "%v", bad)
		assert.Contains(t, errOut, strings.TrimPrefix(bad[0], "-"), "%v", bad)
	}
	// A bad market in the park file names the file, the key and the value.
	badPark := strings.Replace(testParkMarket, `"offsets_held_tco2e": 0.5`, `"offsets_held_tco2e": -3`, 1)
	p2, s2 := writeInputs(t, badPark, testSeries)
	code, _, errOut := cli(t, "run", "--park", p2, "--series", s2)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "market: offsets_held_tco2e = -3: must be finite and ≥ 0")
}

// The near-zero suite park reaches zero-carbon from the command line with
// the offsets it holds. Over its first week (the stage's indicators are
// ratios, and offsets held count against the period's residual, so a week
// is judged like a year): the rolling horizon meets the core indicator
// (about 0.09 tCO2/tce that week, against 0.20), so without offsets it is
// near-zero-carbon, with offsets for 99 % of its residual still so, and
// with offsets for all of it zero-carbon.
func TestNearZeroParkReachesZeroCarbon(t *testing.T) {
	args := []string{"--park", "../../benchmarks/parks/near_zero_tx.park.json",
		"--series", "../../demo/data/texas_panhandle_2012.csv", "--limit-hours", "168"}
	without := runSummary(t, args...)
	require.Equal(t, "near-zero-carbon", string(without.Stage), without.StageBasis.StageLimitedBy)
	assert.True(t, without.StageBasis.CoreMet)
	assert.Contains(t, without.StageBasis.StageLimitedBy, "offsets needed")
	residualT := without.ResidualKgCO2e / 1000
	require.Greater(t, residualT, 0.0)

	// Offsets just short of the residual are not enough; enough are.
	short := runSummary(t, append(args, "--offsets-held", ftoa(residualT*0.99))...)
	assert.Equal(t, "near-zero-carbon", string(short.Stage))
	held := runSummary(t, append(args, "--offsets-held", ftoa(residualT*1.01))...)
	assert.Equal(t, "zero-carbon", string(held.Stage))
	assert.Zero(t, held.OffsetsNeededTCO2e)
	assert.Empty(t, held.StageBasis.StageLimitedBy)

	// The same through report's text.
	code, out, errOut := cli(t, append([]string{"report", "--offsets-held", ftoa(residualT * 1.01)}, args...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Stage: zero-carbon")
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// The stage block: the core indicator, the five guiding indicators (four
// not assessed), the unserved gate and why the park is not higher; the
// warning when the LP's signal is not the ledger's factor.
func TestReportStageText(t *testing.T) {
	code, out, errOut := cli(t, "--demo", "greensboro", "--limit-hours", "24")
	require.Equal(t, exitOK, code, errOut)
	for _, want := range []string{
		"core indicator (decides the stage):", "carbon per energy consumed", "tCO2/tce",
		"guiding indicators:", "clean-energy share of consumption", "(reported, not required)",
		"energy per unit of product", "industrial solid waste used", "waste heat, cold and pressure used",
		"industrial water reused", "unserved load", "consumption", "GB/T 2589", "910号",
		"warning: the LP minimises the dispatch signal, not the accounting factor",
	} {
		assert.Contains(t, out, want)
	}
	assert.Equal(t, 4, strings.Count(out, "not assessed"))

	// One signal for both: no warning.
	code, out, errOut = cli(t, "--limit-hours", "24")
	require.Equal(t, exitOK, code, errOut)
	assert.NotContains(t, out, "warning: the LP minimises")

	// A park short of import capacity is conventional, and says why.
	short := strings.Replace(testPark, `"import_limit_kw": "unlimited"`, `"import_limit_kw": 60`, 1)
	park, series := writeInputs(t, short, testSeries)
	code, out, errOut = cli(t, "run", "--park", park, "--series", series, "--offsets-held", "100")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "Stage: conventional")
	assert.Contains(t, out, "not higher: unserved load")
	assert.Contains(t, out, "held against this period: 100.0 tCO2e of offsets, 0.0 MWh of certificates")
}

// --require-clean-share makes the clean share a condition of the stage's
// indicators; without it the share is reported only.
func TestRequireCleanShareFlag(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	args := []string{"--park", park, "--series", series, "--policy", "self"}
	for _, required := range []bool{false, true} {
		a := args
		if required {
			a = append(slices.Clone(args), "--require-clean-share")
		}
		b := runSummary(t, a...).StageBasis
		assert.Equal(t, required, b.CleanShareRequired)
		assert.Equal(t, b.CoreMet && (b.CleanShareMet || !required), b.IndicatorsMet, "required=%v", required)
	}
	code, out, errOut := cli(t, append([]string{"report", "--require-clean-share"}, args[:4]...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "(required)")
	code, out, errOut = cli(t, append([]string{"report"}, args[:4]...)...)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, out, "(reported, not required)")
}
