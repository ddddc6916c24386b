package results

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rivo/uniseg"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/textcol"
)

// PricesFrom says where the ledger's prices came from, for the report.
type PricesFrom string

// Where prices come from.
const (
	// PricesIllustrative: the command's illustrative defaults.
	PricesIllustrative PricesFrom = "illustrative"
	// PricesParkFile: the park file's market object.
	PricesParkFile PricesFrom = "park file"
	// PricesFlags: --offset-price and --certificate-price.
	PricesFlags PricesFrom = "flags"
)

// ReportOptions carry what the net-zero report needs besides the figures.
type ReportOptions struct {
	// Ledger is the ledger configuration of the run: the low-carbon
	// thresholds the report prints (the zero value prints
	// dispatch.DefaultLedgerConfig()'s). The offset and certificate
	// prices printed are the run's own (dispatch.Report's, which its
	// costs were computed at).
	Ledger dispatch.LedgerConfig
	// PricesFrom says where the prices came from ("" is
	// PricesIllustrative).
	PricesFrom PricesFrom
	// PolicyTitle names a policy in the report ("rolling horizon"); nil
	// names it by its code ("mpc").
	PolicyTitle func(dispatch.Policy) string
}

func (o *ReportOptions) title(p dispatch.Policy) string {
	if o.PolicyTitle == nil {
		return string(p)
	}
	return o.PolicyTitle(p)
}

// Grouped formats v with prec decimals and groups of three digits
// separated by commas ("12,345.6"); NaN and infinities as strconv writes
// them.
func Grouped(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if !finite(v) {
		return s
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
		if strings.Trim(s, "0.") == "" {
			sign = "" // rounds to zero: "-0.0" would read as a loss
		}
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return sign + b.String() + frac
}

// GroupedNonZero is Grouped(v, prec), but a non-zero v that would print
// as 0 (0.0003 at prec 1) gets the decimals of its first significant
// digit ("0.0003"), so that it does not read as exactly zero next to a
// stage that says otherwise.
func GroupedNonZero(v float64, prec int) string {
	decimals := nonZeroDecimals(v, prec)
	if decimals == prec {
		return Grouped(v, prec)
	}
	if decimals > 12 {
		return strconv.FormatFloat(v, 'g', 1, 64)
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// groupedPair formats a and b as [GroupedNonZero] does, but when both
// need more than prec decimals, both with the more either needs: a
// residual printed beside its bound then cannot look larger than it for
// rounding alone ("0.0004" beside "0.0004", not beside "0.0"), while a
// large bound keeps its prec decimals beside a tiny residual.
func groupedPair(a, b float64, prec int) (string, string) {
	da, db := nonZeroDecimals(a, prec), nonZeroDecimals(b, prec)
	if d := max(da, db); da > prec && db > prec && d <= 12 {
		return Grouped(a, d), Grouped(b, d)
	}
	return GroupedNonZero(a, prec), GroupedNonZero(b, prec)
}

// nonZeroDecimals is how many decimals (at least prec) v needs to show
// its first significant digit: prec for 0, a non-finite v or one that
// does not round to 0 at prec.
func nonZeroDecimals(v float64, prec int) int {
	if v == 0 || !finite(v) || math.Abs(v) >= 0.5*math.Pow10(-prec) {
		return prec
	}
	return max(prec+1, int(math.Ceil(-math.Log10(math.Abs(v)))))
}

// num is Grouped(v, prec) right-aligned in 10 characters, so that numbers
// line up in left-aligned tables.
func num10(v float64, prec int) string { return fmt.Sprintf("%10s", Grouped(v, prec)) }

// seconds formats a wall time given in seconds for tables; 0 is a time
// not measured (Summary.RunTimeS left out, as Scenario.Summary leaves it),
// "—", not "< 1 ms".
func seconds(s float64) string {
	switch {
	case s <= 0:
		return "—"
	case s < 0.001:
		return "< 1 ms"
	case s < 1:
		return fmt.Sprintf("%.0f ms", 1000*s)
	}
	return fmt.Sprintf("%.2f s", s)
}

// pct is a fraction as a percentage with one decimal, by [Grouped]: one
// that rounds to zero has no sign, "-0.0 %" reading as a loss (QA T,
// session 37: the report's finite-horizon line said "(-0.0 %)" beside
// "0.0 tCO2e" where perfect information emitted 12.5 kg less).
func pct(v float64) string { return Grouped(100*v, 1) + " %" }

// Percent is a fraction as the reports print it: 0.0624 → "6.2 %".
func Percent(v float64) string { return pct(v) }

// Rate is a rate the user gives (a discount rate) as the reports print
// it: every digit it has, up to 0.0001 %, 0.0624 → "6.24 %", 0.07 →
// "7 %" — an input, not a share to round (QA, 2026-12-05: "6.2 %" where
// 6.24 % was used put a hand check of a present value 60,000 off).
func Rate(v float64) string {
	return strconv.FormatFloat(math.Round(100*v*1e4)/1e4, 'f', -1, 64) + " %"
}

// optPct is pct of a share that may not be defined (nil): [NotDefined].
func optPct(v *float64) string {
	if v == nil {
		return NotDefined
	}
	return pct(*v)
}

// ledger is the ledger configuration the report prints the low-carbon
// thresholds of: o.Ledger, or dispatch.DefaultLedgerConfig() where it is
// the zero LedgerConfig (none given; the dispatch refuses it), so that
// the zero ReportOptions does not print thresholds of 0 as met beside a
// stage judged at 30 %.
func (o *ReportOptions) ledger() dispatch.LedgerConfig {
	if o.Ledger == (dispatch.LedgerConfig{}) {
		return dispatch.DefaultLedgerConfig()
	}
	return o.Ledger
}

// WriteReport writes the net-zero report of one run: what was run, the
// stage and what it was judged on, emissions, what reaching net zero
// takes, the tenants' shares (when att is given and the park has more
// than one tenant), energy, for a park with heat its heat side (heat
// served by source, fuel by type, emissions by source), KPIs, the carbon
// signals, solve statistics and repairs. It returns the first write error.
func WriteReport(w io.Writer, sum Summary, att *dispatch.Attribution, o ReportOptions) error {
	ew := &errWriter{w: w}
	r := &sum.Report
	writeHeading(ew, sum, &o)
	led := o.ledger()
	writeStage(ew, r, &led)
	writeEmissions(ew, r)
	writeNetZero(ew, r, sum.Currency, &o)
	if att != nil && len(att.Tenants) > 1 {
		_ = WriteTenantShares(ew, att)
	}
	writeEnergy(ew, r)
	if r.Heat != nil {
		writeHeat(ew, r)
	}
	writeCosts(ew, r, sum.Currency)
	writeKPIs(ew, r)
	writeSignals(ew, r)
	if r.Solve.Solves > 0 {
		fmt.Fprintf(ew, "\nSolves: %d LPs, %d simplex iterations, %.2f s in the solver (per solve p50 %.2f ms, p99 %.2f ms)\n",
			r.Solve.Solves, r.Solve.Iterations, r.Solve.TotalS, r.Solve.P50MS, r.Solve.P99MS)
	}
	_ = WriteRepairs(ew, r.Solve)
	return ew.err
}

// writeHeading names the park, the input, the period and the policy.
func writeHeading(w io.Writer, sum Summary, o *ReportOptions) {
	r := &sum.Report
	fmt.Fprintf(w, "zeropark net-zero report — %s\n", sum.Park)
	tw := textcol.NewWriter(w, false)
	switch park, series := sum.ParkFile, sum.SeriesFile; {
	case sum.Demo != "":
		fmt.Fprintf(tw, "  input\tembedded demo %q\n", sum.Demo)
	case park == "" && series == "":
		// A park and series built in Go, or a Summary whose caller left
		// the names out.
		fmt.Fprintf(tw, "  input\tnot named (Summary.ParkFile and SeriesFile are empty)\n")
	default:
		if park == "" {
			park = "park not named"
		}
		if series == "" {
			series = "series not named"
		}
		fmt.Fprintf(tw, "  input\t%s, %s\n", park, series)
	}
	step := fmt.Sprintf("%g min", r.StepMinutes)
	if r.StepMinutes < 1 {
		// A step under a minute (1 s data) in seconds, not "0.016666666666666666 min".
		step = stepOf(r.StepMinutes).String()
	}
	fmt.Fprintf(tw, "  period\t%s to %s: %d intervals of %s\n",
		r.Start.Format(time.RFC3339), r.End.Format(time.RFC3339), r.Steps, step)
	pol := o.title(r.Policy) + " (" + string(r.Policy) + ")"
	if r.Policy == dispatch.RollingHorizon {
		pol += fmt.Sprintf(", look-ahead %g h", sum.HorizonHours)
		if r.Solve.HorizonCapped {
			pol += fmt.Sprintf(", capped at the period's %d intervals", r.Solve.HorizonSteps)
		}
	}
	if n := r.Solve.SettledIntervals; n > 0 {
		pol += fmt.Sprintf(", settled: %d intervals; not a lower bound", n)
	}
	fmt.Fprintf(tw, "  policy\t%s\n", pol)
	if r.Objective == dispatch.Cost {
		fmt.Fprintf(tw, "  objective\tcost: energy + demand charges + wear + %g%s per tCO2e of dispatch carbon\n", r.CarbonPricePerTCO2e, inCurrency(sum.Currency))
	}
	tw.Flush()
}

// writeStage writes the stage and what it was judged on: the notice's
// core indicator, its guiding indicators (the four outside energy supply
// not assessed), the low-carbon test, the unserved-load gate and why the
// park is not a stage higher.
func writeStage(w io.Writer, r *dispatch.Report, ledger *dispatch.LedgerConfig) {
	b := &r.StageBasis
	fmt.Fprintf(w, "\nStage: %s\n", r.Stage)
	if b.StageLimitedBy != "" {
		fmt.Fprintf(w, "  not higher: %s\n", b.StageLimitedBy)
	}
	for _, warn := range StageWarnings(r) {
		fmt.Fprintf(w, "  warning: %s\n", warn)
	}
	met := func(ok bool) string {
		if ok {
			return "met"
		}
		return "not met"
	}
	row := func(name, value, ok, target string) {
		fmt.Fprintf(w, "    %-36s %-15s %-8s %s\n", name, value, ok, target)
	}
	fmt.Fprintln(w, "  core indicator (decides the stage):")
	row("carbon per energy consumed", fmt.Sprintf("%.3f tCO2/tce", b.CarbonPerTce), met(b.CoreMet),
		fmt.Sprintf("≤ %.2f for a park of %s tce a year", b.CarbonPerTceMax, Grouped(b.ConsumptionTcePerYear, 0)))
	fmt.Fprintln(w, "  guiding indicators:")
	for i, g := range b.Guiding {
		switch {
		case g.Value == nil:
			row(g.Name, "not assessed", "", g.Threshold)
			if g.Note != "" {
				fmt.Fprintf(w, "      (%s)\n", g.Note)
			}
		case i == 0 && !b.CleanShareRequired:
			row(g.Name, pct(*g.Value), met(g.Met), g.Threshold+" (reported, not required)")
		default:
			row(g.Name, pct(*g.Value), met(g.Met), g.Threshold+" (required)")
		}
	}
	fmt.Fprintln(w, "  low-carbon (either):")
	row("renewable share of electricity used", pct(r.RenewableShare), met(r.RenewableShare >= ledger.LowCarbonRenewableShareMin),
		"≥ "+pct(ledger.LowCarbonRenewableShareMin))
	row("reduction vs baseline", pct(b.ReductionVsBaseline), met(b.ReductionVsBaseline >= ledger.LowCarbonReductionMin),
		"≥ "+pct(ledger.LowCarbonReductionMin))
	fmt.Fprintln(w, "  any stage above conventional:")
	if h := r.Heat; h != nil {
		elec := 0.0
		if r.Energy.Load > 0 {
			elec = r.Energy.Unserved / r.Energy.Load
		}
		row("unserved load", pct(elec), met(elec <= b.UnservedToleranceShare), "≤ "+pct(b.UnservedToleranceShare))
		row("unserved heat", pct(h.UnservedShare), met(h.UnservedShare <= b.UnservedToleranceShare), "≤ "+pct(b.UnservedToleranceShare))
		fmt.Fprintf(w, "  consumption %s tce (GB/T 2589) = electricity %s MWh (%s tce) + fuel %s tce + purchased heat %s tce;\n",
			Grouped(b.ConsumptionTce, 1), Grouped(r.Energy.Consumption/1000, 1), Grouped(h.ElectricityTce, 1), Grouped(h.FuelTce, 1), Grouped(h.PurchasedHeatTce, 1))
		fmt.Fprintln(w, "  clean share = (renewable consumed, exports taken from it first, + certificates, and renewable fuels) / consumption, in tce")
	} else {
		row("unserved load", pct(b.UnservedShare), met(b.UnservedShare <= b.UnservedToleranceShare), "≤ "+pct(b.UnservedToleranceShare))
		fmt.Fprintf(w, "  consumption %s MWh = %s tce (GB/T 2589); clean share = (renewable consumed + certificates) / consumption\n",
			Grouped(r.Energy.Consumption/1000, 1), Grouped(b.ConsumptionTce, 1))
	}
	fmt.Fprintf(w, "  basis: %s\n", b.Sources)
	switch {
	case !r.SignalsDiffer:
	case r.Objective == dispatch.Cost && r.CarbonPricePerTCO2e > 0:
		fmt.Fprintln(w, "  warning: the LP prices carbon by the dispatch signal, not the accounting factor this report counts")
		fmt.Fprintln(w, "  (see Carbon signals): its dispatch may emit more in the ledger")
	case r.Objective == dispatch.Cost:
		// It minimised cost: no carbon at all (the objective line says so).
	default:
		fmt.Fprintln(w, "  warning: the LP minimises the dispatch signal, not the accounting factor this report counts")
		fmt.Fprintln(w, "  (see Carbon signals): its dispatch is optimal for the signal and may emit more in the ledger")
	}
}

// StageWarnings are what the report says beside the stage when the
// period may not bear it (QA, 2026-12-04: half a day of a park with no PV
// or wind read low-carbon, its load served by the battery's starting
// charge): a period shorter than a week ([ShortPeriodHours]); stored
// energy drawn down that accounts for a tenth or more of the carbon
// avoided (the ledger counts the residual, and the storage-adjusted
// residual beside it says what the drawdown was worth).
func StageWarnings(r *dispatch.Report) []string {
	var out []string
	hours := float64(r.Steps) * r.StepMinutes / 60
	if hours > 0 && hours < ShortPeriodHours {
		out = append(out, fmt.Sprintf("judged over %s h: a period shorter than a week cannot stand for a year's weather and load",
			FormatNumber(hours)))
	}
	if adj := r.StorageAdjustmentKgCO2e; adj > 0 && r.AvoidedKgCO2e > 0 && adj >= 0.1*r.AvoidedKgCO2e {
		co2 := func(kg float64) string {
			if math.Abs(kg) < 10000 {
				return Grouped(kg, 1) + " kgCO2e"
			}
			return Grouped(kg/1000, 1) + " tCO2e"
		}
		out = append(out, fmt.Sprintf("stored energy drawn down over the period is worth %s of the %s avoided; "+
			"the storage-adjusted residual is %s against a baseline of %s (Emissions)",
			pct(min(adj/r.AvoidedKgCO2e, 1)), co2(r.AvoidedKgCO2e), co2(r.AdjustedResidualKgCO2e), co2(r.BaselineKgCO2e)))
	}
	return out
}

// writeEmissions writes baseline, residual, avoided and the
// storage-adjusted residual in tCO2e.
func writeEmissions(w io.Writer, r *dispatch.Report) {
	fmt.Fprintln(w, "\nEmissions, location-based (accounting factor)")
	tw := textcol.NewWriter(w, false)
	t := func(kg float64) string { return num10(kg/1000, 1) }
	baseline := "  baseline: all load from the grid"
	if r.Heat != nil {
		baseline = "  baseline: load from the grid, heat at the cleanest conventional source's factor"
	}
	fmt.Fprintf(tw, "%s\t%s tCO2e\n", baseline, t(r.BaselineKgCO2e))
	fmt.Fprintf(tw, "  residual after dispatch\t%s tCO2e\n", t(r.ResidualKgCO2e))
	fmt.Fprintf(tw, "  avoided\t%s tCO2e\n", t(r.AvoidedKgCO2e))
	fmt.Fprintf(tw, "  storage-adjusted residual\t%s tCO2e\n", t(r.AdjustedResidualKgCO2e))
	tw.Flush()
	var terms []string
	if hasBattery(r) {
		if batteriesValuedAlike(r) {
			terms = append(terms, fmt.Sprintf("stored energy drawn down over the period × %.3f kgCO2e/kWh", r.StorageValueKgCO2ePerKWh))
		} else {
			terms = append(terms, fmt.Sprintf("stored energy drawn down over the period, each battery's at its own storage value "+
				"(η_dis × the mean accounting factor: %.3f kgCO2e/kWh for the first)", r.StorageValueKgCO2ePerKWh))
		}
	}
	if hasThermalStore(r) {
		terms = append(terms, fmt.Sprintf("stored heat × %.3f kgCO2e/kWh_th", r.Heat.StorageValueKgCO2ePerKWhTh))
	}
	if len(terms) == 0 {
		fmt.Fprintln(w, "  (no storage: the storage-adjusted residual is the residual)")
		return
	}
	fmt.Fprintf(w, "  (storage adjustment: %s)\n", strings.Join(terms, ", "))
}

// hasBattery reports whether r's park has a battery that can count in the
// storage adjustment. The report does not carry the park, so it reads
// the signs a battery leaves: the ledger sets a storage value only for a
// park with batteries, and a battery moves energy. A battery with value
// 0 that moved nothing adds nothing, so leaving its term out loses no
// number.
func hasBattery(r *dispatch.Report) bool {
	e := r.Energy
	return r.StorageValueKgCO2ePerKWh != 0 || e.Charge != 0 || e.Discharge != 0 || e.StoredChange != 0
}

// batteriesValuedAlike reports whether the batteries' part of r's storage
// adjustment is the energy they drew down × the first battery's storage
// value, the one figure the report can print. By default each battery is
// valued at its own η_dis × the mean accounting factor, so on a park whose
// batteries' discharge efficiencies differ it is not (QA: 1,320 kWh drawn
// down, 582.6 kgCO2e added, where × the first battery's 0.499 gives 658.4).
func batteriesValuedAlike(r *dispatch.Report) bool {
	adj := r.StorageAdjustmentKgCO2e
	if r.Heat != nil {
		adj -= r.Heat.StorageAdjustmentKgCO2e
	}
	alike := -r.Energy.StoredChange * r.StorageValueKgCO2ePerKWh
	return math.Abs(adj-alike) <= 1e-9*math.Max(1, math.Max(math.Abs(adj), math.Abs(alike)))
}

// hasThermalStore reports whether r's park has a thermal store.
func hasThermalStore(r *dispatch.Report) bool {
	if r.Heat == nil {
		return false
	}
	for _, s := range r.Heat.Sources {
		if s.Kind == dispatch.ThermalStoreKind {
			return true
		}
	}
	return false
}

// inCurrency is " CNY" after a money figure in currency cur, or nothing
// when the park file names no currency.
func inCurrency(cur string) string {
	if cur == "" {
		return ""
	}
	return " " + cur
}

// writeNetZero writes the offsets and certificates needed, their cost in
// currency cur ("" when the park file names none) and where the prices
// came from.
func writeNetZero(w io.Writer, r *dispatch.Report, cur string, o *ReportOptions) {
	fmt.Fprintln(w, "\nTo reach net zero")
	if r.OffsetsHeldTCO2e > 0 || r.CertificatesHeldMWh > 0 {
		fmt.Fprintf(w, "  held against this period: %s tCO2e of offsets, %s MWh of certificates\n",
			Grouped(r.OffsetsHeldTCO2e, 1), Grouped(r.CertificatesHeldMWh, 1))
	}
	tw := textcol.NewWriter(w, false)
	// Per year too when the period is not a year (summary.json's
	// offset_cost_per_year and certificate_cost_per_year).
	m, offYear, certYear, c := MoneyOf(r), "", "", inCurrency(cur)
	if h := periodHours(r); h > 0 && h != HoursPerYear {
		offYear, certYear = fmt.Sprintf(" (%s%s per year)", Grouped(m.OffsetCostPerYear, 0), c), fmt.Sprintf(" (%s%s per year)", Grouped(m.CertificateCostPerYear, 0), c)
	}
	fmt.Fprintf(tw, "  offsets needed\t%s tCO2e\tcosting %s%s%s at %g%s per tCO2e\n",
		Grouped(r.OffsetsNeededTCO2e, 1), Grouped(r.OffsetCost, 0), c, offYear, r.OffsetPricePerTCO2e, c)
	fmt.Fprintf(tw, "  or green certificates\t%s MWh\tcosting %s%s%s at %g%s per MWh (for the residual grid import)\n",
		Grouped(r.CertificatesMWh, 1), Grouped(r.CertificateCost, 0), c, certYear, r.CertificatePricePerMWh, c)
	tw.Flush()
	if h := r.Heat; h != nil && h.FuelKgCO2e+h.PurchasedHeatKgCO2e > 0 {
		// Certificates make grid electricity green; the fuel burnt and the
		// heat bought emit all the same.
		fmt.Fprintf(w, "  certificates cover the grid import only: the %s tCO2e of fuel burnt and heat bought need offsets either way\n",
			Grouped((h.FuelKgCO2e+h.PurchasedHeatKgCO2e)/1000, 1))
	}
	switch o.PricesFrom {
	case PricesParkFile:
		fmt.Fprintln(w, "  prices from the park file's market")
	case PricesFlags:
		fmt.Fprintln(w, "  prices as given by --offset-price and --certificate-price")
	default:
		fmt.Fprintln(w, "  prices are illustrative: set --offset-price and --certificate-price (or the park file's market)")
	}
}

// writeEnergy writes the electricity totals in MWh (with heat, also what
// the heat pumps and electric boilers drew and the CHP made).
func writeEnergy(w io.Writer, r *dispatch.Report) {
	en := &r.Energy
	fmt.Fprintln(w, "\nEnergy")
	if r.Heat != nil {
		fmt.Fprintln(w, "  (electricity; the heat side follows)")
	}
	tw := textcol.NewWriter(w, false)
	type line struct {
		name string
		kwh  float64
	}
	rows := []line{{"load", en.Load}, {"PV", en.PV}, {"wind", en.Wind}, {"curtailed", en.Curtailed},
		{"grid import", en.Import}, {"grid export", en.Export}, {"battery losses", en.BatteryLosses},
		{"unserved", en.Unserved}, {"consumption", en.Consumption}}
	if h := r.Heat; h != nil {
		rows = append(rows[:len(rows)-1], line{"heat pumps, e-boilers", h.HeatPumpElectricityKWh + h.ElectricBoilerElectricityKWh},
			line{"CHP", h.CHPElectricityKWh}, rows[len(rows)-1])
	}
	if en.SoCCorrection != 0 {
		// Live operation only: measured states of charge no settled flow
		// reaches (dispatch.EnergyKWh.SoCCorrection).
		rows = append(rows[:len(rows)-1], line{"SoC correction", en.SoCCorrection}, rows[len(rows)-1])
	}
	for _, row := range rows {
		fmt.Fprintf(tw, "  %s\t%s MWh\n", row.name, num10(row.kwh/1000, 1))
	}
	tw.Flush()
	fmt.Fprintln(w, "  consumption = grid import + renewable − export (GB/T 2589), so battery losses are consumed, and so is")
	fmt.Fprintln(w, "  energy left stored beyond what the period started with (GB/T 2589 deducts such a stock increase)")
	if en.SoCCorrection != 0 {
		fmt.Fprintln(w, "  SoC correction: stored energy the measured states of charge show and no settled flow explains,")
		fmt.Fprintln(w, "  kept out of the losses and so out of consumption")
	}
	if en.AtOnceIntervals > 0 {
		fmt.Fprintf(w, "  batteries charged and discharged at once in %d battery-intervals (%s MWh each way): the schedule\n",
			en.AtOnceIntervals, strings.TrimSpace(num10(en.ChargedWhileDischarging/1000, 1)))
		fmt.Fprintln(w, "  burns in their round trip power nothing else could take. A battery does one or the other, so")
		fmt.Fprintln(w, "  this is the LP's bound, not a plan to carry out as written (live control nets the two).")
	}
}

// writeHeat writes the heat side of a run: heat load and unserved heat,
// heat served by each source, the thermal stores, fuel by type and
// emissions by source.
func writeHeat(w io.Writer, r *dispatch.Report) {
	h := r.Heat
	mwh := func(kwh float64) string { return Grouped(kwh/1000, 1) }
	fmt.Fprintln(w, "\nHeat")
	fmt.Fprintf(w, "  heat load %s MWh_th: served %s, unserved %s (%s)\n", mwh(h.LoadKWhTh), mwh(h.ServedKWhTh), mwh(h.UnservedKWhTh), pct(h.UnservedShare))
	fmt.Fprintln(w, "  served by source (electricity: drawn, or made with +; COP: heat / electricity over the period):")
	type line struct{ name, heat, elec, fuel, kg string }
	lines := []line{{"source", "heat MWh_th", "electricity MWh", "fuel MWh (LHV)", "direct tCO2e"}}
	width := len(lines[0].name)
	for _, s := range h.Sources {
		if s.Kind == dispatch.ThermalStoreKind {
			continue
		}
		l := line{name: s.Kind + " " + s.Name, heat: mwh(s.HeatKWhTh), kg: Grouped(s.KgCO2e/1000, 1)}
		if s.ElectricityKWh != 0 {
			l.elec = mwh(s.ElectricityKWh)
			if s.Kind == dispatch.CHPKind {
				l.elec = "+" + l.elec
			}
		}
		if s.Fuel != "" {
			l.fuel = mwh(s.FuelKWhLHV) + " " + s.Fuel
		}
		if s.COP > 0 {
			l.name += fmt.Sprintf(" (COP %.2f)", s.COP)
		}
		lines = append(lines, l)
		width = max(width, uniseg.StringWidth(l.name))
	}
	tw := newTable(w)
	for _, l := range lines {
		fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\t%s\t\n", padColumns(l.name, width), l.heat, l.elec, l.fuel, l.kg)
	}
	tw.Flush()
	if h.CHPDumpedKWhTh > 0 {
		fmt.Fprintf(w, "  CHP heat dumped: %s MWh_th of the CHP heat above was rejected by the heat dumps (made, its fuel\n", mwh(h.CHPDumpedKWhTh))
		fmt.Fprintln(w, "  burnt and counted; not delivered)")
	}
	if h.StoreChargeKWhTh > 0 || h.StoreDischargeKWhTh > 0 {
		fmt.Fprintf(w, "  thermal stores: charged %s, discharged %s, standing losses %s MWh_th\n",
			mwh(h.StoreChargeKWhTh), mwh(h.StoreDischargeKWhTh), mwh(h.StoreLossesKWhTh))
	}
	if h.StoreCorrectionKWhTh != 0 {
		// Live operation only: measured contents no settled flow reaches
		// (dispatch.HeatReport.StoreCorrectionKWhTh).
		fmt.Fprintf(w, "  store correction: %s MWh_th the measured contents show and no settled flow explains,\n",
			mwh(h.StoreCorrectionKWhTh))
		fmt.Fprintln(w, "  kept out of the standing losses")
	}
	if len(h.Fuels) > 0 {
		fmt.Fprintln(w, "  fuel by type:")
		tw = newTable(w)
		for _, f := range h.Fuels {
			kind := "fossil"
			if f.Renewable {
				kind = "renewable"
			}
			fmt.Fprintf(tw, "    %s\t%s MWh (LHV)\t%s tCO2e\t%s tce\t%s, %.4f kgCO2e/kWh\t\n", padColumns(f.Name, 20), mwh(f.KWhLHV), Grouped(f.KgCO2e/1000, 1),
				Grouped(f.Tce, 1), kind, f.KgCO2ePerKWhLHV)
		}
		tw.Flush()
	}
	fmt.Fprintln(w, "  emissions by source:")
	tw = newTable(w)
	for _, e := range []struct {
		name string
		kg   float64
	}{
		{"grid electricity (heat pumps and e-boilers included)", h.GridKgCO2e}, {"fuel burnt", h.FuelKgCO2e},
		{"heat bought", h.PurchasedHeatKgCO2e}, {"residual", r.ResidualKgCO2e},
	} {
		fmt.Fprintf(tw, "    %-52s\t%s tCO2e\t\n", e.name, Grouped(e.kg/1000, 1))
	}
	tw.Flush()
	fmt.Fprintf(w, "  heat baseline (the whole heat load at the cleanest of the fossil boilers, heat bought and electric boilers, each interval) %s tCO2e\n",
		Grouped(h.BaselineKgCO2e/1000, 1))
}

// writeCosts writes the operating costs — energy, demand charge, battery
// wear and their sum — over the period and per year (summary.json's
// [Money]), in currency cur when the park file names one, when the run
// was priced (the cost objective), the tariff has a demand charge, the
// batteries wear at a cost or, on a park with heat, fuel, heat bought or
// a CHP's variable O&M cost something: those are part of the energy cost
// and get a line each under it.
func writeCosts(w io.Writer, r *dispatch.Report, cur string) {
	// On a park with heat the energy cost holds the fuel burnt, the heat
	// bought and the CHP units' variable O&M besides the grid's
	// electricity (dispatch.HeatReport): shown as its parts, and reason
	// enough to print the costs.
	type heatCost struct {
		name, what string
		cost       float64
	}
	var heatParts []heatCost
	if h := r.Heat; h != nil {
		for _, p := range []heatCost{
			{"  fuel", "fuel burnt at its price", h.FuelCost},
			{"  heat bought", "heat bought at its price", h.PurchasedHeatCost},
			{"  CHP O&M", "CHP electricity × its variable_om_per_kwh", h.CHPVariableOMCost},
		} {
			if p.cost != 0 {
				heatParts = append(heatParts, p)
			}
		}
	}
	if r.Objective != dispatch.Cost && len(r.MonthlyPeakImportKW) == 0 && r.WearCost == 0 && len(heatParts) == 0 {
		return
	}
	m := MoneyOf(r)
	in := ""
	if cur != "" {
		in = cur + "; "
	}
	fmt.Fprintf(w, "\nOperating costs (%sper year: × 8760 h / the period's %g h)\n", in, periodHours(r))
	tw := textcol.NewWriter(w, true)
	fmt.Fprintf(tw, "%-13s\tover the period\tper year\t\n", "")
	energy := "  at each interval's price, export netted"
	if n := r.NegativeImportPriceIntervals; n > 0 {
		energy += fmt.Sprintf("; %d interval(s) at a negative import price, %s kWh imported in them credited at it "+
			"(the dispatch counts those prices as 0: it is not paid to import)", n, Grouped(r.NegativeImportPriceKWh, 0))
	}
	if len(heatParts) > 0 {
		energy += "; with the heat side's costs below"
	}
	fmt.Fprintf(tw, "%-13s\t%s\t%s\t%s\n", "energy", Grouped(r.EnergyCost, 0), Grouped(m.EnergyCostPerYear, 0), energy)
	perYear := 0.0
	if hours := periodHours(r); hours > 0 {
		perYear = HoursPerYear / hours
	}
	for _, p := range heatParts {
		fmt.Fprintf(tw, "%-13s\t%s\t%s\t  part of energy: %s\n", p.name, Grouped(p.cost, 0), Grouped(p.cost*perYear, 0), p.what)
	}
	demand := "  no demand charge"
	if n := len(r.MonthlyPeakImportKW); n > 0 {
		demand = fmt.Sprintf("  over %d month(s)", n)
		var part []string
		for _, mp := range r.MonthlyPeakImportKW {
			if mp.Share < 1 {
				part = append(part, fmt.Sprintf("%s %s", mp.Month, pct(mp.Share)))
			}
		}
		if len(part) > 0 {
			demand += fmt.Sprintf(", months the period covers in part charged on their share (%s)", strings.Join(part, ", "))
		}
	}
	fmt.Fprintf(tw, "%-13s\t%s\t%s\t%s\n", "demand charge", Grouped(r.DemandChargeCost, 0), Grouped(m.DemandChargeCostPerYear, 0), demand)
	fmt.Fprintf(tw, "%-13s\t%s\t%s\t  throughput × each battery's wear cost per kWh\n", "battery wear", Grouped(r.WearCost, 0), Grouped(m.WearCostPerYear, 0))
	fmt.Fprintf(tw, "%-13s\t%s\t%s\t  energy + demand charge + wear: roadmap.csv's operating cost (no offsets, no certificates)\n",
		"operating", Grouped(m.OperatingCost, 0), Grouped(m.OperatingCostPerYear, 0))
	tw.Flush()
}

// writeKPIs writes the shares and the unserved energy.
func writeKPIs(w io.Writer, r *dispatch.Report) {
	fmt.Fprintln(w, "\nKPIs")
	tw := textcol.NewWriter(w, false)
	used := "the served load"
	if r.Energy.ToHeat > 0 {
		used = "the served load and the heat pumps' and electric boilers' draw"
	}
	fmt.Fprintf(tw, "  renewable share\t%s\t(renewable content of the electricity used, traced through the batteries)\n", pct(r.RenewableShare))
	fmt.Fprintf(tw, "  self-sufficiency\t%s\t(electricity used not imported / electricity used: %s)\n", pct(r.SelfSufficiency), used)
	fmt.Fprintf(tw, "  self-consumption\t%s\t(renewable used on site / renewable generated)\n", pct(r.SelfConsumption))
	fmt.Fprintf(tw, "  curtailment share\t%s\t(curtailed / renewable available)\n", pct(r.CurtailmentShare))
	fmt.Fprintf(tw, "  unserved\t%s kWh\n", Grouped(r.UnservedKWh, 1))
	tw.Flush()
}

// writeSignals names the dispatch signal and the accounting factor.
func writeSignals(w io.Writer, r *dispatch.Report) {
	fmt.Fprintln(w, "\nCarbon signals")
	tw := textcol.NewWriter(w, false)
	role := "minimised"
	if r.Objective == dispatch.Cost {
		// Under the cost objective the signal only carries the carbon
		// price (QA T, session 37: "minimised" beside a price of 0).
		role = fmt.Sprintf("priced at %g per tCO2e", r.CarbonPricePerTCO2e)
	}
	fmt.Fprintf(tw, "  dispatch (%s)\t%s\n", role, r.DispatchSignal)
	fmt.Fprintf(tw, "  accounting (reported)\t%s\n", r.AccountingSignal)
	tw.Flush()
}

// WriteRepairs lists, one line per series, the forecast values the
// dispatch replaced because they were not usable, and the measured states
// of charge it clamped; nothing when there were none.
func WriteRepairs(w io.Writer, st dispatch.SolveStats) error {
	if len(st.Repaired) == 0 && st.SoCClamped == 0 {
		return nil
	}
	ew := &errWriter{w: w}
	fmt.Fprintln(ew, "\nRepairs: forecast values replaced because they were NaN, infinite, negative or implausibly large")
	names := make([]string, 0, len(st.Repaired))
	for n := range st.Repaired {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := textcol.NewWriter(ew, false)
	for _, n := range names {
		fmt.Fprintf(tw, "  %s\t%s values\n", n, Grouped(float64(st.Repaired[n]), 0))
	}
	if st.SoCClamped > 0 {
		fmt.Fprintf(tw, "  state of charge clamped to [min, max]\t%s times\n", Grouped(float64(st.SoCClamped), 0))
	}
	tw.Flush()
	return ew.err
}

// WriteTenantShares writes each tenant's share of the residual and the
// renewable content of its energy, and what closes the balance.
func WriteTenantShares(w io.Writer, a *dispatch.Attribution) error {
	ew := &errWriter{w: w}
	fmt.Fprintln(ew, "\nTenants: who the residual belongs to (each interval's carbon shared by the energy drawn)")
	tw := newTable(ew)
	if a.HasHeat() {
		fmt.Fprintln(tw, "  tenant                  \tload MWh\theat MWh_th\tresidual tCO2e\tof it heat\tkgCO2e/kWh\trenewable\toffsets tCO2e\t")
		for _, t := range a.Tenants {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%.3f\t%s\t%s\t\n", padColumns(t.Name, 24), Grouped(t.LoadKWh/1000, 1), Grouped(t.HeatLoadKWhTh/1000, 1),
				Grouped(t.ResidualKgCO2e/1000, 1), Grouped(t.HeatKgCO2e/1000, 1), t.KgCO2ePerKWh, pct(t.RenewableShare), Grouped(t.OffsetsNeededTCO2e, 1))
		}
	} else {
		fmt.Fprintln(tw, "  tenant                  \tload MWh\tresidual tCO2e\tkgCO2e/kWh\trenewable\toffsets tCO2e\t")
		for _, t := range a.Tenants {
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%.3f\t%s\t%s\t\n", padColumns(t.Name, 24), Grouped(t.LoadKWh/1000, 1),
				Grouped(t.ResidualKgCO2e/1000, 1), t.KgCO2ePerKWh, pct(t.RenewableShare), Grouped(t.OffsetsNeededTCO2e, 1))
		}
	}
	tw.Flush()
	if a.HasHeat() {
		fmt.Fprintf(ew, "  tenants + change in carbon stored in the batteries (%s tCO2e) and in the thermal stores (%s tCO2e)\n",
			Grouped(a.StoredChangeKgCO2e/1000, 1), Grouped(a.HeatStoredChangeKgCO2e/1000, 1))
		fmt.Fprintf(ew, "  + carbon exported (%s tCO2e) + heat of heat loads without a tenant (%s tCO2e) = residual\n",
			Grouped(a.ExportedKgCO2e/1000, 1), Grouped(a.UntenantedHeatKgCO2e/1000, 1))
		fmt.Fprintln(ew, "  residual: electricity and heat; heat's carbon is shared by the heat each tenant's heat loads drew, kgCO2e/kWh is electricity's")
	} else {
		fmt.Fprintf(ew, "  tenants + change in carbon stored in the batteries (%s tCO2e) + carbon exported (%s tCO2e) = residual\n",
			Grouped(a.StoredChangeKgCO2e/1000, 1), Grouped(a.ExportedKgCO2e/1000, 1))
	}
	fmt.Fprintln(ew, "  renewable: the on-site renewable content of the energy each tenant was served, traced the same way")
	return ew.err
}

// WriteComparison writes the table comparing policies on the same period
// (one summary each), and names the effect when a baseline ends lower in
// the ledger than a policy that plans with the LP ([ComparisonNotes]).
func WriteComparison(w io.Writer, sums []Summary, o ReportOptions) error {
	ew := &errWriter{w: w}
	fmt.Fprintln(ew, "\nPolicies compared (same park, same period)")
	tw := newTable(ew)
	fmt.Fprintln(tw, "  policy                \tresidual tCO2e\tstorage-adj. tCO2e\trenewable share\toffsets tCO2e\tstage\trun time\t")
	for _, s := range sums {
		fmt.Fprintf(tw, "  %-22s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", o.title(s.Policy),
			Grouped(s.ResidualKgCO2e/1000, 1), Grouped(s.AdjustedResidualKgCO2e/1000, 1),
			pct(s.RenewableShare), Grouped(s.OffsetsNeededTCO2e, 1), s.Stage, seconds(s.RunTimeS))
	}
	tw.Flush()
	fmt.Fprintln(ew, "  storage-adj.: residual plus the stored energy drawn down, so policies ending with")
	differ := slices.ContainsFunc(sums, func(s Summary) bool { return s.SignalsDiffer })
	if n := perfectSettled(sums); n > 0 {
		// realise settled perfect foresight: a feasible plan, which the
		// rolling horizon may beat, not the LP's bound.
		fmt.Fprintf(ew, "  different states of charge compare fairly; %s is a plan the park can carry out, not the\n", settledLabel(n))
		fmt.Fprintln(ew, "  LP's bound: its LP charged and discharged a battery at once (a CHP's electricity with nowhere")
		fmt.Fprintln(ew, "  to go), so it was settled from there on, and another policy may come out below it.")
	} else if costObjective(sums) {
		// Under --objective cost perfect foresight bounds the cost it
		// minimised, not carbon (QA T, session 37: this said it bounds the
		// storage-adjusted residual, beside a rule that emitted less).
		fmt.Fprintln(ew, "  different states of charge compare fairly; perfect foresight is the lower bound of what")
		fmt.Fprintln(ew, "  the LP minimises (cost plus any carbon price: --objective cost), not of these figures.")
	} else if differ {
		fmt.Fprintln(ew, "  different states of charge compare fairly; perfect foresight is the lower bound of what")
		fmt.Fprintln(ew, "  the LP minimises (the dispatch signal), not of these figures (the accounting factor).")
	} else {
		// Perfect foresight minimises the carbon less the energy left at
		// the end at the ledger's storage value (dispatch's
		// studyEndValues): with the signals alike, the storage-adjusted
		// residual up to a constant, so it bounds that column, except
		// where the LP counts otherwise than the ledger — a negative
		// factor as 0, load shed at the unserved penalty (QA, 2026-12-05:
		// this said the lowest signal, which no code uses). The raw
		// residual leaves the stored energy out, so another policy can
		// come out a little below it there.
		fmt.Fprintln(ew, "  different states of charge compare fairly; perfect foresight is the lower bound of what the")
		fmt.Fprintln(ew, "  LP minimises, the storage-adjusted residual (energy left at the end valued at the storage")
		fmt.Fprintln(ew, "  value), up to intervals of negative factor (0 in the LP) and load shed; not of the raw residual.")
	}
	for _, line := range ComparisonNotes(sums, differ, o) {
		fmt.Fprintln(ew, "  "+line)
	}
	return ew.err
}

// costObjective reports whether a run among sums planned with the LP
// minimising cost (dispatch.Cost), so that perfect foresight bounds cost,
// not carbon.
func costObjective(sums []Summary) bool {
	return slices.ContainsFunc(sums, func(s Summary) bool { return s.Objective == dispatch.Cost })
}

// perfectSettled is how many intervals of the perfect-foresight run among
// sums were settled (dispatch.SolveStats.SettledIntervals; 0: none, or no
// such run).
func perfectSettled(sums []Summary) int {
	for _, s := range sums {
		if s.Policy == dispatch.Perfect {
			return s.Solve.SettledIntervals
		}
	}
	return 0
}

// settledLabel names a perfect foresight settled in n intervals.
func settledLabel(n int) string {
	return fmt.Sprintf("perfect foresight (settled: %d intervals; not a lower bound)", n)
}

// ComparisonNotes names the effect when a baseline (grid-only or
// self-consumption) has a lower storage-adjusted residual in the ledger
// than a policy that plans with the LP: the LP minimised cost (a run's
// Objective is dispatch.Cost), or the dispatch signal, not the accounting
// factor (differ), or, with one signal, the
// rolling horizon planned on forecasts, or negative rates, which the LP
// counts as zero, are credit in the ledger. Nil when no baseline wins.
func ComparisonNotes(sums []Summary, differ bool, o ReportOptions) []string {
	baseline := func(p dispatch.Policy) bool {
		return p == dispatch.GridOnlyPolicy || p == dispatch.SelfConsumptionPolicy
	}
	best, bestName := math.Inf(1), ""
	for _, s := range sums {
		if baseline(s.Policy) && s.AdjustedResidualKgCO2e < best {
			best, bestName = s.AdjustedResidualKgCO2e, o.title(s.Policy)
		}
	}
	var beaten []string
	forecastsOnly := true
	for _, s := range sums {
		if baseline(s.Policy) {
			continue
		}
		if s.AdjustedResidualKgCO2e > best+1e-6*(1+math.Abs(best)) {
			beaten = append(beaten, o.title(s.Policy))
			forecastsOnly = forecastsOnly && s.Policy == dispatch.RollingHorizon
		}
	}
	if len(beaten) == 0 {
		return nil
	}
	head := fmt.Sprintf("note: %s emits less in the ledger than %s:", bestName, strings.Join(beaten, ", "))
	switch {
	case costObjective(sums):
		return []string{head, "the LP minimised cost plus any carbon price (--objective cost), not carbon, so a rule",
			"that ranks by carbon can end lower in the ledger."}
	case differ:
		return []string{head, "the LP minimised the dispatch signal (e.g. marginal rates), not the accounting factor",
			"the ledger counts, so a rule that ignores both can end lower in the ledger."}
	case forecastsOnly:
		return []string{head, "the rolling horizon planned on forecasts (see what the forecasts cost below)."}
	}
	return []string{head, "the LP counts negative dispatch rates as zero, the ledger as credit, and the rolling",
		"horizon values stored energy at the horizon's end by its own rule."}
}

// ForecastRuns are the runs the forecast section of the report compares.
type ForecastRuns struct {
	// WithForecasts is the rolling horizon planning with forecasts;
	// PerfectInformation the same with the actual series (may be nil);
	// PerfectForesight the one LP over the period.
	WithForecasts, PerfectInformation, PerfectForesight *dispatch.Result
	// Choices are the forecaster choices that replaced defaults, as the
	// --forecast flag writes them ("carbon=provided:co2_da").
	Choices []string
	// Horizon is the rolling horizon's look-ahead.
	Horizon time.Duration
}

// WriteForecastCost shows what forecast errors cost: the rolling horizon
// with forecasts against the same with perfect information and against
// perfect foresight (storage-adjusted residual), and how each forecaster
// did. Nothing when f lacks the runs with forecasts or perfect foresight.
func WriteForecastCost(w io.Writer, f ForecastRuns) error {
	withFc, perfectInfo, perfect := f.WithForecasts, f.PerfectInformation, f.PerfectForesight
	if withFc == nil || perfect == nil {
		return nil
	}
	ew := &errWriter{w: w}
	g := dispatch.Gap(withFc, perfectInfo, perfect)
	fmt.Fprintln(ew, "\nWhat the forecasts cost (storage-adjusted residual)")
	of := "the perfect-foresight lower bound"
	switch {
	case !g.Bound():
		of = settledLabel(g.PerfectSettledIntervals)
	case perfect.Report.Objective == dispatch.Cost:
		of = "perfect foresight (a lower bound of the cost the LP minimised, not of this residual)"
	case perfect.Report.SignalsDiffer:
		// Its bound is on the dispatch signal the LP minimised, not on the
		// accounting residual compared here (QA, December 2026: "lower
		// bound" beside a rolling horizon below it).
		of = "perfect foresight (a lower bound of the dispatch signal, not of this residual)"
	}
	fmt.Fprintf(ew, "  forecast error   %s tCO2e  (%s of %s): rolling horizon with\n", Grouped(g.ForecastErrorKgCO2e/1000, 1), optPct(g.ForecastErrorShare), of)
	if perfectInfo == nil {
		// dispatch.Gap then measures the forecast error against perfect
		// foresight: it includes what the finite horizon costs.
		fmt.Fprintln(ew, "                   forecasts minus perfect foresight (no perfect-information run: the finite horizon's cost included)")
	} else {
		fmt.Fprintln(ew, "                   forecasts minus the same with perfect information")
	}
	switch {
	case perfectInfo == nil:
	case g.HorizonBelowKgCO2e > 0:
		// Below a feasible plan is no cost and no saving of the finite
		// horizon: the LP's bound is lower still.
		fmt.Fprintf(ew, "  finite horizon   not a cost: perfect information emits %s tCO2e less than perfect foresight, which\n", Grouped(g.HorizonBelowKgCO2e/1000, 1))
		fmt.Fprintf(ew, "                   was settled (%d intervals) where its LP charged and discharged a battery at once:\n", g.PerfectSettledIntervals)
		fmt.Fprintln(ew, "                   a plan the park can carry out, not a lower bound, so it prices no horizon")
	case !g.Bound():
		fmt.Fprintf(ew, "  finite horizon   %s tCO2e  (%s): perfect information minus perfect foresight, which was settled\n", Grouped(g.HorizonKgCO2e/1000, 1), optPct(g.HorizonShare))
		fmt.Fprintf(ew, "                   (%d intervals; not a lower bound): a difference between two plans, not the horizon's full cost\n", g.PerfectSettledIntervals)
	default:
		fmt.Fprintf(ew, "  finite horizon   %s tCO2e  (%s): perfect information minus perfect foresight\n", Grouped(g.HorizonKgCO2e/1000, 1), optPct(g.HorizonShare))
	}
	writeIdleBatteries(ew, withFc, perfect)
	if len(withFc.Report.Forecasts) > 0 {
		writeForecasters(ew, withFc, f.Choices, f.Horizon)
	}
	return ew.err
}

// idleShare: a rolling horizon whose batteries take in less than this
// share of what perfect foresight's take is said to have left them idle.
const idleShare = 0.05

// writeIdleBatteries says when the rolling horizon with forecasts left
// the batteries nearly idle that perfect foresight cycles (new-user QA,
// 2026-12-04: a park's battery charged 0 kWh in a year under the
// defaults, and nothing said why): a flat carbon forecast gives a plan
// that minimises carbon first no spread to shift.
func writeIdleBatteries(w io.Writer, withFc, perfect *dispatch.Result) {
	fc, pf := withFc.Report.Energy.Charge, perfect.Report.Energy.Charge
	if !(pf > 0) || fc >= idleShare*pf {
		return
	}
	fmt.Fprintf(w, "  idle batteries   the rolling horizon charged its batteries %s MWh against perfect foresight's %s MWh",
		Grouped(fc/1000, 1), Grouped(pf/1000, 1))
	flat := false // the carbon forecast has no skill over persistence: flat ahead
	for _, f := range withFc.Report.Forecasts {
		if f.Series == "dispatch_carbon" && f.Overall.Skill != nil && *f.Overall.Skill <= 0.05 {
			flat = true
		}
	}
	if !flat {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintln(w, ":")
	fmt.Fprintln(w, "                   its carbon forecast has no skill over persistence, so it shows the plan no spread")
	if withFc.Report.Objective == dispatch.Cost {
		// Already the cost objective: its prices gave no spread either
		// (QA T, session 37: it advised --objective cost under it).
		fmt.Fprintln(w, "                   to shift, nor did the prices; a provided day-ahead forecast")
		fmt.Fprintln(w, "                   (--forecast carbon=provided:COLUMN) gives it one")
		return
	}
	fmt.Fprintln(w, "                   to shift; a provided day-ahead forecast (--forecast carbon=provided:COLUMN) or")
	fmt.Fprintln(w, "                   --objective cost (prices known ahead) gives it one")
}

// writeForecasters writes each forecaster's errors over all leads and one
// hour ahead.
func writeForecasters(w io.Writer, withFc *dispatch.Result, choices []string, horizon time.Duration) {
	step := withFc.Schedule.Step
	fmt.Fprintf(w, "\nForecasters used by the rolling horizon (all leads of the %g h horizon)\n", horizon.Hours())
	methods := "  methods: the defaults (forecast/doc_forecasting.md)"
	for i, c := range choices {
		if i == 0 {
			methods += ", except "
		} else {
			methods += "; "
		}
		methods += c
	}
	fmt.Fprintln(w, methods)
	// The table aligns right; the series names are padded to the longest
	// (in terminal columns, at least 32 wide) so they stay left-aligned,
	// as in the heat sources' table.
	width := 32
	for _, f := range withFc.Report.Forecasts {
		width = max(width, uniseg.StringWidth(f.Series))
	}
	pad := func(s string) string { return padColumns(s, width) }
	tw := newTable(w)
	fmt.Fprintf(tw, "  %s\tunit\tMAE\tRMSE\tnMAE\tbias\tskill vs persistence\tskill at 1 h\t\n", pad("series"))
	for _, f := range withFc.Report.Forecasts {
		// One hour ahead: lead hourSteps; not defined (n/a) when the
		// step is longer than an hour or the horizon shorter.
		var lead1 *float64
		if hourSteps := int(time.Hour / step); hourSteps >= 1 && hourSteps <= len(f.PerLead) {
			lead1 = f.PerLead[hourSteps-1].Skill
		}
		o := f.Overall
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", pad(f.Series), f.Unit, Significant(o.MAE, 3), Significant(o.RMSE, 3),
			FormatNMAEPtr(o.NMAE), SignedSignificant(o.Bias, 3), FormatSkillPtr(o.Skill), FormatSkillPtr(lead1))
	}
	tw.Flush()
}

// padColumns pads s with spaces to width terminal columns (a Chinese
// character takes two: uniseg.StringWidth, as the tables measure cells),
// so that a name padded in a right-aligned table stays left-aligned. Padded
// to a count of code points (fmt's %-24s), a row naming a tenant in
// Chinese started four columns left of the others (QA G, session 39).
func padColumns(s string, width int) string {
	return s + strings.Repeat(" ", max(width-uniseg.StringWidth(s), 0))
}
