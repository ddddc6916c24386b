package benchmarks

import (
	"fmt"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// Row is one policy's run of one park.
type Row struct {
	Park   string
	Policy dispatch.Policy
	Report dispatch.Report
	// Wall is the wall time of the dispatch call alone (no loading, no
	// weather derivation).
	Wall time.Duration
	// CPU is the process's CPU time (all threads) over the same call: on a
	// machine shared with other work it varies less than Wall.
	CPU time.Duration
	// PeakRSSKB is the peak resident set of the process that ran it, in
	// KiB (0 when unknown or when several runs shared a process).
	PeakRSSKB int64
}

// Head returns a scenario of the first steps intervals of s (all of s when
// steps ≤ 0 or ≥ its length; see scenario.Scenario.Slice).
func Head(s *scenario.Scenario, steps int) *scenario.Scenario {
	if steps <= 0 || steps >= s.Profiles.Len {
		return s
	}
	return s.Slice(0, steps)
}

// Run dispatches s under each policy in turn, one after the other so that
// each wall time is measured with the machine to itself.
func Run(s *scenario.Scenario, cfg dispatch.Config, pols []dispatch.Policy) ([]Row, error) {
	rows := make([]Row, 0, len(pols))
	for _, pol := range pols {
		cpu, start := ProcessCPU(), time.Now()
		r, err := s.Run(pol, cfg)
		wall, cpu := time.Since(start), ProcessCPU()-cpu
		if err != nil {
			return nil, err
		}
		rows = append(rows, Row{Park: s.Name, Policy: pol, Report: r.Report, Wall: wall, CPU: cpu})
	}
	return rows, nil
}

// OrderTolerance is the relative slack of CheckOrder: solver tolerances
// make equal optima differ in the last digits.
const OrderTolerance = 1e-6

// orderPairs are the relations CheckOrder checks, lower first: perfect
// foresight is the bound for every policy; the rolling horizon with
// perfect information (dispatch.PerfectInformation, "mpc-perfect") beats
// the rule; every policy beats grid-only. The rolling horizon with
// forecasts ("mpc") is not held to beat the rule, which reacts to
// actuals while the plan trusts forecasts that may be wrong.
var orderPairs = [][2]dispatch.Policy{
	{dispatch.Perfect, dispatch.PerfectInformation},
	{dispatch.Perfect, dispatch.RollingHorizon},
	{dispatch.Perfect, dispatch.SelfConsumptionPolicy},
	{dispatch.PerfectInformation, dispatch.SelfConsumptionPolicy},
	{dispatch.SelfConsumptionPolicy, dispatch.GridOnlyPolicy},
	{dispatch.RollingHorizon, dispatch.GridOnlyPolicy},
	{dispatch.PerfectInformation, dispatch.GridOnlyPolicy},
	{dispatch.Perfect, dispatch.GridOnlyPolicy},
}

// CheckOrder checks the adjusted residuals (kgCO2e) of rows: perfect ≤
// mpc-perfect ≤ self ≤ grid, perfect ≤ mpc ≤ grid, within OrderTolerance
// relative to the larger value (and 1e-6 kgCO2e absolute). Pairs with a
// policy missing from rows are skipped; every pair out of order is named.
func CheckOrder(rows []Row) error {
	adj := map[dispatch.Policy]float64{}
	for _, r := range rows {
		adj[r.Policy] = r.Report.AdjustedResidualKgCO2e
	}
	var bad []string
	for _, pr := range orderPairs {
		a, okA := adj[pr[0]]
		b, okB := adj[pr[1]]
		if okA && okB && a > b+OrderTolerance*max(abs(a), abs(b))+1e-6 {
			bad = append(bad, fmt.Sprintf("%s %.6g > %s %.6g kgCO2e", pr[0], a, pr[1], b))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("benchmarks: adjusted residual out of order: %s", strings.Join(bad, "; "))
	}
	return nil
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// Facts are a park's sizes, for the suite's park table.
type Facts struct {
	LoadMWh, PeakLoadKW      float64
	PVKWp, WindKW            float64
	BatteryKWh, BatteryKW    float64
	ImportLimitKW            float64
	PVMWh, WindMWh           float64 // available, before curtailment
	BaselineTCO2e            float64 // all load from the grid, accounting factor
	RenewableOverLoad        float64 // (PV + wind available) / load
	DispatchKind, Accounting string
	// SeparateAccounting: the ledger's factor is not the signal the LP
	// minimises, so the policies' order need not hold in the ledger.
	SeparateAccounting bool
}

// ParkFacts sums a scenario's sizes and annual (or period) energies.
func ParkFacts(s *scenario.Scenario) Facts {
	p, pr := s.Park, s.Profiles
	h := pr.Step.Hours()
	var f Facts
	for t := 0; t < pr.Len; t++ {
		l := pr.TotalLoadKW(t)
		f.LoadMWh += l * h / 1000
		f.PeakLoadKW = max(f.PeakLoadKW, l)
		f.BaselineTCO2e += l * pr.AccountingKgCO2ePerKWh[t] * h / 1000
		for _, v := range pr.PVAvailKW {
			f.PVMWh += v[t] * h / 1000
		}
		for _, v := range pr.WindAvailKW {
			f.WindMWh += v[t] * h / 1000
		}
	}
	tot := p.Totals()
	f.PVKWp, f.WindKW, f.BatteryKWh, f.BatteryKW = tot.PVKWp, tot.WindKW, tot.BatteryKWh, tot.BatteryDischargeKW
	f.ImportLimitKW = p.Grid.ImportLimitKW
	if f.LoadMWh > 0 {
		f.RenewableOverLoad = (f.PVMWh + f.WindMWh) / f.LoadMWh
	}
	f.DispatchKind = signalKind(p.Grid.DispatchCarbon)
	if p.Grid.AccountingCarbon != nil {
		f.SeparateAccounting = true
		f.Accounting = signalKind(*p.Grid.AccountingCarbon)
	} else {
		f.Accounting = f.DispatchKind
	}
	return f
}

func signalKind(c model.CarbonSignal) string {
	k := string(c.Kind)
	if k == "" {
		k = "unspecified"
	}
	if c.Column != "" {
		return k + " hourly"
	}
	return fmt.Sprintf("%s %g kg/kWh", k, c.KgCO2ePerKWh)
}
