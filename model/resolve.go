package model

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"time"
)

// DerivedColumn is the name of the series column that holds the availability
// of a weather-driven asset, in kW per kW installed: "derived:<kind>:<asset>"
// with kind "pv" or "wind". Package forecast computes it from the weather
// columns and adds it to the set ([SeriesSet.SetDerived]); [Resolve] reads
// it for assets that have Weather and no availability column.
func DerivedColumn(kind, asset string) string {
	return "derived:" + kind + ":" + asset
}

// SetColumn adds the named column to the set, or replaces it, keeping the
// column order of Names. values must have length s.Len; the set keeps the
// slice (no copy).
func (s *SeriesSet) SetColumn(name string, values []float64) error {
	if name == "" {
		return &FieldError{Asset: "series", Field: "names", Value: name, Reason: "column name must not be empty"}
	}
	if len(values) != s.Len {
		return &FieldError{Asset: "series", Field: "columns", Value: name,
			Reason: fmt.Sprintf("has %d values, want len %d", len(values), s.Len)}
	}
	if s.Columns == nil {
		s.Columns = make(map[string][]float64)
	}
	if _, ok := s.Columns[name]; !ok {
		s.Names = append(s.Names, name)
	}
	s.Columns[name] = values
	delete(s.derived, name)
	return nil
}

// SetDerived is [SeriesSet.SetColumn] for a column derived from an asset's
// settings — physics.Derive's availability per unit of a PV array or wind
// turbine ([DerivedColumn]), from its weather object — keeping a deep copy
// of source, the settings (a value, not a pointer to them), so that
// [Resolve] refuses the column once the asset's settings differ from
// them ([StaleDerivedError]): after a tilt or a power curve is edited in
// place the column must be derived again. A column set by SetColumn
// carries no settings and is never judged stale.
func (s *SeriesSet) SetDerived(name string, values []float64, source any) error {
	if err := s.SetColumn(name, values); err != nil {
		return err
	}
	if s.derived == nil {
		s.derived = make(map[string]any)
	}
	s.derived[name] = deepCopy(reflect.ValueOf(source)).Interface()
	return nil
}

// staleDerived is the error for a weather-driven asset's derived column
// (kind "pv" or "wind") whose recorded settings differ from weather, the
// asset's settings now; nil when they agree or none were recorded.
func (s *SeriesSet) staleDerived(kind, name string, weather any) error {
	col := DerivedColumn(kind, name)
	was, ok := s.derived[col]
	if !ok || reflect.DeepEqual(was, weather) {
		return nil
	}
	return &StaleDerivedError{Kind: kind, Asset: name, Column: col}
}

// Resolve turns a park and its series into per-interval profiles for
// dispatch. It first runs [Park.ValidateWith] and returns its error, if any.
// Then, for every interval t:
//
//	LoadKW[i][t]      = Scale_i × column_i[t]               (Scale 0 means 1)
//	PVAvailKW[j][t]   = CapacityKWp_j × column_j[t]          (kW per kWp)
//	WindAvailKW[k][t] = CapacityKW_k × column_k[t]           (kW per kW)
//
// where a weather-driven asset's column is [DerivedColumn]; if that column is
// missing the error wraps [ErrNotDerived] (run physics.Derive first), and
// if it was derived ([SeriesSet.SetDerived]) from other weather settings
// than the asset has now, a [StaleDerivedError] (derive again). The
// dispatch carbon signal is its column or its constant repeated; the
// accounting factor is the same slice when Grid.AccountingCarbon is nil.
// A price is its column, or per interval its time-of-use price
// ([Price.At], at the interval's start in the clock of the first
// timestamp), or its constant; missing prices are zeros. A park with heat
// ([Park.HasHeat]) gets its heat side too (see resolveHeat): heat loads in
// kW_th, each heat pump's COP per interval, purchased heat's factor and
// price per interval; for a park without heat those fields stay nil. All
// slices are fresh copies: changing them does not change s.
func Resolve(p *Park, s *SeriesSet) (*Profiles, error) {
	if err := p.ValidateWith(s); err != nil {
		return nil, err
	}
	n := s.Len
	out := &Profiles{Start: s.Start, Step: s.Step, Len: n}

	out.LoadKW = make([][]float64, len(p.Loads))
	for i, l := range p.Loads {
		scale := l.Scale
		if scale == 0 {
			scale = 1
		}
		out.LoadKW[i] = scaled(s.Columns[l.Column], scale)
	}
	var missing []error
	// weather is the asset's weather settings (a value), for a derived
	// column.
	avail := func(kind, name, column string, capKW float64, weather any) []float64 {
		if column == "" {
			column = DerivedColumn(kind, name)
			if _, ok := s.Columns[column]; !ok {
				missing = append(missing, fmt.Errorf("model: %s %s: no column %s in the series: call physics.Derive first: %w",
					kind, quote(name), quote(column), ErrNotDerived))
				return nil
			}
			if err := s.staleDerived(kind, name, weather); err != nil {
				missing = append(missing, err)
				return nil
			}
		}
		return scaled(s.Columns[column], capKW)
	}
	out.PVAvailKW = make([][]float64, len(p.PV))
	for i, pv := range p.PV {
		var w any
		if pv.Weather != nil {
			w = *pv.Weather
		}
		out.PVAvailKW[i] = avail("pv", pv.Name, pv.AvailabilityColumn, pv.CapacityKWp, w)
	}
	out.WindAvailKW = make([][]float64, len(p.Wind))
	for i, wt := range p.Wind {
		var w any
		if wt.Weather != nil {
			w = *wt.Weather
		}
		out.WindAvailKW[i] = avail("wind", wt.Name, wt.AvailabilityColumn, wt.CapacityKW, w)
	}
	if len(missing) > 0 {
		return nil, errors.Join(missing...)
	}

	out.DispatchKgCO2ePerKWh = signal(s, p.Grid.DispatchCarbon.Column, p.Grid.DispatchCarbon.KgCO2ePerKWh)
	if a := p.Grid.AccountingCarbon; a != nil {
		out.AccountingKgCO2ePerKWh = signal(s, a.Column, a.KgCO2ePerKWh)
	} else {
		out.AccountingKgCO2ePerKWh = out.DispatchKgCO2ePerKWh
	}
	out.ImportPricePerKWh = price(s, p.Grid.ImportPrice)
	out.ExportPricePerKWh = price(s, p.Grid.ExportPrice)
	if p.HasHeat() {
		resolveHeat(p, s, out)
	}
	out.from = resolvedFromPark(p, true)
	return out, nil
}

// resolvedFrom is what of a park [Resolve] reads into profiles: a copy of
// the loads, PV arrays, turbines, grid signals and prices, heat loads,
// heat pumps' COPs and purchased heat's factors and prices. The batteries,
// stores, converters' capacities, limits and economics are read from the
// park by the dispatch itself, so changing them needs no new profiles.
type resolvedFrom struct {
	Loads      []Load
	PV         []PVArray
	Wind       []WindTurbine
	Dispatch   CarbonSignal
	Accounting *CarbonSignal
	Import     *Price
	Export     *Price
	HeatLoads  []HeatLoad
	COPs       []float64
	COPModels  []*COPModel
	HeatFactor []float64
	HeatPrice  []float64
}

// resolvedFromPark is what Resolve reads of p: a deep copy when kept
// with profiles (Resolve), a view sharing p's memory when only compared
// (ChangedSince).
func resolvedFromPark(p *Park, keep bool) *resolvedFrom {
	c := p
	r := &resolvedFrom{Loads: c.Loads, PV: c.PV, Wind: c.Wind, Dispatch: c.Grid.DispatchCarbon,
		Accounting: c.Grid.AccountingCarbon, Import: c.Grid.ImportPrice, Export: c.Grid.ExportPrice,
		HeatLoads: c.HeatLoads}
	for _, h := range c.HeatPumps {
		r.COPs, r.COPModels = append(r.COPs, h.COP), append(r.COPModels, h.COPModel)
	}
	for _, h := range c.PurchasedHeat {
		r.HeatFactor, r.HeatPrice = append(r.HeatFactor, h.EmissionFactor()), append(r.HeatPrice, h.PricePerKWhTh)
	}
	if keep {
		// Only what Resolve read, not the whole park (economics,
		// batteries): deepCopy as Park.Clone copies.
		r = deepCopy(reflect.ValueOf(r)).Interface().(*resolvedFrom)
	}
	return r
}

// ChangedSince says what of p differs from the park the profiles were
// resolved from ([Resolve]), in what [Resolve] reads — a load's scale or
// column, a PV array's or turbine's capacity or weather, the grid's
// signals and prices, the heat loads, the heat pumps' COPs, purchased
// heat — or "" when nothing does (and for profiles not made by
// Resolve). Dispatching p on profiles resolved for another park mixes
// the two: resolve again after such a change (scenario.Reresolve).
func (pr *Profiles) ChangedSince(p *Park) string {
	if pr == nil || pr.from == nil || p == nil {
		return ""
	}
	now := resolvedFromPark(p, false)
	was := pr.from
	assets := func(kind string, n, m int, name func(int) string, same func(int) bool) string {
		if n != m {
			return fmt.Sprintf("%d %s when the profiles were resolved, %d now", m, kind, n)
		}
		for i := range n {
			if !same(i) {
				return fmt.Sprintf("%s %s", strings.TrimSuffix(kind, "s"), quote(name(i)))
			}
		}
		return ""
	}
	deq := reflect.DeepEqual
	for _, d := range []string{
		assets("loads", len(now.Loads), len(was.Loads), func(i int) string { return now.Loads[i].Name },
			func(i int) bool { return deq(now.Loads[i], was.Loads[i]) }),
		assets("pv arrays", len(now.PV), len(was.PV), func(i int) string { return now.PV[i].Name },
			func(i int) bool { return deq(now.PV[i], was.PV[i]) }),
		assets("wind turbines", len(now.Wind), len(was.Wind), func(i int) string { return now.Wind[i].Name },
			func(i int) bool { return deq(now.Wind[i], was.Wind[i]) }),
		assets("heat loads", len(now.HeatLoads), len(was.HeatLoads), func(i int) string { return now.HeatLoads[i].Name },
			func(i int) bool { return deq(now.HeatLoads[i], was.HeatLoads[i]) }),
	} {
		if d != "" {
			return d
		}
	}
	switch {
	case !deq(now.Dispatch, was.Dispatch):
		return "grid: dispatch_carbon"
	case !deq(now.Accounting, was.Accounting):
		return "grid: accounting_carbon"
	case !deq(now.Import, was.Import):
		return "grid: import_price"
	case !deq(now.Export, was.Export):
		return "grid: export_price"
	case !deq(now.COPs, was.COPs) || !deq(now.COPModels, was.COPModels):
		return "the heat pumps' COPs"
	case !deq(now.HeatFactor, was.HeatFactor) || !deq(now.HeatPrice, was.HeatPrice):
		return "purchased heat's factors or prices"
	}
	return ""
}

// resolveHeat fills the heat side of out (the park and the series have
// been validated together):
//
//	HeatLoadKWTh[i][t]                = Scale_i × column_i[t]       (Scale 0 means 1)
//	HeatPumpCOP[j][t]                 = COP_j, or COPModel_j.COPAt(temp_j[t])
//	PurchasedHeatKgCO2ePerKWhTh[k][t] = its factor (default 0.396)
//	PurchasedHeatPricePerKWhTh[k][t]  = its price
func resolveHeat(p *Park, s *SeriesSet, out *Profiles) {
	out.HeatLoadKWTh = make([][]float64, len(p.HeatLoads))
	for i, h := range p.HeatLoads {
		scale := h.Scale
		if scale == 0 {
			scale = 1
		}
		out.HeatLoadKWTh[i] = scaled(s.Columns[h.Column], scale)
	}
	out.HeatPumpCOP = make([][]float64, len(p.HeatPumps))
	for j, h := range p.HeatPumps {
		if m := h.COPModel; m != nil {
			temp := s.Columns[m.TempColumn]
			cop := make([]float64, s.Len)
			for t := range cop {
				cop[t] = m.COPAt(temp[t])
			}
			out.HeatPumpCOP[j] = cop
			continue
		}
		out.HeatPumpCOP[j] = signal(s, "", h.COP)
	}
	out.PurchasedHeatKgCO2ePerKWhTh = make([][]float64, len(p.PurchasedHeat))
	out.PurchasedHeatPricePerKWhTh = make([][]float64, len(p.PurchasedHeat))
	for k, h := range p.PurchasedHeat {
		out.PurchasedHeatKgCO2ePerKWhTh[k] = signal(s, "", h.EmissionFactor())
		out.PurchasedHeatPricePerKWhTh[k] = signal(s, "", h.PricePerKWhTh)
	}
}

func scaled(v []float64, k float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = k * x
	}
	return out
}

// signal is the named column (copied) or the constant repeated.
func signal(s *SeriesSet, column string, constant float64) []float64 {
	if column != "" {
		return scaled(s.Columns[column], 1)
	}
	out := make([]float64, s.Len)
	for i := range out {
		out[i] = constant
	}
	return out
}

// price is the price of every interval: its column, or its time-of-use
// table read at each interval's start in the series' local time, or its
// constant.
func price(s *SeriesSet, p *Price) []float64 {
	if p == nil {
		return make([]float64, s.Len)
	}
	if p.Column != "" || len(p.TimeOfUse) == 0 {
		return signal(s, p.Column, p.PerKWh)
	}
	out := make([]float64, s.Len)
	for i := range out {
		out[i] = p.At(s.Time(i))
	}
	return out
}

// Slice is the sub-period [from, to) of the profiles (interval indices),
// sharing memory with p: nothing is copied. Each inner slice is capped at
// its end so appending to it cannot overwrite p. It panics if
// 0 ≤ from ≤ to ≤ p.Len does not hold, like slicing does.
func (p *Profiles) Slice(from, to int) *Profiles {
	if from < 0 || to < from || to > p.Len {
		panic(fmt.Sprintf("model: Profiles.Slice(%d, %d) out of range [0, %d]", from, to, p.Len))
	}
	cut := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		return v[from:to:to]
	}
	cutAll := func(vs [][]float64) [][]float64 {
		if vs == nil {
			return nil
		}
		out := make([][]float64, len(vs))
		for i, v := range vs {
			out[i] = cut(v)
		}
		return out
	}
	return &Profiles{
		from:                   p.from,
		Start:                  p.Start.Add(time.Duration(from) * p.Step),
		Step:                   p.Step,
		Len:                    to - from,
		LoadKW:                 cutAll(p.LoadKW),
		PVAvailKW:              cutAll(p.PVAvailKW),
		WindAvailKW:            cutAll(p.WindAvailKW),
		DispatchKgCO2ePerKWh:   cut(p.DispatchKgCO2ePerKWh),
		AccountingKgCO2ePerKWh: cut(p.AccountingKgCO2ePerKWh),
		ImportPricePerKWh:      cut(p.ImportPricePerKWh),
		ExportPricePerKWh:      cut(p.ExportPricePerKWh),

		HeatLoadKWTh:                cutAll(p.HeatLoadKWTh),
		HeatPumpCOP:                 cutAll(p.HeatPumpCOP),
		PurchasedHeatKgCO2ePerKWhTh: cutAll(p.PurchasedHeatKgCO2ePerKWhTh),
		PurchasedHeatPricePerKWhTh:  cutAll(p.PurchasedHeatPricePerKWhTh),
	}
}

// Slice is the sub-period [from, to) of the set (row indices), sharing the
// column data with s; Names is copied so adding a column to one set does not
// change the other. It panics if 0 ≤ from ≤ to ≤ s.Len does not hold.
func (s *SeriesSet) Slice(from, to int) *SeriesSet {
	if from < 0 || to < from || to > s.Len {
		panic(fmt.Sprintf("model: SeriesSet.Slice(%d, %d) out of range [0, %d]", from, to, s.Len))
	}
	out := &SeriesSet{
		Start:   s.Start.Add(time.Duration(from) * s.Step),
		Step:    s.Step,
		Len:     to - from,
		Names:   append([]string(nil), s.Names...),
		Columns: make(map[string][]float64, len(s.Columns)),
		File:    s.File,
		derived: maps.Clone(s.derived),
	}
	if len(s.Lines) == s.Len {
		out.Lines = s.Lines[from:to:to]
	}
	for n, v := range s.Columns {
		out.Columns[n] = v[from:to:to]
	}
	return out
}
