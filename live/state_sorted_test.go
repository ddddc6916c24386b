package live

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// manyKeys is a state whose three maps have 12 keys each.
func manyKeys() *stateFile {
	s := &stateFile{Provided: map[string][]float64{}, Forecasters: map[string][]byte{}, Step: 3600e9, AxisLen: 1}
	s.Counts.Repaired = map[string]int{}
	for i := range 12 {
		name := fmt.Sprintf("series-%02d", 11-i)
		s.Provided[name] = []float64{float64(i), float64(i) / 3}
		s.Forecasters[name] = []byte{byte(i), 7}
		s.Counts.Repaired[name] = i + 1
	}
	return s
}

// The same state encoded twice gives the same bytes, its maps of 12
// keys written as slices sorted by name; read back, the maps are the
// state's. The map form itself, as gob writes it, differs from one
// encoding to another (what the sorted slices are for): checked, so that
// the test would fail if the maps were encoded as maps.
func TestStateEncodingIsDeterministic(t *testing.T) {
	s := manyKeys()
	var one, two bytes.Buffer
	require.NoError(t, encodeState(&one, s))
	require.NoError(t, encodeState(&two, s))
	assert.Equal(t, one.Bytes(), two.Bytes())
	assert.Len(t, s.Provided, 12, "encoding leaves the state's maps alone")

	back, err := readState(bytes.NewReader(one.Bytes()))
	require.NoError(t, err)
	assert.Equal(t, s.Provided, back.Provided)
	assert.Equal(t, s.Forecasters, back.Forecasters)
	assert.Equal(t, s.Counts.Repaired, back.Counts.Repaired)
	assert.Nil(t, back.ProvidedSorted)

	differs := false
	first := gobOf(t, s)
	for range 50 {
		if !bytes.Equal(first, gobOf(t, s)) {
			differs = true
			break
		}
	}
	assert.True(t, differs, "gob writes maps in random order")
}

func gobOf(t *testing.T, s *stateFile) []byte {
	var b bytes.Buffer
	require.NoError(t, gob.NewEncoder(&b).Encode(s))
	return b.Bytes()
}

// A version-3 file naming a series twice, or holding maps, is refused.
func TestStateSortedRefusesTwice(t *testing.T) {
	s := manyKeys().sorted()
	s.ProvidedSorted = append(s.ProvidedSorted, s.ProvidedSorted[0])
	var payload bytes.Buffer
	require.NoError(t, gob.NewEncoder(&payload).Encode(s))
	var buf bytes.Buffer
	require.NoError(t, writeFramed(&buf, payload.Bytes()))
	_, err := readState(&buf)
	require.ErrorIs(t, err, ErrState)
	assert.Contains(t, err.Error(), `provided forecast "series-00" twice`)

	m := manyKeys()
	payload.Reset()
	require.NoError(t, gob.NewEncoder(&payload).Encode(m))
	buf.Reset()
	require.NoError(t, writeFramed(&buf, payload.Bytes()))
	_, err = readState(&buf)
	require.ErrorIs(t, err, ErrState)
	assert.Contains(t, err.Error(), "a version-3 file with maps")
}
