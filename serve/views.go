package serve

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/nonull"
	"github.com/zeropark/zeropark/live"
)

// PlanView is the body of GET /plan: the setpoints of the interval being
// executed and the plan behind them. Every number has its unit in its key.
type PlanView struct {
	// PlannedAt is the wall-clock time of the Step (UTC), kept across a
	// restart by the log and the snapshot (a state written before them:
	// the restart's time).
	PlannedAt time.Time `json:"planned_at"`
	// Decision holds the setpoints to send now (live.Decision).
	Decision *live.Decision `json:"decision"`
	// Plan is the horizon behind them, interval 0 being the decision's.
	Plan PlanArrays `json:"plan"`
}

// PlanArrays are a plan's per-interval values, one array element per
// interval, IntervalStart giving each one's start.
type PlanArrays struct {
	Start         time.Time   `json:"start"`
	StepMinutes   float64     `json:"step_minutes"`
	Intervals     int         `json:"intervals"`
	IntervalStart []time.Time `json:"interval_start"`
	// LoadForecastKW is the total load forecast; ImportKW and ExportKW the
	// grid connection; UnservedKW the load planned to be shed;
	// CurtailedKW the renewable power planned to be curtailed.
	LoadForecastKW []float64 `json:"load_forecast_kw"`
	ImportKW       []float64 `json:"import_kw"`
	ExportKW       []float64 `json:"export_kw"`
	UnservedKW     []float64 `json:"unserved_kw"`
	CurtailedKW    []float64 `json:"curtailed_kw"`
	// The signals the plan was made on (forecast or known ahead).
	DispatchKgCO2ePerKWh []float64 `json:"dispatch_kgco2e_per_kwh"`
	ImportPricePerKWh    []float64 `json:"import_price_per_kwh"`
	ExportPricePerKWh    []float64 `json:"export_price_per_kwh"`
	// EmissionsKgCO2e is each interval's planned emissions (accounting
	// factor × import × interval).
	EmissionsKgCO2e []float64       `json:"emissions_kgco2e"`
	Batteries       []BatteryPlan   `json:"batteries"`
	PV              []RenewablePlan `json:"pv"`
	Wind            []RenewablePlan `json:"wind"`
	// Heat is the plan of the heat side (absent for a park without
	// heat).
	Heat *HeatPlan `json:"heat,omitempty"`
}

// HeatPlan is the plan of a park's heat side, one array element per
// interval as in PlanArrays: heat in kW_th, electricity in kW, fuel in kW
// of its lower heating value. Every list is in park order and present.
type HeatPlan struct {
	// LoadForecastKWTh is the total heat load forecast; UnservedKWTh the
	// heat planned to be left unserved.
	LoadForecastKWTh []float64 `json:"load_forecast_kw_th"`
	UnservedKWTh     []float64 `json:"unserved_kw_th"`
	// FuelKgCO2e and PurchasedHeatKgCO2e are each interval's planned
	// emissions of the fuel burnt and of the heat bought.
	FuelKgCO2e          []float64            `json:"fuel_kgco2e"`
	PurchasedHeatKgCO2e []float64            `json:"purchased_heat_kgco2e"`
	HeatPumps           []HeatPumpPlan       `json:"heat_pumps"`
	ElectricBoilers     []ElectricBoilerPlan `json:"electric_boilers"`
	FuelBoilers         []FuelBoilerPlan     `json:"fuel_boilers"`
	CHP                 []CHPPlan            `json:"chp"`
	ThermalStores       []ThermalStorePlan   `json:"thermal_stores"`
	PurchasedHeat       []PurchasedHeatPlan  `json:"purchased_heat"`
}

// HeatPumpPlan is one heat pump's plan: heat out, electricity in and the
// COP the plan used.
type HeatPumpPlan struct {
	Name       string    `json:"name"`
	HeatKWTh   []float64 `json:"heat_kw_th"`
	ElectricKW []float64 `json:"electric_kw"`
	COP        []float64 `json:"cop"`
}

// ElectricBoilerPlan is one electric boiler's plan.
type ElectricBoilerPlan struct {
	Name       string    `json:"name"`
	HeatKWTh   []float64 `json:"heat_kw_th"`
	ElectricKW []float64 `json:"electric_kw"`
}

// FuelBoilerPlan is one fuel boiler's plan: heat out, fuel in.
type FuelBoilerPlan struct {
	Name      string    `json:"name"`
	HeatKWTh  []float64 `json:"heat_kw_th"`
	FuelKWLHV []float64 `json:"fuel_kw_lhv"`
}

// CHPPlan is one CHP unit's plan: electricity and heat out, fuel in,
// and for a unit with a heat dump (absent without) the part of its heat
// the dump rejects.
type CHPPlan struct {
	Name         string    `json:"name"`
	ElectricKW   []float64 `json:"electric_kw"`
	HeatKWTh     []float64 `json:"heat_kw_th"`
	FuelKWLHV    []float64 `json:"fuel_kw_lhv"`
	HeatDumpKWTh []float64 `json:"heat_dump_kw_th,omitempty"`
}

// ThermalStorePlan is one thermal store's plan; SoCKWhTh is its content
// at the end of each interval.
type ThermalStorePlan struct {
	Name          string    `json:"name"`
	ChargeKWTh    []float64 `json:"charge_kw_th"`
	DischargeKWTh []float64 `json:"discharge_kw_th"`
	SoCKWhTh      []float64 `json:"soc_kwh_th"`
}

// PurchasedHeatPlan is the heat planned to be bought from one connection,
// at its emission factor and price.
type PurchasedHeatPlan struct {
	Name           string    `json:"name"`
	HeatKWTh       []float64 `json:"heat_kw_th"`
	KgCO2ePerKWhTh []float64 `json:"kgco2e_per_kwh_th"`
	PricePerKWhTh  []float64 `json:"price_per_kwh_th"`
}

// BatteryPlan is one battery's plan.
type BatteryPlan struct {
	Name        string    `json:"name"`
	ChargeKW    []float64 `json:"charge_kw"`
	DischargeKW []float64 `json:"discharge_kw"`
	// SoCKWh is the state of charge at the end of each interval.
	SoCKWh []float64 `json:"soc_kwh"`
}

// RenewablePlan is one PV array's or wind turbine's plan: the power
// available (forecast) and the power it may deliver.
type RenewablePlan struct {
	Name                string    `json:"name"`
	AvailableForecastKW []float64 `json:"available_forecast_kw"`
	LimitKW             []float64 `json:"limit_kw"`
}

// planView builds the view of decision d.
func planView(d *live.Decision, plannedAt time.Time) PlanView {
	p := d.Plan
	dd := *d // lists empty rather than null: a client may loop over them
	dd.Batteries, dd.PV, dd.Wind = nonNil(dd.Batteries), nonNil(dd.PV), nonNil(dd.Wind)
	v := PlanView{PlannedAt: plannedAt.UTC(), Decision: &dd}
	if p == nil {
		return v
	}
	a := PlanArrays{Start: p.Start, StepMinutes: p.Step.Minutes(), Intervals: p.Len,
		LoadForecastKW: p.LoadKW, ImportKW: p.ImportKW, ExportKW: p.ExportKW, UnservedKW: p.UnservedKW, CurtailedKW: p.CurtailedKW,
		DispatchKgCO2ePerKWh: p.DispatchKgCO2ePerKWh, ImportPricePerKWh: p.ImportPricePerKWh, ExportPricePerKWh: p.ExportPricePerKWh,
		EmissionsKgCO2e: p.EmissionsKgCO2e, Batteries: []BatteryPlan{}, PV: []RenewablePlan{}, Wind: []RenewablePlan{}}
	for t := range p.Len {
		a.IntervalStart = append(a.IntervalStart, p.Time(t))
	}
	for b, bs := range d.Batteries {
		a.Batteries = append(a.Batteries, BatteryPlan{Name: bs.Name, ChargeKW: p.ChargeKW[b], DischargeKW: p.DischargeKW[b], SoCKWh: p.SoCKWh[b]})
	}
	for i, r := range d.PV {
		a.PV = append(a.PV, RenewablePlan{Name: r.Name, AvailableForecastKW: p.PVAvailKW[i], LimitKW: p.PVKW[i]})
	}
	for j, r := range d.Wind {
		a.Wind = append(a.Wind, RenewablePlan{Name: r.Name, AvailableForecastKW: p.WindAvailKW[j], LimitKW: p.WindKW[j]})
	}
	if d.Heat != nil {
		a.Heat = heatPlan(d.Heat, p)
	}
	v.Plan = a
	return v
}

// heatPlan is the heat side of plan p, named after the setpoints h.
func heatPlan(h *live.HeatSetpoints, p *dispatch.Plan) *HeatPlan {
	out := &HeatPlan{LoadForecastKWTh: p.HeatLoadKWTh, UnservedKWTh: p.UnservedHeatKWTh, FuelKgCO2e: p.FuelKgCO2e,
		PurchasedHeatKgCO2e: p.PurchasedHeatKgCO2e, HeatPumps: []HeatPumpPlan{}, ElectricBoilers: []ElectricBoilerPlan{},
		FuelBoilers: []FuelBoilerPlan{}, CHP: []CHPPlan{}, ThermalStores: []ThermalStorePlan{}, PurchasedHeat: []PurchasedHeatPlan{}}
	for j, x := range h.HeatPumps {
		out.HeatPumps = append(out.HeatPumps, HeatPumpPlan{Name: x.Name, HeatKWTh: p.HeatPumpKWTh[j], ElectricKW: p.HeatPumpKW[j], COP: p.HeatPumpCOP[j]})
	}
	for k, x := range h.ElectricBoilers {
		out.ElectricBoilers = append(out.ElectricBoilers, ElectricBoilerPlan{Name: x.Name, HeatKWTh: p.ElectricBoilerKWTh[k], ElectricKW: p.ElectricBoilerKW[k]})
	}
	for f, x := range h.FuelBoilers {
		out.FuelBoilers = append(out.FuelBoilers, FuelBoilerPlan{Name: x.Name, HeatKWTh: p.FuelBoilerKWTh[f], FuelKWLHV: p.FuelBoilerFuelKW[f]})
	}
	for u, x := range h.CHP {
		cp := CHPPlan{Name: x.Name, ElectricKW: p.CHPKW[u], HeatKWTh: p.CHPKWTh[u], FuelKWLHV: p.CHPFuelKW[u]}
		if x.HeatDumpKWTh != nil {
			cp.HeatDumpKWTh = p.CHPDumpKWTh[u]
		}
		out.CHP = append(out.CHP, cp)
	}
	for k, x := range h.ThermalStores {
		out.ThermalStores = append(out.ThermalStores, ThermalStorePlan{Name: x.Name, ChargeKWTh: p.HeatChargeKWTh[k],
			DischargeKWTh: p.HeatDischargeKWTh[k], SoCKWhTh: p.HeatSoCKWhTh[k]})
	}
	for k, x := range h.PurchasedHeat {
		out.PurchasedHeat = append(out.PurchasedHeat, PurchasedHeatPlan{Name: x.Name, HeatKWTh: p.PurchasedHeatKWTh[k],
			KgCO2ePerKWhTh: p.PurchasedHeatKgCO2ePerKWhTh[k], PricePerKWhTh: p.PurchasedHeatPricePerKWhTh[k]})
	}
	return out
}

// publish encodes decision d as the body of GET /plan, once, so that the
// readers only copy bytes, and returns it (nil when it cannot be
// encoded) for the POST /step that made it.
func (s *Server) publish(d *live.Decision, plannedAt time.Time) *encoded {
	body, err := json.Marshal(nonull.Lists(planView(d, plannedAt))) // lists never null, as writeJSON
	if err != nil {
		s.cfg.Logger.Error("encoding the plan", "err", err)
		return nil
	}
	e := &encoded{body: append(body, '\n'), etag: etagOf(d.Start.Format(time.RFC3339), body)}
	s.plan.Store(e)
	return e
}

// LedgerView is the body of GET /ledger: the carbon ledger and net-zero
// report of the settled intervals kept (dispatch.Report) and whether the
// park is on track.
type LedgerView struct {
	// SettledIntervals counts the settled intervals; From and To bound
	// them (absent before the first).
	SettledIntervals int        `json:"settled_intervals"`
	From             *time.Time `json:"from,omitempty"`
	To               *time.Time `json:"to,omitempty"`
	// OnTrack is the headline of the report; nil before any interval is
	// settled.
	OnTrack *OnTrack `json:"on_track"`
	// Report is the whole report (energy in kWh, emissions in kgCO2e,
	// offsets in tCO2e, certificates in MWh, the stage and its basis).
	Report *dispatch.Report `json:"report"`
	// SinceStart are the totals of every interval settled since the
	// controller's first start (live.SinceStart): the additive figures
	// (intervals, energy, residual, offsets needed, energy cost, export
	// revenue and battery wear) and the demand charge of each month's peak
	// so far, which the trims of the window above do not lower; not the
	// ratios or the stage, which
	// judge the window. Its from says where it counts from. Nil before any
	// interval is settled.
	SinceStart *live.SinceStart `json:"since_start"`
}

// OnTrack is where the period settled so far stands: the stage it
// reaches as it is, the residual and the offsets it needs to date. The
// period is the settled intervals the Controller keeps (its history, 53
// weeks by default, trimmed by whole weeks): after a trim the "to date"
// figures fall by the weeks dropped; they are not totals since the first
// start (LedgerView.SinceStart has those).
type OnTrack struct {
	Stage                    dispatch.Stage `json:"stage"`
	IndicatorsMet            bool           `json:"indicators_met"`
	SettledHours             float64        `json:"settled_hours"`
	ResidualToDateKgCO2e     float64        `json:"residual_to_date_kgco2e"`
	OffsetsNeededToDateTCO2e float64        `json:"offsets_needed_to_date_tco2e"`
	UnservedToDateKWh        float64        `json:"unserved_to_date_kwh"`
	// UnservedHeatToDateKWhTh is the heat load left unserved, on a park
	// with heat (absent otherwise; QA, 2026-12-04: a heat shortfall that
	// made the park conventional showed nowhere an EMS monitors).
	UnservedHeatToDateKWhTh *float64 `json:"unserved_heat_to_date_kwh_th,omitempty"`
	RenewableShare          float64  `json:"renewable_share"`
	CleanShare              float64  `json:"clean_share"`
}

// ledgerSnapshot is the ledger as of a number of Steps.
type ledgerSnapshot struct {
	steps int64
	view  LedgerView
	body  *encoded
	err   error
}

// ledger is the ledger to date, computed at most once per Step (on the
// first read after it: dispatch.Account over the settled intervals costs a
// few ms for a year, which a replay stepping fast should not pay per
// step).
func (s *Server) ledger() *ledgerSnapshot {
	s.ledgerMu.Lock()
	defer s.ledgerMu.Unlock()
	n := s.stepCount.Load()
	if l := s.ledgerCache; l != nil && l.steps == n {
		return l
	}
	l := &ledgerSnapshot{steps: n}
	r, err := s.c.Ledger()
	switch {
	case errors.Is(err, live.ErrNothingSettled):
	case err != nil:
		l.err = err
	default:
		from, to := r.Start, r.End
		l.view = LedgerView{SettledIntervals: r.Steps, From: &from, To: &to, Report: &r,
			OnTrack: &OnTrack{Stage: r.Stage, IndicatorsMet: r.StageBasis.IndicatorsMet,
				SettledHours: float64(r.Steps) * r.StepMinutes / 60, ResidualToDateKgCO2e: r.ResidualKgCO2e,
				OffsetsNeededToDateTCO2e: r.OffsetsNeededTCO2e, UnservedToDateKWh: r.UnservedKWh,
				RenewableShare: r.RenewableShare, CleanShare: r.StageBasis.CleanShare}}
		if h := r.Heat; h != nil {
			v := h.UnservedKWhTh
			l.view.OnTrack.UnservedHeatToDateKWhTh = &v
		}
		since, err := s.c.SinceStart()
		if err != nil {
			l.err = err // settled intervals kept, so some counted since the start
		} else {
			l.view.SinceStart = &since
		}
	}
	if l.err == nil {
		body, err := json.Marshal(nonull.Lists(l.view)) // lists never null, as writeJSON
		if err != nil {
			l.err = err
		} else {
			l.body = &encoded{body: append(body, '\n'), etag: etagOf("ledger", body)}
		}
	}
	s.ledgerCache = l
	return l
}

// HealthView is the body of GET /healthz.
type HealthView struct {
	// Status is "ok", "stalled" (the clock mode has not stepped for
	// StallAfter, or its clock is StallAfter or more before its last
	// step: the clock went back, Error says so), "failing" (the last Step failed) or "stopped" (the log
	// failed: the server refuses changes).
	Status string `json:"status"`
	Mode   Mode   `json:"mode"`
	// Next is the next interval to plan (absent before the first Step).
	Next *time.Time `json:"next,omitempty"`
	// LastStep is when the last successful Step of this process ran, on
	// the server's clock; null before its first, a restart's restored
	// plan included (then LastStepAgeS counts from the server's start,
	// which is what a clock-mode stall is measured from).
	LastStep *time.Time `json:"last_step"`
	// LastStepAgeS is the time since the last successful Step (or since
	// the server started, before any), seconds.
	LastStepAgeS float64 `json:"last_step_age_s"`
	StallAfterS  float64 `json:"stall_after_s"`
	// Seq is the last change logged.
	Seq   uint64 `json:"seq"`
	Error string `json:"error,omitempty"`
}

// health says how the server is.
func (s *Server) health() (HealthView, bool) {
	now := s.cfg.Now()
	last := s.opened
	var stepped *time.Time
	if ns := s.lastStep.Load(); ns != 0 {
		last = time.Unix(0, ns)
		stepped = &last
	}
	s.in.Lock()
	seq := s.seq
	s.in.Unlock()
	h := HealthView{Status: "ok", Mode: s.cfg.Mode, LastStep: stepped, LastStepAgeS: now.Sub(last).Seconds(), StallAfterS: s.cfg.StallAfter.Seconds(), Seq: seq}
	if next := s.c.Next(); !next.IsZero() {
		h.Next = &next
	}
	switch e := s.lastErr.Load(); {
	case s.log.failed() != nil:
		h.Status, h.Error = "stopped", s.log.failed().Error()
	case e != nil && *e != "":
		h.Status, h.Error = "failing", *e
	case s.cfg.Mode == Clock && now.Sub(last) > s.cfg.StallAfter:
		h.Status = "stalled"
	case s.cfg.Mode == Clock && last.Sub(now) > s.cfg.StallAfter:
		// The wall clock went back (a reset real-time clock, a restored
		// VM): the clock mode plans nothing until it reaches the next
		// interval again, and /healthz said "ok" with a negative age
		// meanwhile (QA E, session 39).
		h.Status = "stalled"
		h.Error = fmt.Sprintf("the server's clock (%s) is %s before its last step (%s): it went back; the clock mode plans nothing until it reaches the next interval",
			now.Format(time.RFC3339), last.Sub(now).Round(time.Second), last.Format(time.RFC3339))
	}
	return h, h.Status == "ok"
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// etagOf is the entity tag of a body: head and a digest of the bytes, so
// that two bodies share a tag only when they are the same, across
// restarts too (QA, December 2026: the ledger's tag counted this
// process's Steps, and after a restart "ledger/3" named another ledger,
// which a client's If-None-Match then got as 304 Not Modified).
func etagOf(head string, body []byte) string {
	sum := sha256.Sum256(body)
	return strconv.Quote(head + "/" + hex.EncodeToString(sum[:12]))
}
