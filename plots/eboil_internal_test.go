package plots

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/results"
)

// The roadmap figure's bar labels list an electric boiler added after the
// heat pump and store, and nothing for a technology not added.
func TestAddedLinesElectricBoiler(t *testing.T) {
	assert.Equal(t, []string{"+120 kW_th heat pump", "+1,500 kW_th electric boiler"},
		addedLines(results.Capacities{HeatPumpKWTh: 120, ElectricBoilerKWTh: 1500}, results.UnitCounts{}))
	assert.Equal(t, []string{"+7.5 kW_th electric boiler"}, addedLines(results.Capacities{ElectricBoilerKWTh: 7.5}, results.UnitCounts{}))
	assert.Empty(t, addedLines(results.Capacities{}, results.UnitCounts{}))
}
