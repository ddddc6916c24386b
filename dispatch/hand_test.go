package dispatch

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The expected numbers in these tests are worked out by hand in the
// comments; they are not read off a run.

// PV above load all day and a full battery: nothing to import, the surplus
// is curtailed (no export allowed).
func TestHandSurplusFullBattery(t *testing.T) {
	bat := battery("b", 1000, 200)
	bat.InitialSoCFraction = bat.MaxSoCFraction // full
	p := &model.Park{
		Name:      "surplus",
		Loads:     []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 300, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{bat},
		Grid:      grid(1000, 0),
	}
	n := 24
	pr := profiles(p, [][]float64{constant(n, 100)}, [][]float64{constant(n, 300)}, nil, nil)
	res := runAll(t, p, pr, DefaultConfig())
	for _, pol := range []Policy{SelfConsumptionPolicy, RollingHorizon, PerfectInformation, Perfect} {
		r := res[pol].Report
		assert.InDelta(t, 0, r.Energy.Import, 1e-6, pol)
		assert.InDelta(t, 0, r.ResidualKgCO2e, 1e-6, pol)
		// 24 h × (300 − 100) kW surplus, battery already full.
		assert.InDelta(t, 4800, r.Energy.Curtailed, 1e-4, pol)
		assert.InDelta(t, 4800.0/7200, r.CurtailmentShare, 1e-9, pol)
		assert.InDelta(t, 1, r.RenewableShare, 1e-9, pol)
	}
	// Grid-only: baseline 24 × 100 kWh × 0.5 kg/kWh.
	assert.InDelta(t, 1200, res[GridOnlyPolicy].Report.ResidualKgCO2e, 1e-9)
}

// No renewables and no battery: residual = baseline = offsets, for every
// policy.
func TestHandNoRenewables(t *testing.T) {
	p := &model.Park{Name: "grid", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0)}
	n := 24
	pr := profiles(p, [][]float64{constant(n, 100)}, nil, nil, nil)
	cfg := DefaultConfig()
	cfg.Ledger.OffsetPricePerTCO2e = 20
	cfg.Ledger.CertificatePricePerMWh = 5
	for pol, res := range runAll(t, p, pr, cfg) {
		r := res.Report
		// 2,400 kWh × 0.5 kgCO2e/kWh = 1,200 kgCO2e = 1.2 tCO2e.
		assert.InDelta(t, 1200, r.BaselineKgCO2e, 1e-9, pol)
		assert.InDelta(t, 1200, r.ResidualKgCO2e, 1e-6, pol)
		assert.InDelta(t, 1.2, r.OffsetsNeededTCO2e, 1e-9, pol)
		assert.InDelta(t, 2.4, r.CertificatesMWh, 1e-9, pol)
		assert.InDelta(t, 24, r.OffsetCost, 1e-7, pol)
		assert.InDelta(t, 12, r.CertificateCost, 1e-7, pol)
		// The report says the prices its costs were taken at.
		assert.Equal(t, 20.0, r.OffsetPricePerTCO2e, pol)
		assert.Equal(t, 5.0, r.CertificatePricePerMWh, pol)
		assert.Equal(t, Conventional, r.Stage, pol)
	}
}

// A battery shifts the midday PV surplus to the dirty evening.
//
// Load 100 kW all day; PV 250 kW in hours 10–14; carbon 0.5 in hours 0–9
// and 23, 0.3 in 10–17, 0.8 in 18–22 (baseline 100 × 11.9 = 1,190 kg).
// Battery 1,000 kWh, 200 kW, η 0.95/0.95, empty, no export, no terminal
// value. Surplus 150 kW × 5 h = 750 kWh → 712.5 kWh stored →
// 676.875 kWh deliverable. PV serving load directly saves 500 × 0.3 = 150.
// Perfect foresight spends the battery on the dirtiest hours first:
// 500 kWh at 0.8, 100 kWh at 0.5 (hour 23), the last 76.875 kWh at 0.3:
// saves 473.0625, residual 566.9375. (Charging from the grid at 0.3 to
// discharge at 0.5 would pay 0.3 for 0.9025 × 0.5 = 0.451, but the PV
// already fills every hour worth more than 0.3/0.9025.)
// Self-consumption discharges as soon as the sun sets: 300 kWh at 0.3
// (hours 15–17), then 376.875 kWh at 0.8: saves 391.5, residual 648.5.
func TestHandBatteryShiftsToEvening(t *testing.T) {
	bat := model.Battery{
		Name: "b", EnergyKWh: 1000, MaxChargeKW: 200, MaxDischargeKW: 200,
		ChargeEfficiency: 0.95, DischargeEfficiency: 0.95, MaxSoCFraction: 1,
	}
	p := &model.Park{
		Name:      "shift",
		Loads:     []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 250, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{bat},
		Grid:      grid(1000, 0),
	}
	n := 24
	pv := make([]float64, n)
	carbon := make([]float64, n)
	for h := 0; h < n; h++ {
		switch {
		case h >= 10 && h <= 17:
			carbon[h] = 0.3
		case h >= 18 && h <= 22:
			carbon[h] = 0.8
		default:
			carbon[h] = 0.5
		}
		if h >= 10 && h <= 14 {
			pv[h] = 250
		}
	}
	pr := profiles(p, [][]float64{constant(n, 100)}, [][]float64{pv}, nil, carbon)
	cfg := DefaultConfig()
	cfg.Terminal = TerminalNone
	res := runAll(t, p, pr, cfg)
	assert.InDelta(t, 1190, res[GridOnlyPolicy].Report.ResidualKgCO2e, 1e-9)
	assert.InDelta(t, 648.5, res[SelfConsumptionPolicy].Report.ResidualKgCO2e, 1e-6)
	assert.InDelta(t, 566.9375, res[Perfect].Report.ResidualKgCO2e, 1e-5)
	// The 24 h horizon sees the whole day from the first step.
	assert.InDelta(t, 566.9375, res[PerfectInformation].Report.ResidualKgCO2e, 1e-5)
	// Conservation: battery losses = 750 × (1 − 0.95) + 712.5 × (1 − 0.95).
	assert.InDelta(t, 750*0.05+712.5*0.05, res[Perfect].Report.Energy.BatteryLosses, 1e-5)
}

// Load above import limit plus generation: unserved load is reported and
// the run goes on.
func TestHandUnserved(t *testing.T) {
	p := &model.Park{
		Name:  "short",
		Loads: []model.Load{{Name: "a", Column: "a"}, {Name: "b", Column: "b"}},
		PV:    []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}},
		Grid:  grid(300, 0),
	}
	n := 24
	pr := profiles(p, [][]float64{constant(n, 200), constant(n, 300)}, [][]float64{constant(n, 100)}, nil, nil)
	res := runAll(t, p, pr, DefaultConfig())
	// 500 kW load − 300 kW import − 100 kW PV = 100 kW short, 24 h.
	for _, pol := range []Policy{SelfConsumptionPolicy, RollingHorizon, PerfectInformation, Perfect} {
		r := res[pol].Report
		assert.InDelta(t, 2400, r.UnservedKWh, 1e-6, pol)
		assert.InDelta(t, 300*24, r.Energy.Import, 1e-6, pol)
		assert.InDelta(t, 300*24*0.5, r.ResidualKgCO2e, 1e-6, pol)
	}
	// Grid-only: 500 − 300 = 200 kW short.
	assert.InDelta(t, 4800, res[GridOnlyPolicy].Report.UnservedKWh, 1e-9)
}

// Export with and without a limit.
func TestHandExport(t *testing.T) {
	for _, tc := range []struct {
		name                 string
		limitKW              float64
		wantExport, wantCurt float64 // kWh over 24 h
	}{
		{"limited", 50, 50 * 24, 150 * 24},
		{"unlimited", model.Unlimited, 200 * 24, 0},
		{"none", 0, 0, 200 * 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &model.Park{
				Name:  "export",
				Loads: []model.Load{{Name: "l", Column: "l"}},
				PV:    []model.PVArray{{Name: "pv", CapacityKWp: 300, AvailabilityColumn: "pv"}},
				Grid:  grid(1000, tc.limitKW),
			}
			p.Grid.ExportPrice = &model.Price{PerKWh: 0.03}
			n := 24
			pr := profiles(p, [][]float64{constant(n, 100)}, [][]float64{constant(n, 300)}, nil, nil)
			pr.ExportPricePerKWh = constant(n, 0.03)
			res := runAll(t, p, pr, DefaultConfig())
			for _, pol := range []Policy{SelfConsumptionPolicy, RollingHorizon, PerfectInformation, Perfect} {
				r := res[pol].Report
				assert.InDelta(t, tc.wantExport, r.Energy.Export, 1e-6, pol)
				assert.InDelta(t, tc.wantCurt, r.Energy.Curtailed, 1e-6, pol)
				assert.InDelta(t, 0, r.Energy.Import, 1e-6, pol)
				// Export is never netted: residual stays 0, not negative.
				assert.InDelta(t, 0, r.ResidualKgCO2e, 1e-9, pol)
				// Self-consumption: share of PV used on site = 2400 / 7200.
				assert.InDelta(t, (7200-tc.wantCurt-tc.wantExport)/(7200-tc.wantCurt), r.SelfConsumption, 1e-9, pol)
			}
		})
	}
}

func TestOrderingHandCases(t *testing.T) {
	// The shifting case with the default terminal value: policies compared
	// on the storage-adjusted residual.
	bat := battery("b", 1000, 200)
	p := &model.Park{
		Name:      "order",
		Loads:     []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 250, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{bat},
		Grid:      grid(1000, 0),
	}
	n := 72
	pv, carbon := make([]float64, n), make([]float64, n)
	for i := range pv {
		h := i % 24
		if h >= 9 && h <= 15 {
			pv[i] = 250
		}
		carbon[i] = 0.4 + 0.3*float64((h+6)%24)/24
	}
	pr := profiles(p, [][]float64{constant(n, 120)}, [][]float64{pv}, nil, carbon)
	res := runAll(t, p, pr, DefaultConfig())
	requireOrdering(t, res, true)
}

// requireOrdering asserts perfect ≤ every policy, self ≤ grid,
// grid = baseline and, when mpcBeatsSelf, the rolling horizon with
// perfect information ≤ self, on the storage-adjusted residual.
func requireOrdering(t *testing.T, res map[Policy]*Result, mpcBeatsSelf bool) {
	t.Helper()
	adj := func(p Policy) float64 { return res[p].Report.AdjustedResidualKgCO2e }
	tol := 1e-6 * (1 + res[GridOnlyPolicy].Report.BaselineKgCO2e)
	for _, pol := range Policies().Names() {
		require.LessOrEqual(t, adj(Perfect), adj(pol)+tol, "perfect > %s", pol)
	}
	require.LessOrEqual(t, adj(SelfConsumptionPolicy), adj(GridOnlyPolicy)+tol)
	g := res[GridOnlyPolicy].Report
	require.InDelta(t, g.BaselineKgCO2e, g.ResidualKgCO2e, 1e-9*(1+g.BaselineKgCO2e))
	if mpcBeatsSelf {
		require.LessOrEqual(t, adj(PerfectInformation), adj(SelfConsumptionPolicy)+tol)
	}
}

// Check must catch what it promises to: a schedule broken on purpose in
// each way fails with ErrPhysics.
func TestCheckCatchesViolations(t *testing.T) {
	p := &model.Park{
		Name:      "check",
		Loads:     []model.Load{{Name: "l", Column: "l"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{battery("b", 100, 50)},
		Grid:      grid(1000, 1000),
	}
	n := 6
	pr := profiles(p, [][]float64{constant(n, 80)}, [][]float64{constant(n, 50)}, nil, nil)
	res, err := Run(p, pr, DefaultConfig())
	require.NoError(t, err)
	require.NoError(t, res.Schedule.Check(p))
	// Each breaker keeps the interval's balance (and the checks before its
	// own) intact, so the error must name the check it aims at.
	for _, c := range []struct {
		name, want string
		breakIt    func(s *Schedule)
	}{
		{"balance", "balance error", func(s *Schedule) { s.ImportKW[2] += 1 }},
		{"import & export", "min(import, export)", func(s *Schedule) { s.ImportKW[1] += 5; s.ExportKW[1] += 5 }},
		{"charge & discharge", "min(charge, discharge)", func(s *Schedule) { s.ChargeKW[0][3] += 3; s.DischargeKW[0][3] += 3 }},
		{"soc recursion", "recursion gives", func(s *Schedule) { s.SoCKWh[0][4] += 1 }},
		{"pv above available", "pv vs available", func(s *Schedule) { s.PVAvailKW[0][0] = s.PVKW[0][0] - 10 }},
		{"emissions", "emissions", func(s *Schedule) { s.EmissionsKgCO2e[5] *= 2 }},
		{"negative import", "-import", func(s *Schedule) {
			s.UnservedKW[0] += s.ImportKW[0] + 1 // served falls as much as supply
			s.ImportKW[0] = -1
		}},
		{"unserved above load", "unserved vs load", func(s *Schedule) {
			d := s.LoadKW[1] + 1 - s.UnservedKW[1]
			s.UnservedKW[1] += d
			s.ChargeKW[0][1] += d // the energy not served goes into the battery
		}},
		{"curtailment sums", "available − used", func(s *Schedule) { s.CurtailedKW[2] += 1 }},
	} {
		s := *res.Schedule
		// Deep-copy the slices the breakers touch.
		s.ImportKW = append([]float64(nil), s.ImportKW...)
		s.ExportKW = append([]float64(nil), s.ExportKW...)
		s.UnservedKW = append([]float64(nil), s.UnservedKW...)
		s.CurtailedKW = append([]float64(nil), s.CurtailedKW...)
		s.EmissionsKgCO2e = append([]float64(nil), s.EmissionsKgCO2e...)
		s.ChargeKW = [][]float64{append([]float64(nil), s.ChargeKW[0]...)}
		s.DischargeKW = [][]float64{append([]float64(nil), s.DischargeKW[0]...)}
		s.SoCKWh = [][]float64{append([]float64(nil), s.SoCKWh[0]...)}
		s.PVKW = [][]float64{append([]float64(nil), s.PVKW[0]...)}
		s.PVAvailKW = [][]float64{append([]float64(nil), s.PVAvailKW[0]...)}
		c.breakIt(&s)
		err := s.Check(p)
		assert.ErrorIs(t, err, ErrPhysics, c.name)
		assert.ErrorContains(t, err, c.want, c.name)
	}
}

// A window shorter than the horizon (an EMS sending 1 step of forecast to a
// 24-step dispatcher): the stored energy's value is the terminal value
// after one step of self-discharge, not after the 23 padding steps too.
// Worked by hand: the signal is 0.5 everywhere, so the terminal value is
// η_dis × 0.5 = 0.475 kgCO2e per kWh at the end of step 0, and a kWh in the
// battery at the start keeps 1 − 0.01 of its energy above the minimum
// through that step: 0.475 × 0.99 = 0.47025.
func TestHandShortWindowTerminalValue(t *testing.T) {
	bat := battery("b", 1000, 200)
	bat.SelfDischargePerHour = 0.01
	p := &model.Park{Name: "short", Loads: []model.Load{{Name: "l", Column: "l"}},
		Batteries: []model.Battery{bat}, Grid: grid(1000, 0)}
	d, err := New(p, time.Hour, DefaultConfig()) // 24 steps
	require.NoError(t, err)
	defer d.Close()
	fc := profiles(p, [][]float64{constant(1, 0)}, nil, nil, nil) // no load: the battery idles
	plan, err := d.Step(InitialState(p), fc)
	require.NoError(t, err)
	assert.InDelta(t, 0.475*0.99, plan.SoCValueKgCO2ePerKWh[0], 1e-9)
}
