package demo

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// table is a series CSV parsed independently of package model.
type table struct {
	times []time.Time
	names []string
	cols  map[string][]float64
}

func parseSeries(t *testing.T, data []byte) table {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	header := recs[0]
	require.Equal(t, "timestamp", header[0])
	tb := table{names: header[1:], cols: map[string][]float64{}}
	for i, rec := range recs[1:] {
		ts, err := time.Parse(time.RFC3339, rec[0])
		require.NoError(t, err, "line %d", i+2)
		tb.times = append(tb.times, ts)
		for j, v := range rec[1:] {
			x, err := strconv.ParseFloat(v, 64)
			require.NoError(t, err, "line %d column %s", i+2, header[j+1])
			require.False(t, math.IsNaN(x) || math.IsInf(x, 0), "line %d column %s: %v", i+2, header[j+1], x)
			tb.cols[header[j+1]] = append(tb.cols[header[j+1]], x)
		}
	}
	return tb
}

// parsePark decodes a park JSON strictly: every key must be a field of
// model.Park, so a misspelt key fails here.
func parsePark(t *testing.T, data []byte) model.Park {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p model.Park
	require.NoError(t, dec.Decode(&p))
	return p
}

// referencedColumns lists every series column a park names.
func referencedColumns(p model.Park) []string {
	var cs []string
	add := func(c string) {
		if c != "" {
			cs = append(cs, c)
		}
	}
	for _, l := range p.Loads {
		add(l.Column)
	}
	for _, a := range p.PV {
		add(a.AvailabilityColumn)
		if w := a.Weather; w != nil {
			add(w.GHIColumn)
			add(w.DNIColumn)
			add(w.DHIColumn)
			add(w.TempColumn)
			add(w.WindSpeedColumn)
		}
	}
	for _, w := range p.Wind {
		add(w.AvailabilityColumn)
		if ww := w.Weather; ww != nil {
			add(ww.SpeedColumn)
			add(ww.TempColumn)
			add(ww.PressureColumn)
		}
	}
	for _, h := range p.HeatLoads {
		add(h.Column)
	}
	for _, h := range p.HeatPumps {
		if m := h.COPModel; m != nil {
			add(m.TempColumn)
		}
	}
	add(p.Grid.DispatchCarbon.Column)
	if a := p.Grid.AccountingCarbon; a != nil {
		add(a.Column)
	}
	for _, pr := range []*model.Price{p.Grid.ImportPrice, p.Grid.ExportPrice} {
		if pr != nil {
			add(pr.Column)
		}
	}
	return cs
}

func TestNames(t *testing.T) {
	names := Names()
	require.Equal(t, []string{"texas2012", "greensboro", "greensboro-heat"}, names)
	assert.Equal(t, Default, names[0])

	_, _, err := Files("atlantis")
	assert.ErrorIs(t, err, ErrUnknown)
	assert.ErrorContains(t, err, `"atlantis"`)
}

func TestEmbeddedFiles(t *testing.T) {
	tests := []struct {
		name      string
		first     string
		offsetSec int
		kinds     map[string]model.SignalKind // dispatch, accounting
	}{
		{"texas2012", "2023-01-01T00:00:00-06:00", -6 * 3600, map[string]model.SignalKind{"dispatch": model.Marginal}},
		{"greensboro", "2023-01-01T00:00:00-05:00", -5 * 3600, map[string]model.SignalKind{"dispatch": model.Marginal, "accounting": model.Average}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pj, sc, err := Files(tt.name)
			require.NoError(t, err)
			assert.Less(t, len(sc), 2<<20, "series CSV should stay under 2 MiB")

			tb := parseSeries(t, sc)
			require.Len(t, tb.times, 8760)
			first := tb.times[0]
			assert.Equal(t, tt.first, first.Format(time.RFC3339))
			_, off := first.Zone()
			assert.Equal(t, tt.offsetSec, off)
			for i := 1; i < len(tb.times); i++ {
				require.Equal(t, time.Hour, tb.times[i].Sub(tb.times[i-1]), "step before row %d", i)
			}
			assert.Equal(t, "2023-12-31T23:00:00"+tt.first[19:], tb.times[8759].Format(time.RFC3339))
			assert.Equal(t, time.Sunday, first.Weekday())
			for _, n := range tb.names {
				require.Len(t, tb.cols[n], 8760, n)
			}

			p := parsePark(t, pj)
			assert.NotEmpty(t, p.Name)
			assert.Len(t, p.Loads, 8)
			for _, c := range referencedColumns(p) {
				assert.Contains(t, tb.cols, c, "park references column %q", c)
			}
			assert.Equal(t, tt.kinds["dispatch"], p.Grid.DispatchCarbon.Kind)
			assert.NotEmpty(t, p.Grid.DispatchCarbon.Source)
			if k, ok := tt.kinds["accounting"]; ok {
				require.NotNil(t, p.Grid.AccountingCarbon)
				assert.Equal(t, k, p.Grid.AccountingCarbon.Kind)
				assert.InDelta(t, 0.5306, p.Grid.AccountingCarbon.KgCO2ePerKWh, 1e-12)
			} else {
				assert.Nil(t, p.Grid.AccountingCarbon)
			}

			// Annual load energy: kW held for 1 h is kWh. Cross-check with
			// the sum of the CRB annual totals (loads_baltimore_crb_kw.json:
			// 6,836,130 + 945,425 + 229,712 + 2,018,760 + 510,257 + 504,715
			// + 341,893 + 2,534,272 kWh), which the 4-decimal rounding of the
			// hourly values can move by at most 8 × 8760 × 0.00005 kWh.
			loadKWh, peakKW := 0.0, 0.0
			for h := 0; h < 8760; h++ {
				s := 0.0
				for _, l := range p.Loads {
					scale := l.Scale
					if scale == 0 {
						scale = 1
					}
					s += scale * tb.cols[l.Column][h]
				}
				loadKWh += model.EnergyKWh(s, time.Hour)
				peakKW = max(peakKW, s)
			}
			t.Logf("%s: annual load %.0f kWh, peak %.0f kW", tt.name, loadKWh, peakKW)
			assert.InDelta(t, 13_921_164, loadKWh, 8*8760*0.00005)
			assert.Greater(t, p.Grid.ImportLimitKW, peakKW, "import limit must clear the peak load")
		})
	}
}

// TestSizing checks the Texas park is neither trivial nor already near zero:
// renewable generation (rough estimate) between 40 % and 75 % of the load.
// PV uses the 1,750 kWh/kWp·yr rule of thumb for the site; wind takes the
// power curve of the park file at the WTK 100 m speed with the density
// correction v·(ρ/1.225)^(1/3), ρ = p/(R·T), R = 287.05 J/(kg·K).
func TestSizing(t *testing.T) {
	pj, sc, err := Files("texas2012")
	require.NoError(t, err)
	p := parsePark(t, pj)
	tb := parseSeries(t, sc)
	require.Len(t, p.Wind, 1)
	w := p.Wind[0]
	require.NotNil(t, w.Weather)
	curve := w.Weather.Curve
	require.NotEmpty(t, curve)
	at := func(v float64) float64 {
		for i := 1; i < len(curve); i++ {
			a, b := curve[i-1], curve[i]
			if v >= a.SpeedMS && v <= b.SpeedMS {
				return a.KWPerKW + (b.KWPerKW-a.KWPerKW)*(v-a.SpeedMS)/(b.SpeedMS-a.SpeedMS)
			}
		}
		return 0
	}
	windKWh := 0.0
	for h := 0; h < 8760; h++ {
		rho := tb.cols[w.Weather.PressureColumn][h] * 100 / (287.05 * (tb.cols[w.Weather.TempColumn][h] + 273.15))
		windKWh += w.CapacityKW * at(tb.cols[w.Weather.SpeedColumn][h]*math.Cbrt(rho/1.225))
	}
	kwp := 0.0
	for _, a := range p.PV {
		kwp += a.CapacityKWp
	}
	pvKWh := kwp * 1750
	share := (windKWh + pvKWh) / 13_921_164
	t.Logf("wind %.0f kWh (CF %.3f), PV ≈ %.0f kWh, renewable ≈ %.0f%% of load",
		windKWh, windKWh/(w.CapacityKW*8760), pvKWh, 100*share)
	assert.Greater(t, share, 0.40)
	assert.Less(t, share, 0.75)
}

func TestWriteFiles(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, WriteFiles(dir, name))
			pj, sc, err := Files(name)
			require.NoError(t, err)
			got, err := os.ReadFile(filepath.Join(dir, name+".park.json"))
			require.NoError(t, err)
			// The embedded park with the schema named first; it reads
			// to the same park.
			require.True(t, bytes.HasPrefix(pj, []byte("{\n")), "an embedded park file opens with {")
			assert.Equal(t, "{\n  \"$schema\": \"park.schema.json\",\n"+string(pj[2:]), string(got))
			want, err := model.ReadParkJSON(bytes.NewReader(pj), "embedded")
			require.NoError(t, err)
			written, err := model.ReadParkJSON(bytes.NewReader(got), "written")
			require.NoError(t, err)
			assert.Equal(t, want, written)
			schema, err := os.ReadFile(filepath.Join(dir, model.ParkSchemaFile))
			require.NoError(t, err)
			assert.Equal(t, model.ParkSchema(), schema)
			got, err = os.ReadFile(filepath.Join(dir, name+".csv"))
			require.NoError(t, err)
			assert.Equal(t, sc, got)
			ents, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, ents, 3, "the park, the series and the schema; no temporary files left behind")
			// Writing again replaces the files in place.
			require.NoError(t, WriteFiles(dir, name))
		})
	}
	assert.ErrorIs(t, WriteFiles(t.TempDir(), "nope"), ErrUnknown)
	assert.Error(t, WriteFiles(filepath.Join(t.TempDir(), "missing"), Default))

	// A file that cannot be written (here the park file's name is taken
	// by a directory; on a full disk, the series) leaves no file of the
	// set behind that was not there before: a park file without its
	// series, or the schema alone, was left (QA X, session 38). A file
	// that was there before stays.
	for _, pre := range []bool{false, true} {
		dir := t.TempDir()
		require.NoError(t, os.Mkdir(filepath.Join(dir, Default+".park.json"), 0o755))
		if pre {
			require.NoError(t, os.WriteFile(filepath.Join(dir, Default+".csv"), []byte("mine\n"), 0o644))
		}
		require.Error(t, WriteFiles(dir, Default))
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		if pre {
			assert.Equal(t, []string{Default + ".csv", Default + ".park.json"}, names)
		} else {
			assert.Equal(t, []string{Default + ".park.json"}, names, "only the directory that was there")
		}
	}
}
