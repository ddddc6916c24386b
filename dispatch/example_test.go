package dispatch_test

import (
	"errors"
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

// persistence forecasts every value as the last one observed (0 before
// any): the simplest forecaster a caller can hand the rolling horizon;
// package forecast has better ones.
type persistence struct{}

func (persistence) Forecast(h model.Series, out []float64) error {
	last := 0.0
	if n := len(h.Values); n > 0 {
		last = h.Values[n-1]
	}
	for i := range out {
		out[i] = last
	}
	return nil
}

// The standard catalogue, run entry by entry: the caller makes the
// forecasters of the policy that plans with forecasts.
func ExamplePolicies() {
	p, pr := examplePark()
	for _, e := range dispatch.Policies() {
		cfg := dispatch.DefaultConfig()
		if e.UsesForecasts {
			f := persistence{}
			cfg.Forecasts = &model.ForecastSet{Load: []model.Forecaster{f}, PV: []model.Forecaster{f}, Carbon: f}
		}
		res, err := e.Run(p, pr, cfg)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%-11s %-21s %5.0f kgCO2e\n", e.Name, e.Title, res.Report.AdjustedResidualKgCO2e)
	}
	// Output:
	// grid        grid-only              3420 kgCO2e
	// self        self-consumption       1850 kgCO2e
	// mpc         rolling horizon        1850 kgCO2e
	// mpc-perfect rolling, perfect info  1793 kgCO2e
	// perfect     perfect foresight      1793 kgCO2e
}

// RunPolicy runs a policy of the standard catalogue by name. The rolling
// horizon with forecasts needs forecasters: without them it is refused,
// not silently run on perfect information.
func ExampleRunPolicy() {
	p, pr := examplePark()
	_, err := dispatch.RunPolicy(dispatch.RollingHorizon, p, pr, dispatch.DefaultConfig())
	fmt.Println("mpc without forecasters:", errors.Is(err, dispatch.ErrConfig))
	res, err := dispatch.RunPolicy(dispatch.PerfectInformation, p, pr, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %.0f kgCO2e\n", res.Policy, res.Report.AdjustedResidualKgCO2e)
	// Output:
	// mpc without forecasters: true
	// mpc-perfect: 1793 kgCO2e
}

// Parse reads a --policy value; Title names a policy in a report.
func ExampleCatalogue_Parse() {
	cat := dispatch.Policies()
	pol, err := cat.Parse("mpc-perfect")
	fmt.Println(pol, err, "→", cat.Title(pol))
	_, err = cat.Parse("mcp")
	fmt.Println(err)
	// Output:
	// mpc-perfect <nil> → rolling, perfect info
	// dispatch: invalid config: unknown policy "mcp" (want grid, self, mpc, mpc-perfect or perfect)
}

func ExampleAccount() {
	p, pr := examplePark()
	res, _ := dispatch.GridOnly(p, pr, dispatch.DefaultConfig())
	cfg := dispatch.DefaultLedgerConfig()
	cfg.OffsetPricePerTCO2e = 20 // currency per tCO2e
	r, err := dispatch.Account(p, res.Schedule, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
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
	res, err := dispatch.RunPolicy(dispatch.PerfectInformation, p, pr, dispatch.DefaultConfig())
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

// HorizonSteps checks a look-ahead against the series' step before any LP
// is built.
func ExampleHorizonSteps() {
	for _, c := range []struct{ horizon, step time.Duration }{
		{24 * time.Hour, 15 * time.Minute},
		{90 * time.Minute, time.Hour},
		{24 * time.Hour, time.Second},
	} {
		n, err := dispatch.HorizonSteps(c.horizon, c.step)
		switch {
		case errors.Is(err, dispatch.ErrConfig):
			fmt.Println("not a whole number of steps")
		case errors.Is(err, dispatch.ErrTooLarge):
			fmt.Println("too long:", err)
		default:
			fmt.Println(n, "steps")
		}
	}
	// Output:
	// 96 steps
	// not a whole number of steps
	// too long: dispatch: problem too large: Horizon = 24h0m0s is 86400 steps of 1s, more than the 10000 a rolling horizon looks ahead (every interval re-solves an LP that long): shorten the horizon to at most 2h46m40s, or use a coarser series step
}

// EstimateLP sizes perfect foresight before building it: a year of
// 15-minute steps on the example park is fine, a year of seconds is not.
func ExampleEstimateLP() {
	p, _ := examplePark()
	for _, steps := range []int{365 * 96, 365 * 86400} {
		s := dispatch.EstimateLP(p, steps)
		fmt.Printf("%d steps: %d columns, %d rows, %d non-zeros, %.1f GB, too large: %v\n",
			steps, s.Columns, s.Rows, s.NonZeros, float64(s.Bytes)/1e9, s.Bytes > dispatch.MaxLPBytes)
	}
	// Output:
	// 35040 steps: 280321 columns, 70080 rows, 385440 non-zeros, 0.4 GB, too large: false
	// 31536000 steps: 252288001 columns, 63072000 rows, 346896000 non-zeros, 346.9 GB, too large: true
}

// EstimateFootprint says what a comparison of every policy will hold in
// memory, by part; Check compares it with what the process may still take.
// By hand: each of the five schedules holds (10 + 2·1 PV + 3·1 battery) ×
// 8,760 values of 8 bytes = 1.05 MB.
func ExampleEstimateFootprint() {
	p, _ := examplePark()
	f := dispatch.EstimateFootprint(p, 8760, 24, dispatch.Policies().Names()...)
	fmt.Printf("profiles %.2f MB, schedules %.2f MB, solver %.1f MB, forecasts %.2f MB\n",
		float64(f.ProfilesBytes)/1e6, float64(f.SchedulesBytes)/1e6, float64(f.SolverBytes)/1e6, float64(f.ForecastBytes)/1e6)
	fmt.Println("fits:", f.Check() == nil)
	// Output:
	// profiles 0.42 MB, schedules 5.26 MB, solver 97.0 MB, forecasts 0.09 MB
	// fits: true
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

// A Rolling is Run's loop body: an energy-management system plans the
// next interval from its data, acts on interval 0 of the plan, and once
// the interval is over settles it against what was measured. Here the
// data are the example's profiles seen perfectly (no forecasters).
func ExampleRolling() {
	p, pr := examplePark()
	r, err := dispatch.NewRolling(p, time.Hour, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	defer r.Close()
	for t := 0; t < 23; t++ {
		plan, err := r.Plan(pr, t)
		if err != nil {
			fmt.Println(err)
			return
		}
		// ... send plan's interval 0 to the inverters, wait for the interval to end ...
		settled, err := r.Settle(pr, t)
		if err != nil {
			fmt.Println(err)
			return
		}
		if t >= 20 {
			fmt.Printf("%s discharge %.0f kW, import %.0f kW, battery %.0f kWh\n",
				plan.Start.Format("15:04"), settled.DischargeKW[0][0], settled.ImportKW[0], r.State().SoCKWh[0])
		}
	}
	// Output:
	// 20:00 discharge 150 kW, import 30 kW, battery 376 kWh
	// 21:00 discharge 150 kW, import 30 kW, battery 218 kWh
	// 22:00 discharge 150 kW, import 30 kW, battery 60 kWh
}

// A park with heat: the example tenant's 80 kW_th of heat served by a gas
// boiler (η 0.9) and, when it pays in carbon, by a heat pump (COP 3) on the
// grid or the midday PV, with a hot-water store between. The ledger covers
// both carriers; the heat section says where the heat came from.
func ExamplePerfectForesight_heat() {
	p, pr := examplePark()
	p.HeatLoads = []model.HeatLoad{{Name: "tenant heat", Column: "heat_kw_th", Tenant: "tenant"}}
	p.HeatPumps = []model.HeatPump{{Name: "heat pump", CapacityKWTh: 60, COP: 3}}
	p.FuelBoilers = []model.FuelBoiler{{Name: "gas boiler", CapacityKWTh: 200, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 200, MaxChargeKWTh: 60, MaxDischargeKWTh: 60, MaxSoCFraction: 1}}
	heat, cop := make([]float64, pr.Len), make([]float64, pr.Len)
	for t := range heat {
		heat[t], cop[t] = 80, 3
	}
	pr.HeatLoadKWTh, pr.HeatPumpCOP = [][]float64{heat}, [][]float64{cop}
	pr.PurchasedHeatKgCO2ePerKWhTh, pr.PurchasedHeatPricePerKWhTh = [][]float64{}, [][]float64{}
	res, err := dispatch.PerfectForesight(p, pr, dispatch.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}
	// The gas: 1,800 kWh_th / 0.9 = 2,000 kWh of LHV × 0.202 kgCO2/kWh = 404
	// kgCO2e and × 0.1230 kgce/kWh = 0.246 tce. The heat pump runs when the
	// grid is below 3 × 0.224 = 0.67 kgCO2e/kWh, where its heat is cleaner.
	h := res.Report.Heat
	fmt.Printf("heat %.0f kWh_th: heat pump %.0f, gas %.0f, unserved %.0f\n", h.LoadKWhTh, h.HeatPumpKWhTh, h.FuelBoilerKWhTh, h.UnservedKWhTh)
	fmt.Printf("residual %.0f kgCO2e = grid %.0f + gas %.0f\n", res.Report.ResidualKgCO2e, h.GridKgCO2e, h.FuelKgCO2e)
	fmt.Printf("consumption %.3f tce = electricity %.3f + fuel %.3f\n", res.Report.StageBasis.ConsumptionTce, h.ElectricityTce, h.FuelTce)
	// Output:
	// heat 3840 kWh_th: heat pump 2040, gas 1800, unserved 0
	// residual 2344 kgCO2e = grid 1940 + gas 404
	// consumption 1.138 tce = electricity 0.892 + fuel 0.246
}
