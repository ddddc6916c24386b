package dispatch

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zeropark/zeropark/model"
)

// benchPark is the benchmark park: 1 PV, 1 wind, 1 battery, 3
// loads, hourly, with a year of synthetic but realistic-shaped series
// (the real-data runs are in benchmarks/).
func benchPark(n int) (*model.Park, *model.Profiles) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := &model.Park{
		Name: "bench",
		Loads: []model.Load{
			{Name: "office", Column: "c"}, {Name: "warehouse", Column: "c"}, {Name: "hotel", Column: "c"},
		},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 1500, AvailabilityColumn: "c"}},
		Wind:      []model.WindTurbine{{Name: "wind", CapacityKW: 1000, AvailabilityColumn: "c"}},
		Batteries: []model.Battery{battery("bat", 4000, 1000)},
		Grid:      grid(6000, 2000),
	}
	loads := make([][]float64, 3)
	for i := range loads {
		loads[i] = make([]float64, n)
	}
	pv, wind, carbon := make([]float64, n), make([]float64, n), make([]float64, n)
	w := 0.4
	for t := 0; t < n; t++ {
		h := float64(t % 24)
		day := math.Max(0, math.Sin(math.Pi*(h-6)/12))
		loads[0][t] = 300 + 500*day*(0.9+0.2*rng.Float64())
		loads[1][t] = 150 + 50*rng.Float64()
		loads[2][t] = 200 + 100*math.Max(0, math.Sin(math.Pi*(h-14)/10))
		pv[t] = 1500 * day * (0.5 + 0.5*rng.Float64())
		w = math.Min(1, math.Max(0, w+0.1*(rng.Float64()-0.5)))
		wind[t] = 1000 * w * w
		carbon[t] = 0.5 + 0.25*math.Sin(math.Pi*(h-3)/12) + 0.05*rng.Float64()
	}
	pr := profiles(p, loads, [][]float64{pv}, [][]float64{wind}, carbon)
	for t := 0; t < n; t++ {
		pr.ImportPricePerKWh[t] = 0.12
		pr.ExportPricePerKWh[t] = 0.03
	}
	return p, pr
}

// benchHeatPark is benchPark with a heat side: the office's space heating
// and hot water (a heat load, larger on cold nights), one air-source heat
// pump whose COP follows a synthetic outdoor temperature through the
// Staffell fit (a coefficient that changes every step: the hard case, see
// doc.go "Heat") and one hot-water store, no boiler.
func benchHeatPark(n int) (*model.Park, *model.Profiles) {
	p, pr := benchPark(n)
	p.HeatLoads = []model.HeatLoad{{Name: "office heat", Column: "c", Tenant: "office"}}
	p.HeatPumps = []model.HeatPump{{Name: "hp", CapacityKWTh: 900, COPModel: &model.COPModel{Kind: model.StaffellAir, TempColumn: "t", SinkTempC: 50}}}
	p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 3000, MaxChargeKWTh: 500, MaxDischargeKWTh: 500,
		MaxSoCFraction: 1, InitialSoCFraction: 0.5, StandingLossPerHour: 0.005}}
	heat, cop := make([]float64, n), make([]float64, n)
	for t := 0; t < n; t++ {
		day := float64(t%8760) / 8760 * 2 * math.Pi
		hour := float64(t%24) / 24 * 2 * math.Pi
		tempC := 10 - 10*math.Cos(day) - 4*math.Cos(hour)
		heat[t] = math.Max(0, 40*(18-tempC)) + 60
		cop[t] = p.HeatPumps[0].COPModel.COPAt(tempC)
	}
	pr.HeatLoadKWTh, pr.HeatPumpCOP = [][]float64{heat}, [][]float64{cop}
	pr.PurchasedHeatKgCO2ePerKWhTh, pr.PurchasedHeatPricePerKWhTh = [][]float64{}, [][]float64{}
	return p, pr
}

// hotSteps runs b.N hot steps of one Dispatcher of p under cfg (whose
// horizon is h hourly steps), the window moved one hour and the state
// carried from each plan, as an energy-management system calls it; it
// reports and returns the time per step, ns.
func hotSteps(b *testing.B, p *model.Park, pr *model.Profiles, h int, cfg Config) float64 {
	b.ReportAllocs()
	d, err := New(p, time.Hour, cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	st := InitialState(p)
	start := time.Now()
	for i := 0; i < b.N; i++ {
		k := i % 8760
		plan, err := d.Step(st, pr.Slice(k, k+h))
		if err != nil {
			b.Fatal(err)
		}
		for j := range st.SoCKWh {
			st.SoCKWh[j] = plan.SoCKWh[j][0]
		}
		for j := range st.HeatSoCKWhTh {
			st.HeatSoCKWhTh[j] = plan.HeatSoCKWhTh[j][0]
		}
	}
	ns := float64(time.Since(start).Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/1e6, "ms/step")
	return ns
}

// BenchmarkStepHeat is BenchmarkStep's hot 96-step case on the park with
// heat (benchHeatPark) beside the electricity-only park in the same run:
// "heat/elec" is the ratio of their times per step (the heat side's
// budget is 2).
func BenchmarkStepHeat(b *testing.B) {
	const h = 96
	cfg := DefaultConfig()
	cfg.Horizon = h * time.Hour
	var elecNs float64
	b.Run(fmt.Sprintf("horizon=%d/elec", h), func(b *testing.B) {
		p, pr := benchPark(8760 + h)
		elecNs = hotSteps(b, p, pr, h, cfg)
	})
	b.Run(fmt.Sprintf("horizon=%d/heat", h), func(b *testing.B) {
		p, pr := benchHeatPark(8760 + h)
		ns := hotSteps(b, p, pr, h, cfg)
		if elecNs > 0 {
			b.ReportMetric(ns/elecNs, "heat/elec")
		}
	})
}

// BenchmarkStep measures one rolling-horizon step as an energy-management
// system calls it: the same Dispatcher, the window moved one hour, new
// state. "hot" re-uses the solver instance; "cold" builds a new one each
// step (model load and a solve from scratch); the hot/cold ratio is
// reported on the hot run.
func BenchmarkStep(b *testing.B) {
	for _, h := range []int{24, 96} {
		p, pr := benchPark(8760 + h)
		cfg := DefaultConfig()
		cfg.Horizon = time.Duration(h) * time.Hour
		var coldNs float64
		b.Run(fmt.Sprintf("horizon=%d/cold", h), func(b *testing.B) {
			b.ReportAllocs()
			st := InitialState(p)
			start := time.Now()
			for i := 0; i < b.N; i++ {
				d, err := New(p, time.Hour, cfg)
				if err != nil {
					b.Fatal(err)
				}
				k := i % 8760
				if _, err := d.Step(st, pr.Slice(k, k+h)); err != nil {
					b.Fatal(err)
				}
				d.Close()
			}
			coldNs = float64(time.Since(start).Nanoseconds()) / float64(b.N)
			b.ReportMetric(coldNs/1e6, "ms/step")
		})
		b.Run(fmt.Sprintf("horizon=%d", h), func(b *testing.B) {
			hot := hotSteps(b, p, pr, h, cfg)
			if coldNs > 0 {
				b.ReportMetric(hot/coldNs, "hot/cold")
			}
		})
	}
}

// BenchmarkYear runs a year hourly: the rolling horizon with perfect
// information (8760 solves; forecasting methods are not measured here) and
// perfect foresight (one LP of ~70k columns).
func BenchmarkYear(b *testing.B) {
	p, pr := benchPark(8760)
	for _, pol := range []Policy{PerfectInformation, Perfect} {
		b.Run(string(pol), func(b *testing.B) {
			b.ReportAllocs()
			var res *Result
			for i := 0; i < b.N; i++ {
				var err error
				res, err = RunPolicy(pol, p, pr, DefaultConfig())
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(res.Report.Solve.TotalS, "solve-s")
			b.ReportMetric(res.Report.ResidualKgCO2e, "kgCO2e")
		})
	}
}

// BenchmarkYearHeat runs a year of the rolling horizon (perfect
// information, 24 h) on the electricity-only bench park and on the same
// park with heat (benchHeatPark: a heat pump whose COP changes every hour,
// a store) in the same run; "heat/elec" is the ratio of their wall times
// (the heat side's budget is 2).
func BenchmarkYearHeat(b *testing.B) {
	year := func(b *testing.B, p *model.Park, pr *model.Profiles) float64 {
		b.ReportAllocs()
		var res *Result
		start := time.Now()
		for i := 0; i < b.N; i++ {
			var err error
			if res, err = RunPolicy(PerfectInformation, p, pr, DefaultConfig()); err != nil {
				b.Fatal(err)
			}
		}
		ns := float64(time.Since(start).Nanoseconds()) / float64(b.N)
		b.ReportMetric(ns/1e9, "s/year")
		b.ReportMetric(res.Report.Solve.TotalS, "solve-s")
		return ns
	}
	var elecNs float64
	b.Run("elec", func(b *testing.B) {
		p, pr := benchPark(8760)
		elecNs = year(b, p, pr)
	})
	b.Run("heat", func(b *testing.B) {
		p, pr := benchHeatPark(8760)
		ns := year(b, p, pr)
		if elecNs > 0 {
			b.ReportMetric(ns/elecNs, "heat/elec")
		}
	})
}

// BenchmarkAttribute shares a year of the bench park's perfect-foresight
// schedule among its tenants, against Account (the ledger) on the same
// schedule as the reference.
func BenchmarkAttribute(b *testing.B) {
	p, pr := benchPark(8760)
	res, err := RunPolicy(Perfect, p, pr, DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	b.Run("attribute", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Attribute(p, pr, res); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("account", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_, _ = Account(p, res.Schedule, DefaultLedgerConfig())
		}
	})
}

// A hot Step allocates nothing: energy-management systems call it every
// interval for years.
func TestStepDoesNotAllocate(t *testing.T) {
	p, pr := benchPark(24 * 8)
	d, err := New(p, time.Hour, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st := InitialState(p)
	windows := make([]*model.Profiles, 100)
	for i := range windows {
		windows[i] = pr.Slice(i, i+24)
	}
	if _, err := d.Step(st, windows[0]); err != nil { // loads the model
		t.Fatal(err)
	}
	k := 1
	allocs := testing.AllocsPerRun(50, func() {
		plan, err := d.Step(st, windows[k%len(windows)])
		if err != nil {
			t.Fatal(err)
		}
		st.SoCKWh[0] = plan.SoCKWh[0][0]
		k++
	})
	if allocs != 0 {
		t.Fatalf("Step allocates %.1f times per call", allocs)
	}
}

// The same with a demand charge under the Cost objective (the peak block
// and the month boundaries are filled every step), across a month end.
func TestStepDoesNotAllocateCostWithDemandCharge(t *testing.T) {
	p, pr := benchPark(24 * 8)
	p.Grid.DemandChargePerKWMonth = 15
	pr.Start = time.Date(2023, 6, 28, 0, 0, 0, 0, time.FixedZone("", 8*3600))
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.CarbonPricePerTCO2e = 50
	d, err := New(p, time.Hour, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st := InitialState(p)
	windows := make([]*model.Profiles, 100)
	for i := range windows {
		windows[i] = pr.Slice(i, i+24)
	}
	if _, err := d.Step(st, windows[0]); err != nil {
		t.Fatal(err)
	}
	k := 1
	allocs := testing.AllocsPerRun(50, func() {
		plan, err := d.Step(st, windows[k%len(windows)])
		if err != nil {
			t.Fatal(err)
		}
		st.SoCKWh[0] = plan.SoCKWh[0][0]
		st.MonthPeakImportKW = math.Max(st.MonthPeakImportKW, plan.ImportKW[0])
		k++
	})
	if allocs != 0 {
		t.Fatalf("Step allocates %.1f times per call", allocs)
	}
}

// BenchmarkStepCost is BenchmarkStep's hot 24-step case under the Cost
// objective with a demand charge and a carbon price (one pass, three more
// columns and two more rows per step).
func BenchmarkStepCost(b *testing.B) {
	const h = 24
	p, pr := benchPark(8760 + h)
	p.Grid.DemandChargePerKWMonth = 15
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.CarbonPricePerTCO2e = 50
	hotSteps(b, p, pr, h, cfg)
}

// BenchmarkAccountAgainstRef times Account and the ledger as it was before
// session 38 made it faster (accountWithRef, ledger_ref_test.go) on the
// same year of a perfect-foresight schedule, alternating in each iteration
// so that both see the same machine: µs/op is Account's time, ref-µs the
// reference's, ref/new their ratio (the speedup). park=elec is the bench
// park (BenchmarkAttribute's account), park=heat the bench park with heat.
func BenchmarkAccountAgainstRef(b *testing.B) {
	for _, park := range []struct {
		name string
		make func(int) (*model.Park, *model.Profiles)
	}{{"elec", benchPark}, {"heat", benchHeatPark}} {
		b.Run("park="+park.name, func(b *testing.B) {
			p, pr := park.make(8760)
			res, err := RunPolicy(Perfect, p, pr, DefaultConfig())
			if err != nil {
				b.Fatal(err)
			}
			cfg := DefaultLedgerConfig()
			b.ReportAllocs()
			var fast, ref time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := Account(p, res.Schedule, cfg); err != nil {
					b.Fatal(err)
				}
				mid := time.Now()
				if _, err := accountWithRef(p, res.Schedule, cfg); err != nil {
					b.Fatal(err)
				}
				fast, ref = fast+mid.Sub(start), ref+time.Since(mid)
			}
			n := float64(b.N)
			b.ReportMetric(float64(fast.Nanoseconds())/n/1e3, "µs/op")
			b.ReportMetric(float64(ref.Nanoseconds())/n/1e3, "ref-µs")
			b.ReportMetric(float64(ref)/float64(fast), "ref/new")
		})
	}
}
