package live

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Adding a settled interval to the totals since the first start runs in
// every Step: it allocates nothing, heat side included; and it sums
// kW × h (two intervals of 30 minutes: 2 × 0.5 h).
func TestSinceAddAllocatesNothing(t *testing.T) {
	one := []float64{4}
	rows := [][]float64{{4}}
	s := &dispatch.Schedule{Step: 30 * time.Minute, Len: 1, LoadKW: one, UnservedKW: one, ImportKW: one, ExportKW: one,
		CurtailedKW: one, PVKW: rows, WindKW: rows, ChargeKW: rows, DischargeKW: rows, EmissionsKgCO2e: []float64{3},
		HeatLoadKWTh: one, UnservedHeatKWTh: one, FuelBoilerFuelKW: rows, CHPFuelKW: rows,
		FuelKgCO2e: []float64{1}, PurchasedHeatKgCO2e: []float64{2}}
	var st sinceTotals
	st.add(7, s, 0)
	allocs := testing.AllocsPerRun(100, func() { st.add(8, s, 0) })
	assert.Zero(t, allocs)
	assert.Equal(t, 102, st.Intervals, "once, once warming up, 100 runs")
	n := 102.0
	assert.Equal(t, 7, st.FromK)
	assert.Equal(t, 8, st.LastK)
	assert.InDelta(t, n*4*0.5, st.LoadKWh, 1e-9)
	assert.InDelta(t, n*2*4*0.5, st.FuelKWhLHV, 1e-9, "a boiler's and a CHP's fuel")
	assert.InDelta(t, n*(3+1+2), st.GridKgCO2e+st.FuelKgCO2e+st.PurchasedHeatKgCO2e, 1e-9)
}

// Adding a settled interval's money runs in every Step too: it allocates
// nothing, heat side included; and it sums kW × price × h (30 minutes):
// import 4 kW at 0.25, export 2 kW at 0.1, a boiler's 4 kW of fuel at
// 0.03 and a CHP unit's at 0.05 a kWh of LHV, 3 kW_th bought at 0.07.
func TestSinceAddMoneyAllocatesNothing(t *testing.T) {
	four := []float64{4}
	s := &dispatch.Schedule{Step: 30 * time.Minute, Len: 1, ImportKW: four, ExportKW: []float64{2},
		ImportPricePerKWh: []float64{0.25}, ExportPricePerKWh: []float64{0.1},
		HeatLoadKWTh: four, FuelBoilerFuelKW: [][]float64{four}, CHPFuelKW: [][]float64{four}, CHPKW: [][]float64{{1.5}},
		PurchasedHeatKWTh: [][]float64{{3}}, PurchasedHeatPricePerKWhTh: [][]float64{{0.07}}}
	fuelPrice := moneyRates{fuelPricePerKWhLHV: []float64{0.03, 0.05}, chpVOMPerKWh: []float64{0.02}}
	var st sinceTotals
	st.addMoney(7, s, 0, fuelPrice)
	allocs := testing.AllocsPerRun(100, func() { st.addMoney(8, s, 0, fuelPrice) })
	assert.Zero(t, allocs)
	n := 102.0
	assert.Equal(t, 102, st.MoneyIntervals)
	assert.Equal(t, 7, st.MoneyFromK)
	assert.InDelta(t, n*4*0.25*0.5, st.ImportCost, 1e-9)
	assert.InDelta(t, n*2*0.1*0.5, st.ExportRevenue, 1e-9)
	assert.InDelta(t, n*4*(0.03+0.05)*0.5, st.FuelCost, 1e-9)
	assert.InDelta(t, n*3*0.07*0.5, st.PurchasedHeatCost, 1e-9)
	assert.InDelta(t, n*1.5*0.02*0.5, st.CHPVariableOMCost, 1e-9)
}

// Adding a settled interval's battery wear and peak import runs in every
// Step too: within a calendar month it allocates nothing, and it sums
// wear cost per kWh × (charge + discharge) × h and keeps the month's
// highest import. One battery at 0.02 a kWh of throughput, charging 3 kW
// and discharging 1 kW in 30 minutes: 0.02 × 4 × 0.5 = 0.04 an interval.
func TestSinceAddWearDemandAllocatesNothing(t *testing.T) {
	p := &model.Park{Batteries: []model.Battery{{WearCostPerKWh: 0.02}}}
	loc := time.FixedZone("UTC+1", 3600)
	s := &dispatch.Schedule{Start: time.Date(2024, 3, 10, 0, 0, 0, 0, loc), Step: 30 * time.Minute, Len: 1,
		ImportKW: []float64{5}, ChargeKW: [][]float64{{3}}, DischargeKW: [][]float64{{1}}}
	var st sinceTotals
	st.addWearDemand(7, p, s, 0, loc) // the month begins: its peak is appended
	s.ImportKW[0] = 9                 // a higher import later in the month
	allocs := testing.AllocsPerRun(100, func() { st.addWearDemand(8, p, s, 0, loc) })
	assert.Zero(t, allocs)
	assert.Equal(t, 102, st.WearDemandIntervals, "once, once warming up, 100 runs")
	assert.Equal(t, 7, st.WearDemandFromK)
	assert.InDelta(t, 102*0.02*(3+1)*0.5, st.WearCost, 1e-9)
	require.Len(t, st.Peaks, 1, "one month")
	assert.Equal(t, monthPeak{Year: 2024, Month: time.March, FirstK: 7, PeakImportKW: 9}, st.Peaks[0])
}
