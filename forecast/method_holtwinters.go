package forecast

import (
	"math"
	"time"

	"gonum.org/v1/gonum/optimize"

	"github.com/zeropark/zeropark/model"
)

// HWParams are the smoothing parameters of [HoltWinters], each in [0, 1]:
// Alpha the level, Beta the trend, Gamma the daily and Delta the weekly
// seasonal component.
type HWParams struct {
	Alpha, Beta, Gamma, Delta float64
}

// HoltWintersConfig sets up [NewHoltWinters]. Zero fields take the
// documented defaults.
type HoltWintersConfig struct {
	// WeeklySeason adds a weekly seasonal component to the daily one
	// (Taylor's double seasonal method). It is used once the history holds
	// two weeks; before that the method runs with the daily season only.
	WeeklySeason bool
	// Trend adds an additive trend (Beta); off, Beta stays 0.
	Trend bool
	// Params, when set, fixes the parameters (no fitting).
	Params *HWParams
	// FitWindow is the span of the most recent history the parameters are
	// fitted on and the state is initialised from: 0 means 4 weeks with a
	// weekly season, 2 weeks without.
	FitWindow time.Duration
	// RefitEvery is how often the parameters are refitted as the history
	// grows (between refits the state is updated per new value): 0 is one
	// week.
	RefitEvery time.Duration
	// MaxEvaluations caps the SSE evaluations of one fit (0: 300).
	MaxEvaluations int
}

// HoltWinters is additive exponential smoothing with a daily and
// optionally a weekly season, in the error-correction form of Taylor
// ("Short-term electricity demand forecasting using double seasonal
// exponential smoothing", J. Oper. Res. Soc. 54, 2003), m₁ = 1 day and
// m₂ = 1 week in steps:
//
//	ŷ(t) = l(t−1) + b(t−1) + d(t−m₁) + w(t−m₂),  e(t) = y(t) − ŷ(t)
//	l(t) = l(t−1) + b(t−1) + α·e(t)
//	b(t) = b(t−1) + β·e(t)
//	d(t) = d(t−m₁) + γ·e(t)
//	w(t) = w(t−m₂) + δ·e(t)
//	ŷ(t+h | t) = l(t) + (h+1)·b(t) + d(t+h−m₁k₁) + w(t+h−m₂k₂)  (latest phase)
//
// Initial state, from the first min(window, 2·season) values of the fit
// window: l = their mean, b = 0, d = the mean deviation from l at each
// phase of the day, w = the mean remaining deviation at each phase of the
// week. The parameters minimise the sum of squared one-step errors over the
// fit window (Nelder–Mead, gonum/optimize, on logistic-transformed
// parameters so each stays in (0, 1)). They are fitted at the first call and
// every RefitEvery after; between refits each call only runs the recursions
// over the values that are new since the last call, so an hourly call with
// a growing history costs O(H). A history that is not an extension of the
// previous one (earlier end, other start or values) rebuilds the state from
// that history alone, so nothing after t is ever used.
//
// Under one day (one season) of history it falls back to [Persistence]. Not
// safe for concurrent use.
type HoltWinters struct {
	cfg     HoltWintersConfig
	cur     cursor
	m1, m2  int // seasons in steps; m2 = 0 while the weekly season is off
	params  HWParams
	lastFit int // history length at the last fit
	st, tmp hwState
}

type hwState struct {
	l, b float64
	d, w []float64 // indexed by absolute interval mod m1 (m2)
}

func (s *hwState) copyFrom(o *hwState) {
	s.l, s.b = o.l, o.b
	s.d = append(s.d[:0], o.d...)
	s.w = append(s.w[:0], o.w...)
}

var _ model.Forecaster = (*HoltWinters)(nil)

// NewHoltWinters checks cfg and makes the forecaster.
func NewHoltWinters(cfg HoltWintersConfig) (*HoltWinters, error) {
	if cfg.FitWindow < 0 {
		return nil, fieldErr("", "fit_window", cfg.FitWindow, "must not be negative")
	}
	if cfg.RefitEvery < 0 {
		return nil, fieldErr("", "refit_every", cfg.RefitEvery, "must not be negative")
	}
	if cfg.MaxEvaluations < 0 {
		return nil, fieldErr("", "max_evaluations", cfg.MaxEvaluations, "must not be negative")
	}
	if p := cfg.Params; p != nil {
		for _, v := range []float64{p.Alpha, p.Beta, p.Gamma, p.Delta} {
			if isBad(v) || v < 0 || v > 1 {
				return nil, fieldErr("", "params", *p, "smoothing parameters must be in [0, 1]")
			}
		}
	}
	h := &HoltWinters{cfg: cfg, params: HWParams{Alpha: 0.1, Gamma: 0.1, Delta: 0.1}}
	if cfg.Params != nil {
		h.params = *cfg.Params
	}
	if !cfg.Trend {
		h.params.Beta = 0
	}
	return h, nil
}

// Params are the parameters in use (fitted at the last refit).
func (h *HoltWinters) Params() HWParams { return h.params }

// Forecast implements [model.Forecaster].
func (h *HoltWinters) Forecast(hist model.Series, out []float64) error {
	m1, err := stepsIn(24*time.Hour, hist.Step)
	if err != nil {
		return err
	}
	n := len(hist.Values)
	if n < m1 {
		h.cur = cursor{}
		return Persistence{}.Forecast(hist, out)
	}
	m2 := 0
	if h.cfg.WeeklySeason && n >= 14*m1 {
		m2 = 7 * m1
	}
	refit := h.cfg.RefitEvery
	if refit == 0 {
		refit = 7 * 24 * time.Hour
	}
	refitSteps := max(1, int(refit/hist.Step))
	if !h.cur.advance(hist) || m1 != h.m1 || m2 != h.m2 || (h.cfg.Params == nil && n-h.lastFit >= refitSteps) {
		if err := checkFinite(hist, h.newFrom(hist, m1, m2)); err != nil {
			h.cur = cursor{}
			return err
		}
		h.refit(hist.Values, hist.Step, m1, m2)
	} else {
		if err := checkFinite(hist, h.cur.n); err != nil {
			return err
		}
		h.run(&h.st, h.params, hist.Values, h.cur.n, n)
	}
	h.cur.set(hist)
	s := &h.st
	for j := range out {
		v := s.l + float64(j+1)*s.b + s.d[(n+j)%m1]
		if m2 > 0 {
			v += s.w[(n+j)%m2]
		}
		out[j] = v
	}
	return nil
}

// newFrom is the first history index a rebuild reads.
func (h *HoltWinters) newFrom(hist model.Series, m1, m2 int) int {
	return max(0, len(hist.Values)-h.window(hist.Step, m1, m2))
}

func (h *HoltWinters) window(step time.Duration, m1, m2 int) int {
	if h.cfg.FitWindow > 0 {
		return max(int(h.cfg.FitWindow/step), 2*m1)
	}
	if m2 > 0 {
		return 4 * m2
	}
	return 14 * m1
}

// refit initialises the state on the fit window of y, fits the parameters
// there (unless fixed) and leaves the state at len(y).
func (h *HoltWinters) refit(y []float64, step time.Duration, m1, m2 int) {
	n := len(y)
	a := max(0, n-h.window(step, m1, m2))
	h.m1, h.m2, h.lastFit = m1, m2, n
	var init hwState
	h.initState(&init, y, a, n)
	if h.cfg.Params == nil {
		h.fit(&init, y, a, n)
	}
	h.st.copyFrom(&init)
	h.run(&h.st, h.params, y, a, n)
}

func (h *HoltWinters) initState(s *hwState, y []float64, a, n int) {
	m1, m2 := h.m1, h.m2
	span := m1
	if m2 > 0 {
		span = m2
	}
	L := min(n-a, 2*span)
	L -= L % m1
	l := 0.0
	for _, v := range y[a : a+L] {
		l += v
	}
	l /= float64(L)
	s.l, s.b = l, 0
	s.d = resize(s.d, m1)
	cnt := make([]int, max(m1, m2))
	for i := a; i < a+L; i++ {
		s.d[i%m1] += y[i] - l
		cnt[i%m1]++
	}
	for p := range s.d {
		s.d[p] /= float64(cnt[p])
	}
	s.w = resize(s.w, m2)
	if m2 == 0 {
		return
	}
	clear(cnt)
	for i := a; i < a+L; i++ {
		s.w[i%m2] += y[i] - l - s.d[i%m1]
		cnt[i%m2]++
	}
	for p := range s.w {
		if cnt[p] > 0 {
			s.w[p] /= float64(cnt[p])
		}
	}
}

func resize(v []float64, n int) []float64 {
	if cap(v) < n {
		return make([]float64, n)
	}
	v = v[:n]
	clear(v)
	return v
}

// run applies the recursions for y[from:to] and returns the one-step SSE.
func (h *HoltWinters) run(s *hwState, p HWParams, y []float64, from, to int) float64 {
	m1, m2 := h.m1, h.m2
	l, b := s.l, s.b
	d, w := s.d, s.w
	sse := 0.0
	for i := from; i < to; i++ {
		f := l + b + d[i%m1]
		if m2 > 0 {
			f += w[i%m2]
		}
		e := y[i] - f
		sse += e * e
		l += b + p.Alpha*e
		b += p.Beta * e
		d[i%m1] += p.Gamma * e
		if m2 > 0 {
			w[i%m2] += p.Delta * e
		}
	}
	s.l, s.b = l, b
	return sse
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func logit(p float64) float64 {
	p = math.Min(math.Max(p, 1e-4), 1-1e-4)
	return math.Log(p / (1 - p))
}

// fit minimises the one-step SSE over y[a:n] from the initial state.
func (h *HoltWinters) fit(init *hwState, y []float64, a, n int) {
	trend, weekly := h.cfg.Trend, h.m2 > 0
	unpack := func(x []float64) HWParams {
		p := HWParams{Alpha: logistic(x[0]), Gamma: logistic(x[1])}
		k := 2
		if weekly {
			p.Delta = logistic(x[k])
			k++
		}
		if trend {
			p.Beta = logistic(x[k])
		}
		return p
	}
	x0 := []float64{logit(h.params.Alpha), logit(h.params.Gamma)}
	if weekly {
		x0 = append(x0, logit(h.params.Delta))
	}
	if trend {
		x0 = append(x0, logit(math.Max(h.params.Beta, 0.01)))
	}
	prob := optimize.Problem{Func: func(x []float64) float64 {
		h.tmp.copyFrom(init)
		sse := h.run(&h.tmp, unpack(x), y, a, n)
		if math.IsNaN(sse) || math.IsInf(sse, 0) {
			return math.MaxFloat64
		}
		return sse
	}}
	evals := h.cfg.MaxEvaluations
	if evals == 0 {
		evals = 300
	}
	settings := &optimize.Settings{
		FuncEvaluations: evals,
		Converger:       &optimize.FunctionConverge{Relative: 1e-6, Iterations: 40},
	}
	res, err := optimize.Minimize(prob, x0, settings, &optimize.NelderMead{SimplexSize: 1})
	if res == nil || (err != nil && res.X == nil) {
		return // keep the previous parameters
	}
	h.params = unpack(res.X)
}
