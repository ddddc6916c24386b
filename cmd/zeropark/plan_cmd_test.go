package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
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
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// planPark is the small test park with a tariff and candidates: PV to
// 600 kWp, batteries to 1,000 kWh and 300 kW, at REopt's defaults.
var planPark = strings.Replace(testParkTariff, `"grid":`, `"economics": {"currency": "USD",
    "pv": {"max_total_kwp": 600}, "battery": {"max_total_kwh": 1000, "max_total_kw": 300}},
  "grid":`, 1)

// readPlanDir reads roadmap.csv and roadmap.json of a plan's --out.
func readPlanDir(t *testing.T, dir string) ([]results.RoadmapRow, *results.Roadmap) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, results.RoadmapCSVFile))
	require.NoError(t, err)
	defer f.Close()
	rows, err := results.ReadRoadmapCSV(f, results.RoadmapCSVFile)
	require.NoError(t, err)
	j, err := os.Open(filepath.Join(dir, results.RoadmapJSONFile))
	require.NoError(t, err)
	defer j.Close()
	rm, err := results.ReadRoadmapJSON(j, results.RoadmapJSONFile)
	require.NoError(t, err)
	return rows, rm
}

// readFrontierDir reads frontier.csv back from a plan frontier --out dir.
func readFrontierDir(t *testing.T, dir string) []results.FrontierRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, results.FrontierCSVFile))
	require.NoError(t, err)
	defer f.Close()
	pts, err := results.ReadFrontierCSV(f, results.FrontierCSVFile)
	require.NoError(t, err)
	return pts
}

// zeropark plan on a small park: the table, the files (read back), each
// design's park ready for run, and the costs adding up.
func TestPlanSmallPark(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	for _, want := range []string{"Capacity plan — test park", "Cheapest design for each stage: what to add",
		"What it costs a year (USD)", "today's park", "low-carbon", "near-zero-carbon", "zero-carbon",
		"Does each design hold its stage in operation?", "wrote into " + out} {
		assert.Contains(t, stdout, want)
	}
	for _, absent := range []string{"kW_th", "kWh_th", "fuel", "heat bought"} {
		assert.NotContains(t, stdout, absent, "an electricity-only park's tables have no heat columns")
	}
	rows, rm := readPlanDir(t, out)
	assert.False(t, rm.Heat)
	require.Len(t, rows, 4)
	require.Len(t, rm.Rows, 4)
	assert.Equal(t, []string{"today", "low-carbon", "near-zero-carbon", "zero-carbon"},
		[]string{rows[0].Target, rows[1].Target, rows[2].Target, rows[3].Target})
	assert.Equal(t, park, rm.ParkFile)
	assert.Equal(t, "USD", rm.Currency)
	for i, r := range rows {
		if r.Unreachable != "" {
			assert.Contains(t, stdout, strings.TrimPrefix(r.Unreachable, "plan: "), "the report says why")
			continue
		}
		// The file's rows are roadmap.json's.
		assert.Equal(t, rm.Rows[i].TotalCostPerYear, r.TotalCostPerYear)
		// The costs add up.
		assert.InDelta(t, r.CapitalPerYear+r.FixedOMPerYear+r.OperatingCostPerYear+r.OffsetCostPerYear+r.CertificateCostPerYear,
			r.TotalCostPerYear, 1e-6*math.Max(1, r.TotalCostPerYear))
		assert.InDelta(t, r.EnergyCostPerYear+r.DemandChargePerYear+r.WearCostPerYear, r.OperatingCostPerYear, 1e-6*math.Max(1, r.OperatingCostPerYear))
		// The stage indicators (roadmap.csv's, as roadmap.json's) are
		// the energy columns' by GB/T 2589: consumption = import + PV +
		// wind − export at 0.1229 kgce/kWh, carbon per tce the residual
		// over it.
		require.NotNil(t, r.Indicators, r.Target)
		assert.Equal(t, rm.Rows[i].Indicators, r.Indicators)
		e := r.Energy
		tce := (e.GridImportKWhPerYear + e.PVKWhPerYear + e.WindKWhPerYear - e.GridExportKWhPerYear) * 0.1229 / 1000
		assert.InDelta(t, tce, r.Indicators.ConsumptionTcePerYear, 1e-9*tce, r.Target)
		assert.InDelta(t, r.ResidualTCO2ePerYear/tce, r.Indicators.CarbonTCO2PerTce, 1e-9, r.Target)
		assert.Equal(t, 0.2, r.Indicators.CarbonTCO2PerTceMax)
		if dispatch.Stage(r.Stage).Reaches(dispatch.NearZeroCarbon) {
			assert.LessOrEqual(t, r.Indicators.CarbonTCO2PerTce, 0.2+1e-9, r.Target)
		}
		// Only additions cost capital: today's park has none.
		if r.Target == results.TodayTarget {
			assert.Zero(t, r.CapitalPerYear)
			assert.Equal(t, results.Capacities{}, r.Added)
			continue
		}
		assert.GreaterOrEqual(t, dispatch.Stage(r.Stage).Rank(), dispatch.Stage(r.Target).Rank(), "the plan's schedule reaches its target")
		// The checks ran, under both policies.
		require.Len(t, r.Checks, 2, r.Target)
		assert.Equal(t, dispatch.Perfect, r.Checks[0].Policy)
		// Each design's park: today's plus what was added, and run
		// through zeropark run under perfect foresight it reaches the
		// stage the check says.
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		p, err := model.LoadPark(pf)
		require.NoError(t, err, r.Target)
		assert.InDelta(t, 200+r.Added.PVKWp, p.Totals().PVKWp, 1e-6)
		assert.InDelta(t, r.Total.BatteryKWh, p.Totals().BatteryKWh, 1e-6)
		sum := runSummary(t, "--park", pf, "--series", series, "--policy", "perfect")
		assert.Equal(t, r.Check(dispatch.Perfect).Stage, sum.Stage, r.Target)
	}
	// roadmap.png is written with the set, listed in what was written,
	// and is the picture plot roadmap draws from the roadmap.json beside
	// it (the same bytes: one drawing of one roadmap).
	assert.Contains(t, stdout, results.RoadmapPNGFile)
	img, err := os.ReadFile(filepath.Join(out, results.RoadmapPNGFile))
	require.NoError(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	require.NoError(t, err)
	assert.Equal(t, 12*plots.DefaultDPI, cfg.Width, "12 inches at the default DPI")
	assert.Equal(t, 8*plots.DefaultDPI, cfg.Height, "8 inches")
	again := filepath.Join(t.TempDir(), "again.png")
	code, _, errOut = cli(t, "plot", "roadmap", "--in", out, "--out", again)
	require.Equal(t, exitOK, code, errOut)
	want, err := os.ReadFile(again)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, img), "plan's roadmap.png differs from plot roadmap's of its roadmap.json")

	// Costs never fall along the road.
	prev := rows[1].TotalCostPerYear
	for _, r := range rows[2:] {
		if r.Unreachable == "" {
			assert.GreaterOrEqual(t, r.TotalCostPerYear, prev-1e-6)
			prev = r.TotalCostPerYear
		}
	}

	// --json prints roadmap.json; --no-check skips the re-runs.
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--json", "--no-check")
	require.Equal(t, exitOK, code, errOut)
	back, err := results.ReadRoadmapJSON(strings.NewReader(stdout), "stdout")
	require.NoError(t, err)
	for _, r := range back.Rows {
		assert.Empty(t, r.Checks)
	}
	assert.Equal(t, rm.Rows[1].TotalCostPerYear, back.Rows[1].TotalCostPerYear, "the same plan")
}

// plan frontier: the points, frontier.csv (read back), the figures; cost
// never falls as the residual bound tightens.
func TestPlanFrontier(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	out := filepath.Join(t.TempDir(), "front")
	code, stdout, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--points", "4", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Cost–carbon frontier (ε-constraint on the annual residual; 4 points; USD a year)")
	assert.NotContains(t, stdout, "kW_th", "no heat columns without heat")
	pts := readFrontierDir(t, out)
	require.Len(t, pts, 4)
	for i := 1; i < len(pts); i++ {
		assert.Less(t, pts[i].EpsilonTCO2ePerYear, pts[i-1].EpsilonTCO2ePerYear)
		assert.LessOrEqual(t, pts[i].ResidualTCO2ePerYear, pts[i].EpsilonTCO2ePerYear*(1+1e-6)+1e-6, "within its bound")
		assert.GreaterOrEqual(t, pts[i].TotalCostPerYear, pts[i-1].TotalCostPerYear-1e-6)
	}
	img, err := os.ReadFile(filepath.Join(out, results.FrontierPNGFile))
	require.NoError(t, err)
	cfg, err := png.DecodeConfig(bytes.NewReader(img))
	require.NoError(t, err)
	assert.Equal(t, 1000, cfg.Width)
	svg, err := os.ReadFile(filepath.Join(out, results.FrontierSVGFile))
	require.NoError(t, err)
	assert.Contains(t, string(svg), "today&#39;s park")
	assert.NotContains(t, string(svg), "over the full series: bound", "no full-series points to draw")
	assert.NotContains(t, string(svg), "Open rings")
	rows, _ := readPlanDir(t, out)
	assert.Len(t, rows, 4, "the roadmap it marks is written too")
	for _, p := range pts {
		assert.Nil(t, p.Full, "over the full series there is nothing to measure against")
	}
	assert.NotContains(t, stdout, "over the full series, its capacities fixed")
}

// The zero-carbon stage from the command line: a demo park planned over
// a week, its near-zero-carbon design run with --offsets-held covering
// its residual, is zero-carbon; without them it stays near-zero; plan
// with the same holdings buys no offsets for zero-carbon.
func TestZeroCarbonWithOffsetsHeld(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := cli(t, "demo", "--out", dir, "--name", "texas2012")
	require.Equal(t, exitOK, code, errOut)
	park, series := filepath.Join(dir, "texas2012.park.json"), filepath.Join(dir, "texas2012.csv")
	out := filepath.Join(dir, "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--limit-hours", "168", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	// The zero-carbon park holds the week's offsets, not a year's: the
	// output says so where it names the files.
	assert.Contains(t, stdout, "park-zero-carbon.json holds in its market the offsets and certificates (held and bought) "+
		"for the period planned, 168 h (0.01918 years; the tables are per year): re-run over the same series and period")
	rows, _ := readPlanDir(t, out)
	nz := rows[2]
	require.Empty(t, nz.Unreachable, stdout)
	design := filepath.Join(out, results.DesignParkFile(dispatch.NearZeroCarbon))
	base := []string{"--park", design, "--series", series, "--limit-hours", "168", "--policy", "perfect"}
	without := runSummary(t, base...)
	require.Equal(t, dispatch.NearZeroCarbon, without.Stage, "the design holds near-zero under perfect foresight")
	require.Positive(t, without.OffsetsNeededTCO2e)
	held := results.FormatNumber(math.Ceil(without.ResidualKgCO2e/1000) + 1)
	with := runSummary(t, append(base, "--offsets-held", held)...)
	assert.Equal(t, dispatch.ZeroCarbon, with.Stage)
	assert.Zero(t, with.OffsetsNeededTCO2e)

	// The planner counts offsets held too: zero-carbon buys none beyond.
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--limit-hours", "168", "--no-check", "--json", "--offsets-held", "1000")
	require.Equal(t, exitOK, code, errOut)
	rm, err := results.ReadRoadmapJSON(strings.NewReader(stdout), "stdout")
	require.NoError(t, err)
	zc := rm.Rows[3]
	require.Empty(t, zc.Unreachable)
	assert.Equal(t, dispatch.ZeroCarbon, zc.Stage)
	assert.Zero(t, zc.OffsetsBoughtTCO2ePerYear)
	assert.Equal(t, 1000.0, rm.OffsetsHeldTCO2e)
}

// periodMarketNote names the design parks whose market holds offsets or
// certificates when the period is not one year: two years' are twice the
// tables' a year; a year of 8760 h (hourly or quarter-hourly) needs no
// note, nor does a park that holds nothing.
func TestPeriodMarketNote(t *testing.T) {
	holds := &model.Park{Market: &model.Market{OffsetsHeldTCO2e: 696.8}}
	none := &model.Park{}
	parks := map[dispatch.Stage]*model.Park{dispatch.NearZeroCarbon: none, dispatch.ZeroCarbon: holds}
	rm := &results.Roadmap{PlanPeriod: results.PlanPeriod{Steps: 17520, StepMinutes: 60}}
	assert.Equal(t, "  park-zero-carbon.json holds in its market the offsets and certificates (held and bought) for the period "+
		"planned, 17,520 h (2 years; the tables are per year): re-run over the same series and period", periodMarketNote(rm, parks, nil))
	parks[dispatch.LowCarbon] = &model.Park{Market: &model.Market{CertificatesHeldMWh: 10}}
	assert.Contains(t, periodMarketNote(rm, parks, nil), "  park-low-carbon.json, park-zero-carbon.json hold in their markets the offsets")
	for _, year := range []*results.Roadmap{{PlanPeriod: results.PlanPeriod{Steps: 8760, StepMinutes: 60}}, {PlanPeriod: results.PlanPeriod{Steps: 35040, StepMinutes: 15}}} {
		assert.Empty(t, periodMarketNote(year, parks, nil))
	}
	assert.Empty(t, periodMarketNote(rm, map[dispatch.Stage]*model.Park{dispatch.NearZeroCarbon: none}, map[int]*model.Park{0: none}))
	// A frontier point's park holds what the park planned holds, for the
	// period too.
	assert.Equal(t, "  park-point-2.json holds in its market the offsets and certificates (held and bought) for the period "+
		"planned, 17,520 h (2 years; the tables are per year): re-run over the same series and period",
		periodMarketNote(rm, nil, map[int]*model.Park{0: none, 2: holds}))
	assert.Contains(t, periodMarketNote(rm, parks, map[int]*model.Park{0: holds, 1: holds}),
		"  park-low-carbon.json, park-zero-carbon.json, the frontier points' park-point-K.json hold in their markets the offsets")
}

// A park without economics, and economics that cannot be planned with,
// are bad input naming the file; so are flags out of range.
func TestPlanBadInput(t *testing.T) {
	park, series := writeInputs(t, testPark, testSeries)
	code, _, errOut := cli(t, "plan", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, park)
	assert.Contains(t, errOut, "no economics object")

	// A candidate with no asset of its kind to extend.
	noWind := strings.Replace(planPark, `"pv": {"max_total_kwp": 600}`, `"wind": {"max_total_kw": 600}`, 1)
	park, series = writeInputs(t, noWind, testSeries)
	code, _, errOut = cli(t, "plan", "--park", park, "--series", series)
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Contains(t, errOut, "economics.wind.max_total_kw = 600: the park has no wind turbine")
	assert.Contains(t, errOut, park)

	park, series = writeInputs(t, planPark, testSeries)
	// An --out directory holding a file of the user's is refused before
	// anything is solved or printed (a full-year plan takes minutes), and
	// the file is left alone.
	mine := filepath.Join(t.TempDir(), "plan")
	require.NoError(t, os.MkdirAll(mine, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("mine"), 0o644))
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", mine)
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Empty(t, stdout, "refused before the plan is solved and printed")
	assert.Contains(t, errOut, "--out "+mine)
	assert.Contains(t, errOut, "notes.txt")
	assert.FileExists(t, filepath.Join(mine, "notes.txt"))

	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--margin", "0.95"}, "--margin 0.95: must be in [0, 0.9]"},
		{[]string{"--margin", "-0.1"}, "--margin -0.1: must be in [0, 0.9]"},
		{[]string{"--periods", "-1"}, "--periods -1: must be ≥ 0"},
		{[]string{"--solvers", "-1"}, "--solvers -1: must be in [0, 2]"},
		// The help says at most 2: a third would be silently unused.
		{[]string{"--solvers", "3"}, "--solvers 3: must be in [0, 2]"},
		// testSeries is one day of hourly steps: one typical day at most.
		{[]string{"--periods", "2"}, "--periods 2 (" + park + ", " + series + "): is more than the 1 full period of 24h0m0s in the series (24 steps of 1h0m0s)"},
		{[]string{"--periods", "2", "--period-length", "168h"}, "--period-length 168h0m0s (" + park + ", " + series + "): is longer than the series (24 steps of 1h0m0s)"},
		{[]string{"--periods", "2", "--period-length", "90m"}, "--period-length 1h30m0s (" + park + ", " + series + "): must be a positive whole number of series steps (1h0m0s)"},
		{[]string{"--periods", "2", "--period-length", "0"}, "--period-length 0s: must be positive"},
		{[]string{"--period-length", "12h"}, "--period-length 12h0m0s: needs --periods N"},
		{[]string{"frontier", "--period-length", "-24h", "--periods", "2"}, "--period-length -24h0m0s: must be positive"},
		{[]string{"--method", "magic"}, `--method "magic": want ipm, simplex or choose`},
		{[]string{"frontier", "--points", "1"}, "--points 1: must be in [2, 1000]"},
		{[]string{"--out", series}, "--out " + series + ": exists and is not a directory"},
		{[]string{"--storage-end", "forever"}, `--storage-end "forever": want cyclic or valued`},
		{[]string{"frontier", "--storage-end", "Valued"}, `--storage-end "Valued": want cyclic or valued`},
	} {
		args := append([]string{"plan"}, c.args...)
		if args[1] == "frontier" {
			args = append([]string{"plan", "frontier"}, c.args[1:]...)
		}
		code, stdout, errOut := cli(t, append(args, "--park", park, "--series", series)...)
		assert.Equal(t, exitBadInput, code, "%v: %s", c.args, errOut)
		assert.Empty(t, stdout)
		assert.Contains(t, errOut, c.want, c.args)
	}
	for _, h := range [][]string{{"plan", "--help"}, {"plan", "frontier", "--help"}, {"help", "plan"}} {
		code, out, _ := cli(t, h...)
		assert.Equal(t, exitOK, code, h)
		assert.Contains(t, out, "Usage:")
	}
	_, out, _ := cli(t, "plan", "frontier", "--help")
	assert.Contains(t, out, "--points")
	// Both commands say what --periods means by default.
	for _, h := range [][]string{{"plan", "--help"}, {"plan", "frontier", "--help"}} {
		_, out, _ := cli(t, h...)
		assert.Contains(t, out, "representative days by default, see --period-length", h)
		assert.Contains(t, out, "--period-length LENGTH", h)
		assert.Contains(t, out, "(default "+plan.DefaultPeriodLength.String()+")", h)
		assert.Contains(t, out, "--storage-end END", h)
		assert.Contains(t, out, "Use valued on a short series", h)
	}
}

// The --help of plan lists the columns of roadmap.csv and frontier.csv,
// and plan pathway's those of pathway.csv, as package results documents
// them.
func TestPlanHelpListsColumns(t *testing.T) {
	_, out, _ := cli(t, "plan", "frontier", "--help")
	for _, docs := range [][]results.ColumnDoc{results.RoadmapColumnDocs(), results.FrontierColumnDocs()} {
		assert.Contains(t, out, wrapHelp(results.ColumnsText(docs, "    "), helpWidth))
	}
	// The money columns' unit: neither file has a currency column.
	assert.Contains(t, out, "roadmap.csv, one row per design (today's park first; money in the park\n  file's currency, economics.currency")
	assert.Contains(t, out, "frontier.csv (money in the same currency)")
	// Every file --out writes is named, roadmap.png among them, in plan's
	// help and in the README's plan section.
	_, plain, _ := cli(t, "plan", "--help")
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	for _, name := range results.PlanFiles() {
		if strings.HasPrefix(name, "park-point-") {
			continue // plan frontier's, below
		}
		if strings.HasPrefix(name, "park-") {
			name = "park-<stage>.json" // --help names the pattern
			assert.Contains(t, string(readme), "park-near-zero-carbon.json")
		} else {
			assert.Contains(t, string(readme), "`"+name+"`")
		}
		if strings.HasPrefix(name, "frontier") {
			continue // plan frontier's, in its help (above)
		}
		assert.Contains(t, plain, name)
	}
	assert.Contains(t, out, "frontier.png, frontier.svg")
	// plan frontier's point parks: its help and the README name them.
	assert.Contains(t, out, "park-point-K.json, each point's park")
	assert.Contains(t, string(readme), "`park-point-K.json`")
	assert.Contains(t, string(readme), "`park-point-0.json`, `park-point-1.json`, …")
	// plan pathway's help lists pathway.csv's columns with their meaning.
	_, pw, _ := cli(t, "plan", "pathway", "--help")
	assert.Contains(t, pw, wrapHelp(results.ColumnsText(results.PathwayColumnDocs(), "    "), helpWidth))
	// The commands table's plan line too.
	assert.Regexp(t, "(?m)^\\| `zeropark plan \\[.*`roadmap\\.png`", string(readme), "the commands table's plan line")
}

// A sweep of a park with economics writes the costs per year, the
// cheapest table ranks by them, and plot sweep colours by the total cost.
func TestSweepCostColumns(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	dir := t.TempDir()
	out := filepath.Join(dir, "sweep.csv")
	code, stdout, errOut := cli(t, "sweep", "--park", park, "--series", series, "--vary", "pv.capacity_kwp=200,400",
		"--vary", "battery.energy_kwh=100,300", "--policy", "perfect", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Costs are per year with the park's economics")
	tab, err := results.ReadTable(out)
	require.NoError(t, err)
	require.Len(t, tab.Rows, 4)
	// By hand: PV 200 kWp added (400 − 200) at 1920 USD/kWp over 25 years
	// at 6.24 %, plus 20 USD/kWp a year; nothing added in combination 0.
	crf := model.CapitalRecoveryFactor(model.DefaultDiscountRatePerYear, model.DefaultLifetimeYears)
	for _, r := range tab.Rows {
		pv, err := tab.Float(r, "design_pv_capacity_kwp")
		require.NoError(t, err)
		kwh, err := tab.Float(r, "design_battery_energy_kwh")
		require.NoError(t, err)
		wantCapital := (pv-200)*model.DefaultPVCapitalPerKWp*crf + (kwh-100)*model.DefaultBatteryCapitalPerKWh*crf
		capital, err := tab.Float(r, results.ColCapitalPerYear)
		require.NoError(t, err)
		assert.InDelta(t, wantCapital, capital, 1e-6*math.Max(1, wantCapital), "combination %d", r.Combination)
		total, err := tab.Float(r, results.ColTotalCostPerYear)
		require.NoError(t, err)
		energy, err := tab.Float(r, results.ColEnergyCost)
		require.NoError(t, err)
		assert.Greater(t, total, capital+365*energy*0.99, "the total holds the year's energy cost")
		// The total is its four parts: purchases once, beside operating.
		var parts float64
		for _, col := range []string{results.ColCapitalPerYear, results.ColFixedOMPerYear, results.ColOperatingCostPerYear, results.ColPurchasesPerYear} {
			v, err := tab.Float(r, col)
			require.NoError(t, err, col)
			parts += v
		}
		assert.InDelta(t, parts, total, 1e-9*math.Max(1, total), "combination %d", r.Combination)
	}
	assert.Contains(t, stdout, "operating = energy + demand charge + battery wear; purchases are what zeropark plan buys for the stage")
	heat := filepath.Join(dir, "heat.svg")
	code, _, errOut = cli(t, "plot", "sweep", "--in", out, "--x", "pv.capacity_kwp", "--y", "battery.energy_kwh", "--colour", results.ColTotalCostPerYear, "--out", heat)
	require.Equal(t, exitOK, code, errOut)
	svg, err := os.ReadFile(heat)
	require.NoError(t, err)
	assert.Contains(t, string(svg), "cheapest")
	assert.Contains(t, string(svg), "total cost (USD a year)", "the colour bar names the currency the file gives")
}

// --periods: the plan over representative periods — typical days by
// default, typical weeks with --period-length 168h — states how well they
// stand for the series, and each design's cost over the full series with
// the reduced model's cost error, which the files hold too.
func TestPlanPeriods(t *testing.T) {
	// Today's park has nothing to size: over the full series it is the
	// full-series plan's today, whatever the representatives chose.
	code, stdout, errOut := cli(t, "plan", "--demo", "texas2012", "--limit-hours", "672", "--no-check", "--json")
	require.Equal(t, exitOK, code, errOut)
	full, err := results.ReadRoadmapJSON(strings.NewReader(stdout), "stdout")
	require.NoError(t, err)
	assert.Nil(t, full.Reduction)

	for _, c := range []struct {
		name   string
		args   []string
		hours  float64 // the length of a representative period
		report string
	}{
		{"days by default", nil, plan.DefaultPeriodLength.Hours(), "Representative periods: 2 of 24 h stand for the 672 steps"},
		{"weeks", []string{"--period-length", "168h"}, 168, "Representative periods: 2 of 168 h stand for the 672 steps"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "plan")
			args := append([]string{"plan", "--demo", "texas2012", "--limit-hours", "672", "--periods", "2", "--no-check", "--out", out}, c.args...)
			code, stdout, errOut := cli(t, args...)
			require.Equal(t, exitOK, code, errOut)
			assert.Contains(t, stdout, c.report)
			assert.Contains(t, stdout, "load_kw")
			assert.Contains(t, stdout, "plan.Model.Evaluate")
			rows, rm := readPlanDir(t, out)
			require.NotNil(t, rm.Reduction)
			assert.Equal(t, 2, rm.Reduction.Periods)
			assert.Equal(t, c.hours, rm.Reduction.PeriodLengthHours)
			assert.NotEmpty(t, rm.Reduction.Errors)
			// The representatives stand for the whole calendar: 672 h
			// divide into whole periods, so no remainder.
			standFor := 0
			for _, w := range rm.Reduction.Weights {
				standFor += w
			}
			assert.Equal(t, 672.0, float64(standFor)*c.hours, "weights %v", rm.Reduction.Weights)
			for i, r := range rows {
				if r.Unreachable != "" {
					continue
				}
				require.NotNil(t, r.Full, r.Target)
				assert.Positive(t, r.Full.TotalCostPerYear)
				checkCostError(t, r)
				assert.GreaterOrEqual(t, rm.Rows[i].Full.Stage.Rank(), 0, "roadmap.json names the full-series stage")
				require.NotNil(t, r.Full.ResidualTCO2ePerYear, r.Target)
				assert.InDelta(t, *r.Full.ResidualTCO2ePerYear, *rm.Rows[i].Full.ResidualTCO2ePerYear, 1e-9*(1+*r.Full.ResidualTCO2ePerYear), "csv and json agree")
				// The full series' core indicator is its residual over its
				// consumption, the same in both files.
				fi := rm.Rows[i].Full.Indicators
				require.NotNil(t, fi, r.Target)
				require.NotNil(t, r.Full.Indicators, r.Target)
				assert.InDelta(t, *r.Full.ResidualTCO2ePerYear, fi.CarbonTCO2PerTce*fi.ConsumptionTcePerYear, 1e-6*(1+*r.Full.ResidualTCO2ePerYear), r.Target)
				assert.InDelta(t, fi.CarbonTCO2PerTce, r.Full.Indicators.CarbonTCO2PerTce, 1e-9, "csv and json agree")
				assert.InDelta(t, fi.CleanShare, r.Full.Indicators.CleanShare, 1e-9, "csv and json agree")
			}
			assert.InDelta(t, full.Rows[0].TotalCostPerYear, rows[0].Full.TotalCostPerYear, 1e-6*full.Rows[0].TotalCostPerYear)
		})
	}
}

// --slices: the plan over chronological slices states them, evaluates
// each design over the full series like representative periods, plans
// the frontier over them too, and refuses --periods beside it (exit 2).
func TestPlanSlices(t *testing.T) {
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--demo", "texas2012", "--limit-hours", "672", "--slices", "168", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Slices    168 chronological slices of the 672 steps")
	assert.Contains(t, stdout, "Chronological slices: 168, each the mean of its steps, stand for the 672 steps in order")
	assert.Contains(t, stdout, "plan.Model.Evaluate")
	rows, rm := readPlanDir(t, out)
	require.NotNil(t, rm.Reduction)
	assert.Equal(t, 168, rm.Reduction.Slices)
	assert.Zero(t, rm.Reduction.Periods)
	assert.Zero(t, rm.Reduction.PeriodLengthHours)
	assert.Empty(t, rm.Reduction.Weights)
	for _, e := range rm.Reduction.Errors {
		assert.InDelta(t, 0, e.TotalRelError, 1e-9, "%s: slice means keep the totals", e.Name)
	}
	for _, r := range rows {
		if r.Unreachable != "" {
			continue
		}
		require.NotNil(t, r.Full, r.Target)
		checkCostError(t, r)
	}

	// The frontier over the same slices: its points cost no less as the
	// bound tightens, and the roadmap beside it says it was sliced.
	out = filepath.Join(t.TempDir(), "front")
	code, stdout, errOut = cli(t, "plan", "frontier", "--demo", "texas2012", "--limit-hours", "672", "--slices", "168", "--points", "3", "--no-check", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "Each point's design over the full series, its capacities fixed, the residual within the point's bound")
	pts := readFrontierDir(t, out)
	require.Len(t, pts, 3)
	for i := 1; i < len(pts); i++ {
		assert.GreaterOrEqual(t, pts[i].TotalCostPerYear, pts[i-1].TotalCostPerYear-1e-6)
	}
	// Each point measured over the full series (its four weeks): point 0,
	// with no bound, always holds; its cost error is the reduced total's
	// against the full series', as the roadmap's.
	for i, p := range pts {
		require.NotNil(t, p.Full, "point %d", i)
		assert.NotEmpty(t, p.Full.Stage, "point %d", i)
		// The residual of the operation priced: within the bound where
		// it holds, above it where it misses, and no lower than the
		// least residual the design's capacities reach.
		require.NotNil(t, p.Full.ResidualTCO2ePerYear, "point %d", i)
		require.NotNil(t, p.Full.Indicators, "point %d", i)
		assert.Positive(t, p.Full.Indicators.CarbonTCO2PerTce, "point %d", i)
		if p.Full.Unreachable != "" {
			assert.Nil(t, p.Full.CostError, "point %d", i)
			assert.Contains(t, p.Full.Unreachable, "keeps the residual within the bound", "point %d", i)
			assert.Greater(t, *p.Full.ResidualTCO2ePerYear, p.EpsilonTCO2ePerYear, "point %d", i)
			require.NotNil(t, p.Full.LeastResidualTCO2ePerYear, "point %d", i)
			assert.GreaterOrEqual(t, *p.Full.ResidualTCO2ePerYear, *p.Full.LeastResidualTCO2ePerYear*(1-1e-6), "point %d", i)
			continue
		}
		if i > 0 {
			assert.LessOrEqual(t, *p.Full.ResidualTCO2ePerYear, p.EpsilonTCO2ePerYear*(1+1e-6)+1e-6, "point %d", i)
		}
		require.NotNil(t, p.Full.CostError, "point %d", i)
		assert.InDelta(t, (p.TotalCostPerYear-p.Full.TotalCostPerYear)/p.Full.TotalCostPerYear, *p.Full.CostError, 1e-12, "point %d", i)
	}
	assert.Empty(t, pts[0].Full.Unreachable, "point 0 has no bound to miss")
	// The figure draws each point over the full series: a legend entry
	// for those that hold their bound (point 0 does), one for those that
	// miss it only when one does, and the caption's line on the rings.
	svg, err := os.ReadFile(filepath.Join(out, results.FrontierSVGFile))
	require.NoError(t, err)
	assert.Contains(t, string(svg), ">over the full series: bound held (point 0: no bound)<")
	missed := slices.ContainsFunc(pts, func(p results.FrontierRow) bool { return p.Full.Unreachable != "" })
	assert.Equal(t, missed, strings.Contains(string(svg), ">over the full series: bound missed<"))
	assert.Contains(t, string(svg), ">Open rings, joined to the frontier")
	_, frm := readPlanDir(t, out)
	require.NotNil(t, frm.Reduction)
	assert.Equal(t, 168, frm.Reduction.Slices)

	code, _, errOut = cli(t, "plan", "--demo", "texas2012", "--limit-hours", "672", "--slices", "168", "--periods", "4", "--no-check")
	assert.Equal(t, exitBadInput, code)
	assert.Contains(t, errOut, "--slices")
	assert.Contains(t, errOut, "4 representative periods")
}

// A sweep's shards merged keep the cost columns: the merged file equals
// the sweep run whole.
func TestSweepMergeKeepsCosts(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	dir := t.TempDir()
	args := func(out string, extra ...string) []string {
		return append([]string{"sweep", "--park", park, "--series", series, "--vary", "pv.capacity_kwp=200,400,600",
			"--policy", "perfect", "--out", out}, extra...)
	}
	for _, a := range [][]string{args(filepath.Join(dir, "whole.csv")), args(filepath.Join(dir, "s0.csv"), "--shard", "0/2"),
		args(filepath.Join(dir, "s1.csv"), "--shard", "1/2")} {
		code, _, errOut := cli(t, a...)
		require.Equal(t, exitOK, code, errOut)
	}
	code, _, errOut := cli(t, "sweep", "merge", "-o", filepath.Join(dir, "merged.csv"), filepath.Join(dir, "s0.csv"))
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, errOut, "warning", "a combination is missing")
	code, _, errOut = cli(t, "sweep", "merge", "-o", filepath.Join(dir, "merged.csv"), filepath.Join(dir, "s0.csv"), filepath.Join(dir, "s1.csv"))
	require.Equal(t, exitOK, code, errOut)
	whole, err := results.ReadTable(filepath.Join(dir, "whole.csv"))
	require.NoError(t, err)
	merged, err := results.ReadTable(filepath.Join(dir, "merged.csv"))
	require.NoError(t, err)
	require.Len(t, merged.Rows, 3)
	for i, r := range merged.Rows {
		for _, col := range []string{results.ColCapitalPerYear, results.ColFixedOMPerYear, results.ColOperatingCostPerYear, results.ColTotalCostPerYear} {
			got, err := merged.Float(r, col)
			require.NoError(t, err, col)
			want, err := whole.Float(whole.Rows[i], col)
			require.NoError(t, err, col)
			assert.Equal(t, want, got, "%s of combination %d", col, r.Combination)
		}
	}
}

// handFlatPark is a day of a flat 100 kW load with PV at 1 kW/kWp for 12
// hours, the grid at 0.5 kgCO2e/kWh and no export: at night the grid
// serves 12 h × 100 kW = 1,200 kWh, 600 kgCO2e, against 2,400 kWh consumed
// (295 kgce), so carbon per unit energy is at best 2.03 tCO2/tce however
// much PV is added, and near-zero-carbon (≤ 0.2) is out of reach.
const handFlatPark = `{
  "name": "hand park",
  "loads": [{"name": "flat", "column_kw": "load_kw"}],
  "pv": [{"name": "roof", "capacity_kwp": 0, "availability_column_kw_per_kwp": "pv"}],
  "economics": {"currency": "USD", "pv": {"max_total_kwp": 1000}},
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0,
    "dispatch_carbon": {"column_kgco2e_per_kwh": "co2", "kind": "average", "source": "hand"}}
}
`

func handFlatSeries() string {
	var b strings.Builder
	b.WriteString("timestamp,load_kw,pv,co2\n")
	for h := range 24 {
		pv := 0
		if h >= 6 && h < 18 {
			pv = 1
		}
		fmt.Fprintf(&b, "2024-06-01T%02d:00:00+08:00,100,%d,0.5\n", h, pv)
	}
	return b.String()
}

// A stage out of reach writes no figures: its rows of roadmap.csv are
// empty but for target and reason, its designs in roadmap.json hold
// only target, stage and reason, and the advice offers bounds, not the
// offsets or certificates that cannot move carbon per unit energy.
func TestPlanUnreachableRowsHaveNoFigures(t *testing.T) {
	park, series := writeInputs(t, handFlatPark, handFlatSeries())
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out, "--no-check")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "carbon per unit energy is at best 2.03 tCO2/tce against ≤ 0.2")
	assert.NotContains(t, stdout, "--offsets-held")
	assert.NotContains(t, stdout, "--certificates-held")

	f, err := os.Open(filepath.Join(out, results.RoadmapCSVFile))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.Len(t, recs, 5)
	for _, rec := range recs[3:] { // near-zero-carbon, zero-carbon
		for j, col := range recs[0] {
			switch col {
			case results.ColTarget, results.ColUnreachable:
				assert.NotEmpty(t, rec[j], col)
			case "carbon_price_per_tco2e": // a parameter of the plan, on every row
				assert.Equal(t, "0", rec[j], "%s of %s", col, rec[0])
			case results.ColCurrency: // the park's, on every row
				assert.Equal(t, "USD", rec[j], "%s of %s", col, rec[0])
			default:
				assert.Empty(t, rec[j], "%s of %s", col, rec[0])
			}
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, results.RoadmapJSONFile))
	require.NoError(t, err)
	var doc struct {
		Designs []map[string]any `json:"designs"`
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	require.Len(t, doc.Designs, 4)
	for _, d := range doc.Designs[2:] {
		assert.NotContains(t, d, "total_cost_per_year")
		assert.NotContains(t, d, "residual_tco2e_per_year")
		assert.NotContains(t, d, "total")
		assert.NotEmpty(t, d["unreachable"])
	}
	assert.Contains(t, doc.Designs[1], "total_cost_per_year", "low-carbon is reached")
	// Both files still read back.
	rows, rm := readPlanDir(t, out)
	assert.Equal(t, rows[2].Unreachable, rm.Rows[2].Unreachable)
}

// Two plan errors in one line that say what is wrong: --out into a
// directory holding a file of the user's names the plan's files and the
// user's (not "run output"), and --points without frontier says it needs
// plan frontier (not the whole usage of an unknown flag).
func TestPlanErrorWording(t *testing.T) {
	park, series := writeInputs(t, handFlatPark, handFlatSeries())
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("keep me\n"), 0o644))
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--no-check", "--out", dir)
	assert.Equal(t, exitBadInput, code, errOut)
	assert.NotContains(t, stdout, "wrote into")
	assert.Contains(t, errOut, "the plan's files (roadmap.csv, roadmap.json")
	assert.Contains(t, errOut, "mine.txt")
	assert.NotContains(t, errOut, "run output")
	kept, err := os.ReadFile(filepath.Join(dir, "mine.txt"))
	require.NoError(t, err)
	assert.Equal(t, "keep me\n", string(kept))

	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--points", "3")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Empty(t, stdout)
	assert.Equal(t, "zeropark plan: --points 3: needs zeropark plan frontier (the roadmap has no points)\n", errOut)
	assert.NotContains(t, errOut, "Usage:")
	// plan --help does not offer it.
	_, out, _ := cli(t, "plan", "--help")
	assert.NotContains(t, out, "--points N\n")
}

// checkCostError: a design that reaches its stage over the full series
// has the cost error (reduced − full) / full; one that misses it has none
// (its totals do not compare) and says why.
func checkCostError(t *testing.T, r results.RoadmapRow) {
	t.Helper()
	if r.Full.Unreachable != "" {
		assert.Nil(t, r.Full.CostError, r.Target)
		return
	}
	if assert.NotNil(t, r.Full.CostError, r.Target) {
		assert.InDelta(t, (r.TotalCostPerYear-r.Full.TotalCostPerYear)/r.Full.TotalCostPerYear, *r.Full.CostError, 1e-12, r.Target)
	}
}

// planParkWear is planPark with a battery wear cost of 0.02 USD per kWh
// of throughput, so that the operating cost has all three parts.
var planParkWear = strings.Replace(planPark, `"self_discharge_per_hour": 0}`, `"self_discharge_per_hour": 0, "wear_cost_per_kwh": 0.02}`, 1)

// handOperatingCostPerYear is a run's operating cost a year from its own
// files, by hand: summary.json's energy cost and demand charge, plus the
// wear of every kWh charged and discharged in intervals.csv at 0.02 per
// kWh (hourly steps), × 8760 h / the period's hours.
func handOperatingCostPerYear(t *testing.T, dir string) float64 {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	require.NoError(t, err)
	sum, err := results.ReadSummaryJSON(bytes.NewReader(b), "summary.json")
	require.NoError(t, err)
	f, err := os.Open(filepath.Join(dir, "intervals.csv"))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	throughputKWh, flows := 0.0, 0
	for j, col := range recs[0] {
		if !strings.HasPrefix(col, "battery_") || !(strings.HasSuffix(col, "_charge_kw") || strings.HasSuffix(col, "_discharge_kw")) {
			continue
		}
		flows++
		for _, rec := range recs[1:] {
			var kw float64
			_, err := fmt.Sscan(rec[j], &kw)
			require.NoError(t, err, col)
			throughputKWh += kw * 1 // hourly steps
		}
	}
	require.Equal(t, 2, flows, "one battery: its charge and discharge columns")
	hours := float64(len(recs) - 1)
	return (sum.EnergyCost + sum.DemandChargeCost + 0.02*throughputKWh) * 8760 / hours
}

// Each operation check says what its run costs to operate a year, and
// that is what the same design park costs run by `zeropark run` under the
// same policy, from that run's own summary.json and intervals.csv; the
// printed table shows it against the plan's, and roadmap.csv holds it.
func TestPlanCheckOperatingCost(t *testing.T) {
	park, series := writeInputs(t, planParkWear, testSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "What each run costs to operate a year (USD; energy + demand charge + wear")
	rows, rm := readPlanDir(t, out)
	assert.Equal(t, plan.Cyclic.String(), rm.StorageEnd)
	checked := 0
	for i, r := range rm.Rows {
		if r.Target == results.TodayTarget || r.Unreachable != "" {
			continue
		}
		require.Len(t, r.Checks, 2, r.Target)
		assert.Positive(t, r.WearCostPerYear, "the plan's design wears its battery")
		pf := filepath.Join(out, results.DesignParkFile(dispatch.Stage(r.Target)))
		for _, c := range r.Checks {
			require.NotNil(t, c.OperatingCostPerYear, "%s %s", r.Target, c.Policy)
			dir := filepath.Join(t.TempDir(), "run")
			code, _, errOut := cli(t, "run", "--park", pf, "--series", series, "--policy", string(c.Policy), "--out", dir)
			require.Equal(t, exitOK, code, errOut)
			want := handOperatingCostPerYear(t, dir)
			assert.InDelta(t, want, *c.OperatingCostPerYear, 1e-6*math.Max(1, math.Abs(want)), "%s %s", r.Target, c.Policy)
			// roadmap.csv holds the same figure.
			got := rows[i].Check(c.Policy)
			require.NotNil(t, got)
			require.NotNil(t, got.OperatingCostPerYear)
			assert.InDelta(t, *c.OperatingCostPerYear, *got.OperatingCostPerYear, 1e-9*math.Max(1, want))
			checked++
		}
		assert.Contains(t, stdout, results.Grouped(*r.Checks[0].OperatingCostPerYear, 0))
	}
	require.Positive(t, checked, "a design was checked")
}

// --storage-end valued reaches the plan (roadmap.json records it, the
// header says it): with every battery starting at initial_soc_fraction
// and the end credited, as the dispatch does, the perfect-foresight check
// run at least cost (--objective cost) costs what the plan's operation
// does, where with cyclic storage it does not. On this one-day series the
// low-carbon design's margin under perfect foresight is no worse valued
// than cyclic.
func TestPlanStorageEnd(t *testing.T) {
	park, series := writeInputs(t, planParkWear, testSeries)
	plans := map[string]*results.Roadmap{}
	for _, end := range []string{"cyclic", "valued"} {
		for _, objective := range []string{"carbon", "cost"} {
			out := filepath.Join(t.TempDir(), "plan")
			code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--storage-end", end, "--objective", objective, "--out", out)
			require.Equal(t, exitOK, code, errOut)
			_, rm := readPlanDir(t, out)
			assert.Equal(t, end, rm.StorageEnd)
			if end == "valued" {
				assert.Contains(t, stdout, "(--storage-end valued)")
			} else {
				assert.NotContains(t, stdout, "(--storage-end valued)", "cyclic is the default, not said in the header")
				assert.Contains(t, stdout, "Over 24 h, what the storage holds at the start weighs", "a day: the start weighs on the check costs")
			}
			plans[end+" "+objective] = rm
		}
	}
	low := func(key string) *results.RoadmapRow {
		r := &plans[key].Rows[1]
		require.Equal(t, string(dispatch.LowCarbon), r.Target)
		require.Empty(t, r.Unreachable, key)
		return r
	}
	// Valued, at least cost: the plan's operation is the dispatch's.
	matched := 0
	for _, r := range plans["valued cost"].Rows[1:] {
		if r.Unreachable != "" {
			continue
		}
		c := r.Check(dispatch.Perfect)
		require.NotNil(t, c)
		require.NotNil(t, c.OperatingCostPerYear)
		assert.InDelta(t, r.OperatingCostPerYear, *c.OperatingCostPerYear, 1e-6*math.Max(1, math.Abs(r.OperatingCostPerYear)), r.Target)
		matched++
	}
	require.Positive(t, matched)
	// Cyclic, at least cost: the plan draws on stored energy it chose
	// freely, the check starts at initial_soc_fraction.
	cyc := low("cyclic cost")
	assert.Greater(t, math.Abs(*cyc.Check(dispatch.Perfect).OperatingCostPerYear-cyc.OperatingCostPerYear), 1.0)
	// The check's margin, carbon first as by default.
	assert.GreaterOrEqual(t, low("valued carbon").Check(dispatch.Perfect).Margin, low("cyclic carbon").Check(dispatch.Perfect).Margin)

	// plan frontier takes it too.
	out := filepath.Join(t.TempDir(), "front")
	code, _, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--points", "2", "--no-check", "--storage-end", "valued", "--out", out)
	require.Equal(t, exitOK, code, errOut)
	_, rm := readPlanDir(t, out)
	assert.Equal(t, "valued", rm.StorageEnd)
}

// plan frontier --help opens with the frontier, then says that plan's
// description and flags follow; plan --help does not speak of it first.
func TestPlanFrontierHelpLeadsWithTheFrontier(t *testing.T) {
	code, stdout, errOut := cli(t, "plan", "frontier", "--help")
	require.Equal(t, exitOK, code, errOut)
	help := stdout + errOut
	body := help[strings.Index(help, "\n\n")+2:]
	assert.True(t, strings.HasPrefix(body, "Traces the cost–carbon frontier by the ε-constraint method"), body[:min(len(body), 200)])
	assert.Less(t, strings.Index(body, "It solves the roadmap first"), strings.Index(body, "Solves the cheapest design for each stage"))
	code, stdout, errOut = cli(t, "plan", "--help")
	require.Equal(t, exitOK, code, errOut)
	help = stdout + errOut
	assert.NotContains(t, help, "Traces the cost–carbon frontier")
	assert.Contains(t, help[strings.Index(help, "\n\n")+2:], "Solves the cheapest design for each stage")
}

// plan frontier --json is refused before anything is solved: it printed
// roadmap.json alone, the frontier it had traced dropped (QA N4, session
// 37); zeropark plan --json still prints the roadmap.
func TestPlanFrontierRefusesJSON(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	code, stdout, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--json")
	assert.Equal(t, exitBadInput, code, errOut)
	assert.Empty(t, stdout)
	assert.Contains(t, errOut, "zeropark plan frontier: --json prints roadmap.json, which holds no frontier: give plan frontier --out DIR for frontier.csv")
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check", "--json")
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, `"designs"`)
}
