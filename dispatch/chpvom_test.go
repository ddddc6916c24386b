package dispatch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// vomPark is handPark (100 kW and 90 kW_th all day, a grid at 1.0
// kgCO2e/kWh and 0.05 a kWh) with a gas CHP of 100 kW (η_el 0.35, η_th
// 0.45: 9/7 kW_th per kW) at variable O&M vom a kWh of electricity, gas at
// 0.03 a kWh (LHV), and a gas boiler (η 0.9) of boilerKWTh.
func vomPark(t *testing.T, vom, boilerKWTh float64) (*model.Park, *model.Profiles) {
	t.Helper()
	p, pr := handPark(1.0, func(p *model.Park) {
		p.CHP = []model.CHP{{Name: "engine", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45,
			Fuel: "natural_gas", VariableOMPerKWh: vom}}
		if boilerKWTh > 0 {
			p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: boilerKWTh, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
		}
		p.Fuels = []model.Fuel{{Name: "natural_gas", PricePerKWhLHV: 0.03}}
	})
	require.NoError(t, p.Validate())
	pr.ImportPricePerKWh = constant(pr.Len, 0.05)
	return p, pr
}

// TestCHPVariableOMInTheLedger: with the CHP the only heat source it must
// make the 90 kW_th (no dump), so 70 kW all day: N = 1,680 kWh of
// electricity. The ledger's energy cost rises by N × vom and nothing
// else moves; by hand, energy cost = 30 kW imported × 24 h × 0.05 + 200
// kW of gas × 24 h × 0.03 + N × vom.
func TestCHPVariableOMInTheLedger(t *testing.T) {
	const vom = 0.0195 // REopt.jl's gas engine, USD/kWh
	p0, pr := vomPark(t, 0, 0)
	pv, _ := vomPark(t, vom, 0)
	cfg := DefaultConfig()
	cfg.Objective = Cost
	r, err := PerfectForesight(pv, pr, cfg)
	require.NoError(t, err)
	s := r.Schedule
	n := 70 * 24.0
	require.InDelta(t, n, r.Report.Heat.CHPElectricityKWh, 1e-6, "the heat forces the CHP to 70 kW")

	with := mustAccount(t, pv, s, cfg.Ledger)
	without := mustAccount(t, p0, s, cfg.Ledger)
	assert.InDelta(t, n*vom, with.Heat.CHPVariableOMCost, 1e-9)
	assert.Zero(t, without.Heat.CHPVariableOMCost)
	assert.InDelta(t, n*vom, with.EnergyCost-without.EnergyCost, 1e-9)
	assert.InDelta(t, 30*24*0.05+200*24*0.03+n*vom, with.EnergyCost, 1e-6)
	assert.InDelta(t, without.Heat.FuelCost, with.Heat.FuelCost, 1e-12, "the fuel is the fuel")
	assert.Equal(t, without.WearCost, with.WearCost)
	assert.Equal(t, without.DemandChargeCost, with.DemandChargeCost)
	assert.InDelta(t, without.ResidualKgCO2e, with.ResidualKgCO2e, 1e-12, "O&M is money, not carbon")
	assert.Equal(t, with.EnergyCost, r.Report.EnergyCost, "the run's report is the ledger's")
}

// TestCHPVariableOMInTheCostObjective: beside a gas boiler, a kWh from
// the CHP burns 1/0.35 kWh of gas (0.0857) but saves a kWh of import
// (0.05) and 9/7 kWh_th of boiler gas (9/7 × 0.03/0.9 = 0.0429): it is
// 0.0071 cheaper, so the cost objective runs it at 70 kW (the heat's
// limit). A variable O&M of 0.0195 a kWh makes it 0.0124 dearer, and the
// boiler makes the heat. Carbon first (the default) does not see the
// O&M: the same schedule either way.
func TestCHPVariableOMInTheCostObjective(t *testing.T) {
	for _, tc := range []struct {
		name   string
		vom    float64
		chpKWh float64
	}{
		{"no O&M: the CHP runs", 0, 70 * 24},
		{"below the margin: still runs", 0.007, 70 * 24},
		{"REopt's gas engine: the boiler instead", 0.0195, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			margin := 0.03/0.35 - 0.05 - 9.0/7*0.03/0.9 + tc.vom // currency per kWh from the CHP
			require.Equal(t, tc.chpKWh > 0, margin < 0, "the case's arithmetic")
			p, pr := vomPark(t, tc.vom, 200)
			cfg := DefaultConfig()
			cfg.Objective = Cost
			r, err := PerfectForesight(p, pr, cfg)
			require.NoError(t, err)
			assert.InDelta(t, tc.chpKWh, r.Report.Heat.CHPElectricityKWh, 1e-6)
			assert.InDelta(t, 90*24-tc.chpKWh*9/7, r.Report.Heat.FuelBoilerKWhTh, 1e-6)
			assert.InDelta(t, tc.chpKWh*tc.vom, r.Report.Heat.CHPVariableOMCost, 1e-9)

			carbon, err := PerfectForesight(p, pr, DefaultConfig())
			require.NoError(t, err)
			p0, _ := vomPark(t, 0, 200)
			carbon0, err := PerfectForesight(p0, pr, DefaultConfig())
			require.NoError(t, err)
			assert.Equal(t, carbon0.Schedule.CHPKW, carbon.Schedule.CHPKW, "carbon first ignores the O&M")
		})
	}
}

// TestCHPVariableOMInTheRules: settlement's heat levers (heatLevers under
// heatPrices.price) rank the CHP at its fuel plus its variable O&M less
// the import its electricity displaces, per kWh_th: (0.03 + vom × 0.35 −
// 0.05 × 0.35) / 0.45, against the boiler's 0.03/0.9. Without O&M the CHP
// is first (0.0278 < 0.0333); at 0.0195 the boiler is (0.0429). Ranked
// by carbon, the O&M is not seen.
func TestCHPVariableOMInTheRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		vom   float64
		first int
	}{
		{"no O&M: the CHP first", 0, leverCHP},
		{"REopt's gas engine: the boiler first", 0.0195, leverFB},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, _ := vomPark(t, tc.vom, 200)
			s := &Schedule{Len: 1, DispatchKgCO2ePerKWh: []float64{1}, ImportPricePerKWh: []float64{0.05}}
			hp := newHeatPrices(p)
			hp.price(p, ResolveFuels(p), s, 0, nil, true, 0)
			levers := heatLevers(p, s, 0, &hp, true, false, nil)
			require.Len(t, levers, 2)
			assert.Equal(t, tc.first, levers[0].kind)
			for _, l := range levers {
				switch l.kind {
				case leverCHP:
					assert.InDelta(t, (0.03+tc.vom*0.35-0.05*0.35)/0.45, l.cost, 1e-12)
				case leverFB:
					assert.InDelta(t, 0.03/0.9, l.cost, 1e-12)
				}
			}

			p0, _ := vomPark(t, 0, 200)
			hp0 := newHeatPrices(p0)
			hp.carbon(p, ResolveFuels(p), s, 0, nil)
			hp0.carbon(p0, ResolveFuels(p0), s, 0, nil)
			assert.Equal(t, hp0.fuel, hp.fuel, "carbon does not see the O&M")
		})
	}
}
