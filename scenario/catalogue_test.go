package scenario_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// batteryIdle is a policy of this test's own, written against dispatch's
// public API only: PV and wind serve the load, the batteries stand idle
// (losing only self-discharge), a surplus is exported up to the limit and
// curtailed beyond (PV first), a deficit imported up to the limit and
// left unserved beyond.
func batteryIdle(p *model.Park, prof *model.Profiles, cfg dispatch.Config) (*dispatch.Result, error) {
	n, h := prof.Len, prof.Step.Hours()
	row := func() []float64 { return make([]float64, n) }
	rows := func(k int) [][]float64 {
		out := make([][]float64, k)
		for i := range out {
			out[i] = row()
		}
		return out
	}
	nPV, nWind, nBat := len(p.PV), len(p.Wind), len(p.Batteries)
	s := &dispatch.Schedule{Start: prof.Start, Step: prof.Step, Len: n,
		LoadKW: row(), PVAvailKW: rows(nPV), PVKW: rows(nPV), WindAvailKW: rows(nWind), WindKW: rows(nWind),
		InitialSoCKWh: make([]float64, nBat), ChargeKW: rows(nBat), DischargeKW: rows(nBat), SoCKWh: rows(nBat),
		ImportKW: row(), ExportKW: row(), UnservedKW: row(), CurtailedKW: row(),
		DispatchKgCO2ePerKWh: row(), AccountingKgCO2ePerKWh: row(), ImportPricePerKWh: row(), ExportPricePerKWh: row(),
		EmissionsKgCO2e: row()}
	copy(s.DispatchKgCO2ePerKWh, prof.DispatchKgCO2ePerKWh)
	copy(s.AccountingKgCO2ePerKWh, prof.AccountingKgCO2ePerKWh)
	copy(s.ImportPricePerKWh, prof.ImportPricePerKWh) // nil copies nothing: 0
	copy(s.ExportPricePerKWh, prof.ExportPricePerKWh)
	for b, bat := range p.Batteries {
		s.InitialSoCKWh[b] = bat.InitialSoCKWh()
	}
	for t := 0; t < n; t++ {
		s.LoadKW[t] = prof.TotalLoadKW(t)
		gen := 0.0
		for i := range p.PV {
			s.PVAvailKW[i][t], s.PVKW[i][t] = prof.PVAvailKW[i][t], prof.PVAvailKW[i][t]
			gen += s.PVKW[i][t]
		}
		for j := range p.Wind {
			s.WindAvailKW[j][t], s.WindKW[j][t] = prof.WindAvailKW[j][t], prof.WindAvailKW[j][t]
			gen += s.WindKW[j][t]
		}
		if net := gen - s.LoadKW[t]; net >= 0 {
			s.ExportKW[t] = math.Min(net, p.Grid.ExportLimitKW)
			s.CurtailedKW[t] = net - s.ExportKW[t]
			cut := s.CurtailedKW[t]
			for _, out := range append(append([][]float64{}, s.PVKW...), s.WindKW...) {
				v := math.Min(cut, out[t])
				out[t] -= v
				cut -= v
			}
		} else {
			s.ImportKW[t] = math.Min(-net, p.Grid.ImportLimitKW)
			s.UnservedKW[t] = -net - s.ImportKW[t]
		}
		for b, bat := range p.Batteries {
			prev, minKWh := s.SoCBefore(b, t), bat.MinSoCKWh()
			s.SoCKWh[b][t] = minKWh + (prev-minKWh)*(1-bat.SelfDischargePerHour*h)
		}
		s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t] * h
	}
	r, err := dispatch.Account(p, s, cfg.Ledger)
	if err != nil {
		return nil, err
	}
	return &dispatch.Result{Schedule: s, Report: r}, nil
}

// Adding a policy touches one place: the catalogue. A catalogue that is
// the standard one plus one entry (batteryIdle above) parses the new
// name, titles it, runs it through the scenario with its ledger, and
// compares it with the standard policies, with nothing else changed.
func TestAddingAPolicyTouchesOnePlace(t *testing.T) {
	s := mustFixture(t, 48)
	cat := append(dispatch.Policies(), dispatch.PolicyInfo{Name: "battery-idle", Title: "batteries idle", Run: batteryIdle})
	require.NoError(t, cat.Validate())
	s.Policies = cat

	// Parse and title.
	pol, err := cat.Parse("battery-idle")
	require.NoError(t, err)
	assert.Equal(t, dispatch.Policy("battery-idle"), pol)
	assert.Equal(t, "batteries idle", cat.Title(pol))
	_, err = dispatch.Policies().Parse("battery-idle")
	require.ErrorIs(t, err, dispatch.ErrConfig, "the standard catalogue is unchanged")

	// Run, through the scenario, labelled with its name; the schedule
	// obeys the park's physics.
	cfg := dispatch.DefaultConfig()
	res, err := s.Run(pol, cfg)
	require.NoError(t, err)
	assert.Equal(t, pol, res.Policy)
	assert.Equal(t, pol, res.Report.Policy)
	require.NoError(t, res.Schedule.Check(s.Park))
	assert.Empty(t, s.ForecastsLabel(pol), "it plans with no forecasts")
	assert.Equal(t, pol, results.NewSummary(s.Park.Name, cfg.Horizon, s.ForecastsLabel(pol), res.Report).Policy)

	// The ledger, against a hand calculation from the profiles: no
	// battery moves, so import = Σ max(load − PV, 0) × Δt (the import
	// limit of 500 kW is never reached) and residual = Σ import × factor.
	pr := s.Profiles
	h := pr.Step.Hours()
	wantImportKWh, wantResidualKg := 0.0, 0.0
	for t := 0; t < pr.Len; t++ {
		deficitKWh := math.Max(pr.TotalLoadKW(t)-pr.PVAvailKW[0][t], 0) * h
		wantImportKWh += deficitKWh
		wantResidualKg += deficitKWh * pr.AccountingKgCO2ePerKWh[t]
	}
	r := res.Report
	require.Positive(t, wantImportKWh)
	assert.InDelta(t, wantImportKWh, r.Energy.Import, 1e-9*wantImportKWh)
	assert.InDelta(t, wantResidualKg, r.ResidualKgCO2e, 1e-9*wantResidualKg)
	assert.Zero(t, r.Energy.Charge)
	assert.Zero(t, r.Energy.Discharge)
	a, err := dispatch.Attribute(s.Park, s.Profiles, res)
	require.NoError(t, err)
	assert.InDelta(t, r.ResidualKgCO2e, a.Tenants[0].ResidualKgCO2e+a.StoredChangeKgCO2e+a.ExportedKgCO2e, 1e-6)

	// Compare: every policy of the catalogue, in its order.
	results, err := scenario.Compare(s, cfg, cat.Names())
	require.NoError(t, err)
	require.Len(t, results, len(cat))
	by := map[dispatch.Policy]dispatch.Report{}
	for i, got := range results {
		assert.Equal(t, cat[i].Name, got.Policy)
		by[got.Policy] = got.Report
	}
	assert.Equal(t, r.Energy.Import, by[pol].Energy.Import, "the same run as on its own")
	assert.Equal(t, r.ResidualKgCO2e, by[pol].ResidualKgCO2e)
	// Self-consumption discharges into deficits the idle battery leaves to
	// the grid, so it imports less; perfect foresight is the lower bound.
	assert.Less(t, by[dispatch.SelfConsumptionPolicy].Energy.Import, by[pol].Energy.Import)
	assert.LessOrEqual(t, by[dispatch.Perfect].AdjustedResidualKgCO2e, by[pol].AdjustedResidualKgCO2e+1e-6)
	// And the scenario's variants keep the catalogue.
	v, err := s.Variant("copy", s.Park, s.Profiles).Run(pol, cfg)
	require.NoError(t, err)
	assert.Equal(t, r.ResidualKgCO2e, v.Report.ResidualKgCO2e)
}

// Without a catalogue of its own a scenario runs the standard one, and a
// name it does not list is an ErrConfig error naming the choices.
func TestScenarioRunUnknownPolicy(t *testing.T) {
	s := mustFixture(t, 24)
	_, err := s.Run("battery-idle", dispatch.DefaultConfig())
	require.ErrorIs(t, err, dispatch.ErrConfig)
	assert.ErrorContains(t, err, "want grid, self, mpc, mpc-perfect or perfect")
	assert.Equal(t, dispatch.Policies().Names(), s.Catalogue().Names())
}
