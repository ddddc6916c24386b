package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeSource writes a shared-style CSV: "hour,<cols…>" and rows rows whose
// value in column j is value(h, j).
func writeSource(t *testing.T, dir, file string, cols []string, rows int, value func(h, j int) string) {
	t.Helper()
	var b strings.Builder
	b.WriteString("hour," + strings.Join(cols, ",") + "\n")
	for h := 0; h < rows; h++ {
		fmt.Fprintf(&b, "%d", h)
		for j := range cols {
			b.WriteString("," + value(h, j))
		}
		b.WriteString("\n")
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, file), []byte(b.String()), 0o644))
}

func TestReadTableRejects(t *testing.T) {
	ok := func(h, j int) string { return "1.5" }
	tests := []struct {
		name  string
		rows  int
		value func(h, j int) string
		raw   string // when set, written instead
		want  string
	}{
		{name: "short", rows: 8759, value: ok, want: "8759 data rows, want 8760"},
		{name: "long", rows: 8761, value: ok, want: "more than 8760"},
		{name: "nan", rows: 8760, value: func(h, j int) string {
			if h == 17 {
				return "NaN"
			}
			return "1"
		}, want: `line 19, column "x": value "NaN"`},
		{name: "text", rows: 8760, value: func(h, j int) string {
			if h == 3 {
				return "abc"
			}
			return "1"
		}, want: `value "abc"`},
		{name: "header", raw: "time,x\n0,1\n", want: `header must start with "hour"`},
		{name: "hour", raw: "hour,x\n1,1\n", want: `line 2: hour "1", want 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.raw != "" {
				require.NoError(t, os.WriteFile(filepath.Join(dir, "f.csv"), []byte(tt.raw), 0o644))
			} else {
				writeSource(t, dir, "f.csv", []string{"x"}, tt.rows, tt.value)
			}
			_, err := readTable(filepath.Join(dir, "f.csv"))
			require.Error(t, err)
			assert.ErrorIs(t, err, errData)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

func TestConvertAtm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.88", "891.66"},
		{"0.85", "861.2625"},
		{"1", "1013.25"},
		{"0.01", "10.1325"},
	}
	for _, tt := range tests {
		got, err := convertAtm(tt.in)
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, tt.in)
	}
	_, err := convertAtm("x")
	assert.Error(t, err)
}

// TestRun builds both outputs from synthetic sources whose every value
// encodes its hour, and checks labels, column order and the conversion.
func TestRun(t *testing.T) {
	src, out := t.TempDir(), t.TempDir()
	need := map[string][]string{}
	for _, s := range sites() {
		for _, c := range s.cols {
			if !slices.Contains(need[c.file], c.src) {
				need[c.file] = append(need[c.file], c.src)
			}
		}
	}
	for file, cols := range need {
		writeSource(t, src, file, cols, hoursPerYear, func(h, j int) string {
			if strings.HasSuffix(cols[j], "_atm") {
				return "0.87"
			}
			return fmt.Sprintf("%d.25", h)
		})
	}
	require.NoError(t, run(src, out))

	data, err := os.ReadFile(filepath.Join(out, "texas_panhandle_2012.csv"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	require.Len(t, lines, hoursPerYear+1)
	header := strings.Split(lines[0], ",")
	assert.Equal(t, "timestamp", header[0])
	assert.Contains(t, header, "pressure_100m_hpa")
	assert.Contains(t, header, "cent_co2_kg_per_kwh")
	row := strings.Split(lines[4001], ",")
	assert.Equal(t, "2023-06-16T16:00:00-06:00", row[0]) // hour 4000 = day 166, 16 h
	for i, name := range header[1:] {
		want := "4000.25"
		if name == "pressure_100m_hpa" {
			want = "881.5275" // 0.87 × 1013.25
		}
		assert.Equal(t, want, row[i+1], name)
	}
	last := strings.Split(lines[hoursPerYear], ",")
	assert.Equal(t, "2023-12-31T23:00:00-06:00", last[0])

	data, err = os.ReadFile(filepath.Join(out, "greensboro_nc_tmy3.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(strings.SplitN(string(data), "\n", 3)[1], "2023-01-01T00:00:00-05:00,0.25,"))

	// The heat demo: weather, each tenant's electric column, then its
	// two heat columns, then the Mid-Atlantic carbon rate.
	data, err = os.ReadFile(filepath.Join(out, "greensboro_heat_tmy3.csv"))
	require.NoError(t, err)
	lines = strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	require.Len(t, lines, hoursPerYear+1)
	header = strings.Split(lines[0], ",")
	require.Len(t, header, 1+5+3*len(heatTenants)+1)
	assert.Equal(t, []string{"timestamp", "ghi_w_m2", "dni_w_m2", "dhi_w_m2", "temp_c", "wind_speed_m_s", "hospital_kw"}, header[:7])
	assert.Equal(t, []string{"hospital_space_heating_kwth", "hospital_dhw_kwth"}, header[6+len(heatTenants):8+len(heatTenants)])
	assert.Equal(t, "medium_office_dhw_kwth", header[len(header)-2])
	assert.Equal(t, "mida_co2_kg_per_kwh", header[len(header)-1])
	assert.NotContains(t, header, "pressure_hpa")
	row = strings.Split(lines[4001], ",")
	assert.Equal(t, "2023-06-16T16:00:00-05:00", row[0])
	for i, name := range header[1:] {
		assert.Equal(t, "4000.25", row[i+1], name)
	}

	// A missing source fails the run and leaves no partial output behind:
	// no temporary file (internal/atomicfile names them .<name>.tmp-…),
	// and every file there is whole, byte for byte the good run's.
	require.NoError(t, os.Remove(filepath.Join(src, fileWPF)))
	out2 := t.TempDir()
	assert.Error(t, run(src, out2))
	ents, err := os.ReadDir(out2)
	require.NoError(t, err)
	for _, e := range ents {
		assert.False(t, strings.HasPrefix(e.Name(), "."), "temporary file left: %s", e.Name())
		got, err := os.ReadFile(filepath.Join(out2, e.Name()))
		require.NoError(t, err)
		want, err := os.ReadFile(filepath.Join(out, e.Name()))
		require.NoError(t, err, "%s is not an output of the good run", e.Name())
		assert.Equal(t, string(want), string(got), "%s is whole", e.Name())
	}
}
