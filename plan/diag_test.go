package plan_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// diagRow is one design's cost components, USD a year, and its additions.
type diagRow struct {
	Total, Capital, Energy, Wear, Demand, Offsets, Certs float64
	PVkWp, WindKW, BattKWh, BattKW                       float64
	ResidualT                                            float64
}

func diagOf(d *plan.Design) diagRow {
	return diagRow{Total: d.TotalCostPerYear, Capital: d.CapitalPerYear + d.FixedOMPerYear, Energy: d.EnergyCostPerYear,
		Wear: d.WearCostPerYear, Demand: d.DemandChargePerYear, Offsets: d.OffsetCostPerYear, Certs: d.CertificateCostPerYear,
		PVkWp: d.Added(plan.TechPV), WindKW: d.Added(plan.TechWind), BattKWh: d.Added(plan.TechBatteryEnergy),
		BattKW: d.Added(plan.TechBatteryPower), ResidualT: d.ResidualTCO2ePerYear}
}

func (r diagRow) String() string {
	return fmt.Sprintf("total %9.0f cap %9.0f energy %9.0f wear %7.0f off %7.0f cert %7.0f | PV %6.0f wind %6.0f battE %6.0f battP %6.0f | R %6.0f t",
		r.Total, r.Capital, r.Energy, r.Wear, r.Offsets, r.Certs, r.PVkWp, r.WindKW, r.BattKWh, r.BattKW, r.ResidualT)
}

// TestPeriodsDiagnosis (PLAN_DIAG=1) prints the Texas demo's roadmap per
// stage and cost component over representative periods against the full
// year (cached in PLAN_DIAG_FULL, a JSON file, when set): PLAN_DIAG_CONFIGS
// lists "w12,d24,s2016,…" (weeks, days or chronological slices and their
// number). PLAN_DIAG_PARK names
// another demo (its own economics; give it its own cache file).
// PLAN_DIAG_EVAL=w12 evaluates that reduction's designs over the year,
// PLAN_DIAG_REVERSE=w12 the year's designs over that reduction,
// PLAN_DIAG_REFINE=1 refines the representative periods by the proxy
// (refineScore; the full year's warm start too), and PLAN_DIAG_DEFICIT=1 prints each reduction's totals against the year's
// and the deficit the year's near-zero design leaves on its calendar
// (package documentation, "Representative periods"). The full year is
// built at most once and solved at most once in a run (the last two need
// its designs, whatever the cache holds).
func TestPeriodsDiagnosis(t *testing.T) {
	if os.Getenv("PLAN_DIAG") == "" {
		t.Skip("set PLAN_DIAG=1: a diagnosis of representative periods on the demo (minutes)")
	}
	if os.Getenv("PLAN_DIAG_REFINE") != "" {
		was := plan.SetRefinePeriods(true)
		t.Cleanup(func() { plan.SetRefinePeriods(was) })
	}
	park, set := loadDemo(t)
	if name := os.Getenv("PLAN_DIAG_PARK"); name != "" {
		var err error
		park, set, err = demo.Load(name)
		require.NoError(t, err)
		require.NoError(t, physics.Derive(park, set))
	}
	// The full year, built and solved at most once in a run.
	var year *plan.Model
	var yearRM *plan.Roadmap
	yearModel := func() *plan.Model {
		if year == nil {
			var err error
			year, err = plan.New(park, set, demoOptions())
			require.NoError(t, err)
			t.Cleanup(func() { _ = year.Close() })
		}
		return year
	}
	yearRoadmap := func() *plan.Roadmap {
		if yearRM == nil {
			var err error
			yearRM, err = yearModel().Roadmap()
			require.NoError(t, err)
		}
		return yearRM
	}
	var full [4]diagRow
	cache := os.Getenv("PLAN_DIAG_FULL")
	if b, err := os.ReadFile(cache); cache != "" && err == nil {
		require.NoError(t, json.Unmarshal(b, &full))
	} else {
		rm := yearRoadmap()
		full[0] = diagOf(rm.Today)
		for i, d := range rm.Stages {
			full[i+1] = diagOf(d)
		}
		if cache != "" {
			b, _ := json.Marshal(full)
			require.NoError(t, os.WriteFile(cache, b, 0o644))
		}
	}
	var fullNear *model.Park // the full year's near-zero design, for the deficit check
	var fullTotals []float64
	if os.Getenv("PLAN_DIAG_DEFICIT") != "" {
		fullNear = yearRoadmap().Stages[1].Park
		fullTotals = totals(yearModel())
		r, f := deficit(yearModel(), fullNear)
		t.Logf("full      deficit of the year's near-zero design, simulated: %.0f MWh imported, %.1f tCO2e", r/1000, f/1000)
	}
	names := []string{"today", "low", "near-zero", "zero"}
	for i, r := range full {
		t.Logf("full %-9s %s", names[i], r)
	}
	for _, c := range strings.Split(os.Getenv("PLAN_DIAG_CONFIGS"), ",") {
		if c == "" {
			continue
		}
		k, err := strconv.Atoi(c[1:])
		require.NoError(t, err)
		opt := demoOptions()
		opt.Periods, opt.PeriodLength = k, 24*time.Hour
		switch c[0] {
		case 'w':
			opt.PeriodLength = 7 * 24 * time.Hour
		case 's':
			opt.Periods, opt.Slices = 0, k
		}
		start := time.Now()
		m, err := plan.New(park, set, opt)
		require.NoError(t, err)
		rm, err := m.Roadmap()
		require.NoError(t, err)
		if fullNear != nil {
			r, f := deficit(m, fullNear)
			t.Logf("%-4s      deficit of the year's near-zero design, simulated: %.0f MWh imported, %.1f tCO2e", c, r/1000, f/1000)
			r, f = deficit(m, rm.Stages[1].Park)
			t.Logf("%-4s      deficit of its own near-zero design, simulated: %.0f MWh imported, %.1f tCO2e", c, r/1000, f/1000)
			line := ""
			for i, x := range totals(m) {
				line += fmt.Sprintf(" %+.2f %%", 100*(x/fullTotals[i]-1))
			}
			t.Logf("%-4s      totals against the year's (load, × factor; each PV array's and turbine's, × factor):%s", c, line)
		}
		if os.Getenv("PLAN_DIAG_REVERSE") == c {
			for i, d := range yearRoadmap().Stages {
				ev, err := m.Evaluate(d)
				if err != nil {
					t.Logf("%-4s %-9s year's optimum on the reduced model: %v", c, names[i+1], err)
					continue
				}
				t.Logf("%-4s %-9s year's optimum on the reduced model %s  vs reduced optimum %+6.2f %%", c, names[i+1], diagOf(ev), 100*(ev.TotalCostPerYear/rm.Stages[i].TotalCostPerYear-1))
			}
		}
		m.Close()
		worst := 0.0
		for i, d := range append([]*plan.Design{rm.Today}, rm.Stages...) {
			if d == nil { // the stage is unreachable on this reduction
				t.Logf("%-4s %-9s unreachable", c, names[i])
				continue
			}
			r := diagOf(d)
			e := 100 * (r.Total/full[i].Total - 1)
			if i > 0 && (e > worst || -e > worst) {
				worst = max(e, -e)
			}
			t.Logf("%-4s %-9s %s  err %+6.2f %%", c, names[i], r, e)
		}
		t.Logf("%-4s worst |err| %.2f %%, %.1f s", c, worst, time.Since(start).Seconds())
		for _, e := range m.Reduction().Errors {
			t.Logf("%-4s   %s", c, e)
		}
		if os.Getenv("PLAN_DIAG_EVAL") != c {
			continue
		}
		for i, d := range rm.Stages {
			if d == nil {
				continue // unreachable on the reduction: nothing to evaluate
			}
			t0 := time.Now()
			ev, err := yearModel().Evaluate(d)
			t.Logf("evaluate %s: %.2f s", names[i+1], time.Since(t0).Seconds())
			if err != nil {
				t.Logf("%-4s %-9s evaluated on the year: %v", c, names[i+1], err)
				continue
			}
			t.Logf("%-4s %-9s on the year %s  vs optimum %+6.2f %%, reduced vs evaluated %+6.2f %%", c, names[i+1], diagOf(ev),
				100*(ev.TotalCostPerYear/full[i+1].Total-1), 100*(d.TotalCostPerYear/ev.TotalCostPerYear-1))
		}
	}
}

// deficit simulates park p (capacities filled in) on m's calendar with a
// greedy battery — every battery as one, charged from the renewables'
// surplus and discharged on deficit, within its power and state-of-charge
// limits, from half full — and returns the import left (kWh) and its
// carbon (kgCO2e by the accounting factor): what a near-zero design must
// keep small, to see how a reduction reproduces it.
func deficit(m *plan.Model, p *model.Park) (imported, carbon float64) {
	load, factor, _, pv, wind := plan.Calendar(m)
	var e, lo, hi, pin, pout, ec, ed float64
	for _, b := range p.Batteries {
		e += b.EnergyKWh
		lo += b.MinSoCKWh()
		hi += b.MaxSoCKWh()
		pin += b.MaxChargeKW
		pout += b.MaxDischargeKW
		ec, ed = b.ChargeEfficiency, b.DischargeEfficiency
	}
	soc := (lo + hi) / 2
	for t := range load {
		g := 0.0
		for i, a := range p.PV {
			g += a.CapacityKWp * pv[i][t]
		}
		for j, a := range p.Wind {
			g += a.CapacityKW * wind[j][t]
		}
		net := load[t] - g
		if net < 0 {
			soc += min(-net, pin, (hi-soc)/max(ec, 1e-9)) * ec
			continue
		}
		d := min(net, pout, (soc-lo)*ed)
		soc -= d / max(ed, 1e-9)
		imported += net - d
		carbon += factor[t] * (net - d)
	}
	return imported, carbon
}

// totals are m's calendar totals of the load and of each PV array's and
// turbine's availability, each alone and weighted by the accounting
// factor.
func totals(m *plan.Model) []float64 {
	load, factor, _, pv, wind := plan.Calendar(m)
	var out []float64
	for _, v := range append([][]float64{load}, append(pv, wind...)...) {
		s, sf := 0.0, 0.0
		for t, x := range v {
			s += x
			sf += x * factor[t]
		}
		out = append(out, s, sf)
	}
	return out
}
