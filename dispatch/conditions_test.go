package dispatch

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// oneHourLedger is the ledger of one hour worked by hand: a load of
// 100 kW, PV pvKW of it, unservedKW not served and the rest imported at
// factor kgCO2e/kWh, no battery, no export; offsets heldT tCO2e held.
func oneHourLedger(t *testing.T, pvKW, unservedKW, factor, heldT float64, requireClean bool) (Report, LedgerConfig) {
	t.Helper()
	cfg := DefaultLedgerConfig()
	cfg.OffsetsHeldTCO2e, cfg.RequireCleanShare = heldT, requireClean
	return oneHourLedgerOf(t, pvKW, unservedKW, factor, cfg), cfg
}

// oneHourLedgerOf is oneHourLedger's hour accounted under cfg.
func oneHourLedgerOf(t *testing.T, pvKW, unservedKW, factor float64, cfg LedgerConfig) Report {
	t.Helper()
	p := &model.Park{Name: "hour", Loads: []model.Load{{Name: "t", Column: "t"}},
		PV: []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}}, Grid: grid(1000, 0)}
	pr := profiles(p, [][]float64{{100}}, [][]float64{{pvKW}}, nil, []float64{factor})
	s := periodSchedule(p, pr)
	s.PVKW[0] = []float64{pvKW}
	s.UnservedKW = []float64{unservedKW}
	s.ImportKW = []float64{100 - pvKW - unservedKW}
	s.fillEmissions()
	require.NoError(t, s.Check(p))
	return mustAccount(t, p, s, cfg)
}

// The conditions of each stage and their margins against the ledger of
// one hour worked by hand: load 100 kWh, PV a kWh, import 100 − a − u
// kWh at f kgCO2e/kWh; consumption 100 − u kWh = (100 − u) × 0.1229 / 1000
// tce; residual (100 − a − u) f kg against a baseline of 100 f; the
// reduction and the renewable share both a / 100 (the latter of the
// served load, a / (100 − u)); the clean share a / (100 − u). Every
// margin is 1 − value/limit, a limit of 0 giving 1 met and −1 missed;
// the stage margin is ≥ 0 exactly when the ledger grants the stage.
func TestStageConditionsByHand(t *testing.T) {
	const tce = 100 * 0.1229 / 1000 // consumption with nothing unserved, tce
	core := func(residualKg float64) float64 { return 1 - residualKg/1000/tce/DefaultCarbonPerTceMax }
	for _, c := range []struct {
		name                   string
		pvKW, unservedKW, f, t float64 // t: offsets held, tCO2e
		clean                  bool
		target                 Stage
		indicator              string
		margin                 float64
		met                    bool // the binding condition's
	}{
		// Emissions 40 % of the baseline against 70 %, and the
		// non-renewable share 40 % against 70 %: 3/7 each, the first kept.
		{"low-carbon, 60 % PV", 60, 0, 0.5, 0, false, LowCarbon, IndicatorEmissions, 3.0 / 7, true},
		// 30 % PV: exactly at both limits.
		{"low-carbon at the limit", 30, 0, 0.5, 0, false, LowCarbon, IndicatorEmissions, 0, true},
		// 20 % PV: 80 % against 70 % on both routes.
		{"low-carbon missed", 20, 0, 0.5, 0, false, LowCarbon, IndicatorEmissions, -1.0 / 7, false},
		// 0.08 kWh unserved: 0.08 % against 0.1 % leaves 0.2 < 3/7.
		{"low-carbon, unserved binds", 60, 0.08, 0.5, 0, false, LowCarbon, "unserved load", 0.2, true},
		// A clean grid, 0.01 kg/kWh: 20 % PV misses both routes (80 %
		// against 70 %), but the residual of 0.8 kg is 0.0651 tCO2/tce
		// against 0.2: the ledger grants near-zero, so low-carbon holds
		// on the core indicator.
		{"low-carbon on near-zero's indicator, a clean grid", 20, 0, 0.01, 0, false, LowCarbon, IndicatorCarbonPerTce, core(0.8), true},
		// The clean share required too: 80 % non-clean against 10 %
		// (−7) leaves near-zero missed, and with it low-carbon (the
		// routes' −1/7, the emissions first).
		{"low-carbon, a clean grid, the clean share missed", 20, 0, 0.01, 0, true, LowCarbon, IndicatorEmissions, -1.0 / 7, false},
		// 0.2 % unserved against 0.1 %: −1.
		{"unserved over the tolerance", 60, 0.2, 0.5, 0, false, LowCarbon, "unserved load", -1, false},
		// Residual 20 kg: 1.627 tCO2/tce against 0.2.
		{"near-zero missed", 60, 0, 0.5, 0, false, NearZeroCarbon, IndicatorCarbonPerTce, core(20), false},
		// Residual 0.05 kg: 0.0041 tCO2/tce against 0.2.
		{"near-zero met", 95, 0, 0.01, 0, false, NearZeroCarbon, IndicatorCarbonPerTce, core(0.05), true},
		// The clean share required: 5 % non-clean against 10 %.
		{"near-zero, clean share binds", 95, 0, 0.01, 0, true, NearZeroCarbon, IndicatorNonClean, 0.5, true},
		// 40 % non-clean against 10 %: −3 (tighter than the core's).
		{"near-zero, clean share missed", 60, 0, 0.002, 0, true, NearZeroCarbon, IndicatorNonClean, -3, false},
		// Residual 0.05 kg = 5e-5 t against 1e-4 t held.
		{"zero-carbon, offsets bind", 95, 0, 0.01, 1e-4, false, ZeroCarbon, IndicatorResidual, 0.5, true},
		// 5e-5 t against 4e-5 t held.
		{"zero-carbon, offsets short", 95, 0, 0.01, 4e-5, false, ZeroCarbon, IndicatorResidual, -0.25, false},
		// Nothing held, a residual: the limit of 0 missed.
		{"zero-carbon, nothing held", 95, 0, 0.01, 0, false, ZeroCarbon, IndicatorResidual, -1, false},
		// All PV, nothing emitted, nothing held: every condition has all
		// its room, the limit of 0 met; the unserved load comes first.
		{"zero-carbon, nothing emitted", 100, 0, 0.5, 0, false, ZeroCarbon, "unserved load", 1, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, cfg := oneHourLedger(t, c.pvKW, c.unservedKW, c.f, c.t, c.clean)
			got, ok := r.BindingCondition(c.target, cfg)
			require.True(t, ok)
			assert.Equal(t, c.indicator, got.Indicator)
			assert.InDelta(t, c.margin, got.Margin, 1e-9)
			assert.Equal(t, c.met, got.Met)
			assert.Equal(t, r.Stage.Rank() >= c.target.Rank(), got.Margin >= 0, "margin ≥ 0 exactly when the ledger grants %s (it granted %s)", c.target, r.Stage)
			for _, group := range r.StageConditions(c.target, cfg) {
				for _, cond := range group {
					if cond.Limit > 0 {
						assert.InDelta(t, 1-cond.Value/cond.Limit, cond.Margin, 1e-12, "%s: the figures give the margin", cond.Indicator)
					}
					assert.Equal(t, cond.Met, cond.Margin >= 0, "%s: met exactly when its margin is ≥ 0", cond.Indicator)
				}
			}
		})
	}
}

// Which conditions each stage has: unserved load always; low-carbon its
// two routes or near-zero's indicators, as groups {routes, core} and,
// when the clean share is required, {routes, clean share}; near-zero the
// core indicator and, when required, the clean share; zero-carbon those
// and the offsets.
func TestStageConditionsPerStage(t *testing.T) {
	r, cfg := oneHourLedger(t, 60, 0, 0.5, 0, true)
	names := func(st Stage) [][]string {
		var out [][]string
		for _, g := range r.StageConditions(st, cfg) {
			var n []string
			for _, c := range g {
				n = append(n, c.Indicator)
			}
			out = append(out, n)
		}
		return out
	}
	assert.Nil(t, names(Conventional))
	assert.Nil(t, names(Stage("net-zero")))
	assert.Equal(t, [][]string{{"unserved load"}, {IndicatorEmissions, IndicatorNonRenewable, IndicatorCarbonPerTce},
		{IndicatorEmissions, IndicatorNonRenewable, IndicatorNonClean}}, names(LowCarbon))
	assert.Equal(t, [][]string{{"unserved load"}, {IndicatorCarbonPerTce}, {IndicatorNonClean}}, names(NearZeroCarbon))
	assert.Equal(t, [][]string{{"unserved load"}, {IndicatorCarbonPerTce}, {IndicatorNonClean}, {IndicatorResidual}}, names(ZeroCarbon))
	cfg.RequireCleanShare = false
	assert.Equal(t, [][]string{{"unserved load"}, {IndicatorCarbonPerTce}}, names(NearZeroCarbon))
	assert.Equal(t, [][]string{{"unserved load"}, {IndicatorEmissions, IndicatorNonRenewable, IndicatorCarbonPerTce}}, names(LowCarbon))
	_, ok := r.BindingCondition(Conventional, cfg)
	assert.False(t, ok)
	var nilReport *Report
	assert.Nil(t, nilReport.StageConditions(ZeroCarbon, cfg))
}

// Every group holding is the ledger granting the stage, over a grid of
// one-hour ledgers (oneHourLedgerOf): PV 0–100 %, unserved load within
// and over the tolerance, grids from clean to coal-like, offsets none to
// plenty, certificates none or covering the import (they raise the clean
// share, not the renewable share nor the reduction), the clean share
// required or not. The ledger's stage (judge) is the oracle, not the
// groups: low-carbon is E or R or (C and S), which the groups {E, R, C},
// {E, R, S} must agree with on every corner, among them low-carbon
// granted on near-zero's indicators alone (both routes missed), which
// the grid is checked to reach with and without the clean share
// required.
func TestStageConditionsAgreeWithLedger(t *testing.T) {
	onlyNearZero := map[bool]int{} // low-carbon granted with both routes missed, by RequireCleanShare
	for pv := 0.0; pv <= 100; pv += 5 {
		for _, u := range []float64{0, 0.08, 0.2} {
			if pv+u > 100 {
				continue // more than the load
			}
			for _, f := range []float64{0.002, 0.01, 0.05, 0.5} {
				for _, held := range []float64{0, 1e-4, 1} {
					for _, certs := range []float64{0, 0.1} {
						for _, clean := range []bool{false, true} {
							cfg := DefaultLedgerConfig()
							cfg.OffsetsHeldTCO2e, cfg.CertificatesHeldMWh, cfg.RequireCleanShare = held, certs, clean
							r := oneHourLedgerOf(t, pv, u, f, cfg)
							what := fmt.Sprintf("PV %g, unserved %g, %g kg/kWh, %g t held, %g MWh certificates, clean share required %t: ledger %s",
								pv, u, f, held, certs, clean, r.Stage)
							for _, target := range []Stage{LowCarbon, NearZeroCarbon, ZeroCarbon} {
								granted := r.Stage.Rank() >= target.Rank()
								all := true
								for _, group := range r.StageConditions(target, cfg) {
									any := false
									for _, c := range group {
										any = any || c.Met
									}
									all = all && any
								}
								assert.Equal(t, granted, all, "%s: every %s group holding", what, target)
								c, ok := r.BindingCondition(target, cfg)
								require.True(t, ok)
								assert.Equal(t, granted, c.Margin >= 0, "%s: %s's margin %g (%s)", what, target, c.Margin, c.Indicator)
							}
							b := r.StageBasis
							if r.Stage.Rank() >= LowCarbon.Rank() && b.ReductionVsBaseline < cfg.LowCarbonReductionMin &&
								r.RenewableShare < cfg.LowCarbonRenewableShareMin {
								onlyNearZero[clean]++
							}
						}
					}
				}
			}
		}
	}
	assert.Positive(t, onlyNearZero[false], "low-carbon on the core indicator alone")
	assert.Positive(t, onlyNearZero[true], "low-carbon on the core indicator and the clean share alone")
}

// A park that consumes nothing (no load in the period): its carbon per
// unit energy is 0, within the limit, but the ledger counts the core
// indicator missed (there is nothing to judge) and grants conventional.
// The condition says so: not met, margin −1, and the stage margin is
// negative, as the stage is not granted. Before the conditions took the
// ledger's judgement (StageBasis.CoreMet) they said met, margin 1.
func TestStageConditionsNothingConsumed(t *testing.T) {
	p := &model.Park{Name: "idle", Loads: []model.Load{{Name: "t", Column: "t"}},
		PV: []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}}, Grid: grid(1000, 0)}
	pr := profiles(p, [][]float64{{0}}, [][]float64{{0}}, nil, []float64{0.5})
	s := periodSchedule(p, pr)
	s.fillEmissions()
	require.NoError(t, s.Check(p))
	cfg := DefaultLedgerConfig()
	r := mustAccount(t, p, s, cfg)
	require.Zero(t, r.Energy.Consumption)
	require.Equal(t, Conventional, r.Stage)
	require.False(t, r.StageBasis.CoreMet)
	for _, target := range []Stage{NearZeroCarbon, ZeroCarbon} {
		c, ok := r.BindingCondition(target, cfg)
		require.True(t, ok)
		assert.Equal(t, IndicatorCarbonPerTce, c.Indicator, "%s", target)
		assert.False(t, c.Met, "%s", target)
		assert.Equal(t, -1.0, c.Margin, "%s", target)
	}
}

func ExampleReport_BindingCondition() {
	r := &Report{Stage: NearZeroCarbon, RenewableShare: 0.9}
	r.StageBasis.CarbonPerTce, r.StageBasis.CarbonPerTceMax = 0.17, 0.2
	r.StageBasis.CoreMet = true // the ledger's judgement of the figures
	c, _ := r.BindingCondition(NearZeroCarbon, DefaultLedgerConfig())
	fmt.Printf("%s %.2f ≤ %.2f %s: margin %.0f %%, met %t\n", c.Indicator, c.Value, c.Limit, c.Unit, 100*c.Margin, c.Met)
	// Output:
	// carbon per unit energy 0.17 ≤ 0.20 tCO2/tce: margin 15 %, met true
}

// Where the large parks' limit is the stricter and a run consumes below
// the line, its stage holds while the consumption stays below the line
// or, across it, while carbon per unit energy is within the large parks'
// limit: the margin is max(min(1 − E/L, 1 − r/θ), 1 − r/θ_large), by
// hand on the hour above at 8,760 times its consumption a year, the line
// 1 % above it (QA Z2, session 38: the margin said 38.6 % of room for a
// design 1 % of consumption from losing its stage).
func TestStageConditionsLargeParkLine(t *testing.T) {
	const e = 100 * 0.1229 / 1000 * 8760 // tce a year
	cfg := DefaultLedgerConfig()
	cfg.CarbonPerTceMax, cfg.CarbonPerTceMaxLarge, cfg.LargeParkTcePerYear = 0.5, 0.3, e/0.99
	pvFor := func(ratio float64) float64 { return 100 - ratio*100*0.1229/0.1 } // residual (100 − a) × 0.1 kg per 0.01229 tce
	for _, c := range []struct {
		ratio     float64
		indicator string
		margin    float64
	}{
		{0.307, IndicatorLargeParkLine, 0.01},         // min(0.386, max(0.01, −0.023))
		{0.25, IndicatorCarbonPerTce, 1 - 0.25/0.3},   // min(0.5, max(0.01, 0.167))
		{0.45, IndicatorLargeParkLine, 0.01},          // min(0.1, max(0.01, −0.5))
		{0.497, IndicatorCarbonPerTce, 1 - 0.497/0.5}, // min(0.006, …)
	} {
		r := oneHourLedgerOf(t, pvFor(c.ratio), 0, 0.1, cfg)
		require.InDelta(t, c.ratio, r.StageBasis.CarbonPerTce, 1e-9)
		require.Equal(t, 0.5, r.StageBasis.CarbonPerTceMax, "judged below the line")
		require.Equal(t, NearZeroCarbon, r.Stage)
		got, ok := r.BindingCondition(NearZeroCarbon, cfg)
		require.True(t, ok)
		assert.Equal(t, c.indicator, got.Indicator, "ratio %v", c.ratio)
		assert.InDelta(t, c.margin, got.Margin, 1e-9, "ratio %v", c.ratio)
		low, _ := r.BindingCondition(LowCarbon, cfg)
		assert.GreaterOrEqual(t, low.Margin, 0.0, "ratio %v: low-carbon holds", c.ratio)
	}
	// The mirror (QA F1): the large parks' limit the looser, as by
	// default, and the run 2 % above the line, judged by it: the room is
	// max(min(1 − L/E, 1 − r/θ_large), 1 − r/θ).
	above := DefaultLedgerConfig()
	above.CarbonPerTceMax, above.CarbonPerTceMaxLarge, above.LargeParkTcePerYear = 0.3, 0.5, e/1.02
	for _, c := range []struct {
		ratio     float64
		indicator string
		margin    float64
	}{
		{0.2938, IndicatorCarbonPerTce, 1 - 0.2938/0.3}, // max(min(0.0196, 0.412), 0.0207)
		{0.25, IndicatorCarbonPerTce, 1 - 0.25/0.3},     // max(min(0.0196, 0.5), 0.167)
		{0.4, IndicatorLargeParkLineAbove, 1 - 1/1.02},  // max(min(0.0196, 0.2), −0.333)
		{0.499, IndicatorCarbonPerTce, 1 - 0.499/0.5},   // min(0.002, …)
	} {
		r := oneHourLedgerOf(t, pvFor(c.ratio), 0, 0.1, above)
		require.Equal(t, 0.5, r.StageBasis.CarbonPerTceMax, "judged above the line")
		got, ok := r.BindingCondition(NearZeroCarbon, above)
		require.True(t, ok)
		assert.Equal(t, c.indicator, got.Indicator, "ratio %v", c.ratio)
		assert.InDelta(t, c.margin, got.Margin, 1e-9, "ratio %v", c.ratio)
	}
	// The defaults on a park below the line, and a run judged by the
	// stricter limit already: the core condition alone.
	for _, led := range []LedgerConfig{DefaultLedgerConfig(), func() LedgerConfig { l := cfg; l.LargeParkTcePerYear = e / 1.01; return l }()} {
		r := oneHourLedgerOf(t, pvFor(0.15), 0, 0.1, led)
		assert.Len(t, r.StageConditions(NearZeroCarbon, led), 2, "unserved and the core condition")
	}
}

// The core limit by consumption: the large parks' from the line up.
func TestCarbonPerTceMaxAt(t *testing.T) {
	c := DefaultLedgerConfig()
	assert.Equal(t, DefaultCarbonPerTceMax, c.CarbonPerTceMaxAt(DefaultLargeParkTcePerYear*0.999))
	assert.Equal(t, DefaultCarbonPerTceMaxLarge, c.CarbonPerTceMaxAt(DefaultLargeParkTcePerYear))
	assert.NotEqual(t, DefaultCarbonPerTceMax, DefaultCarbonPerTceMaxLarge, "the test tells the two apart")
}
