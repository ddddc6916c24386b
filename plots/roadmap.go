package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// RoadmapPart is one part of a design's annual cost: a segment of its
// bar. Money is in the roadmap's currency per year.
type RoadmapPart struct {
	// Name is the part's legend text ("capital", "fixed O&M",
	// "operating", "offsets bought", "certificates bought").
	Name string
	// CostPerYear is the part as roadmap.json states it (operating may
	// be negative: export revenue above what the park buys).
	CostPerYear float64
	// BottomPerYear and TopPerYear are the segment's ends on the cost
	// axis: parts ≥ 0 stack up from zero, parts < 0 down from zero, each
	// in the order of [RoadmapBar.Parts]; TopPerYear − BottomPerYear =
	// |CostPerYear|.
	BottomPerYear, TopPerYear float64
}

// RoadmapBar is one design of a roadmap as [RoadmapCosts] draws it.
type RoadmapBar struct {
	// Target is results.TodayTarget or the stage solved for; Stage what
	// the ledger grants the design ("" when out of reach).
	Target string
	Stage  dispatch.Stage
	// Unreachable, when set, is why no design reaches Target: the slot is
	// drawn empty, "out of reach", and the figures below are zero.
	Unreachable string
	// Parts are capital, fixed O&M, operating, offsets bought and
	// certificates bought, in that order (nil when out of reach).
	Parts []RoadmapPart
	// TotalCostPerYear is the net marker: the sum of the parts, as the
	// file states it.
	TotalCostPerYear     float64
	ResidualTCO2ePerYear float64
	// OffsetsBoughtTCO2ePerYear and CertificatesBoughtMWhPerYear are what
	// the design buys to reach its stage (zero-carbon's offsets beyond
	// those held), NetResidualTCO2ePerYear the residual less the offsets
	// bought (roadmap.csv's net_residual_tco2e_per_year) and
	// OffsetsHeldTCO2ePerYear the roadmap's offsets held, a year: the
	// caption says them, with the residual net of the offsets bought and
	// held, as the money is often too thin a slice of the bar to see.
	OffsetsBoughtTCO2ePerYear    float64
	CertificatesBoughtMWhPerYear float64
	NetResidualTCO2ePerYear      float64
	OffsetsHeldTCO2ePerYear      float64
	// Adds says what the design adds, one technology a line ("+2,150 kWp
	// PV"), a technology bought in whole units as their count and size
	// ("+3 × 500 kW wind", results.RoadmapRow.AddedUnits); empty when it
	// adds nothing.
	Adds []string
	// Warnings are the design's (results.RoadmapRow.Warnings), then its
	// full series' after "full series: ": its slot's name ends in "!"
	// and each is a footnote below the plot.
	Warnings []string
	// Miss says how the design misses the stage it is named for over the
	// full series or in an operation check ("misses it over the full
	// series and in operation"): its slot's name then ends in "!" with
	// the miss on the next line, and MissNote, the first footnotes, says
	// what it reaches there. Both "" when it misses in neither.
	Miss, MissNote string
	// Incentives is what comes back of the design's investment at
	// purchase (results.RoadmapRow.Incentives; 0 without, or in a file
	// written before the column): its capital part is then the annuity
	// of the investment net of them, and the legend says so.
	Incentives float64
}

// roadmapPart is a part of the annual cost: its name, colour, the ink
// of its figure on that colour (white on the dark ones) and where a
// roadmap row holds it.
type roadmapPart struct {
	name   string
	colour color.NRGBA
	ink    color.Color
	get    func(r *results.RoadmapRow) float64
}

// roadmapParts are the parts of total_cost_per_year (results.RoadmapRow:
// capital + fixed O&M + operating + offsets + certificates), in stacking
// order, in colours that stay apart for colour-blind readers (Okabe–Ito).
var roadmapParts = []roadmapPart{
	{"capital", color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, color.White, func(r *results.RoadmapRow) float64 { return r.CapitalPerYear }},
	{"fixed O&M", color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, color.Black, func(r *results.RoadmapRow) float64 { return r.FixedOMPerYear }},
	{"operating", color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, color.Black, func(r *results.RoadmapRow) float64 { return r.OperatingCostPerYear }},
	{"offsets bought", color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, color.White, func(r *results.RoadmapRow) float64 { return r.OffsetCostPerYear }},
	{"certificates bought", color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, color.Black, func(r *results.RoadmapRow) float64 { return r.CertificateCostPerYear }},
}

// RoadmapSumTolerance is how far (currency per year) the parts of a
// design's cost may be from the total its file states, beyond a relative
// 1e-6 of the parts' magnitude: roadmap.json holds full precision, a file
// rounded by hand to cents is off by at most 2.5 cents in five parts.
const RoadmapSumTolerance = 0.05

// RoadmapBars is the bar of each row of rm, in the file's order. It reads
// the parts and the total as the file states them, never recomputed, and
// refuses ([ErrInput], naming the design and the figures) a row whose
// parts do not add up to its total_cost_per_year, a figure that is not
// finite, and a roadmap without designs.
func RoadmapBars(rm *results.Roadmap) ([]RoadmapBar, error) {
	if rm == nil || len(rm.Rows) == 0 {
		return nil, inputErr("not a roadmap: no designs")
	}
	held, err := offsetsHeldPerYear(rm)
	if err != nil {
		return nil, err
	}
	bars := make([]RoadmapBar, len(rm.Rows))
	for i := range rm.Rows {
		b, err := roadmapBar(&rm.Rows[i])
		if err != nil {
			return nil, err
		}
		if b.Unreachable == "" {
			b.OffsetsHeldTCO2ePerYear = held
		}
		bars[i] = b
	}
	return bars, nil
}

// offsetsHeldPerYear is rm's offsets held (for the period planned) a
// year, as its residuals are: × 8760 h / the period's hours (steps ×
// step_minutes). Offsets held without a period to scale them by are
// refused ([ErrInput]).
func offsetsHeldPerYear(rm *results.Roadmap) (float64, error) {
	held := rm.OffsetsHeldTCO2e
	if held == 0 {
		return 0, nil
	}
	hours := rm.PeriodHours()
	if !finiteAll(held, hours) || held < 0 || !(hours > 0) {
		return 0, inputErr("offsets_held_tco2e %v over %d steps of %v minutes: want offsets ≥ 0 held over a period of some length",
			held, rm.Steps, rm.StepMinutes)
	}
	return held * results.HoursPerYear / hours, nil
}

// roadmapBar is row r's bar, its parts stacked.
func roadmapBar(r *results.RoadmapRow) (RoadmapBar, error) {
	b := RoadmapBar{Target: r.Target, Stage: r.Stage, Unreachable: r.Unreachable}
	if b.Target == "" {
		return b, inputErr("a design without a target: not a roadmap")
	}
	if r.Unreachable != "" {
		return b, nil
	}
	if !finiteAll(r.TotalCostPerYear, r.ResidualTCO2ePerYear) {
		return b, inputErr("design %s: total_cost_per_year %v, residual_tco2e_per_year %v: must be finite", r.Target, r.TotalCostPerYear, r.ResidualTCO2ePerYear)
	}
	var up, down, sum, magnitude float64
	for _, rp := range roadmapParts {
		v := rp.get(r)
		if !finiteAll(v) {
			return b, inputErr("design %s: %s %v: must be finite", r.Target, rp.name, v)
		}
		part := RoadmapPart{Name: rp.name, CostPerYear: v}
		if v >= 0 {
			part.BottomPerYear, part.TopPerYear = up, up+v
			up += v
		} else {
			part.BottomPerYear, part.TopPerYear = down+v, down
			down += v
		}
		b.Parts = append(b.Parts, part)
		sum += v
		magnitude += math.Abs(v)
	}
	if math.Abs(sum-r.TotalCostPerYear) > RoadmapSumTolerance+1e-6*magnitude {
		terms := make([]string, len(b.Parts))
		for i, pt := range b.Parts {
			terms[i] = pt.Name + " " + results.FormatNumber(pt.CostPerYear)
		}
		return b, inputErr("design %s: parts do not add up to total_cost_per_year: %s = %s, but the total is %s",
			r.Target, strings.Join(terms, " + "), results.FormatNumber(sum), results.FormatNumber(r.TotalCostPerYear))
	}
	b.TotalCostPerYear, b.ResidualTCO2ePerYear = r.TotalCostPerYear, r.ResidualTCO2ePerYear
	b.OffsetsBoughtTCO2ePerYear, b.CertificatesBoughtMWhPerYear = r.OffsetsBoughtTCO2ePerYear, r.CertificatesBoughtMWhPerYear
	b.NetResidualTCO2ePerYear = r.NetResidualTCO2ePerYear
	b.Adds = addedLines(r.Added, r.AddedUnits)
	b.Warnings = r.StoredWarnings() // the misses are said by the bar's mark and its first footnote
	b.Miss, b.MissNote = stageMiss(slotName(b), r)
	if r.Incentives != nil {
		b.Incentives = *r.Incentives
	}
	return b, nil
}

// addedLines says what capacities c adds, one technology a line: a
// technology u counts in whole units as "count × size" (size = added ÷
// count), the others as the amount.
func addedLines(c results.Capacities, u results.UnitCounts) []string {
	var lines []string
	// amount is v in unit, as n × its unit's size when n counts it.
	amount := func(v float64, n *float64, unit string) string {
		if s := countedText(v, n, unit); s != "" {
			return s
		}
		v, unit = scaledUnit(v, unit)
		return capacityText(v) + " " + unit
	}
	add := func(v float64, n *float64, unit, name string) {
		if v > 0 {
			lines = append(lines, "+"+amount(v, n, unit)+" "+name)
		}
	}
	add(c.PVKWp, u.PV, "kWp", "PV")
	add(c.WindKW, u.Wind, "kW", "wind")
	if c.BatteryKWh > 0 || c.BatteryKW > 0 {
		e, p := u.BatteryEnergy, u.BatteryPower
		switch {
		case e != nil && p != nil && *e == *p && *e > 0:
			lines = append(lines, "+"+batteryBlocksText(c, *e))
		case c.BatteryKW <= 0: // energy alone: no "/ 0.0 kW" (planner's QA, 2026-12-05)
			lines = append(lines, "+"+amount(c.BatteryKWh, e, "kWh")+" battery energy")
		case c.BatteryKWh <= 0:
			lines = append(lines, "+"+amount(c.BatteryKW, p, "kW")+" battery power")
		default:
			lines = append(lines, "+"+amount(c.BatteryKWh, e, "kWh")+" / "+amount(c.BatteryKW, p, "kW")+" battery")
		}
	}
	add(c.HeatPumpKWTh, u.HeatPump, "kW_th", "heat pump")
	add(c.ThermalStorageKWhTh, u.ThermalStorage, "kWh_th", "heat store")
	add(c.ElectricBoilerKWTh, u.ElectricBoiler, "kW_th", "electric boiler")
	add(c.CHPKW, u.CHP, "kW", "CHP")
	add(c.FuelBoilerKWTh, u.FuelBoiler, "kW_th", "fuel boiler")
	add(c.GridKW, u.Grid, "kW", "grid connection")
	return lines
}

// scaledUnit is v in unit (kW, kWh, kWp, kW_th, kWh_th), in M… from
// 100,000 and G… from 100,000,000 of it, so that a large park's labels
// stay as narrow as a small one's (QA, 2026-12-05: "+3,611,425 kWh /
// 643,419 kW battery" ran into its neighbour's).
func scaledUnit(v float64, unit string) (float64, string) {
	rest, ok := strings.CutPrefix(unit, "k")
	switch {
	case !ok:
		return v, unit
	case math.Abs(v) >= 1e8:
		return v / 1e6, "G" + rest
	case math.Abs(v) >= 1e5:
		return v / 1e3, "M" + rest
	}
	return v, unit
}

// capacityText is a capacity rounded to whole units with thousands
// separators, or to one decimal below 10 (so that 0.4 kWp does not read
// as "+0").
func capacityText(v float64) string {
	if math.Abs(v) < 9.95 {
		return results.Grouped(v, 1)
	}
	return results.Grouped(v, 0)
}

// moneyText is a money figure (currency per year) rounded to whole
// units, with thousands separators.
func moneyText(v float64) string { return results.Grouped(v, 0) }

// RoadmapOptions tunes [RoadmapCosts]; zero fields mean defaults.
type RoadmapOptions struct {
	// Title replaces the generated title ("Roadmap: annual cost of each
	// design, PARK") when not empty.
	Title string
	// WidthIn and HeightIn are the figure size in inches (default 12 × 8).
	WidthIn, HeightIn float64
	// DPI is the PNG resolution in dots per inch (default 100).
	DPI int
}

// Colours of the net marker, the zero line and an empty slot's text.
var (
	colNet   = color.NRGBA{A: 0xff}
	colZero  = color.NRGBA{R: 0x40, G: 0x40, B: 0x40, A: 0xff}
	colEmpty = color.NRGBA{R: 0x60, G: 0x60, B: 0x60, A: 0xff}
	// An out-of-reach band's ground and hatching.
	colOutOfReach = color.NRGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}
	colHatch      = color.NRGBA{R: 0xb4, G: 0xb4, B: 0xb4, A: 0xff}
)

// roadmapBarWidth is a bar's width in slots (one slot a design).
const roadmapBarWidth = 0.5

// roadmapRightRoom is the room right of the last slot (in slots) for the
// figures of its thin segments (sideLabel).
const roadmapRightRoom = 0.15

// RoadmapCosts draws a roadmap's designs (today's park, then each stage)
// as stacked bars of their annual cost in the roadmap's currency per
// year ([RoadmapBars]): capital, fixed O&M, operating (below zero when
// negative), offsets and certificates bought, with a black line and
// ring at each design's net total (total_cost_per_year) and its
// figure above the bar; under each bar its target, what it adds and its
// residual (tCO2e a year). A stage out of reach is a hatched grey band
// over the whole height of the axis (no cost), marked "out of reach"
// and explained in the caption. A roadmap planned over a period shorter
// than a year (results.Roadmap.PeriodHours) says first in the caption
// that every figure a year is scaled from it, under a week in the plan's
// words of caution. Errors unwrap to [ErrInput].
func RoadmapCosts(rm *results.Roadmap, opts *RoadmapOptions) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
	bars, err := RoadmapBars(rm)
	if err != nil {
		return nil, err
	}
	var o RoadmapOptions
	if opts != nil {
		o = *opts
	}
	if o.WidthIn <= 0 {
		o.WidthIn = 12
	}
	if o.HeightIn <= 0 {
		o.HeightIn = 8
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	title := o.Title
	if title == "" {
		title = "Roadmap: annual cost of each design"
		if rm.Park != "" {
			title += ", " + rm.Park
		}
	}
	p, leg := roadmapPlot(bars, rm.Currency)
	var notes designNotes
	var misses []string
	for _, b := range bars {
		notes.add(slotName(b), b.Warnings)
		misses = append(misses, b.MissNote)
	}
	notes = missNotes(notes, misses)
	caption := reductionCaption(rm)
	if unreachable(bars) {
		caption = strings.TrimSpace(OutOfReachCaption + " " + caption)
	}
	if pc := carbonPriceCaption(rm); pc != "" {
		caption = strings.TrimSpace(pc + " " + caption)
	}
	if mc := marginCaption(rm); mc != "" {
		caption = strings.TrimSpace(mc + " " + caption)
	}
	// A period shorter than a year: its first paragraph says the bars
	// are scaled from it, as the plan's report and warning do.
	caption = joinCaptions(periodCaption(rm.PeriodHours()), caption)
	drawFig := func(c draw.Canvas) {
		// One panel, its legend in a strip on the right, as the week's;
		// the warnings' footnotes below.
		stackPanels(drawCaption(drawFootnotes(drawTitle(titleArea(c), title, 14), notes), caption), []panel{{plot: p, weight: 1, legend: leg}}, 1.9*vg.Inch)
	}
	return &Figure{Width: vg.Length(o.WidthIn) * vg.Inch, Height: vg.Length(o.HeightIn) * vg.Inch, DPI: o.DPI, draw: drawFig}, nil
}

// carbonPriceCaption is the caption's sentence on a roadmap whose
// designs were sized at an internal carbon price
// (results.Roadmap.CarbonPricePerTCO2e): the bars are what is paid, the
// carbon at the price is not among them; "" without one.
func carbonPriceCaption(rm *results.Roadmap) string {
	if !(rm.CarbonPricePerTCO2e > 0) {
		return ""
	}
	return fmt.Sprintf("Designs sized at a carbon price of %s %s/tCO2e (each the cheapest at its total + that price × its residual); "+
		"the bars are what is paid, not the carbon at that price (a year, on the residual before offsets: %s).", results.Grouped(rm.CarbonPricePerTCO2e, 1), rm.Currency,
		strings.Join(results.CarbonCosts(rm, false), ", "))
}

// marginCaption is the caption's sentence on a roadmap whose designs were
// sized against limits tightened by a margin: each design's where a
// --margin auto search sized them (results.Roadmap.MarginSearch), the one
// margin of --margin otherwise; "" without one.
func marginCaption(rm *results.Roadmap) string {
	switch {
	case len(rm.MarginSearch) > 0 && !results.KeptMissed(rm.MarginSearch, nil):
		return "Each design sized at the least margin at which it held its stage in operation (--margin auto; every limit of its stage × (1 − margin)): " +
			results.SizedMargins(rm) + "."
	case len(rm.MarginSearch) > 0:
		return "Each design sized at the least margin at which it held its stage in operation or, where no margin tried held it, the closest " +
			"(--margin auto, see the margin search; every limit of its stage × (1 − margin)): " + results.SizedMargins(rm) + "."
	case slices.ContainsFunc(rm.Rows, func(r results.RoadmapRow) bool { return r.SizedMargin != nil }):
		return "Each design sized at its stage's own margin (--margin STAGE=F,…; every limit of its stage × (1 − margin)): " + results.SizedMargins(rm) + "."
	case rm.Margin > 0:
		return fmt.Sprintf("Every stage's limits tightened by %s %% before sizing (--margin), room for what operation misses.",
			results.Significant(100*rm.Margin, 3))
	}
	return ""
}

// OutOfReachCaption is the caption's sentence on a roadmap with a stage
// out of reach.
const OutOfReachCaption = "Hatched: a stage out of reach, met by no design within the plan's bounds, so it has no cost (the band's height is not a figure)."

// unreachable: some design of bars is out of reach.
func unreachable(bars []RoadmapBar) bool {
	for _, b := range bars {
		if b.Unreachable != "" {
			return true
		}
	}
	return false
}

// reductionCaption is the caption of a roadmap planned over
// representative periods or chronological slices (rm.Reduction): the bars
// are the reduced model's costs, so it says what the model was and gives
// each design's total over the full series with the bar's error against
// it (results.FullSeries), or says that the design misses its stage
// there. "" for a roadmap over the full series.
func reductionCaption(rm *results.Roadmap) string {
	red := rm.Reduction
	if red == nil {
		return ""
	}
	what := results.Grouped(float64(red.Periods), 0) + " representative periods of " + results.FormatNumber(red.PeriodLengthHours) + " h" +
		rm.RemainderText()
	if red.Slices > 0 {
		what = results.Grouped(float64(red.Slices), 0) + " chronological slices"
	}
	money := rm.Currency
	if money != "" {
		money = " " + money
	}
	var parts []string
	for i := range rm.Rows {
		r := &rm.Rows[i]
		if r.Unreachable != "" || r.Full == nil {
			continue
		}
		part := slotName(RoadmapBar{Target: r.Target}) + " " + results.Grouped(r.Full.TotalCostPerYear, 0) + money
		switch {
		case r.Full.Unreachable != "":
			part += " (misses its stage there: the totals do not compare)"
		case r.Full.CostError != nil:
			part += " (bar " + results.SignedPercent(*r.Full.CostError) + ")"
		}
		parts = append(parts, part)
	}
	caption := "Planned over " + what + ": the bars are the reduced model's costs."
	if len(parts) > 0 {
		caption += " Over the full series, a year: " + strings.Join(parts, "; ") + "."
	}
	return caption
}

// netOfIncentives reports whether some bar's design has incentives: its
// capital part is the annuity of its investment less them.
func netOfIncentives(bars []RoadmapBar) bool {
	for _, b := range bars {
		if b.Incentives > 0 {
			return true
		}
	}
	return false
}

// roadmapPlot is the bars' plot and its legend: the parts drawn in some
// bar, then the net marker.
func roadmapPlot(bars []RoadmapBar, currency string) (*plot.Plot, plot.Legend) {
	p := plot.New()
	setFonts(p, 13, 12, 10)
	p.Y.Label.Text = "annual cost"
	if currency != "" {
		p.Y.Label.Text += " (" + currency + " a year)"
	}
	p.X.Min, p.X.Max = -0.5, float64(len(bars))-0.5+roadmapRightRoom
	p.Y.Min, p.Y.Max = roadmapRange(bars)
	p.X.Padding, p.Y.Padding = 0, 0
	ticks := make(plot.ConstantTicks, len(bars))
	for i, b := range bars {
		ticks[i] = plot.Tick{Value: float64(i), Label: slotLabel(b)}
	}
	p.X.Tick.Marker = ticks
	p.X.Tick.Length = 0
	// A faint line at each labelled cost tick; none across the slots.
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal = draw.LineStyle{Color: colGrid, Width: vg.Points(0.5)}
	p.Add(g, &roadmapDrawing{bars: bars, currency: currency})
	leg := newLegend()
	for i, rp := range roadmapParts {
		if partDrawn(bars, i) {
			// A filled box, as the stage bands' entries of the frontier.
			name := rp.name
			if i == 0 && netOfIncentives(bars) {
				name = "capital, net of incentives"
			}
			leg.Add(name, &plotter.Polygon{Color: rp.colour})
		}
	}
	leg.Add("net total cost", netThumb{})
	if unreachable(bars) {
		leg.Add("stage out of reach", outOfReachThumb{})
	}
	return p, leg
}

// slotLabel is the text under a design's slot: its target, what it adds,
// its residual and what it buys ([boughtLines]).
func slotLabel(b RoadmapBar) string {
	lines := markedName(slotName(b), len(b.Warnings) > 0, b.Miss)
	if b.Stage != "" && b.Target != results.TodayTarget && string(b.Stage) != b.Target {
		lines = append(lines, "(granted "+string(b.Stage)+")")
	}
	if b.Unreachable != "" {
		return strings.Join(append(lines, "out of reach"), "\n")
	}
	if len(b.Adds) == 0 {
		lines = append(lines, "nothing added")
	}
	lines = append(lines, b.Adds...)
	lines = append(lines, "residual "+results.Grouped(b.ResidualTCO2ePerYear, 0)+" tCO2e a year")
	return strings.Join(append(lines, boughtLines(b)...), "\n")
}

// boughtLines say what design b buys, under its residual: "+ 348 t
// offsets bought", or with offsets held "+ 167 t offsets bought, 156 t
// held", then "net of offsets 0 tCO2e a year" (the residual less the
// offsets bought and held — a zero-carbon design's is 0, where
// roadmap.csv's net_residual_tco2e_per_year, less those bought only,
// would read as the offsets held), and "+ 40 MWh certificates bought";
// none when it buys nothing.
func boughtLines(b RoadmapBar) []string {
	var lines []string
	if b.OffsetsBoughtTCO2ePerYear > 0 {
		line := "+ " + capacityText(b.OffsetsBoughtTCO2ePerYear) + " t offsets bought"
		if b.OffsetsHeldTCO2ePerYear > 0 {
			line += ", " + capacityText(b.OffsetsHeldTCO2ePerYear) + " t held"
		}
		net := b.NetResidualTCO2ePerYear - b.OffsetsHeldTCO2ePerYear
		lines = append(lines, line, "net of offsets "+results.Grouped(net, 0)+" tCO2e a year")
	}
	if b.CertificatesBoughtMWhPerYear > 0 {
		lines = append(lines, "+ "+capacityText(b.CertificatesBoughtMWhPerYear)+" MWh certificates bought")
	}
	return lines
}

// slotName is the design's name under its slot: its target, or
// "today's park".
func slotName(b RoadmapBar) string {
	if b.Target == results.TodayTarget {
		return "today's park"
	}
	return b.Target
}

// partDrawn: part i is not zero in some bar.
func partDrawn(bars []RoadmapBar, i int) bool {
	for _, b := range bars {
		if i < len(b.Parts) && b.Parts[i].CostPerYear != 0 {
			return true
		}
	}
	return false
}

// roadmapRange is the cost axis: zero, every segment and net total, with
// room above for the net totals' figures (12 %) and below (5 %).
func roadmapRange(bars []RoadmapBar) (lo, hi float64) {
	for _, b := range bars {
		lo, hi = math.Min(lo, b.TotalCostPerYear), math.Max(hi, b.TotalCostPerYear)
		for _, pt := range b.Parts {
			lo, hi = math.Min(lo, pt.BottomPerYear), math.Max(hi, pt.TopPerYear)
		}
	}
	w := hi - lo
	if !(w > 0) {
		w = 1
	}
	if lo < 0 {
		lo -= 0.05 * w
	}
	return lo, hi + 0.12*w
}

// roadmapDrawing draws the bars, the net markers and their figures, and
// the empty slots.
type roadmapDrawing struct {
	bars     []RoadmapBar
	currency string
}

func (rd *roadmapDrawing) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	zero := trY(0)
	c.StrokeLine2(draw.LineStyle{Color: colZero, Width: vg.Points(0.8)}, c.Min.X, zero, c.Max.X, zero)
	label := textStyle(10)
	label.XAlign, label.YAlign = draw.XCenter, draw.YBottom
	// Figures of segments too thin to hold them, written beside their
	// bars once every bar is drawn (so that no later bar covers them).
	type thin struct {
		r      vg.Rectangle
		pt     RoadmapPart
		colour color.Color
		x0, x  vg.Length // the bar's left edge; where a label right of it starts
		bar    int
	}
	var thins []thin
	for i, b := range rd.bars {
		x0, x1 := trX(float64(i)-roadmapBarWidth/2), trX(float64(i)+roadmapBarWidth/2)
		if b.Unreachable != "" {
			rd.emptySlot(c, x0, x1)
			continue
		}
		top, net := zero, trY(b.TotalCostPerYear)
		pad := (x1 - x0) / 8
		for j, pt := range b.Parts {
			if pt.TopPerYear <= pt.BottomPerYear {
				continue
			}
			r := vg.Rectangle{Min: vg.Point{X: x0, Y: trY(pt.BottomPerYear)}, Max: vg.Point{X: x1, Y: trY(pt.TopPerYear)}}
			c.SetColor(roadmapParts[j].colour)
			c.Fill(r.Path())
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(0.6)}, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}, r.Min})
			top = max(top, r.Max.Y)
			if !segmentLabel(c, r, pt, roadmapParts[j].ink, net) {
				thins = append(thins, thin{r: r, pt: pt, colour: roadmapParts[j].colour, x0: x0, x: x1 + pad + vg.Points(7), bar: i})
			}
		}
		// The net total: a line a little wider than the bar and a ring.
		c.StrokeLine2(draw.LineStyle{Color: colNet, Width: vg.Points(2.2)}, x0-pad, net, x1+pad, net)
		c.DrawGlyph(draw.GlyphStyle{Color: colNet, Shape: draw.RingGlyph{}, Radius: vg.Points(4)}, vg.Point{X: x1 + pad, Y: net})
		txt := "net " + moneyText(b.TotalCostPerYear)
		if rd.currency != "" {
			txt += " " + rd.currency
		}
		c.FillText(label, vg.Point{X: (x0 + x1) / 2, Y: max(top, net) + vg.Points(5)}, txt)
	}
	var taken []vg.Rectangle
	for _, t := range thins {
		taken = sideLabel(c, t.r, t.pt, t.colour, t.x0, t.x, taken)
	}
}

// segmentLabel writes a segment's figure in it when it fits, clear of
// the net line at height net (in the larger part of the segment the line
// leaves), in the part's ink, and reports whether it did.
func segmentLabel(c draw.Canvas, r vg.Rectangle, pt RoadmapPart, ink color.Color, net vg.Length) bool {
	sty := textStyle(9)
	sty.XAlign, sty.YAlign, sty.Color = draw.XCenter, draw.YCenter, ink
	txt := moneyText(pt.CostPerYear)
	room := sty.Height(txt) + vg.Points(3) // with the net line's half width
	lo, hi := r.Min.Y, r.Max.Y
	if net > lo && net < hi {
		if net-lo > hi-net {
			hi = net - vg.Points(1.1)
		} else {
			lo = net + vg.Points(1.1)
		}
	}
	if hi-lo < room || r.Max.X-r.Min.X < sty.Width(txt)+vg.Points(4) {
		return false
	}
	c.FillText(sty, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (lo + hi) / 2}, txt)
	return true
}

// sideLabel writes the figure of a segment too thin to hold it (r)
// beside its bar: a swatch of the part's colour and the figure, level
// with the segment's middle, right of the bar from x on (or as far right
// as it fits there, still right of the bar), or left of the bar (ending
// a little before its left edge x0) when the right would leave the data
// area; moved down clear of the labels already written
// (taken). It returns taken with the new label's box.
func sideLabel(c draw.Canvas, r vg.Rectangle, pt RoadmapPart, colour color.Color, x0, x vg.Length, taken []vg.Rectangle) []vg.Rectangle {
	sty := textStyle(9)
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	txt := moneyText(pt.CostPerYear)
	sw := vg.Points(7) // the swatch's side
	w, h := sw+vg.Points(3)+sty.Width(txt), max(sty.Height(txt), sw)
	if x+w > c.Max.X {
		// Shifted left to fit while it stays right of its bar (clear of
		// the ring's side); only else left of the bar, where it could be
		// read as the bar before's.
		if fit := c.Max.X - w; fit >= r.Max.X+vg.Points(2) {
			x = fit
		} else {
			x = x0 - vg.Points(6) - w
		}
	}
	y := (r.Min.Y + r.Max.Y) / 2
	box := vg.Rectangle{Min: vg.Point{X: x, Y: y - h/2}, Max: vg.Point{X: x + w, Y: y + h/2}}
	for moved := 0; moved <= len(taken) && overlapsAny(box, taken); moved++ {
		box.Min.Y -= h + vg.Points(1)
		box.Max.Y -= h + vg.Points(1)
	}
	mid := (box.Min.Y + box.Max.Y) / 2
	c.SetColor(colour)
	c.Fill(vg.Rectangle{Min: vg.Point{X: box.Min.X, Y: mid - sw/2}, Max: vg.Point{X: box.Min.X + sw, Y: mid + sw/2}}.Path())
	c.FillText(sty, vg.Point{X: box.Min.X + sw + vg.Points(3), Y: mid}, txt)
	return append(taken, box)
}

// emptySlot is a design out of reach: a hatched grey band over the
// whole height of the cost axis, so that no top or bottom of it reads as
// a cost, and "out of reach" on a white label across its middle.
func (rd *roadmapDrawing) emptySlot(c draw.Canvas, x0, x1 vg.Length) {
	band := outOfReachBand(c, x0, x1)
	hatch(c, band)
	sty := textStyle(11)
	sty.Color = colEmpty
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	txt := "out of reach"
	mid := vg.Point{X: (x0 + x1) / 2, Y: (band.Min.Y + band.Max.Y) / 2}
	w, h := sty.Width(txt)/2+vg.Points(4), sty.Height(txt)/2+vg.Points(3)
	c.SetColor(color.White)
	c.Fill(vg.Rectangle{Min: vg.Point{X: mid.X - w, Y: mid.Y - h}, Max: vg.Point{X: mid.X + w, Y: mid.Y + h}}.Path())
	c.FillText(sty, mid, txt)
}

// outOfReachBand is the band of an out-of-reach slot from x0 to x1 on
// the plot's data canvas c: the full height of the cost axis.
func outOfReachBand(c draw.Canvas, x0, x1 vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}
}

// hatch fills r in colOutOfReach with diagonal lines (rising to the
// right, hatchSpacing apart) in colHatch, clipped to r by hand, and
// outlines it in colHatch.
func hatch(c draw.Canvas, r vg.Rectangle) {
	c.SetColor(colOutOfReach)
	c.Fill(r.Path())
	ls := draw.LineStyle{Color: colHatch, Width: vg.Points(0.7)}
	// The line y = x + k crosses r for k from Min.Y−Max.X to Max.Y−Min.X.
	for k := r.Min.Y - r.Max.X + hatchSpacing/2; k < r.Max.Y-r.Min.X; k += hatchSpacing {
		xa, xb := max(r.Min.X, r.Min.Y-k), min(r.Max.X, r.Max.Y-k)
		if xb > xa {
			c.StrokeLine2(ls, xa, xa+k, xb, xb+k)
		}
	}
	c.StrokeLines(ls, []vg.Point{r.Min, {X: r.Min.X, Y: r.Max.Y}, r.Max, {X: r.Max.X, Y: r.Min.Y}, r.Min})
}

// hatchSpacing is the distance along x (and y) between the lines of a
// hatched band.
const hatchSpacing vg.Length = 7 // points

// outOfReachThumb is the legend's thumbnail of an out-of-reach band.
type outOfReachThumb struct{}

func (outOfReachThumb) Thumbnail(c *draw.Canvas) { hatch(*c, c.Rectangle) }

// netThumb is the net marker's legend thumbnail.
type netThumb struct{}

func (netThumb) Thumbnail(c *draw.Canvas) {
	// The ring inside the thumbnail, clear of the entry's text.
	y, r := (c.Min.Y+c.Max.Y)/2, vg.Points(4)
	c.StrokeLine2(draw.LineStyle{Color: colNet, Width: vg.Points(2.2)}, c.Min.X, y, c.Max.X-r, y)
	c.DrawGlyph(draw.GlyphStyle{Color: colNet, Shape: draw.RingGlyph{}, Radius: r}, vg.Point{X: c.Max.X - r, Y: y})
}

// SaveRoadmapCosts draws [RoadmapCosts] and writes it to path (.png or
// .svg) atomically: on any error path is left as it was.
func SaveRoadmapCosts(path string, rm *results.Roadmap, opts *RoadmapOptions) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := RoadmapCosts(rm, opts)
	if err != nil {
		return err
	}
	return f.Save(path)
}
