package scenario_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// The roadmap's energy columns are each design's ledger × 8760 h / the
// period's hours, and they balance, on the greensboro-heat demo's first
// two weeks (a heat pump, electric and gas boilers: fuel burnt, heat from
// several sources): electricity in (grid, renewables, CHP) less battery
// losses and stored change equals the load served plus the heat
// converters' draw; the heat sources less the stores' losses and change
// equal the heat served.
func TestDesignRowEnergy(t *testing.T) {
	s, err := scenario.Demo("greensboro-heat")
	require.NoError(t, err)
	s = s.Slice(0, 14*24)
	opt := scenario.PlanOptions(dispatch.DefaultConfig())
	m, err := plan.New(s.Park, s.Series, opt)
	require.NoError(t, err)
	defer m.Close()
	rm, err := m.Roadmap()
	require.NoError(t, err)
	out := scenario.RoadmapResult(rm, opt, nil, m.Stats())
	require.Equal(t, results.TodayTarget, out.Rows[0].Target)

	designs := []*plan.Design{rm.Today}
	designs = append(designs, rm.Stages...)
	hours := float64(s.Profiles.Len) * s.Profiles.Step.Hours()
	checked := 0
	for i, d := range designs {
		row := out.Rows[i]
		if d == nil {
			assert.Nil(t, row.Energy, row.Target)
			continue
		}
		checked++
		e := row.Energy
		require.NotNil(t, e, row.Target)
		require.NotNil(t, d.Report.Heat, row.Target)
		k := 8760 / hours // the year factor, by hand
		fuel := 0.0
		for _, f := range d.Report.Heat.Fuels {
			fuel += f.KWhLHV
		}
		near := func(want, got float64, what string) {
			assert.InDelta(t, want*k, got, 1e-9*(1+math.Abs(want*k)), "%s: %s", row.Target, what)
		}
		near(d.Report.Energy.Import, e.GridImportKWhPerYear, "import")
		near(d.Report.Energy.Export, e.GridExportKWhPerYear, "export")
		near(d.Report.Energy.PV, e.PVKWhPerYear, "pv")
		near(d.Report.Energy.Wind, e.WindKWhPerYear, "wind")
		near(d.Report.Energy.Curtailed, e.CurtailedKWhPerYear, "curtailed")
		near(d.Report.Energy.BatteryLosses, e.BatteryLossesKWhPerYear, "battery losses")
		near(d.Report.Energy.Served, e.LoadServedKWhPerYear, "load served")
		near(d.Report.Heat.CHPElectricityKWh, e.CHPKWhPerYear, "chp")
		near(fuel, e.FuelKWhLHVPerYear, "fuel")
		near(d.Report.Heat.CHPKWhTh, e.CHPHeatKWhThPerYear, "chp heat")
		near(d.Report.Heat.FuelBoilerKWhTh, e.FuelBoilerHeatKWhThPerYear, "fuel boiler heat")
		near(d.Report.Heat.ServedKWhTh, e.HeatServedKWhThPerYear, "heat served")
		// The unserved load the row already had is the load less the
		// energy column's load served.
		assert.InDelta(t, d.Report.Energy.Load*k-e.LoadServedKWhPerYear, row.UnservedKWhPerYear, 1e-6*(1+e.LoadServedKWhPerYear), row.Target)

		supply := e.GridImportKWhPerYear - e.GridExportKWhPerYear + e.PVKWhPerYear + e.WindKWhPerYear + e.CHPKWhPerYear -
			e.BatteryLossesKWhPerYear - e.BatteryStoredChangeKWhPerYear
		use := e.LoadServedKWhPerYear + e.HeatPumpElectricityKWhPerYear + e.ElectricBoilerElectricityKWhPerYear
		assert.InDelta(t, use, supply, 1e-6*use, "%s: electricity balance", row.Target)
		heat := e.HeatPumpHeatKWhThPerYear + e.ElectricBoilerHeatKWhThPerYear + e.FuelBoilerHeatKWhThPerYear + e.CHPHeatKWhThPerYear +
			e.PurchasedHeatKWhThPerYear - e.ThermalStorageLossesKWhThPerYear - e.ThermalStoredChangeKWhThPerYear
		assert.InDelta(t, e.HeatServedKWhThPerYear, heat, 1e-6*e.HeatServedKWhThPerYear, "%s: heat balance", row.Target)
		assert.Greater(t, e.FuelKWhLHVPerYear, 0.0, "%s: the gas boilers burn", row.Target)
	}
	require.GreaterOrEqual(t, checked, 2, "today and at least one stage")
}
