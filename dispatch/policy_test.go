package dispatch

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// The standard catalogue: the five policies in report order, with the
// names the command line takes and the titles reports print.
func TestPoliciesCatalogue(t *testing.T) {
	cat := Policies()
	require.NoError(t, cat.Validate())
	want := []struct {
		name      Policy
		text      string
		title     string
		forecasts bool
	}{
		{GridOnlyPolicy, "grid", "grid-only", false},
		{SelfConsumptionPolicy, "self", "self-consumption", false},
		{RollingHorizon, "mpc", "rolling horizon", true},
		{PerfectInformation, "mpc-perfect", "rolling, perfect info", false},
		{Perfect, "perfect", "perfect foresight", false},
	}
	require.Len(t, cat, len(want))
	for i, w := range want {
		e := cat[i]
		assert.Equal(t, w.name, e.Name)
		assert.Equal(t, w.text, string(e.Name))
		assert.Equal(t, w.title, e.Title)
		assert.Equal(t, w.title, cat.Title(w.name))
		assert.Equal(t, w.forecasts, e.UsesForecasts, w.text)
		got, err := cat.Parse(w.text)
		require.NoError(t, err)
		assert.Equal(t, w.name, got)
		assert.Equal(t, w.name, cat.Names()[i])
	}
	assert.Equal(t, "magic", cat.Title("magic"), "an unknown policy keeps its name")
	for _, bad := range []string{"", "MPC", "mpc ", "perfect-information", "magic"} {
		_, err := cat.Parse(bad)
		require.ErrorIs(t, err, ErrConfig, "%q", bad)
		assert.ErrorContains(t, err, "want grid, self, mpc, mpc-perfect or perfect")
	}
	// Each call is a fresh slice: a caller appending to or editing its
	// copy changes no one else's.
	cat[0].Title = "changed"
	_ = append(cat[:2], PolicyInfo{Name: "other"})
	assert.Equal(t, "grid-only", Policies()[0].Title)
	assert.Equal(t, SelfConsumptionPolicy, Policies()[1].Name)
}

// The rolling horizon with forecasts refuses to run without forecasters
// (it would silently plan on perfect information); the rolling horizon
// with perfect information is Run on the actual series, whatever
// forecasters cfg holds.
func TestRollingHorizonPolicies(t *testing.T) {
	p, pr := benchPark(30)
	cfg := DefaultConfig()
	cfg.Horizon = 6 * time.Hour

	res, err := RunPolicy(RollingHorizon, p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig)
	assert.Nil(t, res)
	assert.ErrorContains(t, err, "Config.Forecasts is nil")
	e, _ := Policies().Lookup(RollingHorizon)
	_, err = e.Run(p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig, "the runner itself refuses, not only RunPolicy")

	want, err := Run(p, pr, cfg)
	require.NoError(t, err)
	withFC := cfg
	withFC.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} })
	for _, c := range []Config{cfg, withFC} {
		got, err := RunPolicy(PerfectInformation, p, pr, c)
		require.NoError(t, err)
		assert.Equal(t, PerfectInformation, got.Policy)
		assert.Equal(t, PerfectInformation, got.Report.Policy)
		require.Equal(t, want.Schedule, got.Schedule, "exactly Run on the actual series")
		assert.Empty(t, got.Report.Forecasts)
	}

	// With forecasters, "mpc" is Run with them: the same schedule and
	// forecast report as calling Run directly.
	direct, err := Run(p, pr, withFC)
	require.NoError(t, err)
	withFC.Forecasts = allOf(p, pr, func([]float64) model.Forecaster { return persistence{} }) // fresh forecasters
	viaCat, err := RunPolicy(RollingHorizon, p, pr, withFC)
	require.NoError(t, err)
	assert.Equal(t, RollingHorizon, viaCat.Policy)
	require.Equal(t, direct.Schedule, viaCat.Schedule)
	require.Equal(t, direct.Report.Forecasts, viaCat.Report.Forecasts)
	require.NotEqual(t, want.Schedule, viaCat.Schedule, "persistence forecasts change the plan on this park")
}

// RunPolicy is the runner functions by name: the same schedule and
// report as calling GridOnly, SelfConsumption and PerfectForesight.
func TestRunPolicyIsTheRunners(t *testing.T) {
	p, pr := benchPark(24)
	cfg := DefaultConfig()
	for _, c := range []struct {
		pol Policy
		run func(*model.Park, *model.Profiles, Config) (*Result, error)
	}{{GridOnlyPolicy, GridOnly}, {SelfConsumptionPolicy, SelfConsumption}, {Perfect, PerfectForesight}} {
		want, err := c.run(p, pr, cfg)
		require.NoError(t, err)
		got, err := RunPolicy(c.pol, p, pr, cfg)
		require.NoError(t, err)
		assert.Equal(t, c.pol, got.Policy)
		require.Equal(t, want.Schedule, got.Schedule, string(c.pol))
		want.Report.Solve, got.Report.Solve = SolveStats{}, SolveStats{} // solve times differ
		require.Equal(t, want.Report, got.Report, string(c.pol))
	}
	_, err := RunPolicy("magic", p, pr, cfg)
	require.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, `unknown policy "magic" (want grid, self, mpc, mpc-perfect or perfect)`)
}

// A catalogue entry's result is labelled with the entry's name whatever
// its runner set, so an added policy built on an existing runner reports
// under its own name.
func TestCatalogueRunLabels(t *testing.T) {
	p, pr := benchPark(12)
	cat := append(Policies(), PolicyInfo{Name: "grid-again", Title: "grid again", Run: GridOnly})
	require.NoError(t, cat.Validate())
	res, err := cat.Run("grid-again", p, pr, DefaultConfig())
	require.NoError(t, err)
	assert.Equal(t, Policy("grid-again"), res.Policy)
	assert.Equal(t, Policy("grid-again"), res.Report.Policy)
	assert.Equal(t, "grid again", cat.Title("grid-again"))
	_, err = Policies().Parse("grid-again")
	require.ErrorIs(t, err, ErrConfig, "the standard catalogue does not know it")
}

func TestCatalogueValidate(t *testing.T) {
	ok := PolicyInfo{Name: "a", Title: "A", Run: GridOnly}
	for _, c := range []struct {
		name string
		cat  Catalogue
		says []string
	}{
		{"empty name", Catalogue{ok, {Title: "B", Run: GridOnly}}, []string{"entry 1", "empty name"}},
		{"twice", Catalogue{ok, ok}, []string{`entry 1 ("a")`, "listed twice"}},
		{"no title, no runner", Catalogue{{Name: "b"}}, []string{"empty title", "no runner"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.cat.Validate()
			require.ErrorIs(t, err, ErrConfig)
			for _, s := range c.says {
				assert.ErrorContains(t, err, s)
			}
		})
	}
	assert.NoError(t, Catalogue{}.Validate())
	_, err := Catalogue{{Name: "b", Title: "B"}}.Run("b", nil, nil, DefaultConfig())
	require.ErrorIs(t, err, ErrConfig, "an entry without a runner is an error, not a nil call")
}
