package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// Each design of a heat park's roadmap splits its residual and its
// consumption by carrier, and the split recomputes the stage indicators
// (QA, 2026-12-05): residual = grid + fuel + heat bought, consumption =
// electricity + fuel + heat bought, carbon per tce and the clean share
// from them, and the fuels, one by one, add up to the fuel columns.
func TestRoadmapSourcesRecomputeTheIndicators(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	code, _, errOut := cli(t, "plan", "--demo", "greensboro-heat", "--limit-hours", "168", "--no-check", "--out", dir)
	require.Equal(t, exitOK, code, errOut)
	raw, err := os.ReadFile(filepath.Join(dir, results.RoadmapJSONFile))
	require.NoError(t, err)
	var rm results.Roadmap
	require.NoError(t, json.Unmarshal(raw, &rm))
	csvRows, err := results.ReadRoadmapCSV(mustOpen(t, filepath.Join(dir, results.RoadmapCSVFile)), "roadmap.csv")
	require.NoError(t, err)
	checked := 0
	for i, r := range rm.Rows {
		if r.Unreachable != "" {
			continue
		}
		s, ind := r.Sources, r.Indicators
		require.NotNil(t, s, r.Target)
		require.NotNil(t, ind, r.Target)
		rel := func(want, got float64, what string) {
			assert.InDelta(t, want, got, 1e-9*max(1, want), "%s: %s", r.Target, what)
		}
		rel(r.ResidualTCO2ePerYear, s.GridTCO2ePerYear+s.FuelTCO2ePerYear+s.PurchasedHeatTCO2ePerYear, "residual by source")
		rel(ind.ConsumptionTcePerYear, s.ElectricityTcePerYear+s.FuelTcePerYear+s.PurchasedHeatTcePerYear, "consumption by carrier")
		rel(ind.CarbonTCO2PerTce, r.ResidualTCO2ePerYear/ind.ConsumptionTcePerYear, "carbon per tce")
		rel(ind.CleanShare, s.CleanTcePerYear/ind.ConsumptionTcePerYear, "clean share")
		// Independently of the ledger's sums: the electricity's tce from
		// the design's own energy columns (GB/T 2589: bought + made − sent
		// out, at 0.1229 kgce/kWh).
		require.NotNil(t, r.Energy)
		e := r.Energy
		rel((e.GridImportKWhPerYear+e.PVKWhPerYear+e.WindKWhPerYear-e.GridExportKWhPerYear)*0.1229/1000,
			s.ElectricityTcePerYear, "electricity tce from the energy columns")
		require.NotEmpty(t, s.Fuels, "%s: the demo burns gas", r.Target)
		var kwh, tco2e, tce float64
		for _, f := range s.Fuels {
			kwh, tco2e, tce = kwh+f.KWhLHVPerYear, tco2e+f.TCO2ePerYear, tce+f.TcePerYear
			// Each fuel's carbon and tce from the catalogue's factors (the
			// demo's gas is the catalogue's).
			i := slices.IndexFunc(model.FuelCatalogue(), func(c model.CatalogueFuel) bool { return c.Name == f.Name })
			require.GreaterOrEqual(t, i, 0, f.Name)
			cf := model.FuelCatalogue()[i]
			rel(f.KWhLHVPerYear*cf.KgCO2ePerKWhLHV/1000, f.TCO2ePerYear, f.Name+"'s carbon")
			rel(f.KWhLHVPerYear*cf.KgcePerKWhLHV()/1000, f.TcePerYear, f.Name+"'s tce")
		}
		rel(r.Energy.FuelKWhLHVPerYear, kwh, "fuels' kWh")
		rel(s.FuelTCO2ePerYear, tco2e, "fuels' carbon")
		rel(s.FuelTcePerYear, tce, "fuels' tce")
		assert.Positive(t, s.FuelTCO2ePerYear+s.GridTCO2ePerYear, r.Target)
		// roadmap.csv has the same split (its fuels apart).
		want := *s
		want.Fuels = nil
		require.NotNil(t, csvRows[i].Sources, r.Target)
		assert.InDelta(t, want.GridTCO2ePerYear, csvRows[i].Sources.GridTCO2ePerYear, 1e-9*max(1, want.GridTCO2ePerYear))
		assert.InDelta(t, want.CleanTcePerYear, csvRows[i].Sources.CleanTcePerYear, 1e-9*max(1, want.CleanTcePerYear))
		checked++
	}
	assert.GreaterOrEqual(t, checked, 2, "today's park and a stage")
}

func mustOpen(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}
