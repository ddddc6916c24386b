package plan

import (
	"fmt"
	"slices"
	"time"

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
}

// profiles are the calendar's data for park p (whose capacities scale the
// availability). The total load stands in the first load's row.
func (c *calendar) profiles(p *model.Park) *model.Profiles {
	return profilesOf(p, c.start, c.step, c.loadKW, c.unitPV, c.unitWind, c.dispatchCarbon, c.accounting, c.importPrice, c.exportPrice)
}

// profilesOf assembles profiles for park p from a total load, availability
// per unit and signals; the total load stands in the first load's row and
// the other loads are zero.
func profilesOf(p *model.Park, start time.Time, step time.Duration, load []float64, unitPV, unitWind [][]float64,
	dispatchCarbon, accounting, importPrice, exportPrice []float64) *model.Profiles {
	n := len(load)
	f := &model.Profiles{Start: start, Step: step, Len: n,
		LoadKW: make([][]float64, len(p.Loads)), PVAvailKW: make([][]float64, len(p.PV)), WindAvailKW: make([][]float64, len(p.Wind)),
		DispatchKgCO2ePerKWh: dispatchCarbon, AccountingKgCO2ePerKWh: accounting,
		ImportPricePerKWh: importPrice, ExportPricePerKWh: exportPrice}
	zero := make([]float64, n)
	for i := range f.LoadKW {
		f.LoadKW[i] = zero
	}
	if len(f.LoadKW) > 0 {
		f.LoadKW[0] = load
	}
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
)

// aggSeries is one series of the aggregation: clustered on (varies) or
// only cut at the representatives' periods (constant).
type aggSeries struct {
	name   string
	values []float64
	// into receives the series over representative k.
	into func(k int, v []float64)
}

// Reduction describes the representative periods a plan was solved over.
type Reduction struct {
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

// repSegments aggregates the series into opt.Periods representative
// periods and makes one segment per representative; the calendar expands
// them back.
func (in *input) repSegments(opt *Options) ([]segment, *calendar, *Reduction, error) {
	f := in.prof
	steps, err := periods.StepsPer(opt.PeriodLength, f.Step)
	if err != nil {
		return nil, nil, nil, inputErr("Options.PeriodLength", opt.PeriodLength, fmt.Sprintf("must be a positive whole number of series steps (%v)", f.Step))
	}
	nFull := f.Len / steps
	switch {
	case nFull == 0:
		return nil, nil, nil, inputErr("Options.PeriodLength", opt.PeriodLength, fmt.Sprintf("is longer than the series (%d steps of %v)", f.Len, f.Step))
	case opt.Periods > nFull:
		return nil, nil, nil, inputErr("Options.Periods", opt.Periods, fmt.Sprintf("is more than the %d full periods of %v in the series (%d steps of %v)", nFull, opt.PeriodLength, f.Len, f.Step))
	case opt.Periods < 2 && nFull > 1:
		return nil, nil, nil, inputErr("Options.Periods", opt.Periods, "must be at least 2: the peak-load period is kept as one, and the others need one more")
	}
	cal := &calendar{start: f.Start, step: f.Step, n: f.Len}
	load := make([]float64, f.Len)
	for t := range load {
		load[t] = f.TotalLoadKW(t)
	}
	segs := make([]segment, 0, opt.Periods+1)
	var specs []aggSeries
	// The segments are made once the number of representatives is known;
	// each series' into fills its slot.
	var repLoad, repDispatch, repAccounting, repImport, repExport [][]float64
	repPV := make([][][]float64, len(in.park.PV))
	repWind := make([][][]float64, len(in.park.Wind))
	add := func(name string, v []float64, dst *[][]float64) {
		specs = append(specs, aggSeries{name: name, values: v, into: func(k int, x []float64) { (*dst)[k] = x }})
	}
	add(seriesLoad, load, &repLoad)
	for i, a := range in.park.PV {
		add(seriesPV+":"+a.Name, in.unitPV[i], &repPV[i])
	}
	for j, a := range in.park.Wind {
		add(seriesWind+":"+a.Name, in.unitWind[j], &repWind[j])
	}
	add(seriesDispatch, f.DispatchKgCO2ePerKWh, &repDispatch)
	sameSignal := slices.Equal(f.DispatchKgCO2ePerKWh[:f.Len], f.AccountingKgCO2ePerKWh[:f.Len])
	if !sameSignal {
		add(seriesAccounting, f.AccountingKgCO2ePerKWh, &repAccounting)
	}
	if f.ImportPricePerKWh != nil {
		add(seriesImportPrice, f.ImportPricePerKWh, &repImport)
	}
	if f.ExportPricePerKWh != nil {
		add(seriesExportPrice, f.ExportPricePerKWh, &repExport)
	}

	agg, clustered, err := aggregate(specs, f.Step, steps, opt.Periods)
	if err != nil {
		return nil, nil, nil, err
	}
	nRep := len(agg.Reps)
	for _, d := range []*[][]float64{&repLoad, &repDispatch, &repAccounting, &repImport, &repExport} {
		*d = make([][]float64, nRep)
	}
	for i := range repPV {
		repPV[i] = make([][]float64, nRep)
	}
	for j := range repWind {
		repWind[j] = make([][]float64, nRep)
	}
	pos := map[string]int{}
	for s, name := range agg.Names {
		pos[name] = s
	}
	for _, sp := range specs {
		if s, ok := pos[sp.name]; ok {
			for k := range agg.Reps {
				sp.into(k, agg.Reps[k].Values[s])
			}
			continue
		}
		cut, err := agg.Represent(sp.values[:f.Len])
		if err != nil {
			return nil, nil, nil, err
		}
		for k := range cut {
			sp.into(k, cut[k])
		}
	}
	if sameSignal {
		repAccounting = repDispatch
	}

	red := &Reduction{Periods: opt.Periods, PeriodLength: opt.PeriodLength, Representatives: nRep}
	for k, r := range agg.Reps {
		red.Weights = append(red.Weights, r.Weight)
		red.Kinds = append(red.Kinds, r.Kind.String())
		pv := make([][]float64, len(repPV))
		for i := range repPV {
			pv[i] = repPV[i][k]
		}
		wind := make([][]float64, len(repWind))
		for j := range repWind {
			wind[j] = repWind[j][k]
		}
		var imp, exp []float64
		if repImport[k] != nil {
			imp = repImport[k]
		}
		if repExport[k] != nil {
			exp = repExport[k]
		}
		start := f.Start.Add(time.Duration(agg.PeriodStart(r.Period)) * f.Step)
		prof := profilesOf(in.park, start, f.Step, repLoad[k], pv, wind, repDispatch[k], repAccounting[k], imp, exp)
		segs = append(segs, segment{prof: prof, unitPV: pv, unitWind: wind, weight: float64(r.Weight)})
	}
	for i, k := range agg.Sigma {
		segs[k].members = append(segs[k].members, member{period: i, start: agg.PeriodStart(i), len: agg.PeriodLen(i)})
	}

	// The calendar: every representative expanded onto the periods it
	// stands for.
	expand := func(perRep [][]float64) ([]float64, error) {
		if perRep[0] == nil {
			return nil, nil
		}
		return agg.Expand(perRep)
	}
	var errs []error
	get := func(perRep [][]float64) []float64 {
		v, err := expand(perRep)
		errs = append(errs, err)
		return v
	}
	cal.loadKW = get(repLoad)
	for i := range repPV {
		cal.unitPV = append(cal.unitPV, get(repPV[i]))
	}
	for j := range repWind {
		cal.unitWind = append(cal.unitWind, get(repWind[j]))
	}
	cal.dispatchCarbon = get(repDispatch)
	cal.accounting = cal.dispatchCarbon
	if !sameSignal {
		cal.accounting = get(repAccounting)
	}
	cal.importPrice, cal.exportPrice = get(repImport), get(repExport)
	for _, err := range errs {
		if err != nil {
			return nil, nil, nil, err
		}
	}
	if red.Errors, err = agg.Errors(clustered); err != nil {
		return nil, nil, nil, err
	}
	return segs, cal, red, nil
}

// aggregate clusters the series that vary (a constant series says nothing
// about which periods are alike, and is cut as it is); series with equal
// values share a weight of 1 between them, so two PV arrays on one
// weather file count as one. The peak-load period is kept whole: it sets
// the demand charge. It returns the aggregation and the clustered series.
func aggregate(specs []aggSeries, step time.Duration, periodSteps, k int) (*periods.Aggregation, []periods.Series, error) {
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
		ser = append(ser, periods.Series{Name: sp.name, Values: sp.values, Weight: 1 / float64(count[first[i]])})
	}
	cfg := periods.Config{PeriodSteps: periodSteps, Periods: k, Rescale: periods.DefaultRescale,
		Extremes: []periods.Extreme{{Series: seriesLoad, Kind: periods.PeakMax}}}
	if !slices.ContainsFunc(ser, func(s periods.Series) bool { return s.Name == seriesLoad }) {
		cfg.Extremes = nil // a flat load has no peak period to keep
	}
	if len(ser) == 0 {
		// Nothing varies: any period stands for all; cluster on the load.
		ser = append(ser, periods.Series{Name: specs[0].name, Values: specs[0].values})
		cfg.Extremes = nil
	}
	agg, err := periods.Aggregate(ser, step, cfg)
	if err != nil {
		return nil, nil, err
	}
	return agg, ser, nil
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
