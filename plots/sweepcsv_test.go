package plots_test

import (
	"errors"
	"io"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plots"
)

// sweepCSV has the layout of 'zeropark sweep' results: combination, the
// --vary paths, design columns, KPIs (and more than the reader needs).
const sweepCSV = `combination,battery.energy_kwh,pv[roof].capacity_kwp,grid.import_limit_kw,design_pv_capacity_kwp,policy,residual_kgco2e,offsets_needed_tco2e,stage,renewable_share
0,0,500,+Inf,500,mpc,900000,900,conventional,0.1
1,1000,500,+Inf,500,mpc,600000,600,low-carbon,0.4
2,0,1000,+Inf,1000,mpc,150000,150,near-zero-carbon,0.91
3,1000,1000,+Inf,1000,mpc,0,0,zero-carbon,0.95
`

func TestReadSweepCSV(t *testing.T) {
	rows, err := plots.ReadSweepCSV(strings.NewReader(sweepCSV))
	require.NoError(t, err)
	require.Len(t, rows, 4)
	assert.Equal(t, map[string]float64{"battery.energy_kwh": 1000, "pv[roof].capacity_kwp": 1000, "grid.import_limit_kw": math.Inf(1)}, rows[3].Params)
	assert.InDelta(t, 150, rows[2].OffsetsNeededTCO2e, 0)
	assert.Equal(t, "near-zero-carbon", rows[2].Stage)
	assert.Equal(t, "mpc", rows[0].Policy)
	// Read rows draw: the unlimited import limit is the same in every row,
	// so it is fixed, not an obstacle.
	_, err = plots.SweepHeatmap(rows, "battery.energy_kwh", "pv[roof].capacity_kwp", nil)
	require.NoError(t, err)

	// A byte-order mark and CRLF line ends are fine.
	rows, err = plots.ReadSweepCSV(strings.NewReader("\ufeff" + strings.ReplaceAll(sweepCSV, "\n", "\r\n")))
	require.NoError(t, err)
	assert.Len(t, rows, 4)
}

func TestReadSweepCSVErrors(t *testing.T) {
	head := "battery.energy_kwh,offsets_needed_tco2e,stage\n"
	for _, c := range []struct {
		name   string
		in     string
		line   int
		column string
		want   string
	}{
		{"empty", "", 1, "", "no header"},
		{"header only", head, 2, "", "no rows"},
		{"no offsets column", "battery.energy_kwh,stage\n1,low-carbon\n", 1, "offsets_needed_tco2e", "required column"},
		{"no stage column", "battery.energy_kwh,offsets_needed_tco2e\n1,2\n", 1, "stage", "required column"},
		{"twice", "a.b,a.b,offsets_needed_tco2e,stage\n", 1, "a.b", "named twice"},
		{"bad parameter", head + "1,2,low-carbon\nlots,2,low-carbon\n", 3, "battery.energy_kwh", `value "lots": not a number`},
		{"NaN parameter", head + "NaN,2,low-carbon\n", 2, "battery.energy_kwh", "not a number"},
		{"bad offsets", head + "1,2,low-carbon\n2,3,low-carbon\n3,,low-carbon\n", 4, "offsets_needed_tco2e", "not a finite number"},
		{"infinite offsets", head + "1,Inf,low-carbon\n", 2, "offsets_needed_tco2e", "not a finite number"},
		{"unknown stage", head + "1,2,net-zero\n", 2, "stage", "unknown stage"},
		{"field count", head + "1,2,low-carbon\n1,2\n", 3, "", "wrong number of fields"},
		{"quote", head + "1,\"2,low-carbon\n", 2, "", "quote"},
		// What the file holds is repeated up to model.MaxEchoBytes.
		{"huge value", head + "1," + strings.Repeat("7", 100_000) + ",low-carbon\n", 2, "offsets_needed_tco2e",
			`value "` + strings.Repeat("7", model.MaxEchoBytes) + `"…(100000 bytes): not a finite number`},
		{"huge column twice", strings.Repeat("x", 5000) + "," + strings.Repeat("x", 5000) + "\n", 1, strings.Repeat("x", 5000),
			`…(5000 bytes): column named twice`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := plots.ReadSweepCSV(strings.NewReader(c.in))
			require.Error(t, err)
			assert.ErrorIs(t, err, plots.ErrCSV)
			var ce *plots.CSVError
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, c.line, ce.Line)
			assert.Equal(t, c.column, ce.Column)
			assert.Contains(t, err.Error(), c.want)
			if c.line > 0 {
				assert.Contains(t, err.Error(), "line ")
			}
		})
	}
}

func FuzzReadSweepCSV(f *testing.F) {
	f.Add(sweepCSV)
	f.Add("a.b,offsets_needed_tco2e,stage\n1,2,low-carbon\n")
	f.Add("a.b,offsets_needed_tco2e,stage\n1,2\n")
	f.Add("offsets_needed_tco2e,stage,x.y\n-0,zero-carbon,1e308\n")
	f.Add("")
	f.Add("a.b,c.d,offsets_needed_tco2e,stage\n1,1e308,2,low-carbon\n-1e308,-Inf,0,zero-carbon\n")
	f.Add("a.b,c.d,offsets_needed_tco2e,stage\n1,2,1e308,low-carbon\n2,2,-1e308,zero-carbon\n")
	// Every cell equal where ±0.5 is lost to rounding: the colour range
	// must still be widened.
	f.Add("a.b,c.d,offsets_needed_tco2e,stage\n1,2,1e20,low-carbon\n2,2,1e20,low-carbon\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := plots.ReadSweepCSV(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, plots.ErrCSV) {
				t.Fatalf("error %v does not unwrap to ErrCSV", err)
			}
			if len(err.Error()) > 400 { // a column and a value, each bounded
				t.Fatalf("message of %d bytes: %.200s…", len(err.Error()), err)
			}
			return
		}
		if len(rows) == 0 {
			t.Fatal("no rows and no error")
		}
		for _, r := range rows {
			if math.IsNaN(r.OffsetsNeededTCO2e) || math.IsInf(r.OffsetsNeededTCO2e, 0) {
				t.Fatalf("non-finite offsets %v", r.OffsetsNeededTCO2e)
			}
		}
		// Whatever was read either draws or is refused as bad input.
		var names []string
		for k := range rows[0].Params {
			names = append(names, k)
		}
		if len(names) < 2 {
			return
		}
		sort.Strings(names)
		fig, err := plots.SweepHeatmap(rows, names[0], names[1], nil)
		if err != nil {
			if !errors.Is(err, plots.ErrInput) {
				t.Fatalf("error %v does not unwrap to ErrInput", err)
			}
			return
		}
		if _, err := fig.WriteTo(io.Discard, plots.SVG); err != nil {
			t.Fatalf("rendering: %v", err)
		}
	})
}
