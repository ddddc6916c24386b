package plan

import (
	"fmt"
	"math"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Addition is the capacity a design adds to one asset.
type Addition struct {
	Tech Tech
	// Asset names the PV array, turbine or battery extended.
	Asset string
	// Unit is Tech.Unit(): "kWp", "kW" or "kWh".
	Unit string
	// Existing is today's capacity, Added what the design adds, Total
	// their sum (the design park's capacity).
	Existing, Added, Total float64
	// CapitalPerYear is Added × capital cost × CRF(discount rate,
	// lifetime); FixedOMPerYear is Added × fixed O&M.
	CapitalPerYear, FixedOMPerYear float64
}

// Design is a park's capacities and their cheapest operation over the
// period. Money is in the park's currency per year and energy and carbon
// per year (period figures × 8760 h / the period's hours); Report is the
// ledger of the plan's own schedule over the period as
// [dispatch.Account] makes it.
type Design struct {
	// Target is the stage the design was solved for ("" for today's park,
	// a frontier point or an evaluation without a target). Stage is the
	// stage the ledger grants its schedule, never below Target.
	Target dispatch.Stage
	Stage  dispatch.Stage
	// Additions lists every candidate asset, added capacity 0 included.
	Additions []Addition
	// Park is the design as a park, ready to run: today's park with the
	// added capacities and, in Market, the offsets and certificates held
	// and bought (for the period) at the plan's prices.
	Park *model.Park
	// Schedule is the plan's dispatch over the calendar (with
	// representative periods: the representatives expanded onto the
	// periods they stand for) and Report its ledger.
	Schedule *dispatch.Schedule
	Report   dispatch.Report

	CapitalPerYear float64
	FixedOMPerYear float64
	// ImportCostPerYear and ExportRevenuePerYear are at each interval's
	// price; EnergyCostPerYear is their difference.
	ImportCostPerYear    float64
	ExportRevenuePerYear float64
	EnergyCostPerYear    float64
	DemandChargePerYear  float64
	// WearCostPerYear is the batteries' throughput × their wear cost.
	WearCostPerYear float64
	// OperatingCostPerYear = energy cost + demand charge + wear.
	OperatingCostPerYear float64
	// Offsets and certificates bought on top of those held.
	OffsetsBoughtTCO2ePerYear    float64
	OffsetCostPerYear            float64
	CertificatesBoughtMWhPerYear float64
	CertificateCostPerYear       float64
	// TotalCostPerYear = capital + fixed O&M + operating cost + offsets +
	// certificates (unserved load is reported, not costed).
	TotalCostPerYear float64
	// ResidualTCO2ePerYear is the ledger's residual; NetResidual… is it
	// less the offsets bought.
	ResidualTCO2ePerYear    float64
	NetResidualTCO2ePerYear float64
	UnservedKWhPerYear      float64
	// CostPerTCO2eAvoided is (TotalCostPerYear − today's) / (today's net
	// residual − NetResidualTCO2ePerYear), against today's park: set by
	// [Model.Roadmap]; nil when nothing is avoided.
	CostPerTCO2eAvoided *float64
	// Years is the length of the period in years (8760 h each).
	Years float64
}

// Added is the total capacity the design adds of tech t.
func (d *Design) Added(t Tech) float64 {
	s := 0.0
	for _, a := range d.Additions {
		if a.Tech == t {
			s += a.Added
		}
	}
	return s
}

// additions reads the added capacities from x: clamped to their bounds
// (the solver may stray by its tolerance) with each technology's sum
// within its bound, so the design park passes validation.
func (m *Model) additions(x []float64) []float64 {
	add := make([]float64, len(m.cands))
	sum := make([]float64, numTechs)
	for i, cd := range m.cands {
		v := x[m.col.add[i]]
		if v < 1e-9 {
			v = 0
		}
		add[i] = math.Min(v, techCosts(m.ccosts, cd.tech).MaxAdded())
		sum[cd.tech] += add[i]
	}
	for i, cd := range m.cands {
		if lim := techCosts(m.ccosts, cd.tech).MaxAdded(); sum[cd.tech] > lim {
			add[i] *= lim / sum[cd.tech]
		}
	}
	return add
}

// designPark is today's park with the additions made and the market
// holding what is held and bought.
func (m *Model) designPark(add []float64, offsetsTCO2e, certsMWh float64) *model.Park {
	p := copyPark(m.park)
	for i, cd := range m.cands {
		switch cd.tech {
		case TechPV:
			p.PV[cd.asset].CapacityKWp += add[i]
		case TechWind:
			p.Wind[cd.asset].CapacityKW += add[i]
		case TechBatteryEnergy:
			p.Batteries[cd.asset].EnergyKWh += add[i]
		case TechBatteryPower:
			p.Batteries[cd.asset].MaxChargeKW += add[i]
			p.Batteries[cd.asset].MaxDischargeKW += add[i]
		}
	}
	led := &m.opt.Ledger
	if p.Market != nil || offsetsTCO2e > 0 || certsMWh > 0 || led.OffsetsHeldTCO2e > 0 || led.CertificatesHeldMWh > 0 {
		op, cp := led.OffsetPricePerTCO2e, led.CertificatePricePerMWh
		p.Market = &model.Market{
			OffsetsHeldTCO2e:       led.OffsetsHeldTCO2e + offsetsTCO2e,
			CertificatesHeldMWh:    led.CertificatesHeldMWh + certsMWh,
			OffsetPricePerTCO2e:    &op,
			CertificatePricePerMWh: &cp,
		}
	}
	return p
}

// design turns the solution x into a Design judged by the ledger; with a
// target above conventional, a schedule the ledger ranks below it is
// ErrNotReached.
func (m *Model) design(x []float64, target dispatch.Stage) (*Design, error) {
	add := m.additions(x)
	offsets := math.Max(x[m.col.offsets], 0)
	certs := math.Max(x[m.col.certs], 0)
	p := m.designPark(add, offsets, certs)
	s, err := m.schedule(x, p)
	if err != nil {
		return nil, err
	}
	d := &Design{Target: target, Park: p, Schedule: s, Years: 1 / m.annual}
	if d.Report, err = dispatch.Account(p, s, m.opt.Ledger.WithMarket(p.Market)); err != nil {
		return nil, err
	}
	d.Report.Objective = dispatch.Cost
	d.Stage = d.Report.Stage
	m.money(d, add, offsets, certs)
	if target.Rank() > dispatch.Conventional.Rank() && d.Stage.Rank() < target.Rank() {
		return nil, fmt.Errorf("%w: planned for %s, the ledger ranks the plan's schedule %s (%s)",
			ErrNotReached, target, d.Stage, d.Report.StageBasis.StageLimitedBy)
	}
	return d, nil
}

// schedule writes the plan's dispatch onto the calendar for design park p.
func (m *Model) schedule(x []float64, p *model.Park) (*dispatch.Schedule, error) {
	s, err := dispatch.NewSchedule(p, m.cal.profiles(p))
	if err != nil {
		return nil, fmt.Errorf("plan: design schedule: %w", err)
	}
	minKWh := make([]float64, len(p.Batteries))
	for b, bat := range p.Batteries {
		minKWh[b] = bat.MinSoCKWh()
		s.InitialSoCKWh[b] = clean(x[m.startCol(b)]) + minKWh[b]
	}
	for k := range m.segs {
		blk := m.segs[k].blk
		for _, mb := range m.segs[k].members {
			if err := blk.Extract(x, s, mb.start, 0, mb.len, minKWh); err != nil {
				return nil, fmt.Errorf("plan: design schedule: %w", err)
			}
			if !m.reps {
				continue
			}
			// The real state: the period's start state decayed, plus the
			// representative's intra-period state (Kotzur).
			for b, bat := range p.Batteries {
				a := 1 - bat.SelfDischargePerHour*m.stepHours
				e := x[m.col.inter[b][mb.period]]
				for t := range mb.len {
					e *= a
					s.SoCKWh[b][mb.start+t] = clean(e+x[blk.SoC(t, b)]) + minKWh[b]
				}
			}
		}
	}
	return s, nil
}

// money fills the design's costs and quantities per year.
func (m *Model) money(d *Design, add []float64, offsets, certs float64) {
	rate := m.ccosts.DiscountRatePerYear
	for i, cd := range m.cands {
		tc := techCosts(m.ccosts, cd.tech)
		a := Addition{Tech: cd.tech, Asset: cd.name, Unit: cd.tech.Unit(), Added: add[i],
			Existing:       m.existing(cd),
			CapitalPerYear: add[i] * tc.CapitalPerUnit * model.CapitalRecoveryFactor(rate, tc.LifetimeYears),
			FixedOMPerYear: add[i] * tc.FixedOMPerUnitYear}
		a.Total = a.Existing + a.Added
		d.Additions = append(d.Additions, a)
		d.CapitalPerYear += a.CapitalPerYear
		d.FixedOMPerYear += a.FixedOMPerYear
	}
	s, h, k := d.Schedule, d.Schedule.Step.Hours(), m.annual
	for t := range s.Len {
		d.ImportCostPerYear += s.ImportKW[t] * s.ImportPricePerKWh[t] * h * k
		d.ExportRevenuePerYear += s.ExportKW[t] * s.ExportPricePerKWh[t] * h * k
		for b, bat := range d.Park.Batteries {
			d.WearCostPerYear += bat.WearCostPerKWh * (s.ChargeKW[b][t] + s.DischargeKW[b][t]) * h * k
		}
	}
	led := &m.opt.Ledger
	d.EnergyCostPerYear = d.ImportCostPerYear - d.ExportRevenuePerYear
	d.DemandChargePerYear = d.Report.DemandChargeCost * k
	d.OperatingCostPerYear = d.EnergyCostPerYear + d.DemandChargePerYear + d.WearCostPerYear
	d.OffsetsBoughtTCO2ePerYear = offsets * k
	d.OffsetCostPerYear = offsets * led.OffsetPricePerTCO2e * k
	d.CertificatesBoughtMWhPerYear = certs * k
	d.CertificateCostPerYear = certs * led.CertificatePricePerMWh * k
	d.TotalCostPerYear = d.CapitalPerYear + d.FixedOMPerYear + d.OperatingCostPerYear + d.OffsetCostPerYear + d.CertificateCostPerYear
	d.ResidualTCO2ePerYear = d.Report.ResidualKgCO2e / 1000 * k
	d.NetResidualTCO2ePerYear = d.ResidualTCO2ePerYear - d.OffsetsBoughtTCO2ePerYear
	d.UnservedKWhPerYear = d.Report.UnservedKWh * k
}

// existing is today's capacity of a candidate's asset.
func (m *Model) existing(cd candidate) float64 {
	switch cd.tech {
	case TechPV:
		return m.park.PV[cd.asset].CapacityKWp
	case TechWind:
		return m.park.Wind[cd.asset].CapacityKW
	case TechBatteryEnergy:
		return m.park.Batteries[cd.asset].EnergyKWh
	}
	b := m.park.Batteries[cd.asset]
	return max(b.MaxChargeKW, b.MaxDischargeKW)
}

// clean rounds solver noise: values within 1e-9 of zero become zero.
func clean(v float64) float64 {
	if math.Abs(v) < 1e-9 {
		return 0
	}
	return v
}
