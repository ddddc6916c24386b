package plan

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// peakPark is 16 days of hourly data from 2023-03-24 (two calendar
// months, 8 days of each), a load with a daily peak that grows through the
// period, PV and a battery as candidates, and a demand charge of 35 per
// kW-month: on 8/31 of March and 8/30 of April that is 35 × (8/31 + 8/30)
// = 18.3 per kW of both months' peaks over the period, about the 2 × 9
// the fixture paid when every month it touched was charged whole.
func peakPark(t *testing.T) (*model.Park, *model.SeriesSet) {
	n := 16 * 24
	set := &model.SeriesSet{Start: time.Date(2023, 3, 24, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n}
	load, pv, carbon := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		h := float64(i % 24)
		load[i] = 200 + 150*math.Max(0, math.Sin(math.Pi*(h-7)/14)) + 0.5*float64(i/24)
		pv[i] = math.Max(0, 0.7*math.Sin(math.Pi*(h-6)/12))
		carbon[i] = 0.5
	}
	for _, c := range []struct {
		name string
		v    []float64
	}{{"load", load}, {"pv", pv}, {"carbon", carbon}} {
		require.NoError(t, set.SetColumn(c.name, c.v))
	}
	p := &model.Park{Name: "peaks", Loads: []model.Load{{Name: "l", Column: "load"}},
		PV: []model.PVArray{{Name: "pv", CapacityKWp: 50, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{Name: "b", ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 1000, ExportLimitKW: 0,
			DispatchCarbon: model.CarbonSignal{Column: "carbon"}, ImportPrice: &model.Price{PerKWh: 0.1},
			DemandChargePerKWMonth: 35},
		Economics: &model.Economics{Currency: "USD", PV: &model.PVEconomics{MaxTotalKWp: 800},
			Battery: &model.BatteryEconomics{MaxTotalKWh: 2000, MaxTotalKW: 500}}}
	return p, set
}

// TestDemandChargeIsMonthlyPeaks: the LP's peak column of each calendar
// month equals the month's highest import in the plan's schedule, and the
// design's demand charge is Σ months × the rate × that peak × the month's
// share of the series (8 days of March's 31, of April's 30; a year's
// worth: × 8760 h / the period's hours) — over the full series and over
// representative days, whose monthly peak bounds every step of every
// representative standing for a day of that month.
func TestDemandChargeIsMonthlyPeaks(t *testing.T) {
	for _, periods := range []int{0, 6} {
		p, set := peakPark(t)
		opt := DefaultOptions()
		opt.Periods, opt.PeriodLength = periods, 24*time.Hour
		m, err := New(p, set, opt)
		require.NoError(t, err)
		defer m.Close()
		r, err := m.solve(question{stage: dispatch.Conventional, epsilon: math.NaN()})
		require.NoError(t, err)
		x := append([]float64(nil), r.X...)
		d, err := m.design(x, dispatch.Conventional)
		require.NoError(t, err)
		s := d.Schedule
		peaks := map[time.Month]float64{}
		for i := range s.Len {
			mo := s.Time(i).Month()
			peaks[mo] = math.Max(peaks[mo], s.ImportKW[i])
		}
		require.Len(t, peaks, 2)
		require.Len(t, m.col.peak, 2)
		sum := 0.0
		for k, mo := range []time.Month{time.March, time.April} {
			assert.InDelta(t, peaks[mo], x[m.col.peak[k]], 1e-6, "periods %d: %s", periods, mo)
			sum += peaks[mo] * map[time.Month]float64{time.March: 8.0 / 31, time.April: 8.0 / 30}[mo]
		}
		years := float64(s.Len) / 8760
		assert.InDelta(t, 35*sum, d.DemandChargePerYear*years, 1e-6, "periods %d", periods)
		assert.Greater(t, d.Added(TechBatteryPower), 0.0, "periods %d: the battery shaves the peak", periods)
	}
}
