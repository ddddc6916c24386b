package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A park file or a series header that is not UTF-8 (saved as Latin-1) is
// refused where the first bad byte is, not read as U+FFFD into a name or
// a column that then matches nothing under the same-looking name.
func TestNotUTF8Refused(t *testing.T) {
	park := "{\n  \"name\": \"caf\xe9 park\",\n  \"loads\": []\n}"
	_, err := ReadParkJSON(strings.NewReader(park), "p.json")
	require.ErrorIs(t, err, ErrInvalid)
	var je *JSONError
	require.True(t, errors.As(err, &je), "%v", err)
	assert.Equal(t, 2, je.Line)
	assert.Equal(t, 15, je.Col)
	assert.Contains(t, err.Error(), "byte 0xE9 is not UTF-8")
	_, err = ReadParkJSON(strings.NewReader(strings.Replace(park, "\xe9", "é", 1)), "p.json")
	assert.NotContains(t, err.Error(), "UTF-8", "the same park in UTF-8 reads on (to its missing grid)")

	series := "timestamp,caf\xe9_kw\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,1\n"
	_, err = ReadSeriesCSV(strings.NewReader(series), "s.csv")
	require.ErrorIs(t, err, ErrInvalid)
	var pe *ParseError
	require.True(t, errors.As(err, &pe), "%v", err)
	assert.Equal(t, 1, pe.Line)
	assert.Contains(t, err.Error(), "header field 2: column name is not UTF-8")
	_, err = ReadSeriesCSV(strings.NewReader(strings.Replace(series, "\xe9", "é", 1)), "s.csv")
	require.NoError(t, err)

	// A series saved as UTF-16 is told so, as a park file is.
	for _, bom := range []string{"\xff\xfe", "\xfe\xff"} {
		var b strings.Builder
		b.WriteString(bom)
		for _, r := range "timestamp,load_kw\n" {
			if bom == "\xff\xfe" {
				b.WriteString(string([]byte{byte(r), 0}))
			} else {
				b.WriteString(string([]byte{0, byte(r)}))
			}
		}
		_, err = ReadSeriesCSV(strings.NewReader(b.String()), "s.csv")
		require.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), "the file is UTF-16 (its byte-order mark): save it as UTF-8", "% x", bom)
	}

	// Without a byte-order mark (as some tools save UTF-16) it is told by
	// the NUL byte beside each character, little- and big-endian, the park
	// file as the series (they got "first header field must be
	// \"timestamp\"" and "invalid character '\x00'" with the raw bytes).
	for _, le := range []bool{true, false} {
		utf16 := func(text string) string {
			var b strings.Builder
			for _, r := range text {
				if le {
					b.Write([]byte{byte(r), 0})
				} else {
					b.Write([]byte{0, byte(r)})
				}
			}
			return b.String()
		}
		const want = "the file is UTF-16 (a NUL byte beside each character, no byte-order mark): save it as UTF-8"
		_, err = ReadSeriesCSV(strings.NewReader(utf16("timestamp,load_kw\n2024-01-01T00:00:00Z,1\n")), "s.csv")
		require.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), want, "little-endian %v", le)
		_, err = ReadParkJSON(strings.NewReader(utf16(park)), "p.json")
		require.ErrorIs(t, err, ErrInvalid)
		assert.Contains(t, err.Error(), want, "little-endian %v", le)
		require.True(t, errors.As(err, &je), "%v", err)
		assert.Equal(t, 1, je.Line)
	}
}
