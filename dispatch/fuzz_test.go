package dispatch

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/zeropark/zeropark/model"
)

// FuzzStep feeds Step forecasts and states built from arbitrary bytes:
// short or missing series, NaN, ±Inf, negative and huge values. Step must
// never panic; it either returns an ErrInput error or a plan that balances
// in every interval.
func FuzzStep(f *testing.F) { fuzzStep(f, DefaultConfig(), 0) }

// FuzzStepCostWithDemandCharge is FuzzStep under the Cost objective with a
// carbon price and a demand charge; the bytes also choose the running peak
// and a start near a month's end.
func FuzzStepCostWithDemandCharge(f *testing.F) {
	cfg := DefaultConfig()
	cfg.Objective = Cost
	cfg.CarbonPricePerTCO2e = 40
	fuzzStep(f, cfg, 15)
}

// FuzzStepHeat is FuzzStep on the bench park with heat (a heat pump and a
// store): the bytes also choose the heat load, the COP and the store's
// content; the plan must balance both carriers.
func FuzzStepHeat(f *testing.F) { fuzzStep(f, DefaultConfig(), -1) }

// fuzzStep runs the fuzz target on the bench park with cfg and a demand
// charge (currency per kW-month; 0 for none; −1: none, and the park with
// heat).
func fuzzStep(f *testing.F, cfg Config, demandCharge float64) {
	f.Add([]byte{24, 24, 24, 24, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{3, 1, 0, 2, 0xff, 0xf8, 0, 0, 0, 0, 0, 1})
	f.Add([]byte{0})
	f.Add([]byte{24, 24, 24, 24, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0, 0xff, 0xf0, 0, 0, 0, 0, 0, 0})
	p, _ := benchPark(48)
	heat := demandCharge < 0
	if heat {
		p, _ = benchHeatPark(48)
		demandCharge = 0
	}
	p.Grid.DemandChargePerKWMonth = demandCharge
	d, err := New(p, time.Hour, cfg)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { d.Close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() byte {
			if len(data) == 0 {
				return 0
			}
			b := data[0]
			data = data[1:]
			return b
		}
		value := func() float64 {
			if len(data) < 8 {
				return float64(next())
			}
			v := math.Float64frombits(binary.BigEndian.Uint64(data))
			data = data[8:]
			return v
		}
		series := func(n int) []float64 {
			out := make([]float64, n)
			for i := range out {
				out[i] = value()
			}
			return out
		}
		n := int(next() % 30)
		lens := [4]int{int(next() % 30), int(next() % 30), int(next() % 30), int(next() % 30)}
		fc := &model.Profiles{Start: t0, Step: time.Hour, Len: n,
			LoadKW:               [][]float64{series(lens[0]), series(lens[0]), series(lens[0])},
			PVAvailKW:            [][]float64{series(lens[1])},
			WindAvailKW:          [][]float64{series(lens[2])},
			DispatchKgCO2ePerKWh: series(lens[3]),
		}
		st := State{SoCKWh: []float64{value()}}
		if heat {
			fc.HeatLoadKWTh, fc.HeatPumpCOP = [][]float64{series(lens[0])}, [][]float64{series(lens[3])}
			fc.PurchasedHeatKgCO2ePerKWhTh, fc.PurchasedHeatPricePerKWhTh = [][]float64{}, [][]float64{}
			st.HeatSoCKWhTh = []float64{value()}
		}
		if demandCharge > 0 {
			st.MonthPeakImportKW = value()
			fc.Start = time.Date(2023, 6, 29, 0, 0, 0, 0, time.UTC).Add(time.Duration(next()%72) * time.Hour)
		}
		plan, err := d.Step(st, fc)
		if err != nil {
			if !errors.Is(err, ErrInput) {
				t.Fatalf("error not ErrInput: %v", err)
			}
			return
		}
		for i := 0; i < plan.Len; i++ {
			if e := plan.BalanceErrorKW(i); math.Abs(e) > 1e-4*(1+plan.LoadKW[i]) {
				t.Fatalf("plan interval %d does not balance: %g kW", i, e)
			}
			if heat {
				if e := plan.HeatBalanceErrorKWTh(i); math.Abs(e) > 1e-4*(1+plan.HeatLoadKWTh[i]) {
					t.Fatalf("plan interval %d: heat does not balance: %g kW_th", i, e)
				}
			}
		}
	})
}
