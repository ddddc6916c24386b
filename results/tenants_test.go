package results_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// attribution attributes a run of the fixture to its two tenants.
func attribution(t testing.TB, n int, pol dispatch.Policy) (*dispatch.Result, *dispatch.Attribution) {
	t.Helper()
	p, prof := mustProfiles(t, n)
	res := run(t, p, prof, pol, false)
	a, err := dispatch.Attribute(p, prof, res)
	require.NoError(t, err)
	return res, a
}

func TestTenantsRoundTrip(t *testing.T) {
	res, a := attribution(t, 48, dispatch.Perfect)
	var buf bytes.Buffer
	require.NoError(t, results.WriteTenantsCSV(&buf, a))
	assert.True(t, strings.HasPrefix(buf.String(), strings.Join(results.TenantColumns(), ",")+"\n"))
	assert.NotContains(t, buf.String(), "e+", "no exponent notation")
	rows, err := results.ReadTenantsCSV(&buf, "tenants.csv")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	var load, residual float64
	for i, r := range rows {
		assert.Equal(t, results.TenantRowOf(a.Tenants[i]), r, "bit for bit")
		load += r.LoadKWh
		residual += r.ResidualKgCO2e
	}
	assert.Equal(t, "Café #2", rows[1].Name, "names as in the park file")
	// The tenants add up to the park (carbon conserved with what is stored
	// and exported).
	relClose(t, res.Report.Energy.Load, load, "load")
	relClose(t, res.Report.ResidualKgCO2e, residual+a.StoredChangeKgCO2e+a.ExportedKgCO2e, "residual")
}

// A tenants.csv written before renewable_share carried its unit is read
// under the new name, with the same values.
func TestReadTenantsCSVOldShareName(t *testing.T) {
	_, a := attribution(t, 48, dispatch.Perfect)
	var buf bytes.Buffer
	require.NoError(t, results.WriteTenantsCSV(&buf, a))
	head, body, ok := strings.Cut(buf.String(), "\n")
	require.True(t, ok)
	require.Contains(t, head, ",renewable_share_fraction")
	old := strings.Replace(head, ",renewable_share_fraction", ",renewable_share", 1) + "\n" + body
	rows, err := results.ReadTenantsCSV(strings.NewReader(old), "tenants.csv")
	require.NoError(t, err)
	require.Len(t, rows, len(a.Tenants))
	for i, r := range rows {
		assert.Equal(t, results.TenantRowOf(a.Tenants[i]), r)
		assert.Greater(t, r.RenewableShare, 0.0, "the share read from the old column")
	}
}

func TestReadTenantsCSVErrors(t *testing.T) {
	head := strings.Join(results.TenantColumns(), ",") + "\n"
	for _, c := range []struct{ name, in, want string }{
		{"old header", "tenant,load_kwh\n", "header is not that of tenants.csv"},
		{"bad value", head + "Office,1,0,2,3,0.5,0.003,x,0.1\n", `column "renewable_kwh": value "x": not a number`},
		{"short", head + "Office,1\n", "wrong number of fields"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadTenantsCSV(strings.NewReader(c.in), "tenants.csv")
			require.ErrorIs(t, err, results.ErrFile)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	rows, err := results.ReadTenantsCSV(strings.NewReader(head), "tenants.csv")
	require.NoError(t, err)
	assert.Empty(t, rows, "a park's tenants can be none")
}

// Each tenant's interval columns read back bit for bit and sum to its
// row of tenants.csv.
func TestTenantIntervalsRoundTrip(t *testing.T) {
	p, prof := mustProfiles(t, 30)
	res := run(t, p, prof, dispatch.SelfConsumptionPolicy, false)
	a, err := dispatch.Attribute(p, prof, res)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, results.WriteTenantIntervalsCSV(&buf, prof, a))
	assert.True(t, strings.HasPrefix(buf.String(), "timestamp,office_a_kw,office_a_kgco2e,caf_2_kw,caf_2_kgco2e\n"))
	ti, err := results.ReadTenantIntervalsCSV(&buf, "tenant_intervals.csv")
	require.NoError(t, err)
	assert.Equal(t, []string{"office_a", "caf_2"}, ti.Tenants)
	require.Len(t, ti.Time, prof.Len)
	for i, tenant := range a.Tenants {
		assert.Equal(t, prof.LoadKW[i][:prof.Len], ti.LoadKW[i])
		for k := range prof.Len {
			assert.Equal(t, a.IntervalKgCO2e(i, k), ti.KgCO2e[i][k])
		}
		relClose(t, tenant.LoadKWh, sum(ti.LoadKW[i]), tenant.Name+" load")
		relClose(t, tenant.ResidualKgCO2e, sum(ti.KgCO2e[i]), tenant.Name+" residual")
	}
	assert.ErrorIs(t, results.WriteTenantIntervalsCSV(io.Discard, prof.Slice(0, 0), &dispatch.Attribution{}), results.ErrOutput)
}

func TestReadTenantIntervalsCSVErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"odd", "timestamp,a_kw\n", "want a pair"},
		{"old names", "timestamp,Large office_kw,Large office_kgco2e\n", "want the pair"},
		{"unpaired", "timestamp,a_kw,b_kgco2e\n", "want the pair"},
		{"bad value", "timestamp,a_kw,a_kgco2e\n2024-01-01T00:00:00Z,1,NaN\n", "not a number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadTenantIntervalsCSV(strings.NewReader(c.in), "ti.csv")
			require.ErrorIs(t, err, results.ErrFile)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// attribution.json reads back to an attribution that writes the same
// bytes.
func TestAttributionRoundTrip(t *testing.T) {
	_, a := attribution(t, 48, dispatch.SelfConsumptionPolicy)
	var first bytes.Buffer
	require.NoError(t, results.WriteAttributionJSON(&first, a))
	back, err := results.ReadAttributionJSON(bytes.NewReader(first.Bytes()), "attribution.json")
	require.NoError(t, err)
	assert.Equal(t, a.Tenants, back.Tenants)
	assert.Equal(t, a.StoredChangeKgCO2e, back.StoredChangeKgCO2e)
	assert.Equal(t, 0, back.Intervals(), "per-interval figures are in tenant_intervals.csv")
	var second bytes.Buffer
	require.NoError(t, results.WriteAttributionJSON(&second, back))
	assert.Equal(t, first.String(), second.String())

	_, err = results.ReadAttributionJSON(strings.NewReader(`{"tenants": [], "stored": 1}`), "attribution.json")
	assert.ErrorIs(t, err, results.ErrFile)
}

func FuzzReadTenantsCSV(f *testing.F) {
	head := strings.Join(results.TenantColumns(), ",") + "\n"
	f.Add(head + "Office,1,0,2,3,0.5,0.003,1,0.1\n")
	f.Add(head + "\"a,b\",+Inf,-0,1e308,5e-324,0,0,0,0\n")
	f.Add("tenant\n")
	f.Add(strings.Join(results.HeatTenantColumns(), ",") + "\nOffice,1,0,2,3,0.5,0.003,1,0.1,7,0.5,1.25\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, err := results.ReadTenantsCSV(strings.NewReader(in), "f.csv")
		if err != nil {
			if !errors.Is(err, results.ErrFile) {
				t.Fatalf("error %v does not unwrap to ErrFile", err)
			}
			return
		}
		// What was read writes back and reads the same.
		a := &dispatch.Attribution{}
		for _, r := range rows {
			if math.IsNaN(r.LoadKWh) {
				t.Fatal("NaN accepted")
			}
			a.Tenants = append(a.Tenants, dispatch.TenantShare{Name: r.Name, LoadKWh: r.LoadKWh, UnservedKWh: r.UnservedKWh,
				BaselineKgCO2e: r.BaselineKgCO2e, ResidualKgCO2e: r.ResidualKgCO2e, KgCO2ePerKWh: r.KgCO2ePerKWh,
				OffsetsNeededTCO2e: r.OffsetsNeededTCO2e, RenewableKWh: r.RenewableKWh, RenewableShare: r.RenewableShare,
				HeatLoadKWhTh: r.HeatLoadKWhTh, HeatUnservedKWhTh: r.HeatUnservedKWhTh, HeatKgCO2e: r.HeatKgCO2e})
		}
		var buf bytes.Buffer
		if err := results.WriteTenantsCSV(&buf, a); err != nil {
			t.Fatal(err)
		}
		again, err := results.ReadTenantsCSV(&buf, "again.csv")
		if err != nil || len(again) != len(rows) {
			t.Fatalf("round trip: %v, %d rows for %d", err, len(again), len(rows))
		}
		for i := range rows {
			if again[i] != rows[i] {
				t.Fatalf("round trip of row %d: %+v → %+v", i, rows[i], again[i])
			}
		}
	})
}

func ExampleWriteTenantsCSV() {
	p, prof, err := fixtureProfiles(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := dispatch.GridOnly(p, prof, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := dispatch.Attribute(p, prof, res)
	if err != nil {
		fmt.Println(err)
		return
	}
	var buf bytes.Buffer
	if err := results.WriteTenantsCSV(&buf, a); err != nil {
		fmt.Println(err)
		return
	}
	rows, err := results.ReadTenantsCSV(&buf, "tenants.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		// Grid-only: every kWh from the grid, so residual = baseline
		// = Σ load × factor (864.85 and 372.42 kgCO2e by hand).
		fmt.Printf("%s: %.1f kWh, residual %.1f kgCO2e = baseline %.1f\n", r.Name, r.LoadKWh, r.ResidualKgCO2e, r.BaselineKgCO2e)
	}
	fmt.Println(results.TenantIntervalColumns([]string{"Office A", "Café #2"}))
	// Output:
	// Office A: 1680.0 kWh, residual 864.8 kgCO2e = baseline 864.8
	// Café #2: 720.0 kWh, residual 372.4 kgCO2e = baseline 372.4
	// [timestamp office_a_kw office_a_kgco2e caf_2_kw caf_2_kgco2e]
}

func ExampleReadTenantIntervalsCSV() {
	in := `timestamp,office_a_kw,office_a_kgco2e,caf_2_kw,caf_2_kgco2e
2024-06-01T00:00:00+08:00,50,20,10,4
2024-06-01T01:00:00+08:00,40,12,10,3
`
	ti, err := results.ReadTenantIntervalsCSV(strings.NewReader(in), "tenant_intervals.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, slug := range ti.Tenants {
		fmt.Printf("%s: %v kW, %v kgCO2e\n", slug, ti.LoadKW[i], ti.KgCO2e[i])
	}
	// Output:
	// office_a: [50 40] kW, [20 12] kgCO2e
	// caf_2: [10 10] kW, [4 3] kgCO2e
}

func ExampleReadAttributionJSON() {
	a, err := results.ReadAttributionJSON(strings.NewReader(`{
  "tenants": [{"name": "Office", "load_kwh": 100, "unserved_kwh": 0, "baseline_kgco2e": 50, "residual_kgco2e": 20,
    "kgco2e_per_kwh": 0.2, "renewable_kwh": 60, "grid_kwh": 40, "renewable_share": 0.6, "offsets_needed_tco2e": 0.02}],
  "stored_change_kgco2e": 1.5,
  "exported_kgco2e": 0,
  "initial_kgco2e_per_kwh": 0.5,
  "energy_origin_kwh": {}
}`), "attribution.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Tenants[0].Name, a.Tenants[0].ResidualKgCO2e+a.StoredChangeKgCO2e+a.ExportedKgCO2e, "kgCO2e in all")
	// Output: Office 21.5 kgCO2e in all
}
