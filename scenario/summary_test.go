package scenario_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/scenario"
)

// A Go study's summary.json and frontier.csv carry what the commands'
// do to match them to their inputs: the digests and the currency (QA Y2,
// session 38: a study following the docs wrote neither).
func TestSummaryAndFrontierRowsCarryDigests(t *testing.T) {
	s, cfg, err := scenario.Open(scenario.Options{Demo: "texas2012", Horizon: 24 * time.Hour, LimitHours: 48})
	require.NoError(t, err)
	require.NotNil(t, s.Park.Economics)
	require.NotEmpty(t, s.Park.Economics.Currency)
	dg, err := s.Digests()
	require.NoError(t, err)
	require.NotEmpty(t, dg.ParkSHA256)
	require.NotEmpty(t, dg.SeriesSHA256)

	r, err := s.Run(dispatch.Perfect, cfg)
	require.NoError(t, err)
	sum, err := s.Summary(r, cfg)
	require.NoError(t, err)
	assert.Equal(t, dg, sum.Digests)
	assert.Equal(t, s.Park.Economics.Currency, sum.Currency)
	assert.Equal(t, s.Park.Name, sum.Park)
	assert.Equal(t, r.Report.ResidualKgCO2e, sum.Report.ResidualKgCO2e)
	_, err = s.Summary(nil, cfg)
	assert.Error(t, err)

	m, err := plan.New(s.Park, s.Series, scenario.PlanOptions(cfg))
	require.NoError(t, err)
	defer m.Close()
	f, err := m.Frontier(3)
	require.NoError(t, err)
	rows, err := s.FrontierRows(f)
	require.NoError(t, err)
	require.Len(t, rows, len(f.Points))
	for i, row := range rows {
		assert.Equal(t, dg, row.Digests, "row %d", i)
		assert.Equal(t, s.Park.Economics.Currency, row.Currency, "row %d", i)
	}
	assert.Equal(t, scenario.FrontierRows(f)[0].TotalCostPerYear, rows[0].TotalCostPerYear)
}
