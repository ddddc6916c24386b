package model_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// TestScaleCapitalCoversEveryTechnology: WithCapitalScaled sets every capital
// cost of every technology model.Economics has (found by reflection, so a
// technology added to Economics and not to WithCapitalScaled fails), each to its own base
// cost × f, and leaves the caller's economics unchanged.
func TestScaleCapitalCoversEveryTechnology(t *testing.T) {
	var e model.Economics
	ev := reflect.ValueOf(&e).Elem()
	techs := 0
	for i := range ev.NumField() {
		f := ev.Field(i)
		if f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.Struct {
			f.Set(reflect.New(f.Type().Elem()))
			techs++
		}
	}
	require.Equal(t, 9, techs, "model.Economics's technologies (update this count and WithCapitalScaled together)")
	// Each base cost distinct, so a field scaled from another
	// technology's cost shows.
	base := &model.CapacityCosts{PV: model.TechCosts{CapitalPerUnit: 1}, Wind: model.TechCosts{CapitalPerUnit: 2},
		BatteryEnergy: model.TechCosts{CapitalPerUnit: 3}, BatteryPower: model.TechCosts{CapitalPerUnit: 4},
		HeatPump: model.TechCosts{CapitalPerUnit: 5}, ThermalStorage: model.TechCosts{CapitalPerUnit: 6},
		ElectricBoiler: model.TechCosts{CapitalPerUnit: 7}, CHP: model.TechCosts{CapitalPerUnit: 8},
		FuelBoiler: model.TechCosts{CapitalPerUnit: 9}, Grid: model.TechCosts{CapitalPerUnit: 10}}
	const f = 0.5
	p := &model.Park{Economics: e.WithCapitalScaled(base, f)}
	require.NotSame(t, &e, p.Economics, "the caller's economics are copied")
	got := map[string]float64{}
	sv := reflect.ValueOf(p.Economics).Elem()
	for i := range sv.NumField() {
		tech := sv.Field(i)
		if tech.Kind() != reflect.Pointer || tech.Type().Elem().Kind() != reflect.Struct {
			continue
		}
		assert.NotSame(t, ev.Field(i).Interface(), tech.Interface(), "%s: copied", sv.Type().Field(i).Name)
		tv := tech.Elem()
		for j := range tv.NumField() {
			name := tv.Type().Field(j).Name
			if !strings.HasPrefix(name, "Capital") || strings.Contains(name, "Incentive") {
				continue
			}
			key := sv.Type().Field(i).Name + "." + name
			v, ok := tv.Field(j).Interface().(*float64)
			require.True(t, ok, key)
			if assert.NotNil(t, v, "%s: not scaled", key) {
				got[key] = *v
			}
			assert.Nil(t, ev.Field(i).Elem().Field(j).Interface(), "%s: the caller's left unset", key)
		}
	}
	want := map[string]float64{"PV.CapitalPerKWp": 0.5, "Wind.CapitalPerKW": 1, "Battery.CapitalPerKWh": 1.5, "Battery.CapitalPerKW": 2,
		"HeatPump.CapitalPerKWTh": 2.5, "ThermalStorage.CapitalPerKWhTh": 3, "ElectricBoiler.CapitalPerKWTh": 3.5,
		"CHP.CapitalPerKW": 4, "FuelBoiler.CapitalPerKWTh": 4.5, "GridConnection.CapitalPerKW": 5}
	assert.Equal(t, want, got)
	var none *model.Economics
	assert.Nil(t, none.WithCapitalScaled(base, f), "a park without economics stays without")
}

// TestScaleCapitalKeepsFixedOM: fixed O&M stays as the park gives it
// (Trends, plan/doc.go "Pathway (myopic)"), the battery's defaulted O&M
// too, although its default is a fraction of the capital cost: scaling
// the capital by 0.5 must not halve it (QA P, 2026-12-05: a pathway at 5 %
// a year of capital decline charged 2035's batteries 3.60 USD/kWh a year
// of O&M, not 6.325).
func TestScaleCapitalKeepsFixedOM(t *testing.T) {
	om := 10.0
	for _, tc := range []struct {
		name             string
		battery          model.BatteryEconomics
		wantKWh, wantKW  float64
		wantCapKWh, capK float64
	}{
		{"defaulted", model.BatteryEconomics{MaxTotalKWh: 100, MaxTotalKW: 50},
			model.DefaultBatteryFixedOMFraction * model.DefaultBatteryCapitalPerKWh,
			model.DefaultBatteryFixedOMFraction * model.DefaultBatteryCapitalPerKW,
			float64(model.DefaultBatteryCapitalPerKWh) / 2, float64(model.DefaultBatteryCapitalPerKW) / 2},
		{"given", model.BatteryEconomics{MaxTotalKWh: 100, MaxTotalKW: 50, FixedOMPerKWhYear: &om, FixedOMPerKWYear: &om},
			10, 10, float64(model.DefaultBatteryCapitalPerKWh) / 2, float64(model.DefaultBatteryCapitalPerKW) / 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.battery
			p := &model.Park{Batteries: []model.Battery{{Name: "b"}}, Economics: &model.Economics{Currency: "USD", Battery: &b}}
			base, err := p.CapacityCosts()
			require.NoError(t, err)
			q := &model.Park{Batteries: p.Batteries, Economics: p.Economics.WithCapitalScaled(base, 0.5)}
			got, err := q.CapacityCosts()
			require.NoError(t, err)
			assert.InDelta(t, tc.wantCapKWh, got.BatteryEnergy.CapitalPerUnit, 1e-12)
			assert.InDelta(t, tc.capK, got.BatteryPower.CapitalPerUnit, 1e-12)
			assert.InDelta(t, tc.wantKWh, got.BatteryEnergy.FixedOMPerUnitYear, 1e-12, "O&M per kWh a year")
			assert.InDelta(t, tc.wantKW, got.BatteryPower.FixedOMPerUnitYear, 1e-12, "O&M per kW a year")
			assert.Equal(t, tc.battery, b, "the caller's economics unchanged")
		})
	}
}
