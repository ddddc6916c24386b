package serve

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/zeropark/zeropark/live"
)

// Sentinel errors of package serve.
var (
	// ErrConfig: a Config field is out of range.
	ErrConfig = errors.New("serve: invalid config")
	// ErrState: the state directory holds a damaged snapshot or log, or
	// one the Controller cannot replay.
	ErrState = errors.New("serve: bad state directory")
	// ErrStopped: a write to the log failed, so the server refuses every
	// change from then on (fail-stop: what is in memory may no longer be
	// on disk); restart it once the disk is fixed.
	ErrStopped = errors.New("serve: stopped after a write failure")
	// ErrStepAhead: a batch's meter readings (the measured mode) would
	// step Config.MaxStepAhead or more past the next interval to plan, as
	// POST /step may not; nothing of the batch is merged.
	ErrStepAhead = errors.New("serve: a step too far ahead")
)

// Mode says who steps the Controller.
type Mode string

const (
	// Clock steps on the wall clock: StepDelay after each interval starts
	// (the production mode).
	Clock Mode = "clock"
	// Measured steps when the meters report: a batch with meter readings
	// (load_kw, pv_available_kw, wind_available_kw or soc_kwh) of the
	// interval being executed (or a later one) steps to the interval after
	// the last one it measures; POST /step steps too. For replays and
	// tests: a year of data goes through without waiting for the clock.
	Measured Mode = "measured"
)

// Modes are the stepping modes, in the order --help lists them.
func Modes() []Mode { return []Mode{Clock, Measured} }

// Defaults of [Config].
const (
	// DefaultMaxBodyBytes bounds a request body: a day of one-minute
	// measurements of a park of a dozen assets, with room to spare.
	DefaultMaxBodyBytes = 8 << 20
	// DefaultSnapshotEvery is how many steps pass between snapshots (a day
	// at 15-minute steps): replaying the log since the last one at a
	// restart takes a few ms a step.
	DefaultSnapshotEvery = 96
	// DefaultStepDelay is how long after an interval starts the clock
	// mode plans it: time for the meters of the interval that ended to
	// report, so that its settlement and the forecasts see them.
	DefaultStepDelay = 10 * time.Second
	// DefaultMaxStepAhead is how far past the next interval to plan
	// POST /step may go: a week, as far ahead as POST /measurements
	// accepts values at least (live.MinMeasureAhead). Every interval a
	// step skips settles without a plan.
	DefaultMaxStepAhead = live.MinMeasureAhead
	// MinTokenBytes is the shortest bearer token accepted.
	MinTokenBytes = 16
)

// Config sets up a [Server]. [DefaultConfig] fills the defaults.
type Config struct {
	// Live is the Controller's configuration. Its Start is used when the
	// state directory is new; a saved state keeps the start it was made
	// with. End must be zero (a server runs open-ended).
	Live live.Config
	// StateDir holds the snapshot, the log and the token (made if missing,
	// mode 0700). One server at a time: it is locked.
	StateDir string
	// Token is the bearer token every request that changes the park must
	// carry (Authorization: Bearer TOKEN); at least MinTokenBytes of
	// visible ASCII. Empty: the token saved in StateDir/token, made (32
	// random bytes, hex) the first time. No endpoint changes the park
	// without a token.
	Token string
	// AuthReads asks for the token on the reading endpoints too (/plan,
	// /ledger, /metrics, /openapi.json); /healthz stays open for probes.
	AuthReads bool
	// Mode says who steps (Clock by default).
	Mode Mode
	// StepDelay is how long after an interval starts the clock mode plans
	// it (Clock only; ≥ 0 and below the step).
	StepDelay time.Duration
	// SnapshotEvery is how many steps pass between snapshots of the
	// Controller (the log is trimmed after each); 0 means
	// DefaultSnapshotEvery, < 0 never (only when the state is made and at
	// Close: the log then keeps every change).
	SnapshotEvery int
	// MaxStepAhead bounds POST /step, and in the measured mode the step a
	// batch's meter readings make: a step at or beyond MaxStepAhead past
	// the next interval to plan is refused (409, ErrStepAhead for a
	// batch, nothing merged), because every interval it skips settles
	// without a plan — the batteries idle and the last values held for
	// all that was not measured. 0 means DefaultMaxStepAhead, < 0 no
	// bound. The clock mode's own steps are not bounded: after an outage
	// the wall clock says what passed.
	MaxStepAhead time.Duration
	// MaxBodyBytes bounds a request body (413 beyond); 0 means
	// DefaultMaxBodyBytes; at most live.MaxMeasurementBytes.
	MaxBodyBytes int64
	// StallAfter is how old the last step may be before /healthz answers
	// 503 in the clock mode; 0 means two steps and the delay.
	StallAfter time.Duration
	// Seed is measured history for a new state directory (the --series
	// file), ignored when a state is loaded.
	Seed []live.Measurement
	// Logger receives what the server does (nil: slog.Default()).
	Logger *slog.Logger
	// Now is the clock (nil: time.Now); tests set it.
	Now func() time.Time
}

// DefaultConfig is the configuration of a server in the clock mode for
// the Controller configuration lc, keeping its state in dir.
func DefaultConfig(lc live.Config, dir string) Config {
	return Config{Live: lc, StateDir: dir, Mode: Clock, StepDelay: DefaultStepDelay}
}

// Validate reports every problem of c, joined; each unwraps to ErrConfig.
func (c Config) Validate() error {
	var errs []error
	bad := func(field string, v any, reason string) {
		errs = append(errs, fmt.Errorf("%w: %s = %v: %s", ErrConfig, field, v, reason))
	}
	if err := c.Live.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("%w: Live: %w", ErrConfig, err))
	}
	if !c.Live.End.IsZero() {
		bad("Live.End", c.Live.End.Format(time.RFC3339), "a server runs open-ended: leave it zero")
	}
	if c.StateDir == "" {
		bad("StateDir", `""`, "name the directory that keeps the state")
	}
	if c.Token != "" {
		if why := tokenProblem(c.Token); why != "" {
			bad("Token", "(hidden)", why)
		}
	}
	switch c.Mode {
	case Clock, Measured:
	default:
		bad("Mode", fmt.Sprintf("%q", c.Mode), "want clock or measured")
	}
	if c.StepDelay < 0 || (c.Live.Step > 0 && c.StepDelay >= c.Live.Step) {
		bad("StepDelay", c.StepDelay, "must be ≥ 0 and shorter than the step")
	}
	if c.MaxBodyBytes < 0 || c.MaxBodyBytes > live.MaxMeasurementBytes {
		bad("MaxBodyBytes", c.MaxBodyBytes, fmt.Sprintf("must be in [0, %d] (0: the default)", live.MaxMeasurementBytes))
	}
	if c.MaxStepAhead > 0 && c.MaxStepAhead < c.Live.Step {
		bad("MaxStepAhead", c.MaxStepAhead, "must be at least the step (0: a week; < 0: no bound)")
	}
	if c.StallAfter < 0 {
		bad("StallAfter", c.StallAfter, "must be ≥ 0 (0: two steps and the delay)")
	}
	return errors.Join(errs...)
}

// tokenProblem says why tok cannot be a bearer token ("" when it can).
func tokenProblem(tok string) string {
	if len(tok) < MinTokenBytes {
		return fmt.Sprintf("%d bytes: want at least %d", len(tok), MinTokenBytes)
	}
	if i := strings.IndexFunc(tok, func(r rune) bool { return r <= ' ' || r > '~' }); i >= 0 {
		return fmt.Sprintf("byte %d is not visible ASCII (a space or a line break copied with it?)", i)
	}
	return ""
}

// withDefaults fills the zero fields that have defaults.
func (c Config) withDefaults() Config {
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.SnapshotEvery == 0 {
		c.SnapshotEvery = DefaultSnapshotEvery
	}
	if c.MaxStepAhead == 0 {
		c.MaxStepAhead = DefaultMaxStepAhead
	}
	if c.StallAfter == 0 {
		c.StallAfter = 2*c.Live.Step + c.StepDelay
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}
