package dispatch

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
		DispatchKgCO2ePerKWh: carbon, AccountingKgCO2ePerKWh: carbon, AccountingIsDispatch: true,
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
func checkInvariants(t *testing.T, p *model.Park, s *Schedule) {
	t.Helper()
	h := s.Step.Hours()
	for i := 0; i < s.Len; i++ {
		require.InDelta(t, 0, s.BalanceErrorKW(i), tolKW, "balance at %d", i)
		require.LessOrEqual(t, math.Min(s.ImportKW[i], s.ExportKW[i]), tolKW, "import and export at %d", i)
		require.LessOrEqual(t, s.ImportKW[i], p.Grid.ImportLimitKW+tolKW)
		require.LessOrEqual(t, s.ExportKW[i], p.Grid.ExportLimitKW+tolKW)
		require.GreaterOrEqual(t, s.ImportKW[i], -tolKW)
		require.GreaterOrEqual(t, s.ExportKW[i], -tolKW)
		require.GreaterOrEqual(t, s.UnservedKW[i], -tolKW)
		require.LessOrEqual(t, s.UnservedKW[i], s.LoadKW[i]+tolKW)
		require.GreaterOrEqual(t, s.CurtailedKW[i], -tolKW)
		cur := 0.0
		for k := range s.PVKW {
			require.GreaterOrEqual(t, s.PVKW[k][i], -tolKW)
			require.LessOrEqual(t, s.PVKW[k][i], s.PVAvailKW[k][i]+tolKW)
			cur += s.PVAvailKW[k][i] - s.PVKW[k][i]
		}
		for k := range s.WindKW {
			require.GreaterOrEqual(t, s.WindKW[k][i], -tolKW)
			require.LessOrEqual(t, s.WindKW[k][i], s.WindAvailKW[k][i]+tolKW)
			cur += s.WindAvailKW[k][i] - s.WindKW[k][i]
		}
		require.InDelta(t, cur, s.CurtailedKW[i], tolKW)
		for b, bat := range p.Batteries {
			ch, dis := s.ChargeKW[b][i], s.DischargeKW[b][i]
			require.LessOrEqual(t, math.Min(ch, dis), tolKW, "battery %d charges and discharges at %d: %g %g", b, i, ch, dis)
			require.LessOrEqual(t, ch, bat.MaxChargeKW+tolKW)
			require.LessOrEqual(t, dis, bat.MaxDischargeKW+tolKW)
			prev := s.SoCBefore(b, i)
			want := prev*(1-bat.SelfDischargePerHour*h) + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
			require.InDelta(t, want, s.SoCKWh[b][i], 1e-5, "soc recursion battery %d at %d", b, i)
			decayed := prev * (1 - bat.SelfDischargePerHour*h)
			require.GreaterOrEqual(t, s.SoCKWh[b][i], math.Min(bat.MinSoCKWh(), decayed)-1e-5)
			require.LessOrEqual(t, s.SoCKWh[b][i], math.Max(bat.MaxSoCKWh(), decayed)+1e-5)
		}
		assert.InDelta(t, s.ImportKW[i]*s.AccountingKgCO2ePerKWh[i]*h, s.EmissionsKgCO2e[i], 1e-9)
	}
}

// runAll runs every policy and checks the invariants of each.
func runAll(t *testing.T, p *model.Park, pr *model.Profiles, cfg Config) map[Policy]*Result {
	t.Helper()
	out := map[Policy]*Result{}
	for _, pol := range Policies() {
		r, err := RunPolicy(pol, p, pr, cfg)
		require.NoError(t, err, "policy %s", pol)
		checkInvariants(t, p, r.Schedule)
		out[pol] = r
	}
	return out
}
