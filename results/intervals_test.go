package results_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

func TestWriteIntervalsCSVMatchesReport(t *testing.T) {
	p, prof := mustProfiles(t, 48)
	for _, pol := range dispatch.Policies().Names() {
		t.Run(string(pol), func(t *testing.T) {
			res := run(t, p, prof, pol, false)
			var buf bytes.Buffer
			require.NoError(t, results.WriteIntervalsCSV(&buf, p, res.Schedule))
			iv, err := results.ReadIntervalsCSV(&buf, "intervals.csv")
			require.NoError(t, err)
			cols := iv.Columns

			assert.Equal(t, []string{"timestamp", "load_kw", "pv_rooftop_pv_available_kw", "pv_rooftop_pv_kw",
				"battery_b1_charge_kw", "battery_b1_discharge_kw", "battery_b1_soc_kwh",
				"import_kw", "export_kw", "unserved_kw", "curtailed_kw",
				"dispatch_kgco2e_per_kwh", "grid_kgco2e_per_kwh", "emissions_kgco2e"}, iv.Header)
			require.Len(t, iv.Time, 48)
			assert.True(t, iv.Time[0].Equal(prof.Start))
			assert.Equal(t, time.Hour, iv.Time[1].Sub(iv.Time[0]))
			_, off := iv.Time[0].Zone()
			assert.Equal(t, 8*3600, off, "timestamps keep the series' zone")

			// Totals of the file × Δt equal the report (Δt = 1 h).
			r := res.Report
			relClose(t, r.Energy.Load, sum(cols["load_kw"]), "load")
			relClose(t, r.Energy.Import, sum(cols["import_kw"]), "import")
			relClose(t, r.Energy.Export, sum(cols["export_kw"]), "export")
			relClose(t, r.Energy.Unserved, sum(cols["unserved_kw"]), "unserved")
			relClose(t, r.Energy.Curtailed, sum(cols["curtailed_kw"]), "curtailed")
			relClose(t, r.Energy.PV, sum(cols["pv_rooftop_pv_kw"]), "pv")
			relClose(t, r.ResidualKgCO2e, sum(cols["emissions_kgco2e"]), "emissions")

			// Independent checks per row: emissions from import × factor,
			// the bus balance, and the load column from the input series.
			for i := range iv.Time {
				relClose(t, cols["import_kw"][i]*cols["grid_kgco2e_per_kwh"][i], cols["emissions_kgco2e"][i], "row emissions")
				in := cols["pv_rooftop_pv_kw"][i] + cols["battery_b1_discharge_kw"][i] - cols["battery_b1_charge_kw"][i] +
					cols["import_kw"][i] - cols["export_kw"][i] + cols["unserved_kw"][i]
				assert.InDelta(t, cols["load_kw"][i], in, 1e-6, "balance at row %d", i)
				assert.InDelta(t, prof.TotalLoadKW(i), cols["load_kw"][i], 1e-12)
				assert.InDelta(t, prof.AccountingKgCO2ePerKWh[i], cols["grid_kgco2e_per_kwh"][i], 1e-12)
			}
		})
	}
}

// What intervals.csv holds reads back to the schedule's own values, bit
// for bit, in every column.
func TestIntervalsRoundTrip(t *testing.T) {
	p, prof := mustProfiles(t, 30)
	s := run(t, p, prof, dispatch.Perfect, false).Schedule
	var buf bytes.Buffer
	require.NoError(t, results.WriteIntervalsCSV(&buf, p, s))
	assert.NotContains(t, buf.String(), "e-", "no exponent notation")
	iv, err := results.ReadIntervalsCSV(bytes.NewReader(buf.Bytes()), "intervals.csv")
	require.NoError(t, err)
	want := map[string][]float64{
		"load_kw": s.LoadKW, "pv_rooftop_pv_available_kw": s.PVAvailKW[0], "pv_rooftop_pv_kw": s.PVKW[0],
		"battery_b1_charge_kw": s.ChargeKW[0], "battery_b1_discharge_kw": s.DischargeKW[0], "battery_b1_soc_kwh": s.SoCKWh[0],
		"import_kw": s.ImportKW, "export_kw": s.ExportKW, "unserved_kw": s.UnservedKW, "curtailed_kw": s.CurtailedKW,
		"dispatch_kgco2e_per_kwh": s.DispatchKgCO2ePerKWh, "grid_kgco2e_per_kwh": s.AccountingKgCO2ePerKWh,
		"emissions_kgco2e": s.EmissionsKgCO2e,
	}
	require.Len(t, iv.Columns, len(want))
	for col, v := range want {
		assert.Equal(t, v[:s.Len], iv.Column(col), col)
	}
	for i, ts := range iv.Time {
		assert.True(t, ts.Equal(s.Time(i)))
	}
}

// Every asset gets its columns however it is named; the header follows
// IntervalColumnDocs.
func TestIntervalColumnsFollowDocs(t *testing.T) {
	p := fixturePark()
	p.PV = append(p.PV, model.PVArray{Name: "屋顶光伏"}, model.PVArray{Name: "rooftop-pv"})
	p.Wind = []model.WindTurbine{{Name: "WT 1"}}
	p.Batteries = append(p.Batteries, model.Battery{Name: "b1"})
	cols := results.IntervalColumns(p)
	assert.Equal(t, []string{"timestamp", "load_kw",
		"pv_1_available_kw", "pv_1_kw", "pv_2_available_kw", "pv_2_kw", "pv_3_available_kw", "pv_3_kw",
		"wind_wt_1_available_kw", "wind_wt_1_kw",
		"battery_1_charge_kw", "battery_1_discharge_kw", "battery_1_soc_kwh",
		"battery_2_charge_kw", "battery_2_discharge_kw", "battery_2_soc_kwh",
		"import_kw", "export_kw", "unserved_kw", "curtailed_kw",
		"dispatch_kgco2e_per_kwh", "grid_kgco2e_per_kwh", "emissions_kgco2e"}, cols)
	// The documented list, with each asset's slug for <slug>, in order.
	var fromDocs []string
	for _, d := range results.IntervalColumnDocs() {
		if !strings.Contains(d.Name, results.SlugPlaceholder) {
			fromDocs = append(fromDocs, d.Name)
			continue
		}
		kind, _, _ := strings.Cut(d.Name, "_")
		for _, slug := range map[string][]string{"pv": {"1", "2", "3"}, "wind": {"wt_1"}, "battery": {"1", "2"}}[kind] {
			fromDocs = append(fromDocs, strings.Replace(d.Name, results.SlugPlaceholder, slug, 1))
		}
	}
	assert.ElementsMatch(t, fromDocs, cols)
}

func TestWriteIntervalsCSVMismatch(t *testing.T) {
	p, prof := mustProfiles(t, 24)
	res := run(t, p, prof, dispatch.GridOnlyPolicy, false)
	other := *p
	other.Batteries = nil
	assert.ErrorIs(t, results.WriteIntervalsCSV(io.Discard, &other, res.Schedule), results.ErrOutput)
	assert.ErrorIs(t, results.WriteIntervalsCSV(io.Discard, nil, res.Schedule), results.ErrOutput)
}

func TestReadIntervalsCSVErrors(t *testing.T) {
	head := "timestamp,load_kw,import_kw,export_kw,unserved_kw,curtailed_kw,dispatch_kgco2e_per_kwh,grid_kgco2e_per_kwh,emissions_kgco2e"
	row := "2024-06-01T00:00:00+08:00,1,1,0,0,0,0.5,0.5,0.5"
	for _, c := range []struct {
		name, in string
		line     int
		column   string
		want     string
	}{
		{"empty", "", 1, "", "no header"},
		{"old names", strings.Replace(head, "load_kw,", "load_kw,pv:Rooftop PV_kw,", 1) + "\n", 1, "pv:Rooftop PV_kw", "older zeropark"},
		{"unknown quantity", strings.Replace(head, "load_kw,", "load_kw,pv_roof_mw,", 1) + "\n", 1, "pv_roof_mw", "not a column"},
		{"no slug", strings.Replace(head, "load_kw,", "load_kw,pv__kw,", 1) + "\n", 1, "pv__kw", "not a column"},
		{"missing column", strings.Replace(head, ",curtailed_kw", "", 1) + "\n", 1, "curtailed_kw", "required column"},
		{"not timestamp first", "time," + head[len("timestamp,"):] + "\n", 1, "time", "first column"},
		{"twice", head + ",load_kw\n", 1, "load_kw", "twice"},
		{"bad time", head + "\n" + row + "\n2024-06-01 01:00,1,1,0,0,0,0.5,0.5,0.5\n", 3, "timestamp", "RFC 3339"},
		{"time goes back", head + "\n" + row + "\n" + row + "\n", 3, "timestamp", "not after"},
		{"bad number", head + "\n" + strings.Replace(row, ",1,1,", ",1,lots,", 1) + "\n", 2, "import_kw", `value "lots": not a number`},
		{"short row", head + "\n2024-06-01T00:00:00+08:00,1\n", 2, "", "wrong number of fields"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := results.ReadIntervalsCSV(strings.NewReader(c.in), "iv.csv")
			require.ErrorIs(t, err, results.ErrFile)
			var fe *results.FileError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, "iv.csv", fe.File)
			assert.Equal(t, c.line, fe.Line)
			assert.Equal(t, c.column, fe.Column)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// A timestamp with a lower-case t and z (RFC 3339 §5.6) reads as the
	// one in capitals.
	iv, err := results.ReadIntervalsCSV(strings.NewReader(head+"\n"+strings.Replace(row, "2024-06-01T00:00:00+08:00", "2024-06-01t00:00:00z", 1)+"\n"), "iv.csv")
	require.NoError(t, err)
	assert.True(t, iv.Time[0].Equal(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)), "%v", iv.Time[0])
	// An error repeats at most 60 bytes of a value from the file.
	long := strings.Repeat("x", 5000)
	_, err = results.ReadIntervalsCSV(strings.NewReader(head+"\n"+strings.Replace(row, ",1,1,", ",1,"+long+",", 1)+"\n"), "iv.csv")
	require.Error(t, err)
	assert.Less(t, len(err.Error()), 300)
	assert.Contains(t, err.Error(), "(5000 bytes)")
}

func FuzzReadIntervalsCSV(f *testing.F) {
	p, prof, err := fixtureProfiles(4)
	if err != nil {
		f.Fatal(err)
	}
	res, err := dispatch.SelfConsumption(p, prof, dispatch.DefaultConfig())
	if err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	if err := results.WriteIntervalsCSV(&buf, p, res.Schedule); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.String())
	f.Add("timestamp\n")
	f.Add("\ufefftimestamp,load_kw\n2024-01-01T00:00:00Z,+Inf\n")
	f.Fuzz(func(t *testing.T, in string) {
		iv, err := results.ReadIntervalsCSV(strings.NewReader(in), "f.csv")
		if err != nil {
			if !errors.Is(err, results.ErrFile) {
				t.Fatalf("error %v does not unwrap to ErrFile", err)
			}
			return
		}
		for _, h := range iv.Header[1:] {
			if got := iv.Column(h); len(got) != len(iv.Time) {
				t.Fatalf("column %s has %d values for %d rows", h, len(got), len(iv.Time))
			}
			for _, v := range iv.Column(h) {
				if math.IsNaN(v) {
					t.Fatalf("NaN accepted in %s", h)
				}
			}
		}
	})
}

func ExampleWriteIntervalsCSV() {
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
	var buf bytes.Buffer
	if err := results.WriteIntervalsCSV(&buf, p, res.Schedule); err != nil {
		fmt.Println(err)
		return
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	fmt.Println(strings.ReplaceAll(lines[0], ",", "\n"))
	fmt.Println(len(lines)-1, "rows, the first at", strings.Split(lines[1], ",")[0])
	// Output:
	// timestamp
	// load_kw
	// pv_rooftop_pv_available_kw
	// pv_rooftop_pv_kw
	// battery_b1_charge_kw
	// battery_b1_discharge_kw
	// battery_b1_soc_kwh
	// import_kw
	// export_kw
	// unserved_kw
	// curtailed_kw
	// dispatch_kgco2e_per_kwh
	// grid_kgco2e_per_kwh
	// emissions_kgco2e
	// 24 rows, the first at 2024-06-01T00:00:00+08:00
}

func ExampleReadIntervalsCSV() {
	in := `timestamp,load_kw,pv_roof_available_kw,pv_roof_kw,import_kw,export_kw,unserved_kw,curtailed_kw,dispatch_kgco2e_per_kwh,grid_kgco2e_per_kwh,emissions_kgco2e
2024-06-01T00:00:00+08:00,100,0,0,100,0,0,0,0.6,0.6,60
2024-06-01T01:00:00+08:00,90,10,10,80,0,0,0,0.5,0.5,40
`
	iv, err := results.ReadIntervalsCSV(strings.NewReader(in), "intervals.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(iv.Time), iv.Column("pv_roof_kw"), iv.Column("emissions_kgco2e"))
	_, err = results.ReadIntervalsCSV(strings.NewReader(strings.Replace(in, "pv_roof_kw", "pv:Roof_kw", 1)), "old.csv")
	fmt.Println(errors.Is(err, results.ErrFile))
	// Output:
	// 2 [0 10] [60 40]
	// true
}
