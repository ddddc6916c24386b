// Package serve runs a park's [live.Controller] behind an HTTP/JSON API
// (zeropark serve), durably: what it answers 2xx survives a crash.
//
// Endpoints ([Routes], described in openapi.json, served at
// GET /openapi.json): POST /measurements (live.DecodeMeasurements: one
// object or an array; every value checked by live.Controller.Measure, a
// refused batch answered 400 with every problem as the model's FieldError
// words it: asset, field, value, reason), POST /step (its times, as the
// measurements' start, RFC 3339 with a lower-case t and z read as T and Z:
// model.UnmarshalRFC3339JSON), GET /plan (the
// setpoints of the interval being executed and the plan behind them,
// encoded once per Step; for a park with heat the heat setpoints and heat
// plan too, [HeatPlan]), GET /ledger (dispatch.Report of the settled
// intervals kept, a rolling window, and where the period stands — its
// solve statistics those of this process's Steps, the quantiles over the
// last dispatch.SolveWindow of them — and since_start, the additive totals
// of every interval settled since the first start, which the window's
// trims do not lower, with the battery wear and the demand charge of each
// month's peak so far (live.SinceStart) — heat side included: a measured
// soc_kwh (or soc_percent, of the battery's energy_kwh) or
// heat_soc_kwh_th settles the battery's or thermal store's flows that
// reach it, and what their power limits cannot reach is
// report.energy_kwh.soc_correction or report.heat.store_correction_kwh_th,
// not losses; see live.Controller.Step), GET /healthz and GET /metrics
// (Prometheus text format, from a registry of the server's own; the
// Controller's counts per series and per battery and thermal store,
// zeropark_soc_*{store, kind}, are read at each scrape). In every
// answer a list or a map that holds nothing is [] or {}, never null
// (internal/nonull), as openapi.json types them. Errors
// are JSON {"error", "problems"}: 400 bad input, 401 no token, 403 a wrong
// one, 404, 405 (with Allow), 409 a Step out of order or too far ahead
// (below), 413 a body over
// Config.MaxBodyBytes, 415 a body that is not JSON (or is compressed:
// Content-Encoding), 500 a Step that failed (its error; nothing planned,
// GET /healthz failing until one succeeds), 503 no plan yet or a
// failed log. problems lists each value of a batch refused (index, asset,
// field, value, why); a body that does not decode as JSON has no values
// to list, and its error says where it fails (the byte offset) and why.
// Every refused request of a route (400 and above) is logged too, one
// line at WARN (ERROR for a 500): "refused a request" with the route,
// status, the error's first 300 characters, the number of problems and
// the client's address. A 503 from /healthz is not one: the log says
// once when the health leaves "ok" ("health is not ok", its status and
// reason) and once when it is ok again, however often a probe asks.
//
// Token: every endpoint that changes the park (the POSTs) needs the bearer
// token, always: Config.Token, else the one the server makes once and
// keeps in the state directory (mode 0600). Reads are open unless
// Config.AuthReads; /healthz always is.
//
// Durability: every change — a batch of measurements accepted, a Step —
// is appended to a write-ahead log under one small lock, in the order the
// Controller takes the changes, and the request waits for an fsync
// covering its record before it is answered.
// One fsync covers every record written before it began (group commit),
// so concurrent clients share them. Log lines carry a CRC-32: a last line
// cut short by a crash was never answered and is dropped; damage before
// good lines is refused ([ErrState]). Every Config.SnapshotEvery steps the
// Controller is saved (live.Controller.State, then State.Encode,
// atomically, with the sequence number it holds) and the log segments
// before it deleted; [Open]
// loads the snapshot and replays the log after it. A restart is logged
// ([OpRestart]) because the restarted solver starts cold and may break a
// tie between equally good plans another way: [Replay] restarts at the
// same records, so a replay of the log computes what the server did, bit
// for bit. A failed log write stops all changes (fail-stop, [ErrStopped]):
// restart the server once the disk is fixed.
//
// Measurements do not wait for a Step: a Step holds the Controller (its
// lock) while it solves, so a batch arriving meanwhile is checked without
// it (live.Controller.CheckAcross: only what the Controller accepts both
// before and after that Step, whatever its outcome), logged, answered
// ([MeasureResult.Queued], without the duplicate and late counts, known
// only at the merge) and merged the moment the Step ends, before anything
// else. The Step's record names the first record logged while it ran
// ([Record.Before]): the Step came before them, and [Replay] and a
// restart apply it there. A batch CheckAcross refuses waits for the Step
// and is checked again, so that its answer, word for word, is the one the
// Controller after the Step gives (a refused batch logs nothing). A
// snapshot holds the Controller the same way, only while it copies the
// state (a millisecond or two for a year of 15-minute history); it
// encodes and writes the copy (tens of ms) after letting go, while
// Steps and batches go on.
//
// Stepping ([Mode]): Clock (production) plans each interval
// Config.StepDelay after it starts by the wall clock ([Server.Run]);
// Measured plans interval k+1 when meter readings (loads, PV, wind, states
// of charge, heat loads, thermal stores' contents — not signals or heat
// pumps' temperatures, which may be sent ahead) of interval k (or later)
// arrive, for replays and tests that push a year of data without waiting;
// POST /step plans an interval in either mode, but not one
// Config.MaxStepAhead (a week by default, as far ahead as POST
// /measurements accepts values) or more past the next interval to plan
// (409 naming the time, the next and last planned intervals and the
// bound): every interval a step skips settles without a plan — the
// batteries idle, the last values held for all that was not measured.
// A step that skips intervals within the bound says how many
// (live.Decision.SkippedIntervals and StandIns, in GET /plan and the
// answer: POST /step's decision, and in the measured mode the POST
// /measurements answer of the batch that stepped, as MeasureResult's
// skipped_intervals, stand_ins and step_warnings, the decision's
// warnings that say why) and logs a warning. The clock mode's own steps are not bounded:
// after an outage the wall clock says what passed. In the measured mode
// a batch that is refused (400) steps nothing: its message names the
// interval that is therefore not planned, to be sent again without what
// was refused (or stepped with POST /step); left so, that interval
// settles without a plan like a skipped one. The clock mode refuses meter
// readings of an interval that starts after its clock (by more than
// [MaxClockSkew]): a sender stamping local time as UTC would otherwise
// fill the intervals hours later with them.
package serve
