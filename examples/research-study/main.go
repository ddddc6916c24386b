// Command research-study is a small study scripted with zeropark's Go API:
// on the embedded demo parks texas2012 and greensboro, how do the cheapest
// near-zero-carbon design and its cost a year change with the battery's
// capital cost, and how does that design operate under a carbon price in
// the dispatch? It prints a table and writes research-study.csv.
//
// Run from the repository root:
//
//	go run ./examples/research-study [-hours 336] [-out research-study.csv]
//
// See README.md next to this file for what it shows.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

// The study's axes.
var (
	demos = []string{"texas2012", "greensboro"}
	// batteryCostFactors scale REopt's default battery capital costs
	// (model.DefaultBatteryCapitalPerKWh, 253 USD/kWh, and
	// model.DefaultBatteryCapitalPerKW, 968 USD/kW) together.
	batteryCostFactors = []float64{0.5, 1, 1.5}
	// carbonPrices are the dispatch's carbon prices (USD per tCO2e) under
	// which each design is re-run (the Cost objective).
	carbonPrices = []float64{0, 50, 200}
)

// Row is one line of the study: a design and one operation check of it.
type Row struct {
	Demo                   string
	BatteryCapitalPerKWh   float64 // USD per kWh
	BatteryCapitalPerKW    float64 // USD per kW
	AddedPVKWp             float64
	AddedWindKW            float64
	AddedBatteryKWh        float64
	AddedBatteryKW         float64
	CapitalPerYear         float64 // USD a year (annuity)
	FixedOMPerYear         float64 // USD a year
	OperatingCostPerYear   float64 // USD a year
	OffsetCostPerYear      float64 // USD a year
	CertificateCostPerYear float64 // USD a year
	TotalCostPerYear       float64 // USD a year
	ResidualTCO2ePerYear   float64 // tCO2e a year
	CarbonPricePerTCO2e    float64 // USD per tCO2e, the re-run's
	CheckStage             dispatch.Stage
	CheckHolds             bool
	CheckMargin            float64 // 1 − value/limit of the tightest condition
	CheckResidualTCO2e     float64 // tCO2e over the period
	CheckOperatingPerYear  float64 // USD a year
	CheckStoredChangeKWh   float64 // kWh the batteries end with above their start
	// RollingStage and RollingMargin are the same check under the rolling
	// horizon with the default forecasters (24 h look-ahead).
	RollingStage  dispatch.Stage
	RollingMargin float64
	// Unreachable says why no design within the candidates' bounds
	// reaches near-zero-carbon at this battery cost (plan's diagnosis);
	// the row then has no design, its figures are empty in the CSV, and
	// the study goes on with the next case.
	Unreachable string
	design      *plan.Design
}

// Study runs the study over the first hours of each demo and returns its
// rows, in a fixed order (demo, battery cost, carbon price).
func Study(hours int) ([]Row, error) {
	var rows []Row
	for _, name := range demos {
		for _, f := range batteryCostFactors {
			s, cfg, err := scenario.Open(scenario.Options{Demo: name, Horizon: 24 * time.Hour,
				LimitHours: hours, Objective: "cost"})
			if err != nil {
				return nil, err
			}
			perKWh, perKW := f*model.DefaultBatteryCapitalPerKWh, f*model.DefaultBatteryCapitalPerKW
			b := s.Park.Economics.Battery
			b.CapitalPerKWh, b.CapitalPerKW = &perKWh, &perKW
			d, err := nearZero(s, cfg)
			if errors.Is(err, plan.ErrUnreachable) {
				rows = append(rows, Row{Demo: name, BatteryCapitalPerKWh: perKWh, BatteryCapitalPerKW: perKW,
					Unreachable: err.Error()})
				continue
			}
			if err != nil {
				return nil, fmt.Errorf("%s, battery ×%g: %w", name, f, err)
			}
			for _, price := range carbonPrices {
				c := cfg
				c.CarbonPricePerTCO2e = price
				checks, err := s.CheckOperation(d.Park, dispatch.NearZeroCarbon, c)
				if err != nil {
					return nil, fmt.Errorf("%s, battery ×%g, carbon price %g: %w", name, f, price, err)
				}
				ck := checks[0] // perfect foresight (scenario.CheckPolicies)
				r := Row{Demo: name, BatteryCapitalPerKWh: perKWh, BatteryCapitalPerKW: perKW,
					AddedPVKWp: d.Added(plan.TechPV), AddedWindKW: d.Added(plan.TechWind),
					AddedBatteryKWh: d.Added(plan.TechBatteryEnergy), AddedBatteryKW: d.Added(plan.TechBatteryPower),
					CapitalPerYear: d.CapitalPerYear, FixedOMPerYear: d.FixedOMPerYear,
					OperatingCostPerYear: d.OperatingCostPerYear, OffsetCostPerYear: d.OffsetCostPerYear,
					CertificateCostPerYear: d.CertificateCostPerYear, TotalCostPerYear: d.TotalCostPerYear,
					ResidualTCO2ePerYear: d.ResidualTCO2ePerYear, CarbonPricePerTCO2e: price,
					CheckStage: ck.Stage, CheckHolds: ck.Holds, CheckMargin: ck.Margin,
					CheckResidualTCO2e: ck.ResidualTCO2e, CheckStoredChangeKWh: ck.StoredChangeKWh,
					RollingStage: checks[1].Stage, RollingMargin: checks[1].Margin, design: d}
				if ck.OperatingCostPerYear != nil {
					r.CheckOperatingPerYear = *ck.OperatingCostPerYear
				}
				rows = append(rows, r)
			}
		}
	}
	return rows, nil
}

// nearZero plans the cheapest near-zero-carbon design of s's park over its
// period, with the study's ledger (scenario.PlanOptions) and one solver.
func nearZero(s *scenario.Scenario, cfg dispatch.Config) (*plan.Design, error) {
	opt := scenario.PlanOptions(cfg)
	opt.Solvers = 1
	m, err := plan.New(s.Park, s.Series, opt)
	if err != nil {
		return nil, err
	}
	defer m.Close()
	return m.Plan(dispatch.NearZeroCarbon)
}

var header = []string{"demo", "battery_capital_per_kwh", "battery_capital_per_kw",
	"added_pv_kwp", "added_wind_kw", "added_battery_kwh", "added_battery_kw",
	"capital_per_year", "fixed_om_per_year", "operating_cost_per_year", "offset_cost_per_year",
	"certificate_cost_per_year", "total_cost_per_year", "residual_tco2e_per_year",
	"carbon_price_per_tco2e", "check_stage", "check_holds", "check_margin",
	"check_residual_tco2e", "check_operating_cost_per_year", "check_stored_change_kwh",
	"rolling_stage", "rolling_margin", "unreachable"}

// num writes v as zeropark's own CSV files do (results.FormatNumber): full
// precision, never in exponent notation.
func num(v float64) string { return results.FormatNumber(v) }

// WriteCSV writes rows with full precision: a rerun compares byte for
// byte.
func WriteCSV(w io.Writer, rows []Row) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		if r.Unreachable != "" {
			rec := make([]string, len(header))
			rec[0], rec[1], rec[2], rec[len(rec)-1] = r.Demo, num(r.BatteryCapitalPerKWh), num(r.BatteryCapitalPerKW), r.Unreachable
			if err := cw.Write(rec); err != nil {
				return err
			}
			continue
		}
		rec := []string{r.Demo, num(r.BatteryCapitalPerKWh), num(r.BatteryCapitalPerKW),
			num(r.AddedPVKWp), num(r.AddedWindKW), num(r.AddedBatteryKWh), num(r.AddedBatteryKW),
			num(r.CapitalPerYear), num(r.FixedOMPerYear), num(r.OperatingCostPerYear), num(r.OffsetCostPerYear),
			num(r.CertificateCostPerYear), num(r.TotalCostPerYear), num(r.ResidualTCO2ePerYear),
			num(r.CarbonPricePerTCO2e), string(r.CheckStage), strconv.FormatBool(r.CheckHolds), num(r.CheckMargin),
			num(r.CheckResidualTCO2e), num(r.CheckOperatingPerYear), num(r.CheckStoredChangeKWh),
			string(r.RollingStage), num(r.RollingMargin), ""}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// PrintTable prints rows for a reader.
func PrintTable(w io.Writer, rows []Row) {
	fmt.Fprintf(w, "%-11s %8s %8s %8s %9s %8s %12s %10s | %7s %-17s %7s %12s %10s %8s\n",
		"demo", "batt/kWh", "PV kWp", "wind kW", "batt kWh", "batt kW", "total USD/y", "tCO2e/y",
		"CO2 USD", "re-run stage", "margin", "op. USD/y", "stored kWh", "rolling")
	for _, r := range rows {
		if r.Unreachable != "" {
			fmt.Fprintf(w, "%-11s %8.1f   %s\n", r.Demo, r.BatteryCapitalPerKWh, r.Unreachable)
			continue
		}
		fmt.Fprintf(w, "%-11s %8.1f %8.0f %8.0f %9.0f %8.0f %12.0f %10.1f | %7.0f %-17s %6.1f%% %12.0f %10.0f %7.1f%%\n",
			r.Demo, r.BatteryCapitalPerKWh, r.AddedPVKWp, r.AddedWindKW, r.AddedBatteryKWh, r.AddedBatteryKW,
			r.TotalCostPerYear, r.ResidualTCO2ePerYear, r.CarbonPricePerTCO2e, r.CheckStage,
			100*r.CheckMargin, r.CheckOperatingPerYear, r.CheckStoredChangeKWh, 100*r.RollingMargin)
	}
}

func main() {
	hours := flag.Int("hours", 336, "plan over the first `HOURS` of each demo's year")
	out := flag.String("out", "research-study.csv", "the CSV `FILE` to write")
	flag.Parse()
	rows, err := Study(*hours)
	if err != nil {
		log.Fatal(err)
	}
	PrintTable(os.Stdout, rows)
	// Beside the output, so that the rename stays on one file system.
	f, err := os.CreateTemp(filepath.Dir(*out), ".research-study-*.csv")
	if err != nil {
		log.Fatal(err)
	}
	if err := WriteCSV(f, rows); err != nil {
		f.Close()
		os.Remove(f.Name())
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		log.Fatal(err)
	}
	if err := os.Rename(f.Name(), *out); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", *out)
}
