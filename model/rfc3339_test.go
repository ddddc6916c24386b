package model_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// RFC 3339 §5.6 (NOTE) lets "T" and "Z" be lower case: ParseRFC3339 and
// UnmarshalRFC3339JSON read them as the capitals; what is not RFC 3339
// (a lower-case letter elsewhere, a date alone) stays refused, the error
// naming the time as written.
func TestRFC3339LowerCase(t *testing.T) {
	want := time.Date(2023, 1, 12, 13, 0, 0, 0, time.UTC)
	plus := time.Date(2023, 1, 12, 13, 0, 0, 0, time.FixedZone("", 3600))
	for _, c := range []struct {
		s    string
		want time.Time
	}{
		{"2023-01-12T13:00:00Z", want}, {"2023-01-12t13:00:00z", want}, {"2023-01-12t13:00:00Z", want},
		{"2023-01-12T13:00:00z", want}, {"2023-01-12t13:00:00+01:00", plus}, {"2023-01-12t13:00:00.5z", want.Add(500 * time.Millisecond)},
	} {
		got, err := model.ParseRFC3339(c.s)
		require.NoError(t, err, c.s)
		assert.True(t, got.Equal(c.want), "%s: %v", c.s, got)
		_, off := got.Zone()
		_, wantOff := c.want.Zone()
		assert.Equal(t, wantOff, off, c.s)
		in, err := model.ParseRFC3339In(c.s, time.UTC)
		require.NoError(t, err, c.s)
		assert.True(t, in.Equal(c.want), c.s)

		var j time.Time
		require.NoError(t, model.UnmarshalRFC3339JSON([]byte(`"`+c.s+`"`), &j), c.s)
		assert.True(t, j.Equal(c.want), "%s: %v", c.s, j)
	}
	for _, bad := range []string{"2023-01-12x13:00:00z", "2023-01-12t13:00:00", "2023-01-12", "2023-01-12t25:00:00z", "z", ""} {
		_, err := model.ParseRFC3339(bad)
		require.Error(t, err, bad)
		var pe *time.ParseError
		if errors.As(err, &pe) {
			assert.Equal(t, bad, pe.Value, "the time as written")
		}
		var j time.Time
		err = model.UnmarshalRFC3339JSON([]byte(`"`+bad+`"`), &j)
		require.Error(t, err, bad)
		if errors.As(err, &pe) {
			assert.Equal(t, bad, pe.Value, "the time as written")
		}
	}
	// null leaves the time as it is, as time.Time's decoder does.
	j := want
	require.NoError(t, model.UnmarshalRFC3339JSON([]byte("null"), &j))
	assert.Equal(t, want, j)
	require.Error(t, model.UnmarshalRFC3339JSON([]byte("12"), &j))
}

// A series file stamped with lower-case t and z reads as the same file in
// capitals: the same start, step and values.
func TestSeriesCSVLowerCaseTimestamps(t *testing.T) {
	upper := "timestamp,l\n2023-01-01T00:00:00Z,1\n2023-01-01T01:00:00Z,2\n2023-01-01T02:00:00+00:00,3\n"
	lower := "timestamp,l\n2023-01-01t00:00:00z,1\n2023-01-01t01:00:00Z,2\n2023-01-01t02:00:00+00:00,3\n"
	want, err := model.ReadSeriesCSV(strings.NewReader(upper), "upper.csv")
	require.NoError(t, err)
	got, err := model.ReadSeriesCSV(strings.NewReader(lower), "lower.csv")
	require.NoError(t, err)
	assert.True(t, got.Start.Equal(want.Start), "%v", got.Start)
	assert.Equal(t, want.Step, got.Step)
	assert.Equal(t, want.Len, got.Len)
	// Anything else lower case is still no timestamp, named as written.
	_, err = model.ReadSeriesCSV(strings.NewReader("timestamp,l\n2023-01-01x00:00:00z,1\n2023-01-01t01:00:00z,2\n"), "bad.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "2023-01-01x00:00:00z")
	assert.Contains(t, err.Error(), "not an RFC 3339 timestamp")
}

// UpperRFC3339Times puts in capitals the t and z of the times of a JSON
// document to decode, the times found by the Go type's time.Time fields
// (nested, pointers, slices of them); another string, a time written
// wrong, and the document's byte positions are kept.
func TestUpperRFC3339Times(t *testing.T) {
	type inner struct {
		At   *time.Time  `json:"at"`
		Ats  []time.Time `json:"ats"`
		Name string      `json:"name"`
	}
	type doc struct {
		Start time.Time `json:"start"`
		In    []inner   `json:"in"`
		Other string    `json:"other"`
	}
	data := []byte(`{"start": "2023-01-12t13:00:00z", "other": "2023-01-12t13:00:00z",
  "in": [{"name": "2023-01-12t13:00:00z", "at": "2023-01-12t14:00:00+01:00", "ats": ["2023-01-12t15:00:00z", "2023-01-12T16:00:00Z"]}]}`)
	orig := string(data)
	up := model.UpperRFC3339Times(data, &doc{})
	assert.Equal(t, orig, string(data), "data is not changed")
	assert.Len(t, up, len(data))
	var d doc
	require.NoError(t, json.Unmarshal(up, &d), "%s", up)
	want := time.Date(2023, 1, 12, 13, 0, 0, 0, time.UTC)
	assert.True(t, d.Start.Equal(want))
	assert.True(t, d.In[0].At.Equal(want))
	assert.True(t, d.In[0].Ats[0].Equal(want.Add(2*time.Hour)))
	assert.Equal(t, "2023-01-12t13:00:00z", d.Other, "not a time: as written")
	assert.Equal(t, "2023-01-12t13:00:00z", d.In[0].Name)

	// Without a lower-case time, the very same bytes.
	plain := []byte(`{"start": "2023-01-12T13:00:00Z"}`)
	assert.Same(t, &plain[0], &model.UpperRFC3339Times(plain, &doc{})[0])
	// Not RFC 3339 otherwise: still refused.
	bad := model.UpperRFC3339Times([]byte(`{"start": "2023-01-12t13:00z"}`), &doc{})
	assert.Error(t, json.Unmarshal(bad, &d))
	// A broken document is left for the decoder to report, at its place.
	broken := []byte("{\"start\": \"2023-01-12t13:00:00z\",\n \"in\": [}")
	assert.Len(t, model.UpperRFC3339Times(broken, &doc{}), len(broken))
}

// A time refused for another fault than its case is quoted as written,
// the part refused too, by the parsers and after UpperRFC3339Times.
func TestRFC3339ErrorAsWritten(t *testing.T) {
	_, err := model.ParseRFC3339("2023-01-12t13:00z")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `parsing time "2023-01-12t13:00z"`)
	assert.Contains(t, err.Error(), `cannot parse "z"`)

	type doc struct {
		Name  string    `json:"name"`
		Start time.Time `json:"start"`
	}
	data := []byte("{\"name\": \"x\",\n \"start\": \"2023-01-12t13:00z\"}")
	up := model.UpperRFC3339Times(data, &doc{})
	var d doc
	err = json.Unmarshal(up, &d)
	require.Error(t, err)
	at := model.RFC3339ErrorAsWritten(err, data, up)
	assert.Equal(t, bytes.Index(data, []byte(`"2023-01-12t13:00z"`)), at)
	assert.Contains(t, err.Error(), `parsing time "2023-01-12t13:00z"`)
	assert.Contains(t, err.Error(), `cannot parse "z"`)
	assert.Equal(t, -1, model.RFC3339ErrorAsWritten(errors.New("other"), data, up))
}
