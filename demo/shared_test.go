package demo

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sharedDir is where the project's shared source data lives when it is
// present (a development checkout); ZEROPARK_SHARED_DATA overrides it.
func sharedDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ZEROPARK_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	if _, err := os.Stat(filepath.Join(dir, "README.md")); err != nil {
		t.Skipf("shared source data not found at %s: %v", dir, err)
	}
	return dir
}

// readShared returns column col of a shared CSV (header "hour,…") as floats.
func readShared(t *testing.T, dir, file, col string) []float64 {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, file))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	j := -1
	for i, h := range recs[0] {
		if h == col {
			j = i
		}
	}
	require.GreaterOrEqual(t, j, 0, "%s has no column %q", file, col)
	out := make([]float64, 0, len(recs)-1)
	for _, r := range recs[1:] {
		x, err := strconv.ParseFloat(r[j], 64)
		require.NoError(t, err)
		out = append(out, x)
	}
	return out
}

// TestAgainstShared spot-checks the embedded series against the shared
// source files: same hour index, same value after the documented unit
// conversion (only pressure: atm × 1013.25 = hPa).
func TestAgainstShared(t *testing.T) {
	dir := sharedDir(t)
	type check struct {
		file, src, out string
		factor         float64
	}
	tests := []struct {
		demo   string
		checks []check
	}{
		{"texas2012", []check{
			{"weather_amarillo_tx_2012_nsrdb.csv", "ghi_w_m2", "ghi_w_m2", 1},
			{"weather_amarillo_tx_2012_nsrdb.csv", "dni_w_m2", "dni_w_m2", 1},
			{"weather_amarillo_tx_2012_nsrdb.csv", "temp_c", "temp_c", 1},
			{"wind_amarillo_tx_2012_wtk.csv", "wind_speed_100m_m_s", "wind_speed_100m_m_s", 1},
			{"wind_amarillo_tx_2012_wtk.csv", "wind_speed_80m_m_s", "wind_speed_80m_m_s", 1},
			{"wind_amarillo_tx_2012_wtk.csv", "temp_100m_c", "temp_100m_c", 1},
			{"wind_amarillo_tx_2012_wtk.csv", "pressure_100m_atm", "pressure_100m_hpa", 1013.25},
			{"loads_baltimore_crb_kw.csv", "large_office_kw", "large_office_kw", 1},
			{"loads_baltimore_crb_kw.csv", "large_hotel_kw", "large_hotel_kw", 1},
			{"co2_avert_2023_marginal_kg_per_kwh.csv", "cent_co2_kg_per_kwh", "cent_co2_kg_per_kwh", 1},
		}},
		{"greensboro", []check{
			{"weather_greensboro_nc_tmy3.csv", "ghi_w_m2", "ghi_w_m2", 1},
			{"weather_greensboro_nc_tmy3.csv", "dhi_w_m2", "dhi_w_m2", 1},
			{"weather_greensboro_nc_tmy3.csv", "wind_speed_m_s", "wind_speed_m_s", 1},
			{"wind_prod_factor_reopt_example.csv", "wind_kw_per_kw", "wind_kw_per_kw", 1},
			{"loads_baltimore_crb_kw.csv", "supermarket_kw", "supermarket_kw", 1},
			{"co2_avert_2023_marginal_kg_per_kwh.csv", "ncsc_co2_kg_per_kwh", "ncsc_co2_kg_per_kwh", 1},
		}},
		{"greensboro-heat", []check{
			{"weather_greensboro_nc_tmy3.csv", "temp_c", "temp_c", 1},
			{"weather_greensboro_nc_tmy3.csv", "ghi_w_m2", "ghi_w_m2", 1},
			{"loads_baltimore_crb_kw.csv", "hospital_kw", "hospital_kw", 1},
			{"loads_baltimore_crb_kw.csv", "medium_office_kw", "medium_office_kw", 1},
			{"heat_baltimore_crb_kw.csv", "hospital_space_heating_kwth", "hospital_space_heating_kwth", 1},
			{"heat_baltimore_crb_kw.csv", "large_hotel_dhw_kwth", "large_hotel_dhw_kwth", 1},
			{"heat_baltimore_crb_kw.csv", "secondary_school_space_heating_kwth", "secondary_school_space_heating_kwth", 1},
			{"co2_avert_2023_marginal_kg_per_kwh.csv", "mida_co2_kg_per_kwh", "mida_co2_kg_per_kwh", 1},
		}},
	}
	for _, tt := range tests {
		_, sc, err := Files(tt.demo)
		require.NoError(t, err)
		tb := parseSeries(t, sc)
		for _, c := range tt.checks {
			t.Run(tt.demo+"/"+c.out, func(t *testing.T) {
				src := readShared(t, dir, c.file, c.src)
				require.Len(t, src, 8760)
				got := tb.cols[c.out]
				require.Len(t, got, 8760)
				for _, h := range []int{0, 1, 4000, 6000, 8759} {
					assert.InDelta(t, src[h]*c.factor, got[h], 1e-9, "hour %d", h)
				}
				// Whole-column sum as a second, independent check.
				var a, b float64
				for h := range src {
					a += src[h] * c.factor
					b += got[h]
				}
				assert.InDelta(t, a, b, 1e-6*(1+math.Abs(a)))
			})
		}
	}
}
