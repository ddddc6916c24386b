package plots_test

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/floats"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plots"
)

// heatRun is the synthetic park with a heat side — a heat pump whose COP
// follows the hour, a gas boiler and a hot-water store — dispatched by the
// self-consumption rule (which runs the heat pump on the PV surplus and
// charges the store from it) over n hours.
func heatRun(t *testing.T, n int) (*model.Park, *dispatch.Schedule) {
	t.Helper()
	p := synthPark()
	p.HeatLoads = []model.HeatLoad{{Name: "office heat", Column: "h", Tenant: "office"}}
	p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 150, COP: 3}}
	p.FuelBoilers = []model.FuelBoiler{{Name: "boiler", CapacityKWTh: 400, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 300, MaxChargeKWTh: 100, MaxDischargeKWTh: 100,
		MaxSoCFraction: 1, InitialSoCFraction: 0.2, StandingLossPerHour: 0.01}}
	require.NoError(t, p.Validate())
	s := synthSchedule(p, synthStart, n)
	mk := func(f func(t int) float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = f(i)
		}
		return v
	}
	prof := &model.Profiles{Start: synthStart, Step: time.Hour, Len: n,
		LoadKW: [][]float64{s.LoadKW}, PVAvailKW: s.PVAvailKW, WindAvailKW: s.WindAvailKW,
		DispatchKgCO2ePerKWh: s.DispatchKgCO2ePerKWh, AccountingKgCO2ePerKWh: s.AccountingKgCO2ePerKWh,
		HeatLoadKWTh:                [][]float64{mk(func(i int) float64 { return 150 + 100*math.Cos(2*math.Pi*float64(i%24)/24) })},
		HeatPumpCOP:                 [][]float64{mk(func(i int) float64 { return 2.5 + 0.7*math.Sin(2*math.Pi*float64(i%24-9)/24) })},
		PurchasedHeatKgCO2ePerKWhTh: [][]float64{}, PurchasedHeatPricePerKWhTh: [][]float64{}}
	res, err := dispatch.SelfConsumption(p, prof, dispatch.DefaultConfig())
	require.NoError(t, err)
	require.NoError(t, res.Schedule.Check(p))
	return p, res.Schedule
}

// The dispatch week of a park with heat has a heat panel (the sources
// stacked, the store's charge below zero, the heat load), the heat stored
// and the emissions by source, in a taller figure; its title's totals are
// the window's sums, computed here from the schedule's columns.
func TestDispatchWeekHeat(t *testing.T) {
	p, s := heatRun(t, 24*10)
	from := synthStart.Add(24 * time.Hour)
	dir := t.TempDir()
	png := filepath.Join(dir, "week.png")
	require.NoError(t, plots.SaveDispatchWeek(png, p, s, from, 7, nil))
	checkPNG(t, readFile(t, png), 1200, 1250)

	f, err := plots.DispatchWeek(p, s, from, 7, nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	_, _, text := svgInfo(t, []byte(sb.String()))
	for _, want := range []string{"heat (kW_th)", "heat stored", "(kWh_th)", "heat pumps", "fuel boilers", "store discharge",
		"store charge (−)", "heat load", "heat pumps, e-boilers (−)", "stored heat, tank", "max stored 300 kWh_th",
		"grid electricity", "fuel", "power (kW)", "stored energy (kWh)"} {
		assert.Contains(t, text, want)
	}
	var heat, fuel, em float64
	for i := 24; i < 24+7*24; i++ {
		heat += s.HeatLoadKWTh[i]
		fuel += s.FuelBoilerFuelKW[0][i]
		em += s.ImportKW[i]*s.AccountingKgCO2ePerKWh[i] + s.FuelKgCO2e[i] // Δt = 1 h
	}
	assert.Contains(t, text, fmt.Sprintf("heat %.1f MWh_th", heat/1000))
	assert.Contains(t, text, fmt.Sprintf("fuel %.1f MWh", fuel/1000))
	assert.Contains(t, text, fmt.Sprintf("emissions %.2f tCO2e", em/1000))
	// The renewable share is of the electricity used, the heat pump's draw
	// with the load's: the ledger's share over the whole period from the
	// same per-interval figures, and the window's in the title.
	ren, used, err := dispatch.RenewableUsedKWh(p, s)
	require.NoError(t, err)
	rep, err := dispatch.Account(p, s, dispatch.DefaultLedgerConfig())
	require.NoError(t, err)
	require.Positive(t, rep.Energy.ToHeat)
	assert.InDelta(t, rep.Energy.Used(), floats.Sum(used), 1e-6)
	assert.InDelta(t, rep.RenewableShare, floats.Sum(ren)/floats.Sum(used), 1e-12)
	wren, wused := floats.Sum(ren[24:24+7*24]), floats.Sum(used[24:24+7*24])
	var served, hpKWh float64
	for i := 24; i < 24+7*24; i++ {
		served += s.LoadKW[i] - s.UnservedKW[i]
		hpKWh += s.HeatPumpKW[0][i]
	}
	require.Positive(t, hpKWh)
	assert.InDelta(t, served+hpKWh, wused, 1e-6)
	assert.Contains(t, text, fmt.Sprintf("renewable share %.0f %%", 100*wren/wused))

	// Without a store, no heat-stored panel; an explicit height is kept.
	p.ThermalStorage = nil
	_, s2 := heatRun(t, 24*3)
	s2.InitialHeatSoCKWhTh, s2.HeatChargeKWTh, s2.HeatDischargeKWTh, s2.HeatSoCKWhTh = nil, [][]float64{}, [][]float64{}, [][]float64{}
	f, err = plots.DispatchWeek(p, s2, synthStart, 3, &plots.WeekOptions{HeightIn: 9})
	require.NoError(t, err)
	sb.Reset()
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	_, _, text = svgInfo(t, []byte(sb.String()))
	assert.Contains(t, text, "heat (kW_th)")
	assert.NotContains(t, text, "heat stored")
	assert.InDelta(t, 9*72, float64(f.Height), 1e-9)
}

// A CHP with a heat dump, on heatRun's park with a fifth of its heat load
// behind a grid that imports at most 40 % of the peak load: perfect foresight runs the CHP for its
// electricity and dumps the heat the load and the store cannot take. The
// heat panel draws the dumped heat below zero beside the store's charge
// (the sources above, CHP heat as made, less both, meet the heat load);
// a park without a dump has no such band.
func TestDispatchWeekHeatDump(t *testing.T) {
	p, s := heatRun(t, 24*3)
	peak := 0.0
	for _, v := range s.LoadKW {
		peak = math.Max(peak, v)
	}
	p.Grid.ImportLimitKW = 0.4 * peak
	p.CHP = []model.CHP{{Name: "engine", CapacityKW: 0.5 * peak, ElectricEfficiencyLHV: 0.4, ThermalEfficiencyLHV: 0.45,
		Fuel: "natural_gas", HeatDumpKWTh: peak}}
	require.NoError(t, p.Validate())
	n := s.Len
	heat := make([]float64, n) // a summer's heat load, a fifth of heatRun's
	for i, v := range s.HeatLoadKWTh {
		heat[i] = v / 5
	}
	prof := &model.Profiles{Start: s.Start, Step: s.Step, Len: n, LoadKW: [][]float64{s.LoadKW}, PVAvailKW: s.PVAvailKW,
		WindAvailKW: s.WindAvailKW, DispatchKgCO2ePerKWh: s.DispatchKgCO2ePerKWh, AccountingKgCO2ePerKWh: s.AccountingKgCO2ePerKWh,
		HeatLoadKWTh: [][]float64{heat}, HeatPumpCOP: s.HeatPumpCOP,
		PurchasedHeatKgCO2ePerKWhTh: [][]float64{}, PurchasedHeatPricePerKWhTh: [][]float64{}}
	res, err := dispatch.PerfectForesight(p, prof, dispatch.DefaultConfig())
	require.NoError(t, err)
	require.Positive(t, res.Report.Heat.CHPDumpedKWhTh, "the CHP dumps heat")
	text := func(p *model.Park, s *dispatch.Schedule) string {
		f, err := plots.DispatchWeek(p, s, s.Start, 3, nil)
		require.NoError(t, err)
		var sb strings.Builder
		_, err = f.WriteTo(&sb, plots.SVG)
		require.NoError(t, err)
		_, _, text := svgInfo(t, []byte(sb.String()))
		return text
	}
	assert.Contains(t, text(p, res.Schedule), "CHP heat dumped (−)")
	q, s0 := heatRun(t, 24*3)
	assert.NotContains(t, text(q, s0), "CHP heat dumped")
	png := filepath.Join(t.TempDir(), "week.png")
	require.NoError(t, plots.SaveDispatchWeek(png, p, res.Schedule, s.Start, 3, nil))
	checkPNG(t, readFile(t, png), 1200, 1250)
}
