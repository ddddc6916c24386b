package live

import "github.com/zeropark/zeropark/dispatch"

// HeatSetpoints are the setpoints of a park's heat side for one
// interval: heat in kW_th, electricity in kW, fuel in kW of its lower
// heating value, all held over the interval. Every list is in park order
// and present (empty when the park has none of the kind).
type HeatSetpoints struct {
	HeatPumps       []HeatPumpSetpoint       `json:"heat_pumps"`
	ElectricBoilers []ElectricBoilerSetpoint `json:"electric_boilers"`
	FuelBoilers     []FuelBoilerSetpoint     `json:"fuel_boilers"`
	CHP             []CHPSetpoint            `json:"chp"`
	ThermalStores   []ThermalStoreSetpoint   `json:"thermal_stores"`
	PurchasedHeat   []PurchasedHeatSetpoint  `json:"purchased_heat"`
	// LoadKWTh is the heat load forecast (all heat loads); UnservedKWTh
	// the heat the plan leaves unserved (0 unless the park cannot serve
	// it).
	LoadKWTh     float64 `json:"load_forecast_kw_th"`
	UnservedKWTh float64 `json:"unserved_kw_th"`
}

// HeatPumpSetpoint is one heat pump's setpoint: the heat it delivers,
// the electricity it draws (HeatKWTh / COP) and the COP the plan used
// (measured or sent ahead, or the park file's constant).
type HeatPumpSetpoint struct {
	Name       string  `json:"name"`
	HeatKWTh   float64 `json:"heat_kw_th"`
	ElectricKW float64 `json:"electric_kw"`
	COP        float64 `json:"cop"`
}

// ElectricBoilerSetpoint is one electric boiler's setpoint: heat out and
// electricity in (HeatKWTh / efficiency).
type ElectricBoilerSetpoint struct {
	Name       string  `json:"name"`
	HeatKWTh   float64 `json:"heat_kw_th"`
	ElectricKW float64 `json:"electric_kw"`
}

// FuelBoilerSetpoint is one fuel boiler's setpoint: heat out and fuel in
// (HeatKWTh / efficiency_lhv), kW of LHV.
type FuelBoilerSetpoint struct {
	Name      string  `json:"name"`
	HeatKWTh  float64 `json:"heat_kw_th"`
	FuelKWLHV float64 `json:"fuel_kw_lhv"`
}

// CHPSetpoint is one CHP unit's setpoint: electricity and heat out, fuel
// in, and for a unit with a heat dump (model.CHP.HeatDumpKWTh > 0; nil
// without) the part of HeatKWTh its dump is to reject: HeatKWTh −
// HeatDumpKWTh is the heat it delivers.
type CHPSetpoint struct {
	Name         string   `json:"name"`
	ElectricKW   float64  `json:"electric_kw"`
	HeatKWTh     float64  `json:"heat_kw_th"`
	FuelKWLHV    float64  `json:"fuel_kw_lhv"`
	HeatDumpKWTh *float64 `json:"heat_dump_kw_th,omitempty"`
}

// ThermalStoreSetpoint is one thermal store's setpoint: heat in and out
// at the store's boundary, and its content where the plan starts
// (measured or settled, clamped into [min, max]) and where it expects the
// interval to end, kWh_th.
type ThermalStoreSetpoint struct {
	Name          string  `json:"name"`
	ChargeKWTh    float64 `json:"charge_kw_th"`
	DischargeKWTh float64 `json:"discharge_kw_th"`
	StartSoCKWhTh float64 `json:"start_soc_kwh_th"`
	EndSoCKWhTh   float64 `json:"end_soc_kwh_th"`
}

// PurchasedHeatSetpoint is the heat to buy from one purchased-heat
// connection.
type PurchasedHeatSetpoint struct {
	Name     string  `json:"name"`
	HeatKWTh float64 `json:"heat_kw_th"`
}

// HeatSoCCounts are one thermal store's counts of measured contents, as
// [SoCCounts] are a battery's; DriftKWhTh is the last measured minus
// settled content, kWh_th: what the store's power limits cannot explain
// (the heat ledger's StoreCorrectionKWhTh), or a content measured for an
// interval settled before it arrived.
type HeatSoCCounts struct {
	Store      string  `json:"thermal_store"`
	Measured   int     `json:"measured"`
	Duplicates int     `json:"duplicates"`
	Late       int     `json:"late"`
	Applied    int     `json:"applied"`
	DriftKWhTh float64 `json:"drift_kwh_th"`
	// Jumps counts the contents measured further from the settled content
	// than SoCJumpSlackFraction of the store's energy, each warned of in
	// the next Decision, as a battery's [SoCCounts].Jumps.
	Jumps int `json:"jumps"`
}

// decideHeat builds the heat setpoints of plan's interval 0.
func (c *Controller) decideHeat(plan *dispatch.Plan) *HeatSetpoints {
	p := c.park
	h := &HeatSetpoints{LoadKWTh: plan.HeatLoadKWTh[0], UnservedKWTh: plan.UnservedHeatKWTh[0],
		HeatPumps: make([]HeatPumpSetpoint, 0, len(p.HeatPumps)), ElectricBoilers: make([]ElectricBoilerSetpoint, 0, len(p.ElectricBoilers)),
		FuelBoilers: make([]FuelBoilerSetpoint, 0, len(p.FuelBoilers)), CHP: make([]CHPSetpoint, 0, len(p.CHP)),
		ThermalStores: make([]ThermalStoreSetpoint, 0, len(p.ThermalStorage)), PurchasedHeat: make([]PurchasedHeatSetpoint, 0, len(p.PurchasedHeat))}
	for j, a := range p.HeatPumps {
		h.HeatPumps = append(h.HeatPumps, HeatPumpSetpoint{Name: a.Name, HeatKWTh: plan.HeatPumpKWTh[j][0], ElectricKW: plan.HeatPumpKW[j][0],
			COP: plan.HeatPumpCOP[j][0]})
	}
	for k, a := range p.ElectricBoilers {
		h.ElectricBoilers = append(h.ElectricBoilers, ElectricBoilerSetpoint{Name: a.Name, HeatKWTh: plan.ElectricBoilerKWTh[k][0],
			ElectricKW: plan.ElectricBoilerKW[k][0]})
	}
	for f, a := range p.FuelBoilers {
		h.FuelBoilers = append(h.FuelBoilers, FuelBoilerSetpoint{Name: a.Name, HeatKWTh: plan.FuelBoilerKWTh[f][0], FuelKWLHV: plan.FuelBoilerFuelKW[f][0]})
	}
	for u, a := range p.CHP {
		sp := CHPSetpoint{Name: a.Name, ElectricKW: plan.CHPKW[u][0], HeatKWTh: plan.CHPKWTh[u][0], FuelKWLHV: plan.CHPFuelKW[u][0]}
		if a.HasHeatDump() {
			v := plan.CHPDumpKWTh[u][0]
			sp.HeatDumpKWTh = &v
		}
		h.CHP = append(h.CHP, sp)
	}
	for k, a := range p.ThermalStorage {
		h.ThermalStores = append(h.ThermalStores, ThermalStoreSetpoint{Name: a.Name, ChargeKWTh: plan.HeatChargeKWTh[k][0],
			DischargeKWTh: plan.HeatDischargeKWTh[k][0], StartSoCKWhTh: plan.InitialHeatSoCKWhTh[k], EndSoCKWhTh: plan.HeatSoCKWhTh[k][0]})
	}
	for k, a := range p.PurchasedHeat {
		h.PurchasedHeat = append(h.PurchasedHeat, PurchasedHeatSetpoint{Name: a.Name, HeatKWTh: plan.PurchasedHeatKWTh[k][0]})
	}
	return h
}

// emptyLists makes h's nil lists empty (h may be nil).
func (h *HeatSetpoints) emptyLists() {
	if h == nil {
		return
	}
	h.HeatPumps, h.ElectricBoilers, h.FuelBoilers = nonNil(h.HeatPumps), nonNil(h.ElectricBoilers), nonNil(h.FuelBoilers)
	h.CHP, h.ThermalStores, h.PurchasedHeat = nonNil(h.CHP), nonNil(h.ThermalStores), nonNil(h.PurchasedHeat)
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}
