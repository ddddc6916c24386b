package dispatch

import (
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// oracle "forecasts" by reading the actual series it was given: the
// perfect forecaster.
type oracle struct{ actual []float64 }

func (o oracle) Forecast(h model.Series, out []float64) error {
	copy(out, o.actual[len(h.Values):])
	return nil
}

// persistence repeats the last observed value (0 before any).
type persistence struct{}

func (persistence) Forecast(h model.Series, out []float64) error {
	last := 0.0
	if n := len(h.Values); n > 0 {
		last = h.Values[n-1]
	}
	for i := range out {
		out[i] = last
	}
	return nil
}

// failing always errs: the run must fall back and go on.
type failing struct{}

func (failing) Forecast(model.Series, []float64) error { return errors.New("service down") }

func allOf(p *model.Park, pr *model.Profiles, f func([]float64) model.Forecaster) *model.ForecastSet {
	fs := &model.ForecastSet{Carbon: f(pr.DispatchKgCO2ePerKWh)}
	for i := range p.Loads {
		fs.Load = append(fs.Load, f(pr.LoadKW[i]))
	}
	for i := range p.PV {
		fs.PV = append(fs.PV, f(pr.PVAvailKW[i]))
	}
	for j := range p.Wind {
		fs.Wind = append(fs.Wind, f(pr.WindAvailKW[j]))
	}
	for i := range p.HeatLoads {
		fs.Heat = append(fs.Heat, f(pr.HeatLoadKWTh[i]))
	}
	return fs
}

func TestPerfectForecasterEqualsPerfectInformation(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		rng := rand.New(rand.NewPCG(seed, 11))
		p, pr := randomPark(rng, 36, 3, false)
		cfg := DefaultConfig()
		cfg.Horizon = 8 * time.Hour
		want, err := Run(p, pr, cfg)
		require.NoError(t, err)
		cfg.Forecasts = allOf(p, pr, func(a []float64) model.Forecaster { return oracle{a} })
		got, err := Run(p, pr, cfg)
		require.NoError(t, err)
		// Exactly equal, not within a tolerance: the same LPs are solved.
		require.Equal(t, want.Schedule, got.Schedule, "seed %d", seed)
		for _, f := range got.Report.Forecasts {
			assert.Zero(t, f.Overall.MAE, f.Series)
			require.NotNil(t, f.Overall.Skill, f.Series)
			assert.InDelta(t, 1, *f.Overall.Skill, 1e-12, f.Series)
		}
	}
}

func TestForecastRunsKeepInvariants(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		rng := rand.New(rand.NewPCG(seed, 13))
		p, pr := randomPark(rng, 48, 3, seed%3 == 0)
		cfg := DefaultConfig()
		cfg.Horizon = 12 * time.Hour
		cfg.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
		res, err := Run(p, pr, cfg)
		require.NoError(t, err)
		checkInvariants(t, p, res.Schedule)
		// The settled run sees the actual data, not the forecasts.
		for i := 0; i < pr.Len; i++ {
			require.InDelta(t, pr.TotalLoadKW(i), res.Schedule.LoadKW[i], 1e-9)
		}
		require.Len(t, res.Report.Forecasts, len(p.Loads)+len(p.PV)+len(p.Wind)+1)
		for _, f := range res.Report.Forecasts {
			// Persistence against itself: skill exactly 0 at every lead.
			for _, l := range f.PerLead {
				if l.N > 0 && l.RMSE > 0 {
					require.NotNil(t, l.Skill, "%s lead %d", f.Series, l.Lead)
					require.InDelta(t, 0, *l.Skill, 1e-12, "%s lead %d", f.Series, l.Lead)
				}
			}
		}
	}
}

func TestFailingForecasterFallsBack(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p, pr := randomPark(rng, 24, 2, false)
	cfg := DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{Carbon: failing{}}
	res, err := Run(p, pr, cfg)
	require.NoError(t, err)
	checkInvariants(t, p, res.Schedule)
	require.Len(t, res.Report.Forecasts, 1)
	assert.Equal(t, pr.Len, res.Report.Forecasts[0].Fallbacks)
}

func TestForecastSetShapeChecked(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	p, pr := randomPark(rng, 12, 2, false)
	cfg := DefaultConfig()
	cfg.Forecasts = &model.ForecastSet{Load: make([]model.Forecaster, len(p.Loads)+1)}
	_, err := Run(p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig)
}

// A flat load and windless wind columns make persistence exact (RMSE 0):
// their skill is not defined, nil at every lead and over all leads, for
// persistence and for an exact forecaster alike (not 0, not 1), and null
// in JSON. The varying series keep their skill: 0 for persistence, 1 for
// the oracle.
func TestForecastSkillUndefinedWherePersistenceExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p, pr := randomPark(rng, 36, 2, false)
	require.NotEmpty(t, p.Wind)
	flat := map[string]bool{"load:" + p.Loads[0].Name: true}
	for k := range pr.LoadKW[0] {
		pr.LoadKW[0][k] = 120
	}
	for j := range p.Wind {
		flat["wind:"+p.Wind[j].Name] = true
		for k := range pr.WindAvailKW[j] {
			pr.WindAvailKW[j][k] = 0
		}
	}
	for _, tc := range []struct {
		name  string
		f     func([]float64) model.Forecaster
		skill float64 // of the varying series
	}{
		{"persistence", func([]float64) model.Forecaster { return persistence{} }, 0},
		{"oracle", func(a []float64) model.Forecaster { return oracle{a} }, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Horizon = 8 * time.Hour
			cfg.Forecasts = allOf(p, pr, tc.f)
			res, err := Run(p, pr, cfg)
			require.NoError(t, err)
			fc := res.Report.Forecasts
			require.Len(t, fc, len(p.Loads)+len(p.PV)+len(p.Wind)+1)
			seen := 0
			for _, f := range fc {
				for _, l := range append([]LeadStats{f.Overall}, f.PerLead...) {
					require.Positive(t, l.N, "%s lead %d", f.Series, l.Lead)
					if flat[f.Series] {
						seen++
						assert.Zero(t, l.RMSE, "%s lead %d: exact", f.Series, l.Lead)
						if !assert.Nil(t, l.Skill, "%s lead %d: skill defined", f.Series, l.Lead) {
							t.Logf("skill %v", *l.Skill)
						}
					} else {
						require.NotNil(t, l.Skill, "%s lead %d", f.Series, l.Lead)
						assert.InDelta(t, tc.skill, *l.Skill, 1e-12, "%s lead %d", f.Series, l.Lead)
					}
				}
			}
			require.Equal(t, (1+len(p.Wind))*(1+8), seen, "flat series × (overall + 8 leads)")

			// JSON: null for the flat series, the number for the others,
			// and back to nil.
			b, err := json.Marshal(fc)
			require.NoError(t, err)
			var raw []struct {
				Series  string
				Overall map[string]any
				PerLead []map[string]any `json:"per_lead"`
			}
			require.NoError(t, json.Unmarshal(b, &raw))
			for _, f := range raw {
				for _, l := range append([]map[string]any{f.Overall}, f.PerLead...) {
					require.Contains(t, l, "skill_vs_persistence")
					if flat[f.Series] {
						assert.Nil(t, l["skill_vs_persistence"], f.Series)
					} else {
						assert.InDelta(t, tc.skill, l["skill_vs_persistence"], 1e-12, f.Series)
					}
				}
			}
			var back []SeriesForecast
			require.NoError(t, json.Unmarshal(b, &back))
			require.Len(t, back, len(fc))
			assert.Equal(t, fc, back)
		})
	}
}

// Windless wind columns (every actual 0) have no nMAE: nil at every lead
// and over all, for persistence and the oracle alike, and null in JSON,
// never 0 ("exact"). A flat, non-zero load forecast exactly has a true
// nMAE of 0; the varying series keep theirs (0 for the oracle, > 0 for
// persistence).
func TestForecastNMAEUndefinedOnWindlessWind(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	p, pr := randomPark(rng, 36, 2, false)
	require.NotEmpty(t, p.Wind)
	windless := map[string]bool{}
	for j := range p.Wind {
		windless["wind:"+p.Wind[j].Name] = true
		for k := range pr.WindAvailKW[j] {
			pr.WindAvailKW[j][k] = 0
		}
	}
	flatLoad := "load:" + p.Loads[0].Name
	for k := range pr.LoadKW[0] {
		pr.LoadKW[0][k] = 120
	}
	for _, tc := range []struct {
		name  string
		f     func([]float64) model.Forecaster
		exact bool // every forecast equals its actual
	}{
		{"persistence", func([]float64) model.Forecaster { return persistence{} }, false},
		{"oracle", func(a []float64) model.Forecaster { return oracle{a} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Horizon = 8 * time.Hour
			cfg.Forecasts = allOf(p, pr, tc.f)
			res, err := Run(p, pr, cfg)
			require.NoError(t, err)
			fc := res.Report.Forecasts
			require.Len(t, fc, len(p.Loads)+len(p.PV)+len(p.Wind)+1)
			seen := 0
			for _, f := range fc {
				for _, l := range append([]LeadStats{f.Overall}, f.PerLead...) {
					require.Positive(t, l.N, "%s lead %d", f.Series, l.Lead)
					switch {
					case windless[f.Series]:
						seen++
						if !assert.Nil(t, l.NMAE, "%s lead %d: nMAE defined", f.Series, l.Lead) {
							t.Logf("nMAE %v", *l.NMAE)
						}
					case f.Series == flatLoad:
						// Persistence of a flat load is exact too: a
						// defined 0, the load being 120 kW.
						require.NotNil(t, l.NMAE, "%s lead %d", f.Series, l.Lead)
						assert.Zero(t, *l.NMAE, "%s lead %d", f.Series, l.Lead)
					default:
						require.NotNil(t, l.NMAE, "%s lead %d", f.Series, l.Lead)
						if tc.exact {
							assert.Zero(t, *l.NMAE, "%s lead %d", f.Series, l.Lead)
						} else {
							assert.Positive(t, *l.NMAE, "%s lead %d: persistence of a varying series errs", f.Series, l.Lead)
						}
					}
				}
			}
			require.Equal(t, len(p.Wind)*(1+8), seen, "windless series × (overall + 8 leads)")

			b, err := json.Marshal(fc)
			require.NoError(t, err)
			var raw []struct {
				Series  string
				Overall map[string]any
				PerLead []map[string]any `json:"per_lead"`
			}
			require.NoError(t, json.Unmarshal(b, &raw))
			for _, f := range raw {
				for _, l := range append([]map[string]any{f.Overall}, f.PerLead...) {
					require.Contains(t, l, "nmae")
					if windless[f.Series] {
						assert.Nil(t, l["nmae"], f.Series)
					} else {
						assert.IsType(t, 0.0, l["nmae"], f.Series)
					}
				}
			}
			var back []SeriesForecast
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, fc, back)
		})
	}
}

// skill_vs_persistence and nmae read null or absent as nil (not
// defined), 0 as 0, and write nil back as null.
func TestLeadStatsJSON(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          string
		skill, nmae float64 // NaN: not defined
	}{
		{"number", `{"lead":1,"n":4,"mae":1,"rmse":2,"nmae":0.5,"bias":-1,"skill_vs_persistence":0.25}`, 0.25, 0.5},
		{"zero stays zero", `{"lead":1,"n":4,"mae":0,"rmse":0,"nmae":0,"bias":0,"skill_vs_persistence":0}`, 0, 0},
		{"null", `{"lead":1,"n":4,"mae":0,"rmse":0,"nmae":null,"bias":0,"skill_vs_persistence":null}`, math.NaN(), math.NaN()},
		{"absent", `{"lead":1,"n":4,"mae":0,"rmse":0,"bias":0}`, math.NaN(), math.NaN()},
		{"zero load, forecast off", `{"lead":1,"n":4,"mae":1,"rmse":1,"nmae":null,"bias":1,"skill_vs_persistence":-1}`, -1, math.NaN()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l LeadStats
			require.NoError(t, json.Unmarshal([]byte(tc.in), &l))
			assert.Equal(t, 1, l.Lead)
			assert.Equal(t, 4, l.N)
			b, err := json.Marshal(l)
			require.NoError(t, err)
			for _, c := range []struct {
				key  string
				got  *float64
				want float64
			}{{"skill_vs_persistence", l.Skill, tc.skill}, {"nmae", l.NMAE, tc.nmae}} {
				if math.IsNaN(c.want) {
					assert.Nil(t, c.got, c.key)
					assert.Contains(t, string(b), `"`+c.key+`":null`)
				} else {
					require.NotNil(t, c.got, c.key)
					assert.InDelta(t, c.want, *c.got, 0, c.key)
				}
			}
			var again LeadStats
			require.NoError(t, json.Unmarshal(b, &again))
			assert.Equal(t, l, again)
		})
	}
}
