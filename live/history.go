package live

import (
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// What a value of the history is.
const (
	missing  byte = iota // nothing yet
	measured             // sent by Measure
	filled               // a closed interval's stand-in: the last value before it
	known                // set by the park file (a constant, a time-of-use price)
	held                 // a value ahead, not sent: the last value, held
	// unknown is a closed interval's stand-in with no value before it to
	// hold (nothing measured, seeded or set yet): 0, which for a carbon
	// signal books the interval's import as free of carbon, so the ledger
	// grants no stage on it ([Controller.Ledger]).
	unknown
)

// history is the measured history and the values ahead, one row per
// interval from base (an absolute index: Start + base·Step) on, as a
// model.Profiles the rolling horizon reads (the loads, PV and wind rows
// and the signals are views of vals).
type history struct {
	base int
	n    int
	vals [][]float64 // per catalogue series
	flag [][]byte
	// provided holds the values of provided forecasts by column (NaN:
	// none), rows as vals.
	provided map[string][]float64
	prof     model.Profiles
}

func newHistory(cat []series, provided []string) history {
	h := history{vals: make([][]float64, len(cat)), flag: make([][]byte, len(cat)), provided: map[string][]float64{}}
	for _, col := range provided {
		h.provided[col] = nil
	}
	return h
}

// grow makes rows up to (absolute) end exist: NaN and missing.
func (h *history) grow(end int) {
	n := end - h.base
	if n <= h.n {
		return
	}
	for i := range h.vals {
		for range n - h.n {
			h.vals[i] = append(h.vals[i], math.NaN())
			h.flag[i] = append(h.flag[i], missing)
		}
	}
	for col, v := range h.provided {
		for range n - h.n {
			v = append(v, math.NaN())
		}
		h.provided[col] = v
	}
	h.n = n
}

// view points prof at the rows (after grow or trim), for park p with the
// series of cat, on the axis start, step.
func (h *history) view(p *model.Park, cat []series, sig int, start time.Time, step time.Duration) {
	nL, nP, nW := len(p.Loads), len(p.PV), len(p.Wind)
	pr := &h.prof
	pr.Start, pr.Step, pr.Len = start.Add(time.Duration(h.base)*step), step, h.n
	if pr.LoadKW == nil {
		pr.LoadKW, pr.PVAvailKW, pr.WindAvailKW = make([][]float64, nL), make([][]float64, nP), make([][]float64, nW)
	}
	for i := range nL {
		pr.LoadKW[i] = h.vals[i]
	}
	for i := range nP {
		pr.PVAvailKW[i] = h.vals[nL+i]
	}
	for j := range nW {
		pr.WindAvailKW[j] = h.vals[nL+nP+j]
	}
	pr.DispatchKgCO2ePerKWh = h.vals[sig+sigCarbon]
	pr.AccountingKgCO2ePerKWh = h.vals[sig+sigAccounting]
	if cat[sig+sigAccounting].alias >= 0 {
		pr.AccountingKgCO2ePerKWh = pr.DispatchKgCO2ePerKWh
	}
	pr.ImportPricePerKWh = h.vals[sig+sigImport]
	pr.ExportPricePerKWh = h.vals[sig+sigExport]
	if p.HasHeat() {
		h.viewHeat(p, sig+numSignals)
	}
}

// viewHeat points the heat rows of prof at the rows of the heat series,
// which start at index first of the catalogue (see heatCatalogue).
func (h *history) viewHeat(p *model.Park, first int) {
	pr := &h.prof
	nH, nP, nPH := len(p.HeatLoads), len(p.HeatPumps), len(p.PurchasedHeat)
	if pr.HeatLoadKWTh == nil {
		pr.HeatLoadKWTh, pr.HeatPumpCOP = make([][]float64, nH), make([][]float64, nP)
		pr.PurchasedHeatKgCO2ePerKWhTh, pr.PurchasedHeatPricePerKWhTh = make([][]float64, nPH), make([][]float64, nPH)
	}
	copy(pr.HeatLoadKWTh, h.vals[first:])
	copy(pr.HeatPumpCOP, h.vals[first+nH:])
	copy(pr.PurchasedHeatKgCO2ePerKWhTh, h.vals[first+nH+nP:])
	copy(pr.PurchasedHeatPricePerKWhTh, h.vals[first+nH+nP+nPH:])
}

// set merges value v of series s at absolute row k (which exists). It
// returns whether it replaced a measured value (a duplicate) and whether
// it filled a closed interval's stand-in (late); closed is the first row
// not yet closed.
func (h *history) set(s, k int, v float64, closed int) (dup, late bool) {
	r := k - h.base
	switch h.flag[s][r] {
	case measured:
		dup = true
	case filled, unknown:
		late = true
	}
	h.vals[s][r], h.flag[s][r] = v, measured
	if k < closed && (dup || late) {
		// The stand-ins after it were the value it replaced: they take
		// the new one (persistence of the last value known).
		for j := r + 1; j < closed-h.base && (h.flag[s][j] == filled || h.flag[s][j] == unknown); j++ {
			h.vals[s][j], h.flag[s][j] = v, filled
		}
	}
	return dup, late
}

// last is the value of series s before absolute row k, or none where
// nothing is known before it (no row, or history's unknown).
func (h *history) last(s, k int, none float64) float64 {
	if r := k - h.base; r > 0 && h.flag[s][r-1] != unknown {
		return h.vals[s][r-1]
	}
	return none
}

// close makes the rows [from, to) history: a value not measured stands in
// as the last value before it (the forecasters and the settlement need a
// number; persistence is the forecast of last resort), counted per series
// in filledBy. Known series are computed.
func (h *history) close(cat []series, from, to int, at func(int) time.Time, filledBy []int) {
	h.grow(to)
	for s := range cat {
		if cat[s].alias >= 0 {
			continue
		}
		for k := from; k < to; k++ {
			r := k - h.base
			switch {
			case cat[s].known != nil:
				h.vals[s][r], h.flag[s][r] = cat[s].known(at(k)), known
			case h.flag[s][r] == missing || h.flag[s][r] == held:
				f := filled
				if r == 0 || h.flag[s][r-1] == unknown {
					f = unknown // nothing before it to hold
				}
				h.vals[s][r], h.flag[s][r] = h.last(s, k, cat[s].none), f
				filledBy[s]++
			}
		}
	}
	h.sync(cat, from, to)
}

// ahead fills the rows [from, to) the plan reads ahead: known series are
// computed, values sent ahead kept, the others hold the last value (the
// forecasters replace them where there is one).
func (h *history) ahead(cat []series, from, to int, at func(int) time.Time) {
	h.grow(to)
	for s := range cat {
		if cat[s].alias >= 0 {
			continue
		}
		for k := from; k < to; k++ {
			r := k - h.base
			switch {
			case cat[s].known != nil:
				if h.flag[s][r] != known {
					h.vals[s][r], h.flag[s][r] = cat[s].known(at(k)), known
				}
			case h.flag[s][r] == missing || h.flag[s][r] == held:
				h.vals[s][r], h.flag[s][r] = h.last(s, k, cat[s].none), held
			}
		}
	}
	h.sync(cat, from, to)
}

// sync copies aliased series (the accounting factor that is the dispatch
// signal) over [from, to).
func (h *history) sync(cat []series, from, to int) {
	for s := range cat {
		if a := cat[s].alias; a >= 0 {
			copy(h.vals[s][from-h.base:to-h.base], h.vals[a][from-h.base:to-h.base])
			copy(h.flag[s][from-h.base:to-h.base], h.flag[a][from-h.base:to-h.base])
		}
	}
}

// trim drops the first d rows.
func (h *history) trim(d int) {
	if d <= 0 {
		return
	}
	d = min(d, h.n)
	for i := range h.vals {
		h.vals[i] = append(h.vals[i][:0], h.vals[i][d:]...)
		h.flag[i] = append(h.flag[i][:0], h.flag[i][d:]...)
	}
	for col, v := range h.provided {
		h.provided[col] = append(v[:0], v[d:]...)
	}
	h.base += d
	h.n -= d
}
