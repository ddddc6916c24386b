package dispatch

import (
	"fmt"
	"math"
	"slices"

	"github.com/zeropark/zeropark/model"
)

// Attribution shares a run's residual emissions among the park's tenants
// (its loads). The park's residual (Report.ResidualKgCO2e) is
//
//	Σ tenants' ResidualKgCO2e + StoredChangeKgCO2e + ExportedKgCO2e
//	  + HeatStoredChangeKgCO2e + UntenantedHeatKgCO2e
//
// (the last two only with heat; see [Attribute] for the method).
type Attribution struct {
	// Tenants is each tenant's part of the run, in the park file's order.
	Tenants []TenantShare `json:"tenants"`
	// StoredChangeKgCO2e is the carbon held in the batteries at the end of
	// the period less at the start: grid energy charged but not yet used.
	StoredChangeKgCO2e float64 `json:"stored_change_kgco2e"`
	// ExportedKgCO2e is the carbon carried out with exports that on-site
	// renewables did not cover (0 when exports only ever come from
	// renewable surplus, as the dispatch makes them).
	ExportedKgCO2e float64 `json:"exported_kgco2e"`
	// InitialKgCO2ePerKWh is the carbon taken to be in each kWh stored at
	// the start: the period's mean accounting factor.
	InitialKgCO2ePerKWh float64 `json:"initial_kgco2e_per_kwh"`
	// Origin says where the on-site renewable and the grid energy went,
	// traced the same way (the tenants' RenewableKWh sum to its
	// RenewableServed).
	Origin EnergyOrigin `json:"energy_origin_kwh"`
	// With heat: HeatStoredChangeKgCO2e is the carbon held in the thermal
	// stores at the end less at the start; UntenantedHeatKgCO2e the
	// carbon of the heat served to heat loads that name no tenant;
	// InitialKgCO2ePerKWhTh the carbon taken to be in each kWh_th stored
	// at the start (the ledger's heat storage value).
	HeatStoredChangeKgCO2e float64 `json:"heat_stored_change_kgco2e,omitempty"`
	UntenantedHeatKgCO2e   float64 `json:"untenanted_heat_kgco2e,omitempty"`
	InitialKgCO2ePerKWhTh  float64 `json:"initial_kgco2e_per_kwh_th,omitempty"`
	// UntenantedHeatBaselineKgCO2e is the part of the heat baseline of the
	// heat loads that name no tenant: the tenants' BaselineKgCO2e and it
	// add up to Report.BaselineKgCO2e.
	UntenantedHeatBaselineKgCO2e float64 `json:"untenanted_heat_baseline_kgco2e,omitempty"`
	// rateKgCO2ePerKW[t] is the residual of interval t per kW of tenant
	// load; loadKW are the profiles' tenant loads (shared, not copied).
	// Together they give IntervalKgCO2e without a tenants × intervals
	// table (10,000 tenants over a year of hours would hold 700 MB).
	rateKgCO2ePerKW []float64
	loadKW          [][]float64
	// With heat: heatRateKgCO2ePerKWTh[t] is the residual of interval t
	// per kW_th of heat load, heatKW the profiles' heat loads and
	// heatOf[i] the heat loads of tenant i.
	heatRateKgCO2ePerKWTh []float64
	heatKW                [][]float64
	heatOf                [][]int
}

// IntervalKgCO2e is tenant i's residual in interval t, in kgCO2e (its
// ResidualKgCO2e is the sum over t), for billing by month or hour: its
// load in t × the interval's residual per kW of load. It reads the
// profiles the attribution was made from, so they must not change.
func (a *Attribution) IntervalKgCO2e(i, t int) float64 {
	kg := a.loadKW[i][t] * a.rateKgCO2ePerKW[t]
	if a.heatOf != nil {
		kg += a.heatKgCO2e(i, t)
	}
	return kg
}

// heatKgCO2e is tenant i's heat residual in interval t.
func (a *Attribution) heatKgCO2e(i, t int) float64 {
	q := 0.0
	for _, k := range a.heatOf[i] {
		q += a.heatKW[k][t]
	}
	return q * a.heatRateKgCO2ePerKWTh[t]
}

// HasHeat reports whether the attribution covers a park with heat (for
// one read back from attribution.json: whether any heat figure is set).
func (a *Attribution) HasHeat() bool {
	if a.heatOf != nil || a.HeatStoredChangeKgCO2e != 0 || a.UntenantedHeatKgCO2e != 0 || a.InitialKgCO2ePerKWhTh != 0 {
		return true
	}
	for _, t := range a.Tenants {
		if t.HeatLoadKWhTh != 0 || t.HeatKgCO2e != 0 {
			return true
		}
	}
	return false
}

// Intervals is the number of intervals IntervalKgCO2e covers.
func (a *Attribution) Intervals() int { return len(a.rateKgCO2ePerKW) }

// TenantShare is one tenant's part of a run. Energies in kWh, emissions in
// kgCO2e, offsets in tCO2e.
type TenantShare struct {
	// Name is the tenant's, LoadKWh its load over the period and UnservedKWh
	// the part of it not served.
	Name        string  `json:"name"`
	LoadKWh     float64 `json:"load_kwh"`
	UnservedKWh float64 `json:"unserved_kwh"`
	// BaselineKgCO2e is its load × the accounting factor (every kWh from
	// the grid) and, with heat, HeatBaselineKgCO2e: so that baseline −
	// residual is what it avoided over both carriers, as the park's is.
	BaselineKgCO2e float64 `json:"baseline_kgco2e"`
	// ResidualKgCO2e is the carbon of the energy it was served
	// (electricity and, with heat, the heat of its heat loads).
	ResidualKgCO2e float64 `json:"residual_kgco2e"`
	// KgCO2ePerKWh = its electricity's residual (ResidualKgCO2e −
	// HeatKgCO2e) / served kWh (0 with nothing served).
	KgCO2ePerKWh float64 `json:"kgco2e_per_kwh"`
	// RenewableKWh and GridKWh are the on-site renewable and the grid
	// content of the energy it was served (they add up to its served
	// load); RenewableShare = RenewableKWh / served kWh.
	RenewableKWh   float64 `json:"renewable_kwh"`
	GridKWh        float64 `json:"grid_kwh"`
	RenewableShare float64 `json:"renewable_share"`
	// OffsetsNeededTCO2e is its share of Report.OffsetsNeededTCO2e, in
	// proportion to its residual (tenants with a negative residual get
	// none) among the tenants' and the carbon of the heat loads without a
	// tenant (Attribution.UntenantedHeatKgCO2e), whose share no tenant
	// bears.
	OffsetsNeededTCO2e float64 `json:"offsets_needed_tco2e"`
	// With heat: HeatLoadKWhTh is the heat load of the heat loads naming
	// it as tenant, HeatUnservedKWhTh the part left unserved and
	// HeatKgCO2e the carbon of the heat it was served (part of
	// ResidualKgCO2e).
	HeatLoadKWhTh     float64 `json:"heat_load_kwh_th,omitempty"`
	HeatUnservedKWhTh float64 `json:"heat_unserved_kwh_th,omitempty"`
	HeatKgCO2e        float64 `json:"heat_kgco2e,omitempty"`
	// HeatBaselineKgCO2e is its heat loads' part of the park's heat
	// baseline (HeatReport.BaselineKgCO2e: the heat served as business as
	// usual), shared every interval by heat load (part of BaselineKgCO2e).
	// Before 2026-12-04 a tenant's baseline left its heat out while its
	// residual counted it.
	HeatBaselineKgCO2e float64 `json:"heat_baseline_kgco2e,omitempty"`
}

// Attribute shares the residual emissions of res among the tenants of p,
// whose actual loads are in prof (the profiles res was run on).
//
// Every interval the park's bus is taken as one pool of energy. Exports
// are served from on-site renewables first, so they carry no carbon while
// renewables cover them. What remains of the supply (renewables at 0, grid
// import at the accounting factor, battery discharge at the battery's
// carbon content) mixes to one intensity k, and every kWh drawn from the
// bus that interval — served load, battery charge, the rest of the export —
// carries k. Tenants share the served load's carbon in proportion to their
// load in that interval. Each battery is a pool of stored energy with a
// carbon content: charge adds k × energy drawn, discharge takes the
// content in proportion to the stored energy it removes (losses and
// self-discharge leave their carbon in the pool, raising its intensity).
// At the start each stored kWh is taken to hold the period's mean
// accounting factor. Carbon is conserved: the tenants' residuals, the
// change in stored carbon and the exported carbon add up to the park's
// residual.
//
// The origin of the energy (on-site renewable or grid) is traced the same
// way, as a share of each kWh: the bus mixes renewables, import and
// discharge, and each battery holds a mix of stored energy that charge
// adds to and discharge and self-discharge take from in proportion (energy
// stored at the start counts as grid energy). Each tenant's renewable and
// grid content add up to the energy it was served, and the park's to
// Report.Energy.RenewableServed and GridServed ([EnergyOrigin]).
//
// So a tenant whose load falls when PV covers the park, or when the
// battery discharges solar energy, gets a lower intensity than one whose
// load falls on grid hours, which an annual split by energy would hide.
//
// With heat, the heat is a second pool (see traceBus): the heat pumps' and
// electric boilers' electricity carries the bus's intensity into it, the
// fuel and the heat bought their factors, the thermal stores their
// content's; every kWh_th drawn carries the pool's intensity, and heat
// loads share the served heat's carbon by their heat load, each for the
// tenant it names (model.HeatLoad.Tenant; heat loads that name none go to
// UntenantedHeatKgCO2e). Carbon is conserved over both carriers.
//
// A schedule that does not match the park or the profiles, or holds a NaN
// or infinite value (named, as [Account] names it), is an error unwrapping
// to [ErrInput].
func Attribute(p *model.Park, prof *model.Profiles, res *Result) (*Attribution, error) {
	if p == nil || prof == nil || res == nil || res.Schedule == nil {
		return nil, fmt.Errorf("%w: Attribute needs the park, its profiles and a result", ErrInput)
	}
	s := res.Schedule
	if prof.Len != s.Len || !prof.Start.Equal(s.Start) || prof.Step != s.Step {
		return nil, fmt.Errorf("%w: profiles (%s, %d × %s) are not the ones the schedule (%s, %d × %s) was run on",
			ErrInput, prof.Start, prof.Len, prof.Step, s.Start, s.Len, s.Step)
	}
	if err := s.Validate(p); err != nil {
		return nil, fmt.Errorf("attribute: %w", err)
	}
	if err := s.finite(); err != nil { // as Account: a NaN spread NaN shares
		return nil, fmt.Errorf("attribute: %w", err)
	}
	if len(prof.LoadKW) != len(p.Loads) {
		return nil, fmt.Errorf("%w: attribute: profiles have %d loads, the park %d", ErrInput, len(prof.LoadKW), len(p.Loads))
	}
	for i, l := range prof.LoadKW {
		if len(l) < s.Len {
			return nil, fmt.Errorf("%w: attribute: profiles LoadKW[%d] (%q) has %d values, the schedule %d intervals",
				ErrInput, i, p.Loads[i].Name, len(l), s.Len)
		}
	}
	h := s.Step.Hours()
	a := &Attribution{Tenants: make([]TenantShare, len(p.Loads)),
		rateKgCO2ePerKW: make([]float64, s.Len), loadKW: prof.LoadKW}
	for i, l := range p.Loads {
		a.Tenants[i].Name = l.Name
	}
	var untenanted []int
	if s.HeatLoadKWTh != nil {
		if err := checkHeatShape(p, prof, "profiles'"); err != nil {
			return nil, fmt.Errorf("attribute: %w", err)
		}
		for i, v := range prof.HeatLoadKWTh {
			if len(v) < s.Len {
				return nil, fmt.Errorf("%w: attribute: profiles HeatLoadKWTh[%d] (%q) has %d values, the schedule %d intervals",
					ErrInput, i, p.HeatLoads[i].Name, len(v), s.Len)
			}
		}
		a.heatRateKgCO2ePerKWTh, a.heatKW = make([]float64, s.Len), prof.HeatLoadKWTh
		a.heatOf = make([][]int, len(p.Loads))
		for k, hl := range p.HeatLoads {
			i := slices.IndexFunc(p.Loads, func(l model.Load) bool { return l.Name == hl.Tenant })
			if hl.Tenant == "" || i < 0 {
				untenanted = append(untenanted, k)
				continue
			}
			a.heatOf[i] = append(a.heatOf[i], k)
		}
	}
	var heatBaseKg []float64 // each interval's heat baseline, shared as its heat (shareHeat)
	if a.heatOf != nil {
		heatBaseKg = make([]float64, s.Len)
		heatBaselineEach(p, s, func(t int, kg float64) { heatBaseKg[t] = kg })
	}
	tt := traceBus(p, s, func(t int, m busMix) {
		f := s.AccountingKgCO2ePerKWh[t]
		load := s.LoadKW[t]
		if load > 0 {
			a.rateKgCO2ePerKW[t] = m.kgCO2ePerKWh * m.servedKWh / load
		}
		if a.heatOf != nil {
			a.shareHeat(s, t, h, m, untenanted, heatBaseKg[t])
		}
		for i := range a.Tenants {
			li := prof.LoadKW[i][t]
			ts := &a.Tenants[i]
			ts.LoadKWh += li * h
			ts.BaselineKgCO2e += li * f * h
			if load > 0 {
				w := li / load
				ts.ResidualKgCO2e += li * a.rateKgCO2ePerKW[t]
				ts.UnservedKWh += s.UnservedKW[t] * h * w
				ts.RenewableKWh += m.renewable * m.servedKWh * w
				ts.GridKWh += m.grid * m.servedKWh * w
			}
		}
	})
	a.StoredChangeKgCO2e, a.ExportedKgCO2e = tt.storedChangeKgCO2e, tt.exportedKgCO2e
	a.InitialKgCO2ePerKWh, a.Origin = tt.initialKgCO2ePerKWh, tt.origin
	a.HeatStoredChangeKgCO2e, a.InitialKgCO2ePerKWhTh = tt.heatStoredChangeKgCO2e, tt.initialKgCO2ePerKWhTh
	pos := 0.0
	for i := range a.Tenants {
		ts := &a.Tenants[i]
		if served := ts.LoadKWh - ts.UnservedKWh; served > 0 {
			ts.KgCO2ePerKWh = (ts.ResidualKgCO2e - ts.HeatKgCO2e) / served
			ts.RenewableShare = ts.RenewableKWh / served
		}
		pos += math.Max(ts.ResidualKgCO2e, 0)
	}
	// The heat of heat loads without a tenant has its share of the
	// offsets, which no tenant bears (QA, December 2026: the tenants were
	// charged the whole park's, the untenanted heat's 15 t included).
	pos += math.Max(a.UntenantedHeatKgCO2e, 0)
	if pos > 0 {
		for i := range a.Tenants {
			ts := &a.Tenants[i]
			ts.OffsetsNeededTCO2e = res.Report.OffsetsNeededTCO2e * math.Max(ts.ResidualKgCO2e, 0) / pos
		}
	}
	return a, nil
}

// shareHeat shares interval t's served heat carbon (mix m) and its heat
// baseline, baseKg, among the tenants by their heat load; heat loads in
// untenanted name no tenant.
func (a *Attribution) shareHeat(s *Schedule, t int, h float64, m busMix, untenanted []int, baseKg float64) {
	heat := s.HeatLoadKWTh[t]
	if heat <= 0 {
		return
	}
	a.heatRateKgCO2ePerKWTh[t] = m.heatKgCO2ePerKWhTh * m.heatServedKWhTh / heat
	unserved := s.UnservedHeatKWTh[t] / heat
	base := baseKg / heat // the heat baseline per kW_th of heat load
	for i := range a.Tenants {
		ts := &a.Tenants[i]
		q := 0.0
		for _, k := range a.heatOf[i] {
			q += a.heatKW[k][t]
		}
		kg := q * a.heatRateKgCO2ePerKWTh[t]
		ts.HeatLoadKWhTh += q * h
		ts.HeatUnservedKWhTh += q * unserved * h
		ts.HeatKgCO2e += kg
		ts.ResidualKgCO2e += kg
		ts.HeatBaselineKgCO2e += q * base
		ts.BaselineKgCO2e += q * base
	}
	for _, k := range untenanted {
		a.UntenantedHeatKgCO2e += a.heatKW[k][t] * a.heatRateKgCO2ePerKWTh[t]
		a.UntenantedHeatBaselineKgCO2e += a.heatKW[k][t] * base
	}
}
