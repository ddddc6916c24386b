package periods

import (
	"fmt"
	"math"
	"slices"
)

// SeriesError measures how well an aggregation reproduces one series, with
// the represented series expanded onto the original calendar
// ([Aggregation.ExpandSeries]) and compared step by step. Values are in the
// series' own units (sums in units × steps).
type SeriesError struct {
	Name string
	// RMSE is the root-mean-square difference, expanded − original.
	RMSE float64
	// NRMSE is RMSE divided by the original's range (max − min), as tsam
	// reports it; 0 for a constant series.
	NRMSE float64
	// DurationRMSE is the RMSE between the two duration curves (both
	// series sorted): what a sizing model that ignores timing would see.
	DurationRMSE float64
	// Total and TotalAggregated are Σ over all steps of the original and of
	// the expanded series (= Σ_k Weight_k Σ_t Values[k][s][t]).
	Total, TotalAggregated float64
	// TotalRelError is (TotalAggregated − Total)/|Total|: 0 when both are
	// 0, ±Inf when only Total is.
	TotalRelError float64
}

func (e SeriesError) String() string {
	return fmt.Sprintf("%s: RMSE %.4g (%.2f %% of range), duration-curve RMSE %.4g, total %+.3f %%",
		e.Name, e.RMSE, 100*e.NRMSE, e.DurationRMSE, 100*e.TotalRelError)
}

// Errors measures the aggregation against the original series, which must
// be the ones given to [Aggregate] (same names, order and length) or
// series with the same shape and names. The result is in input order.
func (a *Aggregation) Errors(series []Series) ([]SeriesError, error) {
	if len(series) != len(a.Names) {
		return nil, inputErr("", "series", -1, len(series), fmt.Sprintf("want the %d aggregated series", len(a.Names)))
	}
	out := make([]SeriesError, len(series))
	for s, ser := range series {
		if ser.Name != a.Names[s] || len(ser.Values) != a.Len {
			return nil, inputErr(ser.Name, "series", s, len(ser.Values),
				fmt.Sprintf("want series %q with %d steps", cut(a.Names[s]), a.Len))
		}
		agg, err := a.ExpandSeries(s)
		if err != nil {
			return nil, err
		}
		out[s] = seriesError(ser.Name, ser.Values, agg)
	}
	return out, nil
}

func seriesError(name string, orig, agg []float64) SeriesError {
	e := SeriesError{Name: name}
	sq := 0.0
	for t, x := range orig {
		d := agg[t] - x
		sq += d * d
		e.Total += x
		e.TotalAggregated += agg[t]
	}
	n := float64(len(orig))
	e.RMSE = math.Sqrt(sq / n)
	if r := slices.Max(orig) - slices.Min(orig); r > 0 {
		e.NRMSE = e.RMSE / r
	}
	so, sa := slices.Clone(orig), slices.Clone(agg)
	slices.Sort(so)
	slices.Sort(sa)
	sq = 0
	for t := range so {
		d := sa[t] - so[t]
		sq += d * d
	}
	e.DurationRMSE = math.Sqrt(sq / n)
	switch {
	case e.Total != 0:
		e.TotalRelError = (e.TotalAggregated - e.Total) / math.Abs(e.Total)
	case e.TotalAggregated != 0:
		e.TotalRelError = math.Copysign(math.Inf(1), e.TotalAggregated)
	}
	return e
}

// SliceMeans is the mean of values over each slice: the slices begin at
// starts (ascending, the first 0; see [Slices]) and the last runs to the
// end.
func SliceMeans(values []float64, starts []int) []float64 {
	out := make([]float64, len(starts))
	for s, st := range starts {
		end := len(values)
		if s+1 < len(starts) {
			end = starts[s+1]
		}
		for _, x := range values[st:end] {
			out[s] += x
		}
		out[s] /= float64(end - st)
	}
	return out
}

// ExpandSlices is values with every step replaced by the mean of its
// slice ([SliceMeans]): what an LP over the slices sees of the series, put
// back on the calendar.
func ExpandSlices(values []float64, starts []int) []float64 {
	out := make([]float64, len(values))
	for s, m := range SliceMeans(values, starts) {
		end := len(values)
		if s+1 < len(starts) {
			end = starts[s+1]
		}
		for t := starts[s]; t < end; t++ {
			out[t] = m
		}
	}
	return out
}

// SliceErrors measures how well the slices beginning at starts reproduce
// each series (each step compared with its slice's mean), in input order.
func SliceErrors(series []Series, starts []int) []SeriesError {
	out := make([]SeriesError, len(series))
	for s, ser := range series {
		out[s] = seriesError(ser.Name, ser.Values, ExpandSlices(ser.Values, starts))
	}
	return out
}
