package scenario_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/forecast"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// writeFixtureFiles writes the fixture's park, changed by editPark, and its
// series, changed by editSeries, as files and returns their paths.
func writeFixtureFiles(t *testing.T, editPark func(*model.Park), editSeries func(*model.SeriesSet)) (parkPath, seriesPath string) {
	t.Helper()
	s := mustFixture(t, 48)
	p, set := s.Park, s.Series
	if editPark != nil {
		editPark(p)
	}
	if editSeries != nil {
		editSeries(set)
	}
	dir := t.TempDir()
	parkPath, seriesPath = filepath.Join(dir, "my.park.json"), filepath.Join(dir, "my-series.csv")
	f, err := os.Create(parkPath)
	require.NoError(t, err)
	require.NoError(t, p.WriteJSON(f))
	require.NoError(t, f.Close())
	f, err = os.Create(seriesPath)
	require.NoError(t, err)
	require.NoError(t, set.WriteCSV(f))
	require.NoError(t, f.Close())
	return parkPath, seriesPath
}

// Every problem Load reports names its file, one family of problems per
// case; the error still unwraps to the sentinels and types of the layer
// that found it.
func TestLoadNamesTheFile(t *testing.T) {
	for _, c := range []struct {
		name       string
		park       func(*model.Park)
		series     func(*model.SeriesSet)
		inSeries   bool     // the file named is the series (else the park)
		problems   int      // lines in the message, each naming the file
		want       []string // in the message
		noColumn   bool     // unwraps to model.ErrNoColumn
		fromModel  bool     // a *model.FieldError inside
		isForecast bool     // a *forecast.InputError inside
	}{
		{name: "park field", park: func(p *model.Park) { p.Batteries[0].EnergyKWh = -1 },
			problems: 1, want: []string{`battery "b1"`, "energy_kwh = -1"}, fromModel: true},
		{name: "two park fields", park: func(p *model.Park) {
			p.Batteries[0].EnergyKWh = -1
			p.PV[0].CapacityKWp = -5
		}, problems: 2, want: []string{"energy_kwh = -1", "capacity_kwp = -5"}, fromModel: true},
		{name: "grid field", park: func(p *model.Park) { p.Grid.ImportLimitKW = -3 },
			problems: 1, want: []string{"grid", "import_limit_kw = -3"}, fromModel: true},
		{name: "column missing", park: func(p *model.Park) { p.Loads[0].Column = "nope" },
			inSeries: true, problems: 1, want: []string{`load "office"`, `"nope"`, "no such column"}, noColumn: true, fromModel: true},
		{name: "series value", series: func(set *model.SeriesSet) { set.Columns["load_kw"][5] = -70 },
			inSeries: true, problems: 1, want: []string{`load "office"`, `"load_kw"`, "-70"}, fromModel: true},
		// A weather model's columns are checked with the park's, before
		// the model reads them: the series line is given (row 7 is line 9).
		{name: "weather model value", park: func(p *model.Park) {
			p.Wind = []model.WindTurbine{{Name: "wt", CapacityKW: 100, Weather: &model.WindWeather{
				SpeedColumn: "wind_10m", MeasurementHeightM: 10, HubHeightM: 80}}}
		}, series: func(set *model.SeriesSet) {
			speed := make([]float64, set.Len)
			for i := range speed {
				speed[i] = 6
			}
			speed[7] = -2
			set.Names = append(set.Names, "wind_10m")
			set.Columns["wind_10m"] = speed
		}, inSeries: true, problems: 1, want: []string{":9: ", `wind "wt"`, `"wind_10m"`, "value -2"}, fromModel: true},
		{name: "weather model column missing", park: func(p *model.Park) {
			p.Wind = []model.WindTurbine{{Name: "wt", CapacityKW: 100, Weather: &model.WindWeather{
				SpeedColumn: "wind_10m", MeasurementHeightM: 10, HubHeightM: 80}}}
		}, inSeries: true, problems: 1, want: []string{`"wt"`, `"wind_10m"`}, noColumn: true, fromModel: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			parkPath, seriesPath := writeFixtureFiles(t, c.park, c.series)
			s, err := scenario.Load(parkPath, seriesPath)
			require.Error(t, err)
			assert.Nil(t, s)
			file, other := parkPath, seriesPath
			if c.inSeries {
				file, other = seriesPath, parkPath
			}
			lines := strings.Split(err.Error(), "\n")
			assert.Len(t, lines, c.problems, err.Error())
			for _, l := range lines {
				assert.True(t, strings.HasPrefix(l, file+":"), "%q starts with %s (\"file: \" or \"file:line: \")", l, file)
				if c.noColumn {
					// A missing column names where the park file names it.
					assert.Contains(t, l, "; the park names it at "+parkPath+":")
				} else {
					assert.NotContains(t, l, other)
				}
				assert.NotContains(t, l, "model: ", "the package prefix goes after the file name")
			}
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			var fe *scenario.FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, file, fe.File)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.Equal(t, c.noColumn, errors.Is(err, model.ErrNoColumn))
			var mfe *model.FieldError
			assert.Equal(t, c.fromModel, errors.As(err, &mfe))
			var ie *forecast.InputError
			assert.Equal(t, c.isForecast, errors.As(err, &ie))
		})
	}
}

// Errors of the readers name their file already: Load does not name it
// twice.
func TestLoadReadErrorsNameTheFileOnce(t *testing.T) {
	parkPath, seriesPath := writeFixtureFiles(t, nil, nil)
	require.NoError(t, os.WriteFile(parkPath, []byte(`{"name": "x",`), 0o644))
	_, err := scenario.Load(parkPath, seriesPath)
	require.Error(t, err)
	assert.Equal(t, 1, strings.Count(err.Error(), parkPath), err.Error())
	var je *model.JSONError
	assert.ErrorAs(t, err, &je)

	parkPath, seriesPath = writeFixtureFiles(t, nil, nil)
	// Two rows: with one, the reader reports too few rows as well (every
	// problem it finds), naming the file in each.
	require.NoError(t, os.WriteFile(seriesPath, []byte("timestamp,load_kw\n2024-06-01T00:00:00Z,x\n2024-06-01T01:00:00Z,1\n"), 0o644))
	_, err = scenario.Load(parkPath, seriesPath)
	require.Error(t, err)
	assert.Equal(t, 1, strings.Count(err.Error(), seriesPath), err.Error())
	var pe *model.ParseError
	assert.ErrorAs(t, err, &pe)
}

func TestNameFilesLeavesWhatItCannotPlace(t *testing.T) {
	assert.NoError(t, scenario.NameFiles(nil, "p.json", "s.csv"))
	plain := errors.New("something else")
	assert.Same(t, plain, scenario.NameFiles(plain, "p.json", "s.csv"))
	// A file given as "" names nothing.
	fe := &model.FieldError{Asset: `battery "b"`, Field: "energy_kwh", Value: -1.0, Reason: "must be ≥ 0"}
	assert.Same(t, error(fe), scenario.NameFiles(fe, "", "s.csv"))
	// Already named: not wrapped again.
	named := scenario.NameFiles(fe, "p.json", "s.csv")
	assert.Same(t, named, scenario.NameFiles(named, "q.json", "s.csv"))
	// A fmt.Errorf with several %w is one message, not split.
	two := fmt.Errorf("%w: %w", plain, fe)
	got := scenario.NameFiles(two, "p.json", "s.csv")
	assert.Equal(t, "p.json: "+two.Error(), got.Error())
}

func ExampleNameFiles() {
	s, err := fixture(24)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Two problems: one in the park file, one in the series file.
	s.Park.Batteries[0].EnergyKWh = -1
	s.Series.Columns["load_kw"][3] = -70
	err = scenario.NameFiles(s.Park.ValidateWith(s.Series), "park.json", "series.csv")
	for _, problem := range err.(interface{ Unwrap() []error }).Unwrap() {
		var (
			in    *scenario.FileError
			field *model.FieldError
		)
		if errors.As(problem, &in) && errors.As(problem, &field) {
			fmt.Printf("%s: %s, %s\n", in.File, field.Asset, field.Field)
		}
	}
	fmt.Println(errors.Is(err, model.ErrInvalid))
	// Output:
	// park.json: battery "b1", energy_kwh
	// series.csv: load "office", column_kw
	// true
}
