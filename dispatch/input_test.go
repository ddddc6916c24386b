package dispatch

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// Bad values in the profiles of a whole-period dispatch are an error from
// every policy, naming the series, the interval and the value; never NaN
// totals with a nil error.
func TestProfilesRefused(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name     string
		spoil    func(pr *model.Profiles)
		kind     string
		asset    string
		field    string
		interval int
		says     string
	}{
		{"NaN load", func(pr *model.Profiles) { pr.LoadKW[1][5] = nan }, "load", "warehouse", "LoadKW[1]", 5, "not a finite number"},
		{"negative load", func(pr *model.Profiles) { pr.LoadKW[0][7] = -1 }, "load", "office", "LoadKW[0]", 7, "≥ 0"},
		{"+Inf PV", func(pr *model.Profiles) { pr.PVAvailKW[0][2] = inf }, "pv", "pv", "PVAvailKW[0]", 2, "not a finite number"},
		{"huge wind", func(pr *model.Profiles) { pr.WindAvailKW[0][0] = 1e12 }, "wind", "wind", "WindAvailKW[0]", 0, "implausibly large"},
		{"NaN carbon", func(pr *model.Profiles) { pr.DispatchKgCO2ePerKWh[9] = nan }, "grid", "", "DispatchKgCO2ePerKWh", 9, "not a finite number"},
		{"-Inf accounting", func(pr *model.Profiles) {
			pr.AccountingKgCO2ePerKWh = append([]float64(nil), pr.AccountingKgCO2ePerKWh...)
			pr.AccountingKgCO2ePerKWh[3] = -inf
		}, "grid", "", "AccountingKgCO2ePerKWh", 3, "not a finite number"},
		{"NaN price", func(pr *model.Profiles) { pr.ImportPricePerKWh[11] = nan }, "grid", "", "ImportPricePerKWh", 11, "not a finite number"},
	} {
		for _, pol := range Policies().Names() {
			p, pr := benchPark(12)
			c.spoil(pr)
			res, err := runPolicy(pol, p, pr, DefaultConfig())
			require.Error(t, err, "%s %s", c.name, pol)
			assert.Nil(t, res)
			require.ErrorIs(t, err, ErrInput, "%s %s", c.name, pol)
			var ve *ValueError
			require.True(t, errors.As(err, &ve), "%s %s: %v", c.name, pol, err)
			assert.Equal(t, c.kind, ve.Kind, c.name)
			assert.Equal(t, c.asset, ve.Asset, c.name)
			assert.Equal(t, c.field, ve.Field, c.name)
			assert.Equal(t, c.interval, ve.Interval, c.name)
			assert.Equal(t, t0.Add(time.Duration(c.interval)*time.Hour), ve.Time, c.name)
			assert.ErrorContains(t, err, c.says, c.name)
			assert.ErrorContains(t, err, t0.Add(time.Duration(c.interval)*time.Hour).Format(time.RFC3339), c.name)
		}
	}
}

// Every bad series is named at once; a short or missing series is an
// error, not an index panic; nil prices are zeros.
func TestProfilesShortOrMissing(t *testing.T) {
	p, pr := benchPark(12)
	pr.LoadKW[0][1], pr.LoadKW[2][4] = math.NaN(), math.NaN()
	_, err := Run(p, pr, DefaultConfig())
	var ve *ValueError
	require.ErrorAs(t, err, &ve)
	assert.ErrorContains(t, err, `load "office"`)
	assert.ErrorContains(t, err, `load "hotel"`)

	p, pr = benchPark(12)
	pr.PVAvailKW[0] = pr.PVAvailKW[0][:5]
	_, err = GridOnly(p, pr, DefaultConfig())
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, `pv "pv" PVAvailKW[0] has 5 values, the period has 12 intervals`)

	p, pr = benchPark(12)
	pr.AccountingKgCO2ePerKWh = nil
	_, err = SelfConsumption(p, pr, DefaultConfig())
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, "AccountingKgCO2ePerKWh has 0 values")

	p, pr = benchPark(12)
	pr.ImportPricePerKWh, pr.ExportPricePerKWh = nil, nil
	_, err = PerfectForesight(p, pr, DefaultConfig())
	require.NoError(t, err)
}

// stepPark is one load, one PV array and one 1000 kWh battery kept
// within [100, 900] kWh.
func stepPark() *model.Park {
	return &model.Park{Name: "step", Loads: []model.Load{{Name: "a", Column: "a"}, {Name: "b", Column: "b"}},
		PV:        []model.PVArray{{Name: "roof", CapacityKWp: 100, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{battery("bat", 1000, 200)}, Grid: grid(1000, 0)}
}

// A measured state of charge outside [min, max] is clamped, counted and
// warned about; one far outside [0, energy], or NaN, is an error.
func TestStepClampsStateOfCharge(t *testing.T) {
	p := stepPark()
	d, err := New(p, time.Hour, DefaultConfig())
	require.NoError(t, err)
	defer d.Close()
	fc := profiles(p, [][]float64{constant(4, 10), constant(4, 5)}, [][]float64{constant(4, 0)}, nil, nil)
	for _, c := range []struct {
		soc, want float64
		clamped   int
	}{
		{500, 500, 0},
		{50, 100, 1},
		{950, 900, 1},
		{-40, 100, 1},        // 4 % of the energy below 0: a drifting estimate
		{1040, 900, 1},       // 4 % above the energy
		{900 + 1e-9, 900, 0}, // rounding: clamped silently
	} {
		plan, err := d.Step(State{SoCKWh: []float64{c.soc}}, fc)
		require.NoError(t, err, "soc %v", c.soc)
		assert.Equal(t, c.want, plan.InitialSoCKWh[0], "soc %v", c.soc)
		assert.Equal(t, c.clamped, plan.SoCClamped, "soc %v", c.soc)
		if c.clamped > 0 {
			require.NotEmpty(t, plan.Warnings)
			assert.Contains(t, plan.Warnings[0], `battery "bat"`)
			assert.Contains(t, plan.Warnings[0], "clamped")
		}
		require.NoError(t, plan.Check(p), "soc %v", c.soc)
	}
	for _, v := range []float64{-60, 1060, 4000, math.NaN(), math.Inf(1)} {
		_, err := d.Step(State{SoCKWh: []float64{v}}, fc)
		require.ErrorIs(t, err, ErrInput, "soc %v", v)
		assert.ErrorContains(t, err, `battery "bat"`)
	}
}

// Repairs are counted per series, in the order of Plan.SeriesNames.
func TestStepRepairsPerSeries(t *testing.T) {
	p := stepPark()
	d, err := New(p, time.Hour, DefaultConfig())
	require.NoError(t, err)
	defer d.Close()
	a, b, pv := constant(6, 10), constant(6, 5), constant(6, 20)
	b[1], b[4] = math.NaN(), -3
	pv[2] = math.Inf(1)
	fc := profiles(p, [][]float64{a, b}, [][]float64{pv}, nil, nil)
	fc.ExportPricePerKWh[0] = math.NaN()
	plan, err := d.Step(InitialState(p), fc)
	require.NoError(t, err)
	assert.Equal(t, []string{"load:a", "load:b", "pv:roof", "dispatch_carbon", "import_price", "export_price", "accounting_carbon"}, plan.SeriesNames)
	assert.Equal(t, []int{0, 2, 1, 0, 0, 1, 0}, plan.Repaired)
	assert.Equal(t, 4, plan.RepairedTotal())
	// Load b's bad values take its previous good value; PV its 0.
	assert.Equal(t, []float64{15, 15, 15, 15, 15, 15}, plan.LoadKW)
	assert.Equal(t, 0.0, plan.PVAvailKW[0][2])
	assert.Contains(t, plan.Warnings[0], "load:b at 2023-06-01T01:00:00Z: value NaN replaced by 5")

	// The counts are of this call only.
	plan, err = d.Step(InitialState(p), profiles(p, [][]float64{constant(6, 10), constant(6, 5)}, [][]float64{constant(6, 0)}, nil, nil))
	require.NoError(t, err)
	assert.Zero(t, plan.RepairedTotal())
	assert.Empty(t, plan.Warnings)
}

// A load bad at the start of the window takes the window's first good
// value, not 0 kW (QA, 2026-12-04: half the park's load was planned
// away); a load with no good value in the window is 0.
func TestStepLoadRepairAtStart(t *testing.T) {
	nan := math.NaN()
	p := stepPark()
	d, err := New(p, time.Hour, DefaultConfig())
	require.NoError(t, err)
	defer d.Close()
	a := []float64{nan, -1, 12, nan}
	plan, err := d.Step(InitialState(p), profiles(p, [][]float64{a, constant(4, 5)}, [][]float64{constant(4, 0)}, nil, nil))
	require.NoError(t, err)
	assert.Equal(t, []float64{17, 17, 17, 17}, plan.LoadKW)
	assert.Equal(t, 3, plan.Repaired[0])
	plan, err = d.Step(InitialState(p), profiles(p, [][]float64{{nan, nan, nan, nan}, constant(4, 5)}, [][]float64{constant(4, 0)}, nil, nil))
	require.NoError(t, err)
	assert.Equal(t, []float64{5, 5, 5, 5}, plan.LoadKW)
}

// A bad accounting factor is repaired and counted as the dispatch
// signal's are (QA, 2026-12-04: a NaN reached the plan's emissions, and
// Schedule.Check refused the plan): the previous good value, else the
// window's highest good value, else the dispatch signal at that step.
func TestStepAccountingRepaired(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	p := stepPark()
	d, err := New(p, time.Hour, DefaultConfig())
	require.NoError(t, err)
	defer d.Close()
	fc := profiles(p, [][]float64{constant(4, 10), constant(4, 5)}, [][]float64{constant(4, 0)}, nil, []float64{0.4, 0.4, 0.4, 0.4})
	fc.AccountingKgCO2ePerKWh = []float64{nan, 0.3, inf, 0.2}
	plan, err := d.Step(InitialState(p), fc)
	require.NoError(t, err)
	assert.Equal(t, []float64{0.3, 0.3, 0.3, 0.2}, plan.AccountingKgCO2ePerKWh)
	assert.Equal(t, 2, plan.Repaired[len(plan.Repaired)-1])
	assert.Equal(t, "accounting_carbon", plan.SeriesNames[len(plan.SeriesNames)-1])
	require.NoError(t, plan.Schedule.Check(p))
	for i, e := range plan.EmissionsKgCO2e {
		assert.False(t, math.IsNaN(e) || math.IsInf(e, 0), "interval %d", i)
	}
	// No good value in the window: the dispatch signal stands in.
	fc.AccountingKgCO2ePerKWh = []float64{nan, nan, 1e12, nan}
	plan, err = d.Step(InitialState(p), fc)
	require.NoError(t, err)
	assert.Equal(t, []float64{0.4, 0.4, 0.4, 0.4}, plan.AccountingKgCO2ePerKWh)
	assert.Equal(t, 4, plan.Repaired[len(plan.Repaired)-1])
}

// A NaN or infinite carbon value never becomes a cleaner grid than the
// data: the previous good value, else the window's highest, else the
// highest seen before, never below 0.
func TestStepCarbonRepairIsNeverCleaner(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	p := stepPark()
	d, err := New(p, time.Hour, DefaultConfig())
	require.NoError(t, err)
	defer d.Close()
	step := func(carbon []float64) *Plan {
		t.Helper()
		n := len(carbon)
		plan, err := d.Step(InitialState(p), profiles(p, [][]float64{constant(n, 10), constant(n, 5)}, [][]float64{constant(n, 0)}, nil, carbon))
		require.NoError(t, err)
		return plan
	}
	carbonIndex := 3
	for _, c := range []struct {
		name     string
		in, want []float64
	}{
		{"all bad, nothing seen yet", []float64{nan, inf}, []float64{0, 0}},
		{"first bad takes the window's highest", []float64{nan, 0.3, 0.8, nan, inf}, []float64{0.8, 0.3, 0.8, 0.8, 0.8}},
		{"every bad before the first good takes the window's highest", []float64{nan, inf, nan, 0.5, 0.7, -inf}, []float64{0.7, 0.7, 0.7, 0.5, 0.7, 0.7}},
		{"never below 0", []float64{-0.2, nan, -inf}, []float64{-0.2, 0, 0}},
		{"all bad takes the highest seen before", []float64{nan, nan}, []float64{0.8, 0.8}},
		{"huge is bad too", []float64{0.4, 1e7}, []float64{0.4, 0.4}},
	} {
		plan := step(c.in)
		assert.Equal(t, c.want, plan.DispatchKgCO2ePerKWh, c.name)
		bad := 0
		for _, v := range c.in {
			if !goodSignal(v) {
				bad++
			}
		}
		assert.Equal(t, bad, plan.Repaired[carbonIndex], c.name)
	}
}

// Forecasts outside what a series can physically take are clipped by the
// forecaster wrapper, counted per series as clipped, not as repairs; a NaN
// forecast is a repair. Counts per window are checked by hand: a period of
// 10 intervals and a 4-step horizon forecasts 4 × 7 + 3 + 2 + 1 = 34 values
// per series.
func TestForecastsClippedNotRepaired(t *testing.T) {
	p, pr := benchPark(10)
	cfg := DefaultConfig()
	cfg.Horizon = 4 * time.Hour
	cfg.Forecasts = &model.ForecastSet{
		Load:   []model.Forecaster{fixed(-5), fixed(100), nil},
		PV:     []model.Forecaster{fixed(1e5)},  // 1,500 kWp × 1.5 at most
		Wind:   []model.Forecaster{fixed(2000)}, // 1,000 kW rated
		Carbon: fixed(math.NaN()),
	}
	res, err := Run(p, pr, cfg)
	require.NoError(t, err)
	const values = 34
	assert.Equal(t, map[string]int{"dispatch_carbon": values}, res.Report.Solve.Repaired)
	clipped := map[string]int{}
	for _, f := range res.Report.Forecasts {
		clipped[f.Series] = f.Clipped
	}
	assert.Equal(t, map[string]int{"load:office": values, "load:warehouse": 0, "pv:pv": values, "wind:wind": values, "dispatch_carbon": 0}, clipped)
}

// fixed forecasts a constant.
type fixed float64

func (f fixed) Forecast(_ model.Series, out []float64) error {
	for k := range out {
		out[k] = float64(f)
	}
	return nil
}

// A run adds up its steps' repairs per series.
func TestRepairTally(t *testing.T) {
	var tally repairTally
	names := []string{"load:a", "pv:b", "dispatch_carbon"}
	tally.add(&Plan{SeriesNames: names, Repaired: []int{1, 0, 2}, SoCClamped: 1})
	tally.add(&Plan{SeriesNames: names, Repaired: []int{3, 0, 0}})
	var s SolveStats
	tally.into(&s)
	assert.Equal(t, map[string]int{"load:a": 4, "dispatch_carbon": 2}, s.Repaired)
	assert.Equal(t, 6, s.RepairedTotal())
	assert.Equal(t, 1, s.SoCClamped)
}

// FuzzProfiles puts arbitrary values (NaN, ±Inf, negative, huge) into the
// profiles of a whole-period run: every policy either refuses them with
// ErrInput or returns finite totals, never NaN with a nil error.
func FuzzProfiles(f *testing.F) {
	f.Add(uint8(0), uint8(3), math.NaN())
	f.Add(uint8(4), uint8(0), math.Inf(-1))
	f.Add(uint8(2), uint8(5), -1.0)
	f.Add(uint8(1), uint8(7), 250.0)
	f.Fuzz(func(t *testing.T, series, interval uint8, v float64) {
		p, pr := benchPark(8)
		targets := [][]float64{pr.LoadKW[0], pr.LoadKW[2], pr.PVAvailKW[0], pr.WindAvailKW[0], pr.DispatchKgCO2ePerKWh, pr.ImportPricePerKWh}
		targets[int(series)%len(targets)][int(interval)%pr.Len] = v
		for _, pol := range []Policy{GridOnlyPolicy, SelfConsumptionPolicy, Perfect} {
			res, err := runPolicy(pol, p, pr, DefaultConfig())
			if err != nil {
				if !errors.Is(err, ErrInput) {
					t.Fatalf("%s: error not ErrInput: %v", pol, err)
				}
				continue
			}
			r := res.Report
			for _, x := range []float64{r.ResidualKgCO2e, r.BaselineKgCO2e, r.AdjustedResidualKgCO2e, r.Energy.Import, r.EnergyCost} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Fatalf("%s: non-finite total %v with a nil error (value %v)", pol, x, v)
				}
			}
		}
	})
}

// A NaN state of charge is said to be NaN, not to be "outside [0, E] by
// more than" a margin; likewise a thermal store's content.
func TestSoCNaNIsSaid(t *testing.T) {
	err := CheckSoC(battery("bat", 1000, 200), math.NaN())
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, `battery "bat": soc_kwh is NaN`)
	assert.NotContains(t, err.Error(), "by more than")
	err = CheckHeatSoC(model.ThermalStorage{Name: "tank", EnergyKWhTh: 200}, math.NaN())
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, `thermal store "tank": soc_kwh_th is NaN`)
	assert.NotContains(t, err.Error(), "by more than")
}
