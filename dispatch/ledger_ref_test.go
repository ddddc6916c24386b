package dispatch

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/demo"
	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
)

// The ledger as it was before it was made faster (session 38, main at
// 110b3fc), kept verbatim as the reference the fast one must match bit for
// bit (TestAccountMatchesReference) and race (BenchmarkAccountAgainstRef).
// Only account, traceBus, socCorrectionKWh and storeCorrectionKWhTh changed
// (accountHeat is copied to call the last as it was); what they call is
// shared.

// accountWithRef is Account as it was: the same checks, then accountRef.
func accountWithRef(p *model.Park, s *Schedule, cfg LedgerConfig) (Report, error) {
	if p == nil || s == nil {
		return Report{}, fmt.Errorf("%w: Account needs a park and a schedule", ErrInput)
	}
	if err := s.Validate(p); err != nil {
		return Report{}, err
	}
	if err := s.finite(); err != nil {
		return Report{}, err
	}
	if errs := cfg.validate(); len(errs) > 0 {
		return Report{}, errors.Join(errs...)
	}
	return accountRef(p, s, cfg), nil
}

// accountRef is account as it was.
func accountRef(p *model.Park, s *Schedule, cfg LedgerConfig) Report {
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
			if both := math.Min(s.ChargeKW[b][t], s.DischargeKW[b][t]); both > checkTolKW {
				e.ChargedWhileDischarging += both * h
				e.AtOnceIntervals++
			}
		}
		r.WearCost += IntervalWearCost(p, s, t)
		e.Import += s.ImportKW[t] * h
		e.Export += s.ExportKW[t] * h
		e.Unserved += s.UnservedKW[t] * h
		e.Curtailed += s.CurtailedKW[t] * h
		r.BaselineKgCO2e += s.LoadKW[t] * s.AccountingKgCO2ePerKWh[t] * h
		r.ResidualKgCO2e += s.EmissionsKgCO2e[t]
		r.DispatchSignalKgCO2e += s.ImportKW[t] * s.DispatchKgCO2ePerKWh[t] * h
		r.EnergyCost += (s.ImportKW[t]*s.ImportPricePerKWh[t] - s.ExportKW[t]*s.ExportPricePerKWh[t]) * h
		if s.ImportPricePerKWh[t] < 0 {
			r.NegativeImportPriceIntervals++
			r.NegativeImportPriceKWh += s.ImportKW[t] * h
		}
		if s.DispatchKgCO2ePerKWh[t] != s.AccountingKgCO2ePerKWh[t] {
			r.SignalsDiffer = true
		}
	}
	if rate := p.Grid.DemandChargePerKWMonth; rate > 0 {
		r.MonthlyPeakImportKW = monthlyPeaks(s, rate)
		for _, mp := range r.MonthlyPeakImportKW {
			r.DemandChargeCost += mp.Charge
		}
	}
	meanFactor := mean(s.AccountingKgCO2ePerKWh[:s.Len])
	e.Served = e.Load - e.Unserved
	e.Renewable = e.PV + e.Wind
	for b, bat := range p.Batteries {
		e.StoredChange += s.FinalSoCKWh(b) - s.InitialSoCKWh[b]
		e.SoCCorrection += socCorrectionKWhRef(bat, s, b)
		v := storageValue(bat, meanFactor, cfg)
		r.StorageAdjustmentKgCO2e += (s.InitialSoCKWh[b] - s.FinalSoCKWh(b)) * v
		if b == 0 {
			r.StorageValueKgCO2ePerKWh = v
		}
	}
	e.BatteryLosses = e.Charge - e.Discharge - e.StoredChange + e.SoCCorrection
	// GB/T 2589: consumption = bought + produced on site − sent out. Our
	// PV and wind are already net of curtailment. Linear in the dispatch.
	e.Consumption = e.Import + e.Renewable - e.Export
	// The renewable part of it: what was sent out is taken from the
	// renewables first, any beyond them carrying the bus's mix (traced).
	origin := traceBusRef(p, s, nil).origin
	e.RenewableConsumed = math.Max(e.Renewable-origin.RenewableExported, 0)
	if p.HasHeat() {
		accountHeatRef(p, s, cfg, &r)
	}
	e.RenewableServed, e.GridServed = origin.RenewableServed, origin.GridServed
	if h := r.Heat; h != nil {
		e.ToHeat = h.HeatPumpElectricityKWh + h.ElectricBoilerElectricityKWh
		e.RenewableToHeat = origin.RenewableToHeat
	}
	r.AdjustedResidualKgCO2e = r.ResidualKgCO2e + r.StorageAdjustmentKgCO2e
	r.AvoidedKgCO2e = r.BaselineKgCO2e - r.ResidualKgCO2e
	r.UnservedKWh = e.Unserved

	if used := e.Used(); used > 0 {
		// No cap: the traced content cannot exceed the electricity used.
		r.RenewableShare = (e.RenewableServed + e.RenewableToHeat) / used
	}
	r.SelfSufficiency = ratio(e.Used()-e.Import, e.Used())
	r.SelfConsumption = ratio(e.RenewableConsumed, e.Renewable)
	r.CurtailmentShare = ratio(e.Curtailed, e.RenewableAvailable)

	r.OffsetsHeldTCO2e, r.CertificatesHeldMWh = cfg.OffsetsHeldTCO2e, cfg.CertificatesHeldMWh
	r.OffsetsNeededTCO2e = offsetsNeeded(r.ResidualKgCO2e/1000, cfg.OffsetsHeldTCO2e)
	r.CertificatesMWh = math.Max(e.Import/1000-cfg.CertificatesHeldMWh, 0)
	r.OffsetCost = r.OffsetsNeededTCO2e * cfg.OffsetPricePerTCO2e
	r.CertificateCost = r.CertificatesMWh * cfg.CertificatePricePerMWh
	r.OffsetPricePerTCO2e, r.CertificatePricePerMWh = cfg.OffsetPricePerTCO2e, cfg.CertificatePricePerMWh

	years := s.Step.Hours() * float64(s.Len) / 8760
	r.Stage, r.StageBasis = judge(&r, years, cfg)
	r.DispatchSignal = describe(p.Grid.DispatchCarbon, s.Step)
	if p.Grid.AccountingCarbon == nil {
		r.AccountingSignal = "the dispatch signal serves as accounting factor: " + r.DispatchSignal
	} else {
		r.AccountingSignal = describe(*p.Grid.AccountingCarbon, s.Step)
	}
	return r
}

// traceBusRef is traceBus as it was.
func traceBusRef(p *model.Park, s *Schedule, visit func(t int, m busMix)) traceTotals {
	h := s.Step.Hours()
	var tt traceTotals
	tt.initialKgCO2ePerKWh = mean(s.AccountingKgCO2ePerKWh[:s.Len])
	nb := len(p.Batteries)
	buf := make([]float64, 6*nb)
	stock, carbon, out := buf[:nb], buf[nb:2*nb], buf[2*nb:3*nb]
	renS, gridS, fr := buf[3*nb:4*nb], buf[4*nb:5*nb], buf[5*nb:]
	startKg := 0.0
	for b := range p.Batteries {
		stock[b] = s.InitialSoCKWh[b]
		carbon[b] = stock[b] * tt.initialKgCO2ePerKWh
		startKg += carbon[b]
		gridS[b] = stock[b]
	}
	ht := newHeatTrace(p, s)
	if ht != nil {
		tt.initialKgCO2ePerKWhTh = ht.initial
	}
	o := &tt.origin
	for t := 0; t < s.Len; t++ {
		f := s.AccountingKgCO2ePerKWh[t]
		ren := s.GenerationKW(t) * h
		imp := s.ImportKW[t] * h
		exp := s.ExportKW[t] * h
		clean := math.Min(exp, ren)
		inKg := imp * f
		renIn, gridIn := ren-clean, imp
		if ht != nil {
			kg, kwh := ht.chpElectricity(t)
			inKg += kg
			gridIn += kwh
		}
		for b, bat := range p.Batteries {
			dis := s.DischargeKW[b][t] * h
			out[b] = 0
			if dis > 0 && stock[b] > 0 {
				out[b] = carbon[b] * math.Min(dis/bat.DischargeEfficiency/stock[b], 1)
			}
			inKg += out[b]
			fr[b] = 0 // renewable share of the stored energy; an empty battery holds grid energy
			if held := renS[b] + gridS[b]; held > emptyKWh {
				fr[b] = renS[b] / held
			}
			renIn += dis * fr[b]
			gridIn += dis * (1 - fr[b])
		}
		m := busMix{servedKWh: (s.LoadKW[t] - s.UnservedKW[t]) * h}
		if rest := renIn + gridIn; rest > emptyKWh {
			m.kgCO2ePerKWh, m.renewable, m.grid = inKg/rest, renIn/rest, gridIn/rest
		}
		o.RenewableServed += m.renewable * m.servedKWh
		o.GridServed += m.grid * m.servedKWh
		o.RenewableExported += clean + m.renewable*(exp-clean)
		o.GridExported += m.grid * (exp - clean)
		tt.exportedKgCO2e += m.kgCO2ePerKWh * (exp - clean)
		if ht != nil {
			conv := s.ConvertersKW(t) * h
			o.RenewableToHeat += m.renewable * conv
			o.GridToHeat += m.grid * conv
			ht.step(t, m.kgCO2ePerKWh*conv, &m)
		}
		for b, bat := range p.Batteries {
			ch := s.ChargeKW[b][t] * h
			dis := s.DischargeKW[b][t] * h
			carbon[b] += m.kgCO2ePerKWh*ch - out[b]
			// What is left of the stored energy keeps its origin mix;
			// the energy charged brings the bus's.
			stored := bat.ChargeEfficiency * ch
			kept := math.Max(s.SoCKWh[b][t]-stored, 0)
			r := fr[b]*kept + m.renewable*stored
			g := (1-fr[b])*kept + m.grid*stored
			o.RenewableLosses += m.renewable*ch - fr[b]*dis - (r - renS[b])
			o.GridLosses += m.grid*ch - (1-fr[b])*dis - (g - gridS[b])
			renS[b], gridS[b] = r, g
			stock[b] = s.SoCKWh[b][t]
			if stock[b] <= emptyKWh {
				// Empty: any carbon left is rounding (or, with negative
				// factors, credit) with no energy to carry it. It moves to
				// the next kWh charged.
				stock[b] = 0
			}
		}
		if visit != nil {
			visit(t, m)
		}
	}
	endKg := 0.0
	for b := range p.Batteries {
		endKg += carbon[b]
		o.RenewableStoredChange += renS[b]
		o.GridStoredChange += gridS[b] - s.InitialSoCKWh[b]
	}
	tt.storedChangeKgCO2e = endKg - startKg
	if ht != nil {
		tt.heatStoredChangeKgCO2e = ht.storedChange()
	}
	return tt
}

// socCorrectionKWhRef is socCorrectionKWh as it was.
func socCorrectionKWhRef(bat model.Battery, s *Schedule, b int) float64 {
	h := s.Step.Hours()
	return correctionKWhRef(s.Len, socTolKWh(bat), func(t int) float64 {
		_, _, idle := socBounds(bat, s.SoCBefore(b, t), h)
		return s.SoCKWh[b][t] - socEnd(bat, idle, s.ChargeKW[b][t], s.DischargeKW[b][t], h)
	})
}

// accountHeatRef is accountHeat as it was.
func accountHeatRef(p *model.Park, s *Schedule, cfg LedgerConfig, r *Report) {
	h := s.Step.Hours()
	hr := &HeatReport{}
	fuels := ResolveFuels(p)
	src := make([]HeatSource, 0, len(p.HeatPumps)+len(p.ElectricBoilers)+len(p.FuelBoilers)+len(p.CHP)+len(p.PurchasedHeat)+len(p.ThermalStorage))
	add := func(kind, name string) *HeatSource {
		src = append(src, HeatSource{Kind: kind, Name: name})
		return &src[len(src)-1]
	}
	byFuel := map[string]int{}
	fuelUse := func(f model.ResolvedFuel, kwh float64) float64 {
		i, ok := byFuel[f.Name]
		if !ok {
			i = len(hr.Fuels)
			byFuel[f.Name] = i
			hr.Fuels = append(hr.Fuels, FuelUse{Name: f.Name, KgCO2ePerKWhLHV: f.KgCO2ePerKWhLHV, KgcePerKWhLHV: f.KgcePerKWhLHV,
				Renewable: f.Renewable, Source: f.Source})
		}
		u := &hr.Fuels[i]
		u.KWhLHV += kwh
		kg := kwh * f.KgCO2ePerKWhLHV
		u.KgCO2e += kg
		u.Tce += kwh * f.KgcePerKWhLHV / 1000
		hr.FuelCost += kwh * f.PricePerKWhLHV
		return kg
	}
	sum := func(v []float64) float64 {
		x := 0.0
		for _, y := range v {
			x += y * h
		}
		return x
	}
	for j, u := range p.HeatPumps {
		a := add(HeatPumpKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh = sum(s.HeatPumpKWTh[j]), sum(s.HeatPumpKW[j])
		if a.ElectricityKWh > 0 {
			a.COP = a.HeatKWhTh / a.ElectricityKWh
		}
		hr.HeatPumpKWhTh += a.HeatKWhTh
		hr.HeatPumpElectricityKWh += a.ElectricityKWh
	}
	for k, u := range p.ElectricBoilers {
		a := add(ElectricBoilerKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh = sum(s.ElectricBoilerKWTh[k]), sum(s.ElectricBoilerKW[k])
		hr.ElectricBoilerKWhTh += a.HeatKWhTh
		hr.ElectricBoilerElectricityKWh += a.ElectricityKWh
	}
	for f, u := range p.FuelBoilers {
		a := add(FuelBoilerKind, u.Name)
		a.HeatKWhTh, a.Fuel, a.FuelKWhLHV = sum(s.FuelBoilerKWTh[f]), u.Fuel, sum(s.FuelBoilerFuelKW[f])
		a.KgCO2e = fuelUse(fuels[f], a.FuelKWhLHV)
		hr.FuelBoilerKWhTh += a.HeatKWhTh
	}
	for c, u := range p.CHP {
		a := add(CHPKind, u.Name)
		a.HeatKWhTh, a.ElectricityKWh, a.Fuel, a.FuelKWhLHV = sum(s.CHPKWTh[c]), sum(s.CHPKW[c]), u.Fuel, sum(s.CHPFuelKW[c])
		a.KgCO2e = fuelUse(fuels[len(p.FuelBoilers)+c], a.FuelKWhLHV)
		if len(s.CHPDumpKWTh) > 0 {
			a.DumpedKWhTh = sum(s.CHPDumpKWTh[c])
			hr.CHPDumpedKWhTh += a.DumpedKWhTh
		}
		hr.CHPKWhTh += a.HeatKWhTh
		hr.CHPElectricityKWh += a.ElectricityKWh
		hr.CHPVariableOMCost += a.ElectricityKWh * u.VariableOMPerKWh
	}
	for k, u := range p.PurchasedHeat {
		a := add(PurchasedHeatKind, u.Name)
		for t := 0; t < s.Len; t++ {
			q := s.PurchasedHeatKWTh[k][t] * h
			a.HeatKWhTh += q
			a.KgCO2e += q * s.PurchasedHeatKgCO2ePerKWhTh[k][t]
			hr.PurchasedHeatCost += q * s.PurchasedHeatPricePerKWhTh[k][t]
		}
		hr.PurchasedKWhTh += a.HeatKWhTh
		hr.PurchasedHeatKgCO2e += a.KgCO2e
		hr.PurchasedHeatTce += a.HeatKWhTh * u.Kgce() / 1000
	}
	heatValue := heatStorageValue(p, scheduleHeatInputs(s), false)
	hr.StorageValueKgCO2ePerKWhTh = heatValue
	for k, u := range p.ThermalStorage {
		a := add(ThermalStoreKind, u.Name)
		a.HeatKWhTh = sum(s.HeatDischargeKWTh[k])
		hr.StoreDischargeKWhTh += a.HeatKWhTh
		hr.StoreChargeKWhTh += sum(s.HeatChargeKWTh[k])
		d := s.FinalHeatSoCKWhTh(k) - s.InitialHeatSoCKWhTh[k]
		hr.StoredChangeKWhTh += d
		hr.StoreCorrectionKWhTh += storeCorrectionKWhThRef(u, s, k)
		hr.StorageAdjustmentKgCO2e -= d * heatValue
	}
	hr.StoreLossesKWhTh = hr.StoreChargeKWhTh - hr.StoreDischargeKWhTh - hr.StoredChangeKWhTh + hr.StoreCorrectionKWhTh
	hr.Sources = src
	if hr.Fuels == nil {
		hr.Fuels = []FuelUse{}
	}
	for _, u := range hr.Fuels {
		hr.FuelKgCO2e += u.KgCO2e
		hr.FuelTce += u.Tce
	}
	hr.LoadKWhTh, hr.UnservedKWhTh = sum(s.HeatLoadKWTh), sum(s.UnservedHeatKWTh)
	hr.ServedKWhTh = hr.LoadKWhTh - hr.UnservedKWhTh
	if hr.LoadKWhTh > 0 {
		hr.UnservedShare = hr.UnservedKWhTh / hr.LoadKWhTh
	}
	hr.BaselineKgCO2e = heatBaseline(p, s)
	hr.GridKgCO2e = r.ResidualKgCO2e
	hr.ElectricityTce = r.Energy.Consumption * cfg.KgcePerKWh / 1000

	r.Heat = hr
	r.ResidualKgCO2e += hr.FuelKgCO2e + hr.PurchasedHeatKgCO2e
	r.DispatchSignalKgCO2e += hr.FuelKgCO2e + hr.PurchasedHeatKgCO2e
	r.BaselineKgCO2e += hr.BaselineKgCO2e
	r.EnergyCost += hr.FuelCost + hr.PurchasedHeatCost + hr.CHPVariableOMCost
	r.StorageAdjustmentKgCO2e += hr.StorageAdjustmentKgCO2e
}

// storeCorrectionKWhThRef is storeCorrectionKWhTh as it was.
func storeCorrectionKWhThRef(ts model.ThermalStorage, s *Schedule, k int) float64 {
	h := s.Step.Hours()
	return correctionKWhRef(s.Len, storedTolKWh(ts.EnergyKWhTh), func(t int) float64 {
		_, _, idle := storeBounds(ts, s.HeatSoCBefore(k, t), h)
		return s.HeatSoCKWhTh[k][t] - storeEnd(idle, s.HeatChargeKWTh[k][t], s.HeatDischargeKWTh[k][t], h)
	})
}

// correctionKWhRef is correctionKWh as it was.
func correctionKWhRef(n int, tol float64, gap func(t int) float64) float64 {
	sum := 0.0
	for t := range n {
		if d := gap(t); math.Abs(d) > tol {
			sum += d
		}
	}
	return sum
}

// bitsDiffer is the path of the first value at which a and b differ, a
// float compared bit for bit (so -0 differs from 0 and a NaN equals the
// same NaN), "" when they do not differ.
func bitsDiffer(a, b reflect.Value, path string) string {
	if a.Kind() != b.Kind() {
		return path + ": kinds differ"
	}
	switch a.Kind() {
	case reflect.Float32, reflect.Float64:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			return fmt.Sprintf("%s: %v (%#x) against %v (%#x)", path, a.Float(), math.Float64bits(a.Float()), b.Float(), math.Float64bits(b.Float()))
		}
	case reflect.Struct:
		for i := range a.NumField() {
			if d := bitsDiffer(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name); d != "" {
				return d
			}
		}
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() {
			return path + ": nil against not nil"
		}
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: length %d against %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if d := bitsDiffer(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return path + ": nil against not nil"
			}
			return ""
		}
		return bitsDiffer(a.Elem(), b.Elem(), path)
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Sprintf("%s: %d keys against %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				return fmt.Sprintf("%s[%v]: missing", path, k)
			}
			if d := bitsDiffer(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, k)); d != "" {
				return d
			}
		}
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			return fmt.Sprintf("%s: %v against %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			return fmt.Sprintf("%s: %v against %v", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if a.Uint() != b.Uint() {
			return fmt.Sprintf("%s: %v against %v", path, a.Uint(), b.Uint())
		}
	case reflect.String:
		if a.String() != b.String() {
			return fmt.Sprintf("%s: %q against %q", path, a.String(), b.String())
		}
	default:
		return fmt.Sprintf("%s: cannot compare a %s", path, a.Kind())
	}
	return ""
}

// perturbed are variants of schedule s of park p that take the ledger's
// other branches: charge and discharge at once (batteries and thermal
// stores), states of charge and
// thermal stores' contents their flows do not explain (corrections),
// emptied batteries and stores, negative import
// prices, a dispatch signal apart from the accounting one, and a demand
// charge (on a copy of the park).
func perturbed(p *model.Park, s *Schedule) map[string]struct {
	p *model.Park
	s *Schedule
} {
	out := map[string]struct {
		p *model.Park
		s *Schedule
	}{}
	c := s.Clone()
	for t := 0; t < c.Len; t++ {
		for b := range c.ChargeKW {
			switch {
			case t%97 == 3:
				c.ChargeKW[b][t] += 5
				c.DischargeKW[b][t] += 3
			case t%53 == 7:
				c.SoCKWh[b][t] += 10 * float64(b+1)
			case t%71 == 11:
				c.SoCKWh[b][t] = 0
			case t%89 == 13:
				c.SoCKWh[b][t] = 1e-12
			}
		}
		for k := range c.HeatSoCKWhTh {
			switch {
			case t%97 == 3:
				c.HeatChargeKWTh[k][t] += 4
				c.HeatDischargeKWTh[k][t] += 2
			case t%59 == 4:
				c.HeatSoCKWhTh[k][t] += 7
			case t%67 == 6:
				c.HeatSoCKWhTh[k][t] = 0
			}
		}
		if t%31 == 5 {
			c.ImportPricePerKWh[t] = -0.02
		}
		if t%17 == 2 {
			c.DispatchKgCO2ePerKWh[t] += 0.1
		}
		if t%43 == 9 {
			c.AccountingKgCO2ePerKWh[t] = -0.3
		}
	}
	out["perturbed"] = struct {
		p *model.Park
		s *Schedule
	}{p, c}
	q := p.Clone()
	q.Grid.DemandChargePerKWMonth = 12.5
	out["demand-charge"] = struct {
		p *model.Park
		s *Schedule
	}{q, s}
	return out
}

// sameAccount fails t unless Account on s matches accountRef bit for bit
// under cfg, and traceBus matches traceBusRef (totals and every interval's
// mix, as Attribute and RenewableServedKWh see them).
func sameAccount(t *testing.T, name string, p *model.Park, s *Schedule, cfg LedgerConfig) {
	t.Helper()
	got, err := Account(p, s, cfg)
	require.NoError(t, err, name)
	want, err := accountWithRef(p, s, cfg)
	require.NoError(t, err, name)
	if d := bitsDiffer(reflect.ValueOf(got), reflect.ValueOf(want), "Report"); d != "" {
		t.Errorf("%s: Account differs from the reference at %s", name, d)
	}
	require.True(t, reflect.DeepEqual(got, want), name) // and as DeepEqual sees it
	var mixes, refMixes []busMix
	tt := traceBus(p, s, func(_ int, m busMix) { mixes = append(mixes, m) })
	ref := traceBusRef(p, s, func(_ int, m busMix) { refMixes = append(refMixes, m) })
	if d := bitsDiffer(reflect.ValueOf(tt), reflect.ValueOf(ref), "traceTotals"); d != "" {
		t.Errorf("%s: traceBus differs from the reference at %s", name, d)
	}
	if d := bitsDiffer(reflect.ValueOf(mixes), reflect.ValueOf(refMixes), "mixes"); d != "" {
		t.Errorf("%s: traceBus's mixes differ from the reference at %s", name, d)
	}
}

// TestAccountMatchesReference: the ledger made faster (session 38) gives
// the report the ledger before it gave, field by field and bit for bit, on
// each demo's year under the rule policies and perfect foresight, on those
// schedules perturbed into the ledger's other branches, and on random
// parks with several batteries, negative factors, heat and steps of 20 and
// 10 minutes, under the
// default ledger settings and under settings that value storage and hold
// offsets and certificates.
func TestAccountMatchesReference(t *testing.T) {
	held := DefaultLedgerConfig()
	held.StorageValueKgCO2ePerKWh = 0.31
	held.OffsetsHeldTCO2e, held.CertificatesHeldMWh = 120, 900
	held.OffsetPricePerTCO2e, held.CertificatePricePerMWh = 15, 5
	cfgs := map[string]LedgerConfig{"default": DefaultLedgerConfig(), "held": held}
	check := func(name string, p *model.Park, s *Schedule) {
		for cn, cfg := range cfgs {
			sameAccount(t, name+"/"+cn, p, s, cfg.ForPark(p))
		}
		for vn, v := range perturbed(p, s) {
			for cn, cfg := range cfgs {
				sameAccount(t, name+"/"+vn+"/"+cn, v.p, v.s, cfg.ForPark(v.p))
			}
		}
	}
	policies := []Policy{GridOnlyPolicy, SelfConsumptionPolicy, Perfect}
	for _, name := range demo.Names() {
		p, set, err := demo.Load(name)
		require.NoError(t, err)
		require.NoError(t, physics.Derive(p, set))
		pr, err := model.Resolve(p, set)
		require.NoError(t, err)
		for _, pol := range policies {
			if testing.Short() && pol == Perfect {
				continue
			}
			res, err := RunPolicy(pol, p, pr, DefaultConfig())
			require.NoError(t, err, name)
			check(name+"/"+string(pol), p, res.Schedule)
		}
	}
	// Random parks, some with steps whose length in hours is not a power
	// of 2 (on an hourly or 15-minute step, × h is exact and hides a
	// reordering that rounds differently).
	rng := rand.New(rand.NewPCG(38, 1))
	for i := range 8 {
		p, pr := randomPark(rng, 24*9, 3, i%2 == 1)
		if i >= 4 {
			p, pr = randomHeatPark(rng, 24*9, 3)
		}
		pr.Step = []time.Duration{time.Hour, 20 * time.Minute, 10 * time.Minute}[i%3]
		for _, pol := range policies {
			res, err := RunPolicy(pol, p, pr, DefaultConfig())
			require.NoError(t, err)
			check(fmt.Sprintf("random%d/%s", i, pol), p, res.Schedule)
		}
	}
}
