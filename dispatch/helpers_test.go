package dispatch

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

const tolKW = 1e-6

var t0 = time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC)

// profiles builds hourly profiles for p from per-asset series; nil carbon
// means a constant 0.5 kgCO2e/kWh.
func profiles(p *model.Park, loads, pv, wind [][]float64, carbon []float64) *model.Profiles {
	n := len(loads[0])
	if carbon == nil {
		carbon = make([]float64, n)
		for i := range carbon {
			carbon[i] = 0.5
		}
	}
	pr := &model.Profiles{
		Start: t0, Step: time.Hour, Len: n,
		LoadKW: loads, PVAvailKW: pv, WindAvailKW: wind,
		DispatchKgCO2ePerKWh: carbon, AccountingKgCO2ePerKWh: carbon,
		ImportPricePerKWh: make([]float64, n), ExportPricePerKWh: make([]float64, n),
	}
	if pr.PVAvailKW == nil {
		pr.PVAvailKW = [][]float64{}
	}
	if pr.WindAvailKW == nil {
		pr.WindAvailKW = [][]float64{}
	}
	return pr
}

func constant(n int, v float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func battery(name string, energy, power float64) model.Battery {
	return model.Battery{
		Name: name, EnergyKWh: energy, MaxChargeKW: power, MaxDischargeKW: power,
		ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
		MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5,
	}
}

func grid(imp, exp float64) model.Grid {
	return model.Grid{
		ImportLimitKW: imp, ExportLimitKW: exp,
		DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.5, Kind: model.Average},
	}
}

// checkInvariants asserts what must hold in every interval of every policy:
// balance, SoC bounds and recursion, no simultaneous charge and discharge
// or import and export, limits, and emissions = import × factor × Δt.
// Plain comparisons first, testify only on failure: it is called on
// hundreds of thousands of values.
func checkInvariants(t *testing.T, p *model.Park, s *Schedule) {
	t.Helper()
	require.NoError(t, s.Check(p))
}

// runPolicy runs policy pol of the standard catalogue. A policy that
// plans with forecasts gets, when cfg has none (its runner refuses a nil
// set), the oracle forecasters for every series: perfect forecasts through
// the forecasting path, which plan exactly as perfect information does
// (TestPerfectForecasterEqualsPerfectInformation), so these loops pin what
// they pinned when "mpc" ran on the actual series. What forecast errors do
// is tested in forecasting_test.go.
func runPolicy(pol Policy, p *model.Park, pr *model.Profiles, cfg Config) (*Result, error) {
	if e, ok := Policies().Lookup(pol); ok && e.UsesForecasts && cfg.Forecasts == nil {
		cfg.Forecasts = allOf(p, pr, func(a []float64) model.Forecaster { return oracle{a} })
	}
	return RunPolicy(pol, p, pr, cfg)
}

// runAll runs every policy and checks the invariants of each.
func runAll(t *testing.T, p *model.Park, pr *model.Profiles, cfg Config) map[Policy]*Result {
	t.Helper()
	out := map[Policy]*Result{}
	for _, pol := range Policies().Names() {
		r, err := runPolicy(pol, p, pr, cfg)
		require.NoError(t, err, "policy %s", pol)
		checkInvariants(t, p, r.Schedule)
		out[pol] = r
	}
	return out
}

// mustAccount is Account for a schedule the test knows to be well shaped.
func mustAccount(t testing.TB, p *model.Park, s *Schedule, cfg LedgerConfig) Report {
	t.Helper()
	r, err := Account(p, s, cfg)
	if err != nil {
		t.Fatalf("Account: %v", err)
	}
	return r
}
