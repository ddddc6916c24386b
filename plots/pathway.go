package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/results"
)

// PathwayTech is one technology of a pathway figure's capacity panel: its
// legend text (with its unit) and its capacity built in all at each
// milestone, in the milestones' order.
type PathwayTech struct {
	Name  string
	Unit  string
	Built []float64
	// Today is today's park's, before the first milestone (its total less
	// what it adds).
	Today float64
}

// PathwayCurves are what [PathwayFigure] draws of a pathway, in years:
// Years are the calendar years drawn (the analysis period's with a present
// value, else the base year + 1 to a year after the last milestone),
// CostPerYear the cost a year in each (the milestone in force's, today's park's
// before the first) and TodayCostPerYear today's park kept as it is (at the loads of
// the milestone in force); Techs the capacities with any built, each a
// step at each milestone's year.
type PathwayCurves struct {
	Years                         []int
	CostPerYear, TodayCostPerYear []float64
	Techs                         []PathwayTech
	// Milestones are the years of the milestones planned (no row out of
	// reach), MilestoneLabels their targets.
	Milestones      []int
	MilestoneLabels []string
	// MilestoneMisses say, for each milestone planned, how its design
	// misses its target in the operation checks that do not hold
	// ("misses it in operation", as a roadmap's design says it); "" when
	// they hold or it was not checked (--no-check). MilestoneWarned: its
	// design has warnings (results.PathwayRow.Warnings). Either puts a
	// "!" after its label, and a footnote below the figure says each.
	MilestoneMisses []string
	MilestoneWarned []bool
	// OutOfReach is the year of the milestone out of reach that ends the
	// pathway (0 when none), OutOfReachLabel its label; Years run to it.
	OutOfReach      int
	OutOfReachLabel string
}

// pathwayTechs are the capacities a pathway row holds, in
// results.Capacities order: name, unit and how to read it.
var pathwayTechs = []struct {
	name, unit string
	get        func(c results.Capacities) float64
	col        color.Color
}{
	{"PV", "kWp", func(c results.Capacities) float64 { return c.PVKWp }, colPV},
	{"wind", "kW", func(c results.Capacities) float64 { return c.WindKW }, colWind},
	{"battery", "kWh", func(c results.Capacities) float64 { return c.BatteryKWh }, colDischarge},
	{"battery power", "kW", func(c results.Capacities) float64 { return c.BatteryKW }, colCharge},
	{"heat pump", "kW_th", func(c results.Capacities) float64 { return c.HeatPumpKWTh }, colHeatPump},
	{"thermal store", "kWh_th", func(c results.Capacities) float64 { return c.ThermalStorageKWhTh }, colStoreOut},
	{"electric boiler", "kW_th", func(c results.Capacities) float64 { return c.ElectricBoilerKWTh }, colElectricBoiler},
	{"CHP", "kW", func(c results.Capacities) float64 { return c.CHPKW }, colCHP},
	{"fuel boiler", "kW_th", func(c results.Capacities) float64 { return c.FuelBoilerKWTh }, colFuelBoiler},
	{"grid connection", "kW", func(c results.Capacities) float64 { return c.GridKW }, colImport},
}

// PathwayCurvesOf reads pw's rows into the curves [PathwayFigure] draws;
// an [ErrInput] when no milestone was planned or a figure is not finite.
func PathwayCurvesOf(pw *results.Pathway) (*PathwayCurves, error) {
	rows := plannedRows(pw)
	if len(rows) == 0 {
		return nil, inputErr("pathway: no milestone planned: nothing to draw")
	}
	for _, r := range rows {
		if !finiteAll(r.CostPerYear, r.TodayCostPerYear) {
			return nil, inputErr("pathway milestone %d: cost a year %v, today's %v: must be finite", r.Year, r.CostPerYear, r.TodayCostPerYear)
		}
	}
	first, last := pw.BaseYear+1, rows[len(rows)-1].Year+1
	if v := pw.Value; v != nil {
		first, last = v.FirstYear, max(v.LastYear, rows[len(rows)-1].Year)
	}
	c := &PathwayCurves{}
	for _, r := range pw.Rows {
		if r.Unreachable != "" {
			// Drawn where it fails (new-user QA, 2026-12-04: the chart
			// left it out and looked like a whole pathway).
			c.OutOfReach, c.OutOfReachLabel = r.Year, fmt.Sprintf("%d %s: out of reach", r.Year, r.Target)
			last = max(last, r.Year)
			break
		}
	}
	for _, r := range rows {
		name := milestoneName(r)
		miss, _ := pathwayMiss(name, &r)
		c.Milestones = append(c.Milestones, r.Year)
		c.MilestoneLabels = append(c.MilestoneLabels, name)
		c.MilestoneMisses = append(c.MilestoneMisses, miss)
		c.MilestoneWarned = append(c.MilestoneWarned, len(r.Warnings) > 0)
	}
	for y := first; y <= last; y++ {
		k := -1
		for i, r := range rows {
			if r.Year <= y {
				k = i
			}
		}
		c.Years = append(c.Years, y)
		if k < 0 {
			c.CostPerYear = append(c.CostPerYear, rows[0].TodayCostPerYear)
			c.TodayCostPerYear = append(c.TodayCostPerYear, rows[0].TodayCostPerYear)
			continue
		}
		c.CostPerYear = append(c.CostPerYear, rows[k].CostPerYear)
		c.TodayCostPerYear = append(c.TodayCostPerYear, rows[k].TodayCostPerYear)
	}
	for _, t := range pathwayTechs {
		built := make([]float64, len(rows))
		some := false
		for i, r := range rows {
			built[i] = t.get(r.Total)
			some = some || built[i] > 1e-9
		}
		if some {
			today := max(t.get(rows[0].Total)-t.get(rows[0].Added), 0)
			c.Techs = append(c.Techs, PathwayTech{Name: t.name, Unit: t.unit, Built: built, Today: today})
		}
	}
	return c, nil
}

// plannedRows are pw's milestones planned: its rows but one out of reach.
func plannedRows(pw *results.Pathway) []results.PathwayRow {
	var rows []results.PathwayRow
	for _, r := range pw.Rows {
		if r.Unreachable == "" {
			rows = append(rows, r)
		}
	}
	return rows
}

// milestoneName is how the figure names milestone r: "2030
// near-zero-carbon".
func milestoneName(r results.PathwayRow) string { return fmt.Sprintf("%d %s", r.Year, r.Target) }

// pathwayNotes are the pathway figure's footnotes: first how each
// milestone misses its target in operation ([pathwayMiss]), then each
// milestone's warnings, as a roadmap's ([missNotes]).
func pathwayNotes(pw *results.Pathway) designNotes {
	var notes designNotes
	var misses []string
	for _, r := range plannedRows(pw) {
		name := milestoneName(r)
		notes.add(name, r.Warnings)
		_, note := pathwayMiss(name, &r)
		misses = append(misses, note)
	}
	return missNotes(notes, misses)
}

// techColour is the colour of technology name in a pathway figure.
func techColour(name string) color.Color {
	for _, t := range pathwayTechs {
		if t.name == name {
			return t.col
		}
	}
	return colFrontier
}

// PathwayFigure draws a pathway (`zeropark plan pathway --out`'s
// pathway.png and pathway.svg, `zeropark plot pathway`): above,
// the capacity built in all of each technology, a step at each
// milestone's year (the units differ, so each curve's legend names its
// own: kWp, kW, kWh); below, the cost a year of the pathway in the file's
// currency, year by year, beside today's park kept as it is (dashed),
// with each milestone marked and, with a present value, both present
// values in the caption. A milestone whose design fails an operation
// check (results.PathwayRow.Checks: not with --no-check) is labelled as
// a roadmap's design that misses its stage, in red: "!" after its name,
// "(misses it in operation)" under it and a footnote naming the policies
// and the stage each reaches; one with warnings has the "!" and a
// footnote per warning. Planned over a period shorter than a year
// (results.Pathway.PeriodHours), the caption says first that every
// figure a year is scaled from it. Errors unwrap to [ErrInput].
func PathwayFigure(pw *results.Pathway) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
	c, err := PathwayCurvesOf(pw)
	if err != nil {
		return nil, err
	}
	title := "Pathway (myopic): what is built, and what it costs a year"
	if pw.Park != "" {
		title += " — " + pw.Park
	}
	years := func(vals func(i int) float64, n int) plotter.XYs {
		xys := make(plotter.XYs, n)
		for i := range n {
			xys[i] = plotter.XY{X: float64(c.Years[i]), Y: vals(i)}
		}
		return xys
	}
	lo, hi := float64(c.Years[0])-0.5, float64(c.Years[len(c.Years)-1])+0.5

	// The capacities: one step curve a technology, today's park's from
	// the first year drawn to the first milestone, then each milestone's
	// (QA, 2026-12-05: the curves started at the first milestone, today's
	// park not drawn).
	capPlot := plot.New()
	setFonts(capPlot, 12, 11, 10)
	capPlot.Y.Label.Text = "built in all (kW, kWp; kWh for storage)"
	capPlot.X.Min, capPlot.X.Max = lo, hi
	capPlot.X.Tick.Marker = yearTicks{}
	capLeg := newLegend()
	var drawn []plotter.XYs
	for _, t := range c.Techs {
		var xys plotter.XYs
		if lo < float64(c.Milestones[0])-0.5 {
			xys = append(xys, plotter.XY{X: lo, Y: t.Today})
		}
		for i, y := range c.Milestones {
			xys = append(xys, plotter.XY{X: float64(y) - 0.5, Y: t.Built[i]}) // from the year's start, as the costs
		}
		xys = append(xys, plotter.XY{X: hi, Y: t.Built[len(t.Built)-1]})
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, inputErr("pathway: %s: %v", t.Name, err)
		}
		l.StepStyle = plotter.PostStep
		l.Color, l.Width = techColour(t.Name), vg.Points(2.2)
		// A line equal to one drawn before it is dashed, in a pattern
		// of its own for each more, so that those under it show through
		// (QA G, session 39: wind and CHP at 2,000 kW each, the wind's
		// line hidden under the CHP's); the heat side is dashed in any
		// case (a 4,000 kWh_th store over a 4,000 kWh battery: QA K).
		same := 0
		for _, d := range drawn {
			if sameLine(d, xys) {
				same++
			}
		}
		if same == 0 && strings.HasSuffix(t.Unit, "_th") {
			same = 1
		}
		l.Dashes = lineDashes(same)
		drawn = append(drawn, xys)
		capPlot.Add(l)
		capLeg.Add(t.Name+" ("+t.Unit+")", l)
	}
	capPlot.Y.Min = 0

	// The cost a year.
	costPlot := plot.New()
	setFonts(costPlot, 12, 11, 10)
	unit := "a year"
	if pw.Currency != "" {
		unit = pw.Currency + " a year"
	}
	costPlot.Y.Label.Text = "cost (" + unit + ")"
	costPlot.X.Label.Text = "year"
	costPlot.X.Min, costPlot.X.Max = lo, hi
	costPlot.X.Tick.Marker = yearTicks{}
	costLeg := newLegend()
	stepTo := func(xys plotter.XYs) plotter.XYs { return append(xys, plotter.XY{X: hi, Y: xys[len(xys)-1].Y}) }
	shift := func(xys plotter.XYs) plotter.XYs {
		// Each year's value from the year's start (x − 0.5) to its end.
		out := make(plotter.XYs, len(xys))
		for i, p := range xys {
			out[i] = plotter.XY{X: p.X - 0.5, Y: p.Y}
		}
		return out
	}
	today, err := plotter.NewLine(stepTo(shift(years(func(i int) float64 { return c.TodayCostPerYear[i] }, len(c.Years)))))
	if err != nil {
		return nil, inputErr("pathway: today's cost: %v", err)
	}
	today.StepStyle, today.Color, today.Width = plotter.PostStep, colToday, vg.Points(1.5)
	today.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	cost, err := plotter.NewLine(stepTo(shift(years(func(i int) float64 { return c.CostPerYear[i] }, len(c.Years)))))
	if err != nil {
		return nil, inputErr("pathway: cost: %v", err)
	}
	cost.StepStyle, cost.Color, cost.Width = plotter.PostStep, colWind, vg.Points(2.5)
	costPlot.Add(today, cost)
	costLeg.Add("the pathway", cost)
	costLeg.Add("today's park kept as it is", today)
	minCost := math.Min(floats.Min(c.CostPerYear), floats.Min(c.TodayCostPerYear))
	costPlot.Y.Min = math.Min(0, minCost)

	// The milestones: a thin vertical line in both panels, labelled in the
	// cost panel; one that misses its target in operation, or has
	// warnings, in red with a "!" (a footnote says each).
	labels := &milestoneLabels{}
	for i, y := range c.Milestones {
		for _, p := range []*plot.Plot{capPlot, costPlot} {
			p.Add(&milestoneLine{year: float64(y) - 0.5})
		}
		warned := c.MilestoneWarned[i] || c.MilestoneMisses[i] != ""
		labels.add(milestoneLabel{year: float64(y) - 0.5, missed: warned,
			text: strings.Join(markedName(c.MilestoneLabels[i], c.MilestoneWarned[i], c.MilestoneMisses[i]), "\n")})
	}
	if y := c.OutOfReach; y != 0 {
		for _, p := range []*plot.Plot{capPlot, costPlot} {
			p.Add(&milestoneLine{year: float64(y) - 0.5, missed: true})
		}
		labels.add(milestoneLabel{year: float64(y) - 0.5, text: c.OutOfReachLabel, missed: true})
	}
	costPlot.Add(labels)

	caption := joinCaptions(periodCaption(pw.PeriodHours()), pathwayCaption(pw))
	notes := pathwayNotes(pw)
	drawFig := func(cv draw.Canvas) {
		stackPanels(drawCaption(drawFootnotes(drawTitle(titleArea(cv), title, 14), notes), caption),
			[]panel{{plot: capPlot, weight: 1, legend: capLeg}, {plot: costPlot, weight: 1, legend: costLeg}}, 2.1*vg.Inch)
	}
	return &Figure{Width: 12 * vg.Inch, Height: 8 * vg.Inch, DPI: DefaultDPI, draw: drawFig}, nil
}

// SavePathway draws [PathwayFigure] and writes it to path (.png or .svg)
// atomically: on any error path is left as it was.
func SavePathway(path string, pw *results.Pathway) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := PathwayFigure(pw)
	if err != nil {
		return err
	}
	return f.Save(path)
}

// yearTicks label whole years, every year up to 12 of them, else every
// 2nd, 5th or 10th.
type yearTicks struct{}

func (yearTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := int(math.Ceil(lo)), int(math.Floor(hi))
	step := 1
	for _, s := range []int{1, 2, 5, 10, 20, 50} {
		step = s
		if (last-first)/s <= 12 {
			break
		}
	}
	var ts []plot.Tick
	for y := first; y <= last; y++ {
		t := plot.Tick{Value: float64(y)}
		if y%step == 0 {
			t.Label = fmt.Sprint(y)
		}
		ts = append(ts, t)
	}
	return ts
}

// milestoneLine is a thin grey vertical line at a milestone's year.
// A missed one (out of reach) is red and thicker.
type milestoneLine struct {
	year   float64
	missed bool
}

func (m *milestoneLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.year)
	sty := draw.LineStyle{Color: colEmpty, Width: vg.Points(0.6), Dashes: []vg.Length{vg.Points(2), vg.Points(2)}}
	if m.missed {
		sty.Color, sty.Width = colWarn, vg.Points(1.5)
	}
	c.StrokeLine2(sty, x, c.Min.Y, x, c.Max.Y)
}

// milestoneLabel writes a milestone's year and target at the foot of the
// cost panel, right of its line: the costs run along the top of the
// panel, whose axis starts at 0, and struck through labels drawn there
// (QA, 2026-12-05).
type milestoneLabel struct {
	year float64
	text string
	// missed: out of reach, or missing its target in operation, or
	// with warnings: in the warning's red.
	missed bool
}

// milestoneLabels draws the milestones' labels, each right of its line
// on the lowest row where it clears the labels left of it: milestones a
// year or two apart on a 25-year axis wrote their labels over one
// another (QA S, session 37). A label that would run past the panel's
// right edge is drawn left of its line instead.
type milestoneLabels struct{ labels []milestoneLabel }

func (ls *milestoneLabels) add(l milestoneLabel) { ls.labels = append(ls.labels, l) }

func (ls *milestoneLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	gap := vg.Points(3)
	var rowEnd, rowHeight []vg.Length // per row: where its last label ends, its tallest label
	rows, styles, xs := make([]int, len(ls.labels)), make([]text.Style, len(ls.labels)), make([]vg.Length, len(ls.labels))
	for i, l := range ls.labels {
		sty := textStyle(9)
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		if l.missed {
			sty.Color = colWarn
		}
		x0, w := trX(l.year)+gap, sty.Width(l.text)
		xs[i] = x0
		if x0+w > c.Max.X {
			x0, xs[i], sty.XAlign = trX(l.year)-gap-w, trX(l.year)-gap, draw.XRight
		}
		r := 0
		for r < len(rowEnd) && rowEnd[r]+gap > x0 {
			r++
		}
		if r == len(rowEnd) {
			rowEnd, rowHeight = append(rowEnd, 0), append(rowHeight, 0)
		}
		rows[i], styles[i], rowEnd[r], rowHeight[r] = r, sty, x0+w, max(rowHeight[r], sty.Height(l.text))
	}
	for i, l := range ls.labels {
		y := c.Min.Y + gap
		for r := 0; r < rows[i]; r++ {
			y += rowHeight[r] + vg.Points(1)
		}
		c.FillText(styles[i], vg.Point{X: xs[i], Y: y}, l.text)
	}
}

// pathwayCaption is pathway.png's caption: the present values (as
// annuities and as cash flows), the carbon price the milestones were
// sized at, and what the myopic pathway is.
func pathwayCaption(pw *results.Pathway) string {
	caption := ""
	if v := pw.Value; v != nil {
		caption = fmt.Sprintf("Present value over %d–%d at %s a year, in %d %s: the pathway %s, today's park kept as it is %s. ",
			v.FirstYear, v.LastYear, results.Rate(v.DiscountRatePerYear), pw.BaseYear, pw.Currency, results.Grouped(v.PresentValue, 0), results.Grouped(v.TodayPresentValue, 0))
		if v.CashFlowPresentValue != 0 {
			caption += fmt.Sprintf("As cash flows (capital paid as each step's year begins): the pathway %s. ", results.Grouped(v.CashFlowPresentValue, 0))
		}
	}
	if p := pw.CarbonPricePerTCO2e; p > 0 {
		growth := ""
		if g := pw.CarbonPriceGrowthPerYear; g != 0 {
			growth = ", " + results.SignedPercent(g) + " a year"
		}
		caption += fmt.Sprintf("Each milestone sized at a carbon price (%s %s/tCO2e in %d%s), whose carbon is not among the costs. ",
			results.Grouped(p, 1), pw.Currency, pw.BaseYear, growth)
	}
	switch {
	case len(pw.MarginSearch) > 0 && !results.KeptMissed(pw.MarginSearch, nil):
		caption += fmt.Sprintf("Every milestone's limits tightened by %s %%, the least margin at which every milestone held its stage in operation (--margin auto). ",
			results.Significant(100*pw.Margin, 3))
	case len(pw.MarginSearch) > 0:
		caption += fmt.Sprintf("Every milestone's limits tightened by %s %%, the closest round of a search (--margin auto) in which no margin tried held every milestone's stage in operation. ",
			results.Significant(100*pw.Margin, 3))
	case pw.Margin > 0:
		caption += fmt.Sprintf("Every milestone's limits tightened by %s %% before sizing (--margin). ", results.Significant(100*pw.Margin, 3))
	}
	caption += "Myopic: each milestone the cheapest design reaching its stage on the park built before it; its cost a year (its own and earlier steps' annuities and fixed O&M, its operation, offsets and certificates) holds until the next."
	return caption
}

// sameLine says whether the lines a and b would be drawn over each other:
// the same years, each value within a millionth of the larger of the two.
func sameLine(a, b plotter.XYs) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		tol := 1e-6 * math.Max(math.Abs(a[i].Y), math.Abs(b[i].Y))
		if a[i].X != b[i].X || math.Abs(a[i].Y-b[i].Y) > tol {
			return false
		}
	}
	return true
}

// lineDashes is the dash pattern of a line drawn over n equal ones: solid
// for none, then dashes, dots, and dash-dots.
func lineDashes(n int) []vg.Length {
	switch n {
	case 0:
		return nil
	case 1:
		return []vg.Length{vg.Points(7), vg.Points(4)}
	case 2:
		return []vg.Length{vg.Points(2), vg.Points(3)}
	default:
		return []vg.Length{vg.Points(10), vg.Points(3), vg.Points(2), vg.Points(3)}
	}
}
