package results_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// The plan report writes a large figure whole, its thousands grouped as
// the tables group them, never in exponent notation: a zero-carbon design
// missing its cover by a residual of 1,507.3 tCO2e against 1,313.5 held
// (a China park's plan printed "1.51e+03 tCO2e against its limit 1.31e+03
// tCO2e"), and a load's RMSE of 418,234.2 kW over the slices ("4.182e+05").
// Small figures keep their significant digits.
func TestRoadmapReportWritesLargeFiguresWhole(t *testing.T) {
	rm := sampleRoadmap()
	c := &rm.Rows[1].Checks[1]
	c.Indicator, c.Value, c.Limit, c.Unit = "the residual against the offsets held", 1507.3, 1313.5, "tCO2e"
	rm.Reduction.Errors = append(rm.Reduction.Errors,
		results.SeriesError{Name: "big load", RMSE: 418234.2, NRMSE: 0.177},
		results.SeriesError{Name: "price", RMSE: 0.2299699, NRMSE: 0.2})
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&b, rm))
	out := b.String()
	assert.Contains(t, out, "the residual against the offsets held 1,507 tCO2e against its limit 1,314 tCO2e")
	assert.Contains(t, out, "418,234")
	assert.Contains(t, out, "0.23 ", "four significant digits of a small RMSE")
	assert.Contains(t, out, "12.5", "the sample's RMSE as before")
	assert.NotContains(t, out, "e+0")

	// At the edge: three digits of 999.7 round to 1,000, which %g writes
	// as 1e+03.
	c.Value, c.Limit = 999.7, 0.104
	b.Reset()
	require.NoError(t, results.WriteRoadmap(&b, rm))
	assert.Contains(t, b.String(), "held 1,000 tCO2e against its limit 0.104 tCO2e")
}
