package model

import "time"

// Series is a time series at a fixed step: Values[i] holds for the interval
// [Start + i·Step, Start + (i+1)·Step).
type Series struct {
	Start  time.Time
	Step   time.Duration
	Values []float64
}

// Len is the number of values.
func (s Series) Len() int { return len(s.Values) }

// Time is the start of interval i.
func (s Series) Time(i int) time.Time { return s.Start.Add(time.Duration(i) * s.Step) }

// End is the end of the last interval.
func (s Series) End() time.Time { return s.Time(len(s.Values)) }

// SeriesSet is a table of named columns sharing one time axis, as read from
// a series CSV file (header "timestamp,<columns…>").
type SeriesSet struct {
	Start   time.Time
	Step    time.Duration
	Len     int
	Names   []string             // column order as in the file
	Columns map[string][]float64 // each of length Len

	// File and Lines say where the rows were read from, for error
	// messages: the name given to [ReadSeriesCSV] and the 1-based line of
	// each row in it (Lines has length Len; blank lines and quoted line
	// breaks make it more than a row count). Both are empty for a set
	// built in memory.
	File  string
	Lines []int

	// derived keeps, per column set by [SeriesSet.SetDerived], a copy of
	// the settings it was derived from, for [Resolve] to compare with the
	// asset's settings now.
	derived map[string]any
}

// Line is the line of row i in File, or 0 when not known.
func (s *SeriesSet) Line(i int) int {
	if len(s.Lines) != s.Len || i < 0 || i >= len(s.Lines) {
		return 0
	}
	return s.Lines[i]
}

// Column returns the named column as a Series, and whether it exists.
func (s *SeriesSet) Column(name string) (Series, bool) {
	v, ok := s.Columns[name]
	if !ok {
		return Series{}, false
	}
	return Series{Start: s.Start, Step: s.Step, Values: v}, true
}

// Time is the start of interval i.
func (s *SeriesSet) Time(i int) time.Time { return s.Start.Add(time.Duration(i) * s.Step) }

// Profiles are a park's series resolved for one period, ready for dispatch:
// one value per interval, in kW (power) or kgCO2e/kWh (carbon) or currency
// per kWh (prices). Index [asset][interval].
type Profiles struct {
	Start time.Time
	Step  time.Duration
	Len   int

	LoadKW      [][]float64 // per Park.Loads, scaled
	PVAvailKW   [][]float64 // per Park.PV: capacity × availability
	WindAvailKW [][]float64 // per Park.Wind

	// DispatchKgCO2ePerKWh is the signal the LP minimises; Accounting… the
	// factor the ledger uses (the same slice when only one is given).
	DispatchKgCO2ePerKWh   []float64
	AccountingKgCO2ePerKWh []float64

	ImportPricePerKWh []float64
	ExportPricePerKWh []float64

	// The heat side: nil, all of it, for a park without heat
	// ([Park.HasHeat]), so that an electricity-only park's profiles are
	// what they were before heat was modelled.
	HeatLoadKWTh [][]float64 // per Park.HeatLoads, scaled, kW_th
	// HeatPumpCOP is per Park.HeatPumps: kW_th out per kW in, in each
	// interval (the constant COP repeated, or its COP model).
	HeatPumpCOP [][]float64
	// PurchasedHeat… are per Park.PurchasedHeat: the emission factor and
	// the price of a kWh_th in each interval.
	PurchasedHeatKgCO2ePerKWhTh [][]float64
	PurchasedHeatPricePerKWhTh  [][]float64

	// from is what of the park [Resolve] read, to tell when the park has
	// changed since ([Profiles.ChangedSince]); nil in profiles built
	// otherwise.
	from *resolvedFrom
}

// TotalHeatLoadKWTh is the sum of all heat loads in interval i, kW_th (0
// for a park without heat).
func (p *Profiles) TotalHeatLoadKWTh(i int) float64 {
	s := 0.0
	for _, l := range p.HeatLoadKWTh {
		s += l[i]
	}
	return s
}

// TotalLoadKW is the sum of all loads in interval i.
func (p *Profiles) TotalLoadKW(i int) float64 {
	s := 0.0
	for _, l := range p.LoadKW {
		s += l[i]
	}
	return s
}
