package forecast

import (
	"fmt"
	"math"
	"time"

	"github.com/zeropark/zeropark/model"
)

// Defaults of [ClearSkyPersistence].
const (
	// DefaultClearSkySamples is how many recent daylight intervals the
	// clear-sky index is averaged over (2 measured best of 1–6 on the demo
	// data; see doc_forecasting.md).
	DefaultClearSkySamples = 2
	// DefaultClearSkyDaylight is the fraction of the clear-sky peak above
	// which an interval counts as daylight: below it (low sun) the ratio
	// observed/clear-sky is dominated by model and timing error.
	DefaultClearSkyDaylight = 0.1
	// MaxClearSkyIndex caps the index (cloud enhancement can exceed 1, a
	// sensor or model glitch should not blow the forecast up).
	MaxClearSkyIndex = 1.5
	// DefaultClearSkyDecay is the per-step weight φ of the recent index
	// against the week's mean index (see [ClearSkyPersistence]); 0.9
	// measured best of 0.5–1 on the demo data (doc_forecasting.md).
	DefaultClearSkyDecay = 0.9
)

// ClearSkyPersistence persists the clear-sky index rather than the power
// (the "smart persistence" of e.g. Pedro & Coimbra, Solar Energy 86, 2012,
// and Antonanzas et al., Solar Energy 136, 2016, §3.1), relaxing it towards
// the index of the past week as the lead grows:
//
//	k  = Σ_{i∈D} y(i) / Σ_{i∈D} c(i),  D the last Samples daylight intervals
//	k̄  = Σ_{i∈W} y(i) / Σ_{i∈W} c(i),  W the daylight intervals of the last week
//	ŷ(t+h) = [k̄ + (k − k̄)·φ^(h+1)]·c(t+h),  h = 0…H−1, both indices ≤ MaxClearSkyIndex
//
// where c is the clear-sky series bound at construction (e.g.
// [physics.ClearSkyPVKW]), daylight means c(i) ≥ Daylight·max c (the guard
// against c ≈ 0: at night the index of the last daylight hours is carried to the
// next morning; max c is the peak of the whole series bound, which
// [ClearSkyCache.ClearSkyInputs] makes at least a year long so that the threshold, and
// so the forecast of an hour, does not depend on the period's length) and φ = Decay (0 is [DefaultClearSkyDecay]; 1 is pure
// clear-sky-index persistence). With no daylight interval in the last week
// of history k = k̄ = 1 (clear sky), so an empty history is fine. Each call
// reads at most one week of history.
type ClearSkyPersistence struct {
	clear    model.Series
	minClear float64
	// Samples is |D| (0: DefaultClearSkySamples).
	Samples int
	// Decay is φ in (0, 1] (0: DefaultClearSkyDecay).
	Decay float64
}

var _ model.Forecaster = (*ClearSkyPersistence)(nil)

// NewClearSkyPersistence binds the clear-sky series (same unit as the
// forecast series, covering every interval to be forecast).
func NewClearSkyPersistence(clear model.Series) (*ClearSkyPersistence, error) {
	p, err := newProvided("", "clear_sky", clear)
	if err != nil {
		return nil, err
	}
	peak := 0.0
	for _, v := range p.s.Values {
		if v < 0 {
			return nil, fieldErr("", "clear_sky", v, "clear-sky values must not be negative")
		}
		peak = math.Max(peak, v)
	}
	return &ClearSkyPersistence{clear: p.s, minClear: DefaultClearSkyDaylight * peak}, nil
}

// Index returns the recent clear-sky index k and the week's k̄ the forecast
// from history h uses.
func (c *ClearSkyPersistence) Index(h model.Series) (recent, week float64, err error) {
	n := len(h.Values)
	if n == 0 {
		return 1, 1, nil
	}
	i0, err := alignedSlice(c.clear, h, 0)
	if err != nil {
		return 0, 0, err
	}
	// i0 is the clear-sky index of interval n of the history.
	want := c.Samples
	if want <= 0 {
		want = DefaultClearSkySamples
	}
	span, _ := stepsIn(7*24*time.Hour, h.Step) // 0 if the step does not divide a week
	if span == 0 {
		span = n
	}
	var ry, rc, wy, wc float64
	got := 0
	for j := n - 1; j >= 0 && j >= n-span; j-- {
		ci := i0 - n + j
		if ci < 0 {
			break
		}
		cv := c.clear.Values[ci]
		if cv < c.minClear || cv <= 0 {
			continue
		}
		y := h.Values[j]
		if isBad(y) {
			return 0, 0, &InputError{Field: "history", Row: j, Time: h.Time(j), Value: fmt.Sprint(y), Reason: "not a finite number"}
		}
		if got < want {
			ry += y
			rc += cv
			got++
		}
		wy += y
		wc += cv
	}
	if got == 0 {
		return 1, 1, nil
	}
	clamp := func(k float64) float64 { return math.Min(math.Max(k, 0), MaxClearSkyIndex) }
	return clamp(ry / rc), clamp(wy / wc), nil
}

// Forecast implements [model.Forecaster].
func (c *ClearSkyPersistence) Forecast(h model.Series, out []float64) error {
	i, err := alignedSlice(c.clear, h, len(out))
	if err != nil {
		return err
	}
	k, kw, err := c.Index(h)
	if err != nil {
		return err
	}
	phi := c.Decay
	if phi <= 0 || phi > 1 {
		phi = DefaultClearSkyDecay
	}
	w := phi
	for j := range out {
		out[j] = (kw + (k-kw)*w) * c.clear.Values[i+j]
		w *= phi
	}
	return nil
}
