package periods

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Kind says how a representative period was formed.
type Kind int

const (
	// KindTypical stands for a cluster of original periods: its medoid, or
	// the member Config.Refine chose.
	KindTypical Kind = iota + 1
	// KindExtreme is a period kept for an [Extreme] or a KeepPeriods entry.
	KindExtreme
	// KindRemainder is the last, shorter period, kept as it is.
	KindRemainder
)

func (k Kind) String() string {
	switch k {
	case KindTypical:
		return "typical"
	case KindExtreme:
		return "extreme"
	case KindRemainder:
		return "remainder"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Representative is one representative period of an [Aggregation].
type Representative struct {
	// Period is the original period (0-based, calendar order) whose values
	// it holds: the medoid of its cluster (or the member Config.Refine
	// chose), or the extreme or remainder period itself.
	Period int
	Kind   Kind
	// Weight is the number of original periods it stands for: each of its
	// steps counts Weight times in an annual sum.
	Weight int
	// Steps is its length: Aggregation.PeriodSteps, or fewer for the
	// remainder.
	Steps int
	// Values holds each input series over the period, [series][step], in
	// the series' own units: the original values, or rescaled ones for a
	// typical period when Config.Rescale is set.
	Values [][]float64
}

// Aggregation is the result of [Aggregate]. Its slices belong to it: read
// them, do not modify them.
type Aggregation struct {
	Names       []string      // the input series' names, in input order
	Step        time.Duration // the input step
	PeriodSteps int           // T, the length of a full period in steps
	Len         int           // length of the original series in steps
	// Reps are the representative periods in calendar order of their
	// Period: the K of Config.Periods, then (by position, not necessarily
	// last) the remainder when PeriodSteps does not divide Len.
	Reps []Representative
	// Sigma maps every original period i (calendar order) to the index in
	// Reps of the representative that stands for it (Kotzur's σ).
	Sigma []int
	// Refined is the number of scores Config.Refine took (0 without it).
	Refined int
}

// Aggregate cuts the aligned series into periods of cfg.PeriodSteps steps
// and replaces them by cfg.Periods representative periods (plus the
// remainder), as the package doc describes. step is the series' time step;
// it is kept for [Aggregation.StorageLinking]. Input problems are all
// reported at once, each an [*InputError] unwrapping to [ErrInvalid].
func Aggregate(series []Series, step time.Duration, cfg Config) (*Aggregation, error) {
	if err := check(series, step, cfg); err != nil {
		return nil, err
	}
	n, tp := len(series[0].Values), cfg.PeriodSteps
	nFull, rem := n/tp, n%tp
	keep := keptPeriods(series, cfg, nFull)
	var free []int // full periods left to clustering
	for p := range nFull {
		if _, found := slices.BinarySearch(keep, p); !found {
			free = append(free, p)
		}
	}
	nc := cfg.Periods - len(keep) // clusters for the free periods
	switch {
	case nc < 0:
		return nil, inputErr("", "Periods", -1, cfg.Periods,
			fmt.Sprintf("is less than the %d distinct periods that Extremes and KeepPeriods keep", len(keep)))
	case nc == 0 && len(free) > 0:
		return nil, inputErr("", "Periods", -1, cfg.Periods,
			fmt.Sprintf("leaves no typical period for the %d periods that are not kept (Extremes and KeepPeriods keep %d)", len(free), len(keep)))
	}

	norms := normalisers(series)
	var labels, med []int
	if nc > 0 {
		d2 := sqDist(features(series, norms, free, tp))
		labels, _ = ward(d2, nc)
		med = medoids(d2, labels)
	}
	a := &Aggregation{Step: step, PeriodSteps: tp, Len: n}
	for _, s := range series {
		a.Names = append(a.Names, s.Name)
	}
	a.setReps(free, labels, med, keep, nFull, rem)
	a.fillValues(series)
	switch {
	case cfg.Centroids:
		a.centroids(series)
	case cfg.RescaleClusters:
		a.rescaleClusters(series, norms)
	}
	if cfg.Refine != nil && nc > 0 {
		a.Refined = a.refine(series, norms, cfg.RescaleClusters, cfg.Refine)
	}
	if cfg.Rescale {
		a.rescale(series, norms)
	}
	return a, nil
}

// setReps makes the representatives, in calendar order, and Sigma: the
// medoids med of the clusters labels of the free periods, the kept
// periods, and the remainder of rem steps after the nFull full periods.
func (a *Aggregation) setReps(free, labels, med, keep []int, nFull, rem int) {
	weight := make([]int, len(med))
	for _, l := range labels {
		weight[l]++
	}
	for c, m := range med {
		a.Reps = append(a.Reps, Representative{Period: free[m], Kind: KindTypical, Weight: weight[c], Steps: a.PeriodSteps})
	}
	for _, p := range keep {
		a.Reps = append(a.Reps, Representative{Period: p, Kind: KindExtreme, Weight: 1, Steps: a.PeriodSteps})
	}
	if rem > 0 {
		a.Reps = append(a.Reps, Representative{Period: nFull, Kind: KindRemainder, Weight: 1, Steps: rem})
	}
	slices.SortFunc(a.Reps, func(x, y Representative) int { return x.Period - y.Period })

	repOf := make(map[int]int, len(a.Reps)) // original period → index in Reps
	for k, r := range a.Reps {
		repOf[r.Period] = k
	}
	a.Sigma = make([]int, nFull+min(rem, 1))
	for i, p := range free {
		a.Sigma[p] = repOf[free[med[labels[i]]]]
	}
	for _, r := range a.Reps {
		if r.Kind != KindTypical {
			a.Sigma[r.Period] = repOf[r.Period]
		}
	}
}

// fillValues copies each representative's period out of the series, all
// into one backing array.
func (a *Aggregation) fillValues(series []Series) {
	total := 0
	for _, r := range a.Reps {
		total += r.Steps * len(series)
	}
	buf := make([]float64, total)
	rows := make([][]float64, len(a.Reps)*len(series))
	for k := range a.Reps {
		r := &a.Reps[k]
		r.Values, rows = rows[:len(series):len(series)], rows[len(series):]
		from := r.Period * a.PeriodSteps
		for s, ser := range series {
			r.Values[s], buf = buf[:r.Steps:r.Steps], buf[r.Steps:]
			copy(r.Values[s], ser.Values[from:from+r.Steps])
		}
	}
}

// check validates the series and the configuration against them.
func check(series []Series, step time.Duration, cfg Config) error {
	errs := []error{cfg.Validate()}
	if step <= 0 {
		errs = append(errs, inputErr("", "step", -1, step, "must be positive"))
	}
	if len(series) == 0 {
		errs = append(errs, inputErr("", "series", -1, nil, "no series given"))
		return errors.Join(errs...)
	}
	n := len(series[0].Values)
	seen := make(map[string]bool, len(series))
	for i, s := range series {
		errs = append(errs, checkSeries(i, s, series[0].Name, n, seen)...)
	}
	if n == 0 || cfg.PeriodSteps <= 0 {
		return errors.Join(errs...)
	}
	nFull := n / cfg.PeriodSteps
	nAll := (n + cfg.PeriodSteps - 1) / cfg.PeriodSteps
	switch {
	case nFull == 0:
		errs = append(errs, inputErr("", "PeriodSteps", -1, cfg.PeriodSteps,
			fmt.Sprintf("is longer than the series (%d steps): no full period", n)))
	case nAll > MaxInputPeriods:
		errs = append(errs, inputErr("", "PeriodSteps", -1, cfg.PeriodSteps,
			fmt.Sprintf("cuts the %d steps into %d periods, more than MaxInputPeriods = %d", n, nAll, MaxInputPeriods)))
	case cfg.Periods > nFull:
		errs = append(errs, inputErr("", "Periods", -1, cfg.Periods,
			fmt.Sprintf("is more than the %d full %s of %d steps in the series", nFull, periodWord(nFull), cfg.PeriodSteps)))
	}
	for i, e := range cfg.Extremes {
		if !seen[e.Series] {
			errs = append(errs, inputErr(e.Series, "Extremes", i, nil, "no series of this name"))
		}
	}
	for i, p := range cfg.KeepPeriods {
		if p >= nAll {
			errs = append(errs, inputErr("", "KeepPeriods", i, p, fmt.Sprintf("the series has only %d periods", nAll)))
		}
	}
	return errors.Join(errs...)
}

// maxWeight bounds Series.Weight so that squared distances stay finite.
const maxWeight = 1e6

// checkSeries checks series i against the first one (its name and length n).
func checkSeries(i int, s Series, first string, n int, seen map[string]bool) []error {
	var errs []error
	name := s.Name
	switch {
	case name == "":
		errs = append(errs, inputErr("", "Name", i, `""`, "series name must not be empty"))
	case seen[name]:
		errs = append(errs, inputErr(name, "Name", i, nil, "two series have this name"))
	}
	seen[name] = true
	if !finite(s.Weight) || s.Weight < 0 || s.Weight > maxWeight {
		errs = append(errs, inputErr(name, "Weight", -1, s.Weight, fmt.Sprintf("must be in [0, %g] (0 means 1)", maxWeight)))
	}
	switch {
	case len(s.Values) == 0:
		errs = append(errs, inputErr(name, "Values", -1, nil, "series is empty"))
	case len(s.Values) != n:
		errs = append(errs, inputErr(name, "Values", -1, len(s.Values),
			fmt.Sprintf("has a different length from series %q (%d steps)", cut(first), n)))
	}
	for t, x := range s.Values {
		if !finite(x) {
			errs = append(errs, inputErr(name, "Values", t, x, "not a finite number"))
			break // the first one says enough
		}
	}
	return errs
}

// periodWord is "period" or "periods", as n needs.
func periodWord(n int) string {
	if n == 1 {
		return "period"
	}
	return "periods"
}
