package dispatch

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

func TestStageRank(t *testing.T) {
	assert.Equal(t, []Stage{Conventional, LowCarbon, NearZeroCarbon, ZeroCarbon}, Stages())
	for i, s := range Stages() {
		assert.Equal(t, i, s.Rank())
	}
	assert.Equal(t, -1, Stage("carbon-negative").Rank())
}

// handLossyPark is a 2-hour park worked by hand (factor 0.5 kgCO2e/kWh):
// hour 0, PV 100 kW, load 20 kW, the battery (η_ch 0.9, η_dis 0.8, empty)
// charges 80 kW and stores 72 kWh; hour 1, no PV, load 80 kW, served by
// 50 kW of discharge (removing 62.5 kWh stored, 9.5 kWh left) and 30 kW of
// import (15 kgCO2e).
func handLossyPark(t *testing.T) (*model.Park, *model.Profiles, *Schedule) {
	t.Helper()
	bat := battery("b", 1000, 200)
	bat.ChargeEfficiency, bat.DischargeEfficiency = 0.9, 0.8
	bat.MinSoCFraction, bat.MaxSoCFraction, bat.InitialSoCFraction = 0, 1, 0
	p := &model.Park{Name: "lossy", Loads: []model.Load{{Name: "t", Column: "t"}},
		PV:        []model.PVArray{{Name: "pv", CapacityKWp: 100, AvailabilityColumn: "pv"}},
		Batteries: []model.Battery{bat}, Grid: grid(1000, 0)}
	pr := profiles(p, [][]float64{{20, 80}}, [][]float64{{100, 0}}, nil, nil)
	s := periodSchedule(p, pr)
	s.PVKW[0] = []float64{100, 0}
	s.ChargeKW[0] = []float64{80, 0}
	s.DischargeKW[0] = []float64{0, 50}
	s.SoCKWh[0] = []float64{72, 9.5}
	s.ImportKW = []float64{0, 30}
	s.fillEmissions()
	require.NoError(t, s.Check(p))
	return p, pr, s
}

// Consumption, clean share, carbon per tce and the traced renewable share
// of the lossy park, by hand.
func TestLedgerHandLossyBattery(t *testing.T) {
	p, pr, s := handLossyPark(t)
	r := mustAccount(t, p, s, DefaultLedgerConfig())
	e := r.Energy
	// Consumption (GB/T 2589) = import 30 + PV 100 − export 0 = 130 kWh:
	// served 100 + losses (80 − 50 − 9.5 = 20.5) + stored 9.5.
	assert.InDelta(t, 130, e.Consumption, 1e-9)
	assert.InDelta(t, 100, e.RenewableConsumed, 1e-9)
	assert.InDelta(t, 20.5, e.BatteryLosses, 1e-9)
	assert.InDelta(t, e.Served+e.BatteryLosses+e.StoredChange, e.Consumption, 1e-9)
	// Clean share = 100 / 130 (the old (renewable − export) / served gave
	// 100 / 100 = 100 % while importing 30 kWh).
	assert.InDelta(t, 100.0/130, r.StageBasis.CleanShare, 1e-12)
	// Carbon per tce = 0.015 tCO2 / (130 kWh × 0.1229 kgce/kWh / 1000).
	assert.InDelta(t, 130*0.1229/1000, r.StageBasis.ConsumptionTce, 1e-12)
	assert.InDelta(t, 0.015/(130*0.1229/1000), r.StageBasis.CarbonPerTce, 1e-9)
	// Traced: hour 0 serves 20 kWh of PV and stores PV only; hour 1's bus
	// is 50 kWh of stored PV and 30 kWh of import, so the 80 kWh served are
	// 50 renewable and 30 grid: 70 of 100 served kWh are renewable.
	assert.InDelta(t, 70, e.RenewableServed, 1e-9)
	assert.InDelta(t, 30, e.GridServed, 1e-9)
	assert.InDelta(t, 0.7, r.RenewableShare, 1e-12)
	per, err := RenewableServedKWh(p, s)
	require.NoError(t, err)
	assert.InDeltaSlice(t, []float64{20, 50}, per, 1e-9)
	// The origin: all 20.5 kWh of losses and the 9.5 kWh left are PV.
	res := &Result{Schedule: s, Report: r}
	a, err := Attribute(p, pr, res)
	require.NoError(t, err)
	assert.InDelta(t, 20.5, a.Origin.RenewableLosses, 1e-9)
	assert.InDelta(t, 0, a.Origin.GridLosses, 1e-9)
	assert.InDelta(t, 9.5, a.Origin.RenewableStoredChange, 1e-9)
	assert.InDelta(t, 70, a.Tenants[0].RenewableKWh, 1e-9)
	assert.InDelta(t, 0.7, a.Tenants[0].RenewableShare, 1e-12)

	// Certificates count up to the import: 20 kWh held → 120 / 130; 1 MWh
	// held → only the 30 kWh imported count, 130 / 130.
	for _, c := range []struct{ heldMWh, counted, share float64 }{
		{0.02, 0.02, 120.0 / 130}, {1, 0.03, 1},
	} {
		cfg := DefaultLedgerConfig()
		cfg.CertificatesHeldMWh = c.heldMWh
		b := mustAccount(t, p, s, cfg).StageBasis
		assert.InDelta(t, c.counted, b.CertificatesCountedMWh, 1e-12)
		assert.InDelta(t, c.share, b.CleanShare, 1e-12)
	}
}

// The stage as the notice has it: the core indicator decides, the clean
// share only when required, offsets make zero-carbon, and unserved load
// beyond the tolerance makes any park conventional.
func TestStageRules(t *testing.T) {
	// A 24-h park on a very clean grid (0.02 kgCO2e/kWh): all import, so
	// carbon per tce = 0.02 / 0.1229 = 0.163 ≤ 0.20 (core met) with a
	// clean share of 0 and no reduction at all.
	clean := &model.Park{Name: "clean grid", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(1000, 0)}
	cleanPr := profiles(clean, [][]float64{constant(24, 100)}, nil, nil, constant(24, 0.02))
	// A park short of import: PV 60 kW, load 100 kW, no import allowed:
	// 40 % unserved, no emissions, clean share 100 %.
	short := &model.Park{Name: "short", Loads: []model.Load{{Name: "l", Column: "l"}},
		PV: []model.PVArray{{Name: "pv", CapacityKWp: 60, AvailabilityColumn: "pv"}}, Grid: grid(0, 0)}
	shortPr := profiles(short, [][]float64{constant(24, 100)}, [][]float64{constant(24, 60)}, nil, nil)
	// The same with the load just above the PV: 0.05 % unserved.
	slight := profiles(short, [][]float64{constant(24, 60.03)}, [][]float64{constant(24, 60)}, nil, nil)

	cfgWith := func(f func(c *LedgerConfig)) LedgerConfig {
		c := DefaultLedgerConfig()
		if f != nil {
			f(&c)
		}
		return c
	}
	cases := []struct {
		name    string
		p       *model.Park
		pr      *model.Profiles
		cfg     LedgerConfig
		want    Stage
		limited string // in StageLimitedBy
	}{
		{"core met, share not required", clean, cleanPr, cfgWith(nil), NearZeroCarbon, "offsets needed"},
		{"core met and offset", clean, cleanPr, cfgWith(func(c *LedgerConfig) { c.OffsetsHeldTCO2e = 0.048 }), ZeroCarbon, ""},
		{"clean share required", clean, cleanPr, cfgWith(func(c *LedgerConfig) { c.RequireCleanShare = true }), Conventional, "renewable share"},
		{"clean share required, certificates held", clean, cleanPr, cfgWith(func(c *LedgerConfig) {
			c.RequireCleanShare, c.CertificatesHeldMWh, c.OffsetsHeldTCO2e = true, 2.4, 1
		}), ZeroCarbon, ""},
		{"40 % unserved", short, shortPr, cfgWith(func(c *LedgerConfig) { c.OffsetsHeldTCO2e = 1 }), Conventional, "unserved load 40.0 %"},
		{"0.05 % unserved, within tolerance", short, slight, cfgWith(nil), ZeroCarbon, ""},
		{"0.05 % unserved, no tolerance", short, slight, cfgWith(func(c *LedgerConfig) { c.UnservedToleranceShare = 0 }), Conventional, "unserved load"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Ledger = c.cfg
			for _, pol := range Policies().Names() {
				if pol == GridOnlyPolicy && c.p == short {
					continue // it leaves the PV unused: 100 % unserved
				}
				res, err := runPolicy(pol, c.p, c.pr, cfg)
				require.NoError(t, err)
				r := res.Report
				assert.Equal(t, c.want, r.Stage, "%s: %+v", pol, r.StageBasis)
				if c.limited == "" {
					assert.Empty(t, r.StageBasis.StageLimitedBy, pol)
				} else {
					assert.Contains(t, r.StageBasis.StageLimitedBy, c.limited, pol)
				}
			}
		})
	}
	// The clean-grid park's figures, by hand: 2,400 kWh at 0.02 = 48 kg.
	r, err := GridOnly(clean, cleanPr, DefaultConfig())
	require.NoError(t, err)
	b := r.Report.StageBasis
	assert.InDelta(t, 0.048/(2400*0.1229/1000), b.CarbonPerTce, 1e-12)
	assert.True(t, b.CoreMet)
	assert.Zero(t, b.CleanShare)
	assert.False(t, b.CleanShareMet)
	assert.InDelta(t, 2400*0.1229/1000*365, b.ConsumptionTcePerYear, 1e-9)
	assert.Equal(t, DefaultCarbonPerTceMax, b.CarbonPerTceMax)
}

// The five guiding indicators: the clean share assessed, the four outside
// energy supply not.
func TestGuidingIndicators(t *testing.T) {
	p, _, s := handLossyPark(t)
	g := mustAccount(t, p, s, DefaultLedgerConfig()).StageBasis.Guiding
	require.Len(t, g, 5)
	require.NotNil(t, g[0].Value)
	assert.InDelta(t, 100.0/130, *g[0].Value, 1e-12)
	assert.False(t, g[0].Met)
	for _, ind := range g[1:] {
		assert.Nil(t, ind.Value, ind.Name)
		assert.False(t, ind.Met, ind.Name)
		assert.NotEmpty(t, ind.Term)
		assert.NotEmpty(t, ind.Threshold)
	}
}

// An indicator zeropark does not assess is written "met": null, one it
// assesses true or false; every field of Indicator reaches the JSON, and
// the JSON reads back to the same Indicator.
func TestIndicatorJSON(t *testing.T) {
	v := 0.5
	all := Indicator{Name: "n", Term: "t", Threshold: "≥ 1", Value: &v, Met: true, Note: "x"}
	b, err := json.Marshal(all)
	require.NoError(t, err)
	var keys map[string]any
	require.NoError(t, json.Unmarshal(b, &keys))
	rt := reflect.TypeOf(Indicator{})
	require.Len(t, keys, rt.NumField(), "%s", b)
	for i := range rt.NumField() {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		assert.Contains(t, keys, name)
	}
	assert.Equal(t, true, keys["met"])
	var back Indicator
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, all, back)

	none := Indicator{Name: "n", Term: "t", Threshold: "≥ 1"}
	b, err = json.Marshal(none)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"n","term":"t","threshold":"≥ 1","value":null,"met":null}`, string(b))
	back = Indicator{}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, none, back)

	v = 0.2
	b, err = json.Marshal(Indicator{Value: &v})
	require.NoError(t, err)
	assert.Contains(t, string(b), `"met":false`)
}

// Large parks get the 0.30 limit, from 1 Mtce a year, annualised.
func TestCarbonPerTceBand(t *testing.T) {
	// 1 Mtce a year = 1e9 kgce / 0.1229 kgce/kWh / 8760 h = 928.9 MW.
	big := 1e9 / DefaultKgcePerKWh / 8760
	for _, c := range []struct {
		loadKW float64
		want   float64
	}{{big * 1.01, DefaultCarbonPerTceMaxLarge}, {big * 0.99, DefaultCarbonPerTceMax}} {
		p := &model.Park{Name: "big", Loads: []model.Load{{Name: "l", Column: "l"}}, Grid: grid(model.Unlimited, 0)}
		pr := profiles(p, [][]float64{constant(2, c.loadKW)}, nil, nil, nil)
		r, err := GridOnly(p, pr, DefaultConfig())
		require.NoError(t, err)
		assert.Equal(t, c.want, r.Report.StageBasis.CarbonPerTceMax, "load %g kW", c.loadKW)
	}
}

// A park file's market sets the holdings, and the prices it gives.
func TestLedgerWithMarket(t *testing.T) {
	base := DefaultLedgerConfig()
	base.OffsetPricePerTCO2e, base.CertificatePricePerMWh, base.OffsetsHeldTCO2e = 15, 5, 7
	assert.Equal(t, base, base.WithMarket(nil))
	price := 0.0
	got := base.WithMarket(&model.Market{OffsetsHeldTCO2e: 300, CertificatesHeldMWh: 2, OffsetPricePerTCO2e: &price})
	assert.Equal(t, 300.0, got.OffsetsHeldTCO2e)
	assert.Equal(t, 2.0, got.CertificatesHeldMWh)
	assert.Equal(t, 0.0, got.OffsetPricePerTCO2e, "a price of 0 given is 0")
	assert.Equal(t, 5.0, got.CertificatePricePerMWh, "a price not given keeps the default")
}

// Account refuses what it cannot read: a schedule shaped for another park,
// a short per-interval series, a ledger setting out of range, nil inputs.
func TestAccountRefusesBadInput(t *testing.T) {
	p, _, s := handLossyPark(t)
	_, err := Account(nil, s, DefaultLedgerConfig())
	assert.ErrorIs(t, err, ErrInput)

	short := *s
	short.ImportKW = s.ImportKW[:1]
	_, err = Account(p, &short, DefaultLedgerConfig())
	assert.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, "ImportKW")

	other := *p
	other.Batteries = nil
	_, err = Account(&other, s, DefaultLedgerConfig())
	assert.ErrorIs(t, err, ErrInput)

	cfg := DefaultLedgerConfig()
	cfg.CleanShareMin = 2
	_, err = Account(p, s, cfg)
	assert.ErrorIs(t, err, ErrConfig)
}

// Account refuses a value that is not finite, naming the slice, the
// interval and the value: it summed a NaN or +Inf into the totals with no
// error, and judged a stage from them (QA P, 2026-12-05: an import of +Inf
// in one interval made two days of the Texas demo near-zero-carbon, a NaN
// one gave carbon per unit energy 0).
func TestAccountRefusesNonFinite(t *testing.T) {
	p, _, s := handLossyPark(t)
	for _, c := range []struct {
		field string
		set   func(s *Schedule, v float64)
	}{
		{"ImportKW[1]", func(s *Schedule, v float64) { s.ImportKW = with(s.ImportKW, 1, v) }},
		{"LoadKW[0]", func(s *Schedule, v float64) { s.LoadKW = with(s.LoadKW, 0, v) }},
		{"EmissionsKgCO2e[1]", func(s *Schedule, v float64) { s.EmissionsKgCO2e = with(s.EmissionsKgCO2e, 1, v) }},
		{"ChargeKW[0][1]", func(s *Schedule, v float64) { s.ChargeKW = [][]float64{with(s.ChargeKW[0], 1, v)} }},
		{"InitialSoCKWh[0]", func(s *Schedule, v float64) { s.InitialSoCKWh = with(s.InitialSoCKWh, 0, v) }},
	} {
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			bad := *s
			c.set(&bad, v)
			_, err := Account(p, &bad, DefaultLedgerConfig())
			require.ErrorIs(t, err, ErrInput, "%s = %v", c.field, v)
			assert.ErrorContains(t, err, "schedule "+c.field)
			assert.ErrorContains(t, err, fmt.Sprint(v))
		}
	}
	_, err := Account(p, s, DefaultLedgerConfig())
	assert.NoError(t, err, "the schedule itself is left unchanged")
}

// with is a copy of v with v[i] = x.
func with(v []float64, i int, x float64) []float64 {
	w := append([]float64(nil), v...)
	w[i] = x
	return w
}

// A ledger figure with no upper bound says "finite and ≥ lo", not an
// interval up to 1.7976931348623157e+308.
func TestLedgerUnboundedFieldText(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Ledger.OffsetsHeldTCO2e = -3
	cfg.Ledger.KgcePerKWh = 0
	cfg.Ledger.CleanShareMin = 2
	err := cfg.Validate()
	require.ErrorIs(t, err, ErrConfig)
	assert.ErrorContains(t, err, "Ledger.OffsetsHeldTCO2e = -3: must be finite and ≥ 0")
	assert.ErrorContains(t, err, "Ledger.KgcePerKWh = 0: must be finite and ≥ 1e-09")
	assert.ErrorContains(t, err, "Ledger.CleanShareMin = 2: must be in [0, 1]", "a bounded field keeps its interval")
	assert.NotContains(t, err.Error(), "1.7976931348623157e+308")
}

// The report names a column signal with the step it was dispatched at: a
// 15-minute series is not "hourly" (found dispatching a 15-min year).
func TestSignalDescriptionNamesStep(t *testing.T) {
	for _, c := range []struct {
		name   string
		column string
		step   time.Duration
		want   string
	}{
		{"hourly column", "co2", time.Hour, `hourly series "co2" (average)`},
		{"15-min column", "co2", 15 * time.Minute, `15-min series "co2" (average)`},
		{"30-min column", "co2", 30 * time.Minute, `30-min series "co2" (average)`},
		{"constant at 15 min", "", 15 * time.Minute, "constant 0.5 kgCO2e/kWh (average)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _, s := handLossyPark(t)
			p.Grid.DispatchCarbon.Column = c.column
			s.Step = c.step
			r := mustAccount(t, p, s, DefaultLedgerConfig())
			assert.Equal(t, c.want, r.DispatchSignal)
			assert.Equal(t, "the dispatch signal serves as accounting factor: "+c.want, r.AccountingSignal)
		})
	}
}

// A near miss reads as one: the value is printed with as many decimals as
// it takes to differ from its limit ("0.2004 … above … 0.20", not "0.200";
// QA, 2026-12-04), and the stage text says so for both indicators.
func TestNearMissPrintedApart(t *testing.T) {
	for _, c := range []struct {
		v, limit float64
		dec      int
		want     string
	}{
		{0.2004, 0.2, 3, "0.2004"}, {0.2000004, 0.2, 3, "0.2000004"}, {0.25, 0.2, 3, "0.250"},
		{89.96, 90, 1, "89.96"}, {89.4, 90, 1, "89.4"}, {89.99996, 90, 1, "89.99996"},
	} {
		assert.Equal(t, c.want, apart(c.v, c.limit, c.dec), "%v against %v", c.v, c.limit)
	}
	cfg := DefaultLedgerConfig()
	cfg.RequireCleanShare = true
	b := StageBasis{CarbonPerTce: 0.2004, CarbonPerTceMax: 0.2, CleanShare: 0.8996, CleanShareMin: 0.9}
	_, why := stage(&Report{RenewableShare: 0.5}, &b, true, cfg)
	assert.Contains(t, why, "carbon per unit energy 0.2004 tCO2/tce above the core indicator's 0.20")
	assert.Contains(t, why, "clean-energy share 89.96 % below the required 90.0 %")
}

// A run that misses the core indicator at the large parks' limit says so,
// with its consumption against the line, where the other side's limit
// differs (QA s38 F2: a park whose staged limit is 0.3 read "above the core
// indicator's 0.20" and nothing else, its consumption 6,781 tce a year
// just over a line of 6,780); below the line, or with one limit, the text
// is as before.
func TestCoreMissNamesTheLargeParkLine(t *testing.T) {
	cfg := DefaultLedgerConfig()
	cfg.CarbonPerTceMax, cfg.CarbonPerTceMaxLarge, cfg.LargeParkTcePerYear = 0.3, 0.2, 6780
	b := StageBasis{CarbonPerTce: 0.294, CarbonPerTceMax: 0.2, ConsumptionTcePerYear: 6780.4}
	_, why := stage(&Report{RenewableShare: 0.5}, &b, true, cfg)
	assert.Contains(t, why, "carbon per unit energy 0.294 tCO2/tce above the core indicator's 0.20, the large parks' limit: "+
		"it consumes 6780.4 tce a year, at or above large_park_tce_per_year (6780), where below it 0.30 applies")

	b = StageBasis{CarbonPerTce: 0.31, CarbonPerTceMax: 0.3, ConsumptionTcePerYear: 6700}
	_, why = stage(&Report{RenewableShare: 0.5}, &b, true, cfg)
	assert.Contains(t, why, "carbon per unit energy 0.310 tCO2/tce above the core indicator's 0.30")
	assert.NotContains(t, why, "large parks")

	cfg.CarbonPerTceMaxLarge = 0.3
	b = StageBasis{CarbonPerTce: 0.31, CarbonPerTceMax: 0.3, ConsumptionTcePerYear: 6800}
	_, why = stage(&Report{RenewableShare: 0.5}, &b, true, cfg)
	assert.NotContains(t, why, "large parks")
}

// A conventional park emitting more than its baseline is said to be above
// it, not "-3.9 % below" (QA s31-qaC: grid-and-boilers-only on a park
// whose backup coal boiler is dirtier than the gas boiler the heat
// baseline counts); one below it keeps the words it had.
func TestStageLimitedByAboveBaseline(t *testing.T) {
	cfg := DefaultLedgerConfig()
	r := &Report{RenewableShare: 0}
	b := &StageBasis{CarbonPerTce: 3.5, CarbonPerTceMax: 0.2, ReductionVsBaseline: -0.039}
	st, why := stage(r, b, false, cfg)
	assert.Equal(t, Conventional, st)
	assert.Equal(t, "renewable share of the electricity used 0.0 % below 30.0 % and emissions 3.9 % above the baseline, not 30.0 % below it", why)
	b.ReductionVsBaseline = 0.27
	_, why = stage(r, b, false, cfg)
	assert.Equal(t, "renewable share of the electricity used 0.0 % below 30.0 % and emissions 27.0 % below the baseline, less than 30.0 %", why)
}
