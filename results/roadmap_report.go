package results

import (
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/textcol"
	"github.com/zeropark/zeropark/model"
)

// newTable is a table writer for the report's tables: numbers right-aligned
// in columns two spaces apart.
func newTable(w io.Writer) *textcol.Writer {
	return textcol.NewWriter(w, true)
}

// WriteRoadmap prints the roadmap: what it was planned from, what each
// stage's cheapest design adds, what it costs a year, what it is worth
// against today's park over the analysis period, why a stage is out
// of reach, the designs' warnings ("warning: …"), whether each design holds its stage in operation, and (with
// representative periods or chronological slices) how well they stood
// for the full series.
func WriteRoadmap(w io.Writer, rm *Roadmap) error {
	if rm == nil {
		return fmt.Errorf("%w: nil roadmap", ErrOutput)
	}
	ew := &errWriter{w: w}
	writeRoadmapHeading(ew, rm)
	writeRoadmapAdditions(ew, rm)
	writeRoadmapCosts(ew, rm)
	writeRoadmapValue(ew, rm)
	writeRoadmapUnreachable(ew, rm)
	writeWarnings(ew, RoadmapWarnings(rm))
	writeRoadmapChecks(ew, rm)
	writeMarginSearch(ew, rm)
	writeRoadmapReduction(ew, rm)
	if rm.Solves > 0 {
		fmt.Fprintf(ew, "\nSolves: %d LPs of %s columns and %s rows, %.1f s in the solver\n",
			rm.Solves, Grouped(float64(rm.Columns), 0), Grouped(float64(rm.LPRows), 0), rm.SolveSeconds)
	}
	return ew.err
}

// writeRoadmapHeading names the park, the period, the economics and the
// market the plan used.
func writeRoadmapHeading(w io.Writer, rm *Roadmap) {
	fmt.Fprintf(w, "Capacity plan — %s\n", rm.Park)
	switch {
	case rm.Demo != "":
		fmt.Fprintf(w, "Input     embedded demo %q\n", rm.Demo)
	case rm.ParkFile != "":
		fmt.Fprintf(w, "Input     %s, %s\n", rm.ParkFile, rm.SeriesFile)
	}
	step := stepOf(rm.StepMinutes)
	steps := "steps"
	if rm.Steps == 1 {
		steps = "step"
	}
	fmt.Fprintf(w, "Period    %s to %s (%s %s of %v); every figure is per year (× 8760 h / the period%s)\n",
		rm.Start.Format("2006-01-02 15:04"), rm.End.Format("2006-01-02 15:04"), Grouped(float64(rm.Steps), 0), steps, step, roadmapPeriodHours(rm))
	if warn := ShortPeriodWarning(rm); warn != "" {
		fmt.Fprintf(w, "Caution   %s\n", warn)
	}
	fmt.Fprintf(w, "Money     %s; capital annualised at %s a year over each technology's lifetime\n", rm.Currency, Rate(rm.DiscountRatePerYear))
	// The source's currency clause only for the money keys (and the
	// discount rate, REopt's for USD): lifetimes and the analysis period
	// are years, and a CNY plan read "(USD …) for analysis_years" as
	// money defaulted in dollars (QA, 2026-12-05).
	var money, years []string
	for _, k := range rm.Defaulted {
		if k == "analysis_years" && rm.AnalysisYears > 0 {
			// Its value said: the NPV and payback rest on it (QA G A7,
			// session 39: the planner had to look 25 up).
			years = append(years, fmt.Sprintf("%s = %d", k, rm.AnalysisYears))
		} else if strings.HasSuffix(k, "lifetime_years") || k == "analysis_years" {
			years = append(years, k)
		} else {
			money = append(money, k)
		}
	}
	if len(money) > 0 {
		fmt.Fprintf(w, "Defaults  %s for\n          %s\n", model.DefaultsSource, wrapList(money, 10, 100))
	}
	if len(years) > 0 {
		head := "Defaults  "
		if len(money) > 0 {
			head = "          "
		}
		fmt.Fprintf(w, "%syears as documented (the key table) for %s\n", head, wrapList(years, 10, 100))
	}
	fmt.Fprintf(w, "Market    offsets at %s %s/tCO2e, certificates at %s %s/MWh; held %s tCO2e and %s MWh for the period\n",
		Grouped(rm.OffsetPricePerTCO2e, 2), rm.Currency, Grouped(rm.CertificatePricePerMWh, 2), rm.Currency,
		Grouped(rm.OffsetsHeldTCO2e, 1), Grouped(rm.CertificatesHeldMWh, 1))
	if rm.StageThresholds != nil {
		fmt.Fprintf(w, "Stages    %s\n", StageThresholdsText(rm.StageThresholds))
	}
	if c, _ := checkRuns(rm); rm.CarbonPricePerTCO2e > 0 {
		// zeropark plan --carbon-price P: P sized the designs (and runs the
		// checks, where they ran at least cost with it).
		also := ""
		if c != nil && c.Objective == dispatch.Cost && c.CarbonPricePerTCO2e == rm.CarbonPricePerTCO2e {
			also = " and the operation checks"
		}
		fmt.Fprintf(w, "          carbon priced at %s %s/tCO2e (--carbon-price) in the designs%s: each design minimises its\n",
			Grouped(rm.CarbonPricePerTCO2e, 2), rm.Currency, also)
		fmt.Fprintln(w, "          total + that price × its residual; the totals below are what is paid")
	} else if c != nil && rm.ChecksAtShadowPrice {
		fmt.Fprintln(w, "          no carbon price in the designs: --carbon-price shadow prices carbon in each design's operation checks")
		fmt.Fprintln(w, "          at that design's shadow carbon price")
	} else if c != nil && c.Objective == dispatch.Cost && c.CarbonPricePerTCO2e > 0 {
		fmt.Fprintf(w, "          no carbon price in the designs: --carbon-price %s %s/tCO2e prices carbon in the operation checks only\n",
			Grouped(c.CarbonPricePerTCO2e, 2), rm.Currency)
	}
	if rm.RequireCleanShare {
		fmt.Fprintf(w, "Ledger    the clean-energy share is a condition of near-zero-carbon and zero-carbon (%s)\n", cleanShareRequiredBy(rm.StageThresholds, rm.RequireCleanShareFlag))
	}
	if rm.StorageEnd == "valued" {
		fmt.Fprintln(w, "Storage   batteries and thermal stores start at initial_soc_fraction, the energy left at the end credited (--storage-end valued)")
	}
	switch {
	case len(rm.MarginSearch) > 0 && sizedMarginsDiffer(rm) && KeptMissed(rm.MarginSearch, rowTargets(rm)):
		fmt.Fprintf(w, "Margin    each stage's limits tightened by the least margin at which its design held, or where no margin tried\n"+
			"          held it the closest (--margin auto: see the margin search below): %s\n", SizedMargins(rm))
	case len(rm.MarginSearch) > 0 && sizedMarginsDiffer(rm):
		fmt.Fprintf(w, "Margin    each stage's limits tightened by the least margin at which its design held (--margin auto: see the\n"+
			"          margin search below): %s\n", SizedMargins(rm))
	case sizedMarginsDiffer(rm) || len(rm.MarginSearch) == 0 && designsAtOtherMargin(rm):
		fmt.Fprintf(w, "Margin    each stage's limits tightened by its own margin (--margin STAGE=F,…): %s\n", SizedMargins(rm))
	case len(rm.MarginSearch) > 0:
		fmt.Fprintf(w, "Margin    every stage limit tightened by %s (--margin auto: see the margin search below)\n", pct(rm.Margin))
	case rm.Margin > 0:
		fmt.Fprintf(w, "Margin    every stage limit tightened by %s (--margin)\n", pct(rm.Margin))
	}
	if rm.Staged {
		fmt.Fprintln(w, "Staged    each stage builds on the design before it (--staged)")
	}
	writeUnitSearch(w, rm)
	if r := rm.Reduction; r != nil && r.Slices > 0 {
		fmt.Fprintf(w, "Slices    %d chronological slices of the %s steps (see below); the full series is the reference\n",
			r.Slices, Grouped(float64(rm.Steps), 0))
	} else if r != nil {
		fmt.Fprintf(w, "Periods   %d representative periods of %s h%s%s (see below); the full series is the reference\n",
			r.Periods, HoursText(r.PeriodLengthHours), periodSteps(r.PeriodLengthHours, rm.StepMinutes), remainderText(rm))
	}
}

// HoursText is a number of hours as the reports print a period's length:
// grouped when whole (8,760), to two decimals otherwise (24.25, where a
// period of 24h15m read "24 h": time QA, 2026-12-04).
func HoursText(h float64) string {
	if h == math.Trunc(h) {
		return Grouped(h, 0)
	}
	return Grouped(h, 2)
}

// writeUnitSearch says, when a design was bought in whole units, how
// close to the best whole-unit designs the branch and bound proved them:
// the largest gap reached and the nodes solved over the designs.
func writeUnitSearch(w io.Writer, rm *Roadmap) {
	var worst, asked float64
	nodes, designs := 0, 0
	for i := range rm.Rows {
		u := rm.Rows[i].WholeUnits
		if u == nil {
			continue
		}
		worst, asked = math.Max(worst, u.MIPGapReached), math.Max(asked, u.MIPGap)
		nodes += u.Nodes
		designs++
	}
	if designs == 0 {
		return
	}
	within := "proven best (gap 0)"
	if worst > 0 {
		within = "within " + gapPct(worst) + " of the best whole units could cost"
	}
	s := "s"
	if designs == 1 {
		s = ""
	}
	fmt.Fprintf(w, "Units     whole units by branch and bound: %s (--mip-gap %s), %s LPs over %d design%s\n",
		within, gapPct(asked), Grouped(float64(nodes), 0), designs, s)
}

// gapPct is a relative gap in per cent, to two significant figures (a
// MIP gap is often 0.01 %).
func gapPct(v float64) string { return strconv.FormatFloat(100*v, 'g', 2, 64) + " %" }

// ShortPeriodHours is the shortest period planned without a warning: a
// week, the shortest stretch that holds a weekly pattern of load and a
// spell of weather. Every figure of a plan is the period's × 8760 h / its
// hours, so a shorter period stands for a year poorly (a windy hour × 8760
// can make today's park zero-carbon).
const ShortPeriodHours = 168

// ShortPeriodWarning is the warning for a roadmap planned over a period
// shorter than ShortPeriodHours ("" otherwise, or when its length is not
// known): the year is scaled from its hours. The plan prints it on
// standard error and in the report's heading.
func ShortPeriodWarning(rm *Roadmap) string {
	if w := ShortPeriodScaling(rm.PeriodHours()); w != "" {
		return w + "; plan over weeks or more (the full series, --periods or --slices)"
	}
	return ""
}

// ShortPeriodScaling says that per-year figures are scaled from a period
// of hours shorter than ShortPeriodHours ("" for a longer one, or when
// hours is not known): the rule and words the plan's warning
// ([ShortPeriodWarning]) and the sweep's share, each adding its advice.
func ShortPeriodScaling(hours float64) string {
	if !(hours > 0) || hours >= ShortPeriodHours {
		return ""
	}
	return YearScaling(hours) + ": a period shorter than a week cannot stand for a year's weather and load"
}

// YearScaling says that per-year figures are scaled from a period of
// hours (hours > 0): "every figure is a year scaled from 2,016 h (× 4.3)",
// the words of [ShortPeriodScaling] and of the figures' captions.
func YearScaling(hours float64) string {
	return fmt.Sprintf("every figure is a year scaled from %s h (× %s)", HoursText(hours), scaleFactor(HoursPerYear/hours))
}

// scaleFactor prints a year's scale factor: whole when it is within 0.05
// of a whole number (× 365 for a day), else to one decimal (× 182.5 for
// 48 h, where a whole "× 182" would not multiply back to the year).
func scaleFactor(f float64) string {
	if math.Abs(f-math.Round(f)) < 0.05 {
		return Grouped(f, 0)
	}
	return Grouped(f, 1)
}

// roadmapPeriodHours is "'s N h", the length of the roadmap's period, which the
// heading divides a year's 8760 h by (two years' 17,520 h: every figure
// is half the period's); "" when the length is not known.
func roadmapPeriodHours(rm *Roadmap) string {
	hours := rm.PeriodHours()
	if !(hours > 0) {
		return ""
	}
	return "'s " + HoursText(hours) + " h"
}

// periodSteps is " (N steps of M min each)" for periods of hours on
// steps of stepMinutes when the steps are not hours ("" when they are, or
// unknown).
func periodSteps(hours, stepMinutes float64) string {
	if stepMinutes <= 0 || stepMinutes == 60 {
		return ""
	}
	return fmt.Sprintf(" (%s steps of %s min each)", Grouped(hours*60/stepMinutes, 0), Grouped(stepMinutes, 0))
}

// RemainderText is " and the 24 h remainder" where the series ends in a
// shorter period kept as it is (Roadmap.RemainderHours), else "": what
// follows "N representative periods of L h" wherever a report or figure
// says what the reduced model was.
func (rm *Roadmap) RemainderText() string { return remainderText(rm) }

func remainderText(rm *Roadmap) string {
	h := rm.RemainderHours()
	if h <= 0 {
		return ""
	}
	return " and the " + FormatNumber(math.Round(h*1000)/1000) + " h remainder"
}

// rowName is a roadmap row's name in the tables, padded so that the
// right-aligned tables keep it left-aligned.
func rowName(r *RoadmapRow) string {
	name := r.Target
	if r.Target == TodayTarget {
		name = "today's park"
	}
	return fmt.Sprintf("%-16s", name)
}

// wrapList joins items with ", " in lines of at most width characters,
// continuation lines indented by indent spaces.
func wrapList(items []string, indent, width int) string {
	var b strings.Builder
	col := indent
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
			if col+2+len(it) > width {
				b.WriteString("\n" + strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteByte(' ')
				col += 2
			}
		}
		b.WriteString(it)
		col += len(it)
	}
	return b.String()
}

// writeRoadmapAdditions: what each design adds and the stage it reaches
// (with heat, the heat pumps and thermal stores too, and the electric
// boilers when a design adds one).
func writeRoadmapAdditions(w io.Writer, rm *Roadmap) {
	fmt.Fprintln(w, "\nCheapest design for each stage: what to add")
	tw := newTable(w)
	cols := addedCols{heat: rm.Heat}
	for i := range rm.Rows {
		cols.see(&rm.Rows[i].Added)
	}
	invest := slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.Investment != nil })
	incentives := hasIncentives(rm)
	header := "  design          \tstage reached\t" + addedHeader(cols) + "residual tCO2e\t"
	if invest {
		header += "investment " + rm.Currency + "\t"
		if incentives {
			header += "incentives\t"
		}
		header += "simple payback\t"
	}
	if rm.Staged {
		header += "step investment\t"
	}
	fmt.Fprintln(tw, header)
	dashes := strings.Repeat("—\t", strings.Count(header, "\t")-2)
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Unreachable != "" {
			fmt.Fprintf(tw, "  %s\tout of reach\t%s\n", rowName(r), dashes)
			continue
		}
		investCells := ""
		if invest {
			investCells = investmentCells(r, incentives)
		}
		if rm.Staged {
			investCells += stepCell(r)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\t%s\n", rowName(r), r.Stage, addedCells(&r.Added, &r.AddedUnits, cols), Grouped(r.ResidualTCO2ePerYear, 1), investCells)
	}
	_ = tw.Flush()
	switch {
	case invest && incentives:
		fmt.Fprintln(w, "  investment: what is added × capital cost, up front (not annualised), before incentives; incentives:")
		fmt.Fprintln(w, "  what comes back of it at purchase (the economics' capital_incentive_fraction); simple payback:")
		fmt.Fprintln(w, "  (investment − incentives) / (operating cost + fixed O&M saved a year against today's park),")
		fmt.Fprintln(w, "  undiscounted, offsets and certificates left out; never: it saves nothing a year.")
	case invest:
		fmt.Fprintln(w, "  investment: what is added × capital cost, up front (not annualised); simple payback: investment /")
		fmt.Fprintln(w, "  (operating cost + fixed O&M saved a year against today's park), undiscounted, offsets and")
		fmt.Fprintln(w, "  certificates left out; never: it saves nothing a year.")
	}
	if rm.Staged {
		fmt.Fprintln(w, "  step investment: what the stage invests beyond the design above it, which it keeps (--staged).")
	}
	// A reduced model's stage is the reduced model's: say at once which
	// designs lose it over the full series, not only in the evaluation at
	// the end of the report.
	var missed []string
	tightened := false // a design sized at a margin misses its tightened limits, not necessarily its stage
	for i := range rm.Rows {
		if f := rm.Rows[i].Full; rm.Rows[i].Unreachable == "" && f != nil && f.Unreachable != "" {
			missed = append(missed, rm.Rows[i].Target)
			tightened = tightened || rowMargin(rm, &rm.Rows[i]) > 0
		}
	}
	if len(missed) > 0 {
		list, verb := missed[0], "misses its stage"
		if n := len(missed); n > 1 {
			list, verb = strings.Join(missed[:n-1], ", ")+" and "+missed[n-1], "miss their stages"
		}
		if tightened {
			verb += "' limits as the margin tightened them"
			if len(missed) == 1 {
				verb = "misses its stage's limits as the margin tightened them"
			}
			fmt.Fprintf(w, "  ! %s %s\n    over the full series; the stages above are the reduced model's (see \"Each design evaluated\n"+
				"    over the full series\" below; the operation checks judge the stages' own limits)\n", list, verb)
			return
		}
		fmt.Fprintf(w, "  ! %s %s over the full series; the stages above are the reduced\n"+
			"    model's (see \"Each design evaluated over the full series\" below)\n", list, verb)
	}
}

// hasIncentives reports whether a design of rm gets incentives back.
func hasIncentives(rm *Roadmap) bool {
	return slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.Incentives != nil && *r.Incentives > 0 })
}

// stepCell is the step investment cell of r's row in a staged roadmap's
// additions table: "—" for today's park and a row without the figure.
func stepCell(r *RoadmapRow) string {
	if r.StepInvestment == nil {
		return "—\t"
	}
	return Grouped(*r.StepInvestment, 0) + "\t"
}

// investmentCells are the investment, incentives (with incentives: some
// row has them) and simple payback cells of r's row in the additions
// table: "—" where r has no investment figure (a file written before it)
// or adds nothing, "never" where it invests but saves nothing a year.
func investmentCells(r *RoadmapRow, incentives bool) string {
	if r.Investment == nil {
		if incentives {
			return "—\t—\t—\t"
		}
		return "—\t—\t"
	}
	cells := Grouped(*r.Investment, 0) + "\t"
	if incentives {
		cells += optGrouped(r.Incentives, 0) + "\t"
	}
	switch {
	case r.SimplePaybackYears != nil:
		return cells + Grouped(*r.SimplePaybackYears, 1) + " years\t"
	case *r.Investment > 0:
		return cells + "never\t"
	}
	return cells + "—\t"
}

// optGrouped is Grouped of a figure that may be absent (nil): "—".
func optGrouped(v *float64, prec int) string {
	if v == nil {
		return "—"
	}
	return Grouped(*v, prec)
}

// todayRow is rm's row of today's park (the last such row, as the
// readers before it took), nil when it has none.
func todayRow(rm *Roadmap) *RoadmapRow {
	var today *RoadmapRow
	for i := range rm.Rows {
		if r := &rm.Rows[i]; r.Target == TodayTarget && r.Unreachable == "" {
			today = r
		}
	}
	return today
}

// writeRoadmapValue: what each design is worth against today's park over
// the analysis period (RoadmapRow.NetPresentValue), with the saving a
// year both paybacks divide by, worked out from the rows' operating cost
// and fixed O&M as package plan does. Nothing when no row has an NPV (a
// roadmap.json written before it).
func writeRoadmapValue(w io.Writer, rm *Roadmap) {
	today := todayRow(rm)
	valued := slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.NetPresentValue != nil })
	if !valued {
		return
	}
	years := strconv.Itoa(rm.AnalysisYears) + " years"
	fmt.Fprintf(w, "\nWhat each design is worth against today's park over %s at %s a year (%s)\n", years, Rate(rm.DiscountRatePerYear), rm.Currency)
	tw := newTable(w)
	fmt.Fprintln(tw, "  design          \tsaved a year\tNPV\tdiscounted payback\t")
	for i := range rm.Rows {
		r := &rm.Rows[i]
		switch {
		case r.Target == TodayTarget:
			continue
		case r.Unreachable != "":
			fmt.Fprintf(tw, "  %s\t—\t—\tout of reach\t\n", rowName(r))
			continue
		}
		saved, payback := "—", "—"
		if today != nil {
			saved = Grouped((today.OperatingCostPerYear+today.FixedOMPerYear)-(r.OperatingCostPerYear+r.FixedOMPerYear), 0)
		}
		switch {
		case r.DiscountedPaybackYears != nil:
			payback = Grouped(*r.DiscountedPaybackYears, 1) + " years"
		case r.NetPresentValue != nil && r.Investment != nil && *r.Investment > 0:
			payback = "never"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", rowName(r), saved, optGrouped(r.NetPresentValue, 0), payback)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "  saved a year: today's operating cost + fixed O&M less the design's (offsets and certificates left")
	fmt.Fprintln(w, "  out: they buy the stage, they save nothing); NPV: the savings discounted over the period, less each")
	fmt.Fprintln(w, "  addition's capital net of incentives, bought now and again at the end of each lifetime within the")
	fmt.Fprintln(w, "  period, plus the straight-line value left of the last at its end; discounted payback: when the")
	fmt.Fprintf(w, "  discounted savings first repay what has been spent by then; never: not within %s.\n", years)
}

// writeRoadmapCosts: what each design costs a year, and per tCO2e
// avoided against today's park. With heat, the fuel burnt and the heat
// bought are shown beside the operating cost they are part of: on a heat
// park they can outweigh the electricity, and they are what a heat pump
// saves.
func writeRoadmapCosts(w io.Writer, rm *Roadmap) {
	fmt.Fprintf(w, "\nWhat it costs a year (%s)\n", rm.Currency)
	tw := newTable(w)
	heatHeader, heatDashes := "", ""
	if rm.Heat {
		heatHeader, heatDashes = "of which fuel\theat bought\t", "—\t—\t"
	}
	fmt.Fprintln(tw, "  design          \tcapital\tfixed O&M\toperating\t"+heatHeader+"offsets bought\tcertificates bought\ttotal\tper tCO2e avoided\tshadow carbon price\t")
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Unreachable != "" {
			fmt.Fprintf(tw, "  %s\t—\t—\t—\t%s—\t—\t—\t—\t—\t\n", rowName(r), heatDashes)
			continue
		}
		avoided := "—"
		if r.CostPerTCO2eAvoided != nil {
			avoided = Grouped(*r.CostPerTCO2eAvoided, 1)
		}
		heatCells := ""
		if rm.Heat {
			heatCells = Grouped(r.FuelCostPerYear, 0) + "\t" + Grouped(r.PurchasedHeatCostPerYear, 0) + "\t"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s%s t = %s\t%s MWh = %s\t%s\t%s\t%s\t\n", rowName(r),
			Grouped(r.CapitalPerYear, 0), Grouped(r.FixedOMPerYear, 0), Grouped(r.OperatingCostPerYear, 0), heatCells,
			Grouped(r.OffsetsBoughtTCO2ePerYear, 1), Grouped(r.OffsetCostPerYear, 0),
			Grouped(r.CertificatesBoughtMWhPerYear, 1), Grouped(r.CertificateCostPerYear, 0),
			Grouped(r.TotalCostPerYear, 0), avoided, shadowCell(r.ShadowCarbonPricePerTCO2e))
	}
	_ = tw.Flush()
	writeMarginOffsets(w, rm)
	writeShadowPrices(w, rm)
	writeCarbonPrice(w, rm)
	if rm.Heat {
		fmt.Fprintln(w, "  capital: what is added × capital cost × capital recovery factor; operating: energy (electricity")
		fmt.Fprintln(w, "  imported less exported, fuel burnt, heat bought, CHP variable O&M) + demand charge + battery wear;")
		fmt.Fprintln(w, "  per tCO2e avoided: (total − today's) / (today's residual − the design's residual less the offsets")
		fmt.Fprintln(w, "  it buys). Existing capacity is sunk: it costs nothing here.")
	} else {
		fmt.Fprintln(w, "  capital: what is added × capital cost × capital recovery factor; operating: energy + demand")
		fmt.Fprintln(w, "  charge + battery wear; per tCO2e avoided: (total − today's) / (today's residual − the design's")
		fmt.Fprintln(w, "  residual less the offsets it buys). Existing capacity is sunk: it costs nothing here.")
	}
	if hasIncentives(rm) {
		fmt.Fprintln(w, "  The capital cost annualised is net of the incentives (the economics' capital_incentive_fraction).")
	}
	writeTodayShed(w, rm)
}

// writeTodayShed footnotes the cost per tCO2e avoided where today's park
// leaves electric load unserved (above 0.5 kWh a year: a figure that
// prints as more than 0; 0.5 itself prints as 0, rounded half to even):
// no total counts that load, nor at the value of lost load (a penalty of
// the LP, not a cost: package plan, "Today's park short of capacity"), so
// the figure compares designs with a park that does not serve it. Nothing
// when no design has the figure.
func writeTodayShed(w io.Writer, rm *Roadmap) {
	today := todayRow(rm)
	priced := slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.CostPerTCO2eAvoided != nil })
	if today == nil || !priced || !(today.UnservedKWhPerYear > 0.5) {
		return
	}
	fmt.Fprintf(w, "  today's park leaves %s kWh of load a year unserved, which its total does not count (nor at the\n",
		Grouped(today.UnservedKWhPerYear, 0))
	fmt.Fprintln(w, "  value of lost load): per tCO2e avoided compares each design with a park that does not serve that load.")
}

// shadowCell is a shadow price's cell (a stage's carbon price, a
// frontier point's marginal cost), to 0.1: [NotDefined] where none is
// defined (nil).
func shadowCell(p *float64) string {
	if p == nil {
		return NotDefined
	}
	return Grouped(*p, 1)
}

// writeShadowPrices says what the shadow carbon price is (and, with the
// clean share required, gives each design's clean-share price); nothing
// when no design has one (a roadmap.json written before them).
func writeShadowPrices(w io.Writer, rm *Roadmap) {
	var carbon bool
	var clean []string
	for i := range rm.Rows {
		r := &rm.Rows[i]
		carbon = carbon || r.ShadowCarbonPricePerTCO2e != nil
		if r.ShadowCleanSharePricePerMWh != nil {
			clean = append(clean, fmt.Sprintf("%s %s", r.Target, Grouped(*r.ShadowCleanSharePricePerMWh, 2)))
		}
	}
	if !carbon {
		return
	}
	if p := rm.CarbonPricePerTCO2e; p > 0 {
		// The dual includes the price (plan.Design.ShadowCarbonPricePerTCO2e):
		// P where the limit does not bind, never 0, and it is the priced
		// cost that falls, not what is paid.
		fmt.Fprintf(w, "  shadow carbon price (%s/tCO2e): what the design's total + its carbon at the carbon price fall by a year\n", rm.Currency)
		fmt.Fprintf(w, "  per tCO2e a year more residual allowed: the carbon price, %s, where the stage's carbon limit does not\n", Grouped(p, 1))
		fmt.Fprintln(w, "  bind, the limit's marginal cost where it does (above the price); n/a: no dual, as for today's park and")
		fmt.Fprintln(w, "  whole units.")
	} else {
		fmt.Fprintf(w, "  shadow carbon price (%s/tCO2e): what the design's cost a year falls by per tCO2e a year more residual\n", rm.Currency)
		fmt.Fprintln(w, "  allowed, the marginal cost of the stage's carbon limit, to compare with a carbon or offset price (0: the")
		fmt.Fprintln(w, "  limit does not bind; n/a: no dual, as for today's park and whole units).")
	}
	if len(clean) > 0 {
		fmt.Fprintf(w, "  The clean share's shadow price (%s/MWh not clean): %s.\n", rm.Currency, strings.Join(clean, ", "))
	}
}

// writeCarbonPrice says, when the designs were sized at an internal
// carbon price (Roadmap.CarbonPricePerTCO2e), what they minimised and
// what the carbon at that price comes to a year for each row, which the
// totals leave out; nothing without one.
func writeCarbonPrice(w io.Writer, rm *Roadmap) {
	if !(rm.CarbonPricePerTCO2e > 0) {
		return
	}
	// What the designs minimised is the heading's; here what it comes to.
	fmt.Fprintf(w, "  carbon at the carbon price (%s %s/tCO2e; today's park operated at it too), a year, on the residual\n",
		Grouped(rm.CarbonPricePerTCO2e, 1), rm.Currency)
	fmt.Fprintln(w, "  before any offsets bought, not in the totals (what is paid):")
	fmt.Fprintf(w, "  %s.\n", wrapList(CarbonCosts(rm, true), 2, 110))
}

// CarbonCosts are the carbon costs a year of rm's designs at its carbon
// price (RoadmapRow.CarbonCostPerYear), "near-zero-carbon 262,731", in
// row order: today's park's first when today is set, no row out of
// reach. The cost table's footer and roadmap.png's caption list them.
func CarbonCosts(rm *Roadmap, today bool) []string {
	var each []string
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Unreachable != "" || (!today && r.Target == TodayTarget) {
			continue
		}
		each = append(each, fmt.Sprintf("%s %s", strings.TrimSpace(rowName(r)), Grouped(r.CarbonCostPerYear, 0)))
	}
	return each
}

// writeMarginOffsets explains offsets bought beyond the residual: with
// --margin the zero-carbon row (residual ≤ (1 − margin) × offsets) buys
// offsets for residual / (1 − margin) less those held, so the net
// residual comes out below zero. Nothing is printed without a margin or
// without offsets bought.
func writeMarginOffsets(w io.Writer, rm *Roadmap) {
	for i := range rm.Rows {
		r := &rm.Rows[i]
		m := rowMargin(rm, r)
		if r.Unreachable != "" || r.OffsetsBoughtTCO2ePerYear <= 0 || m <= 0 {
			continue
		}
		fmt.Fprintf(w, "  --margin %s tightens the offsets' cover too: a design buys offsets for its residual / (1 − %s)\n",
			pct(m), pct(m))
		fmt.Fprintln(w, "  less those held, so its residual less the offsets bought and held can come out below zero.")
		return
	}
}

// rowMargin is the margin row r's design was sized at: its SizedMargin,
// else the roadmap's.
func rowMargin(rm *Roadmap, r *RoadmapRow) float64 {
	if r.SizedMargin != nil {
		return *r.SizedMargin
	}
	return rm.Margin
}

// sizedMarginsDiffer reports whether rm's designs were sized at different
// margins (a --margin auto search, stage by stage).
func sizedMarginsDiffer(rm *Roadmap) bool {
	first, seen := 0.0, false
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Target == TodayTarget || r.Unreachable != "" {
			continue
		}
		if m := rowMargin(rm, r); seen && m != first {
			return true
		} else if !seen {
			first, seen = m, true
		}
	}
	return false
}

// designsAtOtherMargin reports whether rm's designs were all sized at a
// margin other than rm.Margin: under --margin STAGE=F,… the largest given
// is rm.Margin even when its stages are out of reach and only designs at
// a smaller one are left (QA K, 2026-12-05: the heading said "every stage
// limit tightened by 20.0 %" over a low-carbon design sized at 0).
func designsAtOtherMargin(rm *Roadmap) bool {
	for i := range rm.Rows {
		if r := &rm.Rows[i]; r.Target != TodayTarget && r.Unreachable == "" {
			return rowMargin(rm, r) != rm.Margin
		}
	}
	return false
}

// SizedMargins lists the margin each of rm's designs was sized at,
// "low-carbon 0.0 %, near-zero-carbon 18.0 %, …" (its SizedMargin, else
// rm's Margin), for the report's heading and the roadmap's figure.
func SizedMargins(rm *Roadmap) string {
	var each []string
	for i := range rm.Rows {
		if r := &rm.Rows[i]; r.Target != TodayTarget && r.Unreachable == "" {
			each = append(each, r.Target+" "+pct(rowMargin(rm, r)))
		}
	}
	return strings.Join(each, ", ")
}

// RoadmapWarnings are the warnings of rm's designs, each after its
// design's name ("today", the target) and, for a full-series one, ", over
// the full series". A row whose warnings after its first are word for
// word the next row's (the low-carbon entry that is near-zero's design,
// its first warning saying so: plan.Roadmap) lists only its first, which
// points to them, as plan.Roadmap.Warnings does; the rows keep them all.
func RoadmapWarnings(rm *Roadmap) []string {
	var out []string
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if i+1 < len(rm.Rows) && len(r.Warnings) > 1 && slices.Equal(r.Warnings[1:], rm.Rows[i+1].Warnings) {
			out = append(out, r.Target+": "+r.Warnings[0]+" (its other warnings are "+rm.Rows[i+1].Target+"'s, listed under it)")
		} else {
			for _, w := range r.Warnings {
				out = append(out, r.Target+": "+w)
			}
		}
		if r.Full != nil {
			for _, w := range r.Full.Warnings {
				out = append(out, r.Target+", over the full series: "+w)
			}
		}
	}
	return out
}

// writeWarnings prints warnings under a table, a blank line first, each
// on its own line after "warning: "; nothing when there are none.
func writeWarnings(w io.Writer, warnings []string) {
	if len(warnings) == 0 {
		return
	}
	fmt.Fprintln(w)
	for _, s := range warnings {
		fmt.Fprintln(w, "warning: "+s)
	}
}

// writeRoadmapUnreachable says why each stage out of reach is.
func writeRoadmapUnreachable(w io.Writer, rm *Roadmap) {
	first := true
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Unreachable == "" {
			continue
		}
		if first {
			fmt.Fprintln(w, "\nOut of reach with these candidate bounds")
			first = false
		}
		fmt.Fprintf(w, "  %s: %s\n", r.Target, strings.TrimPrefix(r.Unreachable, "plan: "))
	}
	// No holdings are suggested: the plan buys whatever offsets (zero-
	// carbon's residual) and certificates (the clean share) a stage needs,
	// so neither binds, and neither moves what can (carbon per unit
	// energy, the reduction, the renewable share, unserved load).
	if !first {
		fmt.Fprintln(w, "  Raise the bounds in the park file's economics (max_total_…), make another technology a")
		fmt.Fprintln(w, "  candidate (its max_total_… above today's), or look at the frontier (zeropark plan frontier).")
		fmt.Fprintln(w, "  Offsets and certificates held would not help: the plan buys what a stage needs of either,")
		fmt.Fprintln(w, "  and neither changes the indicators above.")
	}
}

// formatMargin is a check's stage and margin for the table.
func formatMargin(c *OperationCheck) string {
	if c == nil {
		return "—"
	}
	m := signedPct(c.Margin)
	if c.Margin < 0 && !strings.HasPrefix(m, "-") {
		// A miss that rounds to nothing keeps its sign and size (QA,
		// 2026-12-04: a check missed by 0.0055 % read "margin +0.0 %").
		m = Significant(100*c.Margin, 2) + " %"
	}
	return fmt.Sprintf("%s, margin %s", c.Stage, m)
}

// figurePair is a check's value and limit as formatFigure writes them,
// with more digits where three would print a value that misses its
// limit as the limit itself ("70 % against its limit 70 %").
func figurePair(value, limit float64) (string, string) {
	for n := 3; ; n++ {
		v, l := significant(value, n), significant(limit, n)
		if v != l || value == limit || n >= 10 {
			return v, l
		}
	}
}

// signedPct is a fraction as a signed percentage: "+12.3 %", "-4.0 %".
func signedPct(v float64) string { return signed(100*v, 1) + " %" }

// SignedPercent is a fraction as a signed percentage with one decimal,
// as the printed reports write a cost error: "+1.2 %", "-0.4 %", and
// "+0.0 %" for anything that rounds to 0 (never "-0.0 %").
func SignedPercent(v float64) string { return signedPct(v) }

// signed is [Grouped] with a "+" before a number that is not negative:
// "+1,234.5", "-0.4". The minus is Grouped's ASCII "-", as in every other
// number the printed reports show (the cost tables, the run report), so
// that a report never mixes two minus signs.
func signed(v float64, prec int) string {
	g := Grouped(v, prec)
	if !finite(v) || strings.HasPrefix(g, "-") {
		return g
	}
	return "+" + g
}

// writeRoadmapChecks: whether each design holds its stage when re-run
// through the dispatch.
func writeRoadmapChecks(w io.Writer, rm *Roadmap) {
	checked := false
	for i := range rm.Rows {
		checked = checked || (rm.Rows[i].Target != TodayTarget && len(rm.Rows[i].Checks) > 0)
	}
	if !checked {
		return
	}
	fmt.Fprintln(w, "\nDoes each design hold its stage in operation? (its park re-run through the dispatch, same period)")
	tw := textcol.NewWriter(w, false)
	priceHeader := ""
	if rm.ChecksAtShadowPrice {
		priceHeader = "\tat carbon price (" + rm.Currency + "/tCO2e)"
	}
	fmt.Fprintln(tw, "  design\tperfect foresight\trolling horizon with forecasts"+priceHeader)
	var fails []string
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Target == TodayTarget || r.Unreachable != "" || len(r.Checks) == 0 {
			continue
		}
		pf, mpc := r.Check(dispatch.Perfect), r.Check(dispatch.RollingHorizon)
		price := ""
		if rm.ChecksAtShadowPrice {
			price = "\t" + Grouped(r.Checks[0].CarbonPricePerTCO2e, 1)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s%s\n", r.Target, formatMargin(pf), formatMargin(mpc), price)
		for _, c := range []*OperationCheck{pf, mpc} {
			if c == nil || c.Holds {
				continue
			}
			fails = append(fails, checkFailure(r.Target, c))
		}
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "  margin: 1 − value/limit of the stage's tightest condition, each written as an upper limit")
	fmt.Fprintln(w, "  (carbon per unit energy, the non-renewable share, unserved load, residual against offsets…).")
	writeCheckRuns(w, rm)
	for _, f := range fails {
		fmt.Fprintf(w, "  %s.\n", f)
	}
	if len(fails) > 0 {
		writeFailAdvice(w, rm)
	}
	writeCheckCosts(w, rm)
}

// checkFailure says how check c, of the design named name (a roadmap
// row's target, a pathway milestone's year and target), fails in
// operation: the condition, its value against its limit, and, where
// energy left stored would have covered half the miss or more, that.
// The roadmap's and the pathway's tables both say it so.
func checkFailure(name string, c *OperationCheck) string {
	value, limit := figurePair(c.Value, c.Limit)
	f := fmt.Sprintf("%s fails in operation under %s: %s %s %s against its limit %s %s",
		name, policyWords(c.Policy), c.Indicator, value, c.Unit, limit, c.Unit)
	if c.StoredShareOfMiss >= 0.5 {
		f += fmt.Sprintf("; the run ended with %s kWh more stored than it started, which the dispatch values and the ledger does not credit: discharged in place of imports it would have covered up to %s of the miss",
			Grouped(c.StoredChangeKWh, 0), pct(min(c.StoredShareOfMiss, 1)))
	}
	return f
}

// writeFailAdvice says what to do about designs that fail in operation,
// by what made them miss: forecasts (the rolling horizon), the cost
// objective (a miss under perfect foresight with --objective cost: the
// dispatch traded carbon for cost at the carbon price), or the dispatch's
// own operation (a miss under perfect foresight, carbon first: its
// storage starts at initial_soc_fraction and its ledger does not credit
// what is left stored); where a design of a reduced model misses its
// stage over the full series, the reduction first, and no margin.
func writeFailAdvice(w io.Writer, rm *Roadmap) {
	var forecasts, cost, operation, differ bool
	var price float64
	for i := range rm.Rows {
		for _, c := range rm.Rows[i].Checks {
			differ = differ || (!c.Holds && c.SignalsDiffer)
			switch {
			case c.Holds:
			case c.Policy == dispatch.RollingHorizon:
				forecasts = true
			case c.Objective == dispatch.Cost:
				cost, price = true, c.CarbonPricePerTCO2e
			default:
				operation = true
			}
		}
	}
	if cost && rm.ChecksAtShadowPrice {
		fmt.Fprintln(w, "  Under perfect foresight the miss is the cost objective's: least cost at the design's shadow carbon price")
		fmt.Fprintln(w, "  prices the carbon the stage's rows limit, not what else they weigh (the core indicator's consumption, the")
		fmt.Fprintln(w, "  clean share), and where the plan's optimum is degenerate the dispatch may pick another vertex of equal cost;")
		fmt.Fprintln(w, "  run the checks carbon first (the default) to see whether the park can hold the stage.")
	} else if cost && rm.CarbonPricePerTCO2e > 0 {
		// The price sized the designs too: a higher one re-sizes them, and
		// a design whose stage binds at it (its shadow carbon price above
		// the price) was sized to a limit operation at the price need not keep.
		fmt.Fprintf(w, "  Under perfect foresight the miss is the cost objective's: --objective cost dispatches for least cost with\n")
		fmt.Fprintf(w, "  carbon at %s %s/tCO2e (--carbon-price, which sized the designs too), not for the stage: a design whose\n",
			Grouped(price, 2), rm.Currency)
		fmt.Fprintln(w, "  shadow carbon price is above that price was held to its stage by the limit, not by the price. Run the")
		fmt.Fprintln(w, "  checks carbon first (--objective carbon keeps the price in the designs) to see whether the park can hold")
		fmt.Fprintln(w, "  it; a higher --carbon-price sizes other designs, not only other checks.")
	} else if cost {
		fmt.Fprintf(w, "  Under perfect foresight the miss is the cost objective's: --objective cost dispatches for least cost with\n")
		fmt.Fprintf(w, "  carbon at %s %s/tCO2e (--carbon-price), not for the stage; run the checks carbon first (the default)\n",
			Grouped(price, 2), rm.Currency)
		fmt.Fprintln(w, "  or with a higher --carbon-price to see whether the park can hold it.")
	}
	if differ {
		// QA, 2026-12-04: a park whose accounting factor (0.1) was far
		// below its marginal dispatch signal missed near-zero in every
		// run, and the advice blamed the sizing alone.
		fmt.Fprintln(w, "  The runs dispatched against the park's dispatch signal, which differs from the accounting factor the")
		fmt.Fprintln(w, "  stage is judged on (grid.accounting_carbon): their LP does not minimise the carbon the stage limits,")
		fmt.Fprintln(w, "  so part of a miss is that difference, which the plan (sized on the accounting factor) does not see.")
	}
	var room []string
	if operation {
		room = append(room, "the dispatch's own operation (storage from initial_soc_fraction)")
	}
	if forecasts {
		room = append(room, "forecast errors")
	}
	if cost && len(room) == 0 {
		room = append(room, "an operation at least cost")
	}
	if missesOverFullSeries(rm) {
		// A design the reduced model sized misses its stage over the full
		// series already, before any operation: the reduction misses
		// first, and a margin would buy for its error (QA, December 2026:
		// --slices 1 advised --margin 0.9).
		fmt.Fprintln(w, "  A design sized over the reduced model misses its stage over the full series already (see the reduced")
		fmt.Fprintln(w, "  model's section below): plan over the full series, or with more periods or slices, before adding a")
		fmt.Fprintln(w, "  --margin.")
		return
	}
	if rm.StorageEnd != "valued" && missesAreStoredEnergy(rm) {
		// Planner's QA, 2026-12-05: a zero-carbon week missing only by what
		// its battery banked was advised --margin 0.6, then 0.9, which
		// cannot move it.
		fmt.Fprintln(w, "  Each miss is mostly energy the run's storage banked (above), not room the design lacks: the plan chose")
		fmt.Fprintln(w, "  what the storage starts with (--storage-end cyclic), the runs start at initial_soc_fraction; plan with")
		fmt.Fprintln(w, "  --storage-end valued, which starts where the runs do, before adding a --margin.")
		return
	}
	if len(rm.MarginSearch) > 0 {
		fmt.Fprintln(w, "  --margin auto found no margin at which a design that fails here holds (the margin search below says why).")
		return
	}
	// A design sized under a --margin was not sized to the limit (QA P,
	// session 39: --margin 0.1 was told its designs were): name the
	// margin the failing designs had and ask for a larger one.
	sized := 0.0
	for i := range rm.Rows {
		for _, c := range rm.Rows[i].Checks {
			if !c.Holds {
				sized = math.Max(sized, rowMargin(rm, &rm.Rows[i]))
			}
		}
	}
	suggest := FormatNumber(math.Round(100*suggestMargin(rm)) / 100)
	if sized > 0 {
		fmt.Fprintf(w, "  A design that fails in operation was sized %s inside the limit (--margin): plan with a larger --margin\n", pct(sized))
		fmt.Fprintf(w, "  (e.g. --margin %s) to size against stricter targets and leave room for %s, or --margin auto\n",
			suggest, strings.Join(room, " and "))
	} else {
		fmt.Fprintf(w, "  A design that fails in operation was sized to the limit: plan with --margin (e.g. --margin %s)\n", suggest)
		fmt.Fprintf(w, "  to size against stricter targets and leave room for %s, or --margin auto\n", strings.Join(room, " and "))
	}
	fmt.Fprintln(w, "  to search for the least margin at which every design holds (a few plans).")
}

// writeCheckCosts: what each check's run costs to operate a year against
// the plan's operating cost (OperationCheck.OperatingCostPerYear); nothing
// when no check's cost is known.
func writeCheckCosts(w io.Writer, rm *Roadmap) {
	known := false
	for i := range rm.Rows {
		for _, c := range rm.Rows[i].Checks {
			known = known || c.OperatingCostPerYear != nil
		}
	}
	if !known {
		return
	}
	fmt.Fprintf(w, "\nWhat each run costs to operate a year (%s; energy + demand charge + wear, as the plan's operating cost;\n", rm.Currency)
	fmt.Fprintln(w, "in brackets: against the plan's)")
	tw := newTable(w)
	fmt.Fprintln(tw, "  design          \tplan\tperfect foresight\trolling horizon with forecasts\t")
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Target == TodayTarget || r.Unreachable != "" || len(r.Checks) == 0 {
			continue
		}
		cell := func(p dispatch.Policy) string {
			c := r.Check(p)
			d := c.OperatingCostVsPlanPerYear(r.OperatingCostPerYear)
			if d == nil {
				return "—"
			}
			return fmt.Sprintf("%s (%s)", Grouped(*c.OperatingCostPerYear, 0), signedGrouped(*d))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t\n", rowName(r), Grouped(r.OperatingCostPerYear, 0), cell(dispatch.Perfect), cell(dispatch.RollingHorizon))
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "  The plan's is its own least-cost operation (storage as --storage-end says); each run's is the")
	if c, _ := checkRuns(rm); c != nil && rm.ChecksAtShadowPrice {
		fmt.Fprintln(w, "  dispatch's at least cost with carbon at the design's shadow carbon price (--carbon-price shadow), from")
		fmt.Fprintln(w, "  initial_soc_fraction, and leaves out what it ends with stored.")
	} else if c != nil && c.Objective == dispatch.Cost {
		fmt.Fprintf(w, "  dispatch's at least cost with carbon at %s %s/tCO2e (--objective cost), from initial_soc_fraction,\n",
			Grouped(c.CarbonPricePerTCO2e, 2), rm.Currency)
		fmt.Fprintln(w, "  and leaves out what it ends with stored.")
	} else {
		fmt.Fprintln(w, "  dispatch's carbon first, then cost (--objective carbon, the default), from initial_soc_fraction,")
		fmt.Fprintln(w, "  and leaves out what it ends with stored. --objective cost runs the checks at least cost.")
	}
	stores := slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.Total.BatteryKWh+r.Total.ThermalStorageKWhTh > 0 })
	if stores && rm.StorageEnd != "valued" && rm.PeriodHours() < storageStartWeighsHours {
		// Planner's QA, 2026-12-04: over the Texas demo's first week a
		// near-zero design run at least cost cost 43 % more than the
		// plan's operation, only for what its battery started with.
		fmt.Fprintf(w, "  Over %s h, what the storage holds at the start weighs: the plan chose it (--storage-end cyclic), the runs\n",
			Grouped(rm.PeriodHours(), 0))
		fmt.Fprintln(w, "  start at initial_soc_fraction; --storage-end valued starts the plan there too, for costs that compare.")
	}
}

// storageStartWeighsHours is the period (h) below which the check costs'
// table says that the storage's start weighs on them (eight weeks; not
// [ShortPeriodHours], the week under which a period cannot stand for a
// year).
const storageStartWeighsHours = 8 * 7 * 24

// checkRuns are the first operation check of the roadmap (its objective
// and carbon price are every check's) and the first rolling horizon one;
// nil when none ran.
func checkRuns(rm *Roadmap) (first, mpc *OperationCheck) {
	for i := range rm.Rows {
		for j := range rm.Rows[i].Checks {
			c := &rm.Rows[i].Checks[j]
			first = cmp.Or(first, c)
			if c.Policy == dispatch.RollingHorizon {
				mpc = cmp.Or(mpc, c)
			}
		}
	}
	return first, mpc
}

// signedGrouped is v rounded to a whole number with a sign and thousands
// separators: "+168,472", "-1,204", "0".
func signedGrouped(v float64) string {
	if Grouped(math.Abs(v), 0) == "0" {
		return "0"
	}
	return signed(v, 0)
}

// writeCheckRuns says how the operation checks dispatched: the objective
// and carbon price, and the rolling horizon's look-ahead and forecasters
// (OperationCheck's figures, the same for every design).
func writeCheckRuns(w io.Writer, rm *Roadmap) {
	first, mpc := checkRuns(rm)
	if first == nil {
		return
	}
	how := "carbon first, then cost (--objective carbon)"
	switch {
	case rm.ChecksAtShadowPrice:
		how = "cost with carbon at each design's shadow carbon price (--carbon-price shadow: the column above;\n  priced on grid import at the dispatch signal, on fuel and heat bought at their factors)"
	case first.Objective == dispatch.Cost:
		how = fmt.Sprintf("cost with carbon at %s %s/tCO2e (--objective cost, --carbon-price)", Grouped(first.CarbonPricePerTCO2e, 2), rm.Currency)
	}
	fmt.Fprintf(w, "  runs: the dispatch minimised %s", how)
	if mpc == nil || mpc.HorizonHours <= 0 {
		fmt.Fprintln(w, ".")
		return
	}
	fc := "the default forecasters"
	if mpc.Forecasts != "default" && mpc.Forecasts != "" {
		fc = "the forecasters " + mpc.Forecasts
	}
	fmt.Fprintf(w, ";\n  the rolling horizon looked %s h ahead (--horizon) with %s (--forecast).\n", FormatNumber(mpc.HorizonHours), fc)
}

// suggestMargin proposes a --margin from the worst shortfall seen: a run
// that ended at (1 − margin) × the limit when the plan aimed at (1 −
// rm.Margin) × the limit would stay within it had the plan aimed at
// (1 − rm.Margin)/(1 − margin) of that, to first order; rounded up to the
// next 5 % and 5 % more for room (at most 0.9): a miss of 3.5 % suggests
// 0.1 (on a six-week park 0.1 held by 6.0 %, 0.05 by 1.3 %). The room is
// needed: first order underestimates, a design sized tighter operating
// closer to the limit but not in proportion. On the Texas demo over 2,016
// slices near-zero missed by 18.6 % under the rolling horizon, first
// order 0.16; planned with --margin 0.16 it missed by 1.9 %, 0.17 by 0.7 %,
// 0.2 held by 3.0 % and the suggested 0.25 by 9.3 %, its total 1.8 % above
// 0.2's (1,480,881 against 1,454,260 USD a year; 2026-12-05, `zeropark
// plan --slices 2016 --margin M`).
func suggestMargin(rm *Roadmap) float64 {
	worst := 0.0
	for i := range rm.Rows {
		for _, c := range rm.Rows[i].Checks {
			if !c.Holds {
				worst = math.Min(worst, c.Margin)
			}
		}
	}
	need := 1 - (1-rm.Margin)/(1-worst)
	return math.Min(math.Ceil(20*need+1e-9)/20+0.05, 0.9)
}

// policyWords names a policy in a sentence.
func policyWords(p dispatch.Policy) string {
	switch p {
	case dispatch.Perfect:
		return "perfect foresight"
	case dispatch.RollingHorizon:
		return "the rolling horizon with forecasts"
	}
	return string(p)
}

// significant prints v with n significant digits as %g does, except that
// a figure %g would put in exponent notation because it is large (1,507
// tCO2e is "1.51e+03" at three digits) is written whole with its thousands
// grouped, as the tables write it ("1,507"). Small figures keep %g.
func significant(v float64, n int) string { return Significant(v, n) }

// Significant prints v with n significant digits as %g does, but never in
// exponent notation: a figure %g would write so because it is large
// ("2.94e+03") is written whole with its thousands grouped ("2,937"), one
// it would write so because it is small ("1.42e-05") as a decimal
// ("0.0000142"), trailing zeros dropped as %g drops them. The tables of
// the report and of zeropark forecast print with it (QA, December 2026:
// a load's forecast error of 2.94e+03 kW).
func Significant(v float64, n int) string {
	s := strconv.FormatFloat(v, 'g', n, 64)
	switch {
	case !strings.Contains(s, "e") || !finite(v):
		return s
	case strings.Contains(s, "e+"):
		return Grouped(v, 0)
	}
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(v))))
	s = strconv.FormatFloat(v, 'f', d, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// SignedSignificant is [Significant] with a sign always, as %+g writes it.
func SignedSignificant(v float64, n int) string {
	s := Significant(v, n)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}

// tinyRMSEShare is the share of a series' range below which an RMSE is
// rounding noise (a series the reduction keeps exactly, e.g. constant over
// each slice, comes back with an RMSE near 1e-16): printed as 0.
const tinyRMSEShare = 1e-9

// formatRMSE prints e's RMSE with four significant digits, and as 0 when
// it is below tinyRMSEShare of the series' range. A constant series has
// NRMSE 0 (no range): the slice means and the representative periods
// reproduce it exactly, so any RMSE it shows is rounding and prints as 0
// too.
func formatRMSE(e SeriesError) string {
	if e.NRMSE < tinyRMSEShare {
		return "0"
	}
	return significant(e.RMSE, 4)
}

// writeRoadmapReduction: how well the representative periods (or the
// chronological slices) stood for the series, and each design's cost
// over the full series.
func writeRoadmapReduction(w io.Writer, rm *Roadmap) {
	r := rm.Reduction
	if r == nil {
		return
	}
	if r.Slices > 0 {
		fmt.Fprintf(w, "\nChronological slices: %d, each the mean of its steps, stand for the %s steps in order (the reduced model)\n",
			r.Slices, Grouped(float64(rm.Steps), 0))
	} else {
		fmt.Fprintf(w, "\nRepresentative periods: %d of %s h%s stand for the %s steps (the reduced model)\n",
			r.Periods, Grouped(r.PeriodLengthHours, 0), remainderText(rm), Grouped(float64(rm.Steps), 0))
	}
	tw := newTable(w)
	width := len("series")
	for _, e := range r.Errors {
		width = max(width, len(e.Name))
	}
	fmt.Fprintf(tw, "  %-*s\tRMSE\tof its range\ttotal\t\n", width, "series")
	for _, e := range r.Errors {
		fmt.Fprintf(tw, "  %-*s\t%s\t%s\t%s\t\n", width, e.Name, formatRMSE(e), pct(e.NRMSE), signedPct(e.TotalRelError))
	}
	_ = tw.Flush()
	if !slices.ContainsFunc(rm.Rows, func(r RoadmapRow) bool { return r.Full != nil }) {
		fmt.Fprintln(w, "  The designs were not evaluated over the full series (scenario.FullSeriesResults):")
		fmt.Fprintln(w, "  the reduced model's cost error is not known.")
		return
	}
	fmt.Fprintln(w, "  Each design evaluated over the full series (capacities fixed, cheapest operation of the")
	fmt.Fprint(w, "  whole period: plan.Model.Evaluate")
	if r.FullSeriesSolves > 0 {
		fmt.Fprintf(w, "; %d LPs of %s columns, %.1f s in the solver", r.FullSeriesSolves, Grouped(float64(r.FullSeriesColumns), 0), r.FullSeriesSolveSeconds)
	}
	fmt.Fprintln(w, "):")
	tw = newTable(w)
	fmt.Fprintln(tw, "  design          \ttotal, reduced\ttotal, full series\tcost error\tstage, full series\ttCO2/tce, full series\t")
	for i := range rm.Rows {
		row := &rm.Rows[i]
		f := row.Full
		if row.Unreachable != "" || f == nil {
			continue
		}
		stage := string(f.Stage)
		if f.Unreachable != "" {
			stage = "does not reach " + row.Target
		}
		costErr := "—" // a design that misses its stage: the totals do not compare
		if f.CostError != nil {
			costErr = signedPct(*f.CostError)
		}
		// The core indicator over the year against its limit: how near
		// the limit a reduced design runs there, which the stage alone
		// does not say.
		core := "—"
		if e := f.Indicators; e != nil {
			core = fmt.Sprintf("%.3f (≤ %.2f)", e.CarbonTCO2PerTce, e.CarbonTCO2PerTceMax)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t\n", rowName(row), Grouped(row.TotalCostPerYear, 0),
			Grouped(f.TotalCostPerYear, 0), costErr, stage, core)
	}
	_ = tw.Flush()
	missed := false
	for i := range rm.Rows {
		if f := rm.Rows[i].Full; f != nil && f.Unreachable != "" {
			fmt.Fprintf(w, "  %s over the full series: %s\n", rm.Rows[i].Target, strings.TrimPrefix(f.Unreachable, "plan: "))
			missed = true
		}
	}
	if missed {
		fmt.Fprintln(w, "  (— no cost error for a design that misses its stage over the full series: its total there")
		fmt.Fprintln(w, "  is its operation without the stage, where the reduced total buys what the stage needs.)")
	}
	switch {
	case missed && r.Slices > 0:
		fmt.Fprintln(w, "  A design that misses its stage over the full series was sized on slices that smooth the")
		fmt.Fprintln(w, "  hours too much: plan over the full series (no --slices), with more --slices, or against")
		fmt.Fprintln(w, "  stricter limits (--margin).")
	case missed:
		fmt.Fprintln(w, "  A design that misses its stage over the full series was sized on periods that do not stand")
		fmt.Fprintln(w, "  for the whole series well enough: plan over the full series (no --periods), with more --periods,")
		fmt.Fprintln(w, "  over chronological slices (--slices, which keep the calendar's order), or against stricter")
		fmt.Fprintln(w, "  limits (--margin).")
	}
}

// missesAreStoredEnergy reports whether rm has a failing check and every
// failing check's miss is at least half covered by the energy its run's
// storage ended with (OperationCheck.StoredShareOfMiss, which
// checkFailure names).
func missesAreStoredEnergy(rm *Roadmap) bool {
	failed := false
	for i := range rm.Rows {
		for _, c := range rm.Rows[i].Checks {
			if c.Holds {
				continue
			}
			if c.StoredShareOfMiss < 0.5 {
				return false
			}
			failed = true
		}
	}
	return failed
}

// missesOverFullSeries reports whether a design planned over a reduced
// model misses its stage over the full series (FullSeries.Unreachable).
func missesOverFullSeries(rm *Roadmap) bool {
	for i := range rm.Rows {
		if f := rm.Rows[i].Full; f != nil && f.Unreachable != "" {
			return true
		}
	}
	return false
}

// rowTargets are the targets of rm's rows.
func rowTargets(rm *Roadmap) []string {
	out := make([]string, len(rm.Rows))
	for i, r := range rm.Rows {
		out[i] = r.Target
	}
	return out
}

// cleanShareRequiredBy says what made the clean share a condition: the
// park file's stage_thresholds t where it requires it, the command line
// where flag says it did, both where both did; the command line where
// the file does not (QA R, session 37: a park file's requirement was
// credited to a --require-clean-share never given; session 38: a flag
// given beside the file's was not credited).
func cleanShareRequiredBy(t *model.StageThresholds, flag bool) string {
	file := t != nil && t.RequireCleanShare != nil && *t.RequireCleanShare
	switch {
	case file && flag:
		return "--require-clean-share and the park file's stage_thresholds"
	case file:
		return "the park file's stage_thresholds"
	}
	return "--require-clean-share"
}
