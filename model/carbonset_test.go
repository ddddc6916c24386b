package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A park built in Go that leaves the grid's factor out is refused: its
// zero value was a grid free of carbon, and a grid-only park came out
// zero-carbon with no word (QA, 2026-12-04). A factor set in any field is
// taken as meant, 0 included.
func TestGoBuiltParkMustSetGridCarbon(t *testing.T) {
	p := validPark()
	p.Grid.DispatchCarbon = CarbonSignal{}
	err := p.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "grid", fe.Asset)
	assert.Equal(t, "dispatch_carbon", fe.Field)
	assert.Contains(t, err.Error(), "must set the grid's factor")

	for _, meant := range []CarbonSignal{{KgCO2ePerKWh: 0.4}, {Column: "carbon"}, {Kind: Average}, {Source: "a green tariff"}} {
		p.Grid.DispatchCarbon = meant
		assert.NoError(t, p.ValidateWith(validSeries()), "%+v", meant)
	}

	// A park file names the key or is refused by the reader, so a zero
	// constant written there stays as written.
	q, err := ReadParkJSON(strings.NewReader(`{"name": "p", "loads": [{"name": "l", "column_kw": "load_kw"}],
		"grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0}}}`), "park.json")
	require.NoError(t, err)
	assert.NoError(t, q.Validate())
}
