package periods_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan/periods"
)

// stepFeatures is the test's own normalisation, written from the package
// documentation rather than from normalise.go: per series, (x − min)/(max −
// min) times the weight (0 meaning 1), 0 for a constant series. Row t holds
// step t's features. Away from subnormals it rounds exactly as norm.to does
// (halving both differences is exact), so the naive reference below sees the
// same bits.
func stepFeatures(series []periods.Series) [][]float64 {
	n := len(series[0].Values)
	out := make([][]float64, n)
	for t := range out {
		out[t] = make([]float64, len(series))
	}
	for s, ser := range series {
		lo, hi := slices.Min(ser.Values), slices.Max(ser.Values)
		w := ser.Weight
		if w == 0 {
			w = 1
		}
		for t, x := range ser.Values {
			if hi > lo {
				out[t][s] = w * ((x - lo) / (hi - lo))
			}
		}
	}
	return out
}

// naiveSlices is the reference: every round it scans all adjacent pairs of
// slices that no cut separates, computes Ward's ΔSS from the slices' sizes
// and feature sums (the same expression as the package, so equal inputs give
// equal bits), and merges the cheapest, the earliest on ties. O(n²·k).
func naiveSlices(feats [][]float64, k int, cuts []int) []int {
	type slice struct {
		start, n int
		sum      []float64
	}
	list := make([]slice, len(feats))
	for t, f := range feats {
		list[t] = slice{start: t, n: 1, sum: slices.Clone(f)}
	}
	for len(list) > k {
		best, bestCost := -1, 0.0
		for i := 0; i+1 < len(list); i++ {
			if slices.Contains(cuts, list[i+1].start) {
				continue
			}
			a, b := list[i], list[i+1]
			na, nb := float64(a.n), float64(b.n)
			d := 0.0
			for j := range a.sum {
				e := a.sum[j]/na - b.sum[j]/nb
				d += float64(e * e)
			}
			c := float64(na*nb) / (na + nb) * d
			if best < 0 || c < bestCost {
				best, bestCost = i, c
			}
		}
		if best < 0 {
			break
		}
		for j, x := range list[best+1].sum {
			list[best].sum[j] += x
		}
		list[best].n += list[best+1].n
		list = slices.Delete(list, best+1, best+2)
	}
	out := make([]int, len(list))
	for i, s := range list {
		out[i] = s.start
	}
	return out
}

// sse is the within-slice sum of squared deviations from each slice's mean,
// over every feature, computed directly (two passes per slice).
func sse(feats [][]float64, starts []int) float64 {
	total := 0.0
	for i, a := range starts {
		b := len(feats)
		if i+1 < len(starts) {
			b = starts[i+1]
		}
		for j := range feats[0] {
			mean := 0.0
			for _, f := range feats[a:b] {
				mean += f[j]
			}
			mean /= float64(b - a)
			for _, f := range feats[a:b] {
				total += (f[j] - mean) * (f[j] - mean)
			}
		}
	}
	return total
}

// requireValidSlices checks the contract of a result for n steps, k slices
// and the cuts: min(k, n) starts, strictly increasing from 0, all below n,
// every cut among them.
func requireValidSlices(t *testing.T, starts []int, n, k int, cuts []int) {
	t.Helper()
	require.Len(t, starts, min(k, n))
	require.Equal(t, 0, starts[0])
	for i := 1; i < len(starts); i++ {
		require.Less(t, starts[i-1], starts[i], "starts must increase strictly")
	}
	require.Less(t, starts[len(starts)-1], n)
	for _, c := range cuts {
		_, found := slices.BinarySearch(starts, c)
		require.True(t, found, "a slice spans cut %d", c)
	}
}

// TestSlicesPiecewiseConstant: series that are constant over k pieces of
// random lengths, with different levels in neighbouring pieces, come back
// cut exactly at the pieces' starts: merges inside a piece cost nothing,
// merges across one do not.
func TestSlicesPiecewiseConstant(t *testing.T) {
	for _, c := range []struct {
		name            string
		seed            uint64
		pieces, nSeries int
		weight          float64
	}{
		{"one piece", 1, 1, 1, 0},
		{"two pieces", 2, 2, 1, 1},
		{"seven pieces, two series", 3, 7, 2, 0},
		{"twelve pieces, three series, weighted", 4, 12, 3, 2.5},
		{"forty pieces", 5, 40, 2, 0.3},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(c.seed, 11))
			series := make([]periods.Series, c.nSeries)
			for s := range series {
				series[s] = periods.Series{Name: string(rune('a' + s)), Weight: c.weight}
			}
			var want []int
			last := math.NaN()
			for range c.pieces {
				want = append(want, len(series[0].Values))
				length := 1 + rng.IntN(20)
				level := 100 * rng.Float64()
				for math.Abs(level-last) < 10 { // neighbours differ in series 0 (false while last is NaN)
					level = 100 * rng.Float64()
				}
				last = level
				for s := range series {
					v := level
					if s > 0 {
						v = -50 + 80*rng.Float64()
					}
					for range length {
						series[s].Values = append(series[s].Values, v)
					}
				}
			}
			got, err := periods.Slices(series, c.pieces, nil)
			require.NoError(t, err)
			assert.Equal(t, want, got)
			assert.InDelta(t, 0, sse(stepFeatures(series), got), 1e-20, "pieces are constant")
		})
	}
}

// TestSlicesCuts: every cut starts a slice; k equal to the number of
// slices the cuts force gives exactly the cuts; one fewer is an error.
func TestSlicesCuts(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	series := randomSeries(rng, 2, 200)
	for _, c := range []struct {
		name   string
		cuts   []int
		forced []int // sorted distinct cuts with 0
	}{
		{"months of 50 steps", []int{50, 100, 150}, []int{0, 50, 100, 150}},
		{"unsorted with duplicates and 0", []int{150, 0, 37, 150, 37, 199}, []int{0, 37, 150, 199}},
		{"a peak step on its own", []int{120, 121}, []int{0, 120, 121}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, k := range []int{len(c.forced), len(c.forced) + 1, 10, 60, 199} {
				got, err := periods.Slices(series, k, c.cuts)
				require.NoError(t, err, "k = %d", k)
				requireValidSlices(t, got, 200, k, c.cuts)
				if k == len(c.forced) {
					assert.Equal(t, c.forced, got)
				}
			}
			_, err := periods.Slices(series, len(c.forced)-1, c.cuts)
			if len(c.forced) == 1 {
				return
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, periods.ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			var ie *periods.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, "k", ie.Field)
			assert.Contains(t, ie.Reason, "slices the cuts force")
		})
	}
}

// TestSlicesEdgeCases: k = 1, k ≥ n, weight 0 against weight 1, and a
// constant series.
func TestSlicesEdgeCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	series := randomSeries(rng, 3, 30)
	every := make([]int, 30)
	for i := range every {
		every[i] = i
	}
	for _, c := range []struct {
		name string
		k    int
		cuts []int
		want []int
	}{
		{"k = 1", 1, nil, []int{0}},
		{"k = 1, cut at 0", 1, []int{0, 0}, []int{0}},
		{"k = n", 30, nil, every},
		{"k > n", 1000, []int{3}, every},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := periods.Slices(series, c.k, c.cuts)
			require.NoError(t, err)
			assert.Equal(t, c.want, got)
		})
	}
	t.Run("weight 0 means 1", func(t *testing.T) {
		w0, w1 := slices.Clone(series), slices.Clone(series)
		w0[1].Weight, w1[1].Weight = 0, 1
		w1[0].Weight, w1[2].Weight = 1, 1
		for _, k := range []int{1, 5, 17} {
			a, err := periods.Slices(w0, k, nil)
			require.NoError(t, err)
			b, err := periods.Slices(w1, k, nil)
			require.NoError(t, err)
			assert.Equal(t, a, b, "k = %d", k)
		}
		w1[1].Weight = 5 // the weight does matter when it is not 1
		a, _ := periods.Slices(w0, 17, nil)
		b, _ := periods.Slices(w1, 17, nil)
		assert.NotEqual(t, a, b)
	})
	t.Run("constant series", func(t *testing.T) {
		flat := []periods.Series{{Name: "flat_kw", Values: slices.Repeat([]float64{42}, 30)}}
		for _, c := range []struct {
			k    int
			cuts []int
		}{{1, nil}, {2, []int{10}}, {7, []int{10}}, {7, nil}, {29, []int{10}}, {30, nil}} {
			got, err := periods.Slices(flat, c.k, c.cuts)
			require.NoError(t, err)
			requireValidSlices(t, got, 30, c.k, c.cuts)
		}
	})
}

// fieldsOf lists the Field of every *InputError that err joins.
func fieldsOf(err error) []string {
	var out []string
	var walk func(error)
	walk = func(e error) {
		if ie, ok := e.(*periods.InputError); ok {
			out = append(out, ie.Field)
			return
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
		}
	}
	walk(err)
	return out
}

// TestSlicesInvalid: every kind of bad input is an *InputError naming the
// field, unwrapping to both sentinels, and all problems come at once.
func TestSlicesInvalid(t *testing.T) {
	ok := func() []periods.Series {
		return []periods.Series{{Name: "a", Values: []float64{1, 2, 3}}, {Name: "b", Values: []float64{4, 5, 6}}}
	}
	with := func(f func(s []periods.Series) []periods.Series) []periods.Series { return f(ok()) }
	for _, c := range []struct {
		name   string
		series []periods.Series
		k      int
		cuts   []int
		fields []string
	}{
		{"no series", nil, 2, nil, []string{"series"}},
		{"empty series", []periods.Series{{Name: "a"}}, 2, nil, []string{"Values"}},
		{"different lengths", with(func(s []periods.Series) []periods.Series { s[1].Values = s[1].Values[:2]; return s }), 2, nil, []string{"Values"}},
		{"NaN value", with(func(s []periods.Series) []periods.Series { s[0].Values[1] = math.NaN(); return s }), 2, nil, []string{"Values"}},
		{"infinite value", with(func(s []periods.Series) []periods.Series { s[1].Values[2] = math.Inf(-1); return s }), 2, nil, []string{"Values"}},
		{"negative weight", with(func(s []periods.Series) []periods.Series { s[0].Weight = -1; return s }), 2, nil, []string{"Weight"}},
		{"NaN weight", with(func(s []periods.Series) []periods.Series { s[1].Weight = math.NaN(); return s }), 2, nil, []string{"Weight"}},
		{"duplicate names", with(func(s []periods.Series) []periods.Series { s[1].Name = "a"; return s }), 2, nil, []string{"Name"}},
		{"empty name", with(func(s []periods.Series) []periods.Series { s[0].Name = ""; return s }), 2, nil, []string{"Name"}},
		{"k = 0", ok(), 0, nil, []string{"k"}},
		{"k < 0", ok(), -3, nil, []string{"k"}},
		{"negative cut", ok(), 2, []int{1, -1}, []string{"cuts"}},
		{"cut at n", ok(), 3, []int{3, 4}, []string{"cuts"}},
		{"cuts force too many", ok(), 2, []int{1, 2}, []string{"k"}},
		{"all at once", with(func(s []periods.Series) []periods.Series { s[0].Weight = -2; s[1].Name = "a"; return s }),
			1, []int{9, 1}, []string{"Weight", "Name", "cuts", "k"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := periods.Slices(c.series, c.k, c.cuts)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.ErrorIs(t, err, periods.ErrInvalid)
			assert.ErrorIs(t, err, model.ErrInvalid)
			assert.ElementsMatch(t, c.fields, fieldsOf(err), "%v", err)
		})
	}
}

// TestSlicesMatchesNaive: on 50 small random inputs (float values, or small
// integers, which tie often), the heap gives the same starts as the naive
// scan of every pair.
func TestSlicesMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for trial := range 50 {
		n, ns := 1+rng.IntN(60), 1+rng.IntN(3)
		series := make([]periods.Series, ns)
		for s := range series {
			v := make([]float64, n)
			for i := range v {
				if trial%2 == 0 {
					v[i] = 1000*rng.Float64() - 300
				} else {
					v[i] = float64(rng.IntN(4))
				}
			}
			series[s] = periods.Series{Name: string(rune('a' + s)), Values: v,
				Weight: []float64{0, 0.5, 1, 3, 10 * rng.Float64()}[rng.IntN(5)]}
		}
		var cuts []int
		for range rng.IntN(4) {
			cuts = append(cuts, rng.IntN(n))
		}
		forced := len(naiveSlices(stepFeatures(series), 0, cuts)) // merges all it may
		k := forced + rng.IntN(n-forced+3)
		got, err := periods.Slices(series, k, cuts)
		require.NoError(t, err, "trial %d", trial)
		want := naiveSlices(stepFeatures(series), k, cuts)
		require.Equal(t, want, got, "trial %d: n = %d, %d series, k = %d, cuts %v", trial, n, ns, k, cuts)
		requireValidSlices(t, got, n, k, cuts)
	}
}

// syntheticYear is a year of n hourly steps: a daily and seasonal load
// (kW), PV per kWp with day length and season, wind per kW as a clipped
// random walk pulled to 0.4, then (for five series) a carbon intensity that
// falls with wind (kgCO2e/kWh) and a second load with weekends (kW).
func syntheticYear(n, nSeries int, seed uint64) []periods.Series {
	rng := rand.New(rand.NewPCG(seed, 51))
	names := []string{"load_kw", "pv_kw_per_kwp", "wind_kw_per_kw", "carbon_kgco2e_per_kwh", "office_kw"}
	v := make([][]float64, len(names))
	for s := range v {
		v[s] = make([]float64, n)
	}
	w := 0.4
	for t := range n {
		h, day := float64(t%24), float64(t/24)
		season := math.Cos(2 * math.Pi * (day - 172) / 365)
		v[0][t] = 500 + 200*math.Sin(2*math.Pi*(h-9)/24) + 100*season
		v[1][t] = max(0, math.Sin(math.Pi*(h-6)/12)) * (0.7 + 0.3*season)
		w = min(1, max(0, w+0.08*rng.NormFloat64()-0.05*(w-0.4)))
		v[2][t] = w
		v[3][t] = 0.6 - 0.3*w + 0.05*math.Sin(2*math.Pi*h/24)
		office := 50.0
		if t/24%7 < 5 && h >= 8 && h < 18 {
			office = 300
		}
		v[4][t] = office + 10*rng.Float64()
	}
	out := make([]periods.Series, nSeries)
	for s := range out {
		out[s] = periods.Series{Name: names[s], Values: v[s]}
	}
	return out
}

// equalStarts cuts n steps into k slices of (nearly) equal length.
func equalStarts(n, k int) []int {
	out := make([]int, k)
	for i := range out {
		out[i] = i * n / k
	}
	return out
}

// TestSlicesSyntheticYear: a year of hours (load, PV, wind) into 2,016
// slices, with and without month cuts, is a valid cut, and the greedy's
// within-slice sum of squares is no more than that of 2,016 equal slices.
func TestSlicesSyntheticYear(t *testing.T) {
	const n, k = 8760, 2016
	series := syntheticYear(n, 3, 1)
	feats := stepFeatures(series)
	months := []int{744, 1416, 2160, 2880, 3624, 4344, 5088, 5832, 6552, 7296, 8016}
	for _, c := range []struct {
		name string
		cuts []int
	}{{"no cuts", nil}, {"month cuts", months}} {
		t.Run(c.name, func(t *testing.T) {
			got, err := periods.Slices(series, k, c.cuts)
			require.NoError(t, err)
			requireValidSlices(t, got, n, k, c.cuts)
			greedy, equal := sse(feats, got), sse(feats, equalStarts(n, k))
			assert.LessOrEqual(t, greedy, equal)
			t.Logf("within-slice SSE: greedy %.4g, equal slices %.4g", greedy, equal)
		})
	}
}

// FuzzSlices builds series from the input's bits (NaN, Inf and huge values
// included) and cuts from signed bytes, and checks that Slices never panics
// and either returns a valid cut or an error unwrapping to ErrInvalid.
func FuzzSlices(f *testing.F) {
	f.Add(uint8(1), uint16(3), []byte{5, 2}, make([]byte, 8*10))
	f.Add(uint8(2), uint16(0), []byte{0xff}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add(uint8(3), uint16(2), []byte{1, 1, 1}, make([]byte, 8*3*7))
	f.Fuzz(func(t *testing.T, nSeries uint8, k uint16, cutBytes, data []byte) {
		series, steps := fuzzSeries(nSeries, data)
		cuts := make([]int, len(cutBytes))
		for i, b := range cutBytes {
			cuts[i] = int(int8(b))
		}
		got, err := periods.Slices(series, int(k), cuts)
		if err != nil {
			if !errors.Is(err, periods.ErrInvalid) || !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error does not unwrap to ErrInvalid: %v", err)
			}
			return
		}
		requireValidSlices(t, got, steps, int(k), cuts)
	})
}

// BenchmarkSlices: a synthetic year of hours, five series, into 2,016
// slices (the LP size of 12 representative weeks); the within-slice sum of
// squares is reported against 2,016 equal slices.
func BenchmarkSlices(b *testing.B) {
	const n, k = 8760, 2016
	series := syntheticYear(n, 5, 1)
	b.ReportAllocs()
	var got []int
	for b.Loop() {
		var err error
		if got, err = periods.Slices(series, k, nil); err != nil {
			b.Fatal(err)
		}
	}
	feats := stepFeatures(series)
	b.ReportMetric(sse(feats, got)/sse(feats, equalStarts(n, k)), "SSE/equal")
}

// TestSliceMeans: each slice's mean, the series put back on the calendar
// at those means, and its error against the original, by hand.
func TestSliceMeans(t *testing.T) {
	v := []float64{1, 2, 3, 4, 5, 6}
	starts := []int{0, 2, 5}
	assert.Equal(t, []float64{1.5, 4, 6}, periods.SliceMeans(v, starts))
	assert.Equal(t, []float64{1.5, 1.5, 4, 4, 4, 6}, periods.ExpandSlices(v, starts))
	e := periods.SliceErrors([]periods.Series{{Name: "x", Values: v}}, starts)
	require.Len(t, e, 1)
	// Differences 0.5, −0.5, 1, 0, −1, 0: squares sum to 2.5.
	assert.InDelta(t, math.Sqrt(2.5/6), e[0].RMSE, 1e-12)
	assert.InDelta(t, math.Sqrt(2.5/6)/5, e[0].NRMSE, 1e-12)
	assert.InDelta(t, 0, e[0].TotalRelError, 1e-15, "means keep the total")
}
