package dispatch

import (
	"fmt"
	"math"
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
// Plain comparisons first, testify only on failure: it is called on
// hundreds of thousands of values.
func checkInvariants(t *testing.T, p *model.Park, s *Schedule) {
	t.Helper()
	require.NoError(t, invariantError(p, s))
}

func invariantError(p *model.Park, s *Schedule) error {
	h := s.Step.Hours()
	var err error
	fail := func(i int, format string, args ...any) {
		if err == nil {
			err = fmt.Errorf("interval %d: %s", i, fmt.Sprintf(format, args...))
		}
	}
	le := func(i int, what string, a, b, tol float64) {
		if !(a <= b+tol) {
			fail(i, "%s: %g > %g", what, a, b)
		}
	}
	for i := 0; i < s.Len && err == nil; i++ {
		if e := s.BalanceErrorKW(i); math.Abs(e) > tolKW {
			fail(i, "balance error %g kW", e)
		}
		le(i, "min(import, export)", math.Min(s.ImportKW[i], s.ExportKW[i]), 0, tolKW)
		le(i, "import vs limit", s.ImportKW[i], p.Grid.ImportLimitKW, tolKW)
		le(i, "export vs limit", s.ExportKW[i], p.Grid.ExportLimitKW, tolKW)
		le(i, "-import", -s.ImportKW[i], 0, tolKW)
		le(i, "-export", -s.ExportKW[i], 0, tolKW)
		le(i, "-unserved", -s.UnservedKW[i], 0, tolKW)
		le(i, "unserved vs load", s.UnservedKW[i], s.LoadKW[i], tolKW)
		le(i, "-curtailed", -s.CurtailedKW[i], 0, tolKW)
		cur := 0.0
		for k := range s.PVKW {
			le(i, "-pv", -s.PVKW[k][i], 0, tolKW)
			le(i, "pv vs available", s.PVKW[k][i], s.PVAvailKW[k][i], tolKW)
			cur += s.PVAvailKW[k][i] - s.PVKW[k][i]
		}
		for k := range s.WindKW {
			le(i, "-wind", -s.WindKW[k][i], 0, tolKW)
			le(i, "wind vs available", s.WindKW[k][i], s.WindAvailKW[k][i], tolKW)
			cur += s.WindAvailKW[k][i] - s.WindKW[k][i]
		}
		if math.Abs(cur-s.CurtailedKW[i]) > tolKW {
			fail(i, "curtailed %g, available − used %g", s.CurtailedKW[i], cur)
		}
		for b, bat := range p.Batteries {
			ch, dis := s.ChargeKW[b][i], s.DischargeKW[b][i]
			le(i, fmt.Sprintf("battery %d min(charge, discharge)", b), math.Min(ch, dis), 0, tolKW)
			le(i, "-charge", -ch, 0, tolKW)
			le(i, "-discharge", -dis, 0, tolKW)
			le(i, "charge vs limit", ch, bat.MaxChargeKW, tolKW)
			le(i, "discharge vs limit", dis, bat.MaxDischargeKW, tolKW)
			prev := s.SoCBefore(b, i)
			minE := bat.MinSoCKWh()
			idle := minE + (prev-minE)*(1-bat.SelfDischargePerHour*h)
			want := idle + bat.ChargeEfficiency*ch*h - dis*h/bat.DischargeEfficiency
			if math.Abs(want-s.SoCKWh[b][i]) > 1e-5 {
				fail(i, "battery %d soc %g, recursion gives %g", b, s.SoCKWh[b][i], want)
			}
			le(i, "soc lower bound", math.Min(minE, prev), s.SoCKWh[b][i], 1e-5)
			le(i, "soc upper bound", s.SoCKWh[b][i], math.Max(bat.MaxSoCKWh(), idle), 1e-5)
		}
		if e := s.ImportKW[i] * s.AccountingKgCO2ePerKWh[i] * h; math.Abs(e-s.EmissionsKgCO2e[i]) > 1e-9*(1+math.Abs(e)) {
			fail(i, "emissions %g, import × factor × Δt = %g", s.EmissionsKgCO2e[i], e)
		}
	}
	return err
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
