package dispatch

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// checkSettledLedger accounts the settled schedule s of park p and checks
// the heat ledger's identities on it: heat load = served + unserved; heat
// made − dumped + discharged = served + charged; no unit dumps more than
// it makes; residual carbon = grid + fuel + purchased heat. It returns the
// report.
func checkSettledLedger(t *testing.T, p *model.Park, s *Schedule) Report {
	t.Helper()
	rep := mustAccount(t, p, s, DefaultLedgerConfig())
	hr := rep.Heat
	require.NotNil(t, hr)
	assert.InDelta(t, hr.LoadKWhTh, hr.ServedKWhTh+hr.UnservedKWhTh, 1e-9)
	supply := hr.HeatPumpKWhTh + hr.ElectricBoilerKWhTh + hr.FuelBoilerKWhTh + hr.CHPKWhTh + hr.PurchasedKWhTh + hr.StoreDischargeKWhTh
	assert.InDelta(t, hr.ServedKWhTh+hr.StoreChargeKWhTh, supply-hr.CHPDumpedKWhTh, 1e-9)
	for _, src := range hr.Sources {
		assert.LessOrEqual(t, src.DumpedKWhTh, src.HeatKWhTh+1e-9, "%s dumps more than it makes", src.Name)
	}
	assert.InDelta(t, rep.ResidualKgCO2e, hr.GridKgCO2e+hr.FuelKgCO2e+hr.PurchasedHeatKgCO2e, 1e-9)
	return rep
}

// The converters give way (shedConverters) after a CHP with a heat dump
// has risen (raiseCHP), behind a grid that cannot even carry the heat
// pumps. One hour: 300 kW of import at most, 50 kW of electric load and
// 1,900 kW_th of heat load. The plan runs a heat pump (COP 3) at 1,800
// kW_th (600 kW) and a 150 kW CHP (9/7 kW_th per kW) at 100 kW, dumping
// 28.6 of its 128.6 kW_th. By hand:
//   - the deficit is 50 + 600 − 300 − 100 = 250 kW; the CHP rises by its
//     50 kW of headroom, its 64.3 kW_th displacing the pump's (21.4 kW):
//     71.4 kW met, 178.6 left, of which 128.6 beyond the load;
//   - the pump gives up those 128.6 kW (385.7 kW_th, to 1,350 kW_th and
//     450 kW); the dumped 28.6 kW_th make up the first of that heat (the
//     dump empties), and 357.1 kW_th go unserved;
//   - the CHP keeps its 150 kW (192.9 kW_th, none dumped), the whole
//     electric load goes short (50 kW), the import stays at 300:
//     300 + 150 = 450 + 50 − 50.
//
// The heat placed by the raise is not undone: the dump never exceeds the
// heat made, both balances hold, and the ledger's identities too.
func TestConvertersGiveWayAfterTheCHPRises(t *testing.T) {
	heat := 100 * 9.0 / 7
	p := dumpSettlePark(t, 150, []float64{250}, func(p *model.Park) {
		p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 2000, COP: 3}}
	})
	s := settleOne(t, p, func(pl *Plan) {
		pl.CHPKW[0][0], pl.CHPKWTh[0][0] = 100, heat
		pl.CHPDumpKWTh[0][0] = heat - 100
		pl.HeatPumpKWTh[0][0] = 1800
	}, 50, 1900)
	assert.InDelta(t, 150, s.CHPKW[0][0], 1e-9, "the raise stands")
	assert.InDelta(t, 150*9.0/7, s.CHPKWTh[0][0], 1e-9)
	assert.InDelta(t, 0, s.CHPDumpKWTh[0][0], 1e-9, "the dumped heat serves the load the pump leaves")
	assert.InDelta(t, 1350, s.HeatPumpKWTh[0][0], 1e-9)
	assert.InDelta(t, 450, s.HeatPumpKW[0][0], 1e-9)
	assert.InDelta(t, 1900-1350-150*9.0/7, s.UnservedHeatKWTh[0], 1e-9)
	assert.InDelta(t, 50, s.UnservedKW[0], 1e-9, "no more unserved than the load")
	assert.InDelta(t, 300, s.ImportKW[0], 1e-9)
	assert.InDelta(t, 150/0.35, s.CHPFuelKW[0][0], 1e-9, "the fuel burnt")
	rep := checkSettledLedger(t, p, s)
	assert.InDelta(t, 150, rep.Heat.CHPElectricityKWh, 1e-9)
	assert.InDelta(t, 0, rep.Heat.CHPDumpedKWhTh, 1e-9)
	assert.InDelta(t, 1900-1350-150*9.0/7, rep.Heat.UnservedKWhTh, 1e-9)
}

// The ledger's CHP variable O&M counts a raised unit's electricity. Two
// gas CHP units of 100 kW with heat dumps, idle in the plan; 400 kW of
// load behind a 300 kW import limit, no heat load: 100 kW short, which
// one unit covers (all its heat dumped). Their variable O&M: 0.05 and
// 0.01 a kWh. Carbon first ranks them by their fuel, a tie, so the first
// in the park rises: 100 kWh × 0.05 = 5. Under Cost unit 1's kWh is
// cheaper (0.03/0.35 + 0.01 against + 0.05), so it rises: 100 × 0.01 = 1.
func TestRaisedCHPVariableOMInTheLedger(t *testing.T) {
	for _, tc := range []struct {
		obj    Objective
		raised int
		om     float64
	}{
		{CarbonFirst, 0, 100 * 0.05},
		{Cost, 1, 100 * 0.01},
	} {
		t.Run(tc.obj.String(), func(t *testing.T) {
			p := dumpSettlePark(t, 100, []float64{250, 250}, func(p *model.Park) {
				p.CHP[0].VariableOMPerKWh, p.CHP[1].VariableOMPerKWh = 0.05, 0.01
			})
			s := settleOne(t, p, func(pl *Plan) { pl.objective = tc.obj }, 400, 0)
			assert.InDelta(t, 100, s.CHPKW[tc.raised][0], 1e-9, "the cheaper unit rises")
			assert.InDelta(t, 0, s.CHPKW[1-tc.raised][0], 1e-9)
			assert.InDelta(t, 100*9.0/7, s.CHPDumpKWTh[tc.raised][0], 1e-9, "all its heat dumped")
			assert.InDelta(t, 0, s.UnservedKW[0], 1e-9)
			rep := checkSettledLedger(t, p, s)
			assert.InDelta(t, tc.om, rep.Heat.CHPVariableOMCost, 1e-12, "raised kWh × variable O&M")
			assert.InDelta(t, 100/0.35*0.03, rep.Heat.FuelCost, 1e-9)
		})
	}
}

// Heat a CHP at full capacity dumps displaces the converters' heat in an
// electricity deficit, before any load goes short (displaceConverters). One
// hour: a 150 kW CHP (9/7 kW_th per kW) planned and settled at 150 kW,
// 192.9 kW_th, dumping 50 of them; 500 kW of load behind a full 300 kW
// import. By hand:
//   - a heat pump (COP 3) at 60 kW_th (20 kW): 300 + 150 = 450 against
//     500 + 20, 70 kW short before; the 50 dumped kW_th take the place of
//     50 of the pump's, which then draws 10/3 kW: 53.3 kW short;
//   - with an electric boiler (η 0.9) at 30 kW_th (33.3 kW) beside the
//     pump, 103.3 kW short before: the boiler draws the most per kWh_th
//     (1/0.9 against 1/3), so it gives way first, all 30 kW_th (33.3 kW),
//     then 20 of the pump's (6.7 kW): 103.3 − 40 = 63.3 kW short (the pump
//     first would have saved 16.7 kW only).
//
// The CHP keeps its 150 kW and its fuel; the heat load is served as
// before; both balances, Check and the ledger's identities hold.
func TestDumpedHeatDisplacesConvertersInADeficit(t *testing.T) {
	heat := 150 * 9.0 / 7
	for _, tc := range []struct {
		name         string
		ebKWTh       float64
		hpKWTh, ebTo float64
		short        float64
	}{
		{"a heat pump", 0, 10, 0, 70 - 50.0/3},
		{"the electric boiler first", 30, 40, 0, 500 + 20 + 30/0.9 - 450 - 30/0.9 - 20.0/3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := dumpSettlePark(t, 150, []float64{250}, func(p *model.Park) {
				p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 200, COP: 3}}
				if tc.ebKWTh > 0 {
					p.ElectricBoilers = []model.ElectricBoiler{{Name: "eb", CapacityKWTh: 100, Efficiency: 0.9}}
				}
			})
			s := settleOne(t, p, func(pl *Plan) {
				pl.CHPKW[0][0], pl.CHPKWTh[0][0], pl.CHPDumpKWTh[0][0] = 150, heat, 50
				pl.HeatPumpKWTh[0][0] = 60
				if tc.ebKWTh > 0 {
					pl.ElectricBoilerKWTh[0][0] = tc.ebKWTh
				}
			}, 500, heat-50+60+tc.ebKWTh)
			assert.InDelta(t, tc.short, s.UnservedKW[0], 1e-9)
			assert.InDelta(t, 150, s.CHPKW[0][0], 1e-9)
			assert.InDelta(t, 0, s.CHPDumpKWTh[0][0], 1e-9, "no heat dumped while a converter runs")
			assert.InDelta(t, tc.hpKWTh, s.HeatPumpKWTh[0][0], 1e-9)
			assert.InDelta(t, tc.hpKWTh/3, s.HeatPumpKW[0][0], 1e-9, "the pump's electricity follows its heat")
			if tc.ebKWTh > 0 {
				assert.InDelta(t, tc.ebTo, s.ElectricBoilerKWTh[0][0], 1e-9)
				assert.InDelta(t, tc.ebTo/0.9, s.ElectricBoilerKW[0][0], 1e-9)
			}
			assert.InDelta(t, 0, s.UnservedHeatKWTh[0], 1e-9)
			assert.InDelta(t, 300, s.ImportKW[0], 1e-9)
			// Power by hand: import + CHP = load − short + converters.
			assert.InDelta(t, 300+150, 500-tc.short+s.ConvertersKW(0), 1e-9)
			rep := checkSettledLedger(t, p, s)
			assert.InDelta(t, 0, rep.Heat.CHPDumpedKWhTh, 1e-9)
			assert.InDelta(t, 150/0.35, s.CHPFuelKW[0][0], 1e-9, "the fuel burnt is the same")
		})
	}
}
