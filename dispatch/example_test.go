package dispatch_test

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// examplePark is a small park: one tenant, PV, a battery, a grid whose
// intensity is low at midday and high in the evening.
func examplePark() (*model.Park, *model.Profiles) {
	p := &model.Park{
		Name:  "example",
		Loads: []model.Load{{Name: "tenant", Column: "load_kw"}},
		PV:    []model.PVArray{{Name: "roof", CapacityKWp: 400, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{{
			Name: "battery", EnergyKWh: 600, MaxChargeKW: 150, MaxDischargeKW: 150,
			ChargeEfficiency: 0.95, DischargeEfficiency: 0.95,
			MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.1,
		}},
		Grid: model.Grid{
			ImportLimitKW: 500, ExportLimitKW: 0,
			DispatchCarbon: model.CarbonSignal{Column: "co2", Kind: model.Average},
		},
	}
	n := 48
	pr := &model.Profiles{
		Start: time.Date(2023, 6, 1, 0, 0, 0, 0, time.UTC), Step: time.Hour, Len: n,
		LoadKW: [][]float64{make([]float64, n)}, PVAvailKW: [][]float64{make([]float64, n)},
		WindAvailKW:          [][]float64{},
		DispatchKgCO2ePerKWh: make([]float64, n), ImportPricePerKWh: make([]float64, n), ExportPricePerKWh: make([]float64, n),
	}
	for t := 0; t < n; t++ {
		h := float64(t % 24)
		pr.LoadKW[0][t] = 120
		if h >= 17 && h <= 22 {
			pr.LoadKW[0][t] += 60 // evening peak
		}
		pr.PVAvailKW[0][t] = 400 * math.Max(0, math.Sin(math.Pi*(h-6)/12))
		pr.DispatchKgCO2ePerKWh[t] = 0.5 + 0.3*math.Sin(math.Pi*(h-15)/12)
		pr.ImportPricePerKWh[t] = 0.12
	}
	pr.AccountingKgCO2ePerKWh = pr.DispatchKgCO2ePerKWh
	return p, pr
}

// An energy-management system keeps one Dispatcher and calls Step every
// interval with the measured state and the next day's forecasts.
func ExampleDispatcher_Step() {
	p, pr := examplePark()
	d, err := dispatch.New(p, time.Hour, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	state := dispatch.InitialState(p)
	for t := 0; t < 3; t++ {
		plan, err := d.Step(state, pr.Slice(t, t+24))
		if err != nil {
			fmt.Println(err)
			return
		}
		// Commit interval 0 of the plan; here the battery did as planned.
		state.SoCKWh[0] = plan.SoCKWh[0][0]
		fmt.Printf("%s import %.0f kW, battery %.0f kWh\n", plan.Start.Format("15:04"), plan.ImportKW[0], plan.SoCKWh[0][0])
	}
	// Output:
	// 00:00 import 120 kW, battery 60 kWh
	// 01:00 import 120 kW, battery 60 kWh
	// 02:00 import 120 kW, battery 60 kWh
}

func ExampleRun() {
	p, pr := examplePark()
	res, err := dispatch.Run(p, pr, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	r := res.Report
	fmt.Printf("baseline %.0f kg, residual %.0f kg, stage %s\n", r.BaselineKgCO2e, r.ResidualKgCO2e, r.Stage)
	// Output:
	// baseline 3420 kg, residual 1793 kg, stage low-carbon
}

func ExamplePerfectForesight() {
	p, pr := examplePark()
	res, err := dispatch.PerfectForesight(p, pr, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("adjusted residual %.0f kgCO2e in %d steps\n", res.Report.AdjustedResidualKgCO2e, res.Report.Steps)
	// Output:
	// adjusted residual 1793 kgCO2e in 48 steps
}

// The baseline is checked by hand: 6,480 kWh of load; 120 kW all day at a
// mean 0.5 kgCO2e/kWh gives 2,880 kg, and the 60 kW evening peak (hours
// 17–22, factors 0.650…0.800, sum 4.502) adds 2 × 60 × 4.502 = 540 kg.
func ExampleGridOnly() {
	p, pr := examplePark()
	res, _ := dispatch.GridOnly(p, pr, dispatch.DefaultConfig())
	fmt.Printf("residual %.0f = baseline %.0f kgCO2e\n", res.Report.ResidualKgCO2e, res.Report.BaselineKgCO2e)
	// Output:
	// residual 3420 = baseline 3420 kgCO2e
}

func ExampleSelfConsumption() {
	p, pr := examplePark()
	res, _ := dispatch.SelfConsumption(p, pr, dispatch.DefaultConfig())
	fmt.Printf("renewable share %.2f, curtailed %.0f kWh\n", res.Report.RenewableShare, res.Report.Energy.Curtailed)
	// Output:
	// renewable share 0.53, curtailed 2492 kWh
}

func ExampleRunPolicy() {
	p, pr := examplePark()
	for _, pol := range dispatch.Policies() {
		res, err := dispatch.RunPolicy(pol, p, pr, dispatch.DefaultConfig())
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-7s %5.0f kgCO2e\n", pol, res.Report.AdjustedResidualKgCO2e)
	}
	// Output:
	// grid     3420 kgCO2e
	// self     1850 kgCO2e
	// mpc      1793 kgCO2e
	// perfect  1793 kgCO2e
}

func ExampleAccount() {
	p, pr := examplePark()
	res, _ := dispatch.GridOnly(p, pr, dispatch.DefaultConfig())
	cfg := dispatch.DefaultLedgerConfig()
	cfg.OffsetPricePerTCO2e = 20 // currency per tCO2e
	r := dispatch.Account(p, res.Schedule, cfg)
	fmt.Printf("offsets %.2f tCO2e cost %.1f; certificates %.2f MWh\n", r.OffsetsNeededTCO2e, r.OffsetCost, r.CertificatesMWh)
	// Output:
	// offsets 3.42 tCO2e cost 68.4; certificates 6.48 MWh
}

func ExampleGap() {
	p, pr := examplePark()
	cfg := dispatch.DefaultConfig()
	perfectInfo, _ := dispatch.Run(p, pr, cfg)
	lower, _ := dispatch.PerfectForesight(p, pr, cfg)
	g := dispatch.Gap(perfectInfo, nil, lower)
	fmt.Printf("rolling horizon above the lower bound: %.1f kgCO2e\n", math.Abs(g.ForecastErrorKgCO2e))
	// Output:
	// rolling horizon above the lower bound: 0.0 kgCO2e
}

func ExampleDefaultConfig() {
	cfg := dispatch.DefaultConfig()
	fmt.Println(cfg.Horizon, cfg.Terminal, cfg.UnservedPenaltyKgCO2ePerKWh, cfg.Validate() == nil)
	// Output:
	// 24h0m0s value 100 true
}

// Attribute shares a run's residual among the tenants: here an office
// (daytime load, when the PV runs) and a cold store (flat, around the
// clock) on the example park.
func ExampleAttribute() {
	p, pr := examplePark()
	p.Loads = []model.Load{{Name: "office", Column: "office_kw"}, {Name: "cold store", Column: "cold_kw"}}
	office, cold := make([]float64, pr.Len), make([]float64, pr.Len)
	for t := range office {
		if h := t % 24; h >= 8 && h < 18 {
			office[t] = 100
		}
		cold[t] = 80
	}
	pr.LoadKW = [][]float64{office, cold}
	res, err := dispatch.RunPolicy(dispatch.RollingHorizon, p, pr, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := dispatch.Attribute(p, pr, res)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range a.Tenants {
		fmt.Printf("%-10s %5.0f kWh  %4.0f kgCO2e  %.3f kgCO2e/kWh\n", t.Name, t.LoadKWh, t.ResidualKgCO2e, t.KgCO2ePerKWh)
	}
	sum := a.StoredChangeKgCO2e + a.ExportedKgCO2e
	for _, t := range a.Tenants {
		sum += t.ResidualKgCO2e
	}
	fmt.Printf("conserved: %v\n", math.Abs(sum-res.Report.ResidualKgCO2e) < 1e-6)
	// Output:
	// office      2000 kWh    55 kgCO2e  0.028 kgCO2e/kWh
	// cold store  3840 kWh   668 kgCO2e  0.174 kgCO2e/kWh
	// conserved: true
}

// The Cost objective with a time-of-use price, a demand charge and a
// carbon price: a planner sees what a price on carbon buys and costs.
func ExampleConfig_costObjective() {
	p, pr := examplePark()
	p.Grid.DemandChargePerKWMonth = 12 // per kW of the month's highest import
	for t := range pr.ImportPricePerKWh {
		if h := t % 24; h >= 8 && h < 22 {
			pr.ImportPricePerKWh[t] = 0.20 // day
		} else {
			pr.ImportPricePerKWh[t] = 0.06 // night
		}
	}
	var carbon []float64
	for _, price := range []float64{0, 2000} {
		cfg := dispatch.DefaultConfig()
		cfg.CarbonPricePerTCO2e = price // > 0 implies dispatch.Cost
		cfg.Objective = dispatch.Cost
		res, err := dispatch.PerfectForesight(p, pr, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		r := res.Report
		fmt.Printf("carbon price %4g: objective %s, demand charge for %d month(s)\n", price, r.Objective, len(r.MonthlyPeakImportKW))
		carbon = append(carbon, r.DispatchSignalKgCO2e)
	}
	fmt.Println("a carbon price lowers the carbon:", carbon[1] < carbon[0])
	// Output:
	// carbon price    0: objective cost, demand charge for 1 month(s)
	// carbon price 2000: objective cost, demand charge for 1 month(s)
	// a carbon price lowers the carbon: true
}

func ExampleParseObjective() {
	o, err := dispatch.ParseObjective("cost")
	fmt.Println(o, err)
	_, err = dispatch.ParseObjective("profit")
	fmt.Println(err)
	// Output:
	// cost <nil>
	// dispatch: invalid config: unknown objective "profit" (want carbon or cost)
}
