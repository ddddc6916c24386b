package plan_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// heatDay is a small heat park: one day of hourly steps, a flat electric
// load of 100 kW and a flat heat load of 90 kW_th served today by a gas
// boiler (η 0.9, the catalogue's natural gas at gasPrice per kWh of LHV),
// a grid at a constant factor and import price, and an economics object
// (PV a candidate up to 1,000 kWp). hp, when not nil, adds a heat pump of
// today's capacity 0 at a constant COP.
func heatDay(tb testing.TB, factor, price, gasPrice float64, hp *model.HeatPump) (*model.Park, *model.SeriesSet) {
	tb.Helper()
	const n = 24
	f := &fixture{n: n, step: hourStep, loadKW: flat(n, 100), pvPerKWp: make([]float64, n),
		carbon: flat(n, factor), price: flat(n, price), importKW: 1000, exportKW: 0, noWind: true, noBattery: true}
	for i := 8; i < 16; i++ {
		f.pvPerKWp[i] = 0.5
	}
	f.econ = &model.Economics{Currency: "USD", DiscountRatePerYear: ptr(0),
		PV: &model.PVEconomics{CapitalPerKWp: ptr(1000), FixedOMPerKWpYear: ptr(10), LifetimeYears: ptr(20), MaxTotalKWp: 1000}}
	f.heat = &heatSide{loadKWTh: flat(n, 90), gasPricePerKWh: gasPrice, hp: hp}
	return f.build(tb)
}

var _ = require.NoError
