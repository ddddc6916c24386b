package model

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chicago2023 is the UTC offset of US Central time in 2023, by hand from
// the US rule (daylight saving time from the second Sunday of March, 02:00
// CST = 08:00 UTC, to the first Sunday of November, 02:00 CDT = 07:00 UTC),
// so that the tests need no tz database.
func chicago2023(at time.Time) *time.Location {
	if !at.Before(time.Date(2023, 3, 12, 8, 0, 0, 0, time.UTC)) && at.Before(time.Date(2023, 11, 5, 7, 0, 0, 0, time.UTC)) {
		return time.FixedZone("", -5*3600)
	}
	return time.FixedZone("", -6*3600)
}

// stampedCSV is a series file of n rows of column "l" (the row's number)
// from the instant from at step, each timestamp written in the location
// zone gives for its instant; it returns the file and the timestamps.
func stampedCSV(from time.Time, step time.Duration, n int, zone func(time.Time) *time.Location) (string, []string) {
	var b strings.Builder
	b.WriteString("timestamp,l\n")
	ts := make([]string, n)
	for k := range n {
		at := from.Add(time.Duration(k) * step)
		ts[k] = at.In(zone(at)).Format(time.RFC3339)
		fmt.Fprintf(&b, "%s,%d\n", ts[k], k)
	}
	return b.String(), ts
}

func fixed(off int) func(time.Time) *time.Location {
	return func(time.Time) *time.Location { return time.FixedZone("", off) }
}

// A year at 15 minutes stamped in Chicago's clock: every row's
// Start + k·Step reads back as the row's own timestamp, the autumn hour
// appears twice, and the file writes back byte for byte.
func TestSeriesDSTRoundTrip(t *testing.T) {
	from := time.Date(2023, 1, 1, 6, 0, 0, 0, time.UTC) // 00:00 CST
	in, ts := stampedCSV(from, 15*time.Minute, 365*96, chicago2023)
	s, err := ReadSeriesCSV(strings.NewReader(in), "chicago.csv")
	require.NoError(t, err)
	assert.Equal(t, seriesZoneName, s.Start.Location().String())
	for k, want := range ts {
		if got := s.Time(k).Format(time.RFC3339); got != want {
			t.Fatalf("row %d (line %d): Start + k·Step is %s, the file says %s", k, s.Lines[k], got, want)
		}
	}
	assert.Contains(t, ts, "2023-03-12T01:45:00-06:00")
	assert.Contains(t, ts, "2023-03-12T03:00:00-05:00") // 02:00 does not exist
	assert.NotContains(t, ts, "2023-03-12T02:00:00-06:00")
	assert.Contains(t, ts, "2023-11-05T01:00:00-05:00") // the autumn hour, twice
	assert.Contains(t, ts, "2023-11-05T01:00:00-06:00")
	var out bytes.Buffer
	require.NoError(t, s.WriteCSV(&out))
	assert.Equal(t, in, out.String())
}

// Before the first row the first offset holds, after the last row the last
// one (a forecast may look past the end), whatever the years.
func TestSeriesDSTBeyondTheRows(t *testing.T) {
	from := time.Date(2023, 3, 11, 6, 0, 0, 0, time.UTC) // 00:00 CST, the day before the change
	in, _ := stampedCSV(from, time.Hour, 48, chicago2023)
	s, err := ReadSeriesCSV(strings.NewReader(in), "spring.csv")
	require.NoError(t, err)
	offset := func(at time.Time) int { _, o := at.Zone(); return o }
	assert.Equal(t, -6*3600, offset(s.Time(-1)))
	assert.Equal(t, -6*3600, offset(s.Start.AddDate(-150, 0, 0)))
	assert.Equal(t, -5*3600, offset(s.Time(s.Len)))
	assert.Equal(t, -5*3600, offset(s.Time(s.Len).AddDate(0, 8, 0)), "no rule after the file: the last offset holds in November too")
	assert.Equal(t, -5*3600, offset(s.Start.AddDate(200, 0, 0)))
	// A change after 2038 needs the 64-bit TZif block.
	from = time.Date(2051, 3, 12, 6, 0, 0, 0, time.UTC)
	in = "timestamp,l\n2051-03-12T00:00:00-06:00,0\n2051-03-12T02:00:00-05:00,1\n2051-03-12T03:00:00-05:00,2\n"
	s, err = ReadSeriesCSV(strings.NewReader(in), "2051.csv")
	require.NoError(t, err)
	assert.Equal(t, "2051-03-12T02:00:00-05:00", s.Time(1).Format(time.RFC3339))
	assert.Equal(t, "2051-03-11T23:00:00-06:00", s.Time(-1).Format(time.RFC3339))
	assert.True(t, s.Start.Equal(from))
}

// A July time-of-use window 16–20 h prices exactly the rows stamped
// 16:00–19:45 local in a file stamped in daylight saving time; the same
// instants stamped at one offset (−06:00) keep the old reading, an hour
// later by the summer clock.
func TestSeriesDSTTimeOfUse(t *testing.T) {
	p := &Park{Loads: []Load{{Name: "l", Column: "l"}}, Grid: Grid{
		ImportLimitKW: Unlimited, DispatchCarbon: CarbonSignal{KgCO2ePerKWh: 0.5},
		ImportPrice: &Price{PerKWh: 0.10, TimeOfUse: []TOUPeriod{{FromHour: 16, ToHour: 20, Months: []int{7}, PerKWh: 0.30}}},
	}}
	from := time.Date(2023, 3, 1, 6, 0, 0, 0, time.UTC) // 00:00 CST
	n := 153 * 96                                       // March to July at 15 minutes
	for _, c := range []struct {
		name  string
		zone  func(time.Time) *time.Location
		multi bool
	}{{"dst", chicago2023, true}, {"fixed", fixed(-6 * 3600), false}} {
		in, ts := stampedCSV(from, 15*time.Minute, n, c.zone)
		s, err := ReadSeriesCSV(strings.NewReader(in), c.name+".csv")
		require.NoError(t, err)
		assert.Equal(t, c.multi, s.Start.Location().String() == seriesZoneName)
		pr, err := Resolve(p, s)
		require.NoError(t, err)
		peak := 0
		for k, text := range ts {
			// The row's own month and hour, read from its text.
			month, _ := strconv.Atoi(text[5:7])
			hour, _ := strconv.Atoi(text[11:13])
			want := 0.10
			if month == 7 && hour >= 16 && hour < 20 {
				want, peak = 0.30, peak+1
			}
			if pr.ImportPricePerKWh[k] != want {
				t.Fatalf("%s: row %s priced %v, want %v", c.name, text, pr.ImportPricePerKWh[k], want)
			}
		}
		assert.Equal(t, 31*4*4, peak, c.name)
		// The boundary hours by name: 16:00 CDT is 15:00 at −06:00.
		at := func(z string) float64 {
			for k, text := range ts {
				if text == z {
					return pr.ImportPricePerKWh[k]
				}
			}
			t.Fatalf("%s: no row %s", c.name, z)
			return 0
		}
		if c.multi {
			assert.Equal(t, 0.30, at("2023-07-03T16:00:00-05:00"))
			assert.Equal(t, 0.30, at("2023-07-03T19:45:00-05:00"))
			assert.Equal(t, 0.10, at("2023-07-03T20:00:00-05:00"))
		} else {
			assert.Equal(t, 0.10, at("2023-07-03T15:00:00-06:00"), "16:00 CDT")
			assert.Equal(t, 0.30, at("2023-07-03T19:00:00-06:00"), "20:00 CDT")
		}
	}
}

// A file written at one offset keeps the FixedZone (or UTC) the first
// timestamp parses to, as before.
func TestSeriesConstantOffsetKeepsFixedZone(t *testing.T) {
	for _, first := range []string{"2023-07-01T00:00:00-05:00", "2023-07-01T00:00:00+05:30", "2023-07-01T00:00:00Z", "2023-07-01T00:00:00+00:00"} {
		t0, err := time.ParseInLocation(time.RFC3339, first, time.UTC)
		require.NoError(t, err)
		in, _ := stampedCSV(t0, time.Hour, 5, func(time.Time) *time.Location { return t0.Location() })
		s, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
		require.NoError(t, err)
		assert.Equal(t, t0.Location().String(), s.Start.Location().String(), first)
		n0, o0 := t0.Zone()
		n1, o1 := s.Start.Zone()
		assert.Equal(t, [2]any{n0, o0}, [2]any{n1, o1}, first)
		if t0.Location() == time.UTC {
			assert.Same(t, time.UTC, s.Start.Location(), first)
		}
		assert.Equal(t, t0.Format(time.RFC3339), s.Start.Format(time.RFC3339))
	}
}

// The TZif bytes are a well-formed version 2 file that Go's reader
// takes: type 0 before the first transition, each transition's type from
// it on, the footer's rule after the last.
func TestSeriesTZif(t *testing.T) {
	types := []int{-6 * 3600, -5 * 3600, -6 * 3600, 5*3600 + 30*60}
	when := []int64{100, 200, 4_000_000_000} // the last past 2038
	data := tzif(types, when, []byte{1, 2, 3})
	require.True(t, bytes.HasPrefix(data, []byte("TZif2")))
	assert.True(t, bytes.HasSuffix(data, []byte("\n<+0530>-5:30\n")))
	loc, err := time.LoadLocationFromTZData("series offsets", data)
	require.NoError(t, err)
	assert.Equal(t, "series offsets", loc.String())
	for _, c := range []struct {
		at   int64
		off  int
		abbr string
	}{{-1 << 40, -6 * 3600, "-06"}, {99, -6 * 3600, "-06"}, {100, -5 * 3600, "-05"}, {199, -5 * 3600, "-05"},
		{200, -6 * 3600, "-06"}, {3_999_999_999, -6 * 3600, "-06"}, {4_000_000_000, 19800, "+0530"}, {1 << 40, 19800, "+0530"}} {
		name, off := time.Unix(c.at, 0).In(loc).Zone()
		assert.Equal(t, c.off, off, "at %d", c.at)
		assert.Equal(t, c.abbr, name, "at %d", c.at)
	}
	for off, want := range map[int]string{0: "<+00>0", -5 * 3600: "<-05>5", 19800: "<+0530>-5:30", -(9*3600 + 30*60): "<-0930>9:30", 3600 + 61: "<+010101>-1:01:01"} {
		assert.Equal(t, want, posixTZ(off))
	}
}

// An offset change that cannot be placed between two rows a whole second
// apart, and a file of too many offsets, are refused at the row.
func TestSeriesOffsetChangeRefused(t *testing.T) {
	// At half-second steps: a change between 13:59:59.5Z and 14:00:00Z
	// falls on the whole second 14:00:00Z and is kept…
	in := "timestamp,l\n2023-03-12T07:59:59.5-06:00,0\n2023-03-12T09:00:00-05:00,1\n2023-03-12T09:00:00.5-05:00,2\n"
	s, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
	require.NoError(t, err)
	assert.Equal(t, "2023-03-12T07:59:59.5-06:00", s.Time(0).Format(time.RFC3339Nano))
	assert.Equal(t, "2023-03-12T09:00:00-05:00", s.Time(1).Format(time.RFC3339Nano))
	assert.Equal(t, "2023-03-12T09:00:00.5-05:00", s.Time(2).Format(time.RFC3339Nano))
	// …one between 13:59:59Z and 13:59:59.5Z has no whole second to fall on.
	in = "timestamp,l\n2023-03-12T07:59:59-06:00,0\n2023-03-12T08:59:59.5-05:00,1\n2023-03-12T09:00:00-05:00,2\n"
	_, err = ReadSeriesCSV(strings.NewReader(in), "x.csv")
	require.ErrorIs(t, err, ErrInvalid)
	var pe *ParseError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, "x.csv", pe.File)
	assert.Equal(t, 3, pe.Line)
	assert.Equal(t, "timestamp", pe.Column)
	assert.Equal(t, "2023-03-12T08:59:59.5-05:00", pe.Value)
	assert.Contains(t, err.Error(), "the UTC offset changes to -05:00 within one second of the row before (2023-03-12T07:59:59-06:00)")
}

func TestSeriesTooManyOffsets(t *testing.T) {
	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	week := 8 * 24 * time.Hour // changes further apart than minOffsetChangeGap
	in, ts := stampedCSV(from, time.Hour, 40*8*24, func(at time.Time) *time.Location {
		return time.FixedZone("", int(at.Sub(from)/week)*60) // period k at +00:k
	})
	_, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
	var pe *ParseError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, 32*8*24+2, pe.Line) // the 33rd offset's first row
	assert.Equal(t, ts[32*8*24], pe.Value)
	assert.Contains(t, err.Error(), "more than 32 distinct UTC offsets")
}

// Offsets that change twice within a week are two clocks mixed, not a
// place's: rows alternating Z and −06:00 (the same instants a step
// apart) are refused at the second change, naming the first; two changes
// eight days apart pass, on the clock they state.
func TestSeriesMixedClocksRefused(t *testing.T) {
	in := "timestamp,l\n2024-01-01T00:00:00Z,0\n2024-01-01T01:00:00Z,1\n2023-12-31T20:00:00-06:00,2\n2024-01-01T03:00:00Z,3\n"
	_, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
	require.ErrorIs(t, err, ErrInvalid)
	var pe *ParseError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, 5, pe.Line)
	assert.Equal(t, "2024-01-01T03:00:00Z", pe.Value)
	assert.Contains(t, err.Error(), "the UTC offset changes to Z here, 1 h after it changed to -06:00 at line 4 (2023-12-31T20:00:00-06:00)")
	assert.Contains(t, err.Error(), "not twice within 7 days")

	from := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	in, _ = stampedCSV(from, time.Hour, 20*24, func(at time.Time) *time.Location {
		if d := at.Sub(from); d >= 5*24*time.Hour && d < 13*24*time.Hour {
			return time.FixedZone("", 3600) // eight days at +01:00
		}
		return time.UTC
	})
	s, err := ReadSeriesCSV(strings.NewReader(in), "x.csv")
	require.NoError(t, err)
	assert.Equal(t, "2023-01-06T01:00:00+01:00", s.Time(5*24).Format(time.RFC3339))
	assert.Equal(t, "2023-01-14T00:00:00Z", s.Time(13*24).Format(time.RFC3339))
}
