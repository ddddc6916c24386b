package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A grid factor left at its zero value is refused: a park built in Go
// without it got a grid free of carbon, and a grid-only park came out
// zero-carbon with no word (QA, 2026-12-04); a park file's bare 0 is the
// same value. A kind or a source says a 0 is meant.
func TestZeroGridCarbonMustBeMeant(t *testing.T) {
	p := validPark()
	p.Grid.DispatchCarbon = CarbonSignal{}
	err := p.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	var fe *FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "grid", fe.Asset)
	assert.Equal(t, "dispatch_carbon.kgco2e_per_kwh", fe.Field)
	assert.Contains(t, err.Error(), "free of carbon")
	assert.Contains(t, err.Error(), "in Go KgCO2ePerKWh or Column")

	for _, meant := range []CarbonSignal{{KgCO2ePerKWh: 0.4}, {Column: "carbon"}, {Kind: Average}, {Source: "a green tariff"}} {
		p.Grid.DispatchCarbon = meant
		assert.NoError(t, p.ValidateWith(validSeries()), "%+v", meant)
	}
	p.Grid.DispatchCarbon = CarbonSignal{KgCO2ePerKWh: 0.4}
	p.Grid.AccountingCarbon = &CarbonSignal{}
	require.ErrorAs(t, p.Validate(), &fe)
	assert.Equal(t, "accounting_carbon.kgco2e_per_kwh", fe.Field)

	// In a park file the error points at the key; with a source the 0
	// stands.
	file := func(carbon string) string {
		return `{"name": "p", "loads": [{"name": "l", "column_kw": "load_kw"}],
"grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": ` + carbon + `}}`
	}
	q, err := ReadParkJSON(strings.NewReader(file(`{"kgco2e_per_kwh": 0}`)), "park.json")
	require.NoError(t, err)
	err = q.Validate()
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), "park.json:2:")
	q, err = ReadParkJSON(strings.NewReader(file(`{"kgco2e_per_kwh": 0, "source": "100 % renewable supply contract"}`)), "park.json")
	require.NoError(t, err)
	assert.NoError(t, q.Validate())
	assert.NoError(t, q.Clone().Validate(), "a copy of the park validates as the park")
}
