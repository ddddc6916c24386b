package model

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidParkPasses(t *testing.T) {
	require.NoError(t, validPark().Validate())
	require.NoError(t, validPark().ValidateWith(validSeries()))
}

// fieldErrors flattens a joined error into its *FieldError parts.
func fieldErrors(t *testing.T, err error) []*FieldError {
	t.Helper()
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		t.Fatalf("error %T %q is not a *FieldError", e, e)
	}
	walk(err)
	return out
}

func TestValidateRules(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		edit   func(p *Park)
		asset  string
		field  string
		value  string // as printed in the message
		reason string // part of the reason
	}{
		{"no loads", func(p *Park) { p.Loads = nil }, "park", "loads", "", "at least one load"},
		{"empty load name", func(p *Park) { p.Loads[1].Name = "" }, "loads[1]", "name", `""`, "must not be empty"},
		{"duplicate name", func(p *Park) { p.Batteries[0].Name = "roof" }, `battery "roof"`, "name", `"roof"`, `already used by pv "roof"`},
		{"load column empty", func(p *Park) { p.Loads[0].Column = "" }, `load "factory"`, "column_kw", `""`, "must name a series column"},
		{"load scale negative", func(p *Park) { p.Loads[0].Scale = -1 }, `load "factory"`, "scale", "-1", "≥ 0"},
		{"pv capacity negative", func(p *Park) { p.PV[0].CapacityKWp = -5 }, `pv "roof"`, "capacity_kwp", "-5", "≥ 0"},
		{"pv capacity NaN", func(p *Park) { p.PV[0].CapacityKWp = nan }, `pv "roof"`, "capacity_kwp", "NaN", "finite"},
		{"pv capacity Inf", func(p *Park) { p.PV[0].CapacityKWp = math.Inf(1) }, `pv "roof"`, "capacity_kwp", "+Inf", "finite"},
		{"pv neither", func(p *Park) { p.PV[0].AvailabilityColumn = "" }, `pv "roof"`, "availability_column_kw_per_kwp", `""`, "neither"},
		{"pv both", func(p *Park) { p.PV[1].AvailabilityColumn = "x" }, `pv "carport"`, "availability_column_kw_per_kwp", `"x"`, "both"},
		{"latitude", func(p *Park) { p.PV[1].Weather.LatitudeDeg = 91 }, `pv "carport"`, "weather.latitude_deg", "91", "[-90, 90]"},
		{"longitude", func(p *Park) { p.PV[1].Weather.LongitudeDeg = -181 }, `pv "carport"`, "weather.longitude_deg", "-181", "[-180, 180]"},
		{"tilt", func(p *Park) { p.PV[1].Weather.TiltDeg = 95 }, `pv "carport"`, "weather.tilt_deg", "95", "[0, 90]"},
		{"azimuth 360", func(p *Park) { p.PV[1].Weather.AzimuthDeg = 360 }, `pv "carport"`, "weather.azimuth_deg", "360", "[0, 360)"},
		{"ghi missing", func(p *Park) { p.PV[1].Weather.GHIColumn = "" }, `pv "carport"`, "weather.ghi_column_w_m2", `""`, "must name"},
		{"dni missing", func(p *Park) { p.PV[1].Weather.DNIColumn = "" }, `pv "carport"`, "weather.dni_column_w_m2", `""`, "must name"},
		{"dhi missing", func(p *Park) { p.PV[1].Weather.DHIColumn = "" }, `pv "carport"`, "weather.dhi_column_w_m2", `""`, "must name"},
		{"losses", func(p *Park) { p.PV[1].Weather.LossesFraction = Float(1) }, `pv "carport"`, "weather.losses_fraction", "1", "[0, 1)"},
		{"inverter", func(p *Park) { p.PV[1].Weather.InverterEfficiency = 1.1 }, `pv "carport"`, "weather.inverter_efficiency", "1.1", "(0, 1]"},
		{"albedo", func(p *Park) { p.PV[1].Weather.Albedo = Float(-0.1) }, `pv "carport"`, "weather.albedo", "-0.1", "[0, 1]"},
		{"temp coeff", func(p *Park) { p.PV[1].Weather.TempCoeffPerC = Float(0.004) }, `pv "carport"`, "weather.temp_coeff_per_c", "0.004", "[-0.02, 0]"},
		{"sky model", func(p *Park) { p.PV[1].Weather.SkyModel = "perez" }, `pv "carport"`, "weather.sky_model", `"perez"`, "isotropic"},
		{"wind capacity", func(p *Park) { p.Wind[0].CapacityKW = -1 }, `wind "mill"`, "capacity_kw", "-1", "≥ 0"},
		{"wind neither", func(p *Park) { p.Wind[0].AvailabilityColumn = "" }, `wind "mill"`, "availability_column_kw_per_kw", `""`, "neither"},
		{"name a formula", func(p *Park) { p.Loads[0].Name = "=cmd|calc" }, `load "=cmd|calc"`, "name", `"=cmd|calc"`, "must not start with =, +, - or @"},
		{"hub height", func(p *Park) { p.Wind[1].Weather.HubHeightM = 0 }, `wind "mast"`, "weather.hub_height_m", "0", "must be in [1, 500] m above the ground"},
		{"measurement height", func(p *Park) { p.Wind[1].Weather.MeasurementHeightM = -10 }, `wind "mast"`, "weather.measurement_height_m", "-10", "must be in [1, 500] m above the ground"},
		{"measurement height a millimetre", func(p *Park) { p.Wind[1].Weather.MeasurementHeightM = 0.001 }, `wind "mast"`, "weather.measurement_height_m", "0.001", "must be in [1, 500] m"},
		{"hub height in cm", func(p *Park) { p.Wind[1].Weather.HubHeightM = 10000 }, `wind "mast"`, "weather.hub_height_m", "10000", "is it in mm or cm?"},
		{"speed column", func(p *Park) { p.Wind[1].Weather.SpeedColumn = "" }, `wind "mast"`, "weather.speed_column_m_s", `""`, "must name"},
		{"generic curve order", func(p *Park) { p.Wind[1].Weather.RatedMS = 30 }, `wind "mast"`, "weather.rated_m_s", "30", "cut_in_m_s < rated_m_s < cut_out_m_s"},
		{"curve speeds", func(p *Park) {
			p.Wind[1].Weather.Curve = []CurvePoint{{3, 0}, {10, 0.8}, {10, 1}}
			noGenericSpeeds(p.Wind[1].Weather)
		}, `wind "mast"`, "weather.power_curve[2].speed_m_s", "10", "increase strictly"},
		{"curve output", func(p *Park) {
			p.Wind[1].Weather.Curve = []CurvePoint{{3, 0}, {10, 1.2}}
			noGenericSpeeds(p.Wind[1].Weather)
		}, `wind "mast"`, "weather.power_curve[1].kw_per_kw", "1.2", "[0, 1]"},
		{"curve one point", func(p *Park) {
			p.Wind[1].Weather.Curve = []CurvePoint{{3, 0}}
			noGenericSpeeds(p.Wind[1].Weather)
		}, `wind "mast"`, "weather.power_curve", "1", "at least 2"},
		{"generic speeds beside a curve", func(p *Park) {
			p.Wind[1].Weather.Curve = []CurvePoint{{3, 0}, {12, 1}}
			p.Wind[1].Weather.CutInMS, p.Wind[1].Weather.RatedMS = 0, 0
		}, `wind "mast"`, "weather.cut_out_m_s", "25", "is not read beside power_curve, which gives the output at every speed: 0 below its first point and above its last (12 m/s); leave cut_out_m_s out"},
		{"pressure without temp", func(p *Park) { p.Wind[1].Weather.PressureColumn = "p" }, `wind "mast"`, "weather.temp_column_c", `""`, "together"},
		{"energy negative", func(p *Park) { p.Batteries[0].EnergyKWh = -1 }, `battery "b1"`, "energy_kwh", "-1", "≥ 0"},
		{"charge power NaN", func(p *Park) { p.Batteries[0].MaxChargeKW = nan }, `battery "b1"`, "max_charge_kw", "NaN", "finite"},
		{"discharge power", func(p *Park) { p.Batteries[0].MaxDischargeKW = -3 }, `battery "b1"`, "max_discharge_kw", "-3", "≥ 0"},
		{"charge efficiency", func(p *Park) { p.Batteries[0].ChargeEfficiency = 1.2 }, `battery "b1"`, "charge_efficiency", "1.2", "(0, 1]"},
		{"discharge efficiency 0", func(p *Park) { p.Batteries[0].DischargeEfficiency = 0 }, `battery "b1"`, "discharge_efficiency", "0", "(0, 1]"},
		{"min soc", func(p *Park) { p.Batteries[0].MinSoCFraction = -0.1 }, `battery "b1"`, "min_soc_fraction", "-0.1", "[0, 1]"},
		{"max soc", func(p *Park) { p.Batteries[0].MaxSoCFraction = 1.5 }, `battery "b1"`, "max_soc_fraction", "1.5", "[0, 1]"},
		{"min > max", func(p *Park) { p.Batteries[0].MinSoCFraction = 0.95 }, `battery "b1"`, "min_soc_fraction", "0.95", "≤ max_soc_fraction (0.9)"},
		{"initial soc", func(p *Park) { p.Batteries[0].InitialSoCFraction = 0.05 }, `battery "b1"`, "initial_soc_fraction", "0.05", "[0.1, 0.9]"},
		{"self discharge", func(p *Park) { p.Batteries[0].SelfDischargePerHour = 1 }, `battery "b1"`, "self_discharge_per_hour", "1", "[0, 1)"},
		{"wear cost", func(p *Park) { p.Batteries[0].WearCostPerKWh = -0.01 }, `battery "b1"`, "wear_cost_per_kwh", "-0.01", "≥ 0"},
		{"import limit negative", func(p *Park) { p.Grid.ImportLimitKW = -1 }, "grid", "import_limit_kw", "-1", "unlimited"},
		{"export limit NaN", func(p *Park) { p.Grid.ExportLimitKW = nan }, "grid", "export_limit_kw", "NaN", "unlimited"},
		{"export limit -Inf", func(p *Park) { p.Grid.ExportLimitKW = math.Inf(-1) }, "grid", "export_limit_kw", "-Inf", "≥ 0"},
		{"carbon kind", func(p *Park) { p.Grid.DispatchCarbon.Kind = "avg" }, "grid", "dispatch_carbon.kind", `"avg"`, "average"},
		{"carbon constant NaN", func(p *Park) { p.Grid.DispatchCarbon.KgCO2ePerKWh = nan }, "grid", "dispatch_carbon.kgco2e_per_kwh", "NaN", "finite"},
		{"accounting Inf", func(p *Park) {
			p.Grid.AccountingCarbon = &CarbonSignal{KgCO2ePerKWh: math.Inf(1)}
		}, "grid", "accounting_carbon.kgco2e_per_kwh", "+Inf", "finite"},
		{"average negative", func(p *Park) {
			p.Grid.AccountingCarbon = &CarbonSignal{KgCO2ePerKWh: -0.2, Kind: Average}
		}, "grid", "accounting_carbon.kgco2e_per_kwh", "-0.2", "average factor must be ≥ 0"},
		{"price NaN", func(p *Park) { p.Grid.ImportPrice = &Price{PerKWh: nan} }, "grid", "import_price.per_kwh", "NaN", "finite"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := validPark()
			tc.edit(p)
			err := p.Validate()
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			fes := fieldErrors(t, err)
			require.Len(t, fes, 1, "errors: %v", err)
			fe := fes[0]
			assert.Equal(t, tc.asset, fe.Asset)
			assert.Equal(t, tc.field, fe.Field)
			msg := fe.Error()
			assert.True(t, strings.HasPrefix(msg, "model: "+tc.asset+": "), msg)
			if tc.value != "" {
				assert.Contains(t, msg, tc.field+" = "+tc.value+": ")
			} else {
				assert.Contains(t, msg, tc.field+": ")
			}
			assert.Contains(t, msg, tc.reason)
		})
	}
}

func TestFieldErrorFormat(t *testing.T) {
	p := validPark()
	p.Batteries[0].ChargeEfficiency = 1.2
	err := p.Validate()
	assert.EqualError(t, err, `model: battery "b1": charge_efficiency = 1.2: must be in (0, 1]`)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 1.2, fe.Value)
}

func TestValidateReportsAll(t *testing.T) {
	p := validPark()
	p.Loads[0].Name = ""                      // 1
	p.PV[0].CapacityKWp = -1                  // 2
	p.Wind[1].Weather.HubHeightM = 0          // 3
	p.Batteries[0].DischargeEfficiency = 1.5  // 4
	p.Grid.DispatchCarbon.Kind = "historical" // 5
	err := p.Validate()
	require.Error(t, err)
	fes := fieldErrors(t, err)
	require.Len(t, fes, 5, "%v", err)
	fields := make([]string, len(fes))
	for i, fe := range fes {
		fields[i] = fe.Field
		assert.ErrorIs(t, fe, ErrInvalid)
	}
	assert.ElementsMatch(t, []string{"name", "capacity_kwp", "weather.hub_height_m", "discharge_efficiency", "dispatch_carbon.kind"}, fields)
	assert.Equal(t, 5, strings.Count(err.Error(), "\n")+1)
}

func TestValidateNil(t *testing.T) {
	var p *Park
	assert.ErrorIs(t, p.Validate(), ErrInvalid)
	assert.ErrorIs(t, validPark().ValidateWith(nil), ErrInvalid)
	var s *SeriesSet
	assert.ErrorIs(t, s.Validate(), ErrInvalid)
}

func TestUnlimitedAndZeroLimitsAreValid(t *testing.T) {
	p := validPark()
	p.Grid.ImportLimitKW, p.Grid.ExportLimitKW = Unlimited, 0
	assert.NoError(t, p.Validate())
}

func TestValidateWithRules(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(p *Park, s *SeriesSet)
		asset   string
		field   string
		contain []string
	}{
		{"missing column", func(p *Park, s *SeriesSet) { p.Loads[0].Column = "site_kw" },
			`load "factory"`, "column_kw", []string{`column_kw = "site_kw"`, "no such column", `"load_kw"`}},
		{"missing column, unit left out", func(p *Park, s *SeriesSet) { p.Loads[0].Column = "load" },
			`load "factory"`, "column_kw", []string{`column_kw = "load"`, `did you mean "load_kw"?`}},
		{"missing column, case", func(p *Park, s *SeriesSet) { p.Loads[0].Column = "Load_KW" },
			`load "factory"`, "column_kw", []string{`did you mean "load_kw"?`}},
		{"negative load", func(p *Park, s *SeriesSet) { s.Columns["load_kw"][2] = -3 },
			`load "factory"`, "column_kw", []string{`"load_kw"`, "interval 2", "2023-01-01T02:00:00Z", "value -3", "≥ 0"}},
		{"NaN load", func(p *Park, s *SeriesSet) { s.Columns["office_kw"][1] = math.NaN() },
			`load "office"`, "column_kw", []string{`"office_kw"`, "interval 1", "value NaN", "finite"}},
		{"availability in kW", func(p *Park, s *SeriesSet) { s.Columns["pv_kw_per_kwp"][2] = 350 },
			`pv "roof"`, "availability_column_kw_per_kwp", []string{"value 350", "[0, 1.5]"}},
		{"availability negative", func(p *Park, s *SeriesSet) { s.Columns["wind_kw_per_kw"][0] = -0.01 },
			`wind "mill"`, "availability_column_kw_per_kw", []string{"value -0.01", "interval 0"}},
		{"derived out of range", func(p *Park, s *SeriesSet) { s.Columns[DerivedColumn("wind", "mast")][3] = 2 },
			`wind "mast"`, "derived column", []string{`"derived:wind:mast"`, "value 2"}},
		{"ghi negative", func(p *Park, s *SeriesSet) { s.Columns["ghi"][1] = -1 },
			`pv "carport"`, "weather.ghi_column_w_m2", []string{`"ghi"`, "value -1"}},
		{"wind speed Inf", func(p *Park, s *SeriesSet) { s.Columns["speed"][1] = math.Inf(1) },
			`wind "mast"`, "weather.speed_column_m_s", []string{`"speed"`, "value +Inf"}},
		{"average carbon negative", func(p *Park, s *SeriesSet) { p.Grid.DispatchCarbon.Kind = Average },
			"grid", "dispatch_carbon.column_kgco2e_per_kwh", []string{`"carbon"`, "value -0.1", "interval 2"}},
		{"price column missing", func(p *Park, s *SeriesSet) { p.Grid.ExportPrice = &Price{Column: "feed_in"} },
			"grid", "export_price.column_per_kwh", []string{`"feed_in"`, "no such column"}},
		{"step 7m", func(p *Park, s *SeriesSet) { s.Step = 7 * time.Minute },
			"series", "step", []string{"step = 7m0s", "divide an hour"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, s := validPark(), validSeries()
			tc.edit(p, s)
			err := p.ValidateWith(s)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			fes := fieldErrors(t, err)
			require.Len(t, fes, 1, "errors: %v", err)
			assert.Equal(t, tc.asset, fes[0].Asset)
			assert.Equal(t, tc.field, fes[0].Field)
			for _, c := range tc.contain {
				assert.Contains(t, fes[0].Error(), c)
			}
		})
	}
}

func TestValidateWithMissingDerivedIsFine(t *testing.T) {
	s := validSeries()
	delete(s.Columns, DerivedColumn("pv", "carport"))
	s.Names = removeName(s.Names, DerivedColumn("pv", "carport"))
	assert.NoError(t, validPark().ValidateWith(s))
}

func removeName(names []string, n string) []string {
	var out []string
	for _, x := range names {
		if x != n {
			out = append(out, x)
		}
	}
	return out
}

func TestSeriesSetValidate(t *testing.T) {
	tests := []struct {
		name string
		step time.Duration
		ok   bool
	}{
		{"1h", time.Hour, true},
		{"30m", 30 * time.Minute, true},
		{"15m", 15 * time.Minute, true},
		{"5m", 5 * time.Minute, true},
		{"1m", time.Minute, true},
		{"7m", 7 * time.Minute, false},
		{"2h", 2 * time.Hour, false},
		{"0", 0, false},
		{"-1h", -time.Hour, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := validSeries()
			s.Step = tc.step
			err := s.Validate()
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), "step = "+tc.step.String())
		})
	}
	t.Run("shape", func(t *testing.T) {
		s := validSeries()
		s.Columns["load_kw"] = s.Columns["load_kw"][:3]
		s.Columns["stray"] = []float64{1, 2, 3, 4}
		s.Names = append(s.Names, "ghi", " padded")
		s.Columns[" padded"] = []float64{1, 2, 3, 4}
		err := s.Validate()
		fes := fieldErrors(t, err)
		require.Len(t, fes, 4, "%v", err)
		msg := err.Error()
		assert.Contains(t, msg, `"load_kw": has 3 values, want len 4`)
		assert.Contains(t, msg, `"stray": column not listed in Names`)
		assert.Contains(t, msg, `"ghi": duplicate column name`)
		assert.Contains(t, msg, `" padded": column name must not`)
	})
}

func TestErrorsAreNotText(t *testing.T) {
	// Callers match with errors.As, not by text.
	p := validPark()
	p.Grid.ImportLimitKW = -5
	var fe *FieldError
	require.True(t, errors.As(p.Validate(), &fe))
	assert.Equal(t, "grid", fe.Asset)
	assert.Equal(t, "import_limit_kw", fe.Field)
	assert.Equal(t, -5.0, fe.Value)
}

// Values a park could not hold are corrupt data: they are refused with a
// reason, in asset fields and in series columns alike, so they never reach
// the LP solver (which reads 1e20 and beyond as infinite).
func TestValidateRejectsImplausibleMagnitudes(t *testing.T) {
	p := &Park{
		Name:  "huge",
		Loads: []Load{{Name: "l", Column: "l"}},
		PV:    []PVArray{{Name: "pv", CapacityKWp: 5e12, AvailabilityColumn: "pv"}},
		Grid:  Grid{ImportLimitKW: Unlimited, DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5}},
	}
	err := p.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "capacity_kwp = 5e+12: implausibly large")

	p.PV[0].CapacityKWp = 100
	require.NoError(t, p.Validate())
	set := &SeriesSet{Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: 2,
		Names:   []string{"l", "pv"},
		Columns: map[string][]float64{"l": {100, 3e15}, "pv": {0, 0.5}}}
	err = p.ValidateWith(set)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "implausibly large")
}

// A missing column unwraps to ErrNoColumn and is marked as the series'
// problem; a bad value in a column is the series' problem too, but not a
// missing column.
func TestNoColumnSentinel(t *testing.T) {
	p, s := validPark(), validSeries()
	p.Loads[0].Column = "nope"
	err := p.ValidateWith(s)
	require.ErrorIs(t, err, ErrNoColumn)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.True(t, fe.InSeries)

	p, s = validPark(), validSeries()
	s.Columns[p.Loads[0].Column][1] = -5
	err = p.ValidateWith(s)
	require.ErrorIs(t, err, ErrInvalid)
	assert.NotErrorIs(t, err, ErrNoColumn)
	require.ErrorAs(t, err, &fe)
	assert.True(t, fe.InSeries)
}

// A column a set built in Go names in Names but never filled in is
// missing, and the message says so rather than listing it among the
// columns the set has (QA, 2026-12-04).
func TestMissingColumnNamedButEmpty(t *testing.T) {
	s := validSeries()
	delete(s.Columns, "load_kw")
	err := validPark().ValidateWith(s)
	require.Error(t, err)
	var msg string
	for _, fe := range fieldErrors(t, err) {
		if fe.Value == "load_kw" {
			msg = fe.Error()
		}
	}
	require.NotEmpty(t, msg, err.Error())
	assert.Contains(t, msg, "SeriesSet.Names holds it, Columns has no values for it")
	assert.NotContains(t, msg[strings.Index(msg, "(have"):], `"load_kw"`)
}

// A fraction written as a percentage is refused with how to write it; a
// time-of-use period with "months": [] is refused, not read as every
// month (QA, 2026-12-04).
func TestPercentAndEmptyMonths(t *testing.T) {
	p := validPark()
	p.Batteries[0].ChargeEfficiency = 95
	p.Batteries[0].MinSoCFraction = 10
	p.Grid.ImportPrice = &Price{PerKWh: 0.1, TimeOfUse: []TOUPeriod{{FromHour: 8, ToHour: 20, PerKWh: 0.2, Months: []int{}}}}
	err := p.Validate()
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, "charge_efficiency = 95: must be in (0, 1]: a fraction (0.95 is 95 %)")
	assert.Contains(t, msg, "min_soc_fraction = 10: must be in [0, 1]: a fraction (0.1 is 10 %)")
	assert.Contains(t, msg, "import_price.time_of_use[0].months: an empty list ([]): leave the key out for every month")

	p = validPark()
	p.Batteries[0].ChargeEfficiency = 1.2 // more likely 120 % than 1.2 %: no hint
	err = p.Validate()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "a fraction (")
	p = validPark()
	p.Grid.ImportPrice = &Price{PerKWh: 0.1, TimeOfUse: []TOUPeriod{{FromHour: 8, ToHour: 20, PerKWh: 0.2, Months: []int{6, 7}}}}
	assert.NoError(t, p.Validate())
}

// Weather columns in another unit are refused with the unit named (CLI
// QA, 2026-12-04: kelvin, Pa and a GHI of 5,000 W/m² passed).
func TestWeatherRules(t *testing.T) {
	for _, c := range []struct {
		rule func(float64) string
		v    float64
		want string // "" when fine
	}{
		{airTempRule, -40, ""}, {airTempRule, 48.5, ""}, {airTempRule, 293.15, "is it in kelvin?"},
		{airTempRule, 95, "is it in °F?"}, {airTempRule, 500, "must be in [-90, 65] °C"}, {airTempRule, -120, "must be in [-90, 65] °C"},
		{pressureRule, 1013.25, ""}, {pressureRule, 600, ""}, {pressureRule, 101325, "is it in Pa?"},
		{pressureRule, 101.3, "is it in kPa?"}, {pressureRule, 0, "must be in [300, 1100] hPa"},
		{pressureRule, 0.88, "is it in atm? multiply by 1013.25"}, {pressureRule, 1.01325, "is it in atm?"},
		{irradianceRule, 0, ""}, {irradianceRule, 1800, ""}, {irradianceRule, 3600, "kJ/m² an hour"}, {irradianceRule, -1, "≥ 0"},
		{windSpeedRule, 0, ""}, {windSpeedRule, 60, ""}, {windSpeedRule, 150, "is it in km/h?"}, {windSpeedRule, -2, "≥ 0"},
	} {
		got := c.rule(c.v)
		if c.want == "" {
			assert.Empty(t, got, "%v", c.v)
			continue
		}
		assert.Contains(t, got, c.want, "%v", c.v)
	}
}

// noGenericSpeeds clears the generic curve's speeds of w, refused beside a
// power curve.
func noGenericSpeeds(w *WindWeather) { w.CutInMS, w.RatedMS, w.CutOutMS = 0, 0, 0 }
