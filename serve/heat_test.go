package serve

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// heatPark is smallPark with a heat side: an office's heat load, an
// air-source heat pump on a temperature (Staffell, sink 45 °C), a gas
// boiler and a hot-water tank.
func heatPark() *model.Park {
	p := smallPark()
	p.Name = "small heat"
	p.HeatLoads = []model.HeatLoad{{Name: "office heat", Column: "h"}}
	p.HeatPumps = []model.HeatPump{{Name: "ashp", CapacityKWTh: 60,
		COPModel: &model.COPModel{Kind: model.StaffellAir, TempColumn: "temp", SinkTempC: 45}}}
	p.FuelBoilers = []model.FuelBoiler{{Name: "gas", CapacityKWTh: 300, EfficiencyLHV: 0.9, Fuel: "natural_gas"}}
	p.ThermalStorage = []model.ThermalStorage{{Name: "tank", EnergyKWhTh: 200, MaxChargeKWTh: 50, MaxDischargeKWTh: 50,
		MinSoCFraction: 0.1, MaxSoCFraction: 0.9, InitialSoCFraction: 0.5}}
	return p
}

// tempC is the outdoor temperature of interval k, °C: colder at night.
func tempC(k int) float64 {
	h := float64((k%96+96)%96) / 4
	return 4 + 6*math.Sin(math.Pi*(h-9)/12)
}

// heatMeter is meter(k) with the heat load (more when colder) and the
// heat pump's source temperature.
func heatMeter(k int) live.Measurement {
	m := meter(k)
	m.HeatLoadKWTh = map[string]float64{"office heat": 40 + 5*(12-tempC(k))}
	m.HeatPumpSourceTempC = map[string]float64{"ashp": tempC(k)}
	return m
}

// heatConfig is testConfig seeded with heatMeter.
func heatConfig(dir string) Config {
	cfg := testConfig(dir)
	for i := range cfg.Seed {
		k := i - 96*seedDays
		cfg.Seed[i] = heatMeter(k)
	}
	return cfg
}

func feedHeat(t *testing.T, s *Server, from, to int) {
	t.Helper()
	for k := from; k < to; k++ {
		res, err := s.Measure([]live.Measurement{heatMeter(k)})
		require.NoError(t, err)
		require.Empty(t, res.StepError)
	}
}

// A park with heat over HTTP: POST /measurements with heat loads, a
// source temperature and a tank's content steps (the heat load is a meter
// reading); GET /plan shows the heat setpoints and the heat plan, with
// the COP of the temperature sent and the tank starting from the content
// measured; GET /ledger reports the heat side; a bad heat value is a 400
// naming the asset and field.
func TestHeatPlanOverHTTP(t *testing.T) {
	s, hs := openPark(t, heatPark(), heatConfig(t.TempDir()))
	defer s.Close()
	cl := hs.Client()
	for k := range 3 {
		m := heatMeter(k)
		if k == 2 {
			m.HeatSoCKWhTh = map[string]float64{"tank": 150}
		}
		code, body := call(t, cl, http.MethodPost, hs.URL+"/measurements", []live.Measurement{m}, testToken)
		require.Equal(t, http.StatusOK, code, "%s", body)
		var res MeasureResult
		require.NoError(t, json.Unmarshal(body, &res))
		require.NotNil(t, res.Stepped, "the heat load is a meter reading: it steps")
		assert.True(t, res.Stepped.Equal(at(k+1)))
		assert.Equal(t, valuesIn([]live.Measurement{m}), res.Values)
	}
	code, body := call(t, cl, http.MethodGet, hs.URL+"/plan", nil, "")
	require.Equal(t, http.StatusOK, code, "%s", body)
	var pv PlanView
	require.NoError(t, json.Unmarshal(body, &pv))
	require.NotNil(t, pv.Decision.Heat, "%s", body)
	h := pv.Decision.Heat
	require.Len(t, h.HeatPumps, 1)
	assert.Equal(t, "ashp", h.HeatPumps[0].Name)
	assert.Equal(t, model.StaffellAirCOP(45-tempC(2)), h.HeatPumps[0].COP, "interval 3 holds interval 2's temperature")
	require.Len(t, h.ThermalStores, 1)
	assert.Equal(t, 150.0, h.ThermalStores[0].StartSoCKWhTh, "the tank starts from the content measured")
	assert.Empty(t, h.CHP)
	supply := h.UnservedKWTh + h.HeatPumps[0].HeatKWTh + h.FuelBoilers[0].HeatKWTh + h.ThermalStores[0].DischargeKWTh - h.ThermalStores[0].ChargeKWTh
	assert.InDelta(t, h.LoadKWTh, supply, 1e-6, "heat balance of the setpoints")
	chp := mustKey(t, mustKey(t, mustKey(t, body, "decision"), "heat"), "chp")
	assert.JSONEq(t, `[]`, string(chp), "empty lists are [] not null")

	hp := pv.Plan.Heat
	require.NotNil(t, hp)
	n := pv.Plan.Intervals
	require.Len(t, hp.LoadForecastKWTh, n)
	require.Len(t, hp.HeatPumps[0].COP, n)
	require.Len(t, hp.ThermalStores[0].SoCKWhTh, n)
	assert.Equal(t, h.HeatPumps[0].HeatKWTh, hp.HeatPumps[0].HeatKWTh[0], "interval 0 of the plan is the decision")
	assert.Equal(t, h.ThermalStores[0].EndSoCKWhTh, hp.ThermalStores[0].SoCKWhTh[0])
	for t2 := range n {
		assert.InDelta(t, hp.HeatPumps[0].HeatKWTh[t2], hp.HeatPumps[0].ElectricKW[t2]*hp.HeatPumps[0].COP[t2], 1e-6)
	}

	code, body = call(t, cl, http.MethodGet, hs.URL+"/ledger", nil, "")
	require.Equal(t, http.StatusOK, code, "%s", body)
	var lv LedgerView
	require.NoError(t, json.Unmarshal(body, &lv))
	require.NotNil(t, lv.Report.Heat, "%s", body)
	settled, err := s.Controller().Settled()
	require.NoError(t, err)
	load := 0.0
	for k := range settled.Len {
		load += settled.HeatLoadKWTh[k] * settled.Step.Hours()
	}
	assert.InDelta(t, load, lv.Report.Heat.LoadKWhTh, 1e-9, "the ledger's heat is the settled intervals'")
	require.NotNil(t, lv.SinceStart, "%s", body)
	require.NotNil(t, lv.SinceStart.Heat, "%s", body)
	assert.InDelta(t, load, lv.SinceStart.Heat.LoadKWhTh, 1e-9, "since the start, before any trim: the same intervals")
	assert.InDelta(t, lv.Report.ResidualKgCO2e, lv.SinceStart.ResidualKgCO2e, 1e-9*max(1, lv.Report.ResidualKgCO2e))
	assert.InDelta(t, heatMeter(1).HeatLoadKWTh["office heat"], settled.HeatLoadKWTh[0], 0, "interval 1 as measured")
	assert.Positive(t, lv.Report.Heat.FuelKgCO2e+lv.Report.Heat.GridKgCO2e)
	// The heat left unserved is on track beside the load's (EMS QA,
	// 2026-12-04).
	require.NotNil(t, lv.OnTrack)
	require.NotNil(t, lv.OnTrack.UnservedHeatToDateKWhTh)
	assert.Equal(t, lv.Report.Heat.UnservedKWhTh, *lv.OnTrack.UnservedHeatToDateKWhTh)

	// The tank's content measured once and applied, in /metrics, its
	// drift in kWh_th apart from the batteries' kWh.
	code, body = call(t, cl, http.MethodGet, hs.URL+"/metrics", nil, "")
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{`zeropark_soc_measured_total{kind="thermal_store",store="tank"} 1` + "\n",
		`zeropark_soc_applied_total{kind="thermal_store",store="tank"} 1` + "\n",
		`zeropark_soc_jumps_total{kind="thermal_store",store="tank"} `,
		"zeropark_unserved_heat_kwh_th " + strconv.FormatFloat(lv.Report.Heat.UnservedKWhTh, 'g', -1, 64) + "\n",
		`zeropark_heat_soc_drift_kwh_th{kind="thermal_store",store="tank"} ` +
			strconv.FormatFloat(s.Controller().Metrics().ThermalStores[0].DriftKWhTh, 'g', -1, 64) + "\n"} {
		assert.Contains(t, string(body), want)
	}

	bad := live.Measurement{Start: at(3), HeatSoCKWhTh: map[string]float64{"tank": 200000}}
	code, body = call(t, cl, http.MethodPost, hs.URL+"/measurements", []live.Measurement{bad}, testToken)
	require.Equal(t, http.StatusBadRequest, code, "%s", body)
	var e struct {
		Problems []Problem `json:"problems"`
	}
	require.NoError(t, json.Unmarshal(body, &e))
	require.Len(t, e.Problems, 1)
	assert.Equal(t, `thermal store "tank"`, e.Problems[0].Asset)
	assert.Equal(t, "heat_soc_kwh_th", e.Problems[0].Field)
}

func mustKey(t *testing.T, obj json.RawMessage, key string) json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(obj, &m))
	v, ok := m[key]
	require.True(t, ok, "key %s", key)
	return v
}

// A heat park's server crashed twice, between snapshots, and reopened
// has the ledger — heat side included — of a replay of its log through a
// fresh Controller, bit for bit; with snapshots off the log alone
// replays to the same ledger.
func TestHeatCrashAndReplay(t *testing.T) {
	removeSegments = func(string, uint64) error { return nil } // keep the whole log to replay it
	defer func() { removeSegments = removeBefore }()
	const n = 18
	dir := t.TempDir()
	cfg := heatConfig(dir)
	s, err := Open(heatPark(), cfg)
	require.NoError(t, err)
	feedHeat(t, s, 0, 7)
	m := heatMeter(7)
	m.HeatSoCKWhTh = map[string]float64{"tank": 60} // with the meters of 7: the Step of 8 starts from it
	_, err = s.Measure([]live.Measurement{m})
	require.NoError(t, err)
	crash(s)
	s, err = Open(heatPark(), cfg)
	require.NoError(t, err, "reopened after the crash")
	feedHeat(t, s, 8, n)
	crash(s)

	s, err = Open(heatPark(), cfg)
	require.NoError(t, err)
	defer s.Close()
	got := settledLedger(t, s.Controller())
	require.NotNil(t, got.Heat)
	assert.Equal(t, n-1, got.Steps)
	recs, _, err := ReadLog(dir, 0)
	require.NoError(t, err)
	c, err := Replay(heatPark(), cfg.Live, cfg.Seed, recs)
	require.NoError(t, err)
	defer c.Close()
	want := settledLedger(t, c)
	assert.Equal(t, want, got)
	assert.Equal(t, 1, s.Controller().Metrics().ThermalStores[0].Applied, "the tank's content, measured before the crash, was applied")

	settled, err := s.Controller().Settled()
	require.NoError(t, err)
	for i := range settled.Len {
		m := heatMeter(i + 1)
		assert.Equal(t, m.HeatLoadKWTh["office heat"], settled.HeatLoadKWTh[i], "interval %d as measured", i+1)
		assert.Equal(t, model.StaffellAirCOP(45-tempC(i+1)), settled.HeatPumpCOP[0][i], "interval %d: the COP of its temperature", i+1)
	}
}

// MeasurementsOf a heat park's profiles carries the heat loads and the
// COPs of the heat pumps with a COP model, which the Controller accepts.
func TestMeasurementsOfHeat(t *testing.T) {
	p := heatPark()
	p.HeatPumps = append(p.HeatPumps, model.HeatPump{Name: "gshp", CapacityKWTh: 10, COP: 4})
	prof := &model.Profiles{Start: t0, Step: step, Len: 2, LoadKW: [][]float64{{1, 2}, {3, 4}}, PVAvailKW: [][]float64{{0, 5}},
		DispatchKgCO2ePerKWh: []float64{0.4, 0.5}, HeatLoadKWTh: [][]float64{{30, 31}}, HeatPumpCOP: [][]float64{{2.5, 2.6}, {4, 4}}}
	ms := MeasurementsOf(p, prof, 0, 2)
	require.Len(t, ms, 2)
	assert.Equal(t, map[string]float64{"office heat": 31}, ms[1].HeatLoadKWTh)
	assert.Equal(t, map[string]float64{"ashp": 2.6}, ms[1].HeatPumpCOP, "the constant COP is known, not measured")
	c, err := live.New(p, testConfig(t.TempDir()).Live)
	require.NoError(t, err)
	defer c.Close()
	_, err = c.Measure(ms...)
	require.NoError(t, err)
}

// The keys of a heat park's GET /plan are the document's: every property
// of the heat setpoints and the heat plan is a property of its schema,
// and the Measurement schema has the heat keys live.Measurement decodes.
func TestOpenAPIHeatSchemas(t *testing.T) {
	props, keys := schemaKeys(t)
	p := heatPark()
	p.ElectricBoilers = []model.ElectricBoiler{{Name: "eb", CapacityKWTh: 20, Efficiency: 0.99}}
	// A heat dump, so that its setpoint and plan keys are in the JSON.
	p.CHP = []model.CHP{{Name: "chp", CapacityKW: 20, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.45, Fuel: "natural_gas",
		HeatDumpKWTh: 10}}
	p.PurchasedHeat = []model.PurchasedHeat{{Name: "district", LimitKWTh: 50, PricePerKWhTh: 0.05}}
	s, err := Open(p, heatConfig(t.TempDir()))
	require.NoError(t, err)
	defer s.Close()
	feedHeat(t, s, 0, 2)
	var pv PlanView
	require.NoError(t, json.Unmarshal(s.plan.Load().body, &pv))
	pv.Decision.Warnings = []string{"x"}
	h, hp := pv.Decision.Heat, pv.Plan.Heat
	require.NotNil(t, h)
	require.NotNil(t, hp)
	assert.Equal(t, props("Decision"), keys(pv.Decision))
	assert.Equal(t, props("PlanArrays"), keys(pv.Plan))
	assert.Equal(t, props("HeatSetpoints"), keys(h))
	assert.Equal(t, props("HeatPumpSetpoint"), keys(h.HeatPumps[0]))
	assert.Equal(t, props("ElectricBoilerSetpoint"), keys(h.ElectricBoilers[0]))
	assert.Equal(t, props("FuelBoilerSetpoint"), keys(h.FuelBoilers[0]))
	assert.Equal(t, props("CHPSetpoint"), keys(h.CHP[0]))
	assert.Equal(t, props("ThermalStoreSetpoint"), keys(h.ThermalStores[0]))
	assert.Equal(t, props("PurchasedHeatSetpoint"), keys(h.PurchasedHeat[0]))
	assert.Equal(t, props("HeatPlan"), keys(hp))
	assert.Equal(t, props("HeatPumpPlan"), keys(hp.HeatPumps[0]))
	assert.Equal(t, props("ElectricBoilerPlan"), keys(hp.ElectricBoilers[0]))
	assert.Equal(t, props("FuelBoilerPlan"), keys(hp.FuelBoilers[0]))
	assert.Equal(t, props("CHPPlan"), keys(hp.CHP[0]))
	assert.Equal(t, props("ThermalStorePlan"), keys(hp.ThermalStores[0]))
	assert.Equal(t, props("PurchasedHeatPlan"), keys(hp.PurchasedHeat[0]))
	all := live.Measurement{DispatchKgCO2ePerKWh: live.Value(1), AccountingKgCO2ePerKWh: live.Value(1), ImportPricePerKWh: live.Value(1),
		ExportPricePerKWh: live.Value(1)}
	one := map[string]float64{"x": 1}
	all.LoadKW, all.PVAvailableKW, all.WindAvailableKW, all.SoCKWh, all.SoCPercent, all.Forecasts = one, one, one, one, one, one
	all.HeatLoadKWTh, all.HeatPumpSourceTempC, all.HeatPumpCOP, all.HeatSoCKWhTh = one, one, one, one
	assert.Equal(t, props("Measurement"), keys(all))
}

// The Python client prints a heat park's heat setpoints.
func TestPythonClientHeat(t *testing.T) {
	s, hs := openPark(t, heatPark(), heatConfig(t.TempDir()))
	defer s.Close()
	out := runClient(t, hs.URL, heatMeter(0))
	assert.Contains(t, out, `heat pump "ashp"`)
	assert.Contains(t, out, fmt.Sprintf("(COP %.2f)", model.StaffellAirCOP(45-tempC(0))))
	assert.Contains(t, out, `fuel boiler "gas"`)
	assert.Contains(t, out, `thermal store "tank"`)
}
