package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// withWindColumn is testSeries with a wind-speed column wind_m_s (m/s),
// the value of row i given by speed(i).
func withWindColumn(speed func(i int) string) string {
	lines := strings.Split(strings.TrimRight(testSeries, "\n"), "\n")
	lines[0] += ",wind_m_s"
	for i := 1; i < len(lines); i++ {
		lines[i] += "," + speed(i-1)
	}
	return strings.Join(lines, "\n") + "\n"
}

// testParkWithWind is testPark with a weather-driven wind turbine reading
// wind_m_s.
var testParkWithWind = strings.Replace(testPark, `"batteries":`, `"wind": [{"name": "mast", "capacity_kw": 100,
    "weather": {"speed_column_m_s": "wind_m_s", "measurement_height_m": 10, "hub_height_m": 80}}],
  "batteries":`, 1)

// Every family of input error names the file it is in, in every command
// that loads a park and its series (run, report, sweep, plot week), with
// the key, line or column and the value where the error has them.
func TestInputErrorsNameTheFile(t *testing.T) {
	windOK := withWindColumn(func(int) string { return "6" })
	windBad := withWindColumn(func(i int) string {
		if i == 5 {
			return "-4"
		}
		return "6"
	})
	for _, fam := range []struct {
		name         string
		park, series string
		inSeries     bool     // the file named is the series file
		want         []string // besides the file
	}{
		{"park field", strings.Replace(testPark, `"capacity_kwp": 200`, `"capacity_kwp": -5`, 1), testSeries,
			false, []string{`pv "roof"`, "capacity_kwp", "-5"}},
		{"park JSON", strings.Replace(testPark, `"name": "test park",`, `"name": "test park"`, 1), testSeries,
			false, []string{":3:"}},
		{"park unknown key", strings.Replace(testPark, `"capacity_kwp"`, `"capacity_kw"`, 1), testSeries,
			false, []string{`"capacity_kw"`, "unknown key"}},
		{"series syntax", testPark, strings.Replace(testSeries, "75,0,0.6", "75,zero,0.6", 1),
			true, []string{":3:", `"pv_kw_per_kwp"`, `"zero"`}},
		{"series value", testPark, strings.Replace(testSeries, "75,0,0.6", "-75,0,0.6", 1),
			true, []string{`load "office"`, `"load_kw"`, "-75"}},
		{"column missing", testPark, strings.ReplaceAll(testSeries, ",co2", ",carbon"),
			true, []string{"dispatch_carbon", `"co2"`, "no such column"}},
		{"weather model value", testParkWithWind, windBad,
			true, []string{`"mast"`, `"wind_m_s"`, "-4"}},
		{"weather model column missing", testParkWithWind, testSeries,
			true, []string{`"mast"`, `"wind_m_s"`}},
		{"forecast choice", testParkWithWind, windOK,
			true, []string{"--forecast", "provided:nope", `"nope"`}},
	} {
		for _, cmd := range [][]string{
			{"run"},
			{"report"},
			{"sweep", "--vary", "pv.capacity_kwp=100,200"},
			{"plot", "week"},
		} {
			t.Run(fam.name+"/"+cmd[0], func(t *testing.T) {
				park, series := writeInputs(t, fam.park, fam.series)
				dir := filepath.Dir(park)
				args := append(append([]string(nil), cmd...), "--park", park, "--series", series)
				switch cmd[0] {
				case "sweep":
					args = append(args, "--out", filepath.Join(dir, "r.csv"))
				case "plot":
					args = append(args, "--out", filepath.Join(dir, "w.svg"))
				}
				if fam.name == "forecast choice" {
					args = append(args, "--forecast", "carbon=provided:nope")
				}
				code, out, errOut := cli(t, args...)
				assert.Equal(t, exitBadInput, code, errOut)
				assert.Empty(t, out)
				file := park
				if fam.inSeries {
					file = series
				}
				assert.Contains(t, errOut, file)
				for _, w := range fam.want {
					assert.Contains(t, errOut, w)
				}
			})
		}
	}
}

// sweep's --vary names the park its asset is looked for in; forecast's
// column flags name the series.
func TestFlagErrorsNameTheFile(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	code, _, errOut := cli(t, "sweep", "--park", park, "--series", series, "--vary", "pv[Carport].capacity_kwp=1",
		"--out", filepath.Join(t.TempDir(), "r.csv"))
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, park)
	assert.Contains(t, errOut, `"Carport"`)
	for _, args := range [][]string{
		{"--column", "nope"},
		{"--column", "load_kw", "--temp", "nope"},
		{"--column", "load_kw", "--provided", "nope"},
		{"--column", "load_kw", "--method", "clearsky-persistence"},
		{"--column", "load_kw", "--horizon", "300h"},
	} {
		code, _, errOut := cli(t, append([]string{"forecast", "--series", series}, args...)...)
		assert.Equal(t, exitBadInput, code, args)
		assert.Contains(t, errOut, series, args)
	}
}
