package results

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicdir"
	"github.com/zeropark/zeropark/model"
)

// Names of the files of a pathway's output directory (`zeropark plan
// pathway --out`).
const (
	PathwayCSVFile  = "pathway.csv"
	PathwayJSONFile = "pathway.json"
)

// Years a pathway's milestones may name: the park files of a pathway's
// output directory are named by year ([PathwayParkFile]), and these are
// the names [WritePathway] knows as its own.
const (
	PathwayFirstYear = 2000
	PathwayLastYear  = 2199
)

// PathwayParkFile is the park file of the milestone of year y in a
// pathway's output directory: "park-2030.json".
func PathwayParkFile(y int) string { return "park-" + strconv.Itoa(y) + ".json" }

// PathwayFiles are every file a pathway's output directory may hold.
func PathwayFiles() []string {
	files := []string{PathwayCSVFile, PathwayJSONFile}
	for y := PathwayFirstYear; y <= PathwayLastYear; y++ {
		files = append(files, PathwayParkFile(y))
	}
	return files
}

var pathwayFilesWhat = fmt.Sprintf("the pathway's files (%s, %s, park-YEAR.json)", PathwayCSVFile, PathwayJSONFile)

// CheckPathwayDir is [CheckPlanDir] for [WritePathway].
func CheckPathwayDir(dir string) error { return checkDir(dir, PathwayFiles(), pathwayFilesWhat) }

// Pathway is a pathway's report (package plan's Pathway): the trends and
// one row per milestone planned. Money is in Currency a year unless named
// otherwise.
type Pathway struct {
	Park                      string  `json:"park"`
	Currency                  string  `json:"currency"`
	BaseYear                  int     `json:"base_year"`
	GridCarbonDeclinePerYear  float64 `json:"grid_carbon_decline_per_year"`
	CapitalCostDeclinePerYear float64 `json:"capital_cost_decline_per_year"`
	// Milestones is how many were asked for; Rows stops at the first out
	// of reach.
	Milestones int          `json:"milestones"`
	Rows       []PathwayRow `json:"rows"`
}

// PathwayRow is one milestone. Step… is what it adds beyond the park
// built before it, at its year's capital costs: Investment and
// Incentives up front (gross; incentives returned at purchase),
// CapitalPerYear and FixedOMPerYear a year. DesignTotalCostPerYear is the
// milestone design's TotalCostPerYear (its step's annuity and fixed O&M,
// its operation, offsets and certificates); EarlierStepsPerYear the
// annuities and fixed O&M of every earlier step; CostPerYear their sum,
// the cost a year of the pathway at that milestone. Unreachable, when
// set, says why Target is out of reach: the row has no figures.
type PathwayRow struct {
	Year                    int            `json:"year"`
	Target                  dispatch.Stage `json:"target"`
	Stage                   dispatch.Stage `json:"stage,omitempty"`
	GridCarbonFactor        float64        `json:"grid_carbon_factor"`
	CapitalCostFactor       float64        `json:"capital_cost_factor"`
	Added                   Capacities     `json:"added"`
	Total                   Capacities     `json:"total"`
	StepInvestment          float64        `json:"step_investment"`
	StepIncentives          float64        `json:"step_incentives"`
	StepCapitalPerYear      float64        `json:"step_capital_per_year"`
	StepFixedOMPerYear      float64        `json:"step_fixed_om_per_year"`
	DesignTotalCostPerYear  float64        `json:"design_total_cost_per_year"`
	EarlierStepsPerYear     float64        `json:"earlier_steps_per_year"`
	CostPerYear             float64        `json:"cost_per_year"`
	ResidualTCO2ePerYear    float64        `json:"residual_tco2e_per_year"`
	NetResidualTCO2ePerYear float64        `json:"net_residual_tco2e_per_year"`
	Unreachable             string         `json:"unreachable,omitempty"`
	// Warnings are the milestone design's (plan.Design.Warnings): a
	// settled schedule and its stage below Target, load shed…
	Warnings []string `json:"warnings,omitempty"`
}

// pathwayColumns are pathway.csv's columns, in order.
var pathwayColumns = []string{"year", "target", "stage", "grid_carbon_factor", "capital_cost_factor",
	"added_pv_kwp", "added_wind_kw", "added_battery_kwh", "added_battery_kw", "added_heat_pump_kw_th", "added_thermal_storage_kwh_th",
	"added_electric_boiler_kw_th", "added_chp_kw", "added_fuel_boiler_kw_th", "added_grid_kw",
	"total_pv_kwp", "total_wind_kw", "total_battery_kwh", "total_battery_kw", "total_heat_pump_kw_th", "total_thermal_storage_kwh_th",
	"total_electric_boiler_kw_th", "total_chp_kw", "total_fuel_boiler_kw_th", "total_grid_kw",
	"step_investment", "step_incentives", "step_capital_per_year", "step_fixed_om_per_year", "design_total_cost_per_year",
	"earlier_steps_per_year", "cost_per_year", "residual_tco2e_per_year", "net_residual_tco2e_per_year", "unreachable"}

// PathwayColumns are pathway.csv's columns.
func PathwayColumns() []string { return append([]string(nil), pathwayColumns...) }

func capCells(c Capacities) []float64 {
	return []float64{c.PVKWp, c.WindKW, c.BatteryKWh, c.BatteryKW, c.HeatPumpKWTh, c.ThermalStorageKWhTh,
		c.ElectricBoilerKWTh, c.CHPKW, c.FuelBoilerKWTh, c.GridKW}
}

// WritePathwayCSV writes pathway.csv: a header and one row per milestone
// planned (numbers in full precision; an unreachable row's figures
// empty).
func WritePathwayCSV(w io.Writer, pw *Pathway) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(pathwayColumns); err != nil {
		return err
	}
	num := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	for _, r := range pw.Rows {
		rec := []string{strconv.Itoa(r.Year), string(r.Target), string(r.Stage), num(r.GridCarbonFactor), num(r.CapitalCostFactor)}
		vals := append(capCells(r.Added), capCells(r.Total)...)
		vals = append(vals, r.StepInvestment, r.StepIncentives, r.StepCapitalPerYear, r.StepFixedOMPerYear, r.DesignTotalCostPerYear,
			r.EarlierStepsPerYear, r.CostPerYear, r.ResidualTCO2ePerYear, r.NetResidualTCO2ePerYear)
		for _, v := range vals {
			if r.Unreachable != "" {
				rec = append(rec, "")
			} else {
				rec = append(rec, num(v))
			}
		}
		if err := cw.Write(append(rec, r.Unreachable)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WritePathwayJSON writes pathway.json.
func WritePathwayJSON(w io.Writer, pw *Pathway) error { return writeJSON(w, pw, "pathway") }

// WritePathway makes pathway.csv, pathway.json and the park file of each
// milestone planned (parks, by year; model.SavePark's format) the whole
// content of dir at once, as [WritePlan] does.
func WritePathway(dir string, pw *Pathway, parks map[int]*model.Park) error {
	if pw == nil {
		return fmt.Errorf("%w: nil pathway", ErrOutput)
	}
	files := []atomicdir.File{
		{Name: PathwayCSVFile, Write: func(w io.Writer) error { return WritePathwayCSV(w, pw) }},
		{Name: PathwayJSONFile, Write: func(w io.Writer) error { return WritePathwayJSON(w, pw) }},
	}
	for _, r := range pw.Rows {
		if p := parks[r.Year]; p != nil {
			files = append(files, atomicdir.File{Name: PathwayParkFile(r.Year), Write: func(w io.Writer) error { return p.WriteJSON(w) }})
		}
	}
	return replaceDir(dir, files, PathwayFiles(), pathwayFilesWhat)
}

// WritePathwayTable prints the pathway: per milestone what it adds, what
// is built in all, the step's investment and the cost a year.
func WritePathwayTable(w io.Writer, pw *Pathway) error {
	fmt.Fprintf(w, "Pathway (myopic) — %s\n", pw.Park)
	fmt.Fprintf(w, "  base year %d; grid carbon −%s a year, capital costs −%s a year; money in %s\n\n", pw.BaseYear,
		pct(pw.GridCarbonDeclinePerYear), pct(pw.CapitalCostDeclinePerYear), pw.Currency)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "year\ttarget\tstage\tadds\tbuilt in all\tstep investment\tincentives\tcost a year\tof which earlier steps\ttCO2e a year\t")
	for _, r := range pw.Rows {
		if r.Unreachable != "" {
			fmt.Fprintf(tw, "%d\t%s\tout of reach\t\t\t\t\t\t\t\t\n", r.Year, r.Target)
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.Year, r.Target, r.Stage, capText(r.Added), capText(r.Total),
			Grouped(r.StepInvestment, 0), Grouped(r.StepIncentives, 0), Grouped(r.CostPerYear, 0), Grouped(r.EarlierStepsPerYear, 0),
			Grouped(r.ResidualTCO2ePerYear, 1))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range pw.Rows {
		if r.Unreachable != "" {
			fmt.Fprintf(w, "\n  %d %s is out of reach on the park built before it: %s\n", r.Year, r.Target, r.Unreachable)
			fmt.Fprintf(w, "  The pathway stops there: %d of %d milestones planned.\n", len(pw.Rows)-1, pw.Milestones)
		}
	}
	_, err := fmt.Fprintln(w, "\n  cost a year: the milestone design's total (its step's annuity and fixed O&M, operation, offsets,\n"+
		"  certificates) plus the annuities and fixed O&M of every earlier step; today's park's own O&M is not counted.")
	return err
}

// capText is c's non-zero capacities, "pv 120 kWp, battery 300 kWh", or
// "nothing".
func capText(c Capacities) string {
	var parts []string
	for i, v := range capCells(c) {
		if v > 1e-9 {
			parts = append(parts, capNames[i]+" "+Grouped(v, 0)+" "+capUnits[i])
		}
	}
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}

var (
	capNames = []string{"pv", "wind", "battery", "battery", "heat pump", "thermal store", "e-boiler", "chp", "fuel boiler", "grid"}
	capUnits = []string{"kWp", "kW", "kWh", "kW", "kW_th", "kWh_th", "kW_th", "kW", "kW_th", "kW"}
)
