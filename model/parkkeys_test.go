package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fullPark is validPark with every optional key set too, so that its JSON
// holds every key of the park file, and the weather-driven assets first.
func fullPark() *Park {
	p := validPark()
	p.Loads[0].Scale = 1.5
	p.PV[0], p.PV[1] = p.PV[1], p.PV[0]
	p.Wind[0], p.Wind[1] = p.Wind[1], p.Wind[0]
	w := p.PV[0].Weather
	w.ElevationM, w.TempColumn, w.WindSpeedColumn = 50, "temp", "wind"
	w.SunOffsetMinutes, w.TempCoeffPerC, w.LossesFraction = Float(10), Float(-0.004), Float(0.1)
	w.InverterEfficiency, w.DCACRatio, w.Albedo, w.SkyModel = 0.97, 1.1, Float(0.25), "isotropic"
	ww := p.Wind[0].Weather
	ww.ShearExponent, ww.TempColumn, ww.PressureColumn = Float(0.2), "temp", "pressure"
	// A power curve is a turbine of its own: beside one, the generic
	// curve's speeds are refused.
	p.Wind = append(p.Wind, WindTurbine{Name: "rotor", CapacityKW: 50, Weather: &WindWeather{
		SpeedColumn: "speed", MeasurementHeightM: 10, HubHeightM: 60,
		Curve: []CurvePoint{{SpeedMS: 3, KWPerKW: 0}, {SpeedMS: 12, KWPerKW: 1}, {SpeedMS: 25, KWPerKW: 0.95}}}})
	p.Batteries[0].WearCostPerKWh = 0.01
	p.Batteries = append(p.Batteries, p.Batteries[0])
	p.Batteries[1].Name = "b2"
	p.Grid.DispatchCarbon.Source = "test"
	p.Grid.AccountingCarbon = &CarbonSignal{KgCO2ePerKWh: 0.5, Kind: Average, Source: "national"}
	p.Grid.ImportPrice = &Price{PerKWh: 0.12, TimeOfUse: []TOUPeriod{
		{FromHour: 8, ToHour: 22, Days: Weekdays, Months: []int{6, 7, 8}, PerKWh: 0.18},
		{FromHour: 23, ToHour: 7, PerKWh: 0.06}}}
	p.Grid.ExportPrice = &Price{PerKWh: 0.03, TimeOfUse: []TOUPeriod{{FromHour: 10, ToHour: 14, Days: AllDays, PerKWh: 0.01}}}
	p.Grid.DemandChargePerKWMonth = 12.5
	p.Grid.ImportLimitKW = 2000 // finite: economics.grid_connection raises it
	offsetPrice, certificatePrice := 15.0, 5.0
	p.Market = &Market{OffsetsHeldTCO2e: 10, CertificatesHeldMWh: 20,
		OffsetPricePerTCO2e: &offsetPrice, CertificatePricePerMWh: &certificatePrice}
	yes := true
	p.StageThresholds = &StageThresholds{CleanShareMinFraction: ptr(0.8), RequireCleanShare: &yes,
		CarbonTCO2PerTceMax: ptr(0.15), CarbonTCO2PerTceMaxLarge: ptr(0.25), LargeParkTcePerYear: ptr(5e5),
		KgcePerKWh: ptr(0.404), LowCarbonRenewableShareMinFraction: ptr(0.25), LowCarbonReductionMinFraction: ptr(0.4),
		UnservedToleranceFraction: ptr(0.002), Source: "a regional indicator set"}
	p.StageThresholdsByYear = []YearStageThresholds{
		{Year: 2027, StageThresholds: StageThresholds{CleanShareMinFraction: ptr(0.6), RequireCleanShare: &yes,
			CarbonTCO2PerTceMax: ptr(1.0), CarbonTCO2PerTceMaxLarge: ptr(1.1), LargeParkTcePerYear: ptr(1e6),
			KgcePerKWh: ptr(0.1229), LowCarbonRenewableShareMinFraction: ptr(0.2), LowCarbonReductionMinFraction: ptr(0.2),
			UnservedToleranceFraction: ptr(0.001), Source: "staged targets, 2027"}},
		{Year: 2030, StageThresholds: StageThresholds{CarbonTCO2PerTceMax: ptr(0.7)}}}
	p.Economics = fullEconomics()
	h := heatPark()
	p.HeatLoads, p.HeatPumps, p.ElectricBoilers, p.FuelBoilers = h.HeatLoads, h.HeatPumps, h.ElectricBoilers, h.FuelBoilers
	p.CHP, p.ThermalStorage, p.PurchasedHeat, p.Fuels = h.CHP, h.ThermalStorage, h.PurchasedHeat, h.Fuels
	// Every optional key in the first element of each heat list (the
	// first heat pump has both COP forms, which Validate refuses but the
	// reader takes).
	p.HeatLoads[0].Scale = 2
	p.HeatPumps[0].COP = 2.5
	p.HeatPumps[0].COPModel = &COPModel{Kind: Carnot, TempColumn: "temp_c", SinkTempC: 45, CarnotFraction: 0.45}
	p.PurchasedHeat[0].KgCO2ePerKWhTh, p.PurchasedHeat[0].KgcePerKWhTh = ptr(0.25), ptr(0.1229)
	p.PurchasedHeat[0].Source = "utility"
	p.CHP[0].VariableOMPerKWh = 0.0195
	p.CHP[0].HeatDumpKWTh = 300
	no := false
	p.Fuels[0].KgCO2ePerKWhLHV, p.Fuels[0].KgcePerKWhLHV, p.Fuels[0].Renewable = ptr(0.2), ptr(0.123), &no
	p.Fuels[0].Source = "supplier"
	return p
}

// fullEconomics sets every key of the economics object (CNY, so that no
// default applies).
func fullEconomics() *Economics {
	years := 30
	return &Economics{Currency: "CNY", CostYear: 2025, DiscountRatePerYear: ptr(0.05), AnalysisYears: &years,
		PV: &PVEconomics{CapitalPerKWp: ptr(3304), FixedOMPerKWpYear: ptr(40), LifetimeYears: ptr(25), MaxTotalKWp: 2000,
			CapitalIncentiveFraction: 0.1},
		Wind: &WindEconomics{CapitalPerKW: ptr(5000), FixedOMPerKWYear: ptr(150), LifetimeYears: ptr(20), MaxTotalKW: 5000, UnitKW: 2000,
			CapitalIncentiveFraction: 0.2},
		Battery: &BatteryEconomics{CapitalPerKWh: ptr(700), CapitalPerKW: ptr(300), FixedOMPerKWhYear: ptr(10),
			FixedOMPerKWYear: ptr(5), LifetimeYears: ptr(15), MaxTotalKWh: 8000, MaxTotalKW: 2000, UnitKWh: 2500, UnitKW: 1250,
			CapitalIncentiveFraction: 0.3},
		HeatPump: &HeatPumpEconomics{CapitalPerKWTh: ptr(4000), FixedOMPerKWThYear: ptr(20), LifetimeYears: ptr(20), MaxTotalKWTh: 50000,
			CapitalIncentiveFraction: 0.15},
		ThermalStorage: &ThermalStorageEconomics{CapitalPerKWhTh: ptr(200), FixedOMPerKWhThYear: ptr(1), LifetimeYears: ptr(30),
			MaxTotalKWhTh: 500000, CapitalIncentiveFraction: 0.05},
		ElectricBoiler: &ElectricBoilerEconomics{CapitalPerKWTh: ptr(600), FixedOMPerKWThYear: ptr(5), LifetimeYears: ptr(20), MaxTotalKWTh: 20000,
			CapitalIncentiveFraction: 0.25},
		CHP: &CHPEconomics{CapitalPerKW: ptr(6000), FixedOMPerKWYear: ptr(100), LifetimeYears: ptr(20), MaxTotalKW: 2000, UnitKW: 500,
			CapitalIncentiveFraction: 0.12},
		FuelBoiler: &FuelBoilerEconomics{CapitalPerKWTh: ptr(400), FixedOMPerKWThYear: ptr(8), LifetimeYears: ptr(20), MaxTotalKWTh: 5000,
			UnitKWTh: 1000, CapitalIncentiveFraction: 0.08},
		GridConnection: &GridConnectionEconomics{CapitalPerKW: ptr(900), FixedOMPerKWYear: ptr(9), LifetimeYears: ptr(40), MaxTotalKW: 4000,
			UnitKW: 1000, CapitalIncentiveFraction: 0.4}}
}

// update rewrites the generated key tables in README.md and doc.go.
var update = flag.Bool("update", false, "rewrite the park key tables in README.md and doc.go")

// jsonTree is fullPark as generic JSON, to edit.
func jsonTree(t *testing.T) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, fullPark().WriteJSON(&buf))
	var m map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &m))
	return m
}

// objectAt finds the object at a rule path: "batteries[]" is the first
// battery, "wind[].weather.power_curve[]" the first point of the first
// turbine that has a power curve (fullPark's "rotor", [curveTurbine]).
func objectAt(t *testing.T, root map[string]any, path string) map[string]any {
	t.Helper()
	if path == "" {
		return root
	}
	v, ok := walkPath(root, strings.Split(path, "."))
	require.True(t, ok, "fullPark has no object at %s", path)
	require.IsType(t, map[string]any{}, v, path)
	return v.(map[string]any)
}

// walkPath follows segs from v, taking in each list the first element
// the rest of the path is found in.
func walkPath(v any, segs []string) (any, bool) {
	if len(segs) == 0 {
		return v, true
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, false
	}
	seg := segs[0]
	next, ok := m[strings.TrimSuffix(seg, "[]")]
	if !ok {
		return nil, false
	}
	if !strings.HasSuffix(seg, "[]") {
		return walkPath(next, segs[1:])
	}
	list, _ := next.([]any)
	for _, e := range list {
		if got, ok := walkPath(e, segs[1:]); ok {
			return got, true
		}
	}
	return nil, false
}

// curveTurbine is fullPark's turbine with a power curve (the others have
// the generic curve's speeds, refused beside a curve): its index and name.
const (
	curveTurbineIndex = 2
	curveTurbine      = "rotor"
)

// errorWithKey is the one *JSONError of err about key ("" for a problem
// not at a key).
func errorWithKey(t *testing.T, err error, key string) *JSONError {
	t.Helper()
	var found []*JSONError
	for _, je := range jsonErrors(t, err) {
		if je.Key == key {
			found = append(found, je)
		}
	}
	require.Len(t, found, 1, "errors about key %q in %v", key, err)
	return found[0]
}

// jsonErrors flattens err into its *JSONError parts.
func jsonErrors(t *testing.T, err error) []*JSONError {
	t.Helper()
	var out []*JSONError
	var walk func(error)
	walk = func(e error) {
		if je, ok := e.(*JSONError); ok {
			out = append(out, je)
			return
		}
		j, ok := e.(interface{ Unwrap() []error })
		require.True(t, ok, "error %T %q is not a *JSONError", e, e)
		for _, x := range j.Unwrap() {
			walk(x)
		}
	}
	walk(err)
	return out
}

// offsetOf turns a JSONError's line and column back into a byte offset.
func offsetOf(data []byte, line, col int) int {
	off := 0
	for range line - 1 {
		off += bytes.IndexByte(data[off:], '\n') + 1
	}
	return off + col - 1
}

// assetOf is how errors name fullPark's first element of a list (when
// key, of the object at path, is not its name), or "" outside the asset
// lists.
func assetOf(path, key string) string {
	list, _, _ := strings.Cut(path, "[]")
	names := map[string]string{"loads": "factory", "pv": "carport", "wind": "mast", "batteries": "b1",
		"heat_loads": "factory heat", "heat_pumps": "hp air", "electric_boilers": "e-boiler", "fuel_boilers": "gas boiler",
		"chp": "engine", "thermal_storage": "tank", "purchased_heat": "district steam", "fuels": "natural_gas"}
	n, ok := names[list]
	switch {
	case list == "stage_thresholds_by_year": // a list whose elements have no name
		return list + "[0]"
	case !ok || !strings.Contains(path, "[]"):
		return ""
	case path == list+"[]" && key == "name":
		return list + "[0]"
	case strings.HasPrefix(path, "wind[].weather.power_curve"):
		return fmt.Sprintf("wind[%d] %q", curveTurbineIndex, curveTurbine)
	}
	return fmt.Sprintf("%s[0] %q", list, n)
}

// keyOf is the key path an error gives for key of the object at path.
func keyOf(path, key string) string {
	if list, rest, ok := strings.Cut(path, "[]"); ok && !strings.Contains(list, ".") { // in an asset
		rest = strings.ReplaceAll(strings.TrimPrefix(rest, "."), "[]", "[0]")
		return join(rest, key)
	}
	return join(strings.ReplaceAll(path, "[]", "[0]"), key)
}

// Every required key of every object, taken out or set to null, is an
// error that points at the enclosing object and names the asset and the
// key; every optional key can be left out.
func TestEveryRequiredKeyIsRequired(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, fullPark().WriteJSON(&buf))
	_, err := ReadParkJSON(&buf, "full.json")
	require.NoError(t, err, "the full park reads")

	read := func(t *testing.T, m map[string]any) ([]byte, error) {
		data, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		_, err = ReadParkJSON(bytes.NewReader(data), "park.json")
		return data, err
	}
	n := 0
	for _, r := range ParkKeys() {
		for _, obj := range strings.Split(r.Object, ", ") {
			for _, k := range r.Required {
				for _, null := range []bool{false, true} {
					name := fmt.Sprintf("%s.%s null=%v", obj, k, null)
					t.Run(name, func(t *testing.T) {
						m := jsonTree(t)
						o := objectAt(t, m, obj)
						require.Contains(t, o, k, "fullPark has every key")
						want := "required key is missing"
						if null {
							o[k], want = nil, "required key is null"
						} else {
							delete(o, k)
						}
						data, err := read(t, m)
						require.Error(t, err)
						assert.ErrorIs(t, err, ErrInvalid)
						errs := jsonErrors(t, err)
						require.Len(t, errs, 1, "%v", err)
						je := errs[0]
						assert.Equal(t, "park.json", je.File)
						assert.Equal(t, assetOf(obj, k), je.Asset)
						assert.Equal(t, keyOf(obj, k), je.Key)
						assert.Contains(t, err.Error(), want)
						assert.Equal(t, byte('{'), data[offsetOf(data, je.Line, je.Col)], "points at the enclosing object: %v", err)
					})
					n++
				}
			}
			if len(r.OneOf) > 0 {
				t.Run(obj+" one of", func(t *testing.T) {
					for _, emptyColumn := range []bool{false, true} {
						m := jsonTree(t)
						o := objectAt(t, m, obj)
						for _, k := range r.OneOf {
							delete(o, k)
						}
						if emptyColumn {
							o[r.OneOf[0]] = ""
						}
						_, err := read(t, m)
						require.Error(t, err)
						assert.ErrorIs(t, err, ErrInvalid)
						require.Len(t, jsonErrors(t, err), 1, "%v", err)
						assert.Contains(t, err.Error(), fmt.Sprintf("key %q: one of %s is required", obj, strings.Join(r.OneOf, ", ")))
					}
					for _, k := range r.OneOf {
						m := jsonTree(t)
						o := objectAt(t, m, obj)
						for _, other := range r.OneOf {
							delete(o, other)
						}
						o[k] = map[bool]any{true: "col", false: 0.0}[strings.HasPrefix(k, "column")]
						_, err := read(t, m)
						assert.NoError(t, err, "%s alone is enough", k)
					}
				})
			}
			for _, o := range r.Optional {
				t.Run(obj+"."+o.Key+" optional", func(t *testing.T) {
					m := jsonTree(t)
					delete(objectAt(t, m, obj), o.Key)
					_, err := read(t, m)
					assert.NoError(t, err)
				})
			}
		}
	}
	assert.Greater(t, n, 60, "every required key was tried")
}

// The errors a user sees: where, which asset, which key, why.
func TestReadParkJSONKeyErrors(t *testing.T) {
	const grid = `"grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}`
	const load = `"loads": [{"name": "l", "column_kw": "load_kw"}]`
	const battery = `"max_charge_kw": 1, "max_discharge_kw": 1, "charge_efficiency": 1, "discharge_efficiency": 1,
    "min_soc_fraction": 0, "max_soc_fraction": 1, "initial_soc_fraction": 0`
	tests := []struct {
		name string
		in   string
		want []string // one message per problem, each with its place
	}{
		{"no import limit (the issue's example)", "{\n  " + load + ",\n  \"grid\": {\n    \"export_limit_kw\": 5,\n" +
			"    \"dispatch_carbon\": {\"column_kgco2e_per_kwh\": \"co2\"}\n  }\n}",
			[]string{`model: park.json:3:11: key "grid.import_limit_kw": required key is missing: give a number in kW, or "unlimited" for no limit`}},
		{"null export limit", "{" + load + ",\n\"grid\": {\"import_limit_kw\": 1, \"export_limit_kw\": null, \"dispatch_carbon\": {\"kgco2e_per_kwh\": 0}}}",
			[]string{`model: park.json:2:9: key "grid.export_limit_kw": required key is null: give a number in kW, or "unlimited" for no limit (0 forbids export)`}},
		{"no grid", "{" + load + "}", []string{`model: park.json:1:1: key "grid": required key is missing`}},
		{"battery energy, by index and name", "{" + load + ", " + grid + `,
  "batteries": [
    {"name": "B1", "energy_kwh": 5, ` + battery + `},
    {"name": "B2", ` + battery + `}]}`,
			[]string{`model: park.json:5:5: batteries[1] "B2": key "energy_kwh": required key is missing`}},
		{"all at once", "{" + load + `,
  "pv": [{"capacity_kwp": 5, "weather": {"latitude_deg": 1, "longitude_deg": 1, "tilt_deg": 1,
     "ghi_column_w_m2": "g", "dni_column_w_m2": "d", "dhi_column_w_m2": "h"}}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": {"column_kgco2e_per_kwh": ""}}}`,
			[]string{
				`model: park.json:2:41: pv[0]: key "weather.azimuth_deg": required key is missing`,
				`model: park.json:2:10: pv[0]: key "name": required key is missing`,
				`model: park.json:4:85: key "grid.dispatch_carbon": one of column_kgco2e_per_kwh, kgco2e_per_kwh is required (a non-empty column name or a constant)`,
			}},
		{"duplicate key", "{\n  \"name\": \"a\",\n  " + load + ",\n  \"name\": \"b\", " + grid + "}",
			[]string{`model: park.json:4:3: key "name": duplicate key (first at line 2)`}},
		{"duplicate nested key", "{" + load + ", " + grid + `,
  "wind": [{"name": "w", "capacity_kw": 5, "weather": {"speed_column_m_s": "s", "measurement_height_m": 10,
    "hub_height_m": 80, "hub_height_m": 90}}]}`,
			[]string{`model: park.json:3:25: wind[0] "w": key "weather.hub_height_m": duplicate key (first at line 3)`}},
		{"duplicate in a curve point", "{" + load + ", " + grid + `,
  "wind": [{"name": "w", "capacity_kw": 5, "weather": {"speed_column_m_s": "s", "measurement_height_m": 10,
    "hub_height_m": 80, "power_curve": [{"speed_m_s": 1, "kw_per_kw": 0}, {"speed_m_s": 2, "speed_m_s": 3}]}}]}`,
			[]string{
				`model: park.json:3:92: wind[0] "w": key "weather.power_curve[1].speed_m_s": duplicate key (first at line 3)`,
				`model: park.json:3:75: wind[0] "w": key "weather.power_curve[1].kw_per_kw": required key is missing`,
			}},
		{"null battery", "{" + load + ", " + grid + `, "batteries": [null]}`,
			[]string{`model: park.json:1:164: key "batteries[0]": null element: want an object`}},
		{"null curve point", "{" + load + ", " + grid + `,
  "wind": [{"name": "w", "capacity_kw": 5, "weather": {"speed_column_m_s": "s", "measurement_height_m": 10,
    "hub_height_m": 80, "power_curve": [null]}}]}`,
			[]string{`model: park.json:3:41: wind[0] "w": key "weather.power_curve[0]": null element: want an object`}},
		{"key in another case", "{" + load + `, "grid": {"import_limit_kw": 1, "Export_Limit_KW": 1,
  "dispatch_carbon": {"KgCO2e_Per_KWh": 0.5}}}`,
			[]string{
				`model: park.json:1:83: key "grid.Export_Limit_KW": unknown key: keys are case-sensitive (did you mean "export_limit_kw"?)`,
				`model: park.json:2:23: key "grid.dispatch_carbon.KgCO2e_Per_KWh": unknown key: keys are case-sensitive (did you mean "kgco2e_per_kwh"?)`,
			}},
		{"duplicate in another case", "{" + load + ", " + grid + `, "Loads": []}`,
			[]string{`model: park.json:1:150: key "Loads": unknown key: keys are case-sensitive (did you mean "loads"?)`}},
		{"empty price", "{" + load + `, "grid": {"import_limit_kw": 1, "export_limit_kw": 1,
  "dispatch_carbon": {"kgco2e_per_kwh": 0.5}, "import_price": {}}}`,
			[]string{`model: park.json:2:63: key "grid.import_price": one of column_per_kwh, per_kwh is required (a non-empty column name or a constant)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadParkJSON(strings.NewReader(tc.in), "park.json")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			var got []string
			for _, je := range jsonErrors(t, err) {
				got = append(got, je.Error())
			}
			assert.ElementsMatch(t, tc.want, got)
		})
	}
}

// A byte-order mark is skipped, and positions count from after it.
func TestReadParkJSONByteOrderMark(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, validPark().WriteJSON(&buf))
	p, err := ReadParkJSON(strings.NewReader("\uFEFF"+buf.String()), "bom.json")
	require.NoError(t, err)
	assert.Equal(t, validPark(), p)

	for _, in := range []string{
		`{"loads": [], "grid": {}}`,    // missing keys
		`{"loads": [], "grid": {}, x}`, // syntax
		`{"loads": [], "colour": 1}`,   // unknown key
		`{"loads": [], "loads": []}`,   // duplicate
	} {
		_, plain := ReadParkJSON(strings.NewReader(in), "p.json")
		_, bom := ReadParkJSON(strings.NewReader("\uFEFF"+in), "p.json")
		require.Error(t, plain)
		assert.ErrorIs(t, bom, ErrInvalid)
		assert.Equal(t, plain.Error(), bom.Error(), in)
	}
}

// A key given twice is an error even where nothing else is checked.
func TestDuplicateKeysEverywhere(t *testing.T) {
	for _, path := range []string{"", "loads[]", "pv[].weather", "grid", "grid.dispatch_carbon", "grid.accounting_carbon"} {
		m := jsonTree(t)
		o := objectAt(t, m, path)
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		key := keys[0]
		data, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		// Repeat the object's first key, with the same value, before it.
		val, err := json.Marshal(o[key])
		require.NoError(t, err)
		needle := fmt.Sprintf("%q: %s", key, val)
		i := indexInObject(t, data, path, key)
		dup := append(append(append([]byte{}, data[:i]...), []byte(needle+", ")...), data[i:]...)
		_, err = ReadParkJSON(bytes.NewReader(dup), "dup.json")
		require.Error(t, err, "%s.%s", path, key)
		assert.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), fmt.Sprintf("%q: duplicate key (first at line", keyOf(path, key)))
	}
}

// indexInObject is the offset of key in the object at path in data.
func indexInObject(t *testing.T, data []byte, path, key string) int {
	t.Helper()
	root, err := scanJSON(data)
	require.NoError(t, err)
	n := root
	if path != "" {
		for _, seg := range strings.Split(path, ".") {
			n = n.get(strings.TrimSuffix(seg, "[]"))
			if strings.HasSuffix(seg, "[]") {
				n = n.elems[0]
			}
		}
	}
	for _, k := range n.keys {
		if k.name == key {
			return k.off
		}
	}
	t.Fatalf("no key %q at %q", key, path)
	return 0
}

// Objects owned by other parts of the tree (the optional market object)
// have no rules here; nothing inside them is required.
var keysOwnedElsewhere = map[string]bool{}

// ParkKeys names every key of the park's types exactly once, and nothing
// else.
func TestParkKeysCoverTheTypes(t *testing.T) {
	got := map[string][]string{} // object → keys, from the types
	var walk func(obj string, typ reflect.Type)
	walk = func(obj string, typ reflect.Type) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if key == "" || key == "-" || (obj == "" && keysOwnedElsewhere[key]) {
				continue
			}
			got[obj] = append(got[obj], key)
			ft := f.Type
			path := join(obj, key)
			for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice {
				if ft.Kind() == reflect.Slice {
					path += "[]"
				}
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				walk(path, ft)
			}
		}
	}
	walk("", reflect.TypeFor[parkFile]()) // Park's keys and "$schema"

	want := map[string][]string{}
	for _, r := range ParkKeys() {
		keys := append(append([]string{}, r.Required...), r.OneOf...)
		for _, o := range r.Optional {
			keys = append(keys, o.Key)
		}
		for _, obj := range strings.Split(r.Object, ", ") {
			require.NotContains(t, want, obj, "object %q has two rules", obj)
			want[obj] = keys
		}
	}
	for obj := range got {
		sort.Strings(got[obj])
		sort.Strings(want[obj])
	}
	assert.Equal(t, want, got, "ParkKeys must list every key of the park's types (required, one of, or optional with its default)")
}

// The README's table and doc.go's list are ParkKeys rendered.
func TestKeyTablesMatch(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	const begin, end = "<!-- park-keys:begin", "<!-- park-keys:end -->"
	s := string(readme)
	i, j := strings.Index(s, begin), strings.Index(s, end)
	require.True(t, i >= 0 && j > i, "README.md has the park-keys markers")
	start := i + strings.Index(s[i:], "\n") + 1
	if *update {
		s = s[:start] + keyTableMarkdown() + s[j:]
		require.NoError(t, os.WriteFile("../README.md", []byte(s), 0o644))
	}
	assert.Equal(t, keyTableMarkdown(), s[start:j], "README.md's park key table is out of date: go test ./model -run TestKeyTablesMatch -update")

	doc, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	var want strings.Builder
	for _, l := range strings.SplitAfter(keyListDoc(), "\n") {
		if l != "" {
			want.WriteString("// " + l)
		}
	}
	if *update {
		// The list is the block of "//   - " lines after "[ParkKeys] holds".
		d := string(doc)
		k := strings.Index(d, "//   - park: ")
		require.True(t, k >= 0, "doc.go has the park key list")
		e := k
		for strings.HasPrefix(d[e:], "//   - ") {
			e += strings.Index(d[e:], "\n") + 1
		}
		d = d[:k] + want.String() + d[e:]
		require.NoError(t, os.WriteFile("doc.go", []byte(d), 0o644))
		doc = []byte(d)
	}
	assert.Contains(t, string(doc), want.String(), "doc.go's park key list is out of date: go test ./model -run TestKeyTablesMatch -update")
}

// The reader and the writer agree: what WriteJSON writes has every
// required key, for valid parks and for odd ones (zero constants, no lists).
func TestWriteJSONWritesRequiredKeys(t *testing.T) {
	for _, p := range []*Park{
		fullPark(),
		{Grid: Grid{ImportLimitKW: 0, ExportLimitKW: Unlimited}},
		{Grid: Grid{AccountingCarbon: &CarbonSignal{}, ImportPrice: &Price{}, ExportPrice: &Price{Column: "p", PerKWh: 2}}},
	} {
		var buf bytes.Buffer
		require.NoError(t, p.WriteJSON(&buf))
		got, err := ReadParkJSON(&buf, "w.json")
		require.NoError(t, err, buf.String())
		assert.Equal(t, p, got)
	}
}

func TestCheckKeysNeverPanicsOnItsOwn(t *testing.T) {
	// checkKeys expects decoded input; on anything else it errors.
	for _, in := range []string{"", "{", `{"a": }`, "[1, 2", `{"a": 1e400}`} {
		err := checkKeys([]byte(in), "x.json")
		if err != nil {
			assert.True(t, errors.Is(err, ErrInvalid), "%q: %v", in, err)
		}
	}
}

// An empty power curve is an error: encoding/json reads [] as no curve,
// which would silently mean the generic one.
func TestEmptyPowerCurveRefused(t *testing.T) {
	read := func(t *testing.T, m map[string]any) (*Park, error) {
		data, err := json.MarshalIndent(m, "", "  ")
		require.NoError(t, err)
		return ReadParkJSON(bytes.NewReader(data), "p.json")
	}
	m := jsonTree(t)
	curved := m["wind"].([]any)[curveTurbineIndex].(map[string]any)["weather"].(map[string]any)
	require.Contains(t, curved, "power_curve")
	curved["power_curve"] = []any{}
	_, err := read(t, m)
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `key "weather.power_curve": empty power curve`)
	assert.Contains(t, err.Error(), "p.json:")

	delete(curved, "power_curve")
	_, err = read(t, m)
	assert.NoError(t, err, "leaving the key out is how to ask for the generic curve")
}

// checkKeys is scanKeys' error alone.
func checkKeys(data []byte, file string) error {
	_, err := scanKeys(data, file)
	return err
}
