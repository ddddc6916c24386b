package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParkTotals(t *testing.T) {
	p := &Park{
		PV:   []PVArray{{CapacityKWp: 1000}, {CapacityKWp: 500}},
		Wind: []WindTurbine{{CapacityKW: 3000}},
		Batteries: []Battery{
			{EnergyKWh: 2000, MaxChargeKW: 400, MaxDischargeKW: 500},
			{EnergyKWh: 1000, MaxChargeKW: 300, MaxDischargeKW: 250},
		},
	}
	// Power: max(400, 500) + max(300, 250) = 800.
	assert.Equal(t, Totals{PVKWp: 1500, WindKW: 3000, BatteryKWh: 3000, BatteryChargeKW: 700,
		BatteryDischargeKW: 750, BatteryPowerKW: 800}, p.Totals())
	assert.Equal(t, Totals{}, (&Park{}).Totals())
}
