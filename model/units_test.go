package model

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A candidate's unit size: ≥ 0, and a whole unit must fit between today's
// capacity and the bound (validPark: wind 2100 kW, battery 1000 kWh and
// 250 kW today).
func TestEconomicsUnitErrors(t *testing.T) {
	base := func(edit func(e *Economics)) *Park {
		p := validPark()
		p.Economics = &Economics{Currency: "USD",
			PV:      &PVEconomics{MaxTotalKWp: 1000},
			Wind:    &WindEconomics{MaxTotalKW: 3000},
			Battery: &BatteryEconomics{MaxTotalKWh: 2000, MaxTotalKW: 500}}
		edit(p.Economics)
		return p
	}
	tests := []struct {
		name          string
		edit          func(e *Economics)
		field, reason string
	}{
		{"negative turbine", func(e *Economics) { e.Wind.UnitKW = -2000 }, "wind.unit_kw", "≥ 0"},
		{"NaN block", func(e *Economics) { e.Battery.UnitKWh = math.NaN() }, "battery.unit_kwh", "finite"},
		{"turbine larger than the room", func(e *Economics) { e.Wind.UnitKW = 901 }, "wind.unit_kw",
			"no whole unit fits: the bound leaves room for 900 kW above today's 2100 kW"},
		{"block power larger than the room", func(e *Economics) { e.Battery.UnitKWh, e.Battery.UnitKW = 500, 300 }, "battery.unit_kw",
			"no whole unit fits: the bound leaves room for 250 kW above today's 250 kW"},
		{"PV", func(e *Economics) { e.PV.UnitKWp = 500 }, "pv.unit_kwp", "room for 400 kWp above today's 600 kWp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base(tc.edit)
			err := p.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			fes := fieldErrors(t, err)
			require.Len(t, fes, 1, "%v", err)
			assert.Equal(t, "economics", fes[0].Asset)
			assert.Equal(t, tc.field, fes[0].Field)
			assert.Contains(t, fes[0].Reason, tc.reason)
		})
	}

	// A unit that fits exactly, and units on technologies that are not
	// candidates (nothing to fit), are fine; the sizes reach CapacityCosts.
	p := base(func(e *Economics) { e.Wind.UnitKW, e.Battery.UnitKWh, e.Battery.UnitKW = 900, 1000, 250 })
	require.NoError(t, p.Validate())
	c, err := p.CapacityCosts()
	require.NoError(t, err)
	assert.Equal(t, 900.0, c.Wind.UnitSize)
	assert.Equal(t, 1000.0, c.BatteryEnergy.UnitSize)
	assert.Equal(t, 250.0, c.BatteryPower.UnitSize)
	assert.Zero(t, c.PV.UnitSize, "absent: any amount")
	p = base(func(e *Economics) { e.Wind.MaxTotalKW, e.Wind.UnitKW = 0, 5000 })
	assert.NoError(t, p.Validate(), "not a candidate: its unit does not matter")
}

// In a park file the unit's error names the file, line and column of its
// key.
func TestEconomicsUnitErrorPlace(t *testing.T) {
	data := validFullPark(t)
	require.Equal(t, 1, strings.Count(data, `"unit_kw": 2000`))
	data = strings.Replace(data, `"unit_kw": 2000`, `"unit_kw": 4000`, 1)
	line, col := at{`"unit_kw": 4000`, 0}.position(t, data)
	fes := readValidate(t, data, "bad/park.json")
	require.Len(t, fes, 1, "%v", fes)
	fe := fes[0]
	assert.Equal(t, "economics.wind.unit_kw", fe.Path)
	assert.True(t, strings.HasPrefix(fe.Error(), fmt.Sprintf("model: bad/park.json:%d:%d: economics: ", line, col)), fe.Error())
	assert.Contains(t, fe.Error(), "no whole unit fits")
}
