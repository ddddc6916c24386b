package forecast

import (
	"math"
	"sync"
	"time"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/lapack/lapack64"
	"gonum.org/v1/gonum/mat"

	"github.com/zeropark/zeropark/model"
)

// DefaultBalanceC is the balance temperature of the regression's heating
// and cooling terms: 18 °C, the base of the usual degree-day statistics
// (e.g. Eurostat's heating degree days use 18 °C).
const DefaultBalanceC = 18.0

// RegressionConfig sets up [NewRegression]. Zero fields take the
// documented defaults.
type RegressionConfig struct {
	// TemperatureC, when set, adds the heating and cooling terms; it must
	// cover the history used for fitting and the forecast intervals (a
	// temperature forecast for [t, t+H) is known at t).
	TemperatureC *model.Series
	// BalanceC is the hinge of the temperature terms (0: DefaultBalanceC).
	BalanceC float64
	// FitWindow is the span of recent history fitted (0: 8 weeks);
	// RefitEvery how often the fit is redone (0: one week).
	FitWindow, RefitEvery time.Duration
	// NoAR drops the AR(1) correction of the residual.
	NoAR bool
	// NoLag drops the same-time-yesterday term.
	NoLag bool
	// Daily fits only the daily model (intercept, hours, hinges, same time
	// yesterday, AR(1)): no weekday or weekend terms, for series the week
	// does not shape ("regression-day", the wind default).
	Daily bool
	// NoBlend drops the per-lead blend with persistence (the forecast is
	// then the model's, as before the blend).
	NoBlend bool
}

// Regression is a linear model of calendar and weather features with
// AR(1) errors (dynamic regression, Hyndman & Athanasopoulos, FPP3 ch. 10):
//
//	y(τ) = β₀ + β_hour(τ) + β_dow(τ) + weekend(τ)·β_wkhour(τ)
//	       + β_H·max(T_b − T(τ), 0) + β_C·max(T(τ) − T_b, 0)
//	       + β_L·y(τ − m·k) + r(τ)
//	v(t+h) = x(t+h)·β + ρ^(h+1)·r(t−1),   r(t−1) = y(t−1) − x(t−1)·β
//	ŷ(t+h) = v(t+h) + w_h·(y(t−1) − v(t+h))
//
// with hour-of-day dummies (hours 1–23; 0 is the base), day-of-week dummies
// (Monday–Saturday; Sunday is the base), weekend × hour dummies (hours
// 1–23, so weekend days get their own daily shape), and, when a
// temperature series is bound, heating and cooling hinges at T_b, and the
// same-time-yesterday value (m steps a day, k = ⌊h/m⌋ + 1 so it is always
// observed; k = 1 in the fit), which lets very regular daily shapes (a
// hotel, a restaurant) follow the last day as seasonal naive does. Hours and
// days are those of the history's time zone (the series' Start location).
// β is the least-squares solution over the fit window by Householder QR
// (gonum's lapack64.Gels, the condition checked as mat.QR does; on
// buffers kept between fits, so a fit allocates nothing: regScratch.lsq),
// with a ridge of 1e-6 (as √λ·I rows appended to the design) so
// features not seen yet stay at 0 instead of making the system singular;
// ρ = Σr(i)r(i−1)/Σr(i−1)² over the window, clamped to [0, 0.99]. Refitted
// every RefitEvery; between refits a call costs O(H). Not safe for
// concurrent use.
//
// The blend with persistence. w_h is persistence's weight at lead h+1,
// fitted with β by least squares on the fit window's own forecasts (every
// origin of the window, each lead; clamped to [0, 1]), so on the data it
// was fitted on the forecast is at least as good as the model's (w = 0) and
// as persistence's (w = 1) at every lead. It matters where the model's
// structure is wrong for the series: on a persistent series (wind; an
// AR(1) of ρ ≥ 0.97) same time yesterday takes half the level, the AR(1)
// of the rest is weaker, and without the blend the model lost 5–37 % RMSE
// to persistence one hour ahead; where the model is right (loads) w stays
// near 0. Leads beyond those of the call that fitted take the last w. The
// weights are not saved with the state, only how many there are: they
// follow from β, ρ and the fit rows, and a restored forecaster recomputes
// them at its first call.
// Daily keeps only the daily model (below); NoBlend drops the blend.
//
// Cold start. A fit is made only on enough rows for its columns: at least
// two per column (so the forecast's variance from estimating β stays
// within about half the noise's: p/rows ≤ ½), and a whole period of every
// calendar dummy it has. Until the full design (54 columns hourly with the
// lag) has that — a week of fit rows — the regression uses the nested
// daily model (intercept, hours, hinges, same-time-yesterday; AR(1)
// errors), from max(2 × its columns, a day) rows; until then a naive
// forecast: [Persistence] with a day of history or less, then same time
// yesterday or persistence, whichever forecast the history's last day
// better (a load repeats its day, wind does not). Hourly with the lag:
// persistence to 24 h, naive to 73 h, daily model from 74 h (50 rows),
// full from 192 h (168 rows). A shorter FitWindow than a model's floor
// never fits that model. Besides the scheduled refits every RefitEvery
// (on the same calls as without a cold start), it refits when a larger
// model's floor is reached and whenever the history has grown by half
// since the last fit, until a fit spans the whole window; so once a
// scheduled refit has had 2 × RefitEvery rows (on 361 h hourly) it
// forecasts exactly as if the cold start had been fitted the old way.
// The forecast is not clipped to the series' range (the dispatch clips it,
// knowing the asset).
type Regression struct {
	lag        int // steps a day; 0 without the lag term
	cfg        RegressionConfig
	cur        cursor
	coef       []float64
	rho        float64
	blend      []float64 // w_k: persistence's weight at lead k+1 (none: no blend)
	blendLeads int       // len(blend) saved in a restored state, for restoreBlend (0: the first call's leads)
	lastFit    int       // history length at the last scheduled refit
	fitN       int       // history length at the last fit (scheduled or not)
	fitRows    int       // rows of the last fit
	model      regModel
	temp       bool
}

// regModel is the model in use, the largest whose floor the fit's rows
// reach (see [Regression]).
type regModel uint8

const (
	regNone  regModel = iota // no fit: a naive forecast (naiveForecast)
	regDaily                 // intercept, hours, temperature hinges, same time yesterday, AR(1)
	regFull                  // the full design
)

// regScratch is a fit's workspace: the design (factorised in place) and
// target, rows × columns floats once over (0.6 MB at hourly steps and the
// default window). Only a fit needs it, so forecasters share scratches
// through regScratchPool instead of keeping one each: a park of 1,000
// tenants forecast by regression kept 1,000 of them, 2.6 GB of peak memory
// in all for one rolling-horizon run of the demo year. Its slices only
// grow (resize), so a fit on a scratch that has held as many rows and
// columns allocates nothing.
type regScratch struct {
	x     []float64 // design, (rows+p) × p row-major; after lsq its QR factors (as Gels leaves them)
	y     []float64 // target, rows+p; after lsq Qᵀy, β in its first p
	work  []float64 // Gels's and Trcon's workspace
	iwork []int     // Trcon's
	xb    []float64 // x(i)·β of the fit rows (with yesterday's value)
}

var regScratchPool = sync.Pool{New: func() any { return new(regScratch) }}

// Column layout of the design matrix.
const (
	regHour    = 1     // 23 columns: hours 1..23
	regDow     = 24    // 6 columns: Monday..Saturday
	regWkHour  = 30    // 23 columns: weekend × hours 1..23
	regHeat    = 53    // heating hinge
	regCool    = 54    // cooling hinge
	regNoTemp  = 53    // columns without temperature
	regAllCols = 55    // columns with temperature
	regRidge   = 1e-6  // λ
	regMaxRho  = 0.99  // cap of the AR(1) coefficient
	regMinRows = 24    // history (steps, not hours) below which it falls back
	regDefWin  = 8 * 7 // days
	regDefEach = 7     // days
)

var _ model.Forecaster = (*Regression)(nil)

// NewRegression checks cfg and makes the forecaster.
func NewRegression(cfg RegressionConfig) (*Regression, error) {
	if cfg.FitWindow < 0 || cfg.RefitEvery < 0 {
		return nil, fieldErr("", "fit_window", cfg.FitWindow, "windows must not be negative")
	}
	if isBad(cfg.BalanceC) {
		return nil, fieldErr("", "balance_c", cfg.BalanceC, "not a finite number")
	}
	if cfg.BalanceC == 0 {
		cfg.BalanceC = DefaultBalanceC
	}
	r := &Regression{cfg: cfg, temp: cfg.TemperatureC != nil}
	if r.temp {
		p, err := newProvided("", "temperature_c", *cfg.TemperatureC)
		if err != nil {
			return nil, err
		}
		r.cfg.TemperatureC = &p.s
	}
	return r, nil
}

// Coefficients returns β (column order: intercept, hours 1–23, Monday–
// Saturday, weekend × hours 1–23, heating and cooling when a temperature is
// bound, same-time-yesterday unless NoLag) and ρ of the last fit: none
// before the first fit, and on the cold start's daily model the Monday–
// Saturday and weekend-hour coefficients are 0.
func (r *Regression) Coefficients() ([]float64, float64) {
	return append([]float64(nil), r.coef...), r.rho
}

func (r *Regression) cols() int {
	c := regNoTemp
	if r.temp {
		c = regAllCols
	}
	if r.lag > 0 {
		c++
	}
	return c
}

// row fills x with the features of time τ at temperature tc, lag value yl.
func (r *Regression) row(x []float64, τ time.Time, tc, yl float64) {
	clear(x)
	if r.lag > 0 {
		x[len(x)-1] = yl
	}
	x[0] = 1
	hr, wd := τ.Hour(), τ.Weekday()
	if hr > 0 {
		x[regHour+hr-1] = 1
	}
	if wd != time.Sunday {
		x[regDow+int(wd)-1] = 1
	}
	if (wd == time.Saturday || wd == time.Sunday) && hr > 0 {
		x[regWkHour+hr-1] = 1
	}
	if r.temp {
		x[regHeat] = math.Max(r.cfg.BalanceC-tc, 0)
		x[regCool] = math.Max(tc-r.cfg.BalanceC, 0)
	}
}

// predict is x(τ)·β without building x.
func (r *Regression) predict(τ time.Time, tc, yl float64) float64 {
	c := r.coef
	v := c[0]
	if r.lag > 0 {
		v += c[len(c)-1] * yl
	}
	hr, wd := τ.Hour(), τ.Weekday()
	if hr > 0 {
		v += c[regHour+hr-1]
	}
	if wd != time.Sunday {
		v += c[regDow+int(wd)-1]
	}
	if (wd == time.Saturday || wd == time.Sunday) && hr > 0 {
		v += c[regWkHour+hr-1]
	}
	if r.temp {
		v += c[regHeat]*math.Max(r.cfg.BalanceC-tc, 0) + c[regCool]*math.Max(tc-r.cfg.BalanceC, 0)
	}
	return v
}

// temps returns the temperatures of history intervals [from, to) (nil
// without a temperature series).
func (r *Regression) temps(h model.Series, from, to int) ([]float64, error) {
	if !r.temp {
		return nil, nil
	}
	probe := model.Series{Start: h.Start, Step: h.Step, Values: h.Values[:from:from]}
	i, err := alignedSlice(*r.cfg.TemperatureC, probe, to-from)
	if err != nil {
		return nil, err
	}
	return r.cfg.TemperatureC.Values[i : i+to-from], nil
}

// Forecast implements [model.Forecaster].
func (r *Regression) Forecast(h model.Series, out []float64) error {
	if h.Step <= 0 {
		return fieldErr("", "step", h.Step, "series step must be positive")
	}
	n := len(h.Values)
	day := max(1, int(24*time.Hour/h.Step))
	lag := 0
	if !r.cfg.NoLag && (24*time.Hour)%h.Step == 0 {
		lag = day
	}
	if n <= max(regMinRows, lag) {
		r.cur = cursor{}
		return Persistence{}.Forecast(h, out)
	}
	win, each := r.windows(h.Step)
	if !r.cur.advance(h) || lag != r.lag || n-r.lastFit >= each {
		// The scheduled refit: every RefitEvery from the first call past a
		// day of history (the same calls as before the cold start had
		// its floors), or when the history is not the one absorbed.
		r.lag, r.lastFit = lag, n
		a := max(lag, n-win)
		if err := checkFinite(h, a); err != nil {
			r.cur = cursor{}
			return err
		}
		if err := r.fitModel(h, a, n, r.modelFor(n-a, h.Step), len(out)); err != nil {
			r.cur = cursor{}
			return err
		}
	} else {
		if err := checkFinite(h, r.cur.n); err != nil {
			return err
		}
		// The cold start's extra refits: a larger model as soon as its
		// floor is reached, and a refit whenever the history has grown
		// by half since the last fit, until a fit spans the window.
		a := max(lag, n-win)
		m := r.modelFor(n-a, h.Step)
		if m > r.model || (r.model > regNone && r.fitRows < win && n-r.fitN >= max(1, r.fitRows/2)) {
			if err := r.fitModel(h, a, n, m, len(out)); err != nil {
				r.cur = cursor{}
				return err
			}
		}
	}
	if r.model != regNone && !r.cfg.NoBlend && len(r.blend) == 0 {
		leads := len(out)
		if r.blendLeads > 0 {
			leads = r.blendLeads
		}
		if err := r.restoreBlend(h, leads); err != nil {
			return err
		}
	}
	r.cur.set(h)
	if r.model == regNone {
		r.naiveForecast(h.Values, out)
		return nil
	}
	tc, err := r.temps(h, n-1, n+len(out))
	if err != nil {
		return err
	}
	at := func(k int) float64 { // temperature of interval n−1+k
		if tc == nil {
			return 0
		}
		return tc[k]
	}
	res := 0.0
	if !r.cfg.NoAR {
		res = h.Values[n-1] - r.predict(h.Time(n-1), at(0), r.lagValue(h.Values, n-1, n))
	}
	last, damp := h.Values[n-1], r.rho
	for j := range out {
		v := r.predict(h.Time(n+j), at(j+1), r.lagValue(h.Values, n+j, n)) + damp*res
		if len(r.blend) > 0 {
			v += r.blend[min(j, len(r.blend)-1)] * (last - v)
		}
		out[j] = v
		damp *= r.rho
	}
	return nil
}

// naiveForecast is the forecast before the first fit: same time yesterday
// when over the last day it had a smaller squared error than persistence
// had at the leads of out, else persistence. Which one does better
// depends on the series (a load repeats its day, wind does not), and the
// history's last day is all there is to tell. y holds more than a day
// (more than the lag).
func (r *Regression) naiveForecast(y []float64, out []float64) {
	n, m := len(y), r.lag
	if m > 0 {
		leads := min(len(out), m)
		var seSeasonal, sePersist float64
		for i := max(m, n-m); i < n; i++ {
			d := y[i] - y[i-m]
			seSeasonal += d * d
			for k := 1; k <= leads; k++ {
				d := y[i] - y[i-k]
				sePersist += d * d / float64(leads)
			}
		}
		if seSeasonal < sePersist {
			for j := range out {
				out[j] = y[n-m+j%m]
			}
			return
		}
	}
	last := y[n-1]
	for j := range out {
		out[j] = last
	}
}

// windows are the fit window and the refit interval in steps of step.
func (r *Regression) windows(step time.Duration) (win, each int) {
	w, e := r.cfg.FitWindow, r.cfg.RefitEvery
	if w == 0 {
		w = regDefWin * 24 * time.Hour
	}
	if e == 0 {
		e = regDefEach * 24 * time.Hour
	}
	return max(1, int(w/step)), max(1, int(e/step))
}

// modelFor is the largest of the nested models whose floor rows of fit
// reach: at least two rows per column, and for the calendar dummies a
// whole period of them (a day for the hours, a week for the days).
func (r *Regression) modelFor(rows int, step time.Duration) regModel {
	dayRows := max(1, int(24*time.Hour/step))
	top := regFull
	if r.cfg.Daily {
		top = regDaily
	}
	for m := top; m > regNone; m-- {
		if rows >= max(2*r.colsOf(m), m.periodDays()*dayRows) {
			return m
		}
	}
	return regNone
}

// colsOf is the number of columns model m fits.
func (r *Regression) colsOf(m regModel) int {
	c := r.cols()
	if m == regDaily {
		c -= regNoTemp - regDow
	}
	return c
}

// periodDays is the calendar period m's dummies need covered, in days.
func (m regModel) periodDays() int {
	switch m {
	case regDaily:
		return 1
	case regFull:
		return 7
	}
	return 0
}

// unused are the columns of the design m leaves out (coefficients 0).
func (m regModel) unused() (from, to int) {
	if m == regDaily {
		return regDow, regNoTemp
	}
	return 0, 0
}

// fitModel fits model m on history [a, n) (regNone: forgets the fit, so
// the forecast is naiveForecast's) and records it as the last fit.
func (r *Regression) fitModel(h model.Series, a, n int, m regModel, leads int) error {
	r.model, r.fitN, r.fitRows = regNone, n, n-a
	r.blend = r.blend[:0]
	if m == regNone {
		r.coef, r.rho = r.coef[:0], 0
		return nil
	}
	if err := r.fit(h, a, n, m, leads); err != nil {
		return err
	}
	r.model = m
	return nil
}

// fit solves the ridge least squares of model m on history [a, n) and the
// AR(1) ρ. The columns m leaves out are zero in the design (the ridge
// keeps the system regular) and their coefficients are set to 0.
func (r *Regression) fit(h model.Series, a, n int, m regModel, leads int) error {
	u0, u1 := m.unused()
	p := r.cols()
	rows := n - a
	tc, err := r.temps(h, a, n)
	if err != nil {
		return err
	}
	sc := regScratchPool.Get().(*regScratch)
	defer regScratchPool.Put(sc)
	// The system's rows, the ridge's last; resize zeroes them.
	mr := rows + p
	sc.x, sc.y = resize(sc.x, mr*p), resize(sc.y, mr)
	for i := range rows {
		t := 0.0
		if tc != nil {
			t = tc[i]
		}
		row := sc.x[i*p : (i+1)*p]
		r.row(row, h.Time(a+i), t, r.lagValue(h.Values, a+i, a+i))
		clear(row[u0:u1])
		sc.y[i] = h.Values[a+i]
	}
	sq := math.Sqrt(regRidge)
	for k := range p {
		sc.x[(rows+k)*p+k] = sq
	}
	beta, err := sc.lsq(mr, p)
	if err != nil {
		return err
	}
	r.coef = resize(r.coef, p)
	copy(r.coef, beta)
	clear(r.coef[u0:u1])
	r.rho = 0
	if r.cfg.NoAR && r.cfg.NoBlend {
		return nil
	}
	sc.xb = resize(sc.xb, rows)
	r.fitted(h, a, tc, sc.xb)
	if !r.cfg.NoAR {
		r.rho = ar1(h.Values[a:n], sc.xb)
	}
	if !r.cfg.NoBlend {
		r.fitBlend(h.Values, a, sc.xb, leads)
	}
	return nil
}

// lsq solves the least squares min ‖xβ − y‖ of the m × p design sc.x
// (row-major, m ≥ p) and target sc.y in place with lapack64.Gels
// (Householder QR, Qᵀy by the reflectors without forming Q, then
// Rβ = (Qᵀy)[:p]), and returns β, a view of sc.y, valid until the
// scratch's next use. As gonum's mat.QR.SolveTo, which it replaces
// (v0.17.0: the same checks), it fails with mat.Condition(+Inf) when R has
// a zero on its diagonal and with mat.Condition(κ) when R's condition
// estimate κ (lapack64.Trcon on the R Gels leaves in sc.x, mat.CondNorm)
// exceeds mat.ConditionTolerance; without mat.QR's copy of the design and
// its per-call slices it allocates nothing once the scratch has held an
// m × p design. Gels gets its minimal workspace, so the reflectors are
// applied unblocked: gonum's blocked Qᵀy multiplies with a Dgemm that
// starts goroutines for a single right-hand side; the result differs from
// mat.QR's in rounding only (TestRegressionLSQMatchesMatQR).
func (sc *regScratch) lsq(m, p int) ([]float64, error) {
	a := blas64.General{Rows: m, Cols: p, Stride: p, Data: sc.x[:m*p]}
	sc.work = resize(sc.work, 3*p) // Trcon's; Gels's minimum is 2p
	qty := blas64.General{Rows: m, Cols: 1, Stride: 1, Data: sc.y[:m]}
	if !lapack64.Gels(blas.NoTrans, a, qty, sc.work[:2*p], 2*p) {
		return nil, mat.Condition(math.Inf(1))
	}
	r := blas64.Triangular{Uplo: blas.Upper, Diag: blas.NonUnit, N: p, Stride: p, Data: sc.x[:m*p]}
	if cap(sc.iwork) < p {
		sc.iwork = make([]int, p)
	}
	sc.iwork = sc.iwork[:p] // scratch, written before it is read
	if cond := 1 / lapack64.Trcon(mat.CondNorm, r, sc.work[:3*p], sc.iwork); cond > mat.ConditionTolerance {
		return nil, mat.Condition(cond)
	}
	return sc.y[:p], nil
}

// fitted fills xb with x(i)·β of history rows a … a+len(xb)−1 (with
// yesterday's value as the lag; tc their temperatures, nil without).
func (r *Regression) fitted(h model.Series, a int, tc, xb []float64) {
	for i := range xb {
		t := 0.0
		if tc != nil {
			t = tc[i]
		}
		xb[i] = r.predict(h.Time(a+i), t, r.lagValue(h.Values, a+i, a+i))
	}
}

// ar1 is ρ = Σr(i)r(i−1)/Σr(i−1)² of the residuals r = y − xb, clamped
// to [0, regMaxRho] (0 when undefined).
func ar1(y, xb []float64) float64 {
	var num, den float64
	for i := 1; i < len(y); i++ {
		e, prev := y[i]-xb[i], y[i-1]-xb[i-1]
		num += e * prev
		den += prev * prev
	}
	if den > 0 {
		return math.Min(math.Max(num/den, 0), regMaxRho)
	}
	return 0
}

// restoreBlend recomputes the blend weights of the last fit, on its rows
// [fitN − fitRows, fitN) of h, for a forecaster restored from a saved
// state (which does not hold them: they follow from β, ρ and those rows,
// so the restored forecaster blends exactly as the one that kept running:
// at as many leads as it had, since leads past the last take the last w).
// Leads from the fit's rows on have w = 0 (no origin reaches them), so
// leads are capped there: the same forecasts, and a corrupt lead count in
// a state cannot make a large allocation.
func (r *Regression) restoreBlend(h model.Series, leads int) error {
	a, n := r.fitN-r.fitRows, r.fitN
	if a < r.lag || n > len(h.Values) || n-a < 2 {
		return nil // not this history's fit (the cursor would have refitted)
	}
	leads = min(leads, n-a)
	tc, err := r.temps(h, a, n)
	if err != nil {
		return err
	}
	sc := regScratchPool.Get().(*regScratch)
	defer regScratchPool.Put(sc)
	sc.xb = resize(sc.xb, n-a)
	r.fitted(h, a, tc, sc.xb)
	r.fitBlend(h.Values, a, sc.xb, leads)
	return nil
}

// fitBlend fits each lead's blend weight w_k (k = 0 … leads−1) by least
// squares on the fit rows a … a+len(xb)−1 of history y (x·β in xb): at
// every origin o of the rows with y(o+k) among them, the model's forecast
// v = x(o+k)·β + ρ^(k+1)·r(o−1) (with the same-time-yesterday value known
// at o, as Forecast uses it) and persistence y(o−1) give d = y(o−1) − v and
// f = y(o+k) − v; w_k = Σdf/Σd² minimises Σ(f − w·d)², clamped to [0, 1].
// w_k = 0 is the model's forecast and 1 persistence's, so on the fit rows
// the blend is at least as good as either at every lead. O(rows × leads),
// no allocation beyond r.blend.
func (r *Regression) fitBlend(y []float64, a int, xb []float64, leads int) {
	r.blend = resize(r.blend, max(1, leads))
	bl := 0.0 // β of same time yesterday
	if r.lag > 0 {
		bl = r.coef[len(r.coef)-1]
	}
	n, damp := a+len(xb), r.rho
	for k := range r.blend {
		var sdf, sdd float64
		for o := a + 1; o+k < n; o++ {
			v := xb[o+k-a] + damp*(y[o-1]-xb[o-1-a])
			if r.lag > 0 && k >= r.lag {
				// A day ahead or more the forecast's lag value is from an
				// earlier day (lagValue), xb's from the day before.
				v += bl * (r.lagValue(y, o+k, o) - y[o+k-r.lag])
			}
			d, f := y[o-1]-v, y[o+k]-v
			sdf += d * f
			sdd += d * d
		}
		if sdd > 0 {
			r.blend[k] = math.Min(math.Max(sdf/sdd, 0), 1)
		}
		damp *= r.rho
	}
}

// lagValue is y(i − m·k) for target interval i when y is observed before
// n: k = 1, or more days back when i − m is not observed yet.
func (r *Regression) lagValue(y []float64, i, n int) float64 {
	if r.lag == 0 {
		return 0
	}
	j := i - r.lag
	for j >= n {
		j -= r.lag
	}
	return y[j]
}
