// Command mkdemo regenerates the embedded demo series of package demo from
// the shared real-data CSVs (see demo/data/README.md for provenance).
//
// Run by hand from the repository root:
//
//	go run ./internal/mkdemo -shared ../shared/data -out demo/data
//
// Every source file must have a header whose first column is "hour" and
// exactly 8760 rows with hour = 0…8759; anything else aborts the run. Values
// are copied as the source text, except pressure in atm, which becomes hPa
// (× 1013.25, rounded to 4 decimals: the source has 0.01 atm steps, so the
// rounding removes only binary floating-point noise). Row h is labelled
// 2023-01-01T00:00 + h hours at the site's fixed standard-time offset.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/internal/atomicfile"
)

// hoursPerYear is the row count every source and output must have.
const hoursPerYear = 8760

// atmToHPa converts standard atmospheres to hectopascals (1 atm = 101 325 Pa).
const atmToHPa = 1013.25

// errData is the sentinel for malformed source data.
var errData = errors.New("mkdemo: bad source data")

// column selects one source column and names it in the output.
type column struct {
	file string // source file name under -shared
	src  string // source column name
	out  string // output column name
	// atmToHPa converts the value from atm to hPa.
	atmToHPa bool
}

// site is one output file.
type site struct {
	out    string // output file name under -out
	offset int    // fixed UTC offset in hours (local standard time)
	cols   []column
}

// tenants are the CRB building types used as park tenants: a commercial /
// light-industrial mix (offices, a warehouse, retail, food, a hotel).
var tenants = []string{
	"large_office_kw",
	"medium_office_kw",
	"warehouse_kw",
	"supermarket_kw",
	"retail_store_kw",
	"strip_mall_kw",
	"full_service_restaurant_kw",
	"large_hotel_kw",
}

// heatTenants are the CRB building types of the heat demo: a mixed
// district with large heat users (a hospital and its clinic, a hotel, a
// school, housing, food and an office). Each has an electric column
// "<type>_kw" and two heat columns, "<type>_space_heating_kwth" and
// "<type>_dhw_kwth".
var heatTenants = []string{
	"hospital",
	"outpatient_clinic",
	"large_hotel",
	"secondary_school",
	"supermarket",
	"midrise_apartment",
	"full_service_restaurant",
	"medium_office",
}

const (
	fileNSRDB = "weather_amarillo_tx_2012_nsrdb.csv"
	fileWTK   = "wind_amarillo_tx_2012_wtk.csv"
	fileTMY3  = "weather_greensboro_nc_tmy3.csv"
	fileWPF   = "wind_prod_factor_reopt_example.csv"
	fileLoads = "loads_baltimore_crb_kw.csv"
	fileAVERT = "co2_avert_2023_marginal_kg_per_kwh.csv"
	fileHeat  = "heat_baltimore_crb_kw.csv"
)

// same copies the named columns of file under their own names.
func same(file string, names ...string) []column {
	cs := make([]column, len(names))
	for i, n := range names {
		cs[i] = column{file: file, src: n, out: n}
	}
	return cs
}

func sites() []site {
	weather := []string{"ghi_w_m2", "dni_w_m2", "dhi_w_m2", "temp_c", "wind_speed_m_s", "pressure_hpa"}

	var tx []column
	tx = append(tx, same(fileNSRDB, weather...)...)
	tx = append(tx,
		column{file: fileWTK, src: "wind_speed_100m_m_s", out: "wind_speed_100m_m_s"},
		column{file: fileWTK, src: "temp_100m_c", out: "temp_100m_c"},
		column{file: fileWTK, src: "pressure_100m_atm", out: "pressure_100m_hpa", atmToHPa: true},
		column{file: fileWTK, src: "wind_speed_80m_m_s", out: "wind_speed_80m_m_s"},
	)
	tx = append(tx, same(fileLoads, tenants...)...)
	tx = append(tx, same(fileAVERT, "cent_co2_kg_per_kwh")...)

	var nc []column
	nc = append(nc, same(fileTMY3, weather...)...)
	nc = append(nc, same(fileWPF, "wind_kw_per_kw")...)
	nc = append(nc, same(fileLoads, tenants...)...)
	nc = append(nc, same(fileAVERT, "ncsc_co2_kg_per_kwh")...)

	// The heat demo: Greensboro weather (no pressure: nothing reads it),
	// the heat tenants' electric and heat loads, AVERT Mid-Atlantic (the
	// region of Baltimore, whose buildings these are).
	var heat []column
	heat = append(heat, same(fileTMY3, weather[:5]...)...)
	for _, b := range heatTenants {
		heat = append(heat, same(fileLoads, b+"_kw")...)
	}
	for _, b := range heatTenants {
		heat = append(heat, same(fileHeat, b+"_space_heating_kwth", b+"_dhw_kwth")...)
	}
	heat = append(heat, same(fileAVERT, "mida_co2_kg_per_kwh")...)

	return []site{
		{out: "texas_panhandle_2012.csv", offset: -6, cols: tx},
		{out: "greensboro_nc_tmy3.csv", offset: -5, cols: nc},
		{out: "greensboro_heat_tmy3.csv", offset: -5, cols: heat},
	}
}

func main() {
	shared := flag.String("shared", "../shared/data", "directory holding the shared source CSVs")
	out := flag.String("out", "demo/data", "directory to write the demo series CSVs into")
	flag.Parse()
	if err := run(*shared, *out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(sharedDir, outDir string) error {
	cache := map[string]*table{}
	for _, s := range sites() {
		if err := writeSite(sharedDir, outDir, s, cache); err != nil {
			return err
		}
		fmt.Printf("wrote %s (%d columns, %d rows)\n", filepath.Join(outDir, s.out), len(s.cols), hoursPerYear)
	}
	return nil
}

// table is a source CSV held as text, one slice per column.
type table struct {
	name string
	cols map[string][]string
}

// readTable reads a shared CSV and checks its shape: first column "hour",
// hoursPerYear rows, hour equal to the row index, every value a finite number.
func readTable(path string) (*table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: header: %v", errData, path, err)
	}
	if len(header) < 2 || header[0] != "hour" {
		return nil, fmt.Errorf("%w: %s: header must start with \"hour\", got %q", errData, path, header)
	}
	t := &table{name: path, cols: make(map[string][]string, len(header))}
	for _, h := range header {
		t.cols[h] = make([]string, 0, hoursPerYear)
	}
	for row := 0; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			if row != hoursPerYear {
				return nil, fmt.Errorf("%w: %s: %d data rows, want %d", errData, path, row, hoursPerYear)
			}
			return t, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v", errData, path, err)
		}
		if row >= hoursPerYear {
			return nil, fmt.Errorf("%w: %s: more than %d data rows", errData, path, hoursPerYear)
		}
		if rec[0] != strconv.Itoa(row) {
			return nil, fmt.Errorf("%w: %s: line %d: hour %q, want %d", errData, path, row+2, rec[0], row)
		}
		for i, v := range rec {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("%w: %s: line %d, column %q: value %q is not a finite number", errData, path, row+2, header[i], v)
			}
			t.cols[header[i]] = append(t.cols[header[i]], v)
		}
	}
}

// convertAtm turns an atm value (text) into hPa text.
func convertAtm(v string) (string, error) {
	x, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return "", err
	}
	hPa := math.Round(x*atmToHPa*1e4) / 1e4
	return strconv.FormatFloat(hPa, 'g', -1, 64), nil
}

func writeSite(sharedDir, outDir string, s site, cache map[string]*table) error {
	data := make([][]string, len(s.cols))
	for i, c := range s.cols {
		t, ok := cache[c.file]
		if !ok {
			var err error
			if t, err = readTable(filepath.Join(sharedDir, c.file)); err != nil {
				return err
			}
			cache[c.file] = t
		}
		v, ok := t.cols[c.src]
		if !ok {
			return fmt.Errorf("%w: %s: no column %q", errData, t.name, c.src)
		}
		if c.atmToHPa {
			conv := make([]string, len(v))
			for h, x := range v {
				var err error
				if conv[h], err = convertAtm(x); err != nil {
					return fmt.Errorf("%w: %s: column %q, hour %d: %v", errData, t.name, c.src, h, err)
				}
			}
			v = conv
		}
		data[i] = v
	}

	var b strings.Builder
	b.WriteString("timestamp")
	for _, c := range s.cols {
		b.WriteString(",")
		b.WriteString(c.out)
	}
	b.WriteString("\n")
	// 2023 is not a leap year and starts on a Sunday, like the sources.
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.FixedZone("", s.offset*3600))
	for h := 0; h < hoursPerYear; h++ {
		b.WriteString(start.Add(time.Duration(h) * time.Hour).Format(time.RFC3339))
		for i := range s.cols {
			b.WriteString(",")
			b.WriteString(data[i][h])
		}
		b.WriteString("\n")
	}
	return atomicfile.WriteFile(filepath.Join(outDir, s.out), []byte(b.String()))
}
