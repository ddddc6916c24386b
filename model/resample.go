package model

import (
	"fmt"
	"maps"
	"math"
	"time"
)

// Refine says how [Resample] spreads an interval's value over the shorter
// steps it is cut into.
type Refine int

const (
	// Hold gives every shorter step its interval's value. A power keeps
	// its energy exactly, and a signal (carbon intensity, a price, an
	// availability in kW per kW) stays what was published for the
	// interval. The default, and what `zeropark --step` uses: it adds no
	// detail the data do not have.
	Hold Refine = iota
	// Linear interpolates a power between the midpoints of neighbouring
	// intervals (flat before the first and after the last), then shifts
	// each interval's shorter steps by one constant so that their mean is
	// the interval's value: the energy is kept exactly and ramps are
	// smooth. Where the shift would make a step negative or not finite
	// (PV at dawn, a gap) the interval is held instead. For powers (kW,
	// W/m²) only: a price or carbon intensity does not ramp.
	Linear
)

func (r Refine) String() string {
	switch r {
	case Hold:
		return "hold"
	case Linear:
		return "linear"
	}
	return fmt.Sprintf("Refine(%d)", int(r))
}

// Resample returns s at the given step.
//
// To a longer step (a whole multiple k of s.Step) each value is the mean
// of the k values it covers: Σ kW × Δt, the energy of a power, is kept,
// and a signal is averaged over time. s must hold a whole number of the
// new steps. To a shorter step (s.Step a whole multiple of step) each
// value is spread over its shorter steps as refine says. The same step
// returns a copy.
//
// Errors are [*FieldError] values (asset "series", field "step")
// unwrapping to [ErrInvalid]: a step that is not positive, steps of which
// neither divides the other (1h and 45m), a length that is not a whole
// number of the longer step.
func Resample(s Series, step time.Duration, refine Refine) (Series, error) {
	out, err := resample(s.Values, s.Step, step, refine)
	if err != nil {
		return Series{}, err
	}
	return Series{Start: s.Start, Step: step, Values: out}, nil
}

// ResampleSet returns the set at the given step: every column resampled
// as [Resample] does, refine(name) saying how each is refined (nil: Hold
// for every column). File is kept, and Lines gives each new row the file
// line of the first row it came from, so that a bad value is still found
// in the file. Names are copied; no column is shared with s.
func ResampleSet(s *SeriesSet, step time.Duration, refine func(column string) Refine) (*SeriesSet, error) {
	if s == nil {
		return nil, &FieldError{Asset: "series", Reason: "no series set given"}
	}
	k, coarser, err := resampleFactor(s.Step, step, s.Len)
	if err != nil {
		return nil, err
	}
	n := s.Len * k
	if coarser {
		n = s.Len / k
	}
	out := &SeriesSet{Start: s.Start, Step: step, Len: n, Names: append([]string(nil), s.Names...),
		Columns: make(map[string][]float64, len(s.Columns)), File: s.File, derived: maps.Clone(s.derived)}
	for _, name := range s.Names {
		r := Hold
		if refine != nil {
			r = refine(name)
		}
		v, err := resample(s.Columns[name], s.Step, step, r)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", quote(name), err)
		}
		out.Columns[name] = v
	}
	if len(s.Lines) == s.Len {
		out.Lines = make([]int, n)
		for i := range out.Lines {
			if coarser {
				out.Lines[i] = s.Lines[i*k]
			} else {
				out.Lines[i] = s.Lines[i/k]
			}
		}
	}
	return out, nil
}

// resampleFactor is how many steps of the shorter step one of the longer
// holds, and whether to is the longer.
func resampleFactor(from, to time.Duration, n int) (k int, coarser bool, err error) {
	bad := func(reason string) error {
		return &FieldError{Asset: "series", Field: "step", Value: to, Reason: reason}
	}
	switch {
	case to <= 0:
		return 0, false, bad("must be positive")
	case from <= 0:
		return 0, false, &FieldError{Asset: "series", Field: "step", Value: from, Reason: "the series' step must be positive"}
	case to >= from && to%from == 0:
		k = int(to / from)
		if n%k != 0 {
			return 0, false, bad(fmt.Sprintf("the series' %d intervals of %v are not a whole number of %v steps (%d left over)", n, from, to, n%k))
		}
		return k, true, nil
	case from%to == 0:
		k := from / to
		if time.Duration(n) > MaxResampledIntervals/k {
			// (QA, 2026-12-04: --step 1ns panicked in make, 1ms ran out
			// of memory, 1s took 7.5 GB for a year of hourly data.)
			return 0, false, bad(fmt.Sprintf("the series' %d intervals of %v would be %s intervals of %v, more than the %d resampling makes: give a longer step (a year at 1m is 525,600)",
				n, from, Num(float64(n)*float64(k)), to, MaxResampledIntervals))
		}
		return int(k), false, nil
	}
	return 0, false, bad(fmt.Sprintf("neither divides the series' step %v: resampling would split intervals", from))
}

// MaxResampledIntervals is the most intervals resampling to a shorter
// step makes of a series: two years at one minute. Each column takes 8
// bytes an interval, and a park's series have tens of columns.
const MaxResampledIntervals = 2 * 525_600

// resample is Resample on values at step from.
func resample(v []float64, from, to time.Duration, refine Refine) ([]float64, error) {
	k, coarser, err := resampleFactor(from, to, len(v))
	if err != nil {
		return nil, err
	}
	switch {
	case coarser:
		out := make([]float64, len(v)/k)
		for i := range out {
			sum := 0.0
			for _, x := range v[i*k : (i+1)*k] {
				sum += x
			}
			out[i] = sum / float64(k)
		}
		return out, nil
	case refine == Hold:
		out := make([]float64, len(v)*k)
		for i, x := range v {
			for j := range k {
				out[i*k+j] = x
			}
		}
		return out, nil
	case refine == Linear:
		return refineLinear(v, k), nil
	}
	return nil, &FieldError{Asset: "series", Field: "refine", Value: refine, Reason: "must be Hold or Linear"}
}

// refineLinear cuts each value of v into k, interpolated between interval
// midpoints and shifted to keep each interval's mean (see Linear).
func refineLinear(v []float64, k int) []float64 {
	out := make([]float64, len(v)*k)
	for i, c := range v {
		sub := out[i*k : (i+1)*k]
		mean := 0.0
		for j := range sub {
			// Position of step j's midpoint from interval i's, in
			// intervals: in (−0.5, 0.5).
			x := (float64(j)+0.5)/float64(k) - 0.5
			var y float64
			switch {
			case x < 0 && i > 0:
				y = c + (c-v[i-1])*x
			case x > 0 && i+1 < len(v):
				y = c + (v[i+1]-c)*x
			default:
				y = c
			}
			sub[j] = y
			mean += y
		}
		shift := c - mean/float64(k)
		held := false
		for j := range sub {
			sub[j] += shift
			if !(sub[j] >= 0) || math.IsInf(sub[j], 0) {
				held = true
			}
		}
		if held || c < 0 {
			for j := range sub {
				sub[j] = c
			}
		}
	}
	return out
}
