package periods_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/zeropark/zeropark/plan/periods"
)

// fuzzSeries decodes 1 to 4 series of equal length from data's bits
// (NaN, Inf and huge values included), named a, b, … with weights 0, 1, …,
// and returns them with their length.
func fuzzSeries(nSeries uint8, data []byte) ([]periods.Series, int) {
	ns := int(nSeries%4) + 1
	steps := len(data) / 8 / ns
	series := make([]periods.Series, ns)
	for s := range series {
		v := make([]float64, steps)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*(s*steps+i):]))
		}
		series[s] = periods.Series{Name: string(rune('a' + s)), Values: v, Weight: float64(s)}
	}
	return series, steps
}

// FuzzAggregate builds series of random shapes and values from the input
// (NaN, Inf and huge values included) and checks that Aggregate never
// panics, that every error unwraps to ErrInvalid, and that every result is
// consistent: Check passes, the weights sum to N, the typical and extreme
// periods number K, and each series expands to its original length.
func FuzzAggregate(f *testing.F) {
	f.Add(uint8(2), uint8(3), uint8(2), uint8(0), false, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add(uint8(1), uint8(1), uint8(1), uint8(1), true, []byte{0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255, 255, 255, 127})
	f.Add(uint8(3), uint8(24), uint8(4), uint8(3), true, make([]byte, 8*24*9))
	f.Fuzz(func(t *testing.T, nSeries, periodSteps, k, extremes uint8, rescale bool, data []byte) {
		series, steps := fuzzSeries(nSeries, data)
		ns := len(series)
		cfg := periods.Config{PeriodSteps: int(periodSteps), Periods: int(k), Rescale: rescale}
		for e := range int(extremes % 5) {
			cfg.Extremes = append(cfg.Extremes, periods.Extreme{Series: string(rune('a' + e%ns)), Kind: periods.ExtremeKind(e%4 + 1)})
		}
		agg, err := periods.Aggregate(series, time.Hour, cfg)
		if err != nil {
			if !errors.Is(err, periods.ErrInvalid) {
				t.Fatalf("error does not unwrap to ErrInvalid: %v", err)
			}
			return
		}
		if err := agg.Check(); err != nil {
			t.Fatalf("inconsistent aggregation: %v", err)
		}
		full, sum := 0, 0
		for _, r := range agg.Reps {
			sum += r.Weight
			if r.Kind != periods.KindRemainder {
				full++
			}
		}
		if sum != agg.NumPeriods() || full != cfg.Periods {
			t.Fatalf("weights sum to %d for %d periods; %d full representatives for K = %d", sum, agg.NumPeriods(), full, cfg.Periods)
		}
		for s := range series {
			v, err := agg.ExpandSeries(s)
			if err != nil || len(v) != steps {
				t.Fatalf("series %d expands to %d values (%v), want %d", s, len(v), err, steps)
			}
			for _, x := range v {
				if math.IsNaN(x) {
					t.Fatalf("series %d expands to NaN", s)
				}
			}
		}
	})
}
