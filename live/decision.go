package live

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/zeropark/zeropark/dispatch"
)

// Decision is what [Controller.Step] decided for one interval: the
// setpoints to send and the plan behind them. Powers are kW held over the
// interval, at the park's bus.
type Decision struct {
	// Start and End bound the interval.
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	// Batteries, PV and Wind are the setpoints per asset, in park order.
	Batteries []BatterySetpoint   `json:"batteries"`
	PV        []RenewableSetpoint `json:"pv"`
	Wind      []RenewableSetpoint `json:"wind"`
	// ImportKW and ExportKW are what the plan expects at the grid
	// connection; ShedKW the load it plans to leave unserved (0 unless
	// the park cannot serve it); LoadKW the load forecast.
	ImportKW float64 `json:"import_kw"`
	ExportKW float64 `json:"export_kw"`
	ShedKW   float64 `json:"shed_kw"`
	LoadKW   float64 `json:"load_forecast_kw"`
	// Heat holds the setpoints of the heat side (nil, absent from the
	// JSON, for a park without heat).
	Heat *HeatSetpoints `json:"heat,omitempty"`
	// Repaired counts the forecast values the dispatch had to replace
	// (dispatch.Plan.Repaired, summed); SoCClamped the states of charge
	// clamped into [min, max]; Warnings says which, for the first few.
	Repaired   int      `json:"repaired"`
	SoCClamped int      `json:"soc_clamped"`
	Warnings   []string `json:"warnings,omitempty"`
	// SkippedIntervals counts the intervals this Step settled without a
	// plan, between the last interval planned and this one (the
	// Controller was not stepped): the batteries idle, and every value
	// not measured a stand-in (the series' last value). StandIns counts
	// the values this Step stood in for (series × intervals closed).
	SkippedIntervals int `json:"skipped_intervals"`
	StandIns         int `json:"stand_ins"`
	// SolveMS is the time the LP solves took; ControllerMS the whole
	// Step (settling, forecasting, planning and this decision), in ms.
	SolveMS      float64 `json:"solve_ms"`
	ControllerMS float64 `json:"controller_ms"`
	// Plan is the plan behind the setpoints, interval 0 being this one:
	// a copy, the caller's to keep.
	Plan *dispatch.Plan `json:"-"`
}

// BatterySetpoint is one battery's setpoint.
type BatterySetpoint struct {
	Name        string  `json:"name"`
	ChargeKW    float64 `json:"charge_kw"`
	DischargeKW float64 `json:"discharge_kw"`
	// StartSoCKWh is the state of charge the plan starts from (measured
	// or settled, clamped into [min, max]); EndSoCKWh the one the
	// setpoint reaches at the end of the interval (the plan's, or the
	// net flow's when the plan charges and discharges at once).
	StartSoCKWh float64 `json:"start_soc_kwh"`
	EndSoCKWh   float64 `json:"end_soc_kwh"`
}

// RenewableSetpoint is one PV array's or wind turbine's setpoint: the
// power it may deliver (below the available power, the rest is
// curtailed) and the available power forecast.
type RenewableSetpoint struct {
	Name        string  `json:"name"`
	LimitKW     float64 `json:"limit_kw"`
	AvailableKW float64 `json:"available_forecast_kw"`
}

// decide builds the decision of plan's interval 0.
func (c *Controller) decide(plan *dispatch.Plan, began time.Time) *Decision {
	d := &Decision{Start: plan.Start, End: plan.Time(1), ImportKW: plan.ImportKW[0], ExportKW: plan.ExportKW[0],
		ShedKW: plan.UnservedKW[0], LoadKW: plan.LoadKW[0], Repaired: plan.RepairedTotal(), SoCClamped: plan.SoCClamped,
		Warnings: append([]string(nil), plan.Warnings...), SolveMS: ms(plan.SolveTime), Plan: plan.Clone()}
	for b, name := range c.names.battery {
		sp := BatterySetpoint{Name: name, ChargeKW: plan.ChargeKW[b][0], DischargeKW: plan.DischargeKW[b][0],
			StartSoCKWh: plan.InitialSoCKWh[b], EndSoCKWh: plan.SoCKWh[b][0]}
		if sp.ChargeKW > 0 && sp.DischargeKW > 0 {
			// A battery does one or the other: the setpoint is the net
			// flow, as settlement carries it out (dispatch.NetSetpoint).
			sp.ChargeKW, sp.DischargeKW, sp.EndSoCKWh = dispatch.NetSetpoint(c.park.Batteries[b], sp.StartSoCKWh,
				sp.ChargeKW, sp.DischargeKW, plan.Step)
		}
		d.Batteries = append(d.Batteries, sp)
	}
	for i, name := range c.names.pv {
		d.PV = append(d.PV, RenewableSetpoint{Name: name, LimitKW: plan.PVKW[i][0], AvailableKW: plan.PVAvailKW[i][0]})
	}
	for j, name := range c.names.wind {
		d.Wind = append(d.Wind, RenewableSetpoint{Name: name, LimitKW: plan.WindKW[j][0], AvailableKW: plan.WindAvailKW[j][0]})
	}
	if c.park.HasHeat() {
		d.Heat = c.decideHeat(plan)
	}
	d.ControllerMS = ms(time.Since(began))
	return d
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// Last is the decision of the last Step (nil before the first), as Step
// returned it.
func (c *Controller) Last() *Decision {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// addToLedger appends settled interval t (one interval) and adds it to
// the totals since the first start.
func (c *Controller) addToLedger(t int, one *dispatch.Schedule) {
	c.since.add(t, one, 0)
	c.since.addMoney(t, one, 0, c.rates)
	c.since.addWearDemand(t, c.park, one, 0, c.cfg.Start.Location())
	if c.ledger == nil || c.ledgerBase+c.ledger.Len != t {
		// The first settled interval, or after a gap (a restart that
		// skipped nothing cannot make one; an End replay neither).
		c.ledger = &dispatch.Schedule{Start: one.Start, Step: one.Step,
			InitialSoCKWh: append([]float64(nil), one.InitialSoCKWh...)}
		c.ledger.PVAvailKW, c.ledger.PVKW = make([][]float64, len(one.PVKW)), make([][]float64, len(one.PVKW))
		c.ledger.WindAvailKW, c.ledger.WindKW = make([][]float64, len(one.WindKW)), make([][]float64, len(one.WindKW))
		nb := len(one.ChargeKW)
		c.ledger.ChargeKW, c.ledger.DischargeKW, c.ledger.SoCKWh = make([][]float64, nb), make([][]float64, nb), make([][]float64, nb)
		c.ledgerBase = t
		if one.HeatLoadKWTh != nil {
			c.ledger.InitialHeatSoCKWhTh = append([]float64(nil), one.InitialHeatSoCKWhTh...)
			for _, v := range heatSeries(c.ledger) {
				*v = []float64{}
			}
			src := heatTables(one)
			for q, rows := range heatTables(c.ledger) {
				*rows = make([][]float64, len(*src[q]))
			}
		}
	}
	l := c.ledger
	l.Len++
	l.LoadKW = append(l.LoadKW, one.LoadKW[0])
	for i := range l.PVKW {
		l.PVAvailKW[i], l.PVKW[i] = append(l.PVAvailKW[i], one.PVAvailKW[i][0]), append(l.PVKW[i], one.PVKW[i][0])
	}
	for j := range l.WindKW {
		l.WindAvailKW[j], l.WindKW[j] = append(l.WindAvailKW[j], one.WindAvailKW[j][0]), append(l.WindKW[j], one.WindKW[j][0])
	}
	for b := range l.ChargeKW {
		l.ChargeKW[b] = append(l.ChargeKW[b], one.ChargeKW[b][0])
		l.DischargeKW[b] = append(l.DischargeKW[b], one.DischargeKW[b][0])
		l.SoCKWh[b] = append(l.SoCKWh[b], one.SoCKWh[b][0])
	}
	l.ImportKW, l.ExportKW = append(l.ImportKW, one.ImportKW[0]), append(l.ExportKW, one.ExportKW[0])
	l.UnservedKW, l.CurtailedKW = append(l.UnservedKW, one.UnservedKW[0]), append(l.CurtailedKW, one.CurtailedKW[0])
	l.DispatchKgCO2ePerKWh = append(l.DispatchKgCO2ePerKWh, one.DispatchKgCO2ePerKWh[0])
	l.AccountingKgCO2ePerKWh = append(l.AccountingKgCO2ePerKWh, one.AccountingKgCO2ePerKWh[0])
	l.ImportPricePerKWh = append(l.ImportPricePerKWh, one.ImportPricePerKWh[0])
	l.ExportPricePerKWh = append(l.ExportPricePerKWh, one.ExportPricePerKWh[0])
	l.EmissionsKgCO2e = append(l.EmissionsKgCO2e, one.EmissionsKgCO2e[0])
	if one.HeatLoadKWTh != nil {
		src := heatSeries(one)
		for q, v := range heatSeries(l) {
			*v = append(*v, (*src[q])[0])
		}
		srcRows := heatTables(one)
		for q, rows := range heatTables(l) {
			for i := range *rows {
				(*rows)[i] = append((*rows)[i], (*srcRows[q])[i][0])
			}
		}
	}
}

// heatSeries are the heat side's per-interval series of s, to append to
// and cut alike (nil pointers' targets without heat); an array, as
// dispatch's Schedule.heatTables, so that each Step's ledger append does
// not allocate for it whether or not the call is inlined.
func heatSeries(s *dispatch.Schedule) [4]*[]float64 {
	return [4]*[]float64{&s.HeatLoadKWTh, &s.UnservedHeatKWTh, &s.FuelKgCO2e, &s.PurchasedHeatKgCO2e}
}

// heatTables are the heat side's per-asset tables of s (every one the
// schedule has, in the order of dispatch's Schedule.heatTables:
// TestHeatReplayIsRun compares the whole schedule).
func heatTables(s *dispatch.Schedule) [17]*[][]float64 {
	return [17]*[][]float64{&s.HeatPumpCOP, &s.HeatPumpKWTh, &s.HeatPumpKW, &s.ElectricBoilerKWTh, &s.ElectricBoilerKW,
		&s.FuelBoilerKWTh, &s.FuelBoilerFuelKW, &s.CHPKW, &s.CHPKWTh, &s.CHPFuelKW,
		&s.HeatChargeKWTh, &s.HeatDischargeKWTh, &s.HeatSoCKWhTh,
		&s.PurchasedHeatKWTh, &s.PurchasedHeatKgCO2ePerKWhTh, &s.PurchasedHeatPricePerKWhTh, &s.CHPDumpKWTh}
}

// trimLedger drops the settled intervals before the history kept. It
// writes nothing in place: every series cut and every initial state is a
// new slice, so that a frozen ledger (frozenLedger) sharing the old ones
// keeps them as they were. (Appending, as addToLedger does, writes past
// a frozen ledger's rows only.) It runs once a week or less.
func (c *Controller) trimLedger() {
	l := c.ledger
	if l == nil {
		return
	}
	d := min(c.hist.base-c.ledgerBase, l.Len)
	if d <= 0 {
		return
	}
	initial := make([]float64, len(l.InitialSoCKWh))
	for b := range initial {
		initial[b] = l.SoCKWh[b][d-1]
	}
	l.InitialSoCKWh = initial
	cut := func(v []float64) []float64 { return append([]float64(nil), v[d:]...) }
	l.LoadKW, l.ImportKW, l.ExportKW, l.UnservedKW, l.CurtailedKW = cut(l.LoadKW), cut(l.ImportKW), cut(l.ExportKW), cut(l.UnservedKW), cut(l.CurtailedKW)
	l.DispatchKgCO2ePerKWh, l.AccountingKgCO2ePerKWh = cut(l.DispatchKgCO2ePerKWh), cut(l.AccountingKgCO2ePerKWh)
	l.ImportPricePerKWh, l.ExportPricePerKWh, l.EmissionsKgCO2e = cut(l.ImportPricePerKWh), cut(l.ExportPricePerKWh), cut(l.EmissionsKgCO2e)
	for _, rows := range electricTables(l) {
		*rows = slices.Clone(*rows)
		for i := range *rows {
			(*rows)[i] = cut((*rows)[i])
		}
	}
	if l.HeatLoadKWTh != nil {
		heatInitial := make([]float64, len(l.InitialHeatSoCKWhTh))
		for k := range heatInitial {
			heatInitial[k] = l.HeatSoCKWhTh[k][d-1]
		}
		l.InitialHeatSoCKWhTh = heatInitial
		for _, v := range heatSeries(l) {
			*v = cut(*v)
		}
		for _, rows := range heatTables(l) {
			*rows = slices.Clone(*rows)
			for i := range *rows {
				(*rows)[i] = cut((*rows)[i])
			}
		}
	}
	l.Len -= d
	l.Start = l.Start.Add(time.Duration(d) * l.Step)
	c.ledgerBase += d
}

// electricTables are the electricity side's per-asset tables of s.
func electricTables(s *dispatch.Schedule) [7]*[][]float64 {
	return [7]*[][]float64{&s.PVAvailKW, &s.PVKW, &s.WindAvailKW, &s.WindKW, &s.ChargeKW, &s.DischargeKW, &s.SoCKWh}
}

// frozenLedger is the settled intervals as they are now, for reading
// without the lock (c.mu is held; nil without any): a copy of the
// Schedule and of its tables' row lists, sharing the rows. Sharing is
// safe because the ledger only ever appends past them (addToLedger) or
// replaces them (trimLedger, a new ledger after a gap), never writes
// them in place. O(assets), not O(intervals): a year's ledger is some
// 5 MB, which Settled and a saved state copy or encode after the lock.
func (c *Controller) frozenLedger() *dispatch.Schedule {
	if c.ledger == nil {
		return nil
	}
	f := *c.ledger
	for _, rows := range electricTables(&f) {
		*rows = slices.Clone(*rows)
	}
	for _, rows := range heatTables(&f) {
		*rows = slices.Clone(*rows)
	}
	return &f
}

// ErrNothingSettled: no interval has been settled yet.
var ErrNothingSettled = errors.New("live: no interval settled yet")

// Settled is a copy of the settled intervals the Controller keeps (those
// of its history window), in time order: what the park did, as the
// ledger counts it. A state of charge measured at the start of an
// interval may differ from the settled end of the one before.
func (c *Controller) Settled() (*dispatch.Schedule, error) {
	s, _, err := c.settled(false)
	return s, err
}

// settled is Settled and, with unknown, how many of its intervals the
// grid's carbon signal (or the accounting factor) was never measured
// before, read under the same lock.
func (c *Controller) settled(unknown bool) (*dispatch.Schedule, int, error) {
	c.mu.Lock()
	l := c.frozenLedger()
	n := 0
	if l != nil && unknown {
		n = c.unknownCarbon(l)
	}
	c.mu.Unlock()
	if l == nil || l.Len == 0 {
		return nil, 0, ErrNothingSettled
	}
	return l.Clone(), n, nil // after the lock: a year's is some 5 MB
}

// unknownCarbon counts the intervals of settled schedule l whose dispatch
// signal or accounting factor is a stand-in with nothing measured, seeded
// or set before it (history's unknown: 0 kgCO2e/kWh). Intervals beyond
// the history kept (Config.History) are not counted. Under c.mu.
func (c *Controller) unknownCarbon(l *dispatch.Schedule) int {
	k0, err := c.index(l.Start)
	if err != nil {
		return 0
	}
	return c.countUnknown(k0, k0+l.Len)
}

// Ledger is the carbon ledger and net-zero report (dispatch.Account, with
// Config.Dispatch.Ledger) of the settled intervals kept. Intervals whose
// grid carbon was never measured (no value sent, seeded or set by the
// park file before them) were settled with a stand-in of 0 kgCO2e/kWh: the
// report then grants no stage above conventional, and StageLimitedBy says
// how many (the figures stay what the stand-ins give).
func (c *Controller) Ledger() (dispatch.Report, error) {
	s, unknownN, err := c.settled(true)
	if err != nil {
		return dispatch.Report{}, err
	}
	r, err := dispatch.Account(c.park, s, c.cfg.Dispatch.Ledger)
	if err != nil {
		return dispatch.Report{}, fmt.Errorf("live: ledger: %w", err)
	}
	r.Policy = dispatch.RollingHorizon
	r.Solve = c.solveStats()
	if unknownN > 0 {
		r.Stage = dispatch.Conventional
		r.StageBasis.IndicatorsMet = false
		r.StageBasis.StageLimitedBy = fmt.Sprintf("the grid's carbon signal was never measured before %d of the %d intervals settled: "+
			"their import counts at a stand-in of 0 kgCO2e/kWh, so no stage is granted on them (send dispatch_kgco2e_per_kwh, or seed the history)",
			unknownN, s.Len)
	}
	return r, nil
}

// solveStats are the solves of the Steps this process made (since it
// started or loaded its state: the times are not saved with it) — their
// count, total and longest, and the median and 99th percentile of the
// last dispatch.SolveWindow of them (SolveStats.QuantileSolves) — with
// the Controller's repair and clamp counts and its horizon.
func (c *Controller) solveStats() dispatch.SolveStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.solves.Stats()
	maps.Copy(st.Repaired, c.counts.Repaired)
	st.SoCClamped = c.counts.SoCClamped
	st.HorizonSteps = c.steps
	return st
}

// Metrics are the Controller's counters: how much was measured, repeated,
// late or stood in for per series, what the batteries' measured states
// did, and how the forecasts did at lead 1.
type Metrics struct {
	// Next is the next interval to plan (zero before the first Step);
	// HistoryFrom the first interval kept.
	Next        time.Time `json:"next"`
	HistoryFrom time.Time `json:"history_from"`
	// Steps counts successful Steps; Skipped the intervals settled with
	// no plan (the Controller was not stepped).
	Steps   int `json:"steps"`
	Skipped int `json:"skipped"`
	// Series are the counts per series, "load:NAME", "pv:NAME",
	// "wind:NAME", "dispatch_carbon", "accounting_carbon",
	// "import_price", "export_price", and with heat "heat:NAME" (a heat
	// load), "heat_pump_cop:NAME", "purchased_heat_carbon:NAME" and
	// "purchased_heat_price:NAME".
	Series    []SeriesCounts `json:"series"`
	Batteries []SoCCounts    `json:"batteries"`
	// ThermalStores are the counts of the measured contents of the
	// thermal stores, as Batteries (absent without thermal stores).
	ThermalStores []HeatSoCCounts `json:"thermal_stores,omitempty"`
	// Repaired and SoCClamped sum the plans' repairs and clamps
	// (dispatch.Plan); Forecasts are the forecasters' errors at lead 1 as
	// each interval settled.
	Repaired   map[string]int            `json:"repaired"`
	SoCClamped int                       `json:"soc_clamped"`
	Forecasts  []dispatch.SeriesForecast `json:"forecasts"`
}

// SeriesCounts are one series' counts: values measured (duplicates
// included), values that replaced a measured one, values that replaced a
// stand-in after their interval closed, and intervals closed with a
// stand-in (the last value).
type SeriesCounts struct {
	Series     string `json:"series"`
	Measured   int    `json:"measured"`
	Duplicates int    `json:"duplicates"`
	Late       int    `json:"late"`
	Filled     int    `json:"filled"`
}

// SoCCounts are one battery's counts of measured states of charge: sent,
// sent again for the same interval, too late to be used, and used; and
// the last measured minus settled state (kWh). The settlement takes a
// battery's flows from the state measured at the end of the interval
// (see Controller.Step), so the drift is what the battery's power limits
// cannot explain (the ledger's EnergyKWh.SoCCorrection), or a state
// measured for an interval settled before it arrived.
type SoCCounts struct {
	Battery    string  `json:"battery"`
	Measured   int     `json:"measured"`
	Duplicates int     `json:"duplicates"`
	Late       int     `json:"late"`
	Applied    int     `json:"applied"`
	DriftKWh   float64 `json:"drift_kwh"`
	// Jumps counts the states measured further from the settled state
	// than SoCJumpSlackFraction of the energy: each was accepted, with a
	// warning in its Decision.
	Jumps int `json:"jumps"`
}

// NumSeries is how many series the Controller keeps (Metrics.Series'
// length): the values one interval holds when nothing is measured, a
// Decision's StandIns for one interval. The catalogue is fixed at New, so
// this takes no lock and builds nothing, unlike Metrics.
func (c *Controller) NumSeries() int { return len(c.cat) }

// Metrics returns the counters.
func (c *Controller) Metrics() Metrics {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := Metrics{HistoryFrom: c.time(c.hist.base), Steps: c.counts.Steps, Skipped: c.counts.Skipped,
		Repaired: map[string]int{}, SoCClamped: c.counts.SoCClamped}
	if c.started {
		m.Next = c.time(c.next)
	}
	for s := range c.cat {
		m.Series = append(m.Series, SeriesCounts{Series: c.cat[s].name, Measured: c.counts.Measured[s], Duplicates: c.counts.Duplicates[s],
			Late: c.counts.Late[s], Filled: c.counts.Fills[s]})
	}
	for b, name := range c.names.battery {
		m.Batteries = append(m.Batteries, SoCCounts{Battery: name, Measured: c.counts.SoCMeasured[b], Duplicates: c.counts.SoCDuplicates[b],
			Late: c.counts.SoCLate[b], Applied: c.counts.SoCApplied[b], DriftKWh: c.counts.SoCDriftKWh[b], Jumps: c.counts.SoCJumps[b]})
	}
	for k, name := range c.names.store {
		b := len(c.names.battery) + k
		m.ThermalStores = append(m.ThermalStores, HeatSoCCounts{Store: name, Measured: c.counts.SoCMeasured[b],
			Duplicates: c.counts.SoCDuplicates[b], Late: c.counts.SoCLate[b], Applied: c.counts.SoCApplied[b], DriftKWhTh: c.counts.SoCDriftKWh[b],
			Jumps: c.counts.SoCJumps[b]})
	}
	for k, v := range c.counts.Repaired {
		m.Repaired[k] = v
	}
	m.Forecasts = append(m.Forecasts, c.r.ForecastsToLead(1)...)
	return m
}
