package model

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// validFullPark is fullPark made valid (its first heat pump has both COP
// forms, which the reader takes and Validate refuses): a park file with
// every section and every key.
func validFullPark(t *testing.T) string {
	t.Helper()
	p := fullPark()
	p.HeatPumps[0].COP = 0
	require.NoError(t, p.Validate())
	var buf bytes.Buffer
	require.NoError(t, p.WriteJSON(&buf))
	return buf.String()
}

// readValidate reads data as file name and validates it: the park must
// read and must not validate.
func readValidate(t *testing.T, data, name string) []*FieldError {
	t.Helper()
	p, err := ReadParkJSON(strings.NewReader(data), name)
	require.NoError(t, err)
	err = p.Validate()
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrInvalid)
	return fieldErrors(t, err)
}

// TestValidateErrorsNameTheLine edits one key of a valid park file per
// section and checks that the validation error names the file and the
// line and column of that key, counted from the file's text here.
func TestValidateErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name     string
		old, new string // the edit: old must be in the file once
		at       at     // where the key is
		asset    string
		path     string
	}{
		{"load scale", `"scale": 1.5`, `"scale": -1`, at{`"scale": -1`, 0}, `load "factory"`, "loads[0].scale"},
		{"pv weather", `"tilt_deg": 30`, `"tilt_deg": 95`, at{`"tilt_deg"`, 0}, `pv "carport"`, "pv[0].weather.tilt_deg"},
		{"wind power curve", `"kw_per_kw": 1`, `"kw_per_kw": 1.5`, at{`"kw_per_kw"`, 1}, `wind "rotor"`,
			"wind[2].weather.power_curve[1].kw_per_kw"},
		{"second battery", `"name": "b2",
      "energy_kwh": 1000`, `"name": "b2",
      "energy_kwh": -1`, at{`"energy_kwh"`, 1}, `battery "b2"`, "batteries[1].energy_kwh"},
		{"duplicate name", `"name": "b2"`, `"name": "roof"`, at{`"name": "roof"`, 1}, `battery "roof"`, "batteries[1].name"},
		{"heat pump cop model", `"sink_temp_c": 45`, `"sink_temp_c": 5`, at{`"sink_temp_c"`, 0}, `heat pump "hp air"`,
			"heat_pumps[0].cop_model.sink_temp_c"},
		{"thermal store", `"energy_kwh_th": 1000`, `"energy_kwh_th": -5`, at{`"energy_kwh_th"`, 0}, `thermal store "tank"`,
			"thermal_storage[0].energy_kwh_th"},
		{"purchased heat", `"kgce_per_kwh_th": 0.1229`, `"kgce_per_kwh_th": -1`, at{`"kgce_per_kwh_th"`, 0}, `purchased heat "district steam"`,
			"purchased_heat[0].kgce_per_kwh_th"},
		{"chp variable O&M", `"variable_om_per_kwh": 0.0195`, `"variable_om_per_kwh": -0.02`, at{`"variable_om_per_kwh"`, 0}, `chp "engine"`,
			"chp[0].variable_om_per_kwh"},
		{"chp heat dump", `"heat_dump_kw_th": 300`, `"heat_dump_kw_th": -50`, at{`"heat_dump_kw_th"`, 0}, `chp "engine"`,
			"chp[0].heat_dump_kw_th"},
		{"fuel", `"kgce_per_kwh_lhv": 0.1228`, `"kgce_per_kwh_lhv": 0.5`, at{`"kgce_per_kwh_lhv"`, 1}, `fuel "biogas"`,
			"fuels[1].kgce_per_kwh_lhv"},
		{"fuel price", `"price_per_kwh_lhv": 0.03`, `"price_per_kwh_lhv": -0.035`, at{`"price_per_kwh_lhv"`, 0}, `fuel "natural_gas"`,
			"fuels[0].price_per_kwh_lhv"},
		{"purchased heat price", `"price_per_kwh_th": 0.05`, `"price_per_kwh_th": -0.01`, at{`"price_per_kwh_th"`, 0}, `purchased heat "district steam"`,
			"purchased_heat[0].price_per_kwh_th"},
		{"tariff", `"from_hour": 23`, `"from_hour": 25`, at{`"from_hour"`, 1}, "grid",
			"grid.import_price.time_of_use[1].from_hour"},
		{"tariff month", `"months": [
            6,`, `"months": [
            13,`, at{`13`, 0}, "grid", "grid.import_price.time_of_use[0].months[0]"},
		{"demand charge", `"demand_charge_per_kw_month": 12.5`, `"demand_charge_per_kw_month": -2`,
			at{`"demand_charge_per_kw_month"`, 0}, "grid", "grid.demand_charge_per_kw_month"},
		{"market", `"offsets_held_tco2e": 10`, `"offsets_held_tco2e": -1`, at{`"offsets_held_tco2e"`, 0}, "market",
			"market.offsets_held_tco2e"},
		{"stage thresholds", `"low_carbon_reduction_min_fraction": 0.4`, `"low_carbon_reduction_min_fraction": 40`,
			at{`"low_carbon_reduction_min_fraction"`, 0}, "stage_thresholds", "stage_thresholds.low_carbon_reduction_min_fraction"},
		{"stage thresholds by year", `"carbon_tco2_per_tce_max": 0.7`, `"carbon_tco2_per_tce_max": -0.7`,
			at{`"carbon_tco2_per_tce_max": -0.7`, 0}, "stage_thresholds_by_year[1]", "stage_thresholds_by_year[1].stage_thresholds.carbon_tco2_per_tce_max"},
		{"stage thresholds year out of order", `"year": 2030`, `"year": 2027`, at{`"year": 2027`, 1}, "stage_thresholds_by_year[1]",
			"stage_thresholds_by_year[1].year"},
		{"stage thresholds year out of range", `"year": 2027`, `"year": 27`, at{`"year": 27`, 0}, "stage_thresholds_by_year[0]",
			"stage_thresholds_by_year[0].year"},
		{"economics", `"discount_rate_per_year": 0.05`, `"discount_rate_per_year": 1`, at{`"discount_rate_per_year"`, 0},
			"economics", "economics.discount_rate_per_year"},
		{"economics technology", `"lifetime_years": 15`, `"lifetime_years": 0`, at{`"lifetime_years": 0`, 0},
			"economics", "economics.battery.lifetime_years"},
		// A key the file leaves out is placed at the object that lacks it.
		{"economics key left out", `"discount_rate_per_year": 0.05,`, ``, at{`"economics"`, 0},
			"economics", "economics.discount_rate_per_year"},
		// On one line, the column tells the keys apart.
		{"compact file", "", "", at{`"initial_soc_fraction"`, 0}, `battery "b1"`, "batteries[0].initial_soc_fraction"},
		{"no loads", "", "", at{`"loads"`, 0}, "park", "loads"},
	}
	files := map[string]string{
		"compact file": `{"loads": [{"name": "f", "column_kw": "l"}], "batteries": [{"name": "b1", "energy_kwh": 1, "max_charge_kw": 1, "max_discharge_kw": 1, "charge_efficiency": 1, "discharge_efficiency": 1, "min_soc_fraction": 0.2, "max_soc_fraction": 0.8, "initial_soc_fraction": 0.9}], "grid": {"import_limit_kw": 1, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}}`,
		"no loads":     "{\n\t\"name\": \"p\",\n\t\"loads\": [],\n\t\"grid\": {\"import_limit_kw\": 1, \"export_limit_kw\": 0, \"dispatch_carbon\": {\"kgco2e_per_kwh\": 0.5}}\n}",
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data, ok := files[tc.name]
			if !ok {
				data = validFullPark(t)
				require.Equal(t, 1, strings.Count(data, tc.old), "the edit's text is in the file once")
				data = strings.Replace(data, tc.old, tc.new, 1)
			}
			line, col := tc.at.position(t, data)
			fes := readValidate(t, data, "bad/park.json")
			require.Len(t, fes, 1, "%v", fes)
			fe := fes[0]
			assert.Equal(t, tc.asset, fe.Asset)
			assert.Equal(t, tc.path, fe.Path)
			assert.Equal(t, "bad/park.json", fe.File)
			assert.Equal(t, line, fe.Line, "line of %q", tc.at.text)
			assert.Equal(t, col, fe.Col, "column of %q", tc.at.text)
			assert.True(t, strings.HasPrefix(fe.Error(), fmt.Sprintf("model: bad/park.json:%d:%d: %s: ", line, col, tc.asset)), fe.Error())
		})
	}
}

// TestValidateErrorsOfEveryRuleNameALine walks the rules of Validate
// through a park file: every scalar of a valid file with every key,
// replaced in turn by values that break the rules about it (and others),
// every key left out in turn, and edits across keys. Every problem
// Validate reports must name the file and a line and column, at the key
// its Path names or, for a key the file leaves out, at a key of that
// path's (or the park's opening brace). It also counts the rules
// triggered, so that a walk that stops finding problems fails.
func TestValidateErrorsOfEveryRuleNameALine(t *testing.T) {
	base := validFullPark(t)
	root, err := scanJSON([]byte(base))
	require.NoError(t, err)
	var variants []string
	bad := []string{"-1", "0", "0.5", "1", "1.5", "13", "25", "95", "200", "400", "1e12", `""`, `"x"`, `"b1"`}
	var walk func(n *jnode)
	walk = func(n *jnode) {
		switch n.kind {
		case jObject:
			for i, k := range n.keys {
				// Leave the key out (with its comma).
				end := valueEndAny(base, k.val)
				from, to := k.off, end
				if i+1 < len(n.keys) {
					to = n.keys[i+1].off
				} else if i > 0 {
					from = valueEndAny(base, n.keys[i-1].val)
				}
				variants = append(variants, base[:from]+base[to:])
				walk(k.val)
			}
		case jArray:
			for _, e := range n.elems {
				walk(e)
			}
		default:
			end := valueEndAny(base, n)
			for _, v := range bad {
				variants = append(variants, base[:n.off]+v+base[end:])
			}
		}
	}
	walk(root)
	// Edits across keys.
	variants = append(variants,
		strings.Replace(base, `"name": "b2"`, `"name": "b1"`, 1),
		strings.Replace(base, `"name": "hp const"`, `"name": "roof"`, 1),
		strings.Replace(base, `"availability_column_kw_per_kwp": "pv_kw_per_kwp"`,
			`"availability_column_kw_per_kwp": "pv_kw_per_kwp", "weather": {"latitude_deg": 0, "longitude_deg": 0, "tilt_deg": 0, "azimuth_deg": 0, "ghi_column_w_m2": "g", "dni_column_w_m2": "d", "dhi_column_w_m2": "h"}`, 1),
		strings.Replace(base, `"cop": 3`, `"cop": 3, "cop_model": {"kind": "carnot", "temp_column_c": "t", "sink_temp_c": 50}`, 1),
	)
	reasons := map[string]bool{}
	checked := 0
	for _, v := range variants {
		p, err := ReadParkJSON(strings.NewReader(v), "walk.json")
		if err != nil {
			continue // refused by the reader: not a validation error
		}
		err = p.Validate()
		if err == nil {
			continue
		}
		for _, fe := range fieldErrors(t, err) {
			checked++
			reasons[fe.Path+": "+fe.Reason] = true
			if !assert.Equal(t, "walk.json", fe.File, "%v", fe) || !assert.Positive(t, fe.Line, "%v", fe) || !assert.Positive(t, fe.Col, "%v", fe) {
				continue
			}
			off := offsetOf([]byte(v), fe.Line, fe.Col)
			if off == 0 {
				continue // the park's opening brace
			}
			// The key at the position is one of the path's.
			var keys []string
			for _, seg := range strings.Split(fe.Path, ".") {
				key, idx := splitIndices(seg)
				keys = append(keys, strconv.Quote(key))
				if len(idx) > 0 {
					keys = append(keys, "{", "[", "-", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9") // a list element
				}
			}
			assert.True(t, hasAnyPrefix(v[off:], keys), "%v: at %q, want a key of %q", fe, v[off:min(len(v), off+30)], fe.Path)
		}
	}
	t.Logf("%d variants, %d problems, %d distinct path and reason", len(variants), checked, len(reasons))
	assert.Greater(t, len(reasons), 150, "the walk triggers the rules")
}

func valueEndAny(data string, n *jnode) int {
	switch n.kind {
	case jObject, jArray:
		// The closing bracket: the matching one after the last member.
		depth := 0
		for i := n.off; i < len(data); i++ {
			switch data[i] {
			case '"':
				i = valueEnd([]byte(data), i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(data)
	}
	return valueEnd([]byte(data), n.off)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// TestValidateOfAChangedParkNamesNoWrongLine: a park read from a file and
// then changed in Go keeps the lines of assets still where the file has
// them, and gives none for an asset the file does not have there; a copy
// has no file.
func TestValidateOfAChangedParkNamesNoWrongLine(t *testing.T) {
	data := validFullPark(t)
	p, err := ReadParkJSON(strings.NewReader(data), "p.json")
	require.NoError(t, err)
	p.Batteries[0], p.Batteries[1] = p.Batteries[1], p.Batteries[0]
	p.Batteries[0].EnergyKWh = -1 // b2, now first: the file's first is b1
	fes := fieldErrors(t, p.Validate())
	require.Len(t, fes, 1)
	assert.Equal(t, "batteries[0].energy_kwh", fes[0].Path)
	assert.Zero(t, fes[0].Line)
	assert.Empty(t, fes[0].File)
	assert.Equal(t, `model: battery "b2": energy_kwh = -1: must be finite and ≥ 0`, fes[0].Error())

	c := *p
	c.Batteries = nil
	c.Grid.DemandChargePerKWMonth = -1
	fes = fieldErrors(t, c.Validate())
	require.Len(t, fes, 1)
	assert.Zero(t, fes[0].Line, "a copy has no file")
	assert.Equal(t, "grid.demand_charge_per_kw_month", fes[0].Path)
}

// CapacityCosts reports the economics' problems placed as Validate does.
func TestCapacityCostsNameTheLine(t *testing.T) {
	data := strings.Replace(validFullPark(t), `"lifetime_years": 15`, `"lifetime_years": 0`, 1)
	p, err := ReadParkJSON(strings.NewReader(data), "c.json")
	require.NoError(t, err)
	_, err = p.CapacityCosts()
	fes := fieldErrors(t, err)
	require.Len(t, fes, 1)
	line, col := at{`"lifetime_years": 0`, 0}.position(t, data)
	assert.Equal(t, []any{"c.json", line, col, "economics.battery.lifetime_years"}, []any{fes[0].File, fes[0].Line, fes[0].Col, fes[0].Path})

	noEconomics := validFullPark(t)
	start := strings.Index(noEconomics, `,
  "economics"`)
	require.Positive(t, start)
	noEconomics = noEconomics[:start] + "\n}\n"
	p, err = ReadParkJSON(strings.NewReader(noEconomics), "c.json")
	require.NoError(t, err)
	_, err = p.CapacityCosts()
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, []any{"c.json", 1, 1}, []any{fe.File, fe.Line, fe.Col}, "the park object, which lacks it")
}
