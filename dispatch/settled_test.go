package dispatch

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// chpSinkPark is TestPerfectForesightCHPWithoutASink's park: a CHP whose
// electricity has nowhere to go but the battery, four hours.
func chpSinkPark(t *testing.T) (*model.Park, *model.Profiles) {
	t.Helper()
	const n = 4
	p := &model.Park{Name: "chp", Loads: []model.Load{{Name: "l", Column: "l"}},
		HeatLoads: []model.HeatLoad{{Name: "h", Column: "h"}}, Grid: grid(1000, 0),
		Batteries: []model.Battery{battery("b", 200, 400)},
		CHP:       []model.CHP{{Name: "chp", CapacityKW: 100, ElectricEfficiencyLHV: 0.35, ThermalEfficiencyLHV: 0.49, Fuel: "natural_gas"}}}
	p.Batteries[0].WearCostPerKWh = 0.01
	require.NoError(t, p.Validate())
	return p, withHeat(p, profiles(p, [][]float64{constant(n, 20)}, nil, nil, constant(n, 0.5)), [][]float64{constant(n, 70)}, nil)
}

// lpFirstAtOnce is the first interval in which perfect foresight's LP,
// before realise, charges and discharges a battery at once (-1: none):
// the LP solved again here, independently of PerfectForesight's count.
func lpFirstAtOnce(t *testing.T, p *model.Park, pr *model.Profiles, cfg Config) int {
	t.Helper()
	d, err := newDispatcher(p, pr.Step, pr.Len, cfg)
	require.NoError(t, err)
	defer d.Close()
	d.endValue = studyEndValues(p, pr, &cfg)
	d.periodStart, d.periodLen = pr.Start, pr.Len
	plan, err := d.Step(InitialState(p), pr)
	require.NoError(t, err)
	first, _ := bothAtOnce(&plan.Schedule)
	return first
}

func TestPerfectForesightCountsSettledIntervals(t *testing.T) {
	p, pr := chpSinkPark(t)
	for _, obj := range []Objective{CarbonFirst, Cost} {
		t.Run(obj.String(), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Objective = obj
			first := lpFirstAtOnce(t, p, pr, cfg)
			require.GreaterOrEqual(t, first, 0, "the LP charges and discharges at once (else this tests nothing)")
			r, err := PerfectForesight(p, pr, cfg)
			require.NoError(t, err)
			assert.Equal(t, pr.Len-first, r.Report.Solve.SettledIntervals, "from the first interval doing both to the end")

			cfg.Horizon = 4 * time.Hour
			info, err := Run(p, pr, cfg)
			require.NoError(t, err)
			assert.Zero(t, info.Report.Solve.SettledIntervals, "only perfect foresight is settled")
		})
	}
}

// On parks whose LP never does both, perfect foresight is the LP's plan
// and counts nothing settled; when it does, the count runs from there.
func TestPerfectForesightSettledMatchesLP(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		p, pr := randomPark(rand.New(rand.NewPCG(seed, 5)), 24, 2, seed%2 == 0)
		cfg := DefaultConfig()
		first := lpFirstAtOnce(t, p, pr, cfg)
		want := 0
		if first >= 0 {
			want = pr.Len - first
		}
		r, err := PerfectForesight(p, pr, cfg)
		require.NoError(t, err)
		assert.Equal(t, want, r.Report.Solve.SettledIntervals, "seed %d", seed)
	}
}

func TestGapAgainstSettledPerfectForesight(t *testing.T) {
	res := func(adjKg float64, settled int) *Result {
		r := &Result{}
		r.Report.AdjustedResidualKgCO2e, r.Report.Solve.SettledIntervals = adjKg, settled
		return r
	}
	for _, c := range []struct {
		name                             string
		withFc, info, perfect            float64
		settled                          int
		wantForecast, wantHorizon, below float64
	}{
		// By hand: forecast error = 1200 − 1100, horizon = 1100 − 1000.
		{"bound", 1200, 1100, 1000, 0, 100, 100, 0},
		{"settled, above", 1200, 1100, 1000, 3, 100, 100, 0},
		// Perfect information 50 kg below a settled perfect foresight:
		// no cost, 50 kg below.
		{"settled, below", 1200, 1100, 1150, 3, 100, 0, 50},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := Gap(res(c.withFc, 0), res(c.info, 0), res(c.perfect, c.settled))
			assert.InDelta(t, c.wantForecast, g.ForecastErrorKgCO2e, 1e-9)
			assert.InDelta(t, c.wantHorizon, g.HorizonKgCO2e, 1e-9)
			require.NotNil(t, g.HorizonShare)
			require.NotNil(t, g.ForecastErrorShare)
			assert.InDelta(t, c.wantHorizon/c.perfect, *g.HorizonShare, 1e-12)
			assert.InDelta(t, c.wantForecast/c.perfect, *g.ForecastErrorShare, 1e-12)
			assert.InDelta(t, c.below, g.HorizonBelowKgCO2e, 1e-9)
			assert.Equal(t, c.settled, g.PerfectSettledIntervals)
			assert.Equal(t, c.settled == 0, g.Bound())
			// What the parts account for: with forecasts − perfect
			// foresight = forecast error + horizon − below.
			assert.InDelta(t, c.withFc-c.perfect, g.ForecastErrorKgCO2e+g.HorizonKgCO2e-g.HorizonBelowKgCO2e, 1e-9)
		})
	}
}

// Where perfect foresight emits nothing (or less: a negative adjusted
// residual) the shares of it are not defined: nil, JSON null, never 0
// ("no cost") nor ±Inf. The kgCO2e figures are still the differences.
func TestGapSharesUndefinedOnZeroBound(t *testing.T) {
	res := func(adjKg float64) *Result {
		r := &Result{}
		r.Report.AdjustedResidualKgCO2e = adjKg
		return r
	}
	for _, c := range []struct {
		name                  string
		withFc, info, perfect float64
	}{
		{"zero bound", 300, 100, 0},
		{"negative bound", 300, 100, -50},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := Gap(res(c.withFc), res(c.info), res(c.perfect))
			assert.InDelta(t, c.withFc-c.info, g.ForecastErrorKgCO2e, 1e-9)
			assert.InDelta(t, c.info-c.perfect, g.HorizonKgCO2e, 1e-9)
			assert.Nil(t, g.ForecastErrorShare)
			assert.Nil(t, g.HorizonShare)
			b, err := json.Marshal(g)
			require.NoError(t, err)
			assert.Contains(t, string(b), `"forecast_error_share":null`)
			assert.Contains(t, string(b), `"horizon_share":null`)
		})
	}
}

// Without a perfect-information run the horizon is not measured: its
// share is nil (JSON null), not a pointer to 0 ("the horizon cost 0 %"),
// and the forecast error is the whole gap over the bound, by hand
// (1200 − 1000) / 1000 = 0.2.
func TestGapWithoutPerfectInformation(t *testing.T) {
	res := func(adjKg float64) *Result {
		r := &Result{}
		r.Report.AdjustedResidualKgCO2e = adjKg
		return r
	}
	g := Gap(res(1200), nil, res(1000))
	assert.InDelta(t, 200, g.ForecastErrorKgCO2e, 1e-9)
	require.NotNil(t, g.ForecastErrorShare)
	assert.InDelta(t, 0.2, *g.ForecastErrorShare, 1e-12)
	assert.Zero(t, g.HorizonKgCO2e)
	assert.Nil(t, g.HorizonShare)
	b, err := json.Marshal(g)
	require.NoError(t, err)
	assert.Contains(t, string(b), `"horizon_share":null`)
}
