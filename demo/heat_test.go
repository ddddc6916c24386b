package demo

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// heatTenants are the heat demo's buildings: the CRB column prefix, the
// annual electricity (kWh, loads_baltimore_crb_kw.json annual_kwh) and the
// annual boiler fuel of space heating and hot water (MMBtu, REopt's
// space_heating_annual_mmbtu.json and domestic_hot_water_annual_mmbtu.json
// as listed in heat_baltimore_crb_kw.json).
var heatTenants = []struct {
	prefix         string
	annualKWh      float64
	shMMBtu, dhwMM float64
}{
	{"hospital", 8_895_223, 11253.61694, 681.9322322},
	{"outpatient_clinic", 1_623_103, 3285.227941, 41.96148216},
	{"large_hotel", 2_534_272, 3731.0254619999996, 6358.710286},
	{"secondary_school", 2_698_987, 6557.634924, 417.9512972},
	{"supermarket", 2_018_760, 2929.182261, 23.15795696},
	{"midrise_apartment", 273_225, 1132.964052, 270.1195541},
	{"full_service_restaurant", 341_893, 657.1337578, 240.338156},
	{"medium_office", 945_425, 116.8101842, 32.52815422},
}

// The heat demo: its files, its loads against the source totals, its
// heat assets sized as documented, and the model's view of it (valid,
// resolves with a COP for every hour).
func TestHeatDemo(t *testing.T) {
	pj, sc, err := Files("greensboro-heat")
	require.NoError(t, err)
	assert.Less(t, len(sc), 2<<20, "series CSV should stay under 2 MiB")
	tb := parseSeries(t, sc)
	require.Len(t, tb.times, 8760)
	assert.Equal(t, "2023-01-01T00:00:00-05:00", tb.times[0].Format(time.RFC3339))
	assert.Equal(t, "2023-12-31T23:00:00-05:00", tb.times[8759].Format(time.RFC3339))
	for _, n := range tb.names {
		require.Len(t, tb.cols[n], 8760, n)
	}

	p := parsePark(t, pj)
	require.Len(t, p.Loads, len(heatTenants))
	require.Len(t, p.HeatLoads, 2*len(heatTenants))
	for _, c := range referencedColumns(p) {
		assert.Contains(t, tb.cols, c, "park references column %q", c)
	}
	assert.Equal(t, "mida_co2_kg_per_kwh", p.Grid.DispatchCarbon.Column)
	assert.Equal(t, model.Marginal, p.Grid.DispatchCarbon.Kind)

	// Every heat load names its tenant, its kind and its source column,
	// two per building (space heating and hot water).
	tenant := map[string]string{} // electric load name → column prefix
	for _, l := range p.Loads {
		tenant[l.Name] = strings.TrimSuffix(l.Column, "_kw")
	}
	for i, h := range p.HeatLoads {
		prefix, ok := tenant[h.Tenant]
		require.True(t, ok, "heat load %q names tenant %q", h.Name, h.Tenant)
		want := map[bool]struct {
			col  string
			kind model.HeatKind
		}{true: {prefix + "_space_heating_kwth", model.SpaceHeating}, false: {prefix + "_dhw_kwth", model.HotWater}}[i%2 == 0]
		assert.Equal(t, want.col, h.Column)
		assert.Equal(t, want.kind, h.Kind)
	}

	// Annual energy against the source totals: electricity, the CRB
	// annual kWh; heat, REopt's boiler fuel × 0.8 × 293.07107 kWh/MMBtu
	// (the shared file's documented conversion). Rounding the hourly
	// values to 4 decimals moves a column by at most 8760 × 0.00005 kWh.
	var elecKWh, heatKWh, wantElec, wantHeat, peakElecKW, peakHeatKW float64
	peakHour := 0
	for _, b := range heatTenants {
		wantElec += b.annualKWh
		wantHeat += (b.shMMBtu + b.dhwMM) * 0.8 * 293.07107
	}
	for h := range 8760 {
		e, q := 0.0, 0.0
		for _, l := range p.Loads {
			e += tb.cols[l.Column][h]
		}
		for _, l := range p.HeatLoads {
			q += tb.cols[l.Column][h]
		}
		elecKWh += model.EnergyKWh(e, time.Hour)
		heatKWh += model.EnergyKWh(q, time.Hour)
		peakElecKW = max(peakElecKW, e)
		if q > peakHeatKW {
			peakHeatKW, peakHour = q, h
		}
	}
	t.Logf("electricity %.0f kWh (peak %.0f kW), heat %.0f kWh_th (peak %.0f kW_th at %s)",
		elecKWh, peakElecKW, heatKWh, peakHeatKW, tb.times[peakHour].Format(time.RFC3339))
	assert.InDelta(t, wantElec, elecKWh, 8*8760*0.00005)
	assert.InDelta(t, 19_330_888, wantElec, 0.5)
	assert.InDelta(t, wantHeat, heatKWh, 16*8760*0.00005)
	assert.InDelta(t, 8_846_126, heatKWh, 1)
	assert.Equal(t, time.January, tb.times[peakHour].Month(), "the heat peak is a winter morning")

	// Gas boilers today cover the peak heat load on their own; the
	// candidates are smaller than the peak; the grid carries the peak
	// electric load plus the heat pump and electric boiler at full output
	// and the worst COP of the model (1.818 at a 60 K lift).
	tot := p.HeatTotals()
	require.Len(t, p.FuelBoilers, 2)
	for _, b := range p.FuelBoilers {
		assert.Equal(t, "natural_gas", b.Fuel)
		assert.Equal(t, 0.8, b.EfficiencyLHV, "REopt's existing-boiler efficiency, which the heat data assume")
	}
	assert.GreaterOrEqual(t, tot.FuelBoilerKWTh, peakHeatKW)
	assert.Less(t, tot.FuelBoilerKWTh, 1.2*peakHeatKW, "sized to the peak, not far beyond")
	assert.Less(t, tot.HeatPumpKWTh+tot.ElectricBoilerKWTh, peakHeatKW)
	require.Len(t, p.HeatPumps, 1)
	require.NotNil(t, p.HeatPumps[0].COPModel)
	assert.Equal(t, model.StaffellAir, p.HeatPumps[0].COPModel.Kind)
	require.Len(t, p.ThermalStorage, 1)
	elecBoiler := p.ElectricBoilers[0]
	worst := peakElecKW + tot.HeatPumpKWTh/model.StaffellAirCOP(60) + elecBoiler.CapacityKWTh/elecBoiler.Efficiency
	assert.Greater(t, p.Grid.ImportLimitKW, worst)

	// The model reads it, validates it against its series and resolves
	// its heat side: the COP follows the TMY3 temperature.
	park, set, err := Load("greensboro-heat")
	require.NoError(t, err)
	require.NoError(t, park.ValidateWith(set))
	require.True(t, park.HasHeat())
	gas, ok := park.Fuel("natural_gas")
	require.True(t, ok)
	assert.Equal(t, 0.035, gas.PricePerKWhLHV)
	for i := range park.PV {
		require.NoError(t, set.SetColumn(model.DerivedColumn("pv", park.PV[i].Name), make([]float64, set.Len)))
	}
	prof, err := model.Resolve(park, set)
	require.NoError(t, err)
	require.Len(t, prof.HeatPumpCOP, 1)
	temp := set.Columns["temp_c"]
	for _, h := range []int{0, 391, 4000, 8759} {
		assert.InDelta(t, model.StaffellAirCOP(55-temp[h]), prof.HeatPumpCOP[0][h], 1e-12, "hour %d", h)
	}
	assert.InDelta(t, peakHeatKW, prof.TotalHeatLoadKWTh(peakHour), 1e-6)
	minCOP := math.Inf(1)
	for _, c := range prof.HeatPumpCOP[0] {
		minCOP = min(minCOP, c)
	}
	assert.InDelta(t, 1.818, minCOP, 1e-9, "the coldest TMY3 hours (−16.7 °C) hold the lift at 60 K")
}

// The data README documents the heat demo: its file, its columns and
// their source, and the licences.
func TestHeatDemoProvenance(t *testing.T) {
	readme, err := os.ReadFile("data/README.md")
	require.NoError(t, err)
	text := string(readme)
	has := func(text, want, what string) {
		t.Helper()
		assert.True(t, strings.Contains(text, want), "%s does not mention %q", what, want)
	}
	for _, want := range []string{
		"`greensboro_heat_tmy3.csv`", "`greensboro-heat`", "heat_baltimore_crb_kw", "space_heating/crb8760_norm_Baltimore_",
		"domestic_hot_water/crb8760_norm_Baltimore_", "0.8 × 293.07107", "`mida_co2_kg_per_kwh`", "Staffell",
	} {
		has(text, want, "data/README.md")
	}
	_, sc, err := Files("greensboro-heat")
	require.NoError(t, err)
	header, _, _ := strings.Cut(string(sc), "\n")
	for _, col := range strings.Split(header, ",")[1:] {
		// Each column is named in the README; a building's two heat
		// columns as "<building>_*_kwth".
		if strings.HasSuffix(col, "_space_heating_kwth") || strings.HasSuffix(col, "_dhw_kwth") {
			has(text, "`"+strings.TrimSuffix(strings.TrimSuffix(col, "_space_heating_kwth"), "_dhw_kwth")+"_*_kwth`", "data/README.md")
			continue
		}
		has(text, "`"+col+"`", "data/README.md")
	}
	licences, err := os.ReadFile("data/LICENSES.md")
	require.NoError(t, err)
	has(string(licences), "greensboro_heat_tmy3.csv", "data/LICENSES.md")
}
