package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// WeekOptions tunes [DispatchWeek]; nil or zero fields mean the defaults.
type WeekOptions struct {
	// Policy is named in the title; "" leaves it out.
	Policy dispatch.Policy
	// PolicyTitle is the policy's name in words ("rolling horizon"),
	// written before its code; "" writes the code alone.
	PolicyTitle string
	// Title replaces the generated title when not empty.
	Title string
	// WidthIn and HeightIn are the figure size in inches (default 12 × 9).
	WidthIn, HeightIn float64
	// DPI is the PNG resolution in dots per inch (default 100).
	DPI int
}

// Colours of the dispatch stack: supply warm/green/grey, sinks below zero
// in lighter tones of the same families. They stay apart for readers with
// deuteranopia, protanopia and tritanopia (plots' cvd_internal_test.go:
// CIE76 ΔE at least 10 between any two a panel draws, as simulated with
// Machado et al. 2009): PV, wind, battery discharge, CHP and the heat
// pumps are Okabe & Ito's (2008) orange, blue, bluish green, vermilion
// and sky blue; unserved load is Paul Tol's wine, a dark crimson (QA K,
// session 39: battery discharge #2ca02c and unserved load #d62728 at
// ΔE 7.3 for a deuteranope).
var (
	colPV        = color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}
	colWind      = color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}
	colDischarge = color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}
	colImport    = color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
	colUnserved  = color.NRGBA{R: 0x88, G: 0x22, B: 0x55, A: 0xff}
	colCurtailed = color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0x50}
	colCharge    = color.NRGBA{R: 0x98, G: 0xdf, B: 0x8a, A: 0xff}
	colExport    = color.NRGBA{R: 0xc2, G: 0xa5, B: 0xcf, A: 0xff}
	colLoad      = color.NRGBA{A: 0xff}
	colSoC       = color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0x60}
	colLimit     = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	colFactor    = color.NRGBA{R: 0x7b, G: 0x3f, B: 0x00, A: 0xff}
	colSignal    = color.NRGBA{R: 0xe0, G: 0x6c, B: 0x00, A: 0xff}
	colEmission  = color.NRGBA{R: 0x6b, G: 0x6b, B: 0x6b, A: 0xff}
	colGrid      = color.NRGBA{R: 0xd8, G: 0xd8, B: 0xd8, A: 0xff}
)

// window is the slice [i0, i1) of a schedule that a figure shows.
type window struct {
	s      *dispatch.Schedule
	i0, i1 int
	loc    *time.Location
}

func (w window) n() int { return w.i1 - w.i0 }

// x is the plot abscissa of the start of interval i (absolute index), in
// Unix seconds.
func (w window) x(i int) float64 {
	return float64(w.s.Time(i).UnixNano()) / 1e9
}

// checkSchedule reports a schedule that cannot be drawn: nil, empty, or
// shaped unlike its park ([dispatch.Schedule.Validate], the one shape
// check), so plotting never indexes out of range.
func checkSchedule(p *model.Park, s *dispatch.Schedule) error {
	if p == nil || s == nil {
		return inputErr("nil park or schedule")
	}
	if s.Len <= 0 {
		return inputErr("empty schedule (len %d, step %v)", s.Len, s.Step)
	}
	if err := s.Validate(p); err != nil {
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	return nil
}

// selectWindow finds the intervals of s that start in [from, from + days),
// the days calendar days on the schedule's clock: from a local midnight
// to the local midnight days later, 167 or 169 hours for a week across a
// change of the clock (plots QA: a week from a spring-forward day ran to
// 01:00 of the eighth day).
func selectWindow(s *dispatch.Schedule, from time.Time, days int) (window, error) {
	w := window{s: s, loc: s.Start.Location()}
	if days <= 0 {
		return w, inputErr("days = %d: must be at least 1", days)
	}
	to := WindowEnd(from.In(w.loc), days)
	end := s.Time(s.Len)
	// First interval starting at or after from; first starting at or after to.
	idx := func(t time.Time) int {
		d := t.Sub(s.Start)
		if d <= 0 {
			return 0
		}
		i := int((d + s.Step - 1) / s.Step)
		return min(i, s.Len)
	}
	w.i0, w.i1 = idx(from), idx(to)
	if w.i1 <= w.i0 {
		return w, inputErr("period %s + %d days has no intervals of the schedule [%s, %s)",
			from.Format(time.RFC3339), days, s.Start.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	return w, nil
}

// band is a filled layer of a stack: values per interval of the window.
type band struct {
	name string
	col  color.Color
	v    []float64
}

func (b band) zero() bool {
	for _, v := range b.v {
		if v != 0 {
			return false
		}
	}
	return true
}

// stepPolygon is the area between lower and upper, both held constant over
// each interval (a step shape), as one polygon ring.
func stepPolygon(w window, lower, upper []float64) plotter.XYs {
	n := w.n()
	xy := make(plotter.XYs, 0, 4*n)
	for t := 0; t < n; t++ {
		x0, x1 := w.x(w.i0+t), w.x(w.i0+t+1)
		xy = append(xy, plotter.XY{X: x0, Y: upper[t]}, plotter.XY{X: x1, Y: upper[t]})
	}
	for t := n - 1; t >= 0; t-- {
		x0, x1 := w.x(w.i0+t), w.x(w.i0+t+1)
		xy = append(xy, plotter.XY{X: x1, Y: lower[t]}, plotter.XY{X: x0, Y: lower[t]})
	}
	return xy
}

// stepLine is v held over each interval as a polyline.
func stepLine(w window, v []float64) plotter.XYs {
	xy := make(plotter.XYs, 0, 2*len(v))
	for t, y := range v {
		xy = append(xy, plotter.XY{X: w.x(w.i0 + t), Y: y}, plotter.XY{X: w.x(w.i0 + t + 1), Y: y})
	}
	return xy
}

// addStack stacks bands on base (upwards when sign > 0, downwards when
// sign < 0), adds the non-zero ones to p and to legend (when keep says so
// for a zero band, it still gets a legend entry), and returns the top.
func addStack(p *plot.Plot, leg *plot.Legend, w window, bands []band, sign float64, keep func(band) bool) ([]float64, error) {
	n := w.n()
	base := make([]float64, n)
	for _, b := range bands {
		if b.zero() && !keep(b) {
			continue
		}
		top := make([]float64, n)
		for t := range top {
			top[t] = base[t] + sign*b.v[t]
		}
		poly, err := plotter.NewPolygon(stepPolygon(w, base, top))
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInput, b.name, err)
		}
		poly.Color = b.col
		poly.LineStyle.Width = 0
		p.Add(poly)
		leg.Add(b.name, poly)
		base = top
	}
	return base, nil
}

// dayTicks marks every local midnight of loc between min and max (labelled
// every label-th day, none when label is 0) and every 6 h between them.
type dayTicks struct {
	loc   *time.Location
	label int
}

func (d dayTicks) Ticks(lo, hi float64) []plot.Tick {
	t := time.Unix(int64(math.Floor(lo)), 0).In(d.loc)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, d.loc)
	var ticks []plot.Tick
	for k := 0; ; k++ {
		if len(ticks) > 10000 {
			break // a guard; never reached for weeks
		}
		mid := day.AddDate(0, 0, k)
		for h := 0; h < 24; h += 6 {
			at := mid.Add(time.Duration(h) * time.Hour)
			v := float64(at.Unix())
			if v > hi {
				return ticks
			}
			if v < lo {
				continue
			}
			tk := plot.Tick{Value: v}
			if h == 0 && d.label > 0 && k%d.label == 0 {
				tk.Label = "day" // replaced by TimeTicks with the date
			}
			ticks = append(ticks, tk)
		}
	}
	return ticks
}

// maxHourLabelDays is the longest window whose time axis labels its 6-hour
// ticks with the clock time too: a day or two drawn had its two or three
// midnights labelled alone, and a reader could not tell 06:00 from 18:00
// (QA K, 2026-12-05).
const maxHourLabelDays = 2

// timeTicks are the time axis' ticks: days' labelled midnights in format,
// and with hours the 6-hour ticks between them as "15:04".
type timeTicks struct {
	days   dayTicks
	format string
	hours  bool
}

func (m timeTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := m.days.Ticks(lo, hi)
	for i, tk := range ticks {
		at := time.Unix(int64(tk.Value), 0).In(m.days.loc)
		switch {
		case tk.Label != "":
			ticks[i].Label = at.Format(m.format)
		case m.hours && (at.Hour() != 0 || at.Minute() != 0):
			ticks[i].Label = at.Format("15:04")
		}
	}
	return ticks
}

// zoneLabel is the time axis' label: local time, the zone's name where
// the clock has one (an IANA name, not Local or UTC), and the UTC offset
// the window is in. Where the clocks change within the window it names
// the offset after the change and the local time it starts at ("UTC+02:00;
// +01:00 from Sun 25 Oct 02:00"); where they change more than once, every
// offset.
func zoneLabel(w window) string {
	offset := func(i int) string { return w.s.Time(i).In(w.loc).Format("-07:00") }
	first := offset(w.i0)
	var changes []int // intervals whose offset differs from the one before
	_, prev := w.s.Time(w.i0).In(w.loc).Zone()
	for i := w.i0 + 1; i < w.i1; i++ {
		if _, off := w.s.Time(i).In(w.loc).Zone(); off != prev {
			changes, prev = append(changes, i), off
		}
	}
	off := "UTC" + first
	switch {
	case len(changes) == 1:
		i := changes[0]
		off += "; " + offset(i) + " from " + w.s.Time(i).In(w.loc).Format("Mon 2 Jan 15:04")
	case len(changes) > 1:
		seen := []string{first}
		for _, i := range changes {
			if o := offset(i); !slices.Contains(seen, o) {
				seen = append(seen, o)
			}
		}
		off = "UTC" + strings.Join(seen, ", ")
	}
	if name := w.loc.String(); name != "" && name != "Local" && name != "UTC" {
		if _, err := time.LoadLocation(name); err == nil {
			return "local time, " + name + " (" + off + ")"
		}
	}
	return "local time (" + off + ")"
}

// timeAxis sets p's x axis to the window with day ticks; labelled only on
// the bottom panel.
func timeAxis(p *plot.Plot, w window, labelled bool) {
	p.X.Min, p.X.Max = w.x(w.i0), w.x(w.i1)
	p.X.Padding = 0
	days := float64(w.n()) * w.s.Step.Hours() / 24
	every, format := 1, "Mon 2 Jan"
	if days > 14 {
		every, format = int(math.Ceil(days/10)), "2 Jan"
	}
	if !labelled {
		every = 0
	}
	p.X.Tick.Marker = timeTicks{days: dayTicks{loc: w.loc, label: every}, format: format,
		hours: labelled && days <= maxHourLabelDays}
	if labelled {
		p.X.Label.Text = zoneLabel(w)
	}
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = colGrid, colGrid
	g.Vertical.Width, g.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
	p.Add(g)
}

func newPanel(ylabel string) *plot.Plot {
	p := plot.New()
	p.Y.Label.Text = ylabel
	setFonts(p, 13, 11, 10)
	return p
}

// sumRows sums rows [asset][t] over assets for the window.
func sumRows(w window, rows [][]float64) []float64 {
	out := make([]float64, w.n())
	for _, r := range rows {
		for t := range out {
			out[t] += r[w.i0+t]
		}
	}
	return out
}

func cut(w window, v []float64) []float64 { return v[w.i0:w.i1] }

// DispatchWeek draws the dispatch of schedule s of park p over the days
// starting at from, calendar days on the schedule's clock ([WindowEnd]:
// 167 or 169 hours for a week across a clock change), clipped to the
// schedule; an empty overlap or days < 1 is an [ErrInput]. Four panels share the time axis:
//
//  1. power (kW): supply stacked above zero — PV, wind, battery discharge,
//     grid import, unserved load, and curtailed PV/wind (available but
//     unused) in a pale band on top; battery charge and export below zero;
//     the load as a black line;
//  2. stored energy (kWh): the sum over batteries at the end of each
//     interval, one line per battery when there are several, with the
//     state-of-charge limits Σ max_soc_fraction × energy_kwh (and Σ min) dashed;
//  3. grid carbon intensity (kgCO2e/kWh): the accounting factor, and the
//     dispatch signal when it differs;
//  4. emissions per interval (kgCO2e) = import kW × accounting factor × Δt h.
//
// For a park with heat ([model.Park.HasHeat]) the power panel also shows
// CHP electricity as supply and the heat pumps' and electric boilers'
// electricity below zero; a heat panel (kW_th) follows it — the heat
// sources stacked (heat pumps, electric and fuel boilers, CHP, heat bought,
// thermal-store discharge, unserved heat), store charge and, with a CHP
// heat dump, the heat dumped below zero, the heat load as a black line — then, with thermal stores, the heat stored
// (kWh_th); and the emissions panel stacks the grid's, the fuel's and the
// bought heat's carbon. The default figure is then taller (12 × 12.5 in).
//
// The title names the park, the policy (opts.Policy, opts.PolicyTitle) and
// the dates, and gives the window's totals; its renewable share is the
// ledger's traced share of the electricity used over the window
// ([dispatch.RenewableUsedKWh]).
func DispatchWeek(p *model.Park, s *dispatch.Schedule, from time.Time, days int, opts *WeekOptions) (fig *Figure, err error) {
	defer recoverInto(&fig, &err)
	if err := checkSchedule(p, s); err != nil {
		return nil, err
	}
	w, err := selectWindow(s, from, days)
	if err != nil {
		return nil, err
	}
	o := weekDefaults(opts)
	tot, err := windowTotals(p, w)
	if err != nil {
		return nil, err
	}
	builds := []func() (panel, error){
		func() (panel, error) { return powerPanel(p, w) },
		func() (panel, error) { return storagePanel(p, w) },
		func() (panel, error) { return intensityPanel(w) },
		func() (panel, error) { return emissionsPanel(w, tot.emissionsKg) },
	}
	if p.HasHeat() {
		if opts == nil || opts.HeightIn <= 0 {
			o.HeightIn = HeatHeightIn
		}
		builds = []func() (panel, error){
			func() (panel, error) { return powerPanel(p, w) },
			func() (panel, error) { return heatPanel(p, w) },
			func() (panel, error) { return storagePanel(p, w) },
			func() (panel, error) { return heatStoredPanel(p, w) },
			func() (panel, error) { return intensityPanel(w) },
			func() (panel, error) { return heatEmissionsPanel(w, tot.emissionsKg) },
		}
		if len(p.ThermalStorage) == 0 {
			builds = append(builds[:3], builds[4:]...)
		}
	}
	var panels []panel
	for _, build := range builds {
		pn, err := build()
		if err != nil {
			return nil, err
		}
		panels = append(panels, pn)
	}
	title := o.Title
	if title == "" {
		title = weekTitle(p, o, w) + tot.String()
	}
	f := &Figure{
		Width:  vg.Length(o.WidthIn) * vg.Inch,
		Height: vg.Length(o.HeightIn) * vg.Inch,
		DPI:    o.DPI,
	}
	f.draw = func(c draw.Canvas) {
		c = draw.Crop(c, vg.Points(6), -vg.Points(6), vg.Points(6), 0)
		c = drawTitle(c, title, 14)
		stackPanels(c, panels, weekLegendW)
	}
	return f, nil
}

// weekLegendW is the width of the week figure's legend strip.
const weekLegendW = 2.1 * vg.Inch

// legendName is s as leg shows it within the week's legend strip: an
// asset's name too long for it is cut with "…" (QA K, 2026-12-05: "stored,
// Main lithium-ion battery container at the north substation" ran off the
// figure's right edge as "stored, Main lithium-ion batte").
func legendName(leg *plot.Legend, s string) string {
	sty := leg.TextStyle
	avail := weekLegendW - vg.Points(8) - leg.ThumbnailWidth - sty.Rectangle(" ").Max.X - vg.Points(2)
	if sty.Width(s) <= avail {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > avail {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ,") + "…"
}

// weekDefaults is opts with the defaults filled in.
func weekDefaults(opts *WeekOptions) WeekOptions {
	var o WeekOptions
	if opts != nil {
		o = *opts
	}
	if o.WidthIn <= 0 {
		o.WidthIn = DefaultWidthIn
	}
	if o.HeightIn <= 0 {
		o.HeightIn = DefaultHeightIn
	}
	if o.DPI <= 0 {
		o.DPI = DefaultDPI
	}
	return o
}

// weekTotals are the window's figures the title gives.
type weekTotals struct {
	loadKWh, importKWh, emissionsKg float64
	// renewableShare is the renewable content of the load served in the
	// window over that load.
	renewableShare float64
	// With heat: the heat load (kWh_th) and the fuel burnt (kWh of LHV);
	// emissionsKg then counts the fuel and the heat bought too.
	heat             bool
	heatKWh, fuelKWh float64
}

func (t weekTotals) String() string {
	// One unit for the line's energies, the largest's (plots QA: "load
	// 1.29 GWh · grid import 500.7 MWh").
	f := energyFormat(t.loadKWh, t.importKWh, t.heatKWh, t.fuelKWh)
	if t.heat {
		return fmt.Sprintf(" · load %s · heat %s_th · renewable share %.0f %% · grid import %s · fuel %s · emissions %s",
			f(t.loadKWh), f(t.heatKWh), 100*t.renewableShare, f(t.importKWh), f(t.fuelKWh), formatKg(t.emissionsKg))
	}
	return fmt.Sprintf(" · load %s · renewable share %.0f %% · grid import %s · emissions %s",
		f(t.loadKWh), 100*t.renewableShare, f(t.importKWh), formatKg(t.emissionsKg))
}

// windowTotals sums the window's load, import and emissions, and takes
// its renewable share from dispatch's traced per-interval renewable
// content (traced from the period's start, as the ledger does).
func windowTotals(p *model.Park, w window) (weekTotals, error) {
	var t weekTotals
	s, h := w.s, w.s.Step.Hours()
	t.heat = s.HeatLoadKWTh != nil
	for i := w.i0; i < w.i1; i++ {
		t.loadKWh += s.LoadKW[i] * h
		t.importKWh += s.ImportKW[i] * h
		if t.heat {
			t.emissionsKg += s.TotalEmissionsKgCO2e(i)
			t.heatKWh += s.HeatLoadKWTh[i] * h
			for _, v := range s.FuelBoilerFuelKW {
				t.fuelKWh += v[i] * h
			}
			for _, v := range s.CHPFuelKW {
				t.fuelKWh += v[i] * h
			}
			continue
		}
		t.emissionsKg += s.EmissionsKgCO2e[i]
	}
	ren, used, err := dispatch.RenewableUsedKWh(p, s)
	if err != nil {
		return t, fmt.Errorf("%w: %w", ErrInput, err)
	}
	renKWh, usedKWh := 0.0, 0.0
	for i := w.i0; i < w.i1; i++ {
		renKWh += ren[i]
		usedKWh += used[i]
	}
	if usedKWh > 0 {
		t.renewableShare = renKWh / usedKWh
	}
	return t, nil
}

// powerPanel is the supply stack above zero, charge and export below,
// curtailment pale on top and the load as a line.
func powerPanel(p *model.Park, w window) (panel, error) {
	s := w.s
	power := newPanel("power (kW)")
	timeAxis(power, w, false)
	leg := newLegend()
	supply := []band{
		{"PV", colPV, sumRows(w, s.PVKW)},
		{"wind", colWind, sumRows(w, s.WindKW)},
		{"battery discharge", colDischarge, sumRows(w, s.DischargeKW)},
		{"grid import", colImport, cut(w, s.ImportKW)},
		{"unserved load", colUnserved, cut(w, s.UnservedKW)},
	}
	if p.HasHeat() && len(p.CHP) > 0 {
		supply = append(supply[:3], append([]band{{"CHP", colCHP, sumRows(w, s.CHPKW)}}, supply[3:]...)...)
	}
	has := map[string]bool{"PV": len(p.PV) > 0, "wind": len(p.Wind) > 0, "battery discharge": len(p.Batteries) > 0,
		"grid import": true, "battery charge (−)": len(p.Batteries) > 0}
	keep := func(b band) bool { return has[b.name] }
	top, err := addStack(power, &leg, w, supply, 1, keep)
	if err != nil {
		return panel{}, err
	}
	if err := addCurtailed(power, &leg, w, top); err != nil {
		return panel{}, err
	}
	sinks := []band{
		{"battery charge (−)", colCharge, sumRows(w, s.ChargeKW)},
		{"export (−)", colExport, cut(w, s.ExportKW)},
	}
	if p.HasHeat() {
		conv := sumRows(w, s.HeatPumpKW)
		for t, v := range sumRows(w, s.ElectricBoilerKW) {
			conv[t] += v
		}
		sinks = append(sinks[:1], band{"heat pumps, e-boilers (−)", colHeatPump, conv}, sinks[1])
		has["heat pumps, e-boilers (−)"] = len(p.HeatPumps)+len(p.ElectricBoilers) > 0
	}
	if _, err := addStack(power, &leg, w, sinks, -1, keep); err != nil {
		return panel{}, err
	}
	if err := addLoadLine(power, &leg, w, s.LoadKW, "load"); err != nil {
		return panel{}, err
	}
	padSigned(power)
	return panel{plot: power, weight: 0.46, legend: leg}, nil
}

// addLoadLine draws load (kW or kW_th, over the whole schedule) over the
// window as a black step line named name, and a thin line at zero.
func addLoadLine(p *plot.Plot, leg *plot.Legend, w window, load []float64, name string) error {
	line, err := plotter.NewLine(stepLine(w, cut(w, load)))
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrInput, name, err)
	}
	line.Color, line.Width = colLoad, vg.Points(1.6)
	p.Add(line)
	leg.Add(name, line)
	zero := plotter.NewFunction(func(float64) float64 { return 0 })
	zero.Color, zero.Width = colLoad, vg.Points(0.6)
	p.Add(zero)
	return nil
}

// addCurtailed puts curtailment on top of the supply, pale: energy that
// was there.
func addCurtailed(power *plot.Plot, leg *plot.Legend, w window, top []float64) error {
	curt := cut(w, w.s.CurtailedKW)
	if (band{v: curt}).zero() {
		return nil
	}
	upper := make([]float64, len(top))
	for t := range upper {
		upper[t] = top[t] + curt[t]
	}
	poly, err := plotter.NewPolygon(stepPolygon(w, top, upper))
	if err != nil {
		return fmt.Errorf("%w: curtailed: %w", ErrInput, err)
	}
	poly.Color = colCurtailed
	poly.LineStyle.Width = vg.Points(0.4)
	poly.LineStyle.Color = colPV
	poly.LineStyle.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
	power.Add(poly)
	leg.Add("curtailed (unused)", poly)
	return nil
}

// storagePanel is the stored energy: the total as an area, each battery
// as a line when there are several, and the state-of-charge limits dashed.
func storagePanel(p *model.Park, w window) (panel, error) {
	soc := newPanel("stored energy (kWh)")
	timeAxis(soc, w, false)
	leg := newLegend()
	pn := panel{plot: soc, weight: 0.2}
	if len(p.Batteries) == 0 {
		leg.Add("no batteries")
		soc.Y.Min, soc.Y.Max = 0, 1
		pn.legend = leg
		return pn, nil
	}
	total, per := socLines(p, w)
	if err := addStored(soc, &leg, p, total, per); err != nil {
		return panel{}, err
	}
	var hi, lo float64
	for _, bat := range p.Batteries {
		hi += bat.MaxSoCKWh()
		lo += bat.MinSoCKWh()
	}
	for _, lim := range []struct {
		v    float64
		name string
	}{{hi, "max stored"}, {lo, "min stored"}} {
		if lim.v <= 0 || math.IsNaN(lim.v) || math.IsInf(lim.v, 0) {
			continue
		}
		addLimitLine(soc, &leg, lim.v, fmt.Sprintf("%s %.0f kWh", lim.name, lim.v))
	}
	soc.Y.Min = 0
	soc.Y.Max = math.Max(hi*1.05, soc.Y.Max)
	pn.legend = leg
	return pn, nil
}

// addLimitLine draws a storage limit v (kWh or kWh_th) as a dashed line,
// named label in the legend.
func addLimitLine(p *plot.Plot, leg *plot.Legend, v float64, label string) {
	f := plotter.NewFunction(func(float64) float64 { return v })
	f.Color, f.Width = colLimit, vg.Points(0.8)
	f.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(f)
	leg.Add(label, f)
}

// socLines are the stored energy at instants — the start of the window,
// then the end of every interval — in total and per battery.
func socLines(p *model.Park, w window) (total plotter.XYs, per []plotter.XYs) {
	s, n := w.s, w.n()
	total = make(plotter.XYs, n+1)
	per = make([]plotter.XYs, len(p.Batteries))
	for b := range p.Batteries {
		per[b] = make(plotter.XYs, n+1)
		for t := 0; t <= n; t++ {
			v := s.SoCBefore(b, w.i0+t)
			if w.i0+t == s.Len {
				v = s.FinalSoCKWh(b)
			}
			per[b][t] = plotter.XY{X: w.x(w.i0 + t), Y: v}
			total[t].X = per[b][t].X
			total[t].Y += v
		}
	}
	return total, per
}

// addStored draws the total stored energy as an area and, with several
// batteries, each one as a line.
func addStored(soc *plot.Plot, leg *plot.Legend, p *model.Park, total plotter.XYs, per []plotter.XYs) error {
	n := len(total) - 1
	ring := make(plotter.XYs, 0, 2*n+2)
	ring = append(ring, total...)
	ring = append(ring, plotter.XY{X: total[n].X}, plotter.XY{X: total[0].X})
	area, err := plotter.NewPolygon(ring)
	if err != nil {
		return fmt.Errorf("%w: state of charge: %w", ErrInput, err)
	}
	area.Color = colSoC
	area.LineStyle.Color, area.LineStyle.Width = colDischarge, vg.Points(1.2)
	soc.Add(area)
	name := "stored, all batteries"
	if len(p.Batteries) == 1 {
		name = "stored"
		if p.Batteries[0].Name != "" {
			name = "stored, " + p.Batteries[0].Name
		}
	}
	leg.Add(legendName(leg, name), area)
	if len(p.Batteries) < 2 {
		return nil
	}
	for b, bat := range p.Batteries {
		l, err := plotter.NewLine(per[b])
		if err != nil {
			return fmt.Errorf("%w: state of charge: %w", ErrInput, err)
		}
		l.Color = batteryColour(b)
		l.Width = vg.Points(1)
		soc.Add(l)
		nm := bat.Name
		if nm == "" {
			nm = fmt.Sprintf("battery %d", b+1)
		}
		leg.Add(legendName(leg, nm), l)
	}
	return nil
}

// intensityPanel is the accounting factor, and the dispatch signal when
// it differs in the window.
func intensityPanel(w window) (panel, error) {
	s := w.s
	ci := newPanel("grid intensity\n(kgCO2e/kWh)")
	timeAxis(ci, w, false)
	leg := newLegend()
	acc, err := plotter.NewLine(stepLine(w, cut(w, s.AccountingKgCO2ePerKWh)))
	if err != nil {
		return panel{}, fmt.Errorf("%w: accounting factor: %w", ErrInput, err)
	}
	acc.Color, acc.Width = colFactor, vg.Points(1.2)
	ci.Add(acc)
	differs := false
	for t := w.i0; t < w.i1; t++ {
		if s.DispatchKgCO2ePerKWh[t] != s.AccountingKgCO2ePerKWh[t] {
			differs = true
			break
		}
	}
	if !differs {
		leg.Add("grid intensity", acc)
		return panel{plot: ci, weight: 0.15, legend: leg}, nil
	}
	leg.Add("accounting factor", acc)
	sig, err := plotter.NewLine(stepLine(w, cut(w, s.DispatchKgCO2ePerKWh)))
	if err != nil {
		return panel{}, fmt.Errorf("%w: dispatch signal: %w", ErrInput, err)
	}
	sig.Color, sig.Width = colSignal, vg.Points(1)
	sig.Dashes = []vg.Length{vg.Points(4), vg.Points(2)}
	ci.Add(sig)
	leg.Add("dispatch signal", sig)
	return panel{plot: ci, weight: 0.15, legend: leg}, nil
}

// emissionsPanel is the emissions per interval, its legend giving the
// window's total emKg.
func emissionsPanel(w window, emKg float64) (panel, error) {
	em := newPanel(fmt.Sprintf("emissions\n(kgCO2e per %s)", stepName(w.s.Step)))
	timeAxis(em, w, true)
	leg := newLegend()
	poly, err := plotter.NewPolygon(stepPolygon(w, make([]float64, w.n()), cut(w, w.s.EmissionsKgCO2e)))
	if err != nil {
		return panel{}, fmt.Errorf("%w: emissions: %w", ErrInput, err)
	}
	poly.Color = colEmission
	poly.LineStyle.Width = 0
	em.Add(poly)
	leg.Add(fmt.Sprintf("total %s", formatKg(emKg)), poly)
	emissionsFloor(em)
	return panel{plot: em, weight: 0.19, legend: leg}, nil
}

// emissionsFloor keeps an emissions axis without emissions (a window all
// renewable) from 0 to 1: gonum widens an empty range both ways, and the
// axis ran from −1.0 to 1.0, as if emissions could be negative (QA K,
// 2026-12-05). The stacks start at 0, so the axis' minimum is 0 unless a
// value is negative.
func emissionsFloor(p *plot.Plot) {
	if p.Y.Min == 0 && p.Y.Max <= 0 {
		p.Y.Max = 1
	}
}

// batteryColour gives each battery its own line colour: four hues of
// Paul Tol's muted scheme, where four greens made the first and the
// fourth battery look the same (QA K, 2026-12-05: CIE76 ΔE 8 between
// #1b5e20 and #33691e) and the teal after them the limits' grey for a
// deuteranope (ΔE 8.1, session 39).
func batteryColour(i int) color.Color {
	cs := []color.Color{
		color.NRGBA{R: 0x11, G: 0x77, B: 0x33, A: 0xff}, // green
		color.NRGBA{R: 0x33, G: 0x22, B: 0x88, A: 0xff}, // indigo
		color.NRGBA{R: 0x99, G: 0x99, B: 0x33, A: 0xff}, // olive
		color.NRGBA{R: 0xaa, G: 0x44, B: 0x99, A: 0xff}, // purple
	}
	return cs[i%len(cs)]
}

// stepName writes an interval length for an axis label: "h", "15 min".
func stepName(d time.Duration) string {
	switch {
	case d == time.Hour:
		return "hour"
	case d%time.Hour == 0:
		return fmt.Sprintf("%d h", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%d min", d/time.Minute)
	}
	return d.String()
}

// energyFormat prints energies (kWh) in the one unit that keeps the
// largest of vs short — GWh with two decimals, MWh with one, or kWh —
// so that a line of them reads in one unit.
func energyFormat(vs ...float64) func(float64) string {
	a := 0.0
	for _, v := range vs {
		a = math.Max(a, math.Abs(v))
	}
	switch {
	case a >= 1e6:
		return func(v float64) string { return fmt.Sprintf("%.2f GWh", v/1e6) }
	case a >= 1e3:
		return func(v float64) string { return fmt.Sprintf("%.1f MWh", v/1e3) }
	}
	return func(v float64) string { return fmt.Sprintf("%.0f kWh", v) }
}

// formatKg prints emissions in kgCO2e or tCO2e.
func formatKg(v float64) string {
	if math.Abs(v) >= 1e3 {
		return fmt.Sprintf("%.2f tCO2e", v/1e3)
	}
	return fmt.Sprintf("%.0f kgCO2e", v)
}

// weekTitle names the park, the policy and the dates shown.
func weekTitle(p *model.Park, o WeekOptions, w window) string {
	name := p.Name
	if name == "" {
		name = "park"
	}
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("\n")
	if o.Policy != "" {
		title := o.PolicyTitle
		if title == "" {
			title = dispatch.Policies().Title(o.Policy)
		}
		if title != "" && title != string(o.Policy) {
			fmt.Fprintf(&b, "%s (%s) dispatch, ", title, o.Policy)
		} else {
			fmt.Fprintf(&b, "%s dispatch, ", o.Policy)
		}
	}
	first := w.s.Time(w.i0).In(w.loc)
	last := w.s.Time(w.i1).Add(-time.Nanosecond).In(w.loc)
	fmt.Fprintf(&b, "%s – %s", first.Format("Mon 2 Jan 2006"), last.Format("Mon 2 Jan 2006"))
	return b.String()
}

// WindowEnd is the end of the days-long window from from: the same
// clock time days calendar days later in from's location (AddDate), so
// that a week from a local midnight ends at a local midnight, 168 hours
// later, or 167 or 169 across a change of the clock.
func WindowEnd(from time.Time, days int) time.Time {
	return from.AddDate(0, 0, days)
}

// BusiestWeek picks the days-long window of s around its busiest day: the
// local calendar day with the largest battery throughput Σ(charge +
// discharge) × Δt, or, when no battery ever moved, the largest renewable
// generation, then the largest load. The window is centred on that day
// and kept inside the schedule; from is a local midnight or the
// schedule's start. An empty schedule returns its Start.
func BusiestWeek(s *dispatch.Schedule, days int) time.Time {
	if s == nil || s.Len == 0 || s.Step <= 0 {
		if s == nil {
			return time.Time{}
		}
		return s.Start
	}
	throughput := func(t int) float64 {
		x := 0.0
		for b := range s.ChargeKW {
			x += s.ChargeKW[b][t] + s.DischargeKW[b][t]
		}
		return x
	}
	load := func(t int) float64 { return s.LoadKW[t] }
	return dayWindow(s.Start, s.Step, s.Len, days, throughput, s.GenerationKW, load)
}

// SurplusWeek picks the days-long window of prof around the day with the
// largest renewable surplus Σ max(PV + wind available − load, 0) × Δt (the
// most for a battery to shift), chosen before any dispatch; placed like
// [BusiestWeek]. Empty profiles return their Start.
func SurplusWeek(prof *model.Profiles, days int) time.Time {
	if prof == nil || prof.Len == 0 || prof.Step <= 0 {
		if prof == nil {
			return time.Time{}
		}
		return prof.Start
	}
	return dayWindow(prof.Start, prof.Step, prof.Len, days, func(t int) float64 {
		avail := 0.0
		for _, v := range prof.PVAvailKW {
			avail += v[t]
		}
		for _, v := range prof.WindAvailKW {
			avail += v[t]
		}
		return max(avail-prof.TotalLoadKW(t), 0)
	})
}

// dayWindow sums scores over the local calendar days of n intervals from
// start (a constant Δt drops out of the comparison), picks the day where
// the first score with a positive total is largest (the first day when
// all are 0), and returns the start of the days-long window centred on
// it, kept inside the period: a local midnight, or start itself. With
// more than days + 1 days, the last day is neither picked nor shown.
func dayWindow(start time.Time, step time.Duration, n, days int, scores ...func(t int) float64) time.Time {
	loc := start.Location()
	var starts []time.Time
	day := make([]int, n) // day index of each interval
	for t := range n {
		lt := start.Add(time.Duration(t) * step).In(loc)
		mid := time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, loc)
		if len(starts) == 0 || !starts[len(starts)-1].Equal(mid) {
			starts = append(starts, mid)
		}
		day[t] = len(starts) - 1
	}
	// The last local day is left out of the pick, and the window ends a
	// day before the period does, when the period is long enough: a
	// dispatch's last hours answer to how the end is valued, not to the
	// park (QA, 2026-12-04: run's week of the heat demo was its last,
	// with the battery charging from the grid at 21:00 to discharge at
	// 23:00).
	end := len(starts)
	if end >= days+2 {
		end--
	}
	best := 0
	tot := make([]float64, len(starts))
	for _, f := range scores {
		clear(tot)
		for t := range n {
			tot[day[t]] += f(t)
		}
		top := 0.0
		for d, v := range tot[:end] {
			if v > top {
				top, best = v, d
			}
		}
		if top > 0 {
			break // later scores are only fallbacks
		}
	}
	first := max(0, min(best-days/2, end-days))
	if starts[first].Before(start) {
		return start
	}
	return starts[first]
}

// SaveDispatchWeek draws [DispatchWeek] and writes it to path (.png or
// .svg) atomically.
func SaveDispatchWeek(path string, p *model.Park, s *dispatch.Schedule, from time.Time, days int, opts *WeekOptions) error {
	if _, err := FormatOf(path); err != nil {
		return err
	}
	f, err := DispatchWeek(p, s, from, days, opts)
	if err != nil {
		return err
	}
	return f.Save(path)
}
