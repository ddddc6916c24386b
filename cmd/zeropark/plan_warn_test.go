package main

import (
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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

// chpSinkPark is plan's TestCHPWithoutASink park as a park file: four
// hours of a 20 kW load and 70 kW_th of heat that only a CHP (100 kW,
// η_el 0.35, η_th 0.49) serves, a grid that exports nothing and a
// battery of 200 kWh: the CHP's 30 kW a hour beyond the load have
// nowhere to go but the battery, and the plan's LP burns them by charging
// and discharging it at once. The design is settled (heat unserved) and
// says so.
const chpSinkPark = `{
  "name": "chp sink",
  "loads": [{"name": "load", "column_kw": "load_kw"}],
  "pv": [{"name": "pv", "capacity_kwp": 0, "availability_column_kw_per_kwp": "pv_kw_per_kwp"}],
  "batteries": [{"name": "bat", "energy_kwh": 200, "max_charge_kw": 400, "max_discharge_kw": 400,
    "charge_efficiency": 0.95, "discharge_efficiency": 0.95,
    "min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.5,
    "self_discharge_per_hour": 0, "wear_cost_per_kwh": 0.01}],
  "heat_loads": [{"name": "heat", "column_kw_th": "heat_kw_th"}],
  "chp": [{"name": "chp", "capacity_kw": 100, "electric_efficiency_lhv": 0.35, "thermal_efficiency_lhv": 0.49, "fuel": "natural_gas"}],
  "fuels": [{"name": "natural_gas", "price_per_kwh_lhv": 0.03}],
  "economics": {"currency": "USD", "discount_rate_per_year": 0,
    "pv": {"capital_per_kwp": 1000, "fixed_om_per_kwp_year": 10, "lifetime_years": 20, "max_total_kwp": 100}},
  "grid": {"import_limit_kw": 1000, "export_limit_kw": 0,
    "dispatch_carbon": {"column_kgco2e_per_kwh": "carbon", "kind": "average", "source": "test"},
    "import_price": {"per_kwh": 0}}
}
`

const chpSinkSeries = `timestamp,load_kw,pv_kw_per_kwp,carbon,heat_kw_th
2024-01-01T00:00:00Z,20,0,0.5,70
2024-01-01T01:00:00Z,20,0,0.5,70
2024-01-01T02:00:00Z,20,0,0.5,70
2024-01-01T03:00:00Z,20,0,0.5,70
`

// zeropark plan on a park whose plan had to be settled: every design's
// warnings are printed under the tables, "warning: <design>: …", and
// written to roadmap.json and roadmap.csv's warnings column, the same in
// both and the same as printed.
func TestPlanPrintsDesignWarnings(t *testing.T) {
	park, series := writeInputs(t, chpSinkPark, chpSinkSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--no-check", "--storage-end", "valued", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	rows, rm := readPlanDir(t, out)
	require.NotEmpty(t, rm.Rows[0].Warnings, "today's plan schedule is settled")
	assert.Contains(t, rm.Rows[0].Warnings[0], "charged and discharged a battery at once")
	// By hand (valued storage, from 100 kWh): the battery takes
	// (180 − 100)/0.95 kWh of the 120 kWh surplus, the CHP makes the rest
	// less and 1.4 kWh_th less heat per kWh, a year × 8760 h / 4 h.
	unservedKWhTh := (120 - 80/0.95) * 1.4 * 8760 / 4
	assert.Contains(t, rm.Rows[0].Warnings[0], "("+results.Grouped(unservedKWhTh, 0)+" kWh_th of heat unserved a year")
	printed := 0
	for i, r := range rm.Rows {
		assert.Equal(t, r.Warnings, rows[i].Warnings, "roadmap.csv holds roadmap.json's warnings: %s", r.Target)
		for _, w := range r.Warnings {
			assert.Contains(t, stdout, "\nwarning: "+r.Target+": "+w+"\n")
			printed++
		}
	}
	assert.Equal(t, printed, strings.Count(stdout, "warning: "), "each once")
	assert.Less(t, strings.Index(stdout, "What it costs a year"), strings.Index(stdout, "warning: "), "under the tables")

	f, err := os.Open(filepath.Join(out, results.RoadmapCSVFile))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	warn := slices.Index(recs[0], results.ColWarnings)
	require.Positive(t, warn)
	assert.Equal(t, strings.Join(rm.Rows[0].Warnings, "\n"), recs[1][warn])

	// Over chronological slices each design is evaluated over the full
	// series, settled too: its warnings follow the design's.
	code, stdout, errOut = cli(t, "plan", "--park", park, "--series", series, "--no-check", "--storage-end", "valued", "--slices", "2", "--json")
	require.Equal(t, exitOK, code, errOut+stdout)
	sliced, err := results.ReadRoadmapJSON(strings.NewReader(stdout), "stdout")
	require.NoError(t, err)
	require.NotNil(t, sliced.Rows[0].Full)
	require.NotEmpty(t, sliced.Rows[0].Full.Warnings)
	assert.Contains(t, sliced.Rows[0].Full.Warnings[0], "("+results.Grouped(unservedKWhTh, 0)+" kWh_th of heat unserved a year",
		"the full series is the same four hours")
	var b strings.Builder
	require.NoError(t, results.WriteRoadmap(&b, sliced))
	assert.Contains(t, b.String(), "\nwarning: today, over the full series: "+sliced.Rows[0].Full.Warnings[0]+"\n")
}

// The frontier of that park: its points' designs are settled too, and
// frontier.csv and the printed frontier say so.
func TestPlanFrontierPrintsWarnings(t *testing.T) {
	park, series := writeInputs(t, chpSinkPark, chpSinkSeries)
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "frontier", "--park", park, "--series", series, "--no-check", "--points", "2", "--out", out)
	require.Equal(t, exitOK, code, errOut+stdout)
	f, err := os.Open(filepath.Join(out, results.FrontierCSVFile))
	require.NoError(t, err)
	defer f.Close()
	rows, err := results.ReadFrontierCSV(f, results.FrontierCSVFile)
	require.NoError(t, err)
	warned := 0
	for _, r := range rows {
		for _, w := range r.Warnings {
			assert.Contains(t, w, "charged and discharged a battery at once")
			assert.Contains(t, stdout, "\nwarning: point "+strconv.Itoa(r.Point)+": "+w+"\n")
			warned++
		}
	}
	assert.Positive(t, warned, "the frontier's designs burn the CHP's surplus too")
}

// A design settled below its target (plan.Design.Warnings) writes no
// park-<stage>.json: the file would claim a stage its park misses. One
// that reaches its target keeps its park.
func TestDesignParksSkipSettledBelowTarget(t *testing.T) {
	park := &model.Park{Name: "p"}
	st := &planStudy{rm: &plan.Roadmap{Stages: []*plan.Design{
		{Target: dispatch.LowCarbon, Stage: dispatch.NearZeroCarbon, Park: park},
		{Target: dispatch.NearZeroCarbon, Stage: dispatch.LowCarbon, Park: park, AtOnceIntervals: 3,
			Warnings: []string{"planned for near-zero-carbon, the settled schedule is low-carbon"}},
		nil,
	}}}
	parks := st.designParks()
	require.Contains(t, parks, dispatch.LowCarbon)
	assert.Equal(t, "p — low-carbon design", parks[dispatch.LowCarbon].Name)
	assert.NotContains(t, parks, dispatch.NearZeroCarbon)
	assert.Len(t, parks, 1)
}

// Where the roadmap's low-carbon entry is near-zero's design (Target
// near-zero-carbon: plan.Model.Roadmap), each design park is written under
// its roadmap stage, park-low-carbon.json and park-near-zero-carbon.json,
// named after what it was planned for; keyed by Target the two would
// collide and park-low-carbon.json be missing.
func TestDesignParksKeyedByRoadmapStage(t *testing.T) {
	park := &model.Park{Name: "p"}
	near := &plan.Design{Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, Park: park}
	st := &planStudy{rm: &plan.Roadmap{Stages: []*plan.Design{near, near,
		{Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon, Park: park}}}}
	parks := st.designParks()
	require.Len(t, parks, 3)
	assert.Equal(t, "p — near-zero-carbon design", parks[dispatch.LowCarbon].Name)
	assert.Equal(t, "p — near-zero-carbon design", parks[dispatch.NearZeroCarbon].Name)
	assert.Equal(t, "p — zero-carbon design", parks[dispatch.ZeroCarbon].Name)

	// A design park planned again is named after its new design, once
	// (QA P, session 39: "p — zero-carbon design — zero-carbon design").
	again := &model.Park{Name: "p — zero-carbon design"}
	st = &planStudy{rm: &plan.Roadmap{Stages: []*plan.Design{nil,
		{Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, Park: again},
		{Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon, Park: again}}}}
	parks = st.designParks()
	assert.Equal(t, "p — near-zero-carbon design", parks[dispatch.NearZeroCarbon].Name)
	assert.Equal(t, "p — zero-carbon design", parks[dispatch.ZeroCarbon].Name)
	assert.Equal(t, "p — zero-carbon design", again.Name, "the plan's own park is not renamed")
}

// zeropark plan over less than a week (the test series' day, or its first
// 2 hours) plans it and warns, on standard error and in the heading, that
// the year is scaled from those hours (× 8760 / hours); --help says that
// --carbon-price prices the operation checks only.
func TestPlanWarnsOfAShortPeriod(t *testing.T) {
	park, series := writeInputs(t, planPark, testSeries)
	for _, c := range []struct {
		args  []string
		hours string
		times string
		steps string
	}{
		{nil, "24", "365", "24 steps"},
		{[]string{"--limit-hours", "1"}, "1", "8,760", "1 step of"},
	} {
		args := append([]string{"plan", "--park", park, "--series", series, "--no-check"}, c.args...)
		code, stdout, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		warn := "every figure is a year scaled from " + c.hours + " h (× " + c.times + "): a period shorter than a week"
		assert.Contains(t, errOut, "zeropark plan: warning: "+warn)
		assert.Contains(t, stdout, "\nCaution   "+warn)
		assert.Contains(t, stdout, "("+c.steps)
	}
	code, stdout, errOut := cli(t, "plan", "--help")
	require.Equal(t, exitOK, code, errOut)
	help := unwrapped(stdout + errOut)
	assert.Contains(t, help, "under plan, the designs too (each minimises its total cost + PRICE × its residual)")
	assert.Contains(t, help, "--carbon-price P (a number) is an internal carbon price")
}

// A full-series plan of more steps than longSeriesSteps notes on stderr
// that slices are the quick look; a reduced plan, or a series cut short by
// --limit-hours, does not.
func TestPlanNotesALongSeries(t *testing.T) {
	old := longSeriesSteps
	longSeriesSteps = 20 // the test series has 24 steps
	defer func() { longSeriesSteps = old }()
	park, series := writeInputs(t, planPark, testSeries)
	note := "zeropark plan: note: 24 steps over the full series: a multi-year or sub-hourly series planned in full"
	for _, c := range []struct {
		args []string
		note bool
	}{
		{nil, true},
		{[]string{"--limit-hours", "12"}, false},
		{[]string{"--slices", "12"}, false},
	} {
		args := append([]string{"plan", "--park", park, "--series", series, "--no-check"}, c.args...)
		code, stdout, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		if c.note {
			assert.Contains(t, errOut, note)
			assert.Contains(t, errOut, "--slices N (about 2016 for a year's length)")
		} else {
			assert.NotContains(t, errOut, "note:", c.args)
		}
		assert.NotContains(t, stdout, "note:")
	}
}

// A representative period that is not a whole number of days notes on
// stderr that it cuts the day; 24h (the default) does not.
func TestPlanNotesAPeriodThatCutsTheDay(t *testing.T) {
	for _, c := range []struct {
		length string
		note   bool
	}{{"6h", true}, {"12h", true}, {"", false}} {
		args := []string{"plan", "--limit-hours", "96", "--no-check", "--periods", "3"}
		if c.length != "" {
			args = append(args, "--period-length", c.length)
		}
		code, stdout, errOut := cli(t, args...)
		require.Equal(t, exitOK, code, errOut)
		if c.note {
			assert.Contains(t, errOut, "zeropark plan: note: --period-length "+c.length+"0m0s is not a whole number of days", c.length)
		} else {
			assert.NotContains(t, errOut, "not a whole number of days")
		}
		assert.NotContains(t, stdout, "not a whole number of days")
	}
}

// cleanGridPlanPark is planPark behind a grid of 0.02 kgCO2e/kWh at 0.02
// a kWh, with no PV of its own and no demand charge: today's park meets
// near-zero's core indicator (0.02 / 0.1229 kgce/kWh = 0.16 tCO2/tce <
// 0.20) but not low-carbon's 30 % reduction, and nothing pays for itself,
// so the roadmap's low-carbon entry is near-zero's design (plan's
// TestNearZeroFollowsTheLedger, clean grid).
func cleanGridPlanPark(t *testing.T) (park, series string) {
	t.Helper()
	p := planPark
	for _, r := range [][2]string{
		{`"per_kwh": 0.10, "time_of_use": [{"from_hour": 8, "to_hour": 22, "per_kwh": 0.25}]`, `"per_kwh": 0.02`},
		{`"demand_charge_per_kw_month": 12`, `"demand_charge_per_kw_month": 0`},
		{`"capacity_kwp": 200`, `"capacity_kwp": 0`},
	} {
		require.Contains(t, p, r[0])
		p = strings.Replace(p, r[0], r[1], 1)
	}
	lines := strings.Split(strings.TrimSpace(testSeries), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = lines[i][:strings.LastIndexByte(lines[i], ',')] + ",0.02"
	}
	return writeInputs(t, p, strings.Join(lines, "\n")+"\n")
}

// Where the roadmap's low-carbon entry is near-zero's design, its
// operation checks are run once, for the low-carbon row, and the
// near-zero row carries the same (read back from roadmap.json); a failing
// check names the roadmap row as well as the design.
func TestChecksOfTheLowEntryThatIsNearZerosDesignRunOnce(t *testing.T) {
	park, series := cleanGridPlanPark(t)
	var targets []dispatch.Stage
	var fail dispatch.Stage
	old := checkOperation
	defer func() { checkOperation = old }()
	checkOperation = func(s *scenario.Scenario, p *model.Park, target dispatch.Stage, cfg dispatch.Config) ([]results.OperationCheck, error) {
		targets = append(targets, target)
		if target == fail {
			return nil, errors.New("the test's failure")
		}
		return old(s, p, target, cfg)
	}
	out := filepath.Join(t.TempDir(), "plan")
	code, stdout, errOut := cli(t, "plan", "--park", park, "--series", series, "--out", out)
	require.Equal(t, exitOK, code, errOut)
	assert.Contains(t, stdout, "warning: low-carbon: near-zero-carbon's design, the cheapest reaching at least low-carbon")
	assert.Equal(t, []dispatch.Stage{dispatch.NearZeroCarbon, dispatch.ZeroCarbon}, targets, "one check per distinct design")
	_, rm := readPlanDir(t, out)
	require.Len(t, rm.Rows, 4)
	assert.Equal(t, string(dispatch.LowCarbon), rm.Rows[1].Target)
	require.Len(t, rm.Rows[1].Checks, len(scenario.CheckPolicies()))
	assert.Equal(t, rm.Rows[2].Checks, rm.Rows[1].Checks)
	assert.NotEqual(t, rm.Rows[3].Checks, rm.Rows[1].Checks, "zero-carbon's are its own")

	targets, fail = nil, dispatch.NearZeroCarbon
	code, _, errOut = cli(t, "plan", "--park", park, "--series", series)
	assert.NotEqual(t, exitOK, code)
	assert.Contains(t, errOut, "operation check of the low-carbon row (the near-zero-carbon design): the test's failure")
	assert.Equal(t, []dispatch.Stage{dispatch.NearZeroCarbon}, targets)
}

// designParkBase takes off the name a plan (" — <stage> design") or a
// pathway (" — <year> <stage> design") gave a park, and nothing else.
func TestDesignParkBase(t *testing.T) {
	for in, want := range map[string]string{
		"p — zero-carbon design":            "p",
		"p — 2030 near-zero-carbon design":  "p",
		"Park — A — low-carbon design":      "Park — A",
		"p — my design":                     "p — my design",
		"p — 20300 near-zero-carbon design": "p — 20300 near-zero-carbon design",
		"p near-zero-carbon design":         "p near-zero-carbon design",
		"p":                                 "p",
	} {
		assert.Equal(t, want, designParkBase(in), in)
	}
}
