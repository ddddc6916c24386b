package live

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// sinceTotals are the running totals of every interval settled since the
// Controller's first start, added to as each interval settles (addToLedger)
// and never trimmed: the settled intervals kept (the ledger) are a rolling
// window of the history, these are not. Energy in kWh (heat in kWh_th,
// fuel in kWh of its lower heating value), carbon in kgCO2e. Intervals
// are absolute indices (Config.Start + k·Step). Saved with the state
// (version 2 on).
type sinceTotals struct {
	// FirstStart: counted from the Controller's first start; false when
	// the state was loaded from a version-1 file holding settled intervals
	// (it kept no totals, so they count from the first it held: FromK).
	FirstStart bool
	// Intervals counts the intervals added; FromK and LastK are the first
	// and the last of them (meaningful when Intervals > 0).
	Intervals    int
	FromK, LastK int

	LoadKWh, UnservedKWh, ImportKWh, ExportKWh   float64
	PVKWh, WindKWh, CurtailedKWh                 float64
	ChargeKWh, DischargeKWh                      float64
	HeatLoadKWhTh, UnservedHeatKWhTh, FuelKWhLHV float64
	GridKgCO2e, FuelKgCO2e, PurchasedHeatKgCO2e  float64
	// CHPDumpedKWhTh is the heat the CHP units' heat dumps rejected (0 in
	// a file saved before it was kept: no park could dump then).
	CHPDumpedKWhTh float64

	// Money, in the currency of the prices, added by addMoney: the
	// electricity imported at its price and exported at its price, the
	// fuel burnt and the heat bought at theirs. Money is set once they are
	// kept: a version-2 file saved before they were has it false (gob
	// leaves out what it does not hold), and Load rebuilds them from the
	// settled intervals that file holds (moneyFromLedger), so they may
	// count fewer intervals than the energy: MoneyIntervals from
	// MoneyFromK.
	Money                       bool
	MoneyIntervals, MoneyFromK  int
	ImportCost, ExportRevenue   float64
	FuelCost, PurchasedHeatCost float64
	// CHPVariableOMCost is Σ each CHP unit's electricity ×
	// model.CHP.VariableOMPerKWh (0 in a file saved before it was kept).
	CHPVariableOMCost float64

	// The battery wear and the demand charge, added by addWearDemand.
	// WearDemand is set once they are kept: a file saved before has it
	// false, and Load rebuilds them from the settled intervals it holds
	// (wearDemandFromLedger), counted over WearDemandIntervals from
	// WearDemandFromK. WearCost is additive (currency); the demand
	// charge is not (a month's peak): Peaks keeps each calendar month's
	// highest import, kW, in the order of the months (a slice, which gob
	// writes in order), and SinceStart prices them.
	WearDemand                           bool
	WearDemandIntervals, WearDemandFromK int
	WearCost                             float64
	Peaks                                []monthPeak
}

// monthPeak is a calendar month's highest import so far, kW (in the
// clock of Config.Start); FirstK is the first interval of it counted.
type monthPeak struct {
	Year         int
	Month        time.Month
	FirstK       int
	PeakImportKW float64
}

// add adds interval t of schedule s, which is interval k: the additive
// quantities of dispatch.Account, interval by interval. It allocates
// nothing (it runs in every Step).
func (st *sinceTotals) add(k int, s *dispatch.Schedule, t int) {
	if st.Intervals == 0 {
		st.FromK = k
	}
	st.Intervals++
	st.LastK = k
	h := s.Step.Hours()
	st.LoadKWh += s.LoadKW[t] * h
	st.UnservedKWh += s.UnservedKW[t] * h
	st.ImportKWh += s.ImportKW[t] * h
	st.ExportKWh += s.ExportKW[t] * h
	st.CurtailedKWh += s.CurtailedKW[t] * h
	for i := range s.PVKW {
		st.PVKWh += s.PVKW[i][t] * h
	}
	for j := range s.WindKW {
		st.WindKWh += s.WindKW[j][t] * h
	}
	for b := range s.ChargeKW {
		st.ChargeKWh += s.ChargeKW[b][t] * h
		st.DischargeKWh += s.DischargeKW[b][t] * h
	}
	st.GridKgCO2e += s.EmissionsKgCO2e[t]
	if s.HeatLoadKWTh == nil {
		return
	}
	st.HeatLoadKWhTh += s.HeatLoadKWTh[t] * h
	st.UnservedHeatKWhTh += s.UnservedHeatKWTh[t] * h
	for f := range s.FuelBoilerFuelKW {
		st.FuelKWhLHV += s.FuelBoilerFuelKW[f][t] * h
	}
	for c := range s.CHPFuelKW {
		st.FuelKWhLHV += s.CHPFuelKW[c][t] * h
	}
	st.CHPDumpedKWhTh += s.DumpedKWTh(t) * h
	st.FuelKgCO2e += s.FuelKgCO2e[t]
	st.PurchasedHeatKgCO2e += s.PurchasedHeatKgCO2e[t]
}

// addMoney adds the money of interval t of schedule s, which is interval
// k, as dispatch.Account sums Report.EnergyCost: import × import price
// and export × export price, each × Δt; with heat, each fuel boiler's
// and CHP unit's fuel × its fuel's price per kWh of LHV
// (rates.fuelPricePerKWhLHV: the fuel boilers', then the CHP units', in
// the park's order), each CHP unit's electricity × its variable O&M
// (rates.chpVOMPerKWh) and the heat bought × its price. It allocates
// nothing (it runs in every Step).
func (st *sinceTotals) addMoney(k int, s *dispatch.Schedule, t int, rates moneyRates) {
	fuelPricePerKWhLHV := rates.fuelPricePerKWhLHV
	if st.MoneyIntervals == 0 {
		st.MoneyFromK = k
	}
	st.MoneyIntervals++
	h := s.Step.Hours()
	st.ImportCost += s.ImportKW[t] * s.ImportPricePerKWh[t] * h
	st.ExportRevenue += s.ExportKW[t] * s.ExportPricePerKWh[t] * h
	if s.HeatLoadKWTh == nil {
		return
	}
	for f := range s.FuelBoilerFuelKW {
		st.FuelCost += s.FuelBoilerFuelKW[f][t] * h * fuelPricePerKWhLHV[f]
	}
	nFB := len(s.FuelBoilerFuelKW)
	for c := range s.CHPFuelKW {
		st.FuelCost += s.CHPFuelKW[c][t] * h * fuelPricePerKWhLHV[nFB+c]
		// The schedule has a row per CHP unit (Schedule.Validate checks a
		// loaded ledger), as rates has.
		st.CHPVariableOMCost += s.CHPKW[c][t] * h * rates.chpVOMPerKWh[c]
	}
	for j := range s.PurchasedHeatKWTh {
		st.PurchasedHeatCost += s.PurchasedHeatKWTh[j][t] * h * s.PurchasedHeatPricePerKWhTh[j][t]
	}
}

// addWearDemand adds the battery wear of interval t of schedule s,
// which is interval k, for park p (dispatch.IntervalWearCost, as
// dispatch.Account sums Report.WearCost) and raises the peak import of
// its calendar month in loc. It allocates only when a month begins.
func (st *sinceTotals) addWearDemand(k int, p *model.Park, s *dispatch.Schedule, t int, loc *time.Location) {
	if st.WearDemandIntervals == 0 {
		st.WearDemandFromK = k
	}
	st.WearDemandIntervals++
	st.WearCost += dispatch.IntervalWearCost(p, s, t)
	y, m, _ := s.Time(t).In(loc).Date()
	if n := len(st.Peaks); n == 0 || st.Peaks[n-1].Year != y || st.Peaks[n-1].Month != m {
		st.Peaks = append(st.Peaks, monthPeak{Year: y, Month: m, FirstK: k})
	}
	last := &st.Peaks[len(st.Peaks)-1]
	last.PeakImportKW = math.Max(last.PeakImportKW, s.ImportKW[t])
}

// wearDemandFromLedger replaces the wear and the monthly peaks of st by
// those of the settled intervals l holds from absolute interval base:
// what a state saved before they were kept starts them from.
func (st *sinceTotals) wearDemandFromLedger(l *dispatch.Schedule, base int, p *model.Park, loc *time.Location) {
	st.WearDemand, st.WearDemandIntervals, st.WearDemandFromK, st.WearCost, st.Peaks = true, 0, 0, 0, nil
	if l == nil {
		return
	}
	for t := range l.Len {
		st.addWearDemand(base+t, p, l, t, loc)
	}
}

// fromLedger are the totals of the settled intervals l holds from
// absolute interval base: what a version-1 state, which kept no totals,
// starts its totals from. Without a ledger nothing had been settled (the
// first settled interval makes one and trims never drop it), so what
// follows is counted from the first start.
func fromLedger(l *dispatch.Schedule, base int, rates moneyRates) sinceTotals {
	var st sinceTotals
	if l == nil {
		st.FirstStart, st.Money = true, true
		return st
	}
	for t := range l.Len {
		st.add(base+t, l, t)
	}
	st.moneyFromLedger(l, base, rates)
	return st
}

// moneyFromLedger replaces the money of st by that of the settled
// intervals l holds from absolute interval base: what a state that kept
// the energy and carbon but not the money (a version-2 file saved before
// it was kept) starts its money from.
func (st *sinceTotals) moneyFromLedger(l *dispatch.Schedule, base int, rates moneyRates) {
	st.Money, st.MoneyIntervals, st.MoneyFromK = true, 0, 0
	st.ImportCost, st.ExportRevenue, st.FuelCost, st.PurchasedHeatCost, st.CHPVariableOMCost = 0, 0, 0, 0, 0
	if l == nil {
		return
	}
	for t := range l.Len {
		st.addMoney(base+t, l, t, rates)
	}
}

// sinceTolKW is how far below zero a settled flow may be, kW: the
// solver's noise that dispatch's Schedule.Check tolerates (its checkTolKW)
// and addToLedger sums as it is.
const sinceTolKW = 1e-6

// check is an error when the totals cannot be a Controller's (a state
// file is not trusted to hold good ones): counts out of order, totals not
// finite or negative where they cannot be (beyond sinceTolKW in every
// interval of step counted).
func (st *sinceTotals) check(ledgerBase, ledgerLen int, step time.Duration) error {
	if st.Intervals < 0 || (st.Intervals > 0 && (st.FromK < 0 || st.LastK < st.FromK || st.Intervals > st.LastK-st.FromK+1)) {
		return fmt.Errorf("since-start totals: %d intervals from %d to %d are not consistent", st.Intervals, st.FromK, st.LastK)
	}
	if ledgerLen > 0 && (st.Intervals < ledgerLen || st.FromK > ledgerBase || st.LastK != ledgerBase+ledgerLen-1) {
		return fmt.Errorf("since-start totals: %d intervals from %d to %d do not cover the %d settled intervals kept from %d",
			st.Intervals, st.FromK, st.LastK, ledgerLen, ledgerBase)
	}
	if st.Money && (st.MoneyIntervals < 0 || st.MoneyIntervals > st.Intervals ||
		(st.MoneyIntervals > 0 && (st.MoneyFromK < st.FromK || st.MoneyIntervals > st.LastK-st.MoneyFromK+1)) ||
		(ledgerLen > 0 && (st.MoneyIntervals < ledgerLen || st.MoneyFromK > ledgerBase))) {
		return fmt.Errorf("since-start totals: money over %d intervals from %d is not consistent with %d intervals from %d to %d",
			st.MoneyIntervals, st.MoneyFromK, st.Intervals, st.FromK, st.LastK)
	}
	if err := st.checkWearDemand(ledgerBase, ledgerLen); err != nil {
		return err
	}
	tolKWh := sinceTolKW * float64(st.Intervals) * step.Hours()
	for _, v := range []float64{st.LoadKWh, st.UnservedKWh, st.ImportKWh, st.ExportKWh, st.PVKWh, st.WindKWh, st.CurtailedKWh,
		st.ChargeKWh, st.DischargeKWh, st.HeatLoadKWhTh, st.UnservedHeatKWhTh, st.FuelKWhLHV, st.CHPDumpedKWhTh} {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < -tolKWh {
			return fmt.Errorf("since-start totals: an energy total of %v kWh", v)
		}
	}
	// Carbon may be negative (an accounting factor below zero, a fuel
	// that stores carbon), never NaN or infinite.
	for _, v := range []float64{st.GridKgCO2e, st.FuelKgCO2e, st.PurchasedHeatKgCO2e} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("since-start totals: a carbon total of %v kgCO2e", v)
		}
	}
	// Money may be negative too (prices below zero), never NaN or
	// infinite.
	for _, v := range []float64{st.ImportCost, st.ExportRevenue, st.FuelCost, st.PurchasedHeatCost, st.CHPVariableOMCost} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("since-start totals: a money total of %v", v)
		}
	}
	return nil
}

// checkWearDemand is check of the wear and the monthly peaks.
func (st *sinceTotals) checkWearDemand(ledgerBase, ledgerLen int) error {
	if !st.WearDemand {
		return nil
	}
	if st.WearDemandIntervals < 0 || st.WearDemandIntervals > st.Intervals ||
		(st.WearDemandIntervals > 0 && (st.WearDemandFromK < st.FromK || st.WearDemandIntervals > st.LastK-st.WearDemandFromK+1)) ||
		(ledgerLen > 0 && (st.WearDemandIntervals < ledgerLen || st.WearDemandFromK > ledgerBase)) {
		return fmt.Errorf("since-start totals: wear and demand over %d intervals from %d are not consistent with %d intervals from %d to %d",
			st.WearDemandIntervals, st.WearDemandFromK, st.Intervals, st.FromK, st.LastK)
	}
	if math.IsNaN(st.WearCost) || math.IsInf(st.WearCost, 0) {
		return fmt.Errorf("since-start totals: a wear cost of %v", st.WearCost)
	}
	if (st.WearDemandIntervals > 0) != (len(st.Peaks) > 0) {
		return fmt.Errorf("since-start totals: %d monthly peaks over %d intervals", len(st.Peaks), st.WearDemandIntervals)
	}
	for i, mp := range st.Peaks {
		if mp.FirstK < st.WearDemandFromK || mp.FirstK > st.LastK || (i > 0 && (mp.FirstK <= st.Peaks[i-1].FirstK ||
			mp.Year*12+int(mp.Month) <= st.Peaks[i-1].Year*12+int(st.Peaks[i-1].Month))) || mp.Month < time.January || mp.Month > time.December {
			return fmt.Errorf("since-start totals: the peak of %04d-%02d from interval %d is out of order", mp.Year, int(mp.Month), mp.FirstK)
		}
		if math.IsNaN(mp.PeakImportKW) || math.IsInf(mp.PeakImportKW, 0) || mp.PeakImportKW < -sinceTolKW {
			return fmt.Errorf("since-start totals: a peak import of %v kW in %04d-%02d", mp.PeakImportKW, mp.Year, int(mp.Month))
		}
	}
	return nil
}

// SinceStart are the totals of every interval settled since the
// Controller's first start, kept through the trims of its history and
// saved with its state: the ledger's additive quantities (energy, carbon,
// offsets needed), each summed as its interval settled. The ledger
// ([Controller.Ledger]) covers the settled intervals kept, a rolling
// window (Config.History, trimmed by whole weeks), whose "to date" figures
// fall when a trim drops weeks; these do not. Ratios (renewable share,
// clean share, self-sufficiency) and the stage are not here: they judge a
// period, and the window stays their basis. Neither are the baseline and
// the storage adjustment. The money is: the energy cost and export
// revenue, summed as the window's Report.EnergyCost is, the battery wear
// (Report.WearCost) and the demand charge (Report.DemandChargeCost),
// which is not a sum but each month's peak import priced: the state
// keeps the peak of every month seen.
type SinceStart struct {
	// From is the start of the first interval counted: the first settled
	// after the first start, or, when SinceFirstStart is false (a state
	// saved by an older build, which kept no totals, was loaded), the
	// first settled interval that state held. LastInterval is the start
	// of the last interval counted, To its end.
	From            time.Time `json:"from"`
	LastInterval    time.Time `json:"last_interval"`
	To              time.Time `json:"to"`
	SinceFirstStart bool      `json:"since_first_start"`
	// SettledIntervals counts the intervals counted (fewer than From to
	// To spans if the Controller once restarted past a gap).
	SettledIntervals int `json:"settled_intervals"`
	// Energy, kWh: as dispatch.EnergyKWh over the same intervals
	// (ServedKWh = LoadKWh − UnservedKWh; PV and wind net of curtailment).
	LoadKWh      float64 `json:"load_kwh"`
	ServedKWh    float64 `json:"served_kwh"`
	UnservedKWh  float64 `json:"unserved_kwh"`
	ImportKWh    float64 `json:"import_kwh"`
	ExportKWh    float64 `json:"export_kwh"`
	PVKWh        float64 `json:"pv_kwh"`
	WindKWh      float64 `json:"wind_kwh"`
	CurtailedKWh float64 `json:"curtailed_kwh"`
	ChargeKWh    float64 `json:"battery_charge_kwh"`
	DischargeKWh float64 `json:"battery_discharge_kwh"`
	// Heat is the heat side (a park with heat only).
	Heat *SinceStartHeat `json:"heat,omitempty"`
	// GridKgCO2e is the grid import's emissions (import × accounting
	// factor × Δt, per interval); ResidualKgCO2e adds the fuel and the
	// purchased heat: dispatch.Report.ResidualKgCO2e over the intervals
	// counted.
	GridKgCO2e     float64 `json:"grid_kgco2e"`
	ResidualKgCO2e float64 `json:"residual_kgco2e"`
	// OffsetsNeededTCO2e = max(ResidualKgCO2e/1000 − offsets held, 0),
	// the offsets held being Config.Dispatch.Ledger's, as the report
	// computes it over its period.
	OffsetsNeededTCO2e float64 `json:"offsets_needed_tco2e"`
	// Money, in the currency of the prices (the park file's, or measured),
	// over MoneySettledIntervals intervals from MoneyFrom: ImportCost =
	// Σ import × import price × Δt, ExportRevenue = Σ export × export
	// price × Δt, and EnergyCost = ImportCost − ExportRevenue plus, with
	// heat, Heat.FuelCost, Heat.PurchasedHeatCost and Heat.CHPVariableOMCost:
	// dispatch.Report.EnergyCost over those intervals. They are the
	// intervals counted above, except after loading a state saved before
	// the money was kept (an older build's), whose money counts from the
	// first settled interval it held: MoneyFrom is then later than From.
	MoneyFrom             time.Time `json:"money_from"`
	MoneySettledIntervals int       `json:"money_settled_intervals"`
	ImportCost            float64   `json:"import_cost"`
	ExportRevenue         float64   `json:"export_revenue"`
	EnergyCost            float64   `json:"energy_cost"`
	// The battery wear and the demand charge, over
	// WearDemandSettledIntervals intervals from WearDemandFrom (the
	// intervals counted above, except after loading a state saved before
	// they were kept, as MoneyFrom). WearCost = Σ wear cost per kWh ×
	// (charge + discharge) × Δt: dispatch.Report.WearCost.
	// DemandChargeCost = Σ over the calendar months seen of the demand
	// charge (per kW-month) × the month's highest import so far × the
	// share of the month those intervals cover, as
	// dispatch.Report.DemandChargeCost prices a period ending at To; the
	// current month's charge still grows, with its peak and with its
	// share, until the month ends. MonthlyPeakImportKW lists the months
	// (only when the park has a demand charge). OperatingCost =
	// EnergyCost + DemandChargeCost + WearCost, the operating cost the
	// results price (no offsets, no certificates).
	WearDemandFrom             time.Time            `json:"wear_demand_from"`
	WearDemandSettledIntervals int                  `json:"wear_demand_settled_intervals"`
	WearCost                   float64              `json:"wear_cost"`
	DemandChargeCost           float64              `json:"demand_charge_cost"`
	MonthlyPeakImportKW        []dispatch.MonthPeak `json:"monthly_peak_import_kw,omitempty"`
	OperatingCost              float64              `json:"operating_cost"`
}

// SinceStartHeat is the heat side of [SinceStart].
type SinceStartHeat struct {
	LoadKWhTh           float64 `json:"heat_load_kwh_th"`
	UnservedKWhTh       float64 `json:"unserved_heat_kwh_th"`
	FuelKWhLHV          float64 `json:"fuel_kwh_lhv"`
	FuelKgCO2e          float64 `json:"fuel_kgco2e"`
	PurchasedHeatKgCO2e float64 `json:"purchased_heat_kgco2e"`
	// FuelCost is the fuel burnt at its price, PurchasedHeatCost the heat
	// bought at its price, over the intervals of SinceStart's money.
	FuelCost          float64 `json:"fuel_cost"`
	PurchasedHeatCost float64 `json:"purchased_heat_cost"`
	// CHPVariableOMCost is each CHP unit's electricity × its variable
	// O&M (model.CHP.VariableOMPerKWh), as dispatch.HeatReport's; omitted
	// when 0.
	CHPVariableOMCost float64 `json:"chp_variable_om_cost,omitempty"`
	// CHPDumpedKWhTh is the heat the CHP units' heat dumps rejected, as
	// dispatch.HeatReport's (made, its fuel counted, not delivered);
	// omitted when 0.
	CHPDumpedKWhTh float64 `json:"chp_dumped_kwh_th,omitempty"`
}

// SinceStart is the totals of every interval settled since the first
// start ([SinceStart]); ErrNothingSettled before any.
func (c *Controller) SinceStart() (SinceStart, error) {
	c.mu.Lock()
	st := c.since
	st.Peaks = slices.Clone(st.Peaks) // the next Step raises the last in place
	c.mu.Unlock()
	if st.Intervals == 0 {
		return SinceStart{}, ErrNothingSettled
	}
	out := SinceStart{From: c.time(st.FromK), LastInterval: c.time(st.LastK), To: c.time(st.LastK + 1),
		SinceFirstStart: st.FirstStart, SettledIntervals: st.Intervals,
		LoadKWh: st.LoadKWh, ServedKWh: st.LoadKWh - st.UnservedKWh, UnservedKWh: st.UnservedKWh, ImportKWh: st.ImportKWh,
		ExportKWh: st.ExportKWh, PVKWh: st.PVKWh, WindKWh: st.WindKWh, CurtailedKWh: st.CurtailedKWh,
		ChargeKWh: st.ChargeKWh, DischargeKWh: st.DischargeKWh, GridKgCO2e: st.GridKgCO2e,
		ResidualKgCO2e: st.GridKgCO2e + st.FuelKgCO2e + st.PurchasedHeatKgCO2e}
	out.MoneyFrom, out.MoneySettledIntervals = c.time(st.MoneyFromK), st.MoneyIntervals
	out.ImportCost, out.ExportRevenue = st.ImportCost, st.ExportRevenue
	out.EnergyCost = st.ImportCost - st.ExportRevenue
	if c.park.HasHeat() {
		out.Heat = &SinceStartHeat{LoadKWhTh: st.HeatLoadKWhTh, UnservedKWhTh: st.UnservedHeatKWhTh, FuelKWhLHV: st.FuelKWhLHV,
			FuelKgCO2e: st.FuelKgCO2e, PurchasedHeatKgCO2e: st.PurchasedHeatKgCO2e,
			FuelCost: st.FuelCost, PurchasedHeatCost: st.PurchasedHeatCost, CHPVariableOMCost: st.CHPVariableOMCost,
			CHPDumpedKWhTh: st.CHPDumpedKWhTh}
		out.EnergyCost += st.FuelCost + st.PurchasedHeatCost + st.CHPVariableOMCost
	}
	out.WearDemandFrom, out.WearDemandSettledIntervals, out.WearCost = c.time(st.WearDemandFromK), st.WearDemandIntervals, st.WearCost
	if rate := c.park.Grid.DemandChargePerKWMonth; rate > 0 && st.WearDemandIntervals > 0 {
		from, n := out.WearDemandFrom, st.LastK-st.WearDemandFromK+1
		out.MonthlyPeakImportKW = make([]dispatch.MonthPeak, 0, len(st.Peaks))
		for _, mp := range st.Peaks {
			m := dispatch.MonthPeakOf(c.time(mp.FirstK), mp.PeakImportKW, rate, from, c.cfg.Step, n)
			out.MonthlyPeakImportKW = append(out.MonthlyPeakImportKW, m)
			out.DemandChargeCost += m.Charge
		}
	}
	out.OperatingCost = out.EnergyCost + out.DemandChargeCost + out.WearCost
	out.OffsetsNeededTCO2e = math.Max(out.ResidualKgCO2e/1000-c.cfg.Dispatch.Ledger.OffsetsHeldTCO2e, 0)
	return out, nil
}

// moneyRates are the park's prices sinceTotals.addMoney needs beside the
// schedule's own: each fuel boiler's, then each CHP unit's fuel price per
// kWh of LHV (dispatch.ResolveFuels' order, as dispatch.Account prices
// them), and each CHP unit's variable O&M per kWh of electricity.
type moneyRates struct {
	fuelPricePerKWhLHV, chpVOMPerKWh []float64
}
