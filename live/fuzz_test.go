package live_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

func TestDecodeMeasurements(t *testing.T) {
	ms, err := live.DecodeMeasurements(strings.NewReader(`[{"start": "2024-03-04T10:00:00+01:00", "load_kw": {"office": 120.5},
		"dispatch_kgco2e_per_kwh": 0.42, "soc_kwh": {"bat": 200}}, {"start": "2024-03-04T11:00:00+01:00"}]`))
	require.NoError(t, err)
	require.Len(t, ms, 2)
	assert.True(t, ms[0].Start.Equal(at(10)))
	assert.Equal(t, 120.5, ms[0].LoadKW["office"])
	assert.Equal(t, 0.42, *ms[0].DispatchKgCO2ePerKWh)
	assert.Nil(t, ms[1].ImportPricePerKWh)
	one, err := live.DecodeMeasurements(strings.NewReader(`{"start": "2024-03-04T10:00:00+01:00", "pv_available_kw": {"roof": 3}}`))
	require.NoError(t, err)
	require.Len(t, one, 1)
	heat, err := live.DecodeMeasurements(strings.NewReader(`{"start": "2024-03-04T10:00:00+01:00", "heat_load_kw_th": {"office heat": 80},
		"heat_pump_source_temp_c": {"ashp": -3.5}, "heat_pump_cop": {"other": 3}, "heat_soc_kwh_th": {"tank": 150}}`))
	require.NoError(t, err)
	require.Len(t, heat, 1)
	assert.Equal(t, map[string]float64{"office heat": 80}, heat[0].HeatLoadKWTh)
	assert.Equal(t, -3.5, heat[0].HeatPumpSourceTempC["ashp"])
	assert.Equal(t, 3.0, heat[0].HeatPumpCOP["other"])
	assert.Equal(t, 150.0, heat[0].HeatSoCKWhTh["tank"])

	// A null reading is refused, not read as 0 (encoding/json leaves a
	// null map value at its zero value: {"shop": null} was 0 kW of load in
	// the ledger): one problem per null, naming the measurement, the asset
	// and the field; the numbers beside it are not blamed. A whole map or
	// signal that is null is not measured, as its absence is.
	_, err = live.DecodeMeasurements(strings.NewReader(`[{"start": "2024-03-04T10:00:00+01:00", "load_kw": {"office": 120.5, "shop": null}},
		{"start": "2024-03-04T11:00:00+01:00", "PV_Available_kW": {"roof": null}, "forecasts": {"co2": null}, "soc_kwh": {"bat": 3}}]`))
	assert.ErrorIs(t, err, live.ErrMeasurement)
	assert.ErrorIs(t, err, model.ErrInvalid)
	var me *live.MeasurementError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, 0, me.Index)
	assert.Equal(t, `load "shop"`, me.Err.Asset)
	assert.Equal(t, "load_kw", me.Err.Field)
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, 3, err.Error())
	assert.Contains(t, lines[0], `measurement[0] (2024-03-04T10:00:00+01:00): load "shop": load_kw: null, not a number: leave the name out`)
	assert.Contains(t, lines[1], `measurement[1] (2024-03-04T11:00:00+01:00): pv "roof": pv_available_kw: null, not a number`)
	assert.Contains(t, lines[2], `measurement[1] (2024-03-04T11:00:00+01:00): measurement: forecasts.co2: null, not a number`)
	assert.NotContains(t, err.Error(), "office")
	assert.NotContains(t, err.Error(), "bat")
	// A null measurement is refused as such, not read as an empty one
	// (QA, 2026-12-04).
	for body, want := range map[string]string{"null": "measurement[0] (no start): measurement: null: want an object",
		" [ null ] ": "measurement[0] (no start): measurement: null", `[{"start": "2024-03-04T10:00:00+01:00"}, null]`: "measurement[1] (no start): measurement: null"} {
		_, err := live.DecodeMeasurements(strings.NewReader(body))
		require.Error(t, err, body)
		assert.ErrorIs(t, err, live.ErrMeasurement, body) // a problem of a measurement, listed as such
		assert.Contains(t, err.Error(), want, body)
	}
	notMeasured, err := live.DecodeMeasurements(strings.NewReader(`{"start": "2024-03-04T10:00:00+01:00", "load_kw": null, "dispatch_kgco2e_per_kwh": null,
		"pv_available_kw": {"null": 2}}`))
	require.NoError(t, err)
	require.Len(t, notMeasured, 1)
	assert.Nil(t, notMeasured[0].LoadKW)
	assert.Nil(t, notMeasured[0].DispatchKgCO2ePerKWh)
	assert.Equal(t, map[string]float64{"null": 2}, notMeasured[0].PVAvailableKW)

	for body, why := range map[string]string{
		``: "no measurements",
		`{"start": "2024-03-04T10:00:00+01:00", "load_kwh": {"office": 1}}`: `unknown field "load_kwh"`,
		`{"start": "yesterday"}`: `offset 22: key "start": "yesterday" is not an RFC 3339 time with its UTC offset (want e.g. 2024-01-02T00:00:00+08:00`,
		// A gateway's local time without its zone, or with a space.
		`{"start": "2024-01-02T00:00:00"}`:       `key "start": "2024-01-02T00:00:00" is not an RFC 3339 time with its UTC offset`,
		`{"start": "2024-01-02 00:00:00+08:00"}`: `key "start": "2024-01-02 00:00:00+08:00" is not an RFC 3339 time`,
		// A wrong type names the map's entry too (the offset is the end of
		// the value refused, or just past the bracket opening it).
		`{"load_kw": {"office": "1"}}`:                        `offset 26: key "load_kw" entry "office": a JSON string, want float64`,
		`{"load_kw": {"a": 1, "b": [2]}}`:                     `offset 27: key "load_kw" entry "b": a JSON array, want float64`,
		`{"soc_kwh": 3}`:                                      `offset 13: key "soc_kwh": a JSON number, want map[string]float64`,
		`{"import_price_per_kwh": "0.5"}`:                     `offset 30: key "import_price_per_kwh": a JSON string, want float64`,
		`{} {}`:                                               "more after the JSON value",
		`[{"start": "2024-03-04T10:00:00+01:00"}`:             "offset 39 (the end of the body): the JSON is cut short",
		`{"start": "2024-03-04T10:00:00+01:00", "load_kw": {`: "offset 51 (the end of the body): the JSON is cut short",
		// Python's json.dumps writes NaN and ±Infinity: say so, and where
		// (the offset is just past the byte refused: the N, the I of -Infinity).
		`{"start": "2024-03-04T10:00:00+01:00", "load_kw": {"office": 3, "shop": NaN}}`: `offset 73: key "shop": NaN is not JSON (Python's json.dumps writes it unless allow_nan=False): leave the name out`,
		`[{"load_kw": {"a \"b":  -Infinity}}]`:                                          `offset 26: key "a \"b": -Infinity is not JSON`,
		`[NaN]`:                                                                         `offset 2: NaN is not JSON`,
		`{"load_kw": {"x": 1e}}`:                                                        `offset 21: invalid character '}' in exponent`,
	} {
		_, err := live.DecodeMeasurements(strings.NewReader(body))
		assert.ErrorIs(t, err, live.ErrMeasurement, body)
		assert.ErrorIs(t, err, model.ErrInvalid, body)
		assert.ErrorContains(t, err, why, body)
	}
}

// DecodeMeasurements never panics; what it accepts encodes back to the
// same measurements, and a Controller (of a park with heat) takes or refuses them without
// panicking, as Check says it would (CheckAcross refusing at least as
// much).
func FuzzDecodeMeasurements(f *testing.F) {
	for _, s := range []string{
		`{"start": "2024-03-04T10:00:00+01:00", "load_kw": {"office": 120.5, "shop": 3}, "dispatch_kgco2e_per_kwh": 0.42}`,
		`[{"start": "2024-03-04T11:00:00+01:00", "soc_kwh": {"bat": 200}, "pv_available_kw": {"roof": 1e3}}]`,
		`{"start": "2024-03-04T10:00:00Z", "forecasts": {"x": 1}, "import_price_per_kwh": -1}`,
		`[]`, `null`, `{"load_kw": null}`, `[{"start": "0001-01-01T00:00:00Z"}]`,
		`{"start": "2024-03-04T10:00:00+01:00", "heat_load_kw_th": {"office heat": 80}, "heat_pump_source_temp_c": {"ashp": -3.5},
			"heat_soc_kwh_th": {"tank": 150}}`,
		`[{"start": "2024-03-04T12:00:00+01:00", "heat_pump_cop": {"ashp": 3.1, "gshp": 4}, "heat_soc_kwh_th": {"tank": 1e9}}]`,
		`{"start": "2024-03-04T10:00:00Z", "start": "2024-03-04T11:00:00Z"}`, `{"load_kw": {"a\\\"": 1, "a\\\"": 2}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ms, err := live.DecodeMeasurements(bytes.NewReader(data))
		if err != nil {
			require.ErrorIs(t, err, live.ErrMeasurement)
			return
		}
		again, err := json.Marshal(ms)
		require.NoError(t, err)
		back, err := live.DecodeMeasurements(bytes.NewReader(again))
		require.NoError(t, err, "%s", again)
		twice, err := json.Marshal(back)
		require.NoError(t, err)
		require.JSONEq(t, string(again), string(twice))
		c, err := live.New(smallHeatPark(), smallConfig())
		require.NoError(t, err)
		defer c.Close()
		checked := c.Check(ms...)
		across := c.CheckAcross(at(30), ms...)
		if _, err := c.Measure(ms...); err != nil {
			require.ErrorIs(t, err, live.ErrMeasurement)
			require.Error(t, checked, "Check accepts what Measure refuses: %v", err)
			require.Error(t, across, "CheckAcross accepts what Measure refuses: %v", err)
			require.ElementsMatch(t, strings.Split(err.Error(), "\n"), strings.Split(checked.Error(), "\n"))
			return
		}
		require.NoError(t, checked, "Check refuses what Measure accepts")
	})
}

// A key given twice in one object is refused, not silently replaced by
// the second: a second "start" moved the values to another interval
// (QA, 2026-12-04). A measurement's keys match whatever their case, as
// their decoding does; assets' names exactly; the same key in two
// objects, and key-like text inside strings, are no duplicates.
func TestDecodeMeasurementsDuplicateKeys(t *testing.T) {
	for _, c := range []struct {
		body, dup string
	}{
		{`{"start":"2024-01-01T01:00:00-06:00","start":"2030-01-01T01:00:00-06:00"}`, `key "start" given twice`},
		{`{"start":"2024-01-01T01:00:00-06:00","Start":"2030-01-01T01:00:00-06:00"}`, `key "Start" given twice`},
		{`{"start":"2024-01-01T01:00:00-06:00","load_kw":{"Warehouse":50,"Warehouse":99999}}`, `key "Warehouse" given twice`},
		{`[{"start":"2024-01-01T01:00:00-06:00"},{"start":"2024-01-01T02:00:00-06:00","load_kw":{"a":1},"load_kw":{"b":2}}]`, `key "load_kw" given twice`},
		{`{"start":"2024-01-01T01:00:00-06:00","load_kw":{"a":1,"A":2}}`, ""},
		{`[{"start":"2024-01-01T01:00:00-06:00"},{"start":"2024-01-01T02:00:00-06:00"}]`, ""},
		{`{"start":"2024-01-01T01:00:00-06:00","load_kw":{"x\"start\":":1,"start":2}}`, ""},
		{`{"start":"2024-01-01T01:00:00-06:00","forecasts":{"load":1},"load_kw":{"load":2}}`, ""},
	} {
		_, err := live.DecodeMeasurements(strings.NewReader(c.body))
		if c.dup == "" {
			assert.NoError(t, err, c.body)
			continue
		}
		require.ErrorIs(t, err, live.ErrMeasurement, c.body)
		assert.Contains(t, err.Error(), c.dup, c.body)
		assert.Contains(t, err.Error(), "the second would silently replace the first")
	}
}

// A start with a lower-case t or z (RFC 3339 §5.6 allows both) reads as
// the same time in capitals (EMS QA session 37, M12: 400 "not an RFC 3339
// time"); a time that is no RFC 3339 in any case is still refused, named
// as sent.
func TestDecodeMeasurementsLowerCaseStart(t *testing.T) {
	want := time.Date(2023, 1, 12, 13, 0, 0, 0, time.UTC)
	for _, body := range []string{`{"start":"2023-01-12t13:00:00z","load_kw":{"office":30}}`,
		`[{"start":"2023-01-12T13:00:00z","load_kw":{"office":30}}, {"start":"2023-01-12t14:00:00+01:00","load_kw":{"office":31}}]`} {
		ms, err := live.DecodeMeasurements(strings.NewReader(body))
		require.NoError(t, err, body)
		require.NotEmpty(t, ms)
		assert.True(t, ms[0].Start.Equal(want), "%s: %v", body, ms[0].Start)
		assert.Equal(t, map[string]float64{"office": 30}, ms[0].LoadKW, "the other keys read as before")
		if len(ms) > 1 {
			assert.True(t, ms[1].Start.Equal(want), "%v", ms[1].Start)
			_, off := ms[1].Start.Zone()
			assert.Equal(t, 3600, off, "the offset as sent")
		}
	}
	_, err := live.DecodeMeasurements(strings.NewReader(`{"start":"2023-01-12t13:00:00"}`))
	assert.ErrorContains(t, err, `key "start": "2023-01-12t13:00:00" is not an RFC 3339 time with its UTC offset`)
}
