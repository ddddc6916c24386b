package model

import (
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York, whatever the machine has

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A series' digest covers its values and its clock: the same instants and
// values on a clock with daylight saving (whose offsets change over the
// series) differ from a fixed offset's, and a fixed offset's is as it was
// (no offsets hashed).
func TestSeriesSHA256Clock(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	mk := func(loc *time.Location) *SeriesSet {
		s := &SeriesSet{Start: time.Date(2023, 3, 11, 0, 0, 0, 0, loc), Step: time.Hour, Len: 72}
		v := make([]float64, 72)
		for i := range v {
			v[i] = float64(i)
		}
		require.NoError(t, s.SetColumn("load_kw", v))
		return s
	}
	fixed := mk(time.FixedZone("", -5*3600))
	dst := mk(ny) // 2023-03-12 02:00 springs forward
	require.True(t, fixed.Start.Equal(dst.Start), "the same instants")
	assert.NotEqual(t, fixed.SHA256(), dst.SHA256(), "the clock's offsets change over the series")
	assert.Equal(t, fixed.SHA256(), mk(time.FixedZone("EST", -5*3600)).SHA256(), "a fixed offset: its name does not count")
	// One value changed: another digest.
	other := mk(time.FixedZone("", -5*3600))
	other.Columns["load_kw"][5] = 99
	assert.NotEqual(t, fixed.SHA256(), other.SHA256())
}

// A number changed in Go after the park was read is not reported at the
// file's line, which holds the old value; one read as it is, is.
func TestChangedValueNamesNoLine(t *testing.T) {
	var b strings.Builder
	require.NoError(t, validPark().WriteJSON(&b))
	text := b.String()
	p, err := ReadParkJSON(strings.NewReader(text), "park.json")
	require.NoError(t, err)
	p.Batteries[0].EnergyKWh = -1
	fes := fieldErrors(t, p.Validate())
	require.Len(t, fes, 1)
	assert.Equal(t, "energy_kwh", fes[0].Field)
	assert.Empty(t, fes[0].File, "the file's line holds 1000, not −1")
	assert.Zero(t, fes[0].Line)

	q, err := ReadParkJSON(strings.NewReader(strings.Replace(text, `"energy_kwh": 1000`, `"energy_kwh": -1`, 1)), "park.json")
	require.NoError(t, err)
	fes = fieldErrors(t, q.Validate())
	require.Len(t, fes, 1)
	assert.Equal(t, "park.json", fes[0].File)
	assert.Positive(t, fes[0].Line)
}

// A park built in Go with an empty, non-nil list (Wind: []WindTurbine{})
// hashed apart from the same park with nil and from its file read back
// (ReadParkJSON reads "wind": [] as nil), so a Go study's digests did not
// match the command line's run of its saved park (QA H, session 39).
func TestParkSHA256EmptyLists(t *testing.T) {
	mk := func() *Park {
		return &Park{Name: "p", Loads: []Load{{Name: "l", Column: "load_kw"}},
			Grid: Grid{ImportLimitKW: Unlimited, DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5}}}
	}
	nilLists := mk()
	want, err := ParkSHA256(nilLists)
	require.NoError(t, err)
	empty := mk()
	empty.PV, empty.Wind, empty.Batteries = []PVArray{}, []WindTurbine{}, []Battery{}
	got, err := ParkSHA256(empty)
	require.NoError(t, err)
	assert.Equal(t, want, got)
	assert.NotNil(t, empty.Wind, "the caller's park is not changed")
	var b strings.Builder
	require.NoError(t, empty.WriteJSON(&b))
	back, err := ReadParkJSON(strings.NewReader(b.String()), "park.json")
	require.NoError(t, err)
	read, err := ParkSHA256(back)
	require.NoError(t, err)
	assert.Equal(t, want, read)
}
