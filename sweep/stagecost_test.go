package sweep

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// stageLedger requires the clean share and prices offsets at 30 and
// certificates at 2, with a little of each held.
func stageLedger() dispatch.LedgerConfig {
	led := dispatch.DefaultLedgerConfig()
	led.RequireCleanShare = true
	led.OffsetPricePerTCO2e, led.CertificatePricePerMWh = 30, 2
	led.OffsetsHeldTCO2e, led.CertificatesHeldMWh = 0.01, 0.5
	return led
}

// stageSweep sweeps planPark's PV and battery under stageLedger into a
// file and returns its path, the scenario, space and configuration.
func stageSweep(t *testing.T) (string, *scenario.Scenario, *Space, dispatch.Config) {
	t.Helper()
	p, set := planPark()
	sc, err := scenario.New("plan cost", p, set)
	require.NoError(t, err)
	sp := mustSpace(t, "pv.capacity_kwp=0:1000:250", "battery.energy_kwh=0,1500,3000", "battery.power_kw=300")
	cfg := dispatch.DefaultConfig()
	cfg.Ledger = stageLedger()
	out := filepath.Join(t.TempDir(), "sweep.csv")
	_, err = Run(context.Background(), sc, sp, out, Options{Policy: dispatch.Perfect, Config: &cfg, Workers: 2})
	require.NoError(t, err)
	return out, sc, sp, cfg
}

// The plan's optimum of each stage costs no more than any swept design's
// cost to that stage (cost_to_…), each design's stage cost is its run
// plus what it buys, and the cheapest per stage is the least of the
// column.
func TestSweepStageCostsAgainstPlanAndRun(t *testing.T) {
	out, sc, _, cfg := stageSweep(t)
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	p, set := planPark()
	opt := plan.DefaultOptions()
	opt.Ledger = cfg.Ledger
	m, err := plan.New(p, set, opt)
	require.NoError(t, err)
	defer m.Close()
	costs, err := p.CapacityCosts()
	require.NoError(t, err)
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	cols := map[dispatch.Stage]string{dispatch.LowCarbon: results.ColCostToLowCarbonPerYear,
		dispatch.NearZeroCarbon: results.ColCostToNearZeroCarbonPerYear, dispatch.ZeroCarbon: results.ColCostToZeroCarbonPerYear}
	for i, st := range dispatch.Stages()[1:] {
		d, err := m.Plan(st)
		require.NoError(t, err, st)
		least, reached := math.Inf(1), 0
		for _, r := range tab.Rows {
			v, err := tab.Text(r, cols[st])
			require.NoError(t, err)
			if v == "" {
				continue
			}
			reached++
			c, err := tab.Float(r, cols[st])
			require.NoError(t, err)
			least = math.Min(least, c)
			// The sweep dispatches carbon first and the plan cost first,
			// so a design's operation may cost the sweep a little more;
			// never less than the plan's optimum.
			assert.GreaterOrEqual(t, c, d.TotalCostPerYear*(1-1e-6), "%s: combination %d beats the plan", st, r.Combination)
		}
		require.Positive(t, reached, st)
		pk := picks[i+1]
		require.True(t, pk.Found, st)
		assert.Equal(t, least, pk.Costs.Total, st)
		t.Logf("%s: plan %.2f, cheapest swept %.2f (combination %d, own stage %s), %d of %d rows reach it",
			st, d.TotalCostPerYear, least, pk.Row.Combination, pk.Reached, reached, len(tab.Rows))

		// The pick's cost is its park run on its own (what `zeropark run`
		// does) plus what the stage buys, by hand.
		vs, err := tab.ParamValues(pk.Row)
		require.NoError(t, err)
		pp := clonePark(p)
		c2 := cfg
		sp := mustSpace(t, "pv.capacity_kwp="+results.FormatNumber(vs[0]), "battery.energy_kwh="+results.FormatNumber(vs[1]), "battery.power_kw=300")
		require.NoError(t, Apply(pp, &c2, sp.Axes, vs))
		prof, err := model.Resolve(pp, set)
		require.NoError(t, err)
		res, err := sc.Variant("pick", pp, prof).Run(dispatch.Perfect, c2)
		require.NoError(t, err)
		rep := res.Report
		years := float64(rep.Steps) * rep.StepMinutes / 60 / 8760
		ac, err := results.AnnualCostsOf(costs, cfg.Ledger, pp, res.Schedule, &rep)
		require.NoError(t, err)
		buy := 0.0
		b := rep.StageBasis
		if st.Rank() >= dispatch.NearZeroCarbon.Rank() || rep.Stage.Rank() < st.Rank() {
			if b.CleanShare < b.CleanShareMin {
				buy += (b.CleanShareMin - b.CleanShare) * b.ConsumptionTce / cfg.Ledger.KgcePerKWh * 2
			}
		}
		if st == dispatch.ZeroCarbon {
			buy += math.Max(rep.ResidualKgCO2e/1000-0.01, 0) * 30
		}
		want := ac.CapitalPerYear + ac.FixedOMPerYear + (rep.EnergyCost+rep.DemandChargeCost+rep.WearCost)/years + buy/years
		assert.InDelta(t, want, pk.Costs.Total, 1e-9*want, st)
	}
}

// A file written before the stage columns: merged with another such file
// it stays in its layout and ranks as then (saying so); resumed by the
// same sweep it runs nothing again and becomes the file a sweep writes
// now, its stage cells worked out from its own.
func TestOlderFileWithoutStageColumns(t *testing.T) {
	out, sc, sp, cfg := stageSweep(t)
	now, err := os.ReadFile(out)
	require.NoError(t, err)
	older := withoutStageColumns(t, now)
	require.NotContains(t, string(older), results.ColCostToZeroCarbonPerYear)

	// Merge two halves of the older file.
	dir := t.TempDir()
	lines := strings.SplitAfter(string(older), "\n")
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(a, []byte(strings.Join(lines[:4], "")), 0o644))
	require.NoError(t, os.WriteFile(b, []byte(lines[0]+strings.Join(lines[4:], "")), 0o644))
	merged := filepath.Join(dir, "merged.csv")
	_, err = Merge(merged, a, b)
	require.NoError(t, err)
	got, err := os.ReadFile(merged)
	require.NoError(t, err)
	assert.Equal(t, string(older), string(got), "merged in the layout it was written in")
	tab, err := results.ReadTable(merged)
	require.NoError(t, err)
	assert.False(t, tab.StageCosts())
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	var w bytes.Buffer
	require.NoError(t, results.WriteCheapest(&w, tab, picks, nil))
	assert.Contains(t, w.String(), "written before zeropark priced each stage")

	// Resumed: nothing runs again, and the file is today's.
	path := filepath.Join(dir, "resume.csv")
	require.NoError(t, os.WriteFile(path, older, 0o644))
	st, err := Run(context.Background(), sc, sp, path, Options{Policy: dispatch.Perfect, Config: &cfg, Workers: 1})
	require.NoError(t, err)
	assert.Equal(t, 0, st.Done)
	assert.Equal(t, sp.Len(), st.Skipped)
	got, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(now), string(got))
}

// withoutStageColumns drops results.StageColumns (and the investment,
// added after them) from a results file, as a zeropark before them wrote
// it.
func withoutStageColumns(t *testing.T, data []byte) []byte {
	t.Helper()
	return withoutColumns(t, data, slices.Concat(results.StageColumns(), results.InvestmentColumns(), results.CurrencyColumns(), results.PriceColumns()))
}

// withoutColumns drops the columns drop from a results file.
func withoutColumns(t *testing.T, data []byte, drop []string) []byte {
	t.Helper()
	tab, err := results.ParseTable(data, "now.csv")
	require.NoError(t, err)
	var keep []int
	for i, h := range tab.Header {
		if !slices.Contains(drop, h) {
			keep = append(keep, i)
		}
	}
	require.Less(t, len(keep), len(tab.Header), "the file has the columns to drop")
	pick := func(f []string) []string {
		out := make([]string, len(keep))
		for i, k := range keep {
			out[i] = f[k]
		}
		return out
	}
	var rows []results.Row
	for _, r := range tab.Rows {
		rows = append(rows, results.Row{Combination: r.Combination, Fields: pick(r.Fields)})
	}
	return results.EncodeTable(pick(tab.Header), rows)
}
