package dispatch

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// Policy names a way of dispatching a period: the name the command line
// (--policy), run outputs (summary.json "policy") and sweep files use.
type Policy string

// The policies zeropark compares, in report order. Three of them plan with
// the LP, and two of those have "perfect" in their description; each name
// says which perfection it means:
//
//   - RollingHorizon ("mpc") re-plans every interval over the next
//     Config.Horizon from forecasts made by cfg.Forecasts, commits the
//     first interval and settles it against the actual data ([Run]).
//   - PerfectInformation ("mpc-perfect") is the same controller planning
//     on the actual series instead of forecasts ([Run] with a nil
//     cfg.Forecasts): what forecasting costs is mpc minus mpc-perfect.
//   - Perfect ("perfect") is perfect foresight: one LP over the whole
//     period ([PerfectForesight]), the lower bound of every policy; what
//     the finite horizon costs is mpc-perfect minus perfect. Unless it was
//     settled (SolveStats.SettledIntervals > 0, a CHP's electricity with
//     nowhere to go): it is then a feasible plan, not the bound, and the
//     difference is no cost ([CarbonGap]).
//
// The other two are the baselines: GridOnlyPolicy ("grid", [GridOnly])
// and SelfConsumptionPolicy ("self", [SelfConsumption]).
const (
	GridOnlyPolicy        Policy = "grid"
	SelfConsumptionPolicy Policy = "self"
	RollingHorizon        Policy = "mpc"
	PerfectInformation    Policy = "mpc-perfect"
	Perfect               Policy = "perfect"
)

// PolicyInfo is one entry of a [Catalogue]: everything a caller needs to
// parse, run and show a policy.
type PolicyInfo struct {
	// Name is the policy's name on the command line and in files.
	Name Policy
	// Title is its name in reports and figures ("rolling horizon").
	Title string
	// UsesForecasts is set when the policy plans with forecasts: its
	// runner needs cfg.Forecasts, which only the caller can make (from
	// package forecast; scenario.Scenario.Run does it), and refuses a nil
	// one with ErrConfig rather than plan on perfect information.
	UsesForecasts bool
	// Run dispatches a period under the policy (see [Run] for the
	// contract every runner keeps: profiles checked, errors unwrapping to
	// ErrInput, ErrConfig, ErrTooLarge or ErrMemory).
	Run func(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error)
}

// Catalogue is a list of policies in the order reports show them. The one
// zeropark uses is [Policies]; a caller adds a policy by appending an
// entry, and everything that takes a catalogue (parsing, titles, running,
// scenario comparisons) picks it up.
type Catalogue []PolicyInfo

// Policies is the standard catalogue, in report order: grid-only,
// self-consumption, the rolling horizon with forecasts, the rolling
// horizon with perfect information, and perfect foresight. Each call
// returns a fresh slice, so appending to it changes no one else's.
func Policies() Catalogue {
	return Catalogue{
		{Name: GridOnlyPolicy, Title: "grid-only", Run: GridOnly},
		{Name: SelfConsumptionPolicy, Title: "self-consumption", Run: SelfConsumption},
		{Name: RollingHorizon, Title: "rolling horizon", UsesForecasts: true, Run: runWithForecasts},
		{Name: PerfectInformation, Title: "rolling, perfect info", Run: runPerfectInformation},
		{Name: Perfect, Title: "perfect foresight", Run: PerfectForesight},
	}
}

// runWithForecasts is the rolling horizon planning with cfg.Forecasts; a
// nil set would silently be perfect information, so it is refused.
func runWithForecasts(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	if cfg.Forecasts == nil {
		return nil, fmt.Errorf("%w: policy %q plans with forecasts and Config.Forecasts is nil: "+
			"set it (package forecast's DefaultSet, as scenario.Scenario.Run does), or run %q for the rolling horizon on the actual series",
			ErrConfig, RollingHorizon, PerfectInformation)
	}
	return Run(p, prof, cfg)
}

// runPerfectInformation is the rolling horizon on the actual series.
func runPerfectInformation(p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	cfg.Forecasts = nil
	return named(PerfectInformation)(Run(p, prof, cfg))
}

// named returns a function that labels a result with policy pol.
func named(pol Policy) func(*Result, error) (*Result, error) {
	return func(r *Result, err error) (*Result, error) {
		if r != nil {
			r.Policy, r.Report.Policy = pol, pol
		}
		return r, err
	}
}

// Lookup returns the entry named pol.
func (c Catalogue) Lookup(pol Policy) (PolicyInfo, bool) {
	for _, e := range c {
		if e.Name == pol {
			return e, true
		}
	}
	return PolicyInfo{}, false
}

// Names lists the policies' names in catalogue order.
func (c Catalogue) Names() []Policy {
	out := make([]Policy, len(c))
	for i, e := range c {
		out[i] = e.Name
	}
	return out
}

// Title is pol's title in reports and figures; a policy not in c keeps
// its name.
func (c Catalogue) Title(pol Policy) string {
	if e, ok := c.Lookup(pol); ok {
		return e.Title
	}
	return string(pol)
}

// Parse accepts the name of a policy in c; any other is ErrConfig, listing
// the names it accepts.
func (c Catalogue) Parse(name string) (Policy, error) {
	if e, ok := c.Lookup(Policy(name)); ok {
		return e.Name, nil
	}
	return "", c.unknown(Policy(name))
}

func (c Catalogue) unknown(pol Policy) error {
	return fmt.Errorf("%w: unknown policy %q (want %s)", ErrConfig, pol, c.namesText())
}

// namesText lists the names for messages and help: "grid, self, mpc,
// mpc-perfect or perfect".
func (c Catalogue) namesText() string {
	names := make([]string, len(c))
	for i, e := range c {
		names[i] = string(e.Name)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Run dispatches prof under policy pol of c. The result (and its report)
// is labelled pol whatever the runner set. An unknown policy is
// ErrConfig; so is a policy that plans with forecasts run with a nil
// cfg.Forecasts.
func (c Catalogue) Run(pol Policy, p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	e, ok := c.Lookup(pol)
	if !ok {
		return nil, c.unknown(pol)
	}
	if e.Run == nil {
		return nil, fmt.Errorf("%w: policy %q has no runner", ErrConfig, pol)
	}
	return named(pol)(e.Run(p, prof, cfg))
}

// Validate reports every malformed entry of c: an empty or repeated name,
// an empty title, a missing runner.
func (c Catalogue) Validate() error {
	var errs []error
	seen := map[Policy]bool{}
	for i, e := range c {
		bad := func(why string) {
			errs = append(errs, fmt.Errorf("%w: policy catalogue entry %d (%q): %s", ErrConfig, i, e.Name, why))
		}
		switch {
		case e.Name == "":
			bad("empty name")
		case seen[e.Name]:
			bad("name listed twice")
		}
		seen[e.Name] = true
		if e.Title == "" {
			bad("empty title")
		}
		if e.Run == nil {
			bad("no runner")
		}
	}
	return errors.Join(errs...)
}

// RunPolicy dispatches prof under the named policy of the standard
// catalogue ([Policies]): Policies().Run(pol, p, prof, cfg).
func RunPolicy(pol Policy, p *model.Park, prof *model.Profiles, cfg Config) (*Result, error) {
	return Policies().Run(pol, p, prof, cfg)
}
