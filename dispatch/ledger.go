package dispatch

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Stage is where a park stands on the path low-carbon → near-zero-carbon →
// zero-carbon.
type Stage string

// The stages, from worst to best.
const (
	Conventional   Stage = "conventional"
	LowCarbon      Stage = "low-carbon"
	NearZeroCarbon Stage = "near-zero-carbon"
	ZeroCarbon     Stage = "zero-carbon"
)

// Stages lists the stages from worst to best.
func Stages() []Stage { return []Stage{Conventional, LowCarbon, NearZeroCarbon, ZeroCarbon} }

// Rank orders the stages: conventional 0, low-carbon 1, near-zero-carbon 2,
// zero-carbon 3; -1 for anything else.
func (s Stage) Rank() int {
	for i, x := range Stages() {
		if x == s {
			return i
		}
	}
	return -1
}

// Default stage thresholds and conversion factors, with their sources.
const (
	// DefaultCleanShareMin is the minimum clean-energy share of a
	// zero-carbon park: NDRC, MIIT and NEA, "Notice on carrying out the
	// construction of zero-carbon parks" (发改环资〔2025〕910号), core
	// indicator: clean-energy consumption ≥ 90 %.
	DefaultCleanShareMin = 0.90
	// DefaultCarbonPerTceMax is that notice's carbon emission per unit of
	// energy consumption: ≤ 0.20 tCO2/tce for parks using less than
	// 1 Mtce a year…
	DefaultCarbonPerTceMax = 0.20
	// DefaultCarbonPerTceMaxLarge …and ≤ 0.30 tCO2/tce for parks using
	// 1 Mtce a year or more.
	DefaultCarbonPerTceMaxLarge = 0.30
	// DefaultLargeParkTcePerYear is the consumption (tce a year) from which
	// the larger limit applies.
	DefaultLargeParkTcePerYear = 1e6
	// DefaultKgcePerKWh converts electricity to standard coal equivalent
	// (equivalent-value method): GB/T 2589-2020, General principles for
	// calculation of the comprehensive energy consumption, 0.1229 kgce/kWh.
	DefaultKgcePerKWh = 0.1229
	// DefaultLowCarbonRenewableShareMin and DefaultLowCarbonReductionMin
	// define "low-carbon": a renewable electricity share of at least 30 %
	// or emissions at least 30 % below the all-grid baseline (the level
	// used by published regional low-carbon park indicator sets).
	DefaultLowCarbonRenewableShareMin = 0.30
	DefaultLowCarbonReductionMin      = 0.30
)

// LedgerConfig holds the accounting settings: stage thresholds (defaults
// above), offsets and certificates already held, and prices.
type LedgerConfig struct {
	CleanShareMin              float64
	CarbonPerTceMax            float64
	CarbonPerTceMaxLarge       float64
	LargeParkTcePerYear        float64
	KgcePerKWh                 float64
	LowCarbonRenewableShareMin float64
	LowCarbonReductionMin      float64
	OffsetPricePerTCO2e        float64 // currency per tCO2e of offsets
	CertificatePricePerMWh     float64 // currency per MWh of green certificates
	OffsetsHeldTCO2e           float64 // offsets the park already holds
	CertificatesHeldMWh        float64 // green certificates already held
	// StorageValueKgCO2ePerKWh values the change in stored energy over the
	// period so policies that end with different states of charge compare
	// on equal terms; 0 means η_dis × the mean accounting factor.
	StorageValueKgCO2ePerKWh float64
}

// DefaultLedgerConfig returns the documented defaults (no offsets held, no
// prices).
func DefaultLedgerConfig() LedgerConfig {
	return LedgerConfig{
		CleanShareMin:              DefaultCleanShareMin,
		CarbonPerTceMax:            DefaultCarbonPerTceMax,
		CarbonPerTceMaxLarge:       DefaultCarbonPerTceMaxLarge,
		LargeParkTcePerYear:        DefaultLargeParkTcePerYear,
		KgcePerKWh:                 DefaultKgcePerKWh,
		LowCarbonRenewableShareMin: DefaultLowCarbonRenewableShareMin,
		LowCarbonReductionMin:      DefaultLowCarbonReductionMin,
	}
}

func (c *LedgerConfig) validate() []error {
	var errs []error
	check := func(field string, v, lo, hi float64) {
		if math.IsNaN(v) || v < lo || v > hi {
			errs = append(errs, fmt.Errorf("%w: Ledger.%s = %v: must be in [%v, %v]", ErrConfig, field, v, lo, hi))
		}
	}
	check("CleanShareMin", c.CleanShareMin, 0, 1)
	check("LowCarbonRenewableShareMin", c.LowCarbonRenewableShareMin, 0, 1)
	check("LowCarbonReductionMin", c.LowCarbonReductionMin, 0, 1)
	check("CarbonPerTceMax", c.CarbonPerTceMax, 0, math.MaxFloat64)
	check("CarbonPerTceMaxLarge", c.CarbonPerTceMaxLarge, 0, math.MaxFloat64)
	check("LargeParkTcePerYear", c.LargeParkTcePerYear, 0, math.MaxFloat64)
	check("KgcePerKWh", c.KgcePerKWh, 1e-9, math.MaxFloat64)
	check("OffsetPricePerTCO2e", c.OffsetPricePerTCO2e, 0, math.MaxFloat64)
	check("CertificatePricePerMWh", c.CertificatePricePerMWh, 0, math.MaxFloat64)
	check("OffsetsHeldTCO2e", c.OffsetsHeldTCO2e, 0, math.MaxFloat64)
	check("CertificatesHeldMWh", c.CertificatesHeldMWh, 0, math.MaxFloat64)
	check("StorageValueKgCO2ePerKWh", c.StorageValueKgCO2ePerKWh, 0, math.MaxFloat64)
	return errs
}

// EnergyKWh are a period's energy totals, all in kWh.
type EnergyKWh struct {
	Load               float64 `json:"load"`
	Served             float64 `json:"served"`
	PV                 float64 `json:"pv"`
	Wind               float64 `json:"wind"`
	Renewable          float64 `json:"renewable"`
	RenewableAvailable float64 `json:"renewable_available"`
	Curtailed          float64 `json:"curtailed"`
	Import             float64 `json:"import"`
	Export             float64 `json:"export"`
	Unserved           float64 `json:"unserved"`
	Charge             float64 `json:"charge"`
	Discharge          float64 `json:"discharge"`
	// BatteryLosses = Charge − Discharge − StoredChange (conversion and
	// self-discharge losses).
	BatteryLosses float64 `json:"battery_losses"`
	// StoredChange is final minus initial stored energy.
	StoredChange float64 `json:"stored_change"`
}

// renewableOnSite is the renewable energy used in the park: generated
// less exported (export is taken to be renewable surplus), never < 0.
func (e EnergyKWh) renewableOnSite() float64 { return math.Max(e.Renewable-e.Export, 0) }

// StageBasis shows the figures the stage was judged on.
type StageBasis struct {
	// CleanShare is (on-site renewable used + certificates held) / served
	// consumption.
	CleanShare    float64 `json:"clean_share"`
	CleanShareMin float64 `json:"clean_share_min"`
	// CarbonPerTce is residual tCO2e per tce of consumption (electricity
	// at KgcePerKWh).
	CarbonPerTce          float64 `json:"carbon_tco2_per_tce"`
	CarbonPerTceMax       float64 `json:"carbon_tco2_per_tce_max"`
	ConsumptionTcePerYear float64 `json:"consumption_tce_per_year"`
	IndicatorsMet         bool    `json:"indicators_met"`
	ResidualOffset        bool    `json:"residual_offset"`
	ReductionVsBaseline   float64 `json:"reduction_vs_baseline"`
	Sources               string  `json:"sources"`
}

// Report is the ledger of one dispatched period. Emissions are
// location-based: import × accounting factor × Δt, summed per interval;
// export is reported, never netted against import.
type Report struct {
	Policy      Policy    `json:"policy"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Steps       int       `json:"steps"`
	StepMinutes float64   `json:"step_minutes"`

	Energy EnergyKWh `json:"energy_kwh"`

	// BaselineKgCO2e: every kWh of load from the grid.
	BaselineKgCO2e float64 `json:"baseline_kgco2e"`
	// ResidualKgCO2e: what the dispatch still emits.
	ResidualKgCO2e float64 `json:"residual_kgco2e"`
	AvoidedKgCO2e  float64 `json:"avoided_kgco2e"`
	// DispatchSignalKgCO2e is import × dispatch signal, what the LP saw.
	DispatchSignalKgCO2e float64 `json:"dispatch_signal_kgco2e"`
	// StorageAdjustmentKgCO2e values the stored energy drawn down over the
	// period (initial − final, kWh, per battery) at each battery's storage
	// value; adding it puts policies that end with different states of
	// charge on equal terms.
	StorageAdjustmentKgCO2e float64 `json:"storage_adjustment_kgco2e"`
	AdjustedResidualKgCO2e  float64 `json:"adjusted_residual_kgco2e"`
	// StorageValueKgCO2ePerKWh is the first battery's storage value (the
	// others differ only by their discharge efficiency).
	StorageValueKgCO2ePerKWh float64 `json:"storage_value_kgco2e_per_kwh"`

	// OffsetsNeededTCO2e closes the gap to net zero (residual less offsets
	// held, never below zero); CertificatesMWh is the residual grid import
	// less certificates held, as green-electricity certificates.
	OffsetsNeededTCO2e float64 `json:"offsets_needed_tco2e"`
	CertificatesMWh    float64 `json:"certificates_mwh"`
	OffsetCost         float64 `json:"offset_cost"`
	CertificateCost    float64 `json:"certificate_cost"`
	EnergyCost         float64 `json:"energy_cost"`

	Stage      Stage      `json:"stage"`
	StageBasis StageBasis `json:"stage_basis"`

	// RenewableShare = (renewable − export) / served, in [0,1].
	RenewableShare float64 `json:"renewable_share"`
	// SelfSufficiency = (served − import) / served, in [0,1].
	SelfSufficiency float64 `json:"self_sufficiency"`
	// SelfConsumption = (renewable − export) / renewable, in [0,1].
	SelfConsumption float64 `json:"self_consumption"`
	// CurtailmentShare = curtailed / renewable available.
	CurtailmentShare float64 `json:"curtailment_share"`
	UnservedKWh      float64 `json:"unserved_kwh"`

	DispatchSignal   string `json:"dispatch_signal"`
	AccountingSignal string `json:"accounting_signal"`

	Solve SolveStats `json:"solve"`
	// Forecasts reports each forecaster's errors (rolling horizon with
	// forecasts only).
	Forecasts []SeriesForecast `json:"forecasts,omitempty"`
}

// storageValue is the ledger's value of a kWh stored in bat (kgCO2e per
// kWh): cfg.StorageValueKgCO2ePerKWh, or when that is 0, η_dis × the
// period's mean accounting factor meanFactor (not below 0).
func storageValue(bat model.Battery, meanFactor float64, cfg LedgerConfig) float64 {
	if cfg.StorageValueKgCO2ePerKWh != 0 {
		return cfg.StorageValueKgCO2ePerKWh
	}
	return bat.DischargeEfficiency * math.Max(meanFactor, 0)
}

// mean is the mean of v (0 when empty).
func mean(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	m := 0.0
	for _, x := range v {
		m += x
	}
	return m / float64(len(v))
}

func ratio(num, den float64) float64 {
	if den <= 0 {
		return 0
	}
	return math.Min(math.Max(num/den, 0), 1)
}

func describe(c model.CarbonSignal) string {
	kind := string(c.Kind)
	if kind == "" {
		kind = "unspecified kind"
	}
	src := ""
	if c.Source != "" {
		src = "; " + c.Source
	}
	if c.Column != "" {
		return fmt.Sprintf("hourly series %q (%s%s)", c.Column, kind, src)
	}
	return fmt.Sprintf("constant %g kgCO2e/kWh (%s%s)", c.KgCO2ePerKWh, kind, src)
}

// Account computes the ledger of schedule s for park p.
func Account(p *model.Park, s *Schedule, cfg LedgerConfig) Report {
	h := s.Step.Hours()
	r := Report{Start: s.Start, End: s.Time(s.Len), Steps: s.Len, StepMinutes: s.Step.Minutes()}
	e := &r.Energy
	for t := 0; t < s.Len; t++ {
		e.Load += s.LoadKW[t] * h
		for i := range s.PVKW {
			e.PV += s.PVKW[i][t] * h
			e.RenewableAvailable += s.PVAvailKW[i][t] * h
		}
		for j := range s.WindKW {
			e.Wind += s.WindKW[j][t] * h
			e.RenewableAvailable += s.WindAvailKW[j][t] * h
		}
		for b := range s.ChargeKW {
			e.Charge += s.ChargeKW[b][t] * h
			e.Discharge += s.DischargeKW[b][t] * h
		}
		e.Import += s.ImportKW[t] * h
		e.Export += s.ExportKW[t] * h
		e.Unserved += s.UnservedKW[t] * h
		e.Curtailed += s.CurtailedKW[t] * h
		r.BaselineKgCO2e += s.LoadKW[t] * s.AccountingKgCO2ePerKWh[t] * h
		r.ResidualKgCO2e += s.EmissionsKgCO2e[t]
		r.DispatchSignalKgCO2e += s.ImportKW[t] * s.DispatchKgCO2ePerKWh[t] * h
		r.EnergyCost += (s.ImportKW[t]*s.ImportPricePerKWh[t] - s.ExportKW[t]*s.ExportPricePerKWh[t]) * h
	}
	meanFactor := mean(s.AccountingKgCO2ePerKWh[:s.Len])
	e.Served = e.Load - e.Unserved
	e.Renewable = e.PV + e.Wind
	for b, bat := range p.Batteries {
		e.StoredChange += s.FinalSoCKWh(b) - s.InitialSoCKWh[b]
		v := storageValue(bat, meanFactor, cfg)
		r.StorageAdjustmentKgCO2e += (s.InitialSoCKWh[b] - s.FinalSoCKWh(b)) * v
		if b == 0 {
			r.StorageValueKgCO2ePerKWh = v
		}
	}
	e.BatteryLosses = e.Charge - e.Discharge - e.StoredChange
	r.AdjustedResidualKgCO2e = r.ResidualKgCO2e + r.StorageAdjustmentKgCO2e
	r.AvoidedKgCO2e = r.BaselineKgCO2e - r.ResidualKgCO2e
	r.UnservedKWh = e.Unserved

	onSite := e.renewableOnSite()
	r.RenewableShare = ratio(onSite, e.Served)
	r.SelfSufficiency = ratio(e.Served-e.Import, e.Served)
	r.SelfConsumption = ratio(onSite, e.Renewable)
	r.CurtailmentShare = ratio(e.Curtailed, e.RenewableAvailable)

	r.OffsetsNeededTCO2e = math.Max(r.ResidualKgCO2e/1000-cfg.OffsetsHeldTCO2e, 0)
	r.CertificatesMWh = math.Max(e.Import/1000-cfg.CertificatesHeldMWh, 0)
	r.OffsetCost = r.OffsetsNeededTCO2e * cfg.OffsetPricePerTCO2e
	r.CertificateCost = r.CertificatesMWh * cfg.CertificatePricePerMWh

	r.Stage, r.StageBasis = judge(&r, s, cfg)
	r.DispatchSignal = describe(p.Grid.DispatchCarbon)
	if p.Grid.AccountingCarbon == nil {
		r.AccountingSignal = "the dispatch signal serves as accounting factor: " + r.DispatchSignal
	} else {
		r.AccountingSignal = describe(*p.Grid.AccountingCarbon)
	}
	return r
}

// judge decides the stage from the report's totals.
func judge(r *Report, s *Schedule, cfg LedgerConfig) (Stage, StageBasis) {
	e := r.Energy
	b := StageBasis{CleanShareMin: cfg.CleanShareMin, Sources: "NDRC/MIIT/NEA 发改环资〔2025〕910号 core indicators; GB/T 2589-2020 electricity 0.1229 kgce/kWh"}
	years := s.Step.Hours() * float64(s.Len) / 8760
	tce := e.Served * cfg.KgcePerKWh / 1000
	if years > 0 {
		b.ConsumptionTcePerYear = tce / years
	}
	b.CarbonPerTceMax = cfg.CarbonPerTceMax
	if b.ConsumptionTcePerYear >= cfg.LargeParkTcePerYear {
		b.CarbonPerTceMax = cfg.CarbonPerTceMaxLarge
	}
	b.CleanShare = ratio(e.renewableOnSite()+cfg.CertificatesHeldMWh*1000, e.Served)
	if tce > 0 {
		b.CarbonPerTce = math.Max(r.ResidualKgCO2e, 0) / 1000 / tce
	}
	if r.BaselineKgCO2e > 0 {
		b.ReductionVsBaseline = r.AvoidedKgCO2e / r.BaselineKgCO2e
	}
	b.IndicatorsMet = e.Served > 0 && b.CleanShare >= cfg.CleanShareMin && b.CarbonPerTce <= b.CarbonPerTceMax
	b.ResidualOffset = r.OffsetsNeededTCO2e <= 0
	switch {
	case b.IndicatorsMet && b.ResidualOffset:
		return ZeroCarbon, b
	case b.IndicatorsMet:
		return NearZeroCarbon, b
	case r.RenewableShare >= cfg.LowCarbonRenewableShareMin || b.ReductionVsBaseline >= cfg.LowCarbonReductionMin:
		return LowCarbon, b
	}
	return Conventional, b
}
