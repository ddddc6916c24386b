package scenario_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// fixture is a small park — one tenant, one PV array, one battery, an
// export limit that forces curtailment at noon — over n hourly intervals
// with an hourly average carbon factor.
func fixture(n int) (*scenario.Scenario, error) {
	p := &model.Park{
		Name:  "fixture park",
		Loads: []model.Load{{Name: "office", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 300, AvailabilityColumn: "pv_kw_per_kwp"}},
		Batteries: []model.Battery{{Name: "b1", EnergyKWh: 200, MaxChargeKW: 60, MaxDischargeKW: 60,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MinSoCFraction: 0.1, MaxSoCFraction: 0.9,
			InitialSoCFraction: 0.5}},
		Grid: model.Grid{ImportLimitKW: 500, ExportLimitKW: 20,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average, Source: "test"}},
	}
	set := &model.SeriesSet{
		Start: time.Date(2024, 6, 1, 0, 0, 0, 0, time.FixedZone("", 8*3600)),
		Step:  time.Hour, Len: n,
		Names:   []string{"load_kw", "pv_kw_per_kwp", "co2"},
		Columns: map[string][]float64{"load_kw": make([]float64, n), "pv_kw_per_kwp": make([]float64, n), "co2": make([]float64, n)},
	}
	for i := 0; i < n; i++ {
		h := float64(i % 24)
		set.Columns["load_kw"][i] = 100 + 40*math.Sin(2*math.Pi*(h-8)/24)
		set.Columns["pv_kw_per_kwp"][i] = math.Max(0, math.Sin(math.Pi*(h-6)/12))
		set.Columns["co2"][i] = 0.5 + 0.2*math.Cos(2*math.Pi*(h-19)/24)
	}
	return scenario.New(p.Name, p, set)
}

func mustFixture(t testing.TB, n int) *scenario.Scenario {
	t.Helper()
	s, err := fixture(n)
	require.NoError(t, err)
	return s
}

func ExampleNew() {
	s, err := fixture(48)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Profiles.Len, s.Profiles.Step)
	fmt.Printf("PV available at noon: %.1f kW\n", s.Profiles.PVAvailKW[0][12])
	// Output:
	// fixture park 48 1h0m0s
	// PV available at noon: 300.0 kW
}

func ExampleDemo() {
	s, err := scenario.Demo("") // the default demo, texas2012
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Name, s.Profiles.Len, s.Profiles.Step, len(s.Park.Loads), "loads")
	// Output:
	// texas2012 8760 1h0m0s 8 loads
}
