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
// lists "w12,d24,…" (weeks or days and their number).
func TestPeriodsDiagnosis(t *testing.T) {
	if os.Getenv("PLAN_DIAG") == "" {
		t.Skip("set PLAN_DIAG=1: a diagnosis of representative periods on the demo (minutes)")
	}
	park, set := loadDemo(t)
	var full [4]diagRow
	cache := os.Getenv("PLAN_DIAG_FULL")
	if b, err := os.ReadFile(cache); cache != "" && err == nil {
		require.NoError(t, json.Unmarshal(b, &full))
	} else {
		m, err := plan.New(park, set, demoOptions())
		require.NoError(t, err)
		rm, err := m.Roadmap()
		require.NoError(t, err)
		m.Close()
		full[0] = diagOf(rm.Today)
		for i, d := range rm.Stages {
			full[i+1] = diagOf(d)
		}
		if cache != "" {
			b, _ := json.Marshal(full)
			require.NoError(t, os.WriteFile(cache, b, 0o644))
		}
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
		if c[0] == 'w' {
			opt.PeriodLength = 7 * 24 * time.Hour
		}
		start := time.Now()
		m, err := plan.New(park, set, opt)
		require.NoError(t, err)
		rm, err := m.Roadmap()
		require.NoError(t, err)
		m.Close()
		worst := 0.0
		for i, d := range append([]*plan.Design{rm.Today}, rm.Stages...) {
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
		fm, err := plan.New(park, set, demoOptions())
		require.NoError(t, err)
		for i, d := range rm.Stages {
			ev, err := fm.Evaluate(d)
			if err != nil {
				t.Logf("%-4s %-9s evaluated on the year: %v", c, names[i+1], err)
				continue
			}
			t.Logf("%-4s %-9s on the year %s  vs optimum %+6.2f %%, reduced vs evaluated %+6.2f %%", c, names[i+1], diagOf(ev),
				100*(ev.TotalCostPerYear/full[i+1].Total-1), 100*(d.TotalCostPerYear/ev.TotalCostPerYear-1))
		}
		fm.Close()
	}
}
