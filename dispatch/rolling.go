package dispatch

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Rolling is the rolling horizon one interval at a time: the body of
// [Run]'s loop, exported so that an energy-management system steps through
// the same code as a simulated period (package live drives it from
// measurements). Every interval t:
//
//   - [Rolling.Plan] plans [t, t+H) from data: every series with a
//     forecaster in Config.Forecasts is forecast from data's values of
//     [0, t), its history; the others (prices, the accounting factor, and
//     every series without a forecaster) are read from data's values of
//     [t, t+H), the values known ahead — a tariff, a provided forecast, or
//     the actual values under perfect information.
//   - [Rolling.Settle] commits interval t of that plan against data's
//     values of interval t, what was measured (the rules are settle's, see
//     Run and the package documentation), and carries the batteries'
//     states of charge and the month's running peak import to t+1.
//
// data is a [model.Profiles] at the Rolling's step whose index 0 is the
// start of the history the forecasters see: Run passes its whole period, a
// controller its measured history followed by the values known ahead.
// Plan needs every series of data to cover [t, t+H) (or to end where the
// study ends, see [Rolling.SetEnd]); values of forecast series at t and
// after are never read by Plan.
//
// A Rolling keeps one [Dispatcher], so every Plan after the first
// hot-starts, and the forecasters, whose state follows the history they
// are given. Plan and Settle do not allocate. A Rolling is not safe for
// concurrent use.
type Rolling struct {
	park *model.Park
	cfg  Config
	d    *Dispatcher
	fc   *forecaster
	st   State
	view profileView
	// plan is the plan of the interval starting at planned, not yet
	// settled (nil when none is pending).
	plan    *Plan
	planned time.Time
	one     *Schedule // the interval being settled
	sc      *settleScratch
	// hold is the Rolling's hold (Acquire) on its forecast set until
	// Close: cfg.Forecasts, or the set of the last SetForecasts; the zero
	// hold once closed (or without a set).
	hold model.ForecastHold
	// end is the end of the study period (zero: none); where a window
	// reaches it the window stops there and stored energy is valued at
	// endValues (see SetEnd).
	end       time.Time
	endValues []float64
}

// NewRolling makes the rolling horizon of park p at the given step, with
// cfg's horizon, objective and forecasters (cfg.Forecasts; nil is perfect
// information: every series is read ahead from the data). The horizon is
// checked as by [New]. The state of charge starts at the park's initial
// state ([InitialState]). The Rolling holds cfg.Forecasts until Close
// ([model.ForecastSet.Acquire]): a set another run holds is refused
// (ErrConfig), as its forecasters keep state.
func NewRolling(p *model.Park, step time.Duration, cfg Config) (*Rolling, error) {
	h, err := checkRolling(p, step, cfg)
	if err != nil {
		return nil, err
	}
	return newRolling(p, step, h, cfg)
}

// newRolling makes a Rolling of h steps; the caller has checked the
// config, the park and the sizes.
func newRolling(p *model.Park, step time.Duration, h int, cfg Config) (_ *Rolling, err error) {
	hold, err := acquireForecasts(cfg.Forecasts)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			hold.Release()
		}
	}()
	fc, err := newForecaster(p, cfg.Forecasts, h)
	if err != nil {
		return nil, err
	}
	d, err := newDispatcher(p, step, h, cfg)
	if err != nil {
		return nil, err
	}
	one := newSchedule(p, 1)
	one.Step = step
	return &Rolling{park: p, cfg: cfg, d: d, fc: fc, hold: hold, st: InitialState(p), one: one, sc: newSettleScratch(p)}, nil
}

// acquireForecasts takes fs for one run ([model.ForecastSet.Acquire]),
// refusing a set another run holds: its forecasters keep state, and two
// runs planning with them at once would race and both plan with wrong
// forecasts.
func acquireForecasts(fs *model.ForecastSet) (model.ForecastHold, error) {
	if h, ok := fs.Acquire(); ok {
		return h, nil
	}
	return model.ForecastHold{}, fmt.Errorf("%w: Forecasts: this set of forecasters is in use by another run (a Run, or a Rolling not yet closed): "+
		"forecasters keep state, so runs at once need a set each (scenario.Scenario.ForecastSet, forecast.DefaultSet)", ErrConfig)
}

// Close releases the solver instance and the forecasters (another run may
// then use them). Close twice is harmless to the forecasters.
func (r *Rolling) Close() error {
	r.hold.Release()
	r.hold = model.ForecastHold{}
	return r.d.Close()
}

// Horizon is the number of steps each plan covers.
func (r *Rolling) Horizon() int { return r.d.Horizon() }

// Step is the length of an interval.
func (r *Rolling) Step() time.Duration { return r.d.step }

// SetEnd says where the study period ends, for replaying a finished
// period exactly as [Run] does: a window that reaches end stops there, and
// the energy left in each battery (and thermal store) at end is valued at
// endValues (per battery, then per thermal store, in the objective's
// units: see [StudyEndValues]) instead of the horizon's terminal value.
// The study period is then [data.Start, end), data being the profiles of
// the first Plan after SetEnd (a controller that later drops the oldest
// weeks of its history does not move it), and the demand charge of a
// month it covers in part is prorated on the month's share, as the ledger
// prorates it ([MonthShare]). A zero end (the default) means no end: every
// window covers the whole horizon and every month is charged in full, as
// in live operation.
func (r *Rolling) SetEnd(end time.Time, endValues []float64) error {
	if end.IsZero() {
		r.end, r.endValues = time.Time{}, nil
		r.d.periodStart, r.d.periodLen = time.Time{}, 0 // set by the next Plan
		return nil
	}
	nBat, nTS := len(r.park.Batteries), len(r.park.ThermalStorage)
	if len(endValues) != nBat+nTS {
		return fmt.Errorf("%w: %d end values for %d batteries and %d thermal stores", ErrInput, len(endValues), nBat, nTS)
	}
	for b, v := range endValues {
		if !goodSignal(v) {
			name := ""
			if b < nBat {
				name = "battery " + model.Quote(r.park.Batteries[b].Name)
			} else {
				name = "thermal store " + model.Quote(r.park.ThermalStorage[b-nBat].Name)
			}
			return fmt.Errorf("%w: %s: end value %s: not a finite number within %s", ErrInput, name, model.Num(v), model.Num(maxSignal))
		}
	}
	r.end, r.endValues = end, append([]float64(nil), endValues...)
	r.d.periodStart, r.d.periodLen = time.Time{}, 0 // set by the next Plan
	return nil
}

// StudyEndValues is the value of a kWh left in each battery (then of a
// kWh_th in each thermal store, see [EndValues]) where a window ends the
// study period of prof, in the units of cfg's objective:
// under CarbonFirst the ledger's storage value (kgCO2e per kWh, η_dis ×
// the period's mean accounting factor by default); under Cost η_dis × the
// period's mean import price (negative prices as 0) plus the carbon price ×
// that storage value (currency per kWh). [Run] and [PerfectForesight] use
// it; give it to [Rolling.SetEnd] to replay a period as Run does.
func StudyEndValues(p *model.Park, prof *model.Profiles, cfg Config) []float64 {
	return studyEndValues(p, prof, &cfg)
}

// State is the state the next interval starts from: each battery's state
// of charge (kWh), each thermal store's content (kWh_th) and the month's
// running peak import (kW). The slices are copies.
func (r *Rolling) State() State {
	st := State{SoCKWh: append([]float64(nil), r.st.SoCKWh...), MonthPeakImportKW: r.st.MonthPeakImportKW}
	if r.st.HeatSoCKWhTh != nil {
		st.HeatSoCKWhTh = append([]float64(nil), r.st.HeatSoCKWhTh...)
	}
	return st
}

// SetState replaces the state the next interval starts from, for instance
// with a state of charge measured by the battery management system. A
// state of charge that cannot be a reading of its battery is refused as
// [Dispatcher.Step] refuses it; one slightly outside [0, energy] is taken
// as the bound it passes (an empty store holds no less than nothing), and
// one between those and [min, max] is kept (Step clamps and counts it
// when it plans).
func (r *Rolling) SetState(s State) error {
	if len(s.SoCKWh) != len(r.park.Batteries) {
		return fmt.Errorf("%w: state has %d states of charge, park has %d batteries", ErrInput, len(s.SoCKWh), len(r.park.Batteries))
	}
	for b, v := range s.SoCKWh {
		if err := checkSoC(r.park.Batteries[b], v); err != nil {
			return err
		}
	}
	if err := checkHeatState(r.park, s.HeatSoCKWhTh); err != nil {
		return err
	}
	if v := s.MonthPeakImportKW; !(v >= 0 && v <= maxPowerOrEnergy) {
		return fmt.Errorf("%w: month_peak_import_kw = %s: must be in [0, %s]", ErrInput, model.Num(v), model.Num(maxPowerOrEnergy))
	}
	for b, v := range s.SoCKWh {
		r.st.SoCKWh[b] = storable(v, r.park.Batteries[b].EnergyKWh)
	}
	for k, v := range s.HeatSoCKWhTh {
		r.st.HeatSoCKWhTh[k] = storable(v, r.park.ThermalStorage[k].EnergyKWhTh)
	}
	r.st.MonthPeakImportKW = s.MonthPeakImportKW
	return nil
}

// storable is a store's measured content v (a battery's kWh, a thermal
// store's kWh_th) as the dispatch takes it: within [0, energy]. The checks
// accept a reading up to 5 % of the energy outside (a meter's error); an
// empty store holds no less than nothing, so a reading of −10 kWh is a
// state of 0, not a store that owes energy (QA, December 2026: the live
// controller settled at −10 kWh, and self-discharge then made it gain).
// A NaN (a store not measured) stays NaN.
func storable(v, energy float64) float64 {
	if math.IsNaN(v) {
		return v
	}
	return math.Min(math.Max(v, 0), energy)
}

// SetMeasuredSoC gives the states of charge (kWh, per battery; NaN: not
// measured) the battery management system measured at the end of the
// interval the next [Rolling.Settle] or [Rolling.Skip] commits. That
// commit takes a measured battery's flows from its measurement — the
// setpoints if they reach it, else the charge or discharge that does,
// within the battery's power limits — and balances the surprises with the
// grid and the other batteries, so that the settled flows agree with the
// meter. Only power nothing else can take or give moves a measured
// battery's flows: a discharge beyond what the load, the other
// batteries, export within its limit and curtailment take, or a charge
// beyond what the renewables, the other batteries and import within its
// limit supply (a measured battery never leaves load unserved: its
// charge gives way first). What the flows cannot explain is left to the
// next interval's start (a measured state given to [Rolling.SetState]), and
// [Account] counts it as EnergyKWh.SoCCorrection, not as losses. The
// states are used once. A state that cannot be a reading of its battery
// is refused as SetState refuses it, and one slightly outside [0,
// energy] is taken as the bound it passes, as SetState takes it.
func (r *Rolling) SetMeasuredSoC(endSoCKWh []float64) error {
	return setMeasured(r.sc.endSoCKWh, endSoCKWh, "states of charge", "batteries",
		func(b int, v float64) error { return checkSoC(r.park.Batteries[b], v) },
		func(b int) float64 { return r.park.Batteries[b].EnergyKWh })
}

// SetMeasuredHeatSoC is [Rolling.SetMeasuredSoC] for the thermal stores:
// their contents (kWh_th, per store; NaN: not measured) at the end of the
// interval the next Settle or Skip commits. A measured store keeps its
// setpoints if they reach its content, else gets the charge or discharge
// that does within its power limits, and is left out of the heat
// balance's levers (the heat sources meet the rest; only heat nothing
// else can give or take moves its flows, and a charge beyond its setpoint
// gives way before any heat goes unserved); what its flows cannot explain
// is HeatReport.StoreCorrectionKWhTh, not standing losses. Used once; a
// content that cannot be a reading of its store is refused as SetState
// refuses it.
func (r *Rolling) SetMeasuredHeatSoC(endKWhTh []float64) error {
	return setMeasured(r.sc.endHeatSoCKWhTh, endKWhTh, "thermal store contents", "thermal stores",
		func(k int, v float64) error { return CheckHeatSoC(r.park.ThermalStorage[k], v) },
		func(k int) float64 { return r.park.ThermalStorage[k].EnergyKWhTh })
}

// setMeasured checks measured end states vals (NaN: not measured; one
// per store of the park, whose scratch is dst) with check and keeps them
// in dst within [0, energy(i)] ([storable]), or leaves dst as it was.
func setMeasured(dst, vals []float64, what, stores string, check func(i int, v float64) error, energy func(i int) float64) error {
	if len(vals) != len(dst) {
		return fmt.Errorf("%w: %d measured %s, park has %d %s", ErrInput, len(vals), what, len(dst), stores)
	}
	for i, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		if err := check(i, v); err != nil {
			return err
		}
	}
	for i, v := range vals {
		dst[i] = storable(v, energy(i))
	}
	return nil
}

// Pending is the start of the interval planned and not yet settled, and
// whether there is one.
func (r *Rolling) Pending() (time.Time, bool) { return r.planned, r.plan != nil }

// Plan plans the window starting at interval t of data (see [Rolling]) and
// returns the plan, owned by the Rolling and valid until the next Plan
// (clone it to keep it). Interval 0 of the plan is the one to commit; it
// is settled by [Rolling.Settle].
func (r *Rolling) Plan(data *model.Profiles, t int) (*Plan, error) {
	end, err := r.window(data, t)
	if err != nil {
		return nil, err
	}
	r.view.set(data, t, end)
	r.d.endValue = nil
	if !r.end.IsZero() && data.Start.Add(time.Duration(end)*data.Step).Equal(r.end) {
		r.d.endValue = r.endValues
	}
	// With a study end the study period is [data.Start, end) of the first
	// Plan since SetEnd: its months are charged on their share, as the
	// ledger charges them. It is fixed then, not taken from each Plan's
	// data, whose start moves when a controller trims its history. Unset
	// it is 0 intervals; set, at least 1 (window refuses a Plan at or past
	// the end).
	if !r.end.IsZero() && r.d.periodLen == 0 {
		r.d.periodStart, r.d.periodLen = data.Start, int(r.end.Sub(data.Start)/data.Step)
	}
	if r.fc != nil {
		r.fc.apply(&r.view, data, t, end-t)
	}
	plan, err := r.d.Step(r.st, &r.view.p)
	if err != nil {
		r.plan = nil
		return nil, err
	}
	r.plan, r.planned = plan, data.Start.Add(time.Duration(t)*data.Step)
	return plan, nil
}

// window is the end of the window starting at t: t+H, cut at the end of
// the study; it checks that data covers it.
func (r *Rolling) window(data *model.Profiles, t int) (int, error) {
	p := r.park
	if data == nil || data.Step != r.d.step {
		return 0, fmt.Errorf("%w: data is nil or not at the step %v", ErrInput, r.d.step)
	}
	if len(data.LoadKW) != len(p.Loads) || len(data.PVAvailKW) != len(p.PV) || len(data.WindAvailKW) != len(p.Wind) {
		return 0, fmt.Errorf("%w: data do not match the park's assets", ErrInput)
	}
	if err := checkHeatShape(p, data, "data"); err != nil {
		return 0, err
	}
	end := t + r.d.Horizon()
	if !r.end.IsZero() {
		e := r.end.Sub(data.Start)
		if e%data.Step != 0 {
			return 0, fmt.Errorf("%w: the study end %s is not on the data's time grid", ErrInput, r.end.Format(time.RFC3339))
		}
		end = min(end, int(e/data.Step))
	}
	if t < 0 || t >= end {
		return 0, fmt.Errorf("%w: interval %d is outside the data or past the study end", ErrInput, t)
	}
	end = min(end, data.Len)
	if t >= end {
		return 0, fmt.Errorf("%w: interval %d: the data have %d intervals", ErrInput, t, data.Len)
	}
	// Each series must reach end (prices may be nil: 0; the accounting
	// factor nil: the dispatch signal).
	short := func(v []float64, nilOK bool) bool { return (v != nil || !nilOK) && len(v) < end }
	bad := short(data.DispatchKgCO2ePerKWh, false) || short(data.AccountingKgCO2ePerKWh, true) ||
		short(data.ImportPricePerKWh, true) || short(data.ExportPricePerKWh, true)
	for _, rows := range [][][]float64{data.LoadKW, data.PVAvailKW, data.WindAvailKW,
		data.HeatLoadKWTh, data.HeatPumpCOP, data.PurchasedHeatKgCO2ePerKWhTh, data.PurchasedHeatPricePerKWhTh} {
		for _, v := range rows {
			bad = bad || short(v, false)
		}
	}
	if bad {
		return 0, fmt.Errorf("%w: a series of the data ends before interval %d", ErrInput, end)
	}
	return end, nil
}

// ScoreForecasts records the errors of the forecasts the last Plan (made
// at t) used, at leads 1 … leads, against actual's values of [t, t+leads)
// (Report.Forecasts, [Rolling.Forecasts]). Run scores every lead at once
// from the actual period; a controller, which learns the actual values
// one interval at a time, scores lead 1 when it settles.
func (r *Rolling) ScoreForecasts(actual *model.Profiles, t, leads int) {
	if r.fc != nil {
		r.fc.score(actual, t, leads)
	}
}

// Forecasts reports how each forecaster did so far (nil without
// forecasters).
func (r *Rolling) Forecasts() []SeriesForecast {
	if r.fc == nil {
		return nil
	}
	return r.fc.report()
}

// ForecastsToLead is [Rolling.Forecasts] with each series' PerLead cut to
// its first maxLeads leads (Overall still over all of them), built
// without the rest: a controller's metrics read lead 1 at every scrape,
// where the full report of 96 leads × 12 series took 2,400 allocations
// (QA E, session 39).
func (r *Rolling) ForecastsToLead(maxLeads int) []SeriesForecast {
	if r.fc == nil {
		return nil
	}
	return r.fc.reportLeads(max(maxLeads, 0))
}

// Settle commits the pending plan's interval 0, which must be interval t
// of data, against data's values of interval t (load, availability,
// signals and prices as they happened), and carries the state of charge
// and the month's peak import forward. It returns the settled interval (a
// schedule of one interval, owned by the Rolling and valid until the next
// Settle). The values of interval t are checked as Run checks its
// profiles ([ValueError]).
func (r *Rolling) Settle(data *model.Profiles, t int) (*Schedule, error) {
	if r.plan == nil {
		return nil, fmt.Errorf("%w: nothing planned to settle", ErrInput)
	}
	if data == nil || data.Step != r.d.step || t < 0 || t >= data.Len || !data.Start.Add(time.Duration(t)*data.Step).Equal(r.planned) {
		return nil, fmt.Errorf("%w: interval %d of the data is not the one planned (%s)", ErrInput, t, r.planned.Format(time.RFC3339))
	}
	one := r.one
	if err := one.takeInputs(r.park, data, t); err != nil {
		return nil, err
	}
	copy(one.InitialSoCKWh, r.st.SoCKWh)
	copy(one.InitialHeatSoCKWhTh, r.st.HeatSoCKWhTh)
	settle(r.park, one, 0, r.plan, r.sc)
	r.sc.forgetMeasured() // the measured end states are used once
	r.plan = nil
	r.carry(one)
	return one, nil
}

// carry sets the state after the settled interval one.
func (r *Rolling) carry(one *Schedule) {
	for b := range r.st.SoCKWh {
		r.st.SoCKWh[b] = one.SoCKWh[b][0]
	}
	for k := range r.st.HeatSoCKWhTh {
		r.st.HeatSoCKWhTh[k] = one.HeatSoCKWhTh[k][0]
	}
	if r.park.Grid.DemandChargePerKWMonth > 0 {
		// The running peak of the month of the next interval, as settled.
		r.st.MonthPeakImportKW = math.Max(r.st.MonthPeakImportKW, one.ImportKW[0])
		if y, m, _ := one.Time(1).Date(); y != one.Start.Year() || m != one.Start.Month() {
			r.st.MonthPeakImportKW = 0
		}
	}
}

// takeInputs sets the schedule of one interval to interval t of data,
// checking its values.
func (s *Schedule) takeInputs(p *model.Park, data *model.Profiles, t int) error {
	s.Start, s.Step = data.Start.Add(time.Duration(t)*data.Step), data.Step
	at := func(v []float64, nilValue float64) float64 {
		if v == nil {
			return nilValue
		}
		return v[t]
	}
	s.LoadKW[0] = data.TotalLoadKW(t)
	for i := range s.PVAvailKW {
		s.PVAvailKW[i][0] = data.PVAvailKW[i][t]
	}
	for j := range s.WindAvailKW {
		s.WindAvailKW[j][0] = data.WindAvailKW[j][t]
	}
	s.DispatchKgCO2ePerKWh[0] = data.DispatchKgCO2ePerKWh[t]
	s.AccountingKgCO2ePerKWh[0] = at(data.AccountingKgCO2ePerKWh, s.DispatchKgCO2ePerKWh[0])
	s.ImportPricePerKWh[0] = at(data.ImportPricePerKWh, 0)
	s.ExportPricePerKWh[0] = at(data.ExportPricePerKWh, 0)
	if s.HeatLoadKWTh != nil {
		s.HeatLoadKWTh[0] = data.TotalHeatLoadKWTh(t)
		for j := range s.HeatPumpCOP {
			s.HeatPumpCOP[j][0] = data.HeatPumpCOP[j][t]
		}
		for k := range s.PurchasedHeatKWTh {
			s.PurchasedHeatKgCO2ePerKWhTh[k][0] = data.PurchasedHeatKgCO2ePerKWhTh[k][t]
			s.PurchasedHeatPricePerKWhTh[k][0] = data.PurchasedHeatPricePerKWhTh[k][t]
		}
	}
	return checkInterval(p, data, t)
}

// checkInterval checks interval t of data as checkProfiles checks a
// period (a nil accounting factor is the dispatch signal).
func checkInterval(p *model.Park, data *model.Profiles, t int) error {
	d := *data
	if d.AccountingKgCO2ePerKWh == nil {
		d.AccountingKgCO2ePerKWh = d.DispatchKgCO2ePerKWh
	}
	return checkValues(p, &d, t, t+1)
}

// setRow copies interval j of o into interval t of s (same park).
func (s *Schedule) setRow(t int, o *Schedule, j int) {
	s.LoadKW[t] = o.LoadKW[j]
	for i := range s.PVKW {
		s.PVAvailKW[i][t], s.PVKW[i][t] = o.PVAvailKW[i][j], o.PVKW[i][j]
	}
	for i := range s.WindKW {
		s.WindAvailKW[i][t], s.WindKW[i][t] = o.WindAvailKW[i][j], o.WindKW[i][j]
	}
	for b := range s.ChargeKW {
		s.ChargeKW[b][t], s.DischargeKW[b][t], s.SoCKWh[b][t] = o.ChargeKW[b][j], o.DischargeKW[b][j], o.SoCKWh[b][j]
	}
	s.ImportKW[t], s.ExportKW[t], s.UnservedKW[t], s.CurtailedKW[t] = o.ImportKW[j], o.ExportKW[j], o.UnservedKW[j], o.CurtailedKW[j]
	s.DispatchKgCO2ePerKWh[t], s.AccountingKgCO2ePerKWh[t] = o.DispatchKgCO2ePerKWh[j], o.AccountingKgCO2ePerKWh[j]
	s.ImportPricePerKWh[t], s.ExportPricePerKWh[t] = o.ImportPricePerKWh[j], o.ExportPricePerKWh[j]
	s.EmissionsKgCO2e[t] = o.EmissionsKgCO2e[j]
	if s.HeatLoadKWTh == nil {
		return
	}
	s.HeatLoadKWTh[t], s.UnservedHeatKWTh[t] = o.HeatLoadKWTh[j], o.UnservedHeatKWTh[j]
	s.FuelKgCO2e[t], s.PurchasedHeatKgCO2e[t] = o.FuelKgCO2e[j], o.PurchasedHeatKgCO2e[j]
	src := o.heatTables()
	for q, vs := range s.heatTables() {
		for i := range vs {
			vs[i][t] = src[q][i][j]
		}
	}
}

// Skip settles interval t of data without a plan, for an interval the
// controller did not plan (it was down): the batteries idle (only
// self-discharge), PV and wind serve the load, a surplus is exported up
// to the limit and the rest curtailed, a deficit is imported up to the
// limit and the rest unserved. The state is carried as by Settle. A plan
// still pending is an error: settle it first.
func (r *Rolling) Skip(data *model.Profiles, t int) (*Schedule, error) {
	if r.plan != nil {
		return nil, fmt.Errorf("%w: the interval at %s is planned and not settled", ErrInput, r.planned.Format(time.RFC3339))
	}
	if data == nil || data.Step != r.d.step || t < 0 || t >= data.Len {
		return nil, fmt.Errorf("%w: interval %d is not in the data", ErrInput, t)
	}
	one := r.one
	if err := one.takeInputs(r.park, data, t); err != nil {
		return nil, err
	}
	copy(one.InitialSoCKWh, r.st.SoCKWh)
	copy(one.InitialHeatSoCKWhTh, r.st.HeatSoCKWhTh)
	settleIdle(r.park, one, 0, r.sc)
	r.sc.forgetMeasured() // the measured end states are used once
	r.carry(one)
	return one, nil
}

// SetForecasts replaces the forecasters (a controller rebuilds them when
// their exogenous inputs, such as the clear-sky series, run out): fs must
// have a forecaster exactly where the Rolling's set had one. The errors
// recorded so far are kept. The Rolling takes fs as NewRolling takes
// cfg.Forecasts (a set another run holds is refused, ErrConfig) and
// releases the set it held. A closed Rolling takes none (ErrConfig): no
// Close would come to release it.
func (r *Rolling) SetForecasts(fs *model.ForecastSet) error {
	if r.fc == nil {
		if fs == nil {
			return nil
		}
		return fmt.Errorf("%w: the Rolling was made without forecasters", ErrConfig)
	}
	if r.hold.Set() == nil { // with forecasters, a Rolling holds a set until Close
		return fmt.Errorf("%w: SetForecasts on a closed Rolling", ErrConfig)
	}
	if fs == r.hold.Set() { // the set the Rolling holds is its own already
		return r.setForecasts(fs)
	}
	h, err := acquireForecasts(fs)
	if err != nil {
		return err
	}
	if err := r.setForecasts(fs); err != nil {
		h.Release()
		return err
	}
	r.hold.Release()
	r.hold = h
	return nil
}

func (r *Rolling) setForecasts(fs *model.ForecastSet) error {
	fresh, err := newForecaster(r.park, fs, 1)
	if err != nil {
		return err
	}
	if fresh == nil || len(fresh.series) != len(r.fc.series) {
		return fmt.Errorf("%w: the new forecasters do not cover the same series", ErrConfig)
	}
	for k, s := range fresh.series {
		if s.name != r.fc.series[k].name {
			return fmt.Errorf("%w: the new forecasters do not cover the same series (%s for %s)", ErrConfig, s.name, r.fc.series[k].name)
		}
	}
	for k, s := range fresh.series {
		r.fc.series[k].f = s.f
	}
	return nil
}

// RollingState is what a Rolling carries from one interval to the next
// besides its solver and its forecasters' own state: enough to save a
// controller and resume it after a restart ([Rolling.Snapshot],
// [Rolling.Restore]). Every field is exported for encoding (gob or JSON).
type RollingState struct {
	// State is what the next interval starts from.
	State State
	// Pending is the plan made and not yet settled (nil: none), of the
	// interval starting at PendingStart.
	Pending      *Plan
	PendingStart time.Time
	// CarbonHighKgCO2ePerKWh is the highest good dispatch signal the
	// dispatcher has seen: the last resort of a window without one (see
	// Dispatcher.Step).
	CarbonHighKgCO2ePerKWh float64
	// Forecasts are the forecast errors recorded so far, per forecast
	// series in the order of [Rolling.Forecasts].
	Forecasts []ForecastTally
}

// ForecastTally is one forecast series' error accumulators (per lead) and
// counts, as a Rolling keeps them.
type ForecastTally struct {
	Series    string
	Stats     []model.ErrorStats
	Fallbacks int
	Clipped   int
	// Last is the forecast the last Plan used (scored when its interval
	// settles).
	Last []float64
}

// Snapshot copies the Rolling's state (see [RollingState]).
func (r *Rolling) Snapshot() RollingState {
	s := RollingState{State: r.State(), CarbonHighKgCO2ePerKWh: r.d.carbonHigh}
	if r.plan != nil {
		s.Pending, s.PendingStart = r.plan.Clone(), r.planned
	}
	if r.fc != nil {
		for _, f := range r.fc.series {
			s.Forecasts = append(s.Forecasts, ForecastTally{Series: f.name, Stats: append([]model.ErrorStats(nil), f.stats...),
				Fallbacks: f.fallbacks, Clipped: f.clipped, Last: append([]float64(nil), f.buf[:r.fc.n]...)})
		}
	}
	return s
}

// Restore sets the Rolling's state from a snapshot of a Rolling made for
// the same park, step, config and forecasters. The pending plan must fit
// the park and the horizon; forecast tallies are matched by series name
// (those of other series are ignored).
func (r *Rolling) Restore(s RollingState) error {
	if err := r.SetState(s.State); err != nil {
		return err
	}
	if !(s.CarbonHighKgCO2ePerKWh >= 0 && s.CarbonHighKgCO2ePerKWh <= maxSignal) {
		return fmt.Errorf("%w: carbon high %s: must be in [0, %s]", ErrInput, model.Num(s.CarbonHighKgCO2ePerKWh), model.Num(maxSignal))
	}
	r.plan = nil
	if s.Pending != nil {
		pl := s.Pending
		if err := pl.Validate(r.park); err != nil {
			return fmt.Errorf("pending plan: %w", err)
		}
		if pl.Len < 1 || pl.Len > r.d.Horizon() || pl.Step != r.d.step {
			return fmt.Errorf("%w: pending plan of %d intervals at step %v, want 1 to %d at %v", ErrInput, pl.Len, pl.Step, r.d.Horizon(), r.d.step)
		}
		r.plan = pl.Clone()
		r.plan.objective, r.plan.carbonPerKg = r.cfg.EffectiveObjective(), r.cfg.CarbonPricePerTCO2e/1000
		r.planned = s.PendingStart
	}
	r.d.carbonHigh = s.CarbonHighKgCO2ePerKWh
	if r.fc != nil {
		r.fc.n = 0
		for _, t := range s.Forecasts {
			for _, f := range r.fc.series {
				if f.name == t.Series {
					copy(f.stats, t.Stats)
					f.fallbacks, f.clipped = t.Fallbacks, t.Clipped
					r.fc.n = copy(f.buf, t.Last)
				}
			}
		}
	}
	return nil
}

// Clone is a deep copy of the plan, the caller's to keep (a Dispatcher
// reuses its plan on the next Step).
func (p *Plan) Clone() *Plan {
	c := *p
	c.Schedule = *p.Schedule.Clone()
	c.Repaired = append([]int(nil), p.Repaired...)
	c.SeriesNames = append([]string(nil), p.SeriesNames...)
	c.Warnings = append([]string(nil), p.Warnings...)
	c.SoCValueKgCO2ePerKWh = append([]float64(nil), p.SoCValueKgCO2ePerKWh...)
	c.SoCValuePerKWh = append([]float64(nil), p.SoCValuePerKWh...)
	if p.HeatSoCValueKgCO2ePerKWhTh != nil {
		c.HeatSoCValueKgCO2ePerKWhTh = append([]float64(nil), p.HeatSoCValueKgCO2ePerKWhTh...)
		c.HeatSoCValuePerKWhTh = append([]float64(nil), p.HeatSoCValuePerKWhTh...)
	}
	return &c
}

// Clone is a deep copy of the schedule.
func (s *Schedule) Clone() *Schedule {
	c := *s
	one := func(v []float64) []float64 {
		if v == nil {
			return nil
		}
		return append([]float64(nil), v...)
	}
	table := func(vs [][]float64) [][]float64 {
		if vs == nil {
			return nil
		}
		out := make([][]float64, len(vs))
		for i, v := range vs {
			out[i] = one(v)
		}
		return out
	}
	c.LoadKW, c.InitialSoCKWh = one(s.LoadKW), one(s.InitialSoCKWh)
	c.PVAvailKW, c.PVKW, c.WindAvailKW, c.WindKW = table(s.PVAvailKW), table(s.PVKW), table(s.WindAvailKW), table(s.WindKW)
	c.ChargeKW, c.DischargeKW, c.SoCKWh = table(s.ChargeKW), table(s.DischargeKW), table(s.SoCKWh)
	c.ImportKW, c.ExportKW, c.UnservedKW, c.CurtailedKW = one(s.ImportKW), one(s.ExportKW), one(s.UnservedKW), one(s.CurtailedKW)
	c.DispatchKgCO2ePerKWh, c.AccountingKgCO2ePerKWh = one(s.DispatchKgCO2ePerKWh), one(s.AccountingKgCO2ePerKWh)
	c.ImportPricePerKWh, c.ExportPricePerKWh = one(s.ImportPricePerKWh), one(s.ExportPricePerKWh)
	c.EmissionsKgCO2e = one(s.EmissionsKgCO2e)
	c.HeatLoadKWTh, c.UnservedHeatKWTh = one(s.HeatLoadKWTh), one(s.UnservedHeatKWTh)
	c.FuelKgCO2e, c.PurchasedHeatKgCO2e = one(s.FuelKgCO2e), one(s.PurchasedHeatKgCO2e)
	c.InitialHeatSoCKWhTh = one(s.InitialHeatSoCKWhTh)
	c.HeatPumpCOP, c.HeatPumpKWTh, c.HeatPumpKW = table(s.HeatPumpCOP), table(s.HeatPumpKWTh), table(s.HeatPumpKW)
	c.ElectricBoilerKWTh, c.ElectricBoilerKW = table(s.ElectricBoilerKWTh), table(s.ElectricBoilerKW)
	c.FuelBoilerKWTh, c.FuelBoilerFuelKW = table(s.FuelBoilerKWTh), table(s.FuelBoilerFuelKW)
	c.CHPKW, c.CHPKWTh, c.CHPFuelKW, c.CHPDumpKWTh = table(s.CHPKW), table(s.CHPKWTh), table(s.CHPFuelKW), table(s.CHPDumpKWTh)
	c.HeatChargeKWTh, c.HeatDischargeKWTh, c.HeatSoCKWhTh = table(s.HeatChargeKWTh), table(s.HeatDischargeKWTh), table(s.HeatSoCKWhTh)
	c.PurchasedHeatKWTh = table(s.PurchasedHeatKWTh)
	c.PurchasedHeatKgCO2ePerKWhTh, c.PurchasedHeatPricePerKWhTh = table(s.PurchasedHeatKgCO2ePerKWhTh), table(s.PurchasedHeatPricePerKWhTh)
	return &c
}

// CheckSoC refuses a state of charge (kWh) that cannot be a reading of
// battery bat: outside [0, energy] by more than 5 % of the energy, NaN or
// infinite (a wrong unit or a failed reading). One within that margin but
// outside [min, max] is a reading that [Dispatcher.Step] clamps and
// counts. The error unwraps to [ErrInput].
func CheckSoC(bat model.Battery, kwh float64) error { return checkSoC(bat, kwh) }
