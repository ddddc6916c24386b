package forecast

import (
	"bytes"
	"encoding"
	"encoding/gob"
	"fmt"
	"time"
)

// The stateful forecasters ([Regression], [HoltWinters]) save and restore
// their state — what they fitted and which history they have absorbed — so
// that a controller restarted from a saved state (package live) forecasts
// exactly as if it had not stopped. The configuration is not saved:
// restore into a forecaster made with the same configuration (and the same
// exogenous inputs). The other methods keep no state between calls.
var (
	_ encoding.BinaryMarshaler   = (*Regression)(nil)
	_ encoding.BinaryUnmarshaler = (*Regression)(nil)
	_ encoding.BinaryMarshaler   = (*HoltWinters)(nil)
	_ encoding.BinaryUnmarshaler = (*HoltWinters)(nil)
)

// stateVersion is the version of the encodings below; a change of their
// fields must change it. Version 2 added the regression's last fit
// (FitN, FitRows, Model: the cold start's nested models); Holt–Winters'
// encoding is the same in both. Version 1 is still read. The regression's
// per-lead blend weights are not saved, only how many there are
// (BlendLeads): they follow from the fit and its rows, and a restored
// regression recomputes them at its first call (restoreBlend).
const (
	stateVersion    = 2
	oldStateVersion = 1
)

// cursorState is a cursor, exported for gob.
type cursorState struct {
	Start time.Time
	Step  time.Duration
	N     int
	Last  float64
}

func (c cursor) state() cursorState {
	return cursorState{Start: c.start, Step: c.step, N: c.n, Last: c.last}
}

func (s cursorState) cursor() cursor {
	return cursor{start: s.Start, step: s.Step, n: s.N, last: s.Last}
}

type regressionState struct {
	Kind    string // "regression": gob matches fields by name, so the kind is checked
	Version int
	Lag     int
	Cursor  cursorState
	Coef    []float64
	Rho     float64
	LastFit int
	Temp    bool
	// Version 2 on: the last fit (scheduled or not), its rows and model.
	FitN, FitRows int
	Model         uint8
	// BlendLeads is how many blend weights the last fit made (restoreBlend
	// recomputes as many; 0: none, or a state without the field).
	BlendLeads int
}

// MarshalBinary encodes the regression's state: its coefficients, ρ, when
// it last fitted (on schedule and at all), on how many rows, which model,
// and which history it has absorbed.
func (r *Regression) MarshalBinary() ([]byte, error) {
	return encodeState(regressionState{Kind: "regression", Version: stateVersion, Lag: r.lag, Cursor: r.cur.state(), Coef: r.coef, Rho: r.rho,
		LastFit: r.lastFit, Temp: r.temp, FitN: r.fitN, FitRows: r.fitRows, Model: uint8(r.model), BlendLeads: len(r.blend)})
}

// UnmarshalBinary restores a state written by MarshalBinary into a
// regression made with the same configuration.
func (r *Regression) UnmarshalBinary(b []byte) error {
	var s regressionState
	if err := decodeState(b, &s, "regression"); err != nil {
		return err
	}
	if s.Temp != r.temp {
		return fieldErr("", "state", "temperature", "the state is of a regression with another configuration (temperature terms)")
	}
	if len(s.Coef) != 0 && len(s.Coef) != r.colsFor(s.Lag) {
		return fieldErr("", "state", len(s.Coef), "the state's coefficients do not fit this regression")
	}
	if m := regModel(s.Model); m > regFull || (m != regNone && len(s.Coef) == 0) || s.FitN < 0 || s.FitRows < 0 || s.BlendLeads < 0 {
		return fieldErr("", "state", fmt.Sprintf("model %d fit at %d on %d rows, %d blend leads", s.Model, s.FitN, s.FitRows, s.BlendLeads),
			"the state's last fit is not one this regression makes")
	}
	r.lag, r.cur, r.coef, r.rho, r.lastFit = s.Lag, s.Cursor.cursor(), s.Coef, s.Rho, s.LastFit
	r.fitN, r.fitRows, r.model = s.FitN, s.FitRows, regModel(s.Model)
	r.blend = r.blend[:0] // recomputed from the fit's rows at the next call (restoreBlend)
	r.blendLeads = s.BlendLeads
	if s.Version == oldStateVersion {
		r.fromVersion1()
	}
	return nil
}

// fromVersion1 completes a version-1 state, which fitted the full design
// at its last scheduled refit whatever the rows: the fit is kept when its
// rows reach the full design's floor (a warm state: it goes on from that
// fit, with the blend this build adds recomputed at its first call's
// leads, since version 1 had none), else dropped, and the next call fits
// the model the history allows (a state saved in the first week).
func (r *Regression) fromVersion1() {
	r.fitN, r.fitRows, r.model = 0, 0, regNone
	if len(r.coef) == 0 || r.cur.step <= 0 {
		r.coef, r.rho = r.coef[:0], 0
		return
	}
	win, _ := r.windows(r.cur.step)
	rows := r.lastFit - max(r.lag, r.lastFit-win)
	if r.modelFor(rows, r.cur.step) != regFull {
		r.coef, r.rho = r.coef[:0], 0
		return
	}
	r.fitN, r.fitRows, r.model = r.lastFit, rows, regFull
}

// colsFor is the number of coefficients with the lag term of lag.
func (r *Regression) colsFor(lag int) int {
	c := regNoTemp
	if r.temp {
		c = regAllCols
	}
	if lag > 0 {
		c++
	}
	return c
}

type holtWintersState struct {
	Kind    string // "holt-winters"
	Version int
	Cursor  cursorState
	M1, M2  int
	Params  HWParams
	LastFit int
	L, B    float64
	D, W    []float64
}

// MarshalBinary encodes the smoothing state: level, trend, seasonal
// components, the parameters fitted, when, and which history it has
// absorbed.
func (h *HoltWinters) MarshalBinary() ([]byte, error) {
	return encodeState(holtWintersState{Kind: "holt-winters", Version: stateVersion, Cursor: h.cur.state(), M1: h.m1, M2: h.m2, Params: h.params,
		LastFit: h.lastFit, L: h.st.l, B: h.st.b, D: h.st.d, W: h.st.w})
}

// UnmarshalBinary restores a state written by MarshalBinary into a
// Holt–Winters forecaster made with the same configuration.
func (h *HoltWinters) UnmarshalBinary(b []byte) error {
	var s holtWintersState
	if err := decodeState(b, &s, "holt-winters"); err != nil {
		return err
	}
	if s.M1 < 0 || s.M2 < 0 || len(s.D) != s.M1 || len(s.W) != s.M2 {
		return fieldErr("", "state", fmt.Sprintf("m1 %d m2 %d", s.M1, s.M2), "the state's seasonal components do not match its seasons")
	}
	h.cur, h.m1, h.m2, h.params, h.lastFit = s.Cursor.cursor(), s.M1, s.M2, s.Params, s.LastFit
	h.st = hwState{l: s.L, b: s.B, d: s.D, w: s.W}
	return nil
}

func encodeState(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(v); err != nil {
		return nil, fmt.Errorf("forecast: encoding state: %w", err)
	}
	return buf.Bytes(), nil
}

// decodeState decodes b into v, a pointer to a state struct whose first
// field is Version.
func decodeState(b []byte, v any, what string) error {
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(v); err != nil {
		return fieldErr("", "state", len(b), fmt.Sprintf("not a %s state: %v", what, err))
	}
	var kind string
	var version int
	switch s := v.(type) {
	case *regressionState:
		kind, version = s.Kind, s.Version
	case *holtWintersState:
		kind, version = s.Kind, s.Version
	}
	if kind != what {
		return fieldErr("", "state", kind, fmt.Sprintf("not a %s state", what))
	}
	if version != stateVersion && version != oldStateVersion {
		return fieldErr("", "state", version, fmt.Sprintf("%s state version %d, this build reads %d and %d", what, version,
			oldStateVersion, stateVersion))
	}
	return nil
}
