package dispatch

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Schedule is a dispatch interval by interval, columnar: index [t] or
// [asset][t]. Powers are in kW held over the interval; SoCKWh is the state of
// charge at the end of the interval. Plans and settled runs share this type.
type Schedule struct {
	Start time.Time
	Step  time.Duration
	Len   int

	LoadKW      []float64   // total demand of all tenants
	PVAvailKW   [][]float64 // what each array could deliver
	PVKW        [][]float64 // what it delivered
	WindAvailKW [][]float64
	WindKW      [][]float64

	InitialSoCKWh []float64   // per battery, before the first interval
	ChargeKW      [][]float64 // into each battery, from the bus
	DischargeKW   [][]float64 // out of each battery, to the bus
	SoCKWh        [][]float64 // end of interval

	ImportKW    []float64
	ExportKW    []float64
	UnservedKW  []float64
	CurtailedKW []float64 // PV plus wind available but not used

	// DispatchKgCO2ePerKWh and AccountingKgCO2ePerKWh are the grid's
	// carbon factors the dispatch was steered by and the ledger counts
	// with, kgCO2e per kWh imported; ImportPricePerKWh and
	// ExportPricePerKWh the prices, in the park's currency per kWh.
	DispatchKgCO2ePerKWh   []float64
	AccountingKgCO2ePerKWh []float64
	ImportPricePerKWh      []float64
	ExportPricePerKWh      []float64
	// EmissionsKgCO2e = ImportKW × AccountingKgCO2ePerKWh × Δt: the grid
	// electricity's carbon.
	EmissionsKgCO2e []float64

	// The heat side, all of it nil (zero rows) for a park without heat
	// ([model.Park.HasHeat]): heat in kW_th held over the interval, fuel
	// in kW of its lower heating value (LHV), heat contents in kWh_th.
	// Per-asset tables are indexed [asset][t] in park order.
	HeatLoadKWTh []float64   // total heat demand of all heat loads
	HeatPumpCOP  [][]float64 // per heat pump: kW_th out per kW in
	HeatPumpKWTh [][]float64 // heat out
	HeatPumpKW   [][]float64 // electricity in = HeatPumpKWTh / COP
	// ElectricBoilerKW = ElectricBoilerKWTh / efficiency.
	ElectricBoilerKWTh, ElectricBoilerKW [][]float64
	// FuelBoilerFuelKW = FuelBoilerKWTh / efficiency_lhv.
	FuelBoilerKWTh, FuelBoilerFuelKW [][]float64
	// CHPKW is electricity out; CHPKWTh = CHPKW × η_th/η_el its heat,
	// CHPFuelKW = CHPKW / η_el its fuel.
	CHPKW, CHPKWTh, CHPFuelKW [][]float64
	// CHPDumpKWTh is the part of each CHP unit's heat its heat dump
	// rejects (made, not delivered), within [0, min(HeatDumpKWTh,
	// CHPKWTh)]: a row per CHP unit when the park has a CHP with a heat
	// dump ([model.Park.HasHeatDump]; zeros for the units without one),
	// no rows otherwise.
	CHPDumpKWTh [][]float64
	// InitialHeatSoCKWhTh is per thermal store, before the first interval;
	// HeatSoCKWhTh its content at the end of each interval.
	InitialHeatSoCKWhTh                             []float64
	HeatChargeKWTh, HeatDischargeKWTh, HeatSoCKWhTh [][]float64
	// Per purchased heat: heat bought, its emission factor and its price.
	PurchasedHeatKWTh           [][]float64
	PurchasedHeatKgCO2ePerKWhTh [][]float64
	PurchasedHeatPricePerKWhTh  [][]float64
	UnservedHeatKWTh            []float64
	// FuelKgCO2e is the carbon of the fuel burnt in the interval (fuel
	// boilers and CHP: fuel kW × the fuel's factor × Δt);
	// PurchasedHeatKgCO2e that of the heat bought (kW_th × its factor ×
	// Δt). With EmissionsKgCO2e they are the interval's residual.
	FuelKgCO2e          []float64
	PurchasedHeatKgCO2e []float64
}

// ShapeError is a slice of a [Schedule] whose length does not match the
// schedule's Len (a per-interval series) or the park's assets (the rows of
// a per-asset table). It unwraps to [ErrInput].
type ShapeError struct {
	Field string // e.g. "ImportKW", "SoCKWh" (its rows), "PVKW[2]" (one row)
	Len   int    // the slice's length
	Want  int    // what it must be
	Per   string // what Want counts: "interval", "PV array", "wind turbine", "battery"
}

func (e *ShapeError) Error() string {
	unit := "values"
	if e.Per != "interval" {
		unit = "rows"
	}
	return fmt.Sprintf("%v: schedule %s has %d %s, want %d: one per %s", ErrInput, e.Field, e.Len, unit, e.Want, e.Per)
}

// Unwrap returns ErrInput.
func (e *ShapeError) Unwrap() error { return ErrInput }

// Validate is the one shape check of schedule s against park p: Step > 0,
// Len ≥ 0, every per-interval series (LoadKW … EmissionsKgCO2e, prices
// included) exactly Len long, one row per asset of p in each per-asset
// table (PVAvailKW and PVKW per PV array, WindAvailKW and WindKW per wind
// turbine, ChargeKW, DischargeKW and SoCKWh per battery), each row Len
// long, and one InitialSoCKWh per battery. A nil slice has length 0. It
// reports every mismatch, joined: a [ShapeError] per slice (for the rows
// of a table, the first short row and how many more), or an error
// unwrapping to [ErrInput] for a nil schedule or park, a bad Step or Len.
// It looks at shapes only; [Schedule.Check] judges the values. Check,
// [Attribute], [RenewableServedKWh] and the packages that write or draw
// schedules call it first, so none indexes out of range, and so does
// [Account].
func (s *Schedule) Validate(p *model.Park) error {
	if s == nil || p == nil {
		return fmt.Errorf("%w: nil schedule or park", ErrInput)
	}
	var errs []error
	if s.Step <= 0 {
		errs = append(errs, fmt.Errorf("%w: schedule Step %v: must be positive", ErrInput, s.Step))
	}
	if s.Len < 0 {
		// Every length would mismatch; say the one thing that is wrong.
		return errors.Join(append(errs, fmt.Errorf("%w: schedule Len %d: must not be negative", ErrInput, s.Len))...)
	}
	series := func(field string, v []float64) {
		if len(v) != s.Len {
			errs = append(errs, &ShapeError{Field: field, Len: len(v), Want: s.Len, Per: "interval"})
		}
	}
	table := func(field string, vs [][]float64, assets int, per string) {
		if len(vs) != assets {
			errs = append(errs, &ShapeError{Field: field, Len: len(vs), Want: assets, Per: per})
			return
		}
		bad, first := 0, -1
		for i, v := range vs {
			if len(v) != s.Len {
				if bad++; first < 0 {
					first = i
				}
			}
		}
		if bad > 0 {
			var err error = &ShapeError{Field: fmt.Sprintf("%s[%d]", field, first), Len: len(vs[first]), Want: s.Len, Per: "interval"}
			if bad > 1 {
				err = fmt.Errorf("%w (and %d more rows of %s)", err, bad-1, field)
			}
			errs = append(errs, err)
		}
	}
	for _, c := range []struct {
		field string
		v     []float64
	}{
		{"LoadKW", s.LoadKW}, {"ImportKW", s.ImportKW}, {"ExportKW", s.ExportKW},
		{"UnservedKW", s.UnservedKW}, {"CurtailedKW", s.CurtailedKW},
		{"DispatchKgCO2ePerKWh", s.DispatchKgCO2ePerKWh}, {"AccountingKgCO2ePerKWh", s.AccountingKgCO2ePerKWh},
		{"ImportPricePerKWh", s.ImportPricePerKWh}, {"ExportPricePerKWh", s.ExportPricePerKWh},
		{"EmissionsKgCO2e", s.EmissionsKgCO2e},
	} {
		series(c.field, c.v)
	}
	nPV, nWind, nBat := len(p.PV), len(p.Wind), len(p.Batteries)
	table("PVAvailKW", s.PVAvailKW, nPV, "PV array")
	table("PVKW", s.PVKW, nPV, "PV array")
	table("WindAvailKW", s.WindAvailKW, nWind, "wind turbine")
	table("WindKW", s.WindKW, nWind, "wind turbine")
	table("ChargeKW", s.ChargeKW, nBat, "battery")
	table("DischargeKW", s.DischargeKW, nBat, "battery")
	table("SoCKWh", s.SoCKWh, nBat, "battery")
	if len(s.InitialSoCKWh) != nBat {
		errs = append(errs, &ShapeError{Field: "InitialSoCKWh", Len: len(s.InitialSoCKWh), Want: nBat, Per: "battery"})
	}
	if p.HasHeat() {
		for _, c := range []struct {
			field string
			v     []float64
		}{
			{"HeatLoadKWTh", s.HeatLoadKWTh}, {"UnservedHeatKWTh", s.UnservedHeatKWTh},
			{"FuelKgCO2e", s.FuelKgCO2e}, {"PurchasedHeatKgCO2e", s.PurchasedHeatKgCO2e},
		} {
			series(c.field, c.v)
		}
		for _, c := range []struct {
			field string
			vs    [][]float64
			n     int
			per   string
		}{
			{"HeatPumpCOP", s.HeatPumpCOP, len(p.HeatPumps), "heat pump"},
			{"HeatPumpKWTh", s.HeatPumpKWTh, len(p.HeatPumps), "heat pump"},
			{"HeatPumpKW", s.HeatPumpKW, len(p.HeatPumps), "heat pump"},
			{"ElectricBoilerKWTh", s.ElectricBoilerKWTh, len(p.ElectricBoilers), "electric boiler"},
			{"ElectricBoilerKW", s.ElectricBoilerKW, len(p.ElectricBoilers), "electric boiler"},
			{"FuelBoilerKWTh", s.FuelBoilerKWTh, len(p.FuelBoilers), "fuel boiler"},
			{"FuelBoilerFuelKW", s.FuelBoilerFuelKW, len(p.FuelBoilers), "fuel boiler"},
			{"CHPKW", s.CHPKW, len(p.CHP), "CHP"},
			{"CHPKWTh", s.CHPKWTh, len(p.CHP), "CHP"},
			{"CHPFuelKW", s.CHPFuelKW, len(p.CHP), "CHP"},
			{"HeatChargeKWTh", s.HeatChargeKWTh, len(p.ThermalStorage), "thermal store"},
			{"HeatDischargeKWTh", s.HeatDischargeKWTh, len(p.ThermalStorage), "thermal store"},
			{"HeatSoCKWhTh", s.HeatSoCKWhTh, len(p.ThermalStorage), "thermal store"},
			{"PurchasedHeatKWTh", s.PurchasedHeatKWTh, len(p.PurchasedHeat), "purchased heat"},
			{"PurchasedHeatKgCO2ePerKWhTh", s.PurchasedHeatKgCO2ePerKWhTh, len(p.PurchasedHeat), "purchased heat"},
			{"PurchasedHeatPricePerKWhTh", s.PurchasedHeatPricePerKWhTh, len(p.PurchasedHeat), "purchased heat"},
		} {
			table(c.field, c.vs, c.n, c.per)
		}
		table("CHPDumpKWTh", s.CHPDumpKWTh, dumpRows(p), "CHP (with a heat dump in the park; else none)")
		if n := len(p.ThermalStorage); len(s.InitialHeatSoCKWhTh) != n {
			errs = append(errs, &ShapeError{Field: "InitialHeatSoCKWhTh", Len: len(s.InitialHeatSoCKWhTh), Want: n, Per: "thermal store"})
		}
	}
	return errors.Join(errs...)
}

// newSchedule allocates a schedule of n intervals for park p in one backing
// array per kind, so a year's run costs a handful of allocations.
func newSchedule(p *model.Park, n int) *Schedule {
	s := &Schedule{Len: n}
	flat := func(k int) []float64 { return make([]float64, k) }
	nPV, nWind, nBat := len(p.PV), len(p.Wind), len(p.Batteries)
	s.LoadKW = flat(n)
	s.PVAvailKW, s.PVKW = rows(nPV, n), rows(nPV, n)
	s.WindAvailKW, s.WindKW = rows(nWind, n), rows(nWind, n)
	s.InitialSoCKWh = flat(nBat)
	s.ChargeKW, s.DischargeKW, s.SoCKWh = rows(nBat, n), rows(nBat, n), rows(nBat, n)
	s.ImportKW, s.ExportKW, s.UnservedKW, s.CurtailedKW = flat(n), flat(n), flat(n), flat(n)
	s.DispatchKgCO2ePerKWh, s.AccountingKgCO2ePerKWh = flat(n), flat(n)
	s.ImportPricePerKWh, s.ExportPricePerKWh = flat(n), flat(n)
	s.EmissionsKgCO2e = flat(n)
	if p.HasHeat() {
		nHP, nEB, nFB, nCHP := len(p.HeatPumps), len(p.ElectricBoilers), len(p.FuelBoilers), len(p.CHP)
		nTS, nPH := len(p.ThermalStorage), len(p.PurchasedHeat)
		s.HeatLoadKWTh, s.UnservedHeatKWTh = flat(n), flat(n)
		s.HeatPumpCOP, s.HeatPumpKWTh, s.HeatPumpKW = rows(nHP, n), rows(nHP, n), rows(nHP, n)
		s.ElectricBoilerKWTh, s.ElectricBoilerKW = rows(nEB, n), rows(nEB, n)
		s.FuelBoilerKWTh, s.FuelBoilerFuelKW = rows(nFB, n), rows(nFB, n)
		s.CHPKW, s.CHPKWTh, s.CHPFuelKW = rows(nCHP, n), rows(nCHP, n), rows(nCHP, n)
		s.CHPDumpKWTh = rows(dumpRows(p), n)
		s.InitialHeatSoCKWhTh = flat(nTS)
		s.HeatChargeKWTh, s.HeatDischargeKWTh, s.HeatSoCKWhTh = rows(nTS, n), rows(nTS, n), rows(nTS, n)
		s.PurchasedHeatKWTh, s.PurchasedHeatKgCO2ePerKWhTh, s.PurchasedHeatPricePerKWhTh = rows(nPH, n), rows(nPH, n), rows(nPH, n)
		s.FuelKgCO2e, s.PurchasedHeatKgCO2e = flat(n), flat(n)
	}
	return s
}

// setLen sets the number of intervals to n, reslicing every per-interval
// array within its capacity (a plan's arrays are allocated for the whole
// horizon; near the end of a period fewer steps are active).
func (s *Schedule) setLen(n int) {
	s.Len = n
	one := func(v *[]float64) { *v = (*v)[:n] }
	rows := func(vs [][]float64) {
		for i := range vs {
			one(&vs[i])
		}
	}
	for _, v := range []*[]float64{&s.LoadKW, &s.ImportKW, &s.ExportKW, &s.UnservedKW, &s.CurtailedKW,
		&s.DispatchKgCO2ePerKWh, &s.AccountingKgCO2ePerKWh, &s.ImportPricePerKWh, &s.ExportPricePerKWh, &s.EmissionsKgCO2e} {
		one(v)
	}
	for _, vs := range [][][]float64{s.PVAvailKW, s.PVKW, s.WindAvailKW, s.WindKW, s.ChargeKW, s.DischargeKW, s.SoCKWh} {
		rows(vs)
	}
	if s.HeatLoadKWTh == nil {
		return
	}
	for _, v := range []*[]float64{&s.HeatLoadKWTh, &s.UnservedHeatKWTh, &s.FuelKgCO2e, &s.PurchasedHeatKgCO2e} {
		one(v)
	}
	for _, vs := range s.heatTables() {
		rows(vs)
	}
}

// dumpRows is the number of rows of a schedule's CHPDumpKWTh for p: one
// per CHP unit when any has a heat dump ([model.Park.HasHeatDump]), else
// none.
func dumpRows(p *model.Park) int {
	if p.HasHeatDump() {
		return len(p.CHP)
	}
	return 0
}

// heatTables are the schedule's per-asset heat tables, for code that
// treats them alike (an array, so that the hot path does not allocate;
// its rows are empty without heat, CHPDumpKWTh's without a heat dump).
func (s *Schedule) heatTables() [17][][]float64 {
	return [17][][]float64{s.HeatPumpCOP, s.HeatPumpKWTh, s.HeatPumpKW, s.ElectricBoilerKWTh, s.ElectricBoilerKW,
		s.FuelBoilerKWTh, s.FuelBoilerFuelKW, s.CHPKW, s.CHPKWTh, s.CHPFuelKW,
		s.HeatChargeKWTh, s.HeatDischargeKWTh, s.HeatSoCKWhTh,
		s.PurchasedHeatKWTh, s.PurchasedHeatKgCO2ePerKWhTh, s.PurchasedHeatPricePerKWhTh, s.CHPDumpKWTh}
}

// rows allocates k series of n values in one backing array; each is capped
// at its end so appending to one cannot overwrite the next.
func rows(k, n int) [][]float64 {
	back := make([]float64, k*n)
	out := make([][]float64, k)
	for i := range out {
		out[i] = back[i*n : (i+1)*n : (i+1)*n]
	}
	return out
}

// Time is the start of interval t.
func (s *Schedule) Time(t int) time.Time { return s.Start.Add(time.Duration(t) * s.Step) }

// DispatchCarbonKgCO2e is the import carbon under the dispatch signal with
// negative rates counted as zero, plus (with heat) the carbon of the fuel
// burnt and the heat bought: what the LP minimises (for a Plan, the carbon
// of the whole plan).
func (s *Schedule) DispatchCarbonKgCO2e() float64 {
	c, h := 0.0, s.Step.Hours()
	for t := 0; t < s.Len; t++ {
		c += s.ImportKW[t] * max(s.DispatchKgCO2ePerKWh[t], 0) * h
	}
	for t := range s.FuelKgCO2e {
		c += s.FuelKgCO2e[t] + s.PurchasedHeatKgCO2e[t]
	}
	return c
}

// TotalEmissionsKgCO2e is interval t's residual: the grid electricity's
// carbon plus, with heat, the fuel burnt and the heat bought.
func (s *Schedule) TotalEmissionsKgCO2e(t int) float64 {
	e := s.EmissionsKgCO2e[t]
	if s.FuelKgCO2e != nil {
		e += s.FuelKgCO2e[t] + s.PurchasedHeatKgCO2e[t]
	}
	return e
}

// GenerationKW is the PV plus wind power delivered in interval t.
func (s *Schedule) GenerationKW(t int) float64 { return sumAt(t, s.PVKW, s.WindKW) }

// sumAt is the sum of interval t's values of every series of tables.
func sumAt(t int, tables ...[][]float64) float64 {
	sum := 0.0
	for _, vs := range tables {
		for _, v := range vs {
			sum += v[t]
		}
	}
	return sum
}

// BalanceErrorKW is supply minus demand in interval t:
// Σgen + Σ(dis − ch) + import − export + unserved − load, and with heat
// + Σ CHP electricity − Σ heat pump and electric boiler electricity; zero
// when the schedule balances.
func (s *Schedule) BalanceErrorKW(t int) float64 {
	e := s.GenerationKW(t) + s.ImportKW[t] - s.ExportKW[t] + s.UnservedKW[t] - s.LoadKW[t]
	for b := range s.ChargeKW {
		e += s.DischargeKW[b][t] - s.ChargeKW[b][t]
	}
	return e + s.CHPElectricityKW(t) - s.ConvertersKW(t)
}

// ConvertersKW is the electricity the heat pumps and electric boilers
// draw in interval t (0 without heat).
func (s *Schedule) ConvertersKW(t int) float64 { return sumAt(t, s.HeatPumpKW, s.ElectricBoilerKW) }

// CHPElectricityKW is the electricity the CHP units make in interval t.
func (s *Schedule) CHPElectricityKW(t int) float64 { return sumAt(t, s.CHPKW) }

// HeatSupplyKWTh is the heat every source delivers in interval t, kW_th:
// heat pumps, electric and fuel boilers, CHP (less what its heat dump
// rejects), purchased heat and the thermal stores' discharge (0 without
// heat).
func (s *Schedule) HeatSupplyKWTh(t int) float64 {
	return sumAt(t, s.HeatPumpKWTh, s.ElectricBoilerKWTh, s.FuelBoilerKWTh, s.CHPKWTh, s.PurchasedHeatKWTh, s.HeatDischargeKWTh) -
		s.DumpedKWTh(t)
}

// DumpedKWTh is the heat the CHP units' heat dumps reject in interval t,
// kW_th (0 without a heat dump).
func (s *Schedule) DumpedKWTh(t int) float64 { return sumAt(t, s.CHPDumpKWTh) }

// HeatBalanceErrorKWTh is heat supply minus demand in interval t:
// Σ sources − Σ dumped + Σ(discharge − charge) + unserved heat − heat load, kW_th;
// zero when the schedule balances (and without heat).
func (s *Schedule) HeatBalanceErrorKWTh(t int) float64 {
	if s.HeatLoadKWTh == nil {
		return 0
	}
	e := s.HeatSupplyKWTh(t) + s.UnservedHeatKWTh[t] - s.HeatLoadKWTh[t]
	for _, v := range s.HeatChargeKWTh {
		e -= v[t]
	}
	return e
}

// HeatSoCBefore is thermal store k's content at the start of interval t.
func (s *Schedule) HeatSoCBefore(k, t int) float64 {
	if t == 0 {
		return s.InitialHeatSoCKWhTh[k]
	}
	return s.HeatSoCKWhTh[k][t-1]
}

// FinalHeatSoCKWhTh is thermal store k's content after the last interval.
func (s *Schedule) FinalHeatSoCKWhTh(k int) float64 {
	if s.Len == 0 {
		return s.InitialHeatSoCKWhTh[k]
	}
	return s.HeatSoCKWhTh[k][s.Len-1]
}

// SoCBefore is battery b's state of charge at the start of interval t.
func (s *Schedule) SoCBefore(b, t int) float64 {
	if t == 0 {
		return s.InitialSoCKWh[b]
	}
	return s.SoCKWh[b][t-1]
}

// FinalSoCKWh is battery b's state of charge after the last interval.
func (s *Schedule) FinalSoCKWh(b int) float64 {
	if s.Len == 0 {
		return s.InitialSoCKWh[b]
	}
	return s.SoCKWh[b][s.Len-1]
}

// fillEmissions sets EmissionsKgCO2e from import and the accounting factor.
func (s *Schedule) fillEmissions() {
	h := s.Step.Hours()
	for t := 0; t < s.Len; t++ {
		s.EmissionsKgCO2e[t] = s.ImportKW[t] * s.AccountingKgCO2ePerKWh[t] * h
	}
}

// copyInputs copies the period's data (load, availability, signals, prices)
// from profiles rows [from, from+s.Len) into the schedule.
func (s *Schedule) copyInputs(p *model.Profiles, from int) {
	s.Start, s.Step = p.Start.Add(time.Duration(from)*p.Step), p.Step
	for t := 0; t < s.Len; t++ {
		s.LoadKW[t] = p.TotalLoadKW(from + t)
	}
	for i := range s.PVAvailKW {
		copy(s.PVAvailKW[i], p.PVAvailKW[i][from:from+s.Len])
	}
	for j := range s.WindAvailKW {
		copy(s.WindAvailKW[j], p.WindAvailKW[j][from:from+s.Len])
	}
	copy(s.DispatchKgCO2ePerKWh, p.DispatchKgCO2ePerKWh[from:from+s.Len])
	copy(s.AccountingKgCO2ePerKWh, p.AccountingKgCO2ePerKWh[from:from+s.Len])
	// Prices may be nil: 0 (the schedule's arrays start at 0).
	if p.ImportPricePerKWh != nil {
		copy(s.ImportPricePerKWh, p.ImportPricePerKWh[from:from+s.Len])
	}
	if p.ExportPricePerKWh != nil {
		copy(s.ExportPricePerKWh, p.ExportPricePerKWh[from:from+s.Len])
	}
	if s.HeatLoadKWTh == nil {
		return
	}
	for t := 0; t < s.Len; t++ {
		s.HeatLoadKWTh[t] = p.TotalHeatLoadKWTh(from + t)
	}
	for j := range s.HeatPumpCOP {
		copy(s.HeatPumpCOP[j], p.HeatPumpCOP[j][from:from+s.Len])
	}
	for k := range s.PurchasedHeatKWTh {
		copy(s.PurchasedHeatKgCO2ePerKWhTh[k], p.PurchasedHeatKgCO2ePerKWhTh[k][from:from+s.Len])
		copy(s.PurchasedHeatPricePerKWhTh[k], p.PurchasedHeatPricePerKWhTh[k][from:from+s.Len])
	}
}

// finite is the first value of s that is NaN or infinite, as an error
// naming its slice, index (row and interval for a table) and value;
// nil when every value is finite. Account sums every slice into its
// totals and judges the stage from them, so one such value would make
// them NaN or infinite (and the stage anything) with no error.
func (s *Schedule) finite() error {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		// A pointer in an interface allocates nothing, where the slice
		// itself would be boxed: Account runs this on every call.
		switch x := v.Field(i).Addr().Interface().(type) {
		case *[]float64:
			if allFinite(*x) {
				continue
			}
			for t, y := range *x {
				if math.IsNaN(y) || math.IsInf(y, 0) {
					name := v.Type().Field(i).Name
					at := fmt.Sprintf("[%d]", t)
					if !strings.HasPrefix(name, "Initial") { // Initial…: per asset, not per interval
						at += " (" + s.Time(t).Format(time.RFC3339) + ")"
					}
					return notFinite(name, at, y)
				}
			}
		case *[][]float64:
			for r, row := range *x {
				if allFinite(row) {
					continue
				}
				for t, y := range row {
					if math.IsNaN(y) || math.IsInf(y, 0) {
						return notFinite(v.Type().Field(i).Name, fmt.Sprintf("[%d][%d] (%s)", r, t, s.Time(t).Format(time.RFC3339)), y)
					}
				}
			}
		}
	}
	return nil
}

// allFinite reports whether every value of x is finite: y·0 is NaN for a
// NaN or an infinity, else 0, and a sum with a NaN in it is NaN — a
// multiply-add a value and no branch, in four sums so that they do not
// wait on one another.
func allFinite(x []float64) bool {
	var a, b, c, d float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		a += x[i] * 0
		b += x[i+1] * 0
		c += x[i+2] * 0
		d += x[i+3] * 0
	}
	for ; i < len(x); i++ {
		a += x[i] * 0
	}
	return a+b+c+d == 0
}

// notFinite is finite's error: schedule field name at at holds x.
func notFinite(name, at string, x float64) error {
	return fmt.Errorf("%w: schedule %s%s: value %v: must be finite", ErrInput, name, at, x)
}
