package periods

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Series is one input column: a name, one value per step (all series of an
// aggregation share one time axis), and a clustering weight.
type Series struct {
	Name   string
	Values []float64
	// Weight scales the series' min–max-normalised values before the
	// distance between periods is taken, so a heavier series decides more
	// of the clustering; 0 means 1 (tsam's weightDict, default 1). It has
	// no effect on the representatives' values.
	Weight float64
}

// ExtremeKind says which period of a series [Extreme] keeps.
type ExtremeKind int

const (
	// PeakMax keeps the period holding the series' largest single value
	// (e.g. the peak load, which sets a demand charge). tsam: addPeakMax.
	PeakMax ExtremeKind = iota + 1
	// PeakMin keeps the period holding the smallest single value.
	// tsam: addPeakMin.
	PeakMin
	// MeanMax keeps the period with the largest mean (e.g. the most
	// energy-hungry week). tsam: addMeanMax.
	MeanMax
	// MeanMin keeps the period with the smallest mean (e.g. the least
	// windy week, which sizes storage). tsam: addMeanMin.
	MeanMin
)

func (k ExtremeKind) String() string {
	switch k {
	case PeakMax:
		return "peak-max"
	case PeakMin:
		return "peak-min"
	case MeanMax:
		return "mean-max"
	case MeanMin:
		return "mean-min"
	}
	return fmt.Sprintf("ExtremeKind(%d)", int(k))
}

// Extreme asks for the period of a series that is extreme in one sense to
// be kept as its own representative (weight 1), whatever the clustering
// would have done with it. Ties go to the earliest period.
type Extreme struct {
	Series string // a Series.Name
	Kind   ExtremeKind
}

// Config sets how a series is cut and clustered. Build it from
// [DefaultConfig] and change what you need.
type Config struct {
	// PeriodSteps is the length of a period in steps: 24 for days of an
	// hourly series, 168 for weeks, 96 for days of 15-minute data. When it
	// does not divide the series length, the last, shorter period is kept
	// as it is, as one more representative (see the package doc).
	PeriodSteps int
	// Periods (K) is the number of full-length representative periods,
	// the extreme and kept ones included, the remainder not. K equal to
	// the number of full periods reproduces the series exactly.
	Periods int
	// Extremes are periods always kept as their own representatives.
	Extremes []Extreme
	// KeepPeriods are original period indices (0-based, calendar order)
	// always kept as their own representatives, for extremes the caller
	// computes itself (e.g. the week with the least PV plus wind). The
	// remainder's index is allowed and adds nothing: it is kept anyway.
	KeepPeriods []int
	// Rescale scales every clustered representative of a series, in
	// normalised units and clipped to the series' range, so that the
	// weighted sum over the representatives equals the original total
	// (tsam's rescaleClusterPeriods; at most 20 rounds, relative
	// tolerance 1e-6). Extremes and the remainder are exact already.
	Rescale bool
	// RescaleClusters first scales each typical representative of each
	// series, in normalised units and clipped to the series' range, so
	// that its weighted sum equals the sum over the periods of its own
	// cluster (at most 20 rounds, relative tolerance 1e-6); Rescale then
	// corrects what clipping left. Without it a global factor moves energy
	// between clusters: medoids of a skewed series (wind) sit below their
	// clusters' means, and one factor for all makes the calm
	// representatives windier than the calm periods they stand for.
	RescaleClusters bool
	// Centroids represents each cluster by the mean of its members, step
	// by step, instead of the medoid (tsam's meanRepresentation): each
	// cluster's totals exact, its variability smoothed. Representative
	// .Period stays the medoid, where Represent cuts other series.
	Centroids bool
	// Refine, when set, scores an aggregation (lower is better: how far a
	// model's answer on the representatives would be from the full
	// series', by some cheap proxy) and makes Aggregate choose each typical
	// representative among the members of its cluster by coordinate
	// descent on the score, from the medoids (package doc, "Refinement").
	// It is called with the representatives' values as they would be used
	// (rescaled per cluster with RescaleClusters, before Rescale) and must
	// not keep or modify the Aggregation. Not with Centroids.
	Refine func(*Aggregation) float64
}

// DefaultRescale is Config.Rescale in [DefaultConfig]: see the package doc
// for the measurement that chose it.
const DefaultRescale = true

// DefaultConfig is twelve representative weeks with rescaling, for a series
// at the given step: PeriodSteps is a week divided by step (0 when step does
// not divide a week, which [Config.Validate] rejects).
func DefaultConfig(step time.Duration) Config {
	n, _ := StepsPer(7*24*time.Hour, step)
	return Config{PeriodSteps: n, Periods: 12, Rescale: DefaultRescale}
}

// StepsPer is the number of steps in a period: period / step, which must be
// a whole positive number.
func StepsPer(period, step time.Duration) (int, error) {
	if step <= 0 {
		return 0, inputErr("", "step", -1, step, "must be positive")
	}
	if period <= 0 || period%step != 0 {
		return 0, inputErr("", "period", -1, period, fmt.Sprintf("must be a positive whole number of steps of %s", step))
	}
	return int(period / step), nil
}

// MaxInputPeriods bounds the number of original periods N an aggregation
// accepts. Ward clustering keeps two triangular N×N tables of float64: at
// the bound that is 2 · 4000² / 2 · 8 B = 128 MB, and the clustering takes
// about half a second; a year of daily periods (N = 365, at any step)
// needs 1 MB.
const MaxInputPeriods = 4000

// Validate checks the fields that do not depend on the series: a positive
// PeriodSteps and Periods, known extreme kinds and non-negative
// KeepPeriods. [Aggregate] checks the rest against the series. All problems
// are joined; each unwraps to [ErrInvalid].
func (c Config) Validate() error {
	var errs []error
	if c.PeriodSteps <= 0 {
		errs = append(errs, inputErr("", "PeriodSteps", -1, c.PeriodSteps, "must be positive"))
	}
	if c.Periods <= 0 {
		errs = append(errs, inputErr("", "Periods", -1, c.Periods, "must be positive"))
	}
	for i, e := range c.Extremes {
		if e.Kind < PeakMax || e.Kind > MeanMin {
			errs = append(errs, inputErr(e.Series, "Extremes", i, int(e.Kind), "unknown extreme kind"))
		}
	}
	if c.Refine != nil && c.Centroids {
		errs = append(errs, inputErr("", "Refine", -1, "set", "a centroid is no period of its cluster to choose: not with Centroids"))
	}
	for i, p := range c.KeepPeriods {
		if p < 0 {
			errs = append(errs, inputErr("", "KeepPeriods", i, p, "must not be negative"))
		}
	}
	return errors.Join(errs...)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
