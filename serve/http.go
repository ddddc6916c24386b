package serve

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/internal/nonull"
	"github.com/zeropark/zeropark/internal/textcol"
	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
)

// OpenAPI is the OpenAPI 3.1 document of the API (openapi.json), served
// at GET /openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte

// access is who may call a route.
type access int

const (
	// open: anyone (GET /healthz).
	open access = iota
	// read: anyone, or the token holder when Config.AuthReads is set.
	read
	// write: the token holder only: the route changes the park.
	write
)

// Route is one endpoint of the API.
type Route struct {
	Method, Path string
	// Changes says the route changes the park (it needs the token).
	Changes bool
	access  access
	handle  func(s *Server, w http.ResponseWriter, r *http.Request)
}

// Routes are the endpoints, in the order the OpenAPI document lists them:
// the one list the handler is built from.
func Routes() []Route {
	return []Route{
		{Method: http.MethodPost, Path: "/measurements", Changes: true, access: write, handle: (*Server).postMeasurements},
		{Method: http.MethodPost, Path: "/step", Changes: true, access: write, handle: (*Server).postStep},
		{Method: http.MethodGet, Path: "/plan", access: read, handle: (*Server).getPlan},
		{Method: http.MethodGet, Path: "/ledger", access: read, handle: (*Server).getLedger},
		{Method: http.MethodGet, Path: "/healthz", access: open, handle: (*Server).getHealth},
		{Method: http.MethodGet, Path: "/metrics", access: read, handle: (*Server).getMetrics},
		{Method: http.MethodGet, Path: "/openapi.json", access: read, handle: (*Server).getOpenAPI},
	}
}

// Handler is the HTTP API (net/http method patterns): the routes of
// [Routes], a JSON 405 (with Allow) for another method on their paths and
// a JSON 404 elsewhere.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	allow := map[string][]string{}
	var paths []string
	for _, rt := range Routes() {
		mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
		if _, ok := allow[rt.Path]; !ok {
			paths = append(paths, rt.Path)
		}
		allow[rt.Path] = append(allow[rt.Path], rt.Method)
		if rt.Method == http.MethodGet {
			allow[rt.Path] = append(allow[rt.Path], http.MethodHead)
		}
	}
	for _, p := range paths {
		methods := strings.Join(allow[p], ", ")
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", methods)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: method not allowed (allowed: %s)", r.Method, p, methods), nil)
		})
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s: no such endpoint (see /openapi.json)", model.Quote(r.URL.Path)), nil)
	})
	return mux
}

// NewHTTPServer is an http.Server for h on addr with timeouts that keep a
// slow or stuck client from holding a connection: 5 s for the headers, 60
// s for a whole request, 2 minutes idle; headers at most 64 KiB.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: 5 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
}

// wrap adds the access check and the request-latency metric to a route.
func (s *Server) wrap(rt Route) http.Handler {
	name := rt.Method + " " + rt.Path
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		began := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		if s.authorized(sw, r, rt.access) {
			rt.handle(s, sw, r)
		}
		s.m.requests.WithLabelValues(name, strconv.Itoa(sw.code)).Observe(time.Since(began).Seconds())
		if sw.code >= http.StatusBadRequest && rt.Path != "/healthz" { // getHealth logs a change of status
			// Said in the log too, not only to the client that was
			// refused: an integrator debugging a gateway reads the
			// server's log (QA E, session 39: 400s, 401s, 413s and a
			// slow client's cut request left no line).
			level := slog.LevelWarn
			if sw.code >= http.StatusInternalServerError && sw.code != http.StatusServiceUnavailable {
				level = slog.LevelError
			}
			s.cfg.Logger.Log(r.Context(), level, "refused a request", "route", name, "status", sw.code,
				"error", textcol.Clip(sw.msg, maxLoggedErrorChars), "problems", sw.problems, "remote", r.RemoteAddr)
		}
	})
}

// maxLoggedErrorChars is how many characters of a refusal's message the log
// keeps (a batch's message lists every refused value; the answer has
// them all).
const maxLoggedErrorChars = 300

// statusWriter remembers the status code written and, for an error
// answer, its message and how many problems it listed (for the log).
type statusWriter struct {
	http.ResponseWriter
	code     int
	msg      string
	problems int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// authorized checks the bearer token where the route needs it, answering
// 401 (none sent) or 403 (a wrong one) when it fails.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request, a access) bool {
	if a == open || (a == read && !s.cfg.AuthReads) {
		return true
	}
	h := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	switch {
	case h == "":
		w.Header().Set("WWW-Authenticate", `Bearer realm="zeropark"`)
		writeError(w, http.StatusUnauthorized, "this endpoint needs the bearer token: send Authorization: Bearer TOKEN", nil)
		return false
	case !strings.EqualFold(scheme, "Bearer"):
		w.Header().Set("WWW-Authenticate", `Bearer realm="zeropark", error="invalid_request"`)
		what := model.Quote(scheme)
		if tok == "" || len(scheme) > len("Bearer")+4 {
			// One word, or no scheme a header names: likely the token
			// itself, sent without "Bearer " — never echoed (QA, December
			// 2026: 60 of its 64 characters came back).
			what = "a value with no scheme (not shown)"
		}
		writeError(w, http.StatusUnauthorized, "Authorization: want the Bearer scheme (Authorization: Bearer TOKEN), not "+what, nil)
		return false
	case subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), s.token) != 1:
		writeError(w, http.StatusForbidden, "the bearer token is wrong", nil)
		return false
	}
	return true
}

// ErrorBody is the body of every error answer.
type ErrorBody struct {
	Error string `json:"error"`
	// Problems lists every refused value of a batch (400), each as the
	// park and series validation words it.
	Problems []Problem `json:"problems,omitempty"`
}

// Problem is one refused value: a [live.MeasurementError].
type Problem struct {
	// Index is the measurement's index in the batch; Start its interval.
	Index  int    `json:"index"`
	Start  string `json:"start,omitempty"`
	Asset  string `json:"asset"`
	Field  string `json:"field"`
	Value  any    `json:"value,omitempty"`
	Reason string `json:"reason"`
}

// writeJSON writes v as the answer, its lists [] and maps {} when they
// hold nothing, never null (package nonull), as openapi.json types them.
func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(nonull.Lists(v))
	if err != nil {
		code, body = http.StatusInternalServerError, []byte(`{"error":"encoding the answer failed"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(append(body, '\n'))
}

func writeError(w http.ResponseWriter, code int, msg string, problems []Problem) {
	if sw, ok := w.(*statusWriter); ok {
		sw.msg, sw.problems = msg, len(problems)
	}
	writeJSON(w, code, ErrorBody{Error: msg, Problems: problems})
}

// problems are the measurement errors err joins.
func problems(err error) []Problem {
	var out []Problem
	var walk func(error)
	walk = func(e error) {
		if me, ok := e.(*live.MeasurementError); ok {
			p := Problem{Index: me.Index, Asset: me.Err.Asset, Field: me.Err.Field, Value: jsonValue(me.Err.Value), Reason: me.Err.Reason}
			if !me.Start.IsZero() {
				p.Start = me.Start.Format(time.RFC3339)
			}
			out = append(out, p)
			return
		}
		switch j := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range j.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(j.Unwrap()) // a message added around the problems
		}
	}
	walk(err)
	return out
}

// jsonValue is v as JSON can hold it: a number that is not finite as its
// text.
func jsonValue(v any) any {
	if f, ok := v.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	if s, ok := v.(string); ok {
		// Cut as the message cuts it: a 7 MB asset name made a 7 MB answer
		// (QA, December 2026).
		return model.Echo(s)
	}
	return v
}

// checkJSONBody answers 415 for a body that says it is not JSON, or is
// compressed (EMS QA, 2026-12-05: a gzipped body was answered 400
// "offset 1: invalid character '\x1f'").
func checkJSONBody(w http.ResponseWriter, r *http.Request) bool {
	if ce := r.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Encoding %s: not supported: send the JSON uncompressed", model.Quote(ce)), nil)
		return false
	}
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return true
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return true
	}
	writeError(w, http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %s: send application/json", model.Quote(ct)), nil)
	return false
}

// bodyError answers a request body that could not be read or decoded.
func bodyError(w http.ResponseWriter, err error, limit int64) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		advice := "send the measurements in smaller batches"
		if limit == maxStepBody {
			advice = `POST /step takes {"at": "RFC 3339 time"} or no body` // not a batch (QA, December 2026)
		}
		writeError(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("the body is larger than %d bytes: %s", limit, advice), nil)
		return
	}
	if errors.Is(err, model.ErrInvalid) {
		writeError(w, http.StatusBadRequest, err.Error(), problems(err))
		return
	}
	writeError(w, http.StatusBadRequest, "reading the body: "+err.Error(), nil)
}

// changeError answers a change the server could not make.
func changeError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, ErrStopped):
		writeError(w, http.StatusServiceUnavailable, err.Error(), nil)
	case errors.Is(err, live.ErrNotNext), errors.Is(err, ErrStepAhead):
		writeError(w, http.StatusConflict, err.Error(), nil)
	case errors.Is(err, model.ErrInvalid):
		writeError(w, http.StatusBadRequest, err.Error(), problems(err))
	default:
		writeError(w, http.StatusInternalServerError, err.Error(), nil)
	}
}

// postMeasurements is POST /measurements.
func (s *Server) postMeasurements(w http.ResponseWriter, r *http.Request) {
	if !checkJSONBody(w, r) {
		return
	}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	ms, err := live.DecodeMeasurements(body)
	if err != nil {
		s.m.batches.WithLabelValues("rejected").Inc() // as a batch refused by its values is
		if s.cfg.Mode == Measured && errors.Is(err, model.ErrInvalid) {
			// As a batch refused by its values says (measureAndStep).
			err = fmt.Errorf("%w (measured mode: nothing was stepped; send the batch again without what was refused, or POST /step)", err)
		}
		bodyError(w, err, s.cfg.MaxBodyBytes)
		return
	}
	res, err := s.Measure(ms)
	if err != nil {
		changeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// stepRequest is the body of POST /step: at read by
// model.UnmarshalRFC3339JSON (a lower-case t and z too, RFC 3339 §5.6).
type stepRequest struct {
	At *model.RFC3339Time `json:"at"`
}

// at is the request's time, nil where it names none.
func (r stepRequest) at() *time.Time {
	if r.At == nil {
		return nil
	}
	return &r.At.Time
}

// decodeStepRequest reads POST /step's body: nothing (or blanks), or
// {"at": "RFC 3339 time"}; an unknown key, or more after the object, is
// an error.
func decodeStepRequest(data []byte) (stepRequest, error) {
	var req stepRequest
	if len(bytes.TrimSpace(data)) == 0 {
		return req, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("more after the JSON object")
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		// Not Go's layout string (QA, December 2026: `parsing time
		// "garbage" as "2006-01-02T15:04:05Z07:00"`).
		return stepRequest{}, fmt.Errorf("step: at = %s: not an RFC 3339 time with its UTC offset (e.g. 2024-03-04T00:15:00+01:00)", model.Quote(pe.Value))
	}
	if err != nil {
		return stepRequest{}, fmt.Errorf("step: want {\"at\": \"RFC 3339 time\"} or no body: %w", err)
	}
	return req, nil
}

// maxStepBody bounds POST /step's body.
const maxStepBody = 4 << 10

// postStep is POST /step: plan the interval at "at" (default: the next
// one in the measured mode, the clock's in the clock mode).
func (s *Server) postStep(w http.ResponseWriter, r *http.Request) {
	if !checkJSONBody(w, r) {
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxStepBody))
	if err != nil {
		bodyError(w, err, maxStepBody)
		return
	}
	req, err := decodeStepRequest(data)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error(), nil)
		return
	}
	if req.At == nil && s.cfg.Mode == Measured && !s.c.Next().IsZero() {
		// "The next interval", taken under the step lock: read before it,
		// two clients stepping at once both named the same one, and the
		// second was refused 409 for an interval it never named (QA,
		// December 2026).
		o, err := s.stepNext()
		s.serveStep(w, r, o, err)
		return
	}
	at, problem := s.stepTarget(req.at())
	if problem != "" {
		v, what := "", "step: no \"at\": "
		if req.At != nil {
			v = req.At.Format(time.RFC3339)
			what = "step: at = " + v + ": "
		}
		writeError(w, http.StatusBadRequest, what+problem, []Problem{{Asset: "step", Field: "at", Value: v, Reason: problem}})
		return
	}
	if problem := s.notStarted(at); problem != "" {
		v := at.Format(time.RFC3339)
		writeError(w, http.StatusConflict, "step: at = "+v+": "+problem, []Problem{{Asset: "step", Field: "at", Value: v, Reason: problem}})
		return
	}
	if problem := s.tooFarAhead(at); problem != "" {
		v := at.Format(time.RFC3339)
		writeError(w, http.StatusConflict, "step: at = "+v+": "+problem, []Problem{{Asset: "step", Field: "at", Value: v, Reason: problem}})
		return
	}
	o, err := s.stepTo(func() (time.Time, error) { return at, nil })
	s.serveStep(w, r, o, err)
}

// serveStep answers a POST /step with the plan of the step it made, as
// publish encoded it for GET /plan: not the latest plan, which another
// client's step may have made since, and not encoded a second time.
func (s *Server) serveStep(w http.ResponseWriter, r *http.Request, o *stepOutcome, err error) {
	if err == nil {
		err = o.err
	}
	if err != nil {
		changeError(w, err)
		return
	}
	if o.plan == nil {
		s.getPlan(w, r)
		return
	}
	serveEncoded(w, r, o.plan)
}

// tooFarAhead says why POST /step may not plan at, Config.MaxStepAhead or
// more past the next interval to plan ("" when it may, and before the
// first step, which settles nothing).
func (s *Server) tooFarAhead(at time.Time) string {
	next, bound := s.c.Next(), s.cfg.MaxStepAhead
	if next.IsZero() || bound < 0 || at.Before(next.Add(bound)) {
		return ""
	}
	step := s.cfg.Live.Step
	return fmt.Sprintf("%d intervals past the next one to plan, %s (the last planned: %s); a step may skip less than %v (--max-step-ahead), "+
		"because every interval it skips settles without a plan, the batteries idle and the last values held for all not measured: "+
		"step to the next interval, or to each interval in turn", at.Sub(next)/step, next.Format(time.RFC3339), next.Add(-step).Format(time.RFC3339), bound)
}

// stepTarget is the interval POST /step plans, or why at cannot be.
func (s *Server) stepTarget(at *time.Time) (time.Time, string) {
	start, step := s.startOf(), s.cfg.Live.Step
	if at == nil {
		if s.cfg.Mode == Clock {
			return s.clockInterval(s.cfg.Now()), ""
		}
		if next := s.c.Next(); !next.IsZero() {
			return next, ""
		}
		return time.Time{}, "nothing was planned yet: say which interval to plan first"
	}
	d := at.Sub(start)
	if d < 0 {
		return time.Time{}, fmt.Sprintf("before the Controller's start %s", start.Format(time.RFC3339))
	}
	if d >= live.MaxSpan {
		return time.Time{}, fmt.Sprintf("%.0f years or more after the Controller's start %s: a wrong year?", live.MaxSpan.Hours()/24/365, start.Format(time.RFC3339))
	}
	if d%step != 0 {
		return time.Time{}, fmt.Sprintf("not on the Controller's grid (%s + k × %v)", start.Format(time.RFC3339), step)
	}
	return *at, ""
}

// getPlan is GET /plan: the body built at the last Step.
func (s *Server) getPlan(w http.ResponseWriter, r *http.Request) {
	p := s.plan.Load()
	if p == nil {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(s.cfg.Live.Step.Seconds()))))
		writeError(w, http.StatusServiceUnavailable, "no plan yet: the Controller has not stepped", nil)
		return
	}
	serveEncoded(w, r, p)
}

// noneMatch reports whether If-None-Match header values hold etag as RFC
// 9110 compares them there: "*", or a comma-separated list of tags
// compared weakly (a W/ prefix ignored). EMS QA, 2026-12-04: only the
// exact string matched, so a weak tag, a list or * got 200.
func noneMatch(values []string, etag string) bool {
	for _, v := range values {
		for _, tag := range strings.Split(v, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
				return true
			}
		}
	}
	return false
}

// serveEncoded writes a pre-encoded body, or 304 when the client has it.
func serveEncoded(w http.ResponseWriter, r *http.Request, e *encoded) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", e.etag)
	if noneMatch(r.Header.Values("If-None-Match"), e.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(e.body)
	}
}

// getLedger is GET /ledger.
func (s *Server) getLedger(w http.ResponseWriter, r *http.Request) {
	l := s.ledger()
	if l.err != nil {
		writeError(w, http.StatusInternalServerError, l.err.Error(), nil)
		return
	}
	serveEncoded(w, r, l.body)
}

// getHealth is GET /healthz: 200 when the server steps and logs, 503 when
// it has stalled, its last Step failed or its log did.
func (s *Server) getHealth(w http.ResponseWriter, r *http.Request) {
	h, ok := s.health()
	code := http.StatusOK
	if !ok {
		code = http.StatusServiceUnavailable
	}
	// The log says when the status changes, once, not at each probe: a
	// stall under a probe every 10 s wrote a "refused a request" line
	// every 10 s, with no error (review R, session 39).
	said := h.Status // not the error: a stalled clock's names the time
	if prev := s.healthSaid.Swap(&said); (prev == nil && !ok) || (prev != nil && *prev != said) {
		if ok {
			s.cfg.Logger.Info("health is ok again", "route", "GET /healthz")
		} else {
			s.cfg.Logger.Warn("health is not ok", "route", "GET /healthz", "status", code, "health", h.Status, "error", textcol.Clip(h.Error, maxLoggedErrorChars))
		}
	}
	writeJSON(w, code, h)
}

// getMetrics is GET /metrics, the Prometheus text format.
func (s *Server) getMetrics(w http.ResponseWriter, r *http.Request) {
	s.m.handler.ServeHTTP(w, r)
}

// getOpenAPI is GET /openapi.json.
func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(OpenAPI)
}
