package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/results"
)

// The roadmap figure labels a design's added CHP (kW electric) and fuel
// boiler (kW_th) after the electric boiler, and counts whole CHP units.
func TestAddedLinesCHPAndFuelBoiler(t *testing.T) {
	assert.Equal(t, []string{"+1,500 kW_th electric boiler", "+800 kW CHP", "+2,000 kW_th fuel boiler"},
		addedLines(results.Capacities{ElectricBoilerKWTh: 1500, CHPKW: 800, FuelBoilerKWTh: 2000}, results.UnitCounts{}))
	four := 4.0
	assert.Equal(t, []string{"4 × 200 kW CHP"}, UnitLines(results.Capacities{CHPKW: 800}, results.UnitCounts{CHP: &four}))
}
