package results_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

func TestSlug(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"Rooftop PV", "rooftop_pv"},
		{"Full-service restaurant", "full_service_restaurant"},
		{"  B1 ", "b1"},
		{"Café #2", "caf_2"},
		{"a--b__c", "a_b_c"},
		{"pv:Rooftop PV", "pv_rooftop_pv"},
		{"屋顶光伏", ""},
		{"", ""},
		{"_", ""},
		{"ÄÖÜ x", "x"},
		{"WT-01/North", "wt_01_north"},
	} {
		assert.Equal(t, c.want, results.Slug(c.name), c.name)
	}
}

func TestAssetSlugs(t *testing.T) {
	for _, c := range []struct {
		name  string
		names []string
		qty   []string
		want  []string
	}{
		{"plain", []string{"Rooftop PV", "Ground PV"}, []string{"available_kw", "kw"}, []string{"rooftop_pv", "ground_pv"}},
		{"empty slug", []string{"屋顶光伏", "Ground"}, []string{"kw"}, []string{"1", "ground"}},
		{"same slug", []string{"Roof A", "roof-a", "Ground"}, []string{"kw"}, []string{"1", "2", "ground"}},
		// "A"'s availability column would be named like "A available"'s output.
		{"columns collide", []string{"A", "A available"}, []string{"available_kw", "kw"}, []string{"1", "2"}},
		{"no collision across quantities", []string{"x", "x charge"}, []string{"charge_kw", "discharge_kw", "soc_kwh"}, []string{"x", "x_charge"}},
		// The index "2" is also the slug of the name "2": every asset by index.
		{"index collides", []string{"2", "屋顶"}, []string{"kw"}, []string{"1", "2"}},
		{"none", nil, []string{"kw"}, []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := results.AssetSlugs(c.names, c.qty...)
			assert.Equal(t, len(c.want), len(got))
			if len(c.want) > 0 {
				assert.Equal(t, c.want, got)
			}
			// Whatever the names, the columns are distinct snake_case.
			seen := map[string]bool{}
			for _, s := range got {
				for _, q := range c.qty {
					col := s + "_" + q
					assert.False(t, seen[col], "column %s twice", col)
					seen[col] = true
				}
			}
		})
	}
}

func FuzzAssetSlugs(f *testing.F) {
	f.Add("Rooftop PV", "rooftop-pv", "2")
	f.Add("A", "A available", "")
	f.Add("屋顶", "1", "1 kw")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		got := results.AssetSlugs([]string{a, b, c}, "available_kw", "kw")
		seen := map[string]bool{}
		for _, s := range got {
			if s == "" || strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" || strings.HasPrefix(s, "_") || strings.HasSuffix(s, "_") {
				t.Fatalf("slug %q of %q", s, []string{a, b, c})
			}
			for _, q := range []string{"available_kw", "kw"} {
				if seen[s+"_"+q] {
					t.Fatalf("column %s twice for %q: %q", s+"_"+q, []string{a, b, c}, got)
				}
				seen[s+"_"+q] = true
			}
		}
	})
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{
		{6836100, "6836100"}, {6.8361e+06, "6836100"}, {0.000123, "0.000123"}, {0.5, "0.5"}, {-2, "-2"},
		{0, "0"}, {1e21, "1000000000000000000000"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"},
		{2.2737367544323206e-13, "0.00000000000022737367544323206"},
	} {
		assert.Equal(t, c.want, results.FormatNumber(c.v))
	}
}

// Every number reads back to the same float64 and is never written in
// exponent notation.
func FuzzFormatNumber(f *testing.F) {
	for _, v := range []float64{0, 1, -1, 6836100, 1e-300, 1e300, 5e-324, math.MaxFloat64, 0.1, 1.0 / 3} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v float64) {
		if math.IsNaN(v) {
			t.Skip()
		}
		s := results.FormatNumber(v)
		if !math.IsInf(v, 0) && strings.ContainsAny(s, "eE") {
			t.Fatalf("%v written %q", v, s)
		}
		back, err := strconv.ParseFloat(s, 64)
		if err != nil || back != v {
			t.Fatalf("%v written %q reads back %v (%v)", v, s, back, err)
		}
	})
}

func ExampleSlug() {
	for _, name := range []string{"Rooftop PV", "Full-service restaurant", "屋顶光伏"} {
		fmt.Printf("%q\n", results.Slug(name))
	}
	// The column names of three PV arrays: an empty slug and two equal
	// ones take the asset's index.
	fmt.Println(results.AssetSlugs([]string{"Rooftop PV", "屋顶光伏", "Ground PV"}, results.QtyAvailableKW, results.QtyKW))
	fmt.Println(results.AssetSlugs([]string{"Roof", "roof"}, results.QtyKW))
	// Output:
	// "rooftop_pv"
	// "full_service_restaurant"
	// ""
	// [rooftop_pv 2 ground_pv]
	// [1 2]
}

func ExampleFormatNumber() {
	fmt.Println(results.FormatNumber(6836100), results.FormatNumber(0.000125), results.FormatNumber(math.Inf(1)))
	// Output: 6836100 0.000125 +Inf
}

// Significant writes n significant digits as %g does, never in exponent
// notation: large figures whole and grouped, small ones as decimals (QA,
// 2026-12-04: the report's forecaster table printed 2.94e+03 kW and
// +1.42e-05 kgCO2e/kWh).
func TestSignificant(t *testing.T) {
	for _, c := range []struct {
		v    float64
		n    int
		want string
	}{
		{2937.4, 3, "2,937"}, {5870, 3, "5,870"}, {207400, 4, "207,400"}, {1.42e-05, 3, "0.0000142"},
		{-4.74e-07, 3, "-0.000000474"}, {1.4e-05, 3, "0.000014"}, {0.154, 3, "0.154"}, {12.5, 3, "12.5"},
		{0, 3, "0"}, {100, 3, "100"}, {999.96, 4, "1000"},
	} {
		assert.Equal(t, c.want, results.Significant(c.v, c.n), "%v", c.v)
	}
	assert.Equal(t, "+0.0000142", results.SignedSignificant(1.42e-05, 3))
	assert.Equal(t, "-2,937", results.SignedSignificant(-2937.4, 3))
	assert.Equal(t, "+0", results.SignedSignificant(0, 3))
}

// The headings say which thresholds a park file set, and only those.
func TestStageThresholdsText(t *testing.T) {
	v := 0.35
	assert.Equal(t, "the park file's stage_thresholds: none set, zeropark's defaults", results.StageThresholdsText(&model.StageThresholds{}))
	assert.Equal(t, "the park file's stage_thresholds (set X): carbon_tco2_per_tce_max = 0.35; the others zeropark's defaults",
		results.StageThresholdsText(&model.StageThresholds{CarbonTCO2PerTceMax: &v, Source: "set X"}))
}
