package dispatch

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/model"
)

// A park file's stage_thresholds replace each threshold they give and
// only those; nil keeps the config; ForPark applies them and the market;
// the basis names where they are from and the kgce the consumption is at.
func TestWithStageThresholds(t *testing.T) {
	c := DefaultLedgerConfig()
	assert.Equal(t, c, c.WithStageThresholds(nil))
	assert.Equal(t, c, c.ForPark(nil))
	f := func(v float64) *float64 { return &v }
	yes := true
	th := &model.StageThresholds{CleanShareMinFraction: f(0.8), RequireCleanShare: &yes, CarbonTCO2PerTceMax: f(0.15),
		CarbonTCO2PerTceMaxLarge: f(0.25), LargeParkTcePerYear: f(5e5), KgcePerKWh: f(0.404),
		LowCarbonRenewableShareMinFraction: f(0.2), LowCarbonReductionMinFraction: f(0.4), UnservedToleranceFraction: f(0.002),
		Source: "set X"}
	got := c.WithStageThresholds(th)
	want := c
	want.CleanShareMin, want.RequireCleanShare, want.CarbonPerTceMax, want.CarbonPerTceMaxLarge = 0.8, true, 0.15, 0.25
	want.LargeParkTcePerYear, want.KgcePerKWh, want.LowCarbonRenewableShareMin, want.LowCarbonReductionMin = 5e5, 0.404, 0.2, 0.4
	want.UnservedToleranceShare = 0.002
	want.ThresholdsSource = "the park file's stage_thresholds (set X)"
	assert.Equal(t, want, got)

	// One threshold given: the rest stay.
	one := c.WithStageThresholds(&model.StageThresholds{LowCarbonReductionMinFraction: f(0.5)})
	want = c
	want.LowCarbonReductionMin, want.ThresholdsSource = 0.5, "the park file's stage_thresholds"
	assert.Equal(t, want, one)

	p := &model.Park{StageThresholds: th, Market: &model.Market{OffsetsHeldTCO2e: 3}}
	fp := c.ForPark(p)
	assert.Equal(t, 0.4, fp.LowCarbonReductionMin)
	assert.Equal(t, 3.0, fp.OffsetsHeldTCO2e)

	assert.Equal(t, "NDRC/MIIT/NEA 发改环资〔2025〕910号 (core indicator 单位能耗碳排放, guiding indicator 清洁能源消费占比); "+
		"consumption as GB/T 2589-2020 defines it, electricity at 0.1229 kgce/kWh", stageSources(&c))
	assert.Equal(t, "thresholds from the park file's stage_thresholds (set X), the indicators of NDRC/MIIT/NEA 发改环资〔2025〕910号 "+
		"(core indicator 单位能耗碳排放, guiding indicator 清洁能源消费占比); consumption as GB/T 2589-2020 defines it, electricity at 0.404 kgce/kWh",
		stageSources(&got))
}

// The park key table's defaults for stage_thresholds are this package's
// (model cannot import them: the table writes them out, this holds them
// equal).
func TestStageThresholdKeyDefaults(t *testing.T) {
	want := map[string]float64{
		"clean_share_min_fraction": DefaultCleanShareMin, "carbon_tco2_per_tce_max": DefaultCarbonPerTceMax,
		"carbon_tco2_per_tce_max_large": DefaultCarbonPerTceMaxLarge, "large_park_tce_per_year": DefaultLargeParkTcePerYear,
		"kgce_per_kwh": DefaultKgcePerKWh, "low_carbon_renewable_share_min_fraction": DefaultLowCarbonRenewableShareMin,
		"low_carbon_reduction_min_fraction": DefaultLowCarbonReductionMin, "unserved_tolerance_fraction": DefaultUnservedToleranceShare,
	}
	seen := 0
	for _, r := range model.ParkKeys() {
		if !slices.Contains(strings.Split(r.Object, ", "), "stage_thresholds") {
			continue
		}
		for _, k := range r.Optional {
			v, ok := want[k.Key]
			if !ok {
				continue
			}
			seen++
			head, _, _ := strings.Cut(k.Default, " ")
			got, err := strconv.ParseFloat(head, 64)
			if assert.NoError(t, err, k.Key) {
				assert.Equal(t, v, got, k.Key)
			}
		}
	}
	assert.Equal(t, len(want), seen)
}
