package plan

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"gonum.org/v1/gonum/floats"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan/periods"
)

// calendar holds, step by step over the series' calendar, the data the
// plan's schedule is judged on: the series themselves (full series) or the
// representative periods expanded onto the calendar. Availability is per
// unit installed; a design's profiles scale it by the design's capacities.
type calendar struct {
	start                      time.Time
	step                       time.Duration
	n                          int
	loadKW                     []float64
	unitPV, unitWind           [][]float64
	dispatchCarbon, accounting []float64 // kgCO2e/kWh
	importPrice, exportPrice   []float64 // currency/kWh, nil when none
	// The heat side (nil without heat): the total heat load (kW_th), each
	// heat pump's COP, each purchased heat's factor (kgCO2e/kWh_th) and
	// price (currency/kWh_th).
	heatLoadKWTh           []float64
	cop, phCarbon, phPrice [][]float64
}

// profiles are the calendar's data for park p (whose capacities scale the
// availability). The total load stands in the first load's row.
func (c *calendar) profiles(p *model.Park) *model.Profiles {
	f := profilesOf(p, c.start, c.step, c.loadKW, c.unitPV, c.unitWind, c.dispatchCarbon, c.accounting, c.importPrice, c.exportPrice)
	setHeat(f, p, c.heatLoadKWTh, c.cop, c.phCarbon, c.phPrice)
	return f
}

// setHeat gives profiles f of park p their heat side (heatLoad nil: none):
// the total heat load stands in the first heat load's row and the other
// heat loads are zero; the COPs and purchased heat's factors and prices
// are per asset.
func setHeat(f *model.Profiles, p *model.Park, heatLoad []float64, cop, phCarbon, phPrice [][]float64) {
	if heatLoad == nil {
		return
	}
	f.HeatLoadKWTh = inFirstRow(heatLoad, len(p.HeatLoads))
	f.HeatPumpCOP, f.PurchasedHeatKgCO2ePerKWhTh, f.PurchasedHeatPricePerKWhTh = cop, phCarbon, phPrice
}

// profilesOf assembles profiles for park p from a total load, availability
// per unit and signals; the total load stands in the first load's row and
// the other loads are zero.
func profilesOf(p *model.Park, start time.Time, step time.Duration, load []float64, unitPV, unitWind [][]float64,
	dispatchCarbon, accounting, importPrice, exportPrice []float64) *model.Profiles {
	n := len(load)
	f := &model.Profiles{Start: start, Step: step, Len: n,
		LoadKW: inFirstRow(load, len(p.Loads)), PVAvailKW: make([][]float64, len(p.PV)), WindAvailKW: make([][]float64, len(p.Wind)),
		DispatchKgCO2ePerKWh: dispatchCarbon, AccountingKgCO2ePerKWh: accounting,
		ImportPricePerKWh: importPrice, ExportPricePerKWh: exportPrice}
	scale := func(u []float64, c float64) []float64 {
		out := make([]float64, n)
		for t, v := range u {
			out[t] = c * v
		}
		return out
	}
	for i, a := range p.PV {
		f.PVAvailKW[i] = scale(unitPV[i], a.CapacityKWp)
	}
	for j, w := range p.Wind {
		f.WindAvailKW[j] = scale(unitWind[j], w.CapacityKW)
	}
	return f
}

// inFirstRow is rows series: total in the first, zeros in the others (one
// zero slice shared, read only).
func inFirstRow(total []float64, rows int) [][]float64 {
	out := make([][]float64, rows)
	if rows == 0 {
		return out
	}
	zero := make([]float64, len(total))
	for i := range out {
		out[i] = zero
	}
	out[0] = total
	return out
}

// fullSegments is the full series as one segment of weight 1, and its
// calendar.
func (in *input) fullSegments() ([]segment, *calendar) {
	f := in.prof
	load := make([]float64, f.Len)
	for t := range load {
		load[t] = f.TotalLoadKW(t)
	}
	cal := &calendar{start: f.Start, step: f.Step, n: f.Len, loadKW: load, unitPV: in.unitPV, unitWind: in.unitWind,
		dispatchCarbon: f.DispatchKgCO2ePerKWh, accounting: f.AccountingKgCO2ePerKWh,
		importPrice: f.ImportPricePerKWh, exportPrice: f.ExportPricePerKWh}
	if in.park.HasHeat() {
		cal.heatLoadKWTh = make([]float64, f.Len)
		for t := range cal.heatLoadKWTh {
			cal.heatLoadKWTh[t] = f.TotalHeatLoadKWTh(t)
		}
		cal.cop, cal.phCarbon, cal.phPrice = f.HeatPumpCOP, f.PurchasedHeatKgCO2ePerKWhTh, f.PurchasedHeatPricePerKWhTh
	}
	seg := segment{prof: f, unitPV: in.unitPV, unitWind: in.unitWind, weight: 1,
		members: []member{{period: 0, start: 0, len: f.Len}}}
	return []segment{seg}, cal
}

// Names of the aggregated series (the per-asset ones add ":" and the
// asset's name).
const (
	seriesLoad        = "load_kw"
	seriesPV          = "pv_kw_per_kwp"
	seriesWind        = "wind_kw_per_kw"
	seriesDispatch    = "dispatch_kgco2e_per_kwh"
	seriesAccounting  = "accounting_kgco2e_per_kwh"
	seriesImportPrice = "import_price_per_kwh"
	seriesExportPrice = "export_price_per_kwh"
	seriesHeatLoad    = "heat_load_kw_th"
	seriesCOP         = "heat_pump_cop"
	seriesPHCarbon    = "purchased_heat_kgco2e_per_kwh_th"
	seriesPHPrice     = "purchased_heat_price_per_kwh_th"
)

// aggSeries is one series of the aggregation: its calendar values and,
// once aggregated, its values over each representative (clustered on when
// it varies, else cut at the representatives' periods).
type aggSeries struct {
	name   string
	values []float64
	reps   [][]float64
}

// expanded is the series over the calendar as the representatives give
// it (nil for a series that is not there).
func (a *aggSeries) expanded(agg *periods.Aggregation) ([]float64, error) {
	if a == nil {
		return nil, nil
	}
	return agg.Expand(a.reps)
}

// at is the series over representative k (nil for a series that is not
// there).
func (a *aggSeries) at(k int) []float64 {
	if a == nil {
		return nil
	}
	return a.reps[k]
}

// planSeries are the series a plan's dispatch needs, by role: loads (the
// electric and the heat load, rescaled so that their energy over the
// calendar is kept), availability per unit, signals (the carbon factors,
// the heat pumps' COPs) and prices.
type planSeries struct {
	load, dispatch, accounting *aggSeries
	importPrice, exportPrice   *aggSeries // nil when the park has none
	pv, wind                   []*aggSeries
	// The heat side (nil and empty without heat): the total heat load,
	// each heat pump's COP, each purchased heat's factor and price.
	heatLoad               *aggSeries
	cop, phCarbon, phPrice []*aggSeries
	all                    []*aggSeries
}

// newPlanSeries lists the series of in: the total load, each PV array's
// and turbine's availability per unit, the signals and the prices (an
// accounting factor equal to the dispatch signal is not repeated), and
// with heat the total heat load, the COPs and purchased heat's factors
// and prices.
func newPlanSeries(in *input) *planSeries {
	f := in.prof
	ps := &planSeries{}
	add := func(name string, v []float64) *aggSeries {
		a := &aggSeries{name: name, values: v[:f.Len]}
		ps.all = append(ps.all, a)
		return a
	}
	load := make([]float64, f.Len)
	for t := range load {
		load[t] = f.TotalLoadKW(t)
	}
	ps.load = add(seriesLoad, load)
	for i, a := range in.park.PV {
		ps.pv = append(ps.pv, add(seriesPV+":"+a.Name, in.unitPV[i]))
	}
	for j, a := range in.park.Wind {
		ps.wind = append(ps.wind, add(seriesWind+":"+a.Name, in.unitWind[j]))
	}
	ps.dispatch = add(seriesDispatch, f.DispatchKgCO2ePerKWh)
	ps.accounting = ps.dispatch
	if !slices.Equal(f.DispatchKgCO2ePerKWh[:f.Len], f.AccountingKgCO2ePerKWh[:f.Len]) {
		ps.accounting = add(seriesAccounting, f.AccountingKgCO2ePerKWh)
	}
	if f.ImportPricePerKWh != nil {
		ps.importPrice = add(seriesImportPrice, f.ImportPricePerKWh)
	}
	if f.ExportPricePerKWh != nil {
		ps.exportPrice = add(seriesExportPrice, f.ExportPricePerKWh)
	}
	if in.park.HasHeat() {
		ps.addHeat(in.park, f, add)
	}
	return ps
}

// addHeat lists the heat side's series of park p: the total heat load (a
// load), each heat pump's COP (a signal) and each purchased heat's factor
// (a signal) and price (a price).
func (ps *planSeries) addHeat(p *model.Park, f *model.Profiles, add func(string, []float64) *aggSeries) {
	heat := make([]float64, f.Len)
	for t := range heat {
		heat[t] = f.TotalHeatLoadKWTh(t)
	}
	ps.heatLoad = add(seriesHeatLoad, heat)
	for j, hp := range p.HeatPumps {
		ps.cop = append(ps.cop, add(seriesCOP+":"+hp.Name, f.HeatPumpCOP[j]))
	}
	for i, ph := range p.PurchasedHeat {
		ps.phCarbon = append(ps.phCarbon, add(seriesPHCarbon+":"+ph.Name, f.PurchasedHeatKgCO2ePerKWhTh[i]))
		ps.phPrice = append(ps.phPrice, add(seriesPHPrice+":"+ph.Name, f.PurchasedHeatPricePerKWhTh[i]))
	}
}

// atAll is each series of as over representative k.
func atAll(as []*aggSeries, k int) [][]float64 {
	var out [][]float64
	for _, a := range as {
		out = append(out, a.at(k))
	}
	return out
}

// segment is representative (or slice) k as a segment, its one LP step
// (a slice) or its steps of step from start: its profiles (heat included)
// and availability per unit; the caller sets its weight and members.
func (ps *planSeries) segment(p *model.Park, k int, start time.Time, step time.Duration) segment {
	pv, wind := atAll(ps.pv, k), atAll(ps.wind, k)
	prof := profilesOf(p, start, step, ps.load.at(k), pv, wind, ps.dispatch.at(k), ps.accounting.at(k),
		ps.importPrice.at(k), ps.exportPrice.at(k))
	setHeat(prof, p, ps.heatLoad.at(k), atAll(ps.cop, k), atAll(ps.phCarbon, k), atAll(ps.phPrice, k))
	return segment{prof: prof, unitPV: pv, unitWind: wind}
}

// represent fills every series' values over the representatives: the
// aggregation's (rescaled) values for a clustered series, the series cut
// at the representatives' periods for the others.
func (ps *planSeries) represent(agg *periods.Aggregation) error {
	pos := map[string]int{}
	for s, name := range agg.Names {
		pos[name] = s
	}
	for _, a := range ps.all {
		if s, ok := pos[a.name]; ok {
			a.reps = make([][]float64, len(agg.Reps))
			for k := range agg.Reps {
				a.reps[k] = agg.Reps[k].Values[s]
			}
			continue
		}
		cut, err := agg.Represent(a.values)
		if err != nil {
			return err
		}
		a.reps = cut
	}
	return nil
}

// sliceSegments cuts the series into opt.Slices chronological slices
// (periods.Slices, on the same series and weights as the representative
// periods' clustering and the probe net load, probeNetLoad, weighing as
// much as all of them; never across a calendar month, and with a demand
// charge each month's peak-load step a slice of its own) and makes one
// segment per slice: one LP step as long as the slice, with every
// series' mean over it, standing for its calendar steps in order. The
// calendar carries those means.
func (in *input) sliceSegments(opt *Options) ([]segment, *calendar, *Reduction, error) {
	f := in.prof
	if opt.Slices > f.Len {
		return nil, nil, nil, inputErr("Options.Slices", opt.Slices, fmt.Sprintf("is more than the %d steps of the series", f.Len))
	}
	ps := newPlanSeries(in)
	cuts := sliceCuts(f, ps.load.values, in.park.Grid.DemandChargePerKWMonth > 0)
	if len(cuts)+1 > opt.Slices {
		return nil, nil, nil, inputErr("Options.Slices", opt.Slices,
			fmt.Sprintf("is less than the %d slices the series' calendar months (and, with a demand charge, their peak-load steps) need", len(cuts)+1))
	}
	ser := clustered(ps.all)
	if len(ser) == 0 { // nothing varies: slice on the load, evenly as Slices merges ties
		ser = []periods.Series{{Name: ps.load.name, Values: ps.load.values}}
	}
	on := ser
	if probe := ps.probeNetLoad(); probe != nil {
		w := 0.0 // as much as all the other series together
		for _, s := range ser {
			w += s.Weight * s.Weight
		}
		on = append(slices.Clip(ser), periods.Series{Name: "probe_net_load_kw", Values: probe, Weight: math.Sqrt(w)})
	}
	starts, err := periods.Slices(on, opt.Slices, cuts)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, a := range ps.all {
		a.reps = make([][]float64, len(starts))
		for s, m := range periods.SliceMeans(a.values, starts) {
			a.reps[s] = []float64{m}
		}
	}
	segs := make([]segment, len(starts))
	for s, st := range starts {
		n := f.Len - st
		if s+1 < len(starts) {
			n = starts[s+1] - st
		}
		segs[s] = ps.segment(in.park, s, f.Start.Add(time.Duration(st)*f.Step), time.Duration(n)*f.Step)
		segs[s].weight, segs[s].stretched = 1, true
		segs[s].members = []member{{period: s, start: st, len: n}}
	}
	// The calendar carries each slice's mean (a.reps, what the LP sees)
	// over the slice's steps.
	cal, err := ps.calendarBy(func(a *aggSeries) ([]float64, error) {
		if a == nil {
			return nil, nil
		}
		out := make([]float64, 0, f.Len)
		for s := range segs {
			for range segs[s].members[0].len {
				out = append(out, a.reps[s][0])
			}
		}
		return out, nil
	}, f)
	if err != nil {
		return nil, nil, nil, err
	}
	red := &Reduction{Slices: len(starts), Representatives: len(starts), Errors: periods.SliceErrors(ser, starts)}
	return segs, cal, red, nil
}

// probeNetLoad is the load less a probe design's renewables, kW: PV and
// wind (the mean availability per unit of the park's arrays, and of its
// turbines) sized so that their energy over the series equals the load's,
// half each when the park has both. It is what storage and imports answer
// at the shares of renewables near-zero needs, whatever today's
// capacities; nil without PV or wind, or without load.
func (ps *planSeries) probeNetLoad() []float64 {
	load := ps.load.values
	eLoad := floats.Sum(load)
	type source struct {
		perUnit []float64 // the group's mean availability per unit
		energy  float64   // its sum over the series, per unit
	}
	var sources []source
	for _, group := range [][]*aggSeries{ps.pv, ps.wind} {
		var vs [][]float64
		for _, a := range group {
			vs = append(vs, a.values)
		}
		src := source{perUnit: meanOf(vs, len(load))}
		if src.energy = floats.Sum(src.perUnit); src.energy > 0 {
			sources = append(sources, src)
		}
	}
	if len(sources) == 0 || !(eLoad > 0) {
		return nil
	}
	out := slices.Clone(load)
	for _, src := range sources {
		units := eLoad / float64(len(sources)) / src.energy // its share of the load's energy
		for t, x := range src.perUnit {
			out[t] -= units * x
		}
	}
	return out
}

// sliceCuts are the steps where a slice must begin: each calendar month's
// first step (the demand charge and the ledger count by month) and, when
// peaks are kept, each month's peak-load step and the one after it.
func sliceCuts(f *model.Profiles, load []float64, peaks bool) []int {
	months, count := monthIndex(f.Start, f.Step, f.Len)
	var cuts []int
	for t := 1; t < f.Len; t++ {
		if months[t] != months[t-1] {
			cuts = append(cuts, t)
		}
	}
	if peaks {
		top := make([]int, count)
		for t := range top {
			top[t] = -1
		}
		for t, x := range load {
			if mo := months[t]; top[mo] < 0 || x > load[top[mo]] {
				top[mo] = t
			}
		}
		for _, t := range top {
			if t > 0 {
				cuts = append(cuts, t)
			}
			if t >= 0 && t+1 < f.Len {
				cuts = append(cuts, t+1)
			}
		}
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// Reduction describes the representative periods (or the chronological
// slices) a plan was solved over.
type Reduction struct {
	// Slices is the number of chronological slices (Options.Slices; then
	// Periods is 0, Representatives equals Slices and Weights and Kinds
	// are empty).
	Slices int
	// Periods is the number of representative periods K (the peak-load
	// period included), PeriodLength their length; Representatives
	// counts them with the remainder (a shorter last period, kept whole).
	Periods         int
	PeriodLength    time.Duration
	Representatives int
	// Weights[k] is how many calendar periods representative k stands
	// for; Kinds[k] is "typical", "extreme" or "remainder".
	Weights []int
	Kinds   []string
	// Errors measures how well the representatives reproduce each
	// clustered series (periods.Aggregation.Errors).
	Errors []periods.SeriesError
}

// checkPeriods refuses representative periods the series cannot give:
// a length that is not whole steps or is longer than the series, more
// periods than the series has, or a single one (the peak-load period is
// kept apart). It returns the period's length in steps.
func checkPeriods(opt *Options, f *model.Profiles) (int, error) {
	steps, err := periods.StepsPer(opt.PeriodLength, f.Step)
	if err != nil {
		return 0, inputErr("Options.PeriodLength", opt.PeriodLength, fmt.Sprintf("must be a positive whole number of series steps (%v)", f.Step))
	}
	nFull := f.Len / steps
	switch {
	case nFull == 0:
		return 0, inputErr("Options.PeriodLength", opt.PeriodLength, fmt.Sprintf("is longer than the series (%d steps of %v)", f.Len, f.Step))
	case opt.Periods > nFull:
		return 0, inputErr("Options.Periods", opt.Periods, fmt.Sprintf("is more than the %d full %s of %v in the series (%d steps of %v)", nFull, periodWord(nFull), opt.PeriodLength, f.Len, f.Step))
	case opt.Periods < 2 && nFull > 1:
		return 0, inputErr("Options.Periods", opt.Periods, "must be at least 2: the peak-load period is kept as one, and the others need one more")
	}
	return steps, nil
}

// repSegments aggregates the series into opt.Periods representative
// periods and makes one segment per representative; the calendar expands
// them back.
func (in *input) repSegments(opt *Options) ([]segment, *calendar, *Reduction, error) {
	f := in.prof
	steps, err := checkPeriods(opt, f)
	if err != nil {
		return nil, nil, nil, err
	}
	ps := newPlanSeries(in)
	agg, clustered, err := aggregate(ps.all, f.Step, steps, opt.Periods)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := ps.represent(agg); err != nil {
		return nil, nil, nil, err
	}
	red := &Reduction{Periods: opt.Periods, PeriodLength: opt.PeriodLength, Representatives: len(agg.Reps)}
	if red.Errors, err = agg.Errors(clustered); err != nil {
		return nil, nil, nil, err
	}
	segs := make([]segment, 0, len(agg.Reps))
	for k, r := range agg.Reps {
		red.Weights = append(red.Weights, r.Weight)
		red.Kinds = append(red.Kinds, r.Kind.String())
		seg := ps.segment(in.park, k, f.Start.Add(time.Duration(agg.PeriodStart(r.Period))*f.Step), f.Step)
		seg.weight = float64(r.Weight)
		segs = append(segs, seg)
	}
	for i, k := range agg.Sigma {
		segs[k].members = append(segs[k].members, member{period: i, start: agg.PeriodStart(i), len: agg.PeriodLen(i)})
	}
	cal, err := ps.calendar(agg, f)
	if err != nil {
		return nil, nil, nil, err
	}
	return segs, cal, red, nil
}

// calendar expands every series onto the calendar: each period gets its
// representative's values.
func (ps *planSeries) calendar(agg *periods.Aggregation, f *model.Profiles) (*calendar, error) {
	return ps.calendarBy(func(a *aggSeries) ([]float64, error) { return a.expanded(agg) }, f)
}

// calendarBy is calendar with each series expanded by expand (which
// returns nil for a nil series).
func (ps *planSeries) calendarBy(expand func(*aggSeries) ([]float64, error), f *model.Profiles) (*calendar, error) {
	cal := &calendar{start: f.Start, step: f.Step, n: f.Len}
	var errs []error
	get := func(a *aggSeries) []float64 {
		v, err := expand(a)
		errs = append(errs, err)
		return v
	}
	getAll := func(as []*aggSeries) [][]float64 {
		var out [][]float64
		for _, a := range as {
			out = append(out, get(a))
		}
		return out
	}
	cal.loadKW = get(ps.load)
	cal.unitPV, cal.unitWind = getAll(ps.pv), getAll(ps.wind)
	cal.dispatchCarbon = get(ps.dispatch)
	cal.accounting = cal.dispatchCarbon
	if ps.accounting != ps.dispatch {
		cal.accounting = get(ps.accounting)
	}
	cal.importPrice, cal.exportPrice = get(ps.importPrice), get(ps.exportPrice)
	cal.heatLoadKWTh = get(ps.heatLoad)
	if ps.heatLoad != nil {
		cal.cop, cal.phCarbon, cal.phPrice = getAll(ps.cop), getAll(ps.phCarbon), getAll(ps.phPrice)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return cal, nil
}

// aggregate clusters the series that vary (a constant series says nothing
// about which periods are alike, and is cut as it is); series with equal
// values share a weight of 1 between them (1/√copies each, as the weight
// scales the values), so two PV arrays on one weather file count as one.
// The peak-load period is kept whole (it sets the demand charge), and so
// are the least renewable and the highest net-load periods; each typical
// representative is rescaled to its own cluster's totals, then all to the
// calendar's (package documentation, "Representative periods"). It
// returns the aggregation and the clustered series.
func aggregate(specs []*aggSeries, step time.Duration, periodSteps, k int) (*periods.Aggregation, []periods.Series, error) {
	ser := clustered(specs)
	cfg := periods.Config{PeriodSteps: periodSteps, Periods: k, Rescale: periods.DefaultRescale, RescaleClusters: true,
		Extremes:    []periods.Extreme{{Series: seriesLoad, Kind: periods.PeakMax}},
		KeepPeriods: extremePeriods(specs, periodSteps, k)}
	if !slices.ContainsFunc(ser, func(s periods.Series) bool { return s.Name == seriesLoad }) {
		cfg.Extremes = nil // a flat load has no peak period to keep
	}
	if refineScore != nil {
		cfg.Refine = refineScore(specs, step)
	}
	if len(ser) == 0 {
		// Nothing varies: any period stands for all; cluster on the load.
		ser = append(ser, periods.Series{Name: specs[0].name, Values: specs[0].values})
		cfg.Extremes, cfg.KeepPeriods = nil, nil
	}
	agg, err := periods.Aggregate(ser, step, cfg)
	if err != nil {
		return nil, nil, err
	}
	return agg, ser, nil
}

// clustered are the series of specs that vary, each with its clustering
// weight: series with equal values share a weight of 1 between them
// (1/√copies each, as the weight scales the values), so two PV arrays on
// one weather file count as one.
func clustered(specs []*aggSeries) []periods.Series {
	var ser []periods.Series
	count := map[int]int{} // index in specs of the first equal series → copies
	first := make([]int, len(specs))
	for i, sp := range specs {
		first[i] = i
		if constant(sp.values) {
			first[i] = -1
			continue
		}
		for j := range i {
			if first[j] == j && slices.Equal(specs[j].values, sp.values) {
				first[i] = j
				break
			}
		}
		count[first[i]]++
	}
	for i, sp := range specs {
		if first[i] < 0 {
			continue
		}
		// Weight scales the values, so the copies' squared distances add
		// up to one series' when each has 1/√copies.
		ser = append(ser, periods.Series{Name: sp.name, Values: sp.values, Weight: 1 / math.Sqrt(float64(count[first[i]]))})
	}
	return ser
}

// constant reports whether every value of v is the same.
func constant(v []float64) bool {
	for _, x := range v {
		if x != v[0] {
			return false
		}
	}
	return true
}

// periodWord is "period" or "periods", as n needs.
func periodWord(n int) string {
	if n == 1 {
		return "period"
	}
	return "periods"
}

// extremePeriods are the periods kept whole besides the peak-load one:
// the least renewable period and the highest net-load period (tsam's
// extreme periods; package documentation, "Representative periods"), as
// long as k leaves at least one typical period beside them.
func extremePeriods(specs []*aggSeries, periodSteps, k int) []int {
	var load []float64
	var ren [][]float64
	for _, sp := range specs {
		switch {
		case sp.name == seriesLoad:
			load = sp.values
		case strings.HasPrefix(sp.name, seriesPV+":") || strings.HasPrefix(sp.name, seriesWind+":"):
			if !constant(sp.values) {
				ren = append(ren, sp.values)
			}
		}
	}
	nFull := len(load) / periodSteps
	if len(ren) == 0 || nFull == 0 {
		return nil
	}
	kept := []int{}
	if !constant(load) {
		if p := slices.Index(load, slices.Max(load)) / periodSteps; p < nFull {
			kept = append(kept, p) // the peak-load period (Extremes keeps it)
		}
	}
	var out []int
	for _, p := range []int{minRenewablePeriod(ren, periodSteps, nFull), maxNetLoadPeriod(load, ren, periodSteps, nFull)} {
		if !slices.Contains(kept, p) && len(kept)+1 < k {
			kept = append(kept, p)
			out = append(out, p)
		}
	}
	return out
}

// relative is v divided by its mean (zeros for a mean of 0), so that
// series in different units weigh alike.
func relative(v []float64) []float64 {
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	out := make([]float64, len(v))
	if m != 0 {
		for t, x := range v {
			out[t] = x / m
		}
	}
	return out
}

// renewableIndex is, step by step, the mean of the availability series
// each relative to its own mean (1 on average).
func renewableIndex(ren [][]float64) []float64 {
	idx := make([]float64, len(ren[0]))
	for _, r := range ren {
		for t, x := range relative(r) {
			idx[t] += x / float64(len(ren))
		}
	}
	return idx
}

// minRenewablePeriod is the full period with the least renewable index.
func minRenewablePeriod(ren [][]float64, periodSteps, nFull int) int {
	idx := renewableIndex(ren)
	for t := range idx {
		idx[t] = -idx[t]
	}
	return bestPeriod(idx, periodSteps, nFull)
}

// maxNetLoadPeriod is the full period with the highest net load, the load
// relative to its mean less the renewable index.
func maxNetLoadPeriod(load []float64, ren [][]float64, periodSteps, nFull int) int {
	idx := renewableIndex(ren)
	for t, x := range relative(load) {
		idx[t] = x - idx[t]
	}
	return bestPeriod(idx, periodSteps, nFull)
}

// bestPeriod is the first full period with the largest sum of v.
func bestPeriod(v []float64, periodSteps, nFull int) int {
	best, bestSum := 0, math.Inf(-1)
	for p := range nFull {
		s := 0.0
		for _, x := range v[p*periodSteps : (p+1)*periodSteps] {
			s += x
		}
		if s > bestSum {
			best, bestSum = p, s
		}
	}
	return best
}

// meanOf is the mean, step by step, of series (zeros for none; n steps).
func meanOf(series [][]float64, n int) []float64 {
	out := make([]float64, n)
	for _, s := range series {
		for t, v := range s {
			out[t] += v / float64(len(series))
		}
	}
	return out
}

// refineScore, when set, makes each cluster's representative the member
// that scores least (periods.Config.Refine). It is nil: a model proxy
// (refine_proxy_test.go) brought the Texas demo's 12 weeks within 2 % but
// made typical days and the greensboro demo's weeks worse (package
// documentation, "Representative periods"), so it ships in no binary; the
// diagnosis (TestPeriodsDiagnosis, PLAN_DIAG_REFINE=1) sets it to measure
// again.
var refineScore func(specs []*aggSeries, step time.Duration) func(*periods.Aggregation) float64
