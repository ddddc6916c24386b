package results_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// macFrontier is sampleFrontier with a marginal abatement cost at every
// point but the first (a real 0 at point 1: its bound does not bind) and
// energy figures on every point, distinct per column and row so that a
// column read into another's field shows.
func macFrontier() []results.FrontierRow {
	rows := sampleFrontier()
	rows[1].MarginalCostPerTCO2e, rows[2].MarginalCostPerTCO2e = ptr(0), ptr(1712.5)
	for i := range rows {
		b := float64(1000 * (i + 1))
		rows[i].Energy = &results.DesignEnergy{
			LoadServedKWhPerYear: b + 1, GridImportKWhPerYear: b + 2, GridExportKWhPerYear: b + 3, PVKWhPerYear: b + 4,
			WindKWhPerYear: b + 5, CurtailedKWhPerYear: b + 6, BatteryLossesKWhPerYear: b + 7, BatteryStoredChangeKWhPerYear: -(b + 8),
			CHPKWhPerYear: b + 9, HeatPumpElectricityKWhPerYear: b + 10, ElectricBoilerElectricityKWhPerYear: b + 11,
			FuelKWhLHVPerYear: b + 12.5, HeatServedKWhThPerYear: b + 13, HeatPumpHeatKWhThPerYear: b + 14,
			ElectricBoilerHeatKWhThPerYear: b + 15, FuelBoilerHeatKWhThPerYear: b + 16, CHPHeatKWhThPerYear: b + 17,
			PurchasedHeatKWhThPerYear: b + 18, ThermalStorageLossesKWhThPerYear: b + 19, ThermalStoredChangeKWhThPerYear: b + 20,
		}
		rows[i].Digests = results.Digests{ParkSHA256: strings.Repeat("ab", 32), SeriesSHA256: strings.Repeat("0c", 32)}
	}
	return rows
}

// frontier.csv carries the marginal abatement cost (an empty cell where
// it is not defined, "0" for a real 0) and roadmap.csv's energy columns,
// by the same names and in the same order, between the unit counts and
// warnings, and gives them back as written.
func TestFrontierMarginalCostAndEnergyRoundTrip(t *testing.T) {
	cols := results.FrontierColumns()
	i := slices.Index(cols, results.ColMarginalCostPerTCO2e)
	require.Positive(t, i)
	assert.Equal(t, "add_fuel_boiler_units", cols[i-1])
	var energy []string
	for _, c := range results.RoadmapColumns() {
		if c == "load_served_kwh_per_year" || len(energy) > 0 && len(energy) < 21 {
			energy = append(energy, c)
		}
	}
	require.Len(t, energy, 21)
	assert.Equal(t, "thermal_stored_change_kwh_th_per_year", energy[20])
	assert.Equal(t, energy, cols[i+1:i+22], "roadmap.csv's energy columns")
	assert.Equal(t, []string{"add_grid_kw", "add_grid_units", results.ColInvestment, results.ColIncentives,
		"full_series_total_cost_per_year", "full_series_cost_error_fraction", "full_series_stage", "full_series_unreachable",
		"full_series_least_residual_tco2e_per_year", "full_series_residual_tco2e_per_year",
		results.ColParkSHA256, results.ColSeriesSHA256, "full_series_carbon_tco2_per_tce", "full_series_clean_share_fraction",
		results.ColCurrency, results.ColDesignParkFile, results.ColWarnings}, cols[i+22:])

	rows := macFrontier()
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	recs, err := csv.NewReader(bytes.NewReader(b.Bytes())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, []string{"", "0", "1712.5"}, []string{recs[1][i], recs[2][i], recs[3][i]})
	assert.Equal(t, "2012.5", recs[2][slices.Index(cols, "fuel_kwh_lhv_per_year")])
	got, err := results.ReadFrontierCSV(bytes.NewReader(b.Bytes()), "frontier.csv")
	require.NoError(t, err)
	assert.Equal(t, rows, got)
	assert.Nil(t, got[0].MarginalCostPerTCO2e, "empty: not defined, never 0")
	require.NotNil(t, got[1].MarginalCostPerTCO2e)
	assert.Zero(t, *got[1].MarginalCostPerTCO2e)

	// A cell that is not a number is refused by name and line.
	recs[3][i] = "cheap"
	var bad bytes.Buffer
	require.NoError(t, csv.NewWriter(&bad).WriteAll(recs))
	_, err = results.ReadFrontierCSV(&bad, "frontier.csv")
	var fe *results.FileError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, results.FileError{File: "frontier.csv", Line: 4, Column: results.ColMarginalCostPerTCO2e, Value: "cheap", Reason: "not a number"}, *fe)
}

// A frontier.csv written before the marginal cost and the energy columns
// (and before warnings) still reads: those figures not known (nil), every
// other as written. A column that was never optional is still missed, and
// a row giving some energy cells and not others is refused.
func TestFrontierCSVWithoutNewColumns(t *testing.T) {
	rows := macFrontier()
	rows[1].Warnings = []string{settledWarning}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	full := b.String()
	energy := map[string]bool{}
	for _, c := range results.FrontierColumns() {
		if strings.HasSuffix(c, "_per_year") && !strings.HasPrefix(c, "epsilon") && !strings.HasPrefix(c, "residual") &&
			!strings.Contains(c, "cost") && c != "capital_per_year" && c != "fixed_om_per_year" && !strings.HasPrefix(c, "full_series_") {
			energy[c] = true
		}
	}
	require.Len(t, energy, 21)
	for _, c := range []struct {
		name              string
		drop              func(string) bool
		mac, en, warnings bool // what the file still has
		digests           bool
	}{
		{"without the marginal cost", func(n string) bool { return n == results.ColMarginalCostPerTCO2e }, false, true, true, true},
		{"without energy", func(n string) bool { return energy[n] }, true, false, true, true},
		{"as written before both", func(n string) bool { return energy[n] || n == results.ColMarginalCostPerTCO2e }, false, false, true, true},
		{"as written before warnings", func(n string) bool {
			return energy[n] || n == results.ColMarginalCostPerTCO2e || n == results.ColWarnings
		}, false, false, false, true},
		{"as written before the digests", func(n string) bool {
			return n == results.ColParkSHA256 || n == results.ColSeriesSHA256
		}, true, true, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := dropCols(t, full, c.drop)
			got, err := results.ReadFrontierCSV(strings.NewReader(text), "old.csv")
			require.NoError(t, err)
			require.Len(t, got, len(rows))
			for k := range got {
				want := rows[k]
				if !c.mac {
					want.MarginalCostPerTCO2e = nil
				}
				if !c.en {
					want.Energy = nil
				}
				if !c.warnings {
					want.Warnings = nil
				}
				if !c.digests {
					want.Digests = results.Digests{}
				}
				assert.Equal(t, want, got[k], "point %d", k)
			}
		})
	}
	_, err := results.ReadFrontierCSV(strings.NewReader(dropCols(t, full, func(n string) bool { return n == "add_fuel_boiler_kw_th" })), "bad.csv")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), "add_fuel_boiler_kw_th")

	recs, err := csv.NewReader(strings.NewReader(full)).ReadAll()
	require.NoError(t, err)
	j := slices.Index(recs[0], "chp_heat_kwh_th_per_year")
	recs[2][j] = ""
	var part bytes.Buffer
	require.NoError(t, csv.NewWriter(&part).WriteAll(recs))
	_, err = results.ReadFrontierCSV(&part, "frontier.csv")
	var fe *results.FileError
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, "chp_heat_kwh_th_per_year", fe.Column)
	assert.Equal(t, 3, fe.Line)

	// A digest that is not one is refused by name and line.
	recs, err = csv.NewReader(strings.NewReader(full)).ReadAll()
	require.NoError(t, err)
	recs[1][slices.Index(recs[0], results.ColSeriesSHA256)] = "abc"
	var short bytes.Buffer
	require.NoError(t, csv.NewWriter(&short).WriteAll(recs))
	_, err = results.ReadFrontierCSV(&short, "frontier.csv")
	require.True(t, errors.As(err, &fe), "%v", err)
	assert.Equal(t, results.FileError{File: "frontier.csv", Line: 2, Column: results.ColSeriesSHA256, Value: "abc", Reason: "not a SHA-256 digest (64 hex digits)"}, *fe)
}

// The printed frontier shows each point's marginal cost per tCO2e, n/a
// where it is not defined and 0.0 for a real 0, and says what it is.
func TestWriteFrontierMarginalCost(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontier(&b, macFrontier(), "USD", false))
	out := b.String()
	head := tableRow(t, out, "Cost–carbon frontier", "point")
	assert.Equal(t, []string{"marginal", "cost", "per", "tCO2e"}, head[slices.Index(head, "marginal"):slices.Index(head, "marginal")+4])
	for point, want := range []string{results.NotDefined, "0.0", "1,712.5"} {
		row := tableRow(t, out, "Cost–carbon frontier", []string{"0", "1", "2"}[point])
		assert.Equal(t, want, row[4], "point %d", point)
	}
	assert.Contains(t, out, "  marginal cost per tCO2e: what tightening the bound by a tCO2e a year adds to the cost a year")
}
