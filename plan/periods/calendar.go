package periods

import (
	"errors"
	"fmt"
)

// NumPeriods is the number of original periods N (the remainder included).
func (a *Aggregation) NumPeriods() int { return len(a.Sigma) }

// PeriodStart is the index of the first step of original period i.
func (a *Aggregation) PeriodStart(i int) int { return i * a.PeriodSteps }

// PeriodLen is the number of steps of original period i: PeriodSteps, or
// fewer for the remainder.
func (a *Aggregation) PeriodLen(i int) int {
	return min(a.PeriodSteps, a.Len-i*a.PeriodSteps)
}

// Members lists the original periods that representative k stands for, in
// calendar order (len = Reps[k].Weight). A planner uses it, for example,
// to let a monthly peak see every representative that holds a day of that
// month.
func (a *Aggregation) Members(k int) []int {
	var out []int
	for i, s := range a.Sigma {
		if s == k {
			out = append(out, i)
		}
	}
	return out
}

// Expand writes a quantity given per representative step, perRep[k][t]
// with len(perRep[k]) = Reps[k].Steps, onto the original calendar: step
// PeriodStart(i)+t gets perRep[Sigma[i]][t]. The result has Len values.
// A wrongly shaped perRep is an error unwrapping to [ErrInvalid].
func (a *Aggregation) Expand(perRep [][]float64) ([]float64, error) {
	if len(perRep) != len(a.Reps) {
		return nil, inputErr("", "perRep", -1, len(perRep), fmt.Sprintf("want one slice per representative (%d)", len(a.Reps)))
	}
	var errs []error
	for k, r := range a.Reps {
		if len(perRep[k]) != r.Steps {
			errs = append(errs, inputErr("", "perRep", k, len(perRep[k]), fmt.Sprintf("want %d steps", r.Steps)))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]float64, 0, a.Len)
	for i, k := range a.Sigma {
		out = append(out, perRep[k][:a.PeriodLen(i)]...)
	}
	return out, nil
}

// ExpandSeries is input series s as the aggregation represents it, on the
// original calendar: Expand of every Reps[k].Values[s].
func (a *Aggregation) ExpandSeries(s int) ([]float64, error) {
	if s < 0 || s >= len(a.Names) {
		return nil, inputErr("", "series", s, nil, fmt.Sprintf("want an index in [0, %d)", len(a.Names)))
	}
	perRep := make([][]float64, len(a.Reps))
	for k, r := range a.Reps {
		perRep[k] = r.Values[s]
	}
	return a.Expand(perRep)
}

// Represent cuts any series aligned with the input (Len values; e.g. a
// price or an accounting carbon factor that was not clustered on) at the
// representatives' own periods: out[k] is values over Reps[k].Period. The
// values are copied as they are, never rescaled.
func (a *Aggregation) Represent(values []float64) ([][]float64, error) {
	if len(values) != a.Len {
		return nil, inputErr("", "values", -1, len(values), fmt.Sprintf("want %d steps, aligned with the aggregated series", a.Len))
	}
	out := make([][]float64, len(a.Reps))
	for k, r := range a.Reps {
		from := a.PeriodStart(r.Period)
		out[k] = append([]float64(nil), values[from:from+r.Steps]...)
	}
	return out, nil
}

// Check verifies that the aggregation is consistent: Sigma covers every
// original period, each representative's Weight is the number of periods
// mapped to it and it stands for its own Period, weights sum to N, steps
// add up to Len, and every Values row has its representative's Steps values. [Aggregate]
// always returns a consistent one; Check is for aggregations built or
// changed by hand. Problems unwrap to [ErrInvalid].
func (a *Aggregation) Check() error {
	var errs []error
	bad := func(field string, i int, v any, reason string) {
		errs = append(errs, inputErr("", field, i, v, reason))
	}
	if a.PeriodSteps <= 0 {
		bad("PeriodSteps", -1, a.PeriodSteps, "must be positive")
		return errors.Join(errs...)
	}
	if want := (a.Len + a.PeriodSteps - 1) / a.PeriodSteps; len(a.Sigma) != want || a.Len <= 0 {
		bad("Sigma", -1, len(a.Sigma), fmt.Sprintf("want %d periods for %d steps of periods of %d", want, a.Len, a.PeriodSteps))
		return errors.Join(errs...)
	}
	count := make([]int, len(a.Reps))
	for i, k := range a.Sigma {
		if k < 0 || k >= len(a.Reps) {
			bad("Sigma", i, k, fmt.Sprintf("want a representative in [0, %d)", len(a.Reps)))
			continue
		}
		count[k]++
		if a.Reps[k].Steps != a.PeriodLen(i) {
			bad("Sigma", i, k, fmt.Sprintf("representative has %d steps, period %d has %d", a.Reps[k].Steps, i, a.PeriodLen(i)))
		}
	}
	for k, r := range a.Reps {
		switch {
		case r.Weight != count[k]:
			bad("Reps.Weight", k, r.Weight, fmt.Sprintf("but %d periods map to it", count[k]))
		case r.Period < 0 || r.Period >= len(a.Sigma) || a.Sigma[r.Period] != k:
			bad("Reps.Period", k, r.Period, "does not map to its own representative")
		case len(r.Values) != len(a.Names):
			bad("Reps.Values", k, len(r.Values), fmt.Sprintf("want %d series", len(a.Names)))
		}
		for s, v := range r.Values {
			if len(v) != r.Steps {
				bad("Reps.Values", k, len(v), fmt.Sprintf("series %d: want %d steps", s, r.Steps))
			}
		}
	}
	return errors.Join(errs...)
}
