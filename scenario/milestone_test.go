package scenario_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/scenario"
)

// A pathway milestone re-run through the dispatch runs at its year's grid:
// its perfect-foresight check is the run of its design park on the
// series with the carbon column × the year's factor (the same residual
// as that run by hand), the residual on the caller's grid is larger by
// about 1 / the factor, and perfect foresight (carbon first) leaves no
// more than the plan's own schedule did. A milestone out of reach has no
// checks.
func TestCheckMilestone(t *testing.T) {
	s := fixtureWithEconomics(t, 48)
	require.NotEmpty(t, s.Park.Grid.DispatchCarbon.Column, "the fixture's grid carbon is a column")
	cfg := dispatch.DefaultConfig()
	opt := scenario.PlanOptions(cfg)
	res, err := plan.Pathway(s.Park, s.Series, opt, []plan.Milestone{{Year: 2031, Target: dispatch.LowCarbon}},
		plan.Trends{BaseYear: 2026, GridCarbonDeclinePerYear: 0.1})
	require.NoError(t, err)
	require.True(t, res.Reached(1))
	st := &res.Steps[0]
	checks, err := s.CheckMilestone(st, cfg)
	require.NoError(t, err)
	require.Len(t, checks, 2)
	pf := checks[0]
	require.Equal(t, dispatch.Perfect, pf.Policy)

	// By hand: the carbon column scaled, the design park run on it.
	set := *s.Series
	set.Columns = map[string][]float64{}
	for k, v := range s.Series.Columns {
		set.Columns[k] = v
	}
	col := s.Park.Grid.DispatchCarbon.Column
	scaled := make([]float64, len(s.Series.Columns[col]))
	for i, v := range s.Series.Columns[col] {
		scaled[i] = v * st.GridCarbonFactor
	}
	set.Columns[col] = scaled
	p := st.Design.Park.Clone()
	year, err := scenario.New("by hand", p, &set)
	require.NoError(t, err)
	c := cfg
	c.Ledger = cfg.Ledger.WithMarket(p.Market)
	run, err := year.Run(dispatch.Perfect, c)
	require.NoError(t, err)
	assert.InDelta(t, run.Report.ResidualKgCO2e/1000, pf.ResidualTCO2e, 1e-9)
	assert.Equal(t, run.Report.Stage, pf.Stage)

	// The base year's grid, as the park file alone would run it.
	base, err := s.CheckOperation(st.Design.Park, st.Target, cfg)
	require.NoError(t, err)
	assert.Greater(t, base[0].ResidualTCO2e, pf.ResidualTCO2e*1.2, "the year's grid is %.2f of today's", st.GridCarbonFactor)
	// Perfect foresight minimises carbon first: no more than the plan's
	// schedule left over the same 48 hours.
	periodResidual := st.Design.ResidualTCO2ePerYear * 48 / 8760
	assert.LessOrEqual(t, pf.ResidualTCO2e, periodResidual*(1+1e-6)+1e-9)
	assert.True(t, pf.Holds, "%+v", pf)

	none, err := s.CheckMilestone(&plan.PathwayStep{Milestone: plan.Milestone{Year: 2035, Target: dispatch.ZeroCarbon}}, cfg)
	require.NoError(t, err)
	assert.Nil(t, none)
}
