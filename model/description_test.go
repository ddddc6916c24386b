package model

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A park file may say what the park is and where its figures come from in
// "description": free text (Chinese and line breaks too), kept on the park
// and written back; a park without one writes no key. The key is spelt
// like every other: a misspelling is refused with the right name offered,
// and a value that is not a string is refused at the value.
func TestParkDescription(t *testing.T) {
	const desc = "工业园区 (CNY). Sources:\nPV 3.3 CNY/W (Tsinghua 2024); CCER 60–80 CNY/t"
	text := `{"name": "p", "description": "工业园区 (CNY). Sources:\nPV 3.3 CNY/W (Tsinghua 2024); CCER 60–80 CNY/t",
  "loads": [{"name": "l", "column_kw": "l"}],
  "grid": {"import_limit_kw": 100, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5306}}}`
	p, err := ReadParkJSON(strings.NewReader(text), "park.json")
	require.NoError(t, err)
	assert.Equal(t, desc, p.Description)
	require.NoError(t, p.Validate())

	var buf bytes.Buffer
	require.NoError(t, p.WriteJSON(&buf))
	back, err := ReadParkJSON(bytes.NewReader(buf.Bytes()), "back.json")
	require.NoError(t, err)
	assert.Equal(t, p, back)
	assert.Contains(t, buf.String(), `"description": "工业园区 (CNY). Sources:\nPV 3.3 CNY/W`)

	p.Description = ""
	buf.Reset()
	require.NoError(t, p.WriteJSON(&buf))
	assert.NotContains(t, buf.String(), "description")

	_, err = ReadParkJSON(strings.NewReader(strings.Replace(text, `"description"`, `"descripton"`, 1)), "park.json")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `park.json:1:15: key "descripton": unknown key (did you mean "description"?)`)

	_, err = ReadParkJSON(strings.NewReader(strings.Replace(text, `"`+strings.ReplaceAll(desc, "\n", `\n`)+`"`, "42", 1)), "park.json")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `park.json:1:30: key "description": value 42: want a string`)
}

// A scale of 0 written in the park file is refused (0 reads as 1, a scale
// not given); a null or a scale left out is the default (CLI QA,
// 2026-12-04: "scale": 0 gave the whole load, and validate said ok). A
// park built in Go cannot tell 0 from not given, and keeps 0 as 1.
func TestScaleZeroInFile(t *testing.T) {
	park := func(scale string) string {
		return `{"name": "p", "loads": [{"name": "a", "column_kw": "l"}, {"name": "b", "column_kw": "l"` + scale + `}],
  "heat_loads": [{"name": "h", "column_kw_th": "l"` + scale + `}],
  "fuel_boilers": [{"name": "g", "capacity_kw_th": 100, "efficiency_lhv": 0.9, "fuel": "natural_gas"}],
  "grid": {"import_limit_kw": 100, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5306}}}`
	}
	for _, c := range []struct {
		scale string
		bad   bool
	}{{`, "scale": 0`, true}, {`, "scale": 0.0`, true}, {`, "scale": null`, false}, {"", false}, {`, "scale": 2`, false}} {
		p, err := ReadParkJSON(strings.NewReader(park(c.scale)), "park.json")
		require.NoError(t, err, c.scale)
		err = p.Validate()
		if !c.bad {
			assert.NoError(t, err, c.scale)
			continue
		}
		require.Error(t, err, c.scale)
		assert.Contains(t, err.Error(), `park.json:1:`, "placed at the key")
		assert.Contains(t, err.Error(), `load "b": scale = 0: 0 reads as the default, 1, a key not given`)
		assert.Contains(t, err.Error(), "to leave the load out, remove it")
		assert.Contains(t, err.Error(), `heat load "h": scale = 0: 0 reads as the default, 1`)
		assert.NotContains(t, err.Error(), `load "a"`)
	}
	p := &Park{Loads: []Load{{Name: "a", Column: "l", Scale: 0}}, Grid: Grid{ImportLimitKW: 1, DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5}}}
	assert.NoError(t, p.Validate(), "built in Go: 0 is not given")
}

// A column and a constant given together, for a price or a carbon signal,
// are refused at the constant (CLI QA, 2026-12-04: per_kwh beside
// column_per_kwh was dropped and validate said ok); a 0 written in the
// file counts as given, a 0 left out in Go does not.
func TestColumnAndConstantExclude(t *testing.T) {
	park := func(grid string) string {
		return `{"name": "p", "loads": [{"name": "a", "column_kw": "l"}],
  "grid": {"import_limit_kw": 100, "export_limit_kw": 0, ` + grid + `}}`
	}
	for _, c := range []struct{ grid, want string }{
		{`"dispatch_carbon": {"column_kgco2e_per_kwh": "c", "kgco2e_per_kwh": 0}`,
			"grid: dispatch_carbon.kgco2e_per_kwh = 0: column_kgco2e_per_kwh is given too: give one of them"},
		{`"dispatch_carbon": {"column_kgco2e_per_kwh": "c"}, "import_price": {"column_per_kwh": "c", "per_kwh": 0.1}`,
			"grid: import_price.per_kwh = 0.1: column_per_kwh is given too"},
		{`"dispatch_carbon": {"column_kgco2e_per_kwh": "c"}, "import_price": {"column_per_kwh": "c", "per_kwh": null}`, ""},
		{`"dispatch_carbon": {"kgco2e_per_kwh": 0.5}, "export_price": {"per_kwh": 0.02}`, ""},
	} {
		p, err := ReadParkJSON(strings.NewReader(park(c.grid)), "park.json")
		require.NoError(t, err, c.grid)
		err = p.Validate()
		if c.want == "" {
			assert.NoError(t, err, c.grid)
			continue
		}
		require.Error(t, err, c.grid)
		assert.Contains(t, err.Error(), c.want)
	}
	p := &Park{Loads: []Load{{Name: "a", Column: "l"}}, Grid: Grid{ImportLimitKW: 1, DispatchCarbon: CarbonSignal{Column: "c"},
		ImportPrice: &Price{Column: "c"}}}
	assert.NoError(t, p.Validate(), "built in Go: 0 is not given")
	p.Grid.ImportPrice.PerKWh = 0.1
	assert.ErrorContains(t, p.Validate(), "import_price.per_kwh = 0.1: column_per_kwh is given too")
}

// A park file past MaxParkFileBytes and a series line past
// MaxSeriesLineBytes are refused without reading on (CLI QA, 2026-12-04:
// /dev/zero as either read a gigabyte in ten seconds and went on).
func TestInputCaps(t *testing.T) {
	zeros := func(n int64) io.Reader { return io.LimitReader(zeroReader{}, n) }
	_, err := ReadParkJSON(zeros(1<<40), "/dev/zero")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "/dev/zero: more than 16 MB: a park file is kilobytes")
	_, err = ReadSeriesCSV(zeros(1<<40), "/dev/zero")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/dev/zero: line 1 is longer than 1 MB")
	// A series past 1 MB whose lines end in CR alone: the line endings
	// are named, not "a device" (QA X, session 38).
	var cr strings.Builder
	cr.WriteString("timestamp,l\r")
	for i := 0; cr.Len() <= MaxSeriesLineBytes; i++ {
		fmt.Fprintf(&cr, "%s,%d\r", time.Date(2023, 1, 1, 0, i, 0, 0, time.UTC).Format(time.RFC3339), i)
	}
	_, err = ReadSeriesCSV(strings.NewReader(cr.String()), "mac.csv")
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "mac.csv: line 1 is longer than 1 MB and holds ")
	assert.Contains(t, err.Error(), "carriage returns: its lines end in a carriage return (CR) alone")
	// A long file of short lines is read whole.
	var b strings.Builder
	b.WriteString("timestamp,l\n")
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 20000 {
		fmt.Fprintf(&b, "%s,%d\n", start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
	}
	s, err := ReadSeriesCSV(strings.NewReader(b.String()), "long.csv")
	require.NoError(t, err)
	assert.Equal(t, 20000, s.Len)
}

// zeroReader reads zeros for ever.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// A grid limit reads "unlimited" in any case, as a sweep file's cells do
// (CLI QA, 2026-12-04: "Unlimited" was refused as "want a number").
func TestUnlimitedAnyCase(t *testing.T) {
	for _, v := range []string{`"unlimited"`, `"Unlimited"`, `"UNLIMITED"`} {
		p, err := ReadParkJSON(strings.NewReader(`{"loads": [{"name": "a", "column_kw": "l"}],
  "grid": {"import_limit_kw": `+v+`, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}}`), "p.json")
		require.NoError(t, err, v)
		assert.Equal(t, Unlimited, p.Grid.ImportLimitKW, v)
	}
	_, err := ReadParkJSON(strings.NewReader(`{"loads": [], "grid": {"import_limit_kw": "lots", "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}}`), "p.json")
	assert.ErrorContains(t, err, `value "lots": want a number`)
}

// A weather key whose 0 reads as its default is refused when the file
// writes 0 (losses of 0 would run at 0.14); left out, it is the default.
func TestWeatherZeroDefaultsInFile(t *testing.T) {
	// The keys whose 0 would read as the default, refused when written:
	// those where 0 is no value a park can have. The others (losses,
	// albedo, temperature coefficient, sun offset, shear) take a written 0
	// as 0.
	require.Equal(t, map[string]string{"inverter_efficiency": "0.96", "dc_ac_ratio": "1.2"}, zeroKeys["pv[].weather"])
	require.Equal(t, map[string]string{"cut_in_m_s": "3", "rated_m_s": "12", "cut_out_m_s": "25"}, zeroKeys["wind[].weather"])
	require.Equal(t, map[string]string{"scale": "1"}, zeroKeys["loads[]"])
	require.Equal(t, map[string]string{"scale": "1"}, zeroKeys["heat_loads[]"])
	park := func(extra string) string {
		return `{"loads": [{"name": "a", "column_kw": "l"}],
  "pv": [{"name": "roof", "capacity_kwp": 10, "weather": {"latitude_deg": 35, "longitude_deg": -100, "tilt_deg": 30, "azimuth_deg": 180,
    "ghi_column_w_m2": "g", "dni_column_w_m2": "d", "dhi_column_w_m2": "f"` + extra + `}}],
  "grid": {"import_limit_kw": 100, "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}}`
	}
	zero := Float(0)
	for _, c := range []struct {
		extra, want string
		check       func(w *PVWeather)
	}{
		{`, "losses_fraction": 0`, "", func(w *PVWeather) { assert.Equal(t, zero, w.LossesFraction, "0 is 0") }},
		{`, "albedo": 0.0, "temp_coeff_per_c": 0, "sun_offset_minutes": 0`, "", func(w *PVWeather) {
			assert.Equal(t, zero, w.Albedo)
			assert.Equal(t, zero, w.TempCoeffPerC)
			assert.Equal(t, zero, w.SunOffsetMinutes)
		}},
		{`, "losses_fraction": 0.1, "albedo": null`, "", func(w *PVWeather) {
			assert.Equal(t, Float(0.1), w.LossesFraction)
			assert.Nil(t, w.Albedo, "null: the default")
		}},
		{"", "", func(w *PVWeather) { assert.Nil(t, w.LossesFraction, "left out: the default") }},
		{`, "inverter_efficiency": 0`, `pv "roof": weather.inverter_efficiency = 0: 0 reads as the default, 0.96, a key not given`, nil},
		{`, "dc_ac_ratio": 0`, `weather.dc_ac_ratio = 0: 0 reads as the default, 1.2`, nil},
	} {
		p, err := ReadParkJSON(strings.NewReader(park(c.extra)), "park.json")
		require.NoError(t, err, c.extra)
		err = p.Validate()
		if c.want != "" {
			assert.ErrorContains(t, err, c.want)
			continue
		}
		require.NoError(t, err, c.extra)
		c.check(p.PV[0].Weather)
		// Saved and read again, a 0 stays 0 and a default stays left out.
		var b strings.Builder
		require.NoError(t, json.NewEncoder(&b).Encode(p))
		back, err := ReadParkJSON(strings.NewReader(b.String()), "again.json")
		require.NoError(t, err)
		assert.Equal(t, p.PV[0].Weather, back.PV[0].Weather, c.extra)
	}
}
