package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
)

// KeyRule says which keys one kind of object in a park file must have and
// what an absent optional key means. [ParkKeys] lists them all; the README
// and this package's doc are checked against it.
type KeyRule struct {
	// Object is where the object sits, as a path: "" for the park itself,
	// "grid", "batteries[]" for each element of the list, "pv[].weather".
	Object string
	// Required keys must be given and must not be null.
	Required []string
	// OneOf, when set, lists keys of which at least one must be given: a
	// column (a non-empty string) or a constant.
	OneOf []string
	// Optional keys and what their absence (or null) means.
	Optional []OptionalKey
}

// OptionalKey is an optional key and its default, in words.
type OptionalKey struct {
	Key, Default string
}

// Notes in defaults.
const (
	alsoZero   = " (a 0 in the file is refused: it would read as this)"
	exactlyOne = ", but exactly one of it and weather (Park.Validate)"
)

// Objects whose keys follow the same rule.
const (
	carbonObjects = "grid.dispatch_carbon, grid.accounting_carbon"
	priceObjects  = "grid.import_price, grid.export_price"
	touObjects    = "grid.import_price.time_of_use[], grid.export_price.time_of_use[]"
)

// catalogueFigure is the default of a fuel's figures.
const catalogueFigure = "the catalogue's (FuelCatalogue; required for a fuel not in it: Park.Validate)"

// anyAmount is the default of a candidate's unit size (economics.wind.unit_kw…).
const anyAmount = "0: any amount (else whole units of this size)"

// noIncentive is the default of a capital_incentive_fraction.
const noIncentive = "0: none (the share of the capital returned at purchase, in [0, 1))"

// usdOnly marks a money default: it applies only to economics in USD.
const usdOnly = " (USD only; REopt.jl v0.56.4)"

// ParkKeys lists every key of the park file, object by object: required or
// optional with its default. [ReadParkJSON] enforces it. A key's zero value
// is its default only where that is a meaningful "none" (no price, no wear
// cost, no weather model); capacities, limits, efficiencies, state-of-charge
// bounds, the carbon signal and the model's geometry are required.
func ParkKeys() []KeyRule {
	return []KeyRule{
		{Object: "", Required: []string{"loads", "grid"},
			Optional: []OptionalKey{{"$schema", `"" (the URI of the park file's JSON Schema, for an editor: zeropark validate --schema writes it; not read)`}, {"name", `""`}, {"description", `"" (free text: what the park is, the sources of its figures; not read)`}, {"pv", "none"}, {"wind", "none"}, {"batteries", "none"},
				{"heat_loads", "none"}, {"heat_pumps", "none"}, {"electric_boilers", "none"}, {"fuel_boilers", "none"},
				{"chp", "none"}, {"thermal_storage", "none"}, {"purchased_heat", "none"},
				{"fuels", "none: the catalogue's figures"},
				{"market", "none: nothing held"}, {"stage_thresholds", "none: the ledger's defaults"},
				{"stage_thresholds_by_year", "none: stage_thresholds in every year (read by plan pathway only)"},
				{"economics", "none: no capacity planning"}}},
		{Object: "loads[]", Required: []string{"name", "column_kw"},
			Optional: []OptionalKey{{"scale", "1" + alsoZero}}},
		{Object: "pv[]", Required: []string{"name", "capacity_kwp"},
			Optional: []OptionalKey{{"availability_column_kw_per_kwp", "none" + exactlyOne}, {"weather", "none"}}},
		{Object: "pv[].weather",
			Required: []string{"latitude_deg", "longitude_deg", "tilt_deg", "azimuth_deg",
				"ghi_column_w_m2", "dni_column_w_m2", "dhi_column_w_m2"},
			Optional: []OptionalKey{
				{"elevation_m", "0 (sea level)"},
				{"temp_column_c", "none: 20 °C ambient"},
				{"wind_speed_column_m_s", "none: 1 m/s"},
				{"sun_offset_minutes", "half the step (0: at the timestamp)"},
				{"temp_coeff_per_c", "-0.0037"},
				{"losses_fraction", "0.14"},
				{"inverter_efficiency", "0.96" + alsoZero},
				{"dc_ac_ratio", "1.2" + alsoZero},
				{"albedo", "0.2"},
				{"sky_model", `"haydavies"`}}},
		{Object: "wind[]", Required: []string{"name", "capacity_kw"},
			Optional: []OptionalKey{{"availability_column_kw_per_kw", "none" + exactlyOne}, {"weather", "none"}}},
		{Object: "wind[].weather", Required: []string{"speed_column_m_s", "measurement_height_m", "hub_height_m"},
			Optional: []OptionalKey{
				{"shear_exponent", "1/7 (0: no extrapolation)"},
				{"temp_column_c", "none: no air-density correction (give both or neither)"},
				{"pressure_column_hpa", "none"},
				{"power_curve", "the generic curve"},
				{"cut_in_m_s", "3" + alsoZero},
				{"rated_m_s", "12" + alsoZero},
				{"cut_out_m_s", "25" + alsoZero}}},
		{Object: "wind[].weather.power_curve[]", Required: []string{"speed_m_s", "kw_per_kw"}},
		{Object: "batteries[]",
			Required: []string{"name", "energy_kwh", "max_charge_kw", "max_discharge_kw",
				"charge_efficiency", "discharge_efficiency",
				"min_soc_fraction", "max_soc_fraction", "initial_soc_fraction"},
			Optional: []OptionalKey{{"self_discharge_per_hour", "0"}, {"wear_cost_per_kwh", "0"}}},
		{Object: "heat_loads[]", Required: []string{"name", "column_kw_th"},
			Optional: []OptionalKey{{"scale", "1" + alsoZero}, {"kind", `"" (not said; else "space_heating", "hot_water" or "process")`}, {"tenant", "none"}}},
		{Object: "heat_pumps[]", Required: []string{"name", "capacity_kw_th"},
			Optional: []OptionalKey{{"cop", "none, but exactly one of it and cop_model (Park.Validate)"}, {"cop_model", "none"}}},
		{Object: "heat_pumps[].cop_model", Required: []string{"kind", "temp_column_c", "sink_temp_c"},
			Optional: []OptionalKey{{"carnot_fraction", `none (required for kind "carnot"; Park.Validate)`}}},
		{Object: "electric_boilers[]", Required: []string{"name", "capacity_kw_th", "efficiency"}},
		{Object: "fuel_boilers[]", Required: []string{"name", "capacity_kw_th", "efficiency_lhv", "fuel"}},
		{Object: "chp[]", Required: []string{"name", "capacity_kw", "electric_efficiency_lhv", "thermal_efficiency_lhv", "fuel"},
			Optional: []OptionalKey{{"variable_om_per_kwh", "0 (per kWh of electricity; a gas engine: 0.0195 USD, REopt.jl om_cost_per_kwh)"},
				{"heat_dump_kw_th", "0: no heat dump, the heat must be used or stored (else the dry cooler's capacity, kW_th)"}}},
		{Object: "thermal_storage[]",
			Required: []string{"name", "energy_kwh_th", "max_charge_kw_th", "max_discharge_kw_th",
				"min_soc_fraction", "max_soc_fraction", "initial_soc_fraction"},
			Optional: []OptionalKey{{"standing_loss_per_hour", "0"}}},
		{Object: "purchased_heat[]", Required: []string{"name", "limit_kw_th"},
			Optional: []OptionalKey{
				{"kgco2e_per_kwh_th", g(DefaultPurchasedHeatKgCO2ePerKWhTh) + " (0.11 tCO2/GJ: GB/T 32150-2015 guidelines)"},
				{"kgce_per_kwh_th", g(DefaultHeatKgcePerKWhTh) + " (GB/T 2589-2020)"},
				{"price_per_kwh_th", "0"}, {"source", `""`}}},
		{Object: "fuels[]", Required: []string{"name"},
			Optional: []OptionalKey{
				{"kgco2e_per_kwh_lhv", catalogueFigure}, {"kgce_per_kwh_lhv", catalogueFigure},
				{"renewable", "the catalogue's, else false"}, {"price_per_kwh_lhv", "0"}, {"source", `""`}}},
		{Object: "grid", Required: []string{"import_limit_kw", "export_limit_kw", "dispatch_carbon"},
			Optional: []OptionalKey{
				{"accounting_carbon", "none: dispatch_carbon serves the ledger too"},
				{"import_price", "0"}, {"export_price", "0"}, {"demand_charge_per_kw_month", "0"}}},
		{Object: carbonObjects, OneOf: []string{"column_kgco2e_per_kwh", "kgco2e_per_kwh"},
			Optional: []OptionalKey{{"kind", `"" (unspecified; a kgco2e_per_kwh of 0 needs a kind or a source: Park.Validate)`}, {"source", `""`}}},
		{Object: priceObjects, OneOf: []string{"column_per_kwh", "per_kwh"},
			Optional: []OptionalKey{{"time_of_use", "none: per_kwh in every interval"}}},
		{Object: touObjects, Required: []string{"from_hour", "to_hour", "per_kwh"},
			Optional: []OptionalKey{{"days", `"all"`}, {"months", "every month"}}},
		{Object: "market", Optional: []OptionalKey{
			{"offsets_held_tco2e", "0"}, {"certificates_held_mwh", "0"},
			{"offset_price_per_tco2e", "the command's --offset-price"},
			{"certificate_price_per_mwh", "the command's --certificate-price"}}},
		{Object: "stage_thresholds_by_year[]", Required: []string{"year", "stage_thresholds"}},
		{Object: "stage_thresholds, stage_thresholds_by_year[].stage_thresholds", Optional: []OptionalKey{
			{"clean_share_min_fraction", "0.9 (910号's guiding indicator 清洁能源消费占比)"},
			{"require_clean_share", "false (the command's --require-clean-share)"},
			{"carbon_tco2_per_tce_max", "0.2 (910号's core indicator 单位能耗碳排放)"},
			{"carbon_tco2_per_tce_max_large", "0.3 (910号, parks of 1 Mtce a year or more)"},
			{"large_park_tce_per_year", "1e+06"},
			{"kgce_per_kwh", "0.1229 (GB/T 2589-2020)"},
			{"low_carbon_renewable_share_min_fraction", "0.3 (zeropark's default, from no cited standard: 910号 sets none)"},
			{"low_carbon_reduction_min_fraction", "0.3 (zeropark's)"},
			{"unserved_tolerance_fraction", "0.001"},
			{"source", `"" (the indicator set the thresholds are from; the report quotes it)`}}},
		{Object: "economics", Required: []string{"currency"},
			Optional: []OptionalKey{{"cost_year", "none (informative)"},
				{"discount_rate_per_year", g(DefaultDiscountRatePerYear) + usdOnly},
				{"analysis_years", g(DefaultAnalysisYears) + " (REopt.jl v0.56.4; whole years, 1 to 100: what NPV and discounted payback run over)"},
				{"pv", "none: not a candidate"}, {"wind", "none: not a candidate"}, {"battery", "none: not a candidate"},
				{"heat_pump", "none: not a candidate"}, {"thermal_storage", "none: not a candidate"},
				{"electric_boiler", "none: not a candidate"}, {"chp", "none: not a candidate"},
				{"fuel_boiler", "none: not a candidate"}, {"grid_connection", "none: not a candidate"}}},
		{Object: "economics.pv", Optional: []OptionalKey{
			{"capital_per_kwp", g(DefaultPVCapitalPerKWp) + usdOnly},
			{"fixed_om_per_kwp_year", g(DefaultPVFixedOMPerKWpYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kwp", "0: not a candidate"}, {"unit_kwp", anyAmount}}},
		{Object: "economics.wind", Optional: []OptionalKey{
			{"capital_per_kw", g(DefaultWindCapitalPerKW) + usdOnly},
			{"fixed_om_per_kw_year", g(DefaultWindFixedOMPerKWYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw", "0: not a candidate"}, {"unit_kw", anyAmount}}},
		{Object: "economics.battery", Optional: []OptionalKey{
			{"capital_per_kwh", g(DefaultBatteryCapitalPerKWh) + usdOnly},
			{"capital_per_kw", g(DefaultBatteryCapitalPerKW) + usdOnly},
			{"fixed_om_per_kwh_year", g(DefaultBatteryFixedOMFraction) + " × capital_per_kwh" + usdOnly},
			{"fixed_om_per_kw_year", g(DefaultBatteryFixedOMFraction) + " × capital_per_kw" + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kwh", "0: not a candidate"}, {"max_total_kw", "0: not a candidate"},
			{"unit_kwh", anyAmount}, {"unit_kw", anyAmount}}},
		{Object: "economics.heat_pump", Optional: []OptionalKey{
			{"capital_per_kw_th", g(reoptASHPCapitalPerTon) + " USD per ton of heating ÷ " + g(kWThPerTon) + " kW_th per ton ≈ " +
				g(math.Round(DefaultHeatPumpCapitalPerKWTh*10)/10) + usdOnly},
			{"fixed_om_per_kw_th_year", g(DefaultHeatPumpFixedOMPerKWThYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw_th", "0: not a candidate"}, {"unit_kw_th", anyAmount}}},
		{Object: "economics.thermal_storage", Optional: []OptionalKey{
			{"capital_per_kwh_th", "1.50 USD per gallon ÷ 0.04768 kWh_th per gallon (180 → 160 °F) ≈ " + g(math.Round(DefaultThermalStorageCapitalPerKWhTh*100)/100) + usdOnly},
			{"fixed_om_per_kwh_th_year", g(DefaultThermalStorageFixedOMPerKWhThYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kwh_th", "0: not a candidate"}, {"unit_kwh_th", anyAmount}}},
		{Object: "economics.electric_boiler", Optional: []OptionalKey{
			{"capital_per_kw_th", g(reoptElectricHeaterCapitalPerMMBtuPerHour) + " USD per MMBtu/h ÷ " + g(kWThPerMMBtuPerHour) +
				" kW_th per MMBtu/h ≈ " + g(math.Round(DefaultElectricBoilerCapitalPerKWTh*10)/10) + usdOnly},
			{"fixed_om_per_kw_th_year", g(DefaultElectricBoilerFixedOMPerKWThYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw_th", "0: not a candidate"}, {"unit_kw_th", anyAmount}}},
		{Object: "economics.chp", Optional: []OptionalKey{
			{"capital_per_kw", g(DefaultCHPCapitalPerKW) + " per kW electric (gas engine at 1,000 kW)" + usdOnly},
			{"fixed_om_per_kw_year", g(DefaultCHPFixedOMPerKWYear) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw", "0: not a candidate"}, {"unit_kw", anyAmount}}},
		{Object: "economics.fuel_boiler", Optional: []OptionalKey{
			{"capital_per_kw_th", g(reoptBoilerCapitalPerMMBtuPerHour) + " USD per MMBtu/h ÷ " + g(kWThPerMMBtuPerHour) +
				" kW_th per MMBtu/h ≈ " + g(math.Round(DefaultFuelBoilerCapitalPerKWTh*10)/10) + usdOnly},
			{"fixed_om_per_kw_th_year", g(reoptBoilerFixedOMPerMMBtuPerHourYear) + " USD per MMBtu/h ÷ " + g(kWThPerMMBtuPerHour) +
				" ≈ " + g(math.Round(DefaultFuelBoilerFixedOMPerKWThYear*100)/100) + usdOnly},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw_th", "0: not a candidate"}, {"unit_kw_th", anyAmount}}},
		{Object: "economics.grid_connection", Required: []string{"capital_per_kw"}, Optional: []OptionalKey{
			{"fixed_om_per_kw_year", "0"},
			{"lifetime_years", g(DefaultLifetimeYears)}, {"capital_incentive_fraction", noIncentive},
			{"max_total_kw", "0: not a candidate (else the largest grid.import_limit_kw, today's included)"}, {"unit_kw", anyAmount}}},
	}
}

// g formats a default for the key table.
func g(v float64) string { return Num(v) }

// keyHints add to the message for a missing key, by object and key.
var keyHints = map[string]string{
	"grid.import_limit_kw":                     `give a number in kW, or "unlimited" for no limit`,
	"grid.export_limit_kw":                     `give a number in kW, or "unlimited" for no limit (0 forbids export)`,
	"economics.grid_connection.capital_per_kw": "what raising the import limit by one kW costs, in the park's currency; there is no default",
}

// keyRules indexes ParkKeys by object path.
var keyRules = func() map[string]*KeyRule {
	m := map[string]*KeyRule{}
	for _, r := range ParkKeys() {
		for _, o := range strings.Split(r.Object, ", ") {
			m[o] = &r
		}
	}
	return m
}()

// jnode is one JSON value of a park file, with where it starts: enough to
// check keys after encoding/json has decoded the file.
type jnode struct {
	off   int // offset of the value's first byte
	kind  byte
	str   string   // the value of a string
	keys  []jkey   // an object's members, in file order
	elems []*jnode // an array's elements
}

// Kinds of jnode.
const (
	jObject = '{'
	jArray  = '['
	jString = '"'
	jNull   = 'n'
	jOther  = '0' // number or boolean
)

type jkey struct {
	name string
	off  int // offset of the key's opening quote
	val  *jnode
}

// scanJSON reads one JSON value (data has already been decoded without
// error, so it is well formed) into a tree of jnodes.
func scanJSON(data []byte) (*jnode, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // keep numbers as text: 1e400 is not an error here
	return scanValue(dec, data)
}

func scanValue(dec *json.Decoder, data []byte) (*jnode, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	end := int(dec.InputOffset())
	n := &jnode{off: valueStart(data, end)}
	switch tok := tok.(type) {
	case json.Delim:
		n.off = end - 1
		switch tok {
		case '{':
			n.kind = jObject
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, ok := k.(string)
				if !ok {
					return nil, fmt.Errorf("key %v is not a string", k)
				}
				kOff := valueStart(data, int(dec.InputOffset()))
				v, err := scanValue(dec, data)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, jkey{name: key, off: kOff, val: v})
			}
		case '[':
			n.kind = jArray
			for dec.More() {
				v, err := scanValue(dec, data)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, v)
			}
		default:
			return nil, fmt.Errorf("unexpected %v", tok)
		}
		if _, err := dec.Token(); err != nil { // the closing bracket
			return nil, err
		}
	case string:
		n.kind, n.str = jString, tok
	case nil:
		n.kind = jNull
	default:
		n.kind = jOther
	}
	return n, nil
}

// keyChecker finds duplicate keys anywhere in a park file and required keys
// missing from the objects ParkKeys describes.
type keyChecker struct {
	data []byte
	file string
	errs []error
	// unknown makes the checker report every key that no key of its
	// object's rule has, with a suggestion (see unknownKeyMessage). It is
	// set after encoding/json refused the file; a file it decodes has no
	// such key (TestParkKeysCoverTheTypes).
	unknown bool
	// unknownSeen are the keys reported as unknown.
	unknownSeen map[string]bool
	// find, when set, is asked about every value in file order; the first
	// it accepts is kept in at and atWhere (to place a decoding error).
	find    func(n *jnode, w where) bool
	at      *jnode
	atWhere where
}

// where is a place in the park file, for messages.
type where struct {
	object    string // the rule's path: "batteries[]", "pv[].weather"
	asset     string // `batteries[1] "B2"`; "" outside the lists of assets
	assetPath string // the asset's path from the top: "batteries[1]"; "" outside
	key       string // dotted path from the asset, or from the top without one
}

func (w where) child(key string) where {
	c := w
	c.object = join(w.object, key)
	c.key = join(w.key, key)
	return c
}

// path is the full JSON path of key (a path from w's asset, as w.key is),
// with list indices: "batteries[1].energy_kwh", "grid.import_limit_kw".
func (w where) path(key string) string {
	switch {
	case w.assetPath == "":
		return key
	case key == "":
		return w.assetPath
	}
	return w.assetPath + "." + key
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// add reports msg at offset off about key (a dotted path from w's asset).
func (c *keyChecker) add(off int, w where, key, msg string) {
	line, col := lineCol(c.data, off)
	c.errs = append(c.errs, &JSONError{File: c.file, Line: line, Col: col, Asset: w.asset, Key: key, Path: w.path(key),
		Err: errors.New(msg)})
}

// value checks the value n found at w (a value of unknown place has no
// rule, and only its duplicate keys are checked).
func (c *keyChecker) value(n *jnode, w where) {
	if c.find != nil && c.at == nil && c.find(n, w) {
		c.at, c.atWhere = n, w
	}
	switch n.kind {
	case jObject:
		c.object(n, w)
	case jArray:
		_, isList := keyRules[w.object+"[]"]
		if len(n.elems) == 0 && w.object == "wind[].weather.power_curve" {
			// An empty curve would silently mean the generic one.
			c.add(n.off, w, w.key, "empty power curve: leave the key out for the generic curve, or give at least two points")
		}
		for i, e := range n.elems {
			ew := where{object: w.object + "[]", asset: w.asset, assetPath: w.assetPath, key: fmt.Sprintf("%s[%d]", w.key, i)}
			if isList && e.kind == jNull {
				// encoding/json decodes null into a zero-valued asset.
				c.add(e.off, ew, ew.key, "null element: want an object")
			}
			if isList && e.kind == jObject && w.asset == "" && !strings.Contains(w.object, ".") {
				// An asset (an element of a top-level list): name it by
				// index and name from here on.
				ew.asset, ew.assetPath, ew.key = ew.key, ew.key, ""
				if name := e.get("name"); name != nil && name.kind == jString && name.str != "" {
					ew.asset += " " + quote(name.str)
				}
			}
			// Any other element that is not an object is a decoding error
			// (a value of the wrong type), reported from the decoder's.
			c.value(e, ew)
		}
	}
}

// get is the last value of key in object n (the one encoding/json keeps),
// or nil.
func (n *jnode) get(key string) *jnode {
	if k := lastKey(n, key); k != nil {
		return k.val
	}
	return nil
}

func (c *keyChecker) object(n *jnode, w where) {
	r := keyRules[w.object] // nil for an object that is not the park's (e.g. one another package owns)
	first := map[string]int{}
	misspelt := map[string]bool{} // keys given in another case, or suggested for an unknown key
	for _, k := range n.keys {
		if off, dup := first[k.name]; dup {
			line, _ := lineCol(c.data, off)
			c.add(k.off, w, join(w.key, k.name), fmt.Sprintf("duplicate key (first at line %d)", line))
		} else {
			first[k.name] = k.off
		}
		if r != nil {
			switch want := r.spelling(k.name); {
			case want != k.name:
				// encoding/json matches keys ignoring case; the file
				// format does not.
				misspelt[want] = true
				c.add(k.off, w, join(w.key, k.name), fmt.Sprintf("unknown key: keys are case-sensitive (did you mean %q?)", want))
			case c.unknown && !r.allows(k.name):
				msg, suggestion := unknownKeyMessage(r, w.object, k.name, n.get)
				if suggestion != "" {
					// The key meant is not missing: it is misspelt.
					misspelt[suggestion] = true
				}
				c.add(k.off, w, join(w.key, k.name), msg)
				if c.unknownSeen == nil {
					c.unknownSeen = map[string]bool{}
				}
				c.unknownSeen[k.name] = true
			}
		}
		c.value(k.val, w.child(k.name))
	}
	if r == nil {
		return
	}
	for _, k := range r.Required {
		v := n.get(k)
		var msg string
		switch {
		case misspelt[k]:
			continue // reported as misspelt
		case v == nil:
			msg = "required key is missing"
		case v.kind == jNull:
			msg = "required key is null"
		default:
			continue
		}
		if h := keyHints[join(w.object, k)]; h != "" {
			msg += ": " + h
		}
		c.add(n.off, w, join(w.key, k), msg)
	}
	if len(r.OneOf) > 0 && !givesOneOf(n, r.OneOf) && !slices.ContainsFunc(r.OneOf, func(k string) bool { return misspelt[k] }) {
		c.add(n.off, w, w.key, fmt.Sprintf("one of %s is required (a non-empty column name or a constant)",
			strings.Join(r.OneOf, ", ")))
	}
}

// keys are the rule's keys: required, one of, optional.
func (r *KeyRule) keys() []string {
	keys := append(slices.Clip(r.Required), r.OneOf...)
	for _, o := range r.Optional {
		keys = append(keys, o.Key)
	}
	return keys
}

// allows reports whether key is one of the rule's keys, spelt as the rule
// spells it.
func (r *KeyRule) allows(key string) bool {
	return slices.Contains(r.Required, key) || slices.Contains(r.OneOf, key) ||
		slices.ContainsFunc(r.Optional, func(o OptionalKey) bool { return o.Key == key })
}

// keyHomes lists, for each key of the park file, the objects that have it,
// in ParkKeys' order: for "that key belongs elsewhere" hints. Built on the
// first unknown key, so that reading a valid file never pays for it.
var keyHomes = sync.OnceValue(func() map[string][]string {
	m := map[string][]string{}
	for _, r := range ParkKeys() {
		for _, o := range strings.Split(r.Object, ", ") {
			for _, k := range r.keys() {
				m[k] = append(m[k], o)
			}
		}
	}
	return m
})

// unknownKeyText is the message for an unknown key with nothing to suggest.
const unknownKeyText = "unknown key (check spelling and units in the key name)"

// maxHomes is how many objects a hint names before "and N more".
const maxHomes = 3

// unknownKeyMessage says why key, in the object at path object (whose
// rule is r), is refused, and what may have been meant: the objects whose
// key it is, and the closest key of r not already in the object (see
// closest; get looks a key up in it), returned as suggestion ("" for none).
func unknownKeyMessage(r *KeyRule, object, key string, get func(string) *jnode) (msg, suggestion string) {
	var hints []string
	var homes []string
	for _, o := range keyHomes()[key] {
		homes = append(homes, objectName(o))
	}
	if len(homes) > maxHomes {
		homes = append(homes[:maxHomes], fmt.Sprintf("%d more", len(homes)-maxHomes))
	}
	if n := len(homes); n > 0 {
		h := homes[0]
		if n > 1 {
			h = strings.Join(homes[:n-1], ", ") + " and " + homes[n-1]
		}
		hints = append(hints, fmt.Sprintf("%s is a key of %s, not of %s", quote(key), h, objectName(object)))
	}
	given := func(k string) bool { return get(k) != nil }
	suggestion = r.closest(key, given)
	if s, ok := withoutCurrency(key); ok && r.closest(s, given) == s {
		// A key with its currency in it ("offset_price_eur_per_tco2e"):
		// too far from the key for closest (new-user QA, 2026-12-04).
		suggestion = s
		hints = append(hints, fmt.Sprintf("did you mean %q? keys name no currency: economics.currency names the file's", s))
	} else if suggestion != "" {
		hints = append(hints, fmt.Sprintf("did you mean %q?", suggestion))
	} else if s, ok := withoutInstrument(key); ok {
		if s = r.closest(s, given); s != "" {
			// A market key named by its instrument's trade name
			// ("ccer_price_per_tco2e": QA G, session 39).
			suggestion = s
			hints = append(hints, fmt.Sprintf("did you mean %q? keys name offsets (CCER, VER, …) and certificates (GEC, I-REC, …) by their kind", s))
		}
	}
	if len(hints) == 0 {
		return unknownKeyText, ""
	}
	return "unknown key (" + strings.Join(hints, "; ") + ")", suggestion
}

// withoutCurrency is key without a segment that is a currency code
// ("price_eur_per_kwh" → "price_per_kwh"), and whether it had one.
func withoutCurrency(key string) (string, bool) {
	return replaceSegment(key, func(p string) (string, bool) { return "", len(p) == 3 && IsCurrencyCode(strings.ToUpper(p)) })
}

// replaceSegment is key with the first of its "_"-separated segments for
// which with gives a replacement replaced by it (left out where that is
// ""), and whether one did.
func replaceSegment(key string, with func(segment string) (string, bool)) (string, bool) {
	parts := strings.Split(key, "_")
	for i, p := range parts {
		if r, ok := with(p); ok {
			if r == "" {
				return strings.Join(append(parts[:i:i], parts[i+1:]...), "_"), true
			}
			parts[i] = r
			return strings.Join(parts, "_"), true
		}
	}
	return key, false
}

// instrumentKinds are the trade names of the market's instruments, by the
// kind the park file's keys name: offsets (China's CCER, the voluntary
// market's VER, the CDM's CER) and certificates (China's GEC, I-REC, the
// US REC, the EU's guarantee of origin).
var instrumentKinds = map[string]string{
	"ccer": "offset", "ccers": "offsets", "ver": "offset", "vers": "offsets", "cer": "offset", "cers": "offsets",
	"gec": "certificate", "gecs": "certificates", "irec": "certificate", "irecs": "certificates",
	"rec": "certificate", "recs": "certificates", "go": "certificate", "gos": "certificates",
}

// withoutInstrument is key with a segment that is an instrument's trade
// name replaced by its kind ("ccer_price_per_tco2e" →
// "offset_price_per_tco2e"), and whether it had one.
func withoutInstrument(key string) (string, bool) {
	return replaceSegment(key, func(p string) (string, bool) { kind, ok := instrumentKinds[strings.ToLower(p)]; return kind, ok })
}

// objectName names an object path for a message: "the park" for "".
func objectName(object string) string {
	if object == "" {
		return "the park"
	}
	return object
}

// maxSuggestBytes: a key longer than this gets no suggestion (no key of
// the format is half as long; the edit distance costs len × len).
const maxSuggestBytes = 100

// closest is the key of r that key most likely misspells, or "": the one
// at the smallest edit distance ignoring case, if that distance is at most
// a third of the longer key's length (at least 1, at most 4: "capex_per_kwh"
// for "capital_per_kwh"), or one that key begins with its unit left out
// ("tilt" for "tilt_deg", counted as one edit). Ties go to the first in
// ParkKeys' order. A key for which given is true (one the object already
// has: "energy_kw" beside "energy_kwh" is no misspelling of it) is passed
// over; given may be nil.
func (r *KeyRule) closest(key string, given func(string) bool) string {
	var cands []string
	for _, k := range r.keys() {
		if given == nil || !given(k) {
			cands = append(cands, k)
		}
	}
	return Closest(key, cands)
}

// editDistance is the Levenshtein distance between a and b in bytes (keys
// are ASCII), or limit+1 when it is more than limit.
func editDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// spelling is the key of the rule that key matches ignoring case, key
// itself when none does.
func (r *KeyRule) spelling(key string) string {
	for _, list := range [][]string{r.Required, r.OneOf} {
		for _, k := range list {
			if strings.EqualFold(k, key) {
				return k
			}
		}
	}
	for _, o := range r.Optional {
		if strings.EqualFold(o.Key, key) {
			return o.Key
		}
	}
	return key
}

// givesOneOf: a key of keys is given, and a column is a non-empty name (an
// empty column with no constant would read as the constant 0).
func givesOneOf(n *jnode, keys []string) bool {
	for _, k := range keys {
		v := n.get(k)
		switch {
		case v == nil || v.kind == jNull:
		case v.kind == jString && v.str == "":
		default:
			return true
		}
	}
	return false
}

// scanKeys reports duplicate keys anywhere in data and required keys
// missing from the park's objects, all at once: nil or an errors.Join of
// *JSONError values. data must have decoded into a parkFile without error.
// It also returns the tree of data's values (nil when there is none),
// which [ReadParkJSON] keeps to place validation errors.
func scanKeys(data []byte, file string) (*jnode, error) {
	root, err := scanJSON(data)
	if err != nil && !errors.Is(err, io.EOF) {
		// Cannot happen after a clean decode; say so rather than panic.
		return nil, &JSONError{File: file, Err: fmt.Errorf("scanning keys: %w", err)}
	}
	if root == nil {
		return nil, nil
	}
	c := &keyChecker{data: data, file: file}
	c.value(root, where{})
	return root, joinInFileOrder(c.errs)
}

// keyTableMarkdown renders ParkKeys as the README's table.
func keyTableMarkdown() string {
	var b strings.Builder
	b.WriteString("| object | required keys | optional keys (when absent or null) |\n|---|---|---|\n")
	for _, r := range ParkKeys() {
		obj := "the park"
		if r.Object != "" {
			obj = "`" + strings.ReplaceAll(r.Object, ", ", "`, `") + "`"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", obj, requiredText(r, "`"), optionalText(r, "`", ", "))
	}
	return b.String()
}

// keyListDoc renders ParkKeys as the Go doc list in doc.go (without the
// comment markers).
func keyListDoc() string {
	var b strings.Builder
	for _, r := range ParkKeys() {
		obj := "park"
		if r.Object != "" {
			obj = r.Object
		}
		fmt.Fprintf(&b, "  - %s: required %s", obj, requiredText(r, ""))
		if len(r.Optional) > 0 {
			fmt.Fprintf(&b, "; optional %s", optionalText(r, "", "; "))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func requiredText(r KeyRule, q string) string {
	var parts []string
	for _, k := range r.Required {
		parts = append(parts, q+k+q)
	}
	if len(r.OneOf) > 0 {
		var alt []string
		for _, k := range r.OneOf {
			alt = append(alt, q+k+q)
		}
		parts = append(parts, "one of "+strings.Join(alt, " or "))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func optionalText(r KeyRule, q, sep string) string {
	var parts []string
	for _, o := range r.Optional {
		parts = append(parts, fmt.Sprintf("%s%s%s = %s", q, o.Key, q, o.Default))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, sep)
}
