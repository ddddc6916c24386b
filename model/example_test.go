package model_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/zeropark/zeropark/model"
)

const examplePark = `{
  "name": "demo park",
  "loads": [{"name": "factory", "column_kw": "load_kw"}],
  "pv": [{"name": "roof", "capacity_kwp": 400, "availability_column_kw_per_kwp": "pv"}],
  "batteries": [{"name": "b1", "energy_kwh": 800, "max_charge_kw": 200, "max_discharge_kw": 200,
    "charge_efficiency": 0.95, "discharge_efficiency": 0.95,
    "min_soc_fraction": 0.1, "max_soc_fraction": 0.9, "initial_soc_fraction": 0.5,
    "self_discharge_per_hour": 0}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0,
    "dispatch_carbon": {"kgco2e_per_kwh": 0.5703, "kind": "average", "source": "national grid factor"}}
}`

const exampleSeries = `timestamp,load_kw,pv
2023-06-01T10:00:00+08:00,300,0.5
2023-06-01T10:30:00+08:00,320,0.75
2023-06-01T11:00:00+08:00,310,0.8
`

func ExampleReadParkJSON() {
	p, err := model.ReadParkJSON(strings.NewReader(examplePark), "park.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Name, len(p.Loads), p.PV[0].CapacityKWp, p.Grid.ImportLimitKW)

	// A misspelt key is named with its asset and path, and what was meant.
	bad := strings.Replace(examplePark, `"capacity_kwp"`, `"capacity_kw"`, 1)
	_, err = model.ReadParkJSON(strings.NewReader(bad), "bad.json")
	fmt.Println(err)
	var je *model.JSONError
	if errors.As(err, &je) {
		fmt.Println(je.Path, errors.Is(err, model.ErrInvalid))
	}
	// Output:
	// demo park 1 400 +Inf
	// model: bad.json:4:27: pv[0] "roof": key "capacity_kw": unknown key ("capacity_kw" is a key of wind[] and chp[], not of pv[]; did you mean "capacity_kwp"?)
	// pv[0].capacity_kw true
}

func ExamplePark_WriteJSON() {
	p := &model.Park{
		Name:  "tiny",
		Loads: []model.Load{{Name: "l", Column: "load_kw"}},
		Grid:  model.Grid{ImportLimitKW: model.Unlimited, DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.4}},
	}
	if err := p.WriteJSON(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {
	//   "name": "tiny",
	//   "loads": [
	//     {
	//       "name": "l",
	//       "column_kw": "load_kw"
	//     }
	//   ],
	//   "pv": [],
	//   "wind": [],
	//   "batteries": [],
	//   "grid": {
	//     "import_limit_kw": "unlimited",
	//     "export_limit_kw": 0,
	//     "dispatch_carbon": {
	//       "kgco2e_per_kwh": 0.4
	//     }
	//   }
	// }
}

func ExampleReadSeriesCSV() {
	s, err := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Start.Format(time.RFC3339), s.Step, s.Len, s.Names, s.Columns["load_kw"])

	_, err = model.ReadSeriesCSV(strings.NewReader(exampleSeries+"2023-06-01T11:30:00+08:00,abc,0.7\n"), "series.csv")
	fmt.Println(err)
	var pe *model.ParseError
	fmt.Println(errors.As(err, &pe), pe.Line, pe.Column, errors.Is(err, model.ErrInvalid))
	// Output:
	// 2023-06-01T10:00:00+08:00 30m0s 3 [load_kw pv] [300 320 310]
	// model: series.csv:5: column "load_kw": value "abc": invalid number
	// true 5 load_kw true
}

func ExamplePark_Validate() {
	// A park file that reads but does not validate: each problem names
	// the line and column of its key.
	bad := strings.NewReplacer(`"capacity_kwp": 400`, `"capacity_kwp": -400`,
		`"charge_efficiency": 0.95`, `"charge_efficiency": 1.2`,
		`"min_soc_fraction": 0.1`, `"min_soc_fraction": 0.95`).Replace(examplePark)
	p, _ := model.ReadParkJSON(strings.NewReader(bad), "park.json")
	err := p.Validate()
	fmt.Println(err)
	fmt.Println(errors.Is(err, model.ErrInvalid))

	// A park built (or changed) in Go has no file to point at; its grid's
	// carbon factor left out is a grid free of carbon, refused unless a
	// kind or a source says it is meant.
	p = &model.Park{Loads: []model.Load{{Name: "factory", Column: "load_kw"}},
		PV: []model.PVArray{{Name: "roof", CapacityKWp: -400, AvailabilityColumn: "pv"}}}
	fmt.Println(p.Validate())
	// Output:
	// model: park.json:4:27: pv "roof": capacity_kwp = -400: must be finite and ≥ 0
	// model: park.json:6:5: battery "b1": charge_efficiency = 1.2: must be in (0, 1]
	// model: park.json:7:5: battery "b1": min_soc_fraction = 0.95: must be ≤ max_soc_fraction (0.9)
	// true
	// model: pv "roof": capacity_kwp = -400: must be finite and ≥ 0
	// model: grid: dispatch_carbon.kgco2e_per_kwh = 0: a constant 0 makes every kWh imported free of carbon (a grid-only park zero-carbon): give the grid's factor (kgco2e_per_kwh or column_kgco2e_per_kwh; in Go KgCO2ePerKWh or Column), or for a grid free of carbon on purpose say so with kind or source
}

func ExamplePark_ValidateWith() {
	p, _ := model.ReadParkJSON(strings.NewReader(examplePark), "park.json")
	s, _ := model.ReadSeriesCSV(strings.NewReader(strings.Replace(exampleSeries, "0.75", "300", 1)), "series.csv")
	p.Loads[0].Column = "demand_kw"
	fmt.Println(p.ValidateWith(s))
	// Output:
	// model: series.csv: load "factory": column_kw = "demand_kw": no such column in the series (have "load_kw", "pv"); the park names it at park.json:3:33
	// model: series.csv:3: pv "roof": availability_column_kw_per_kwp = "pv": interval 1 (2023-06-01T10:30:00+08:00): value 300: must be in [0, 1.5] (kW per kW installed; does the column hold kW?)
}

func ExampleResolve() {
	p, _ := model.ReadParkJSON(strings.NewReader(examplePark), "park.json")
	s, _ := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	pr, err := model.Resolve(p, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("load kW:", pr.LoadKW[0])
	fmt.Println("pv kW:", pr.PVAvailKW[0]) // 400 kWp × availability
	fmt.Println("carbon:", pr.DispatchKgCO2ePerKWh)
	fmt.Println("last hour:", pr.Slice(1, 3).PVAvailKW[0])
	// Output:
	// load kW: [300 320 310]
	// pv kW: [200 300 320]
	// carbon: [0.5703 0.5703 0.5703]
	// last hour: [300 320]
}

func ExampleDerivedColumn() {
	fmt.Println(model.DerivedColumn("pv", "carport"))
	// Output: derived:pv:carport
}

func ExampleEnergyKWh() {
	// 200 kW held for a 15-minute step is 50 kWh.
	fmt.Println(model.EnergyKWh(200, 15*time.Minute))
	// Output: 50
}

func ExampleSavePark() {
	dir, _ := os.MkdirTemp("", "park")
	defer os.RemoveAll(dir)
	p, _ := model.ReadParkJSON(strings.NewReader(examplePark), "park.json")
	path := dir + "/park.json"
	if err := model.SavePark(path, p); err != nil {
		fmt.Println(err)
		return
	}
	q, err := model.LoadPark(path)
	fmt.Println(err, q.Name, q.Grid.ImportLimitKW)
	// Output: <nil> demo park +Inf
}

func ExampleSaveSeries() {
	dir, _ := os.MkdirTemp("", "series")
	defer os.RemoveAll(dir)
	s, _ := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	path := dir + "/series.csv"
	if err := model.SaveSeries(path, s.Slice(1, 3)); err != nil {
		fmt.Println(err)
		return
	}
	b, _ := os.ReadFile(path)
	fmt.Print(string(b))
	t, err := model.LoadSeries(path)
	fmt.Println(err, t.Len)
	// Output:
	// timestamp,load_kw,pv
	// 2023-06-01T10:30:00+08:00,320,0.75
	// 2023-06-01T11:00:00+08:00,310,0.8
	// <nil> 2
}

func ExampleSeriesSet_Validate() {
	s, _ := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	s.Step = 7 * time.Minute
	fmt.Println(s.Validate())
	// Output: model: series: step = 7m0s: must be positive and divide an hour (e.g. 1h, 30m, 15m, 5m)
}

func ExampleSeriesSet_SetColumn() {
	s, _ := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	// What package forecast/physics does for a weather-driven array.
	err := s.SetColumn(model.DerivedColumn("pv", "carport"), []float64{0.4, 0.6, 0.65})
	fmt.Println(err, s.Names)
	// Output: <nil> [load_kw pv derived:pv:carport]
}

func ExampleSeriesSet_WriteCSV() {
	s := &model.SeriesSet{
		Start: time.Date(2023, 1, 1, 0, 0, 0, 0, time.FixedZone("", -6*3600)),
		Step:  15 * time.Minute,
		Len:   2,
	}
	_ = s.SetColumn("load_kw", []float64{0.1, 1.0 / 3})
	if err := s.WriteCSV(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// timestamp,load_kw
	// 2023-01-01T00:00:00-06:00,0.1
	// 2023-01-01T00:15:00-06:00,0.3333333333333333
}

func ExampleProfiles_Slice() {
	p, _ := model.ReadParkJSON(strings.NewReader(examplePark), "park.json")
	s, _ := model.ReadSeriesCSV(strings.NewReader(exampleSeries), "series.csv")
	pr, _ := model.Resolve(p, s)
	h := pr.Slice(1, 3) // the horizon starting at interval 1, no copy
	fmt.Println(h.Start.Format(time.RFC3339), h.Len, h.LoadKW[0])
	// Output: 2023-06-01T10:30:00+08:00 2 [320 310]
}

func ExampleParkKeys() {
	for _, r := range model.ParkKeys() {
		if r.Object == "grid" {
			fmt.Println("required:", r.Required)
			for _, o := range r.Optional {
				fmt.Printf("%s when absent: %s\n", o.Key, o.Default)
			}
		}
	}
	// A park file without a grid limit is an error, never a limit of 0.
	_, err := model.ReadParkJSON(strings.NewReader(`{"loads": [], "grid": {"export_limit_kw": 0,
  "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}}`), "park.json")
	fmt.Println(err)
	// Output:
	// required: [import_limit_kw export_limit_kw dispatch_carbon]
	// accounting_carbon when absent: none: dispatch_carbon serves the ledger too
	// import_price when absent: 0
	// export_price when absent: 0
	// demand_charge_per_kw_month when absent: 0
	// model: park.json:1:23: key "grid.import_limit_kw": required key is missing: give a number in kW, or "unlimited" for no limit
}

func ExampleSeriesSet_Line() {
	s, _ := model.ReadSeriesCSV(strings.NewReader("timestamp,load_kw\n"+
		"2023-06-01T10:00:00+08:00,300\n\n"+ // a blank line is skipped
		"2023-06-01T10:30:00+08:00,-5\n"), "series.csv")
	fmt.Println(s.File, s.Line(0), s.Line(1))
	p := &model.Park{Loads: []model.Load{{Name: "factory", Column: "load_kw"}},
		Grid: model.Grid{DispatchCarbon: model.CarbonSignal{KgCO2ePerKWh: 0.5}}}
	fmt.Println(p.ValidateWith(s))
	// Output:
	// series.csv 2 4
	// model: series.csv:4: load "factory": column_kw = "load_kw": interval 1 (2023-06-01T10:30:00+08:00): value -5: must be finite and ≥ 0
}

func ExampleQuote() {
	fmt.Println(model.Quote("co2"))
	fmt.Println(model.Quote(strings.Repeat("9", 100_000)))
	// Output:
	// "co2"
	// "999999999999999999999999999999999999999999999999999999999999"…(100000 bytes)
}

func ExampleQuoteList() {
	fmt.Println(model.QuoteList([]string{"load_kw", "pv"}))
	fmt.Println(model.QuoteList([]string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}))
	fmt.Println(model.QuoteList(nil))
	// Output:
	// "load_kw", "pv"
	// "a", "b", "c", "d", "e", "f", "g", "h", … 2 more
	// none
}

func ExampleCapitalRecoveryFactor() {
	// REopt's default discount rate over a 25-year life: a kWp of PV at
	// 1920 USD costs 1920 × CRF + 20 USD O&M a year.
	crf := model.CapitalRecoveryFactor(0.0624, 25)
	fmt.Printf("CRF %.4f, PV %.1f USD/kWp-year\n", crf, 1920*crf+20)
	// Output: CRF 0.0800, PV 173.6 USD/kWp-year
}

func ExampleTechCosts_CostOfAdding() {
	// 100 kWp of PV at 1920 USD with a 30 % investment tax credit: the
	// investment stays 192,000 USD, 57,600 come back at purchase, and the
	// annuity is of the 134,400 left: × CRF(6.24 %, 25) = 0.0800195,
	// 10,754.6 USD a year.
	pv := model.TechCosts{Unit: "kWp", CapitalPerUnit: 1920, CapitalIncentiveFraction: 0.3, FixedOMPerUnitYear: 20, LifetimeYears: 25}
	inv, capYr, om := pv.CostOfAdding(100, 0.0624)
	fmt.Printf("investment %.0f, incentive %.0f, capital %.0f and O&M %.0f a year\n", inv, pv.IncentiveOf(100), capYr, om)
	// Output: investment 192000, incentive 57600, capital 10755 and O&M 2000 a year
}

func ExamplePark_CapacityCosts() {
	p, _ := model.ReadParkJSON(strings.NewReader(`{
  "loads": [{"name": "factory", "column_kw": "load_kw"}],
  "pv": [{"name": "roof", "capacity_kwp": 400, "availability_column_kw_per_kwp": "pv"}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}},
  "economics": {"currency": "USD", "pv": {"max_total_kwp": 1000, "capital_per_kwp": 1500}}
}`), "park.json")
	c, err := p.CapacityCosts()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("PV: up to %g kWp more at %.1f %s/kWp-year\n", c.PV.MaxAdded(), c.PV.AnnualisedPerUnitYear(c.DiscountRatePerYear), c.Currency)
	fmt.Println("defaulted:", c.Defaulted)

	// In another currency the USD defaults do not apply.
	p.Economics.Currency = "CNY"
	_, err = p.CapacityCosts()
	fmt.Println(err != nil)
	// Output:
	// PV: up to 600 kWp more at 140.0 USD/kWp-year
	// defaulted: [discount_rate_per_year analysis_years pv.fixed_om_per_kwp_year pv.lifetime_years]
	// true
}

func ExamplePrice_At() {
	tariff := model.Price{PerKWh: 0.10, TimeOfUse: []model.TOUPeriod{
		{FromHour: 8, ToHour: 22, Days: model.Weekdays, PerKWh: 0.18},
		{FromHour: 23, ToHour: 7, PerKWh: 0.05}, // past midnight
	}}
	cst := time.FixedZone("CST", 8*3600)
	for _, h := range []int{3, 9, 22} {
		fmt.Println(h, tariff.At(time.Date(2024, 6, 3, h, 0, 0, 0, cst))) // a Monday
	}
	fmt.Println("Sunday 9:", tariff.At(time.Date(2024, 6, 2, 9, 0, 0, 0, cst)))
	// Output:
	// 3 0.05
	// 9 0.18
	// 22 0.1
	// Sunday 9: 0.1
}

func ExampleStaffellAirCOP() {
	// An air-source heat pump delivering 55 °C water on a 5 °C day (a
	// lift of 50 K), and on a −10 °C day (65 K, held at the fit's 60 K).
	m := model.COPModel{Kind: model.StaffellAir, TempColumn: "temp_c", SinkTempC: 55}
	fmt.Printf("%.3f %.3f\n", m.COPAt(5), m.COPAt(-10))
	fmt.Printf("%.3f\n", model.StaffellAirCOP(50))
	// Output:
	// 2.335 1.818
	// 2.335
}

func ExampleFuelCatalogue() {
	for _, f := range model.FuelCatalogue()[:2] {
		fmt.Printf("%s: %g kJ/%s, %g kgce/%s → %.4f kgce and %.4f kgCO2e per kWh (LHV)\n",
			f.Name, f.LHVKJPerUnit, f.Unit, f.KgcePerUnit, f.Unit, f.KgcePerKWhLHV(), f.KgCO2ePerKWhLHV)
	}
	// Output:
	// natural_gas: 35544 kJ/m³, 1.2143 kgce/m³ → 0.1230 kgce and 0.2020 kgCO2e per kWh (LHV)
	// coal: 20908 kJ/kg, 0.7143 kgce/kg → 0.1230 kgce and 0.3406 kgCO2e per kWh (LHV)
}

func ExamplePark_Fuel() {
	p, err := model.ReadParkJSON(strings.NewReader(`{
  "loads": [{"name": "office", "column_kw": "load_kw"}],
  "heat_loads": [{"name": "office heating", "column_kw_th": "heat_kw_th", "kind": "space_heating", "tenant": "office"}],
  "fuel_boilers": [{"name": "boiler", "capacity_kw_th": 800, "efficiency_lhv": 0.9, "fuel": "natural_gas"}],
  "fuels": [{"name": "natural_gas", "price_per_kwh_lhv": 0.035}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}
}`), "park.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("valid:", p.Validate() == nil, "heat:", p.HasHeat())
	gas, _ := p.Fuel(p.FuelBoilers[0].Fuel)
	// 100 kWh of heat from the boiler burns 100/0.9 kWh of gas (LHV).
	fuelKWh := 100 / p.FuelBoilers[0].EfficiencyLHV
	fmt.Printf("%.1f kWh of gas: %.2f kgCO2e, %.2f kgce, %.2f to pay\n",
		fuelKWh, fuelKWh*gas.KgCO2ePerKWhLHV, fuelKWh*gas.KgcePerKWhLHV, fuelKWh*gas.PricePerKWhLHV)
	fmt.Println("defaulted:", gas.Defaulted)
	// Output:
	// valid: true heat: true
	// 111.1 kWh of gas: 22.44 kgCO2e, 13.67 kgce, 3.89 to pay
	// defaulted: [kgco2e_per_kwh_lhv kgce_per_kwh_lhv renewable]
}

func ExampleResolve_heat() {
	p, _ := model.ReadParkJSON(strings.NewReader(`{
  "loads": [{"name": "office", "column_kw": "load_kw"}],
  "heat_loads": [{"name": "office heating", "column_kw_th": "heat_kw_th"}],
  "heat_pumps": [{"name": "ashp", "capacity_kw_th": 200,
    "cop_model": {"kind": "staffell_air", "temp_column_c": "temp_c", "sink_temp_c": 45}}],
  "grid": {"import_limit_kw": "unlimited", "export_limit_kw": 0, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}
}`), "park.json")
	set, _ := model.ReadSeriesCSV(strings.NewReader(`timestamp,load_kw,heat_kw_th,temp_c
2024-01-15T06:00:00+08:00,80,150,-5
2024-01-15T07:00:00+08:00,90,120,0
2024-01-15T08:00:00+08:00,120,60,10
`), "series.csv")
	prof, err := model.Resolve(p, set)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Lifts of 50, 45 and 35 K: COP = 6.81 − 0.121 ΔT + 0.00063 ΔT².
	for t := range prof.Len {
		cop := prof.HeatPumpCOP[0][t]
		fmt.Printf("%s heat %g kW_th, COP %.2f: %.1f kW of electricity\n",
			prof.Start.Add(time.Duration(t)*prof.Step).Format("15:04"), prof.HeatLoadKWTh[0][t], cop, prof.HeatLoadKWTh[0][t]/cop)
	}
	// Output:
	// 06:00 heat 150 kW_th, COP 2.33: 64.2 kW of electricity
	// 07:00 heat 120 kW_th, COP 2.64: 45.4 kW of electricity
	// 08:00 heat 60 kW_th, COP 3.35: 17.9 kW of electricity
}
