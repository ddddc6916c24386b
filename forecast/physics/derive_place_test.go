package physics

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/model"
)

// TestDeriveErrorPlacedInParkFile: the daylight check's error on a park
// read from a file names the file and the line and column of the array's
// latitude_deg key (the first of the two keys it names), found here by
// searching the written file for that array's key; on a copy of the
// park (no file it was read from) it has no position.
func TestDeriveErrorPlacedInParkFile(t *testing.T) {
	p, set, err := demo.Load("texas2012")
	require.NoError(t, err)
	var arrays []int
	for i, a := range p.PV {
		if a.Weather != nil && a.AvailabilityColumn == "" {
			arrays = append(arrays, i)
		}
	}
	require.NotEmpty(t, arrays, "the demo derives PV from weather")
	k := arrays[len(arrays)-1]
	p.PV[k].Weather.LongitudeDeg += 120 // a clock 8 h off

	var buf bytes.Buffer
	require.NoError(t, p.WriteJSON(&buf))
	path := filepath.Join(t.TempDir(), "park.json")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	read, err := model.LoadPark(path)
	require.NoError(t, err)

	// The line of the k-th "latitude_deg" key of the PV arrays with
	// weather: WriteJSON writes one key a line, PV before wind, and only
	// weather objects have latitude_deg.
	line, seen := 0, -1
	for n, l := range strings.Split(buf.String(), "\n") {
		if strings.Contains(l, `"latitude_deg"`) {
			seen++
			if seen == len(arrays)-1 {
				line = n + 1
				break
			}
		}
	}
	require.Positive(t, line)

	err = Derive(read, set)
	require.Error(t, err)
	assert.Contains(t, err.Error(), path+":"+strconv.Itoa(line)+":", "placed at the array's latitude_deg")
	assert.Contains(t, err.Error(), p.PV[k].Name)
	assert.Contains(t, err.Error(), "does not match the array's place")

	_, set, err = demo.Load("texas2012")
	require.NoError(t, err)
	built := *p // a copy has no source (the demo's own park was read from its embedded file)
	err = Derive(&built, set)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), ".json:", "a park built in Go has no file position")
}
