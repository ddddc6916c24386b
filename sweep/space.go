package sweep

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// Space is the set of combinations of a sweep: the Cartesian product of its
// axes' values. Combination k is numbered like an odometer: the first axis
// varies slowest, the last fastest, so with axes of lengths n₀…n_{m−1}
// value index i_j = ⌊k / Π_{l>j} n_l⌋ mod n_j.
type Space struct {
	Axes []Axis
	n    int
}

// NewSpace checks axes (no path twice or overlapping another, e.g.
// battery.power_kw with battery.max_charge_kw, or pv.capacity_kwp with
// pv[Roof].capacity_kwp; at most [MaxCombinations] combinations) and
// returns their space. No axes make one combination: the park as given.
func NewSpace(axes ...Axis) (*Space, error) {
	n := 1
	for i, a := range axes {
		if len(a.Values) == 0 {
			return nil, &SpecError{Spec: a.Path.String(), Reason: "no values"}
		}
		for _, b := range axes[:i] {
			if a.Path == b.Path {
				return nil, &SpecError{Spec: a.Path.String(), Reason: "path given twice"}
			}
			if overlaps(a.Path, b.Path) {
				return nil, &SpecError{Spec: a.Path.String(), Reason: fmt.Sprintf("overlaps %s (both set the same field)", b.Path)}
			}
		}
		if n > MaxCombinations/len(a.Values) {
			// The count asked for, and the cap (QA N8, session 39: "more
			// than 1000000" said neither how many nor what to do).
			total, counts := 1.0, make([]string, len(axes))
			for j, b := range axes {
				total *= float64(max(len(b.Values), 1))
				counts[j] = strconv.Itoa(len(b.Values))
			}
			// Grouped, not in e-notation ("1.002e+06" hid the 2,001 over
			// the cap), while the float is exact.
			made := fmt.Sprintf("%.4g", total)
			if total < 1<<53 {
				made = results.Grouped(total, 0)
			}
			return nil, &SpecError{Spec: a.Path.String(), Reason: fmt.Sprintf("more than %s combinations in all: the axes' %s values make %s; "+
				"vary fewer values, or run the space as several sweeps", results.Grouped(MaxCombinations, 0), strings.Join(counts, " × "), made)}
		}
		n *= len(a.Values)
	}
	return &Space{Axes: axes, n: n}, nil
}

// Len is the number of combinations.
func (s *Space) Len() int { return s.n }

// Values returns the parameter values of combination k (0 ≤ k < Len).
func (s *Space) Values(k int) []float64 {
	v := make([]float64, len(s.Axes))
	for j := len(s.Axes) - 1; j >= 0; j-- {
		n := len(s.Axes[j].Values)
		v[j] = s.Axes[j].Values[k%n]
		k /= n
	}
	return v
}

// Combinations yields every combination in order with its values.
func (s *Space) Combinations() iter.Seq2[int, []float64] {
	return func(yield func(int, []float64) bool) {
		for k := 0; k < s.n; k++ {
			if !yield(k, s.Values(k)) {
				return
			}
		}
	}
}

// Check tells whether every path can be applied to park p: named assets
// exist and a kind with no assets is only given 0. The error is the first
// [*SpecError] found.
func (s *Space) Check(p *model.Park) error { return s.CheckStep(p, 0) }

// CheckStep is Check that also checks every varied horizon against the
// series' step (a whole number of steps, within dispatch's limit), so a
// sweep stops before its first scenario, not at the combination that
// holds the bad value. A step of 0 skips the horizon check.
func (s *Space) CheckStep(p *model.Park, step time.Duration) error { return s.CheckPeriod(p, step, 0) }

// CheckPeriod is CheckStep over a period of period steps: a horizon is
// capped at the period before dispatch's limit applies, as the dispatch
// caps it when it runs (dispatch.PeriodHorizonSteps), so a horizon longer
// than a short period is accepted here as by zeropark run. A period of 0
// caps nothing.
func (s *Space) CheckPeriod(p *model.Park, step time.Duration, period int) error {
	for _, a := range s.Axes {
		for _, v := range a.Values {
			cfg := dispatch.DefaultConfig()
			if err := Apply(clonePark(p), &cfg, []Axis{a}, []float64{v}); err != nil {
				return err
			}
			if step > 0 && a.Path.String() == "policy.horizon_h" {
				if _, err := dispatch.PeriodHorizonSteps(cfg.Horizon, step, period); err != nil {
					// A bad value of the specification (ErrSpec) that
					// dispatch refuses (ErrConfig): both match.
					return fmt.Errorf("%w: %s=%s: %w", ErrSpec, a.Path, results.FormatNumber(v), err)
				}
			}
		}
	}
	return nil
}

// Shard selects a deterministic share of the combinations: combination k
// belongs to shard k mod Count. The zero value is the whole sweep.
type Shard struct {
	Index, Count int
}

// Owns reports whether combination k belongs to the shard.
func (sh Shard) Owns(k int) bool {
	return sh.Count <= 1 || k%sh.Count == sh.Index
}

func (sh Shard) String() string {
	if sh.Count <= 1 {
		return "0/1"
	}
	return fmt.Sprintf("%d/%d", sh.Index, sh.Count)
}

// ShardIndexEnv is the variable "auto/n" reads: the completion index that
// a Kubernetes Indexed Job gives each of its pods.
const ShardIndexEnv = "JOB_COMPLETION_INDEX"

// ParseShard parses "i/n" (0 ≤ i < n) or "auto/n", which takes i from
// getenv([ShardIndexEnv]). Errors are [*SpecError].
func ParseShard(spec string, getenv func(string) string) (Shard, error) {
	bad := func(why string) (Shard, error) { return Shard{}, &SpecError{Spec: spec, Reason: why} }
	is, ns, ok := strings.Cut(strings.TrimSpace(spec), "/")
	if !ok {
		return bad("want i/n (0 ≤ i < n) or auto/n")
	}
	n, err := strconv.Atoi(ns)
	if err != nil || n < 1 {
		return bad(fmt.Sprintf("shard count %q must be a whole number ≥ 1", ns))
	}
	what := "shard index"
	if is == "auto" {
		what = "shard index from " + ShardIndexEnv // the user gave "auto", not the index
		if getenv == nil {
			return bad("auto needs the environment")
		}
		is = getenv(ShardIndexEnv)
		if is == "" {
			return bad(ShardIndexEnv + " is not set")
		}
	}
	i, err := strconv.Atoi(is)
	if err != nil || i < 0 || i >= n {
		return bad(fmt.Sprintf("%s %q must be a whole number in [0, %d)", what, is, n))
	}
	return Shard{Index: i, Count: n}, nil
}

// checkParks applies every combination of s to a copy of p and checks the
// park it makes (model.Park.Validate, the economics' bounds on the
// varied totals, and whole units where the economics give a unit size:
// plan.WholeUnits), so that a bad value stops a sweep before its results
// file is created or appended to, not at the combination that holds it.
// The first combination refused is named; the error unwraps to [ErrSpec]
// and model.ErrInvalid. It costs about 14 µs a combination on the
// texas2012 demo (BenchmarkCheckParks: 0.14 s for 10,000), against a
// dispatch's tens of milliseconds or more.
func (s *Space) checkParks(p *model.Park) error {
	horizon := slices.IndexFunc(s.Axes, func(a Axis) bool { return a.Path.String() == "policy.horizon_h" })
	var wholeUnits func(*model.Park) error
	if p.Economics != nil {
		// A row's capital is what it adds to the park file's park: in
		// whole units where the economics give a unit size, as
		// plan.CostOfAdding prices a design (refused, never rounded).
		// p's economics are resolved once, not per combination.
		var err error
		if wholeUnits, err = plan.WholeUnits(p); err != nil {
			return fmt.Errorf("%w: %w", ErrSpec, err)
		}
	}
	for k := range s.Len() {
		values := s.Values(k)
		if horizon >= 0 && values[horizon] != s.Axes[horizon].Values[0] {
			continue // the park of the first horizon's (CheckStep checks the horizons)
		}
		c := clonePark(p)
		cfg := dispatch.DefaultConfig()
		if err := Apply(c, &cfg, s.Axes, values); err != nil {
			return err
		}
		err := overBound(p, c)
		if err == nil {
			err = c.Validate()
		}
		if err == nil && wholeUnits != nil {
			err = wholeUnits(c)
		}
		if err != nil {
			return fmt.Errorf("%w: combination %d (%s): %w", ErrSpec, k, strings.Join(describeValues(s, values), ", "), err)
		}
	}
	return nil
}

// overBound checks a varied park c's totals, and its grid import limit
// where economics.grid_connection is given, against its economics' bounds
// (max_total_…, 0 meaning not a candidate), which the park file's totals
// met: the model's own check speaks of the park file's capacity "today",
// which a varied total is not. Where the connection is a candidate it
// also checks c's export limit against the connection (exportBound);
// today is the park file's park.
func overBound(today, c *model.Park) error {
	e := c.Economics
	if e == nil {
		return nil
	}
	t := c.Totals()
	var errs []error
	check := func(key string, bound, total float64, unit, what string) {
		if bound > 0 && bound < total*(1-1e-12) {
			errs = append(errs, placed(today, "economics."+key, &model.FieldError{Asset: "economics", Field: key, Value: bound,
				Reason: fmt.Sprintf("is below the varied park's %s, %s %s: lower the value or raise the bound in the park file", what, results.FormatNumber(total), unit)}))
		}
	}
	if e.PV != nil {
		check("pv.max_total_kwp", e.PV.MaxTotalKWp, t.PVKWp, "kWp", "total PV")
	}
	if e.Wind != nil {
		check("wind.max_total_kw", e.Wind.MaxTotalKW, t.WindKW, "kW", "total wind")
	}
	if e.Battery != nil {
		check("battery.max_total_kwh", e.Battery.MaxTotalKWh, t.BatteryKWh, "kWh", "total battery energy")
		check("battery.max_total_kw", e.Battery.MaxTotalKW, t.BatteryPowerKW, "kW", "total battery power")
	}
	// The heat paths' bounds too (review, 2026-12-04: a heat pump varied
	// above its bound got the model's "below the park's total … today").
	h := c.HeatTotals()
	if e.HeatPump != nil {
		check("heat_pump.max_total_kw_th", e.HeatPump.MaxTotalKWTh, h.HeatPumpKWTh, "kW_th", "total heat pump output")
	}
	if e.ThermalStorage != nil {
		check("thermal_storage.max_total_kwh_th", e.ThermalStorage.MaxTotalKWhTh, h.StorageKWhTh, "kWh_th", "total thermal storage")
	}
	if e.ElectricBoiler != nil {
		check("electric_boiler.max_total_kw_th", e.ElectricBoiler.MaxTotalKWTh, h.ElectricBoilerKWTh, "kW_th", "total electric boiler output")
	}
	if e.FuelBoiler != nil {
		check("fuel_boiler.max_total_kw_th", e.FuelBoiler.MaxTotalKWTh, h.FuelBoilerKWTh, "kW_th", "total fuel boiler output")
	}
	if g := e.GridConnection; g != nil && !math.IsInf(c.Grid.ImportLimitKW, 1) {
		// An unlimited one is the model's to refuse: no candidate may be.
		check("grid_connection.max_total_kw", g.MaxTotalKW, c.Grid.ImportLimitKW, "kW", "grid import limit")
		if err := exportBound(today, c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// exportBound refuses a varied park c's export limit that needs a larger
// grid connection than c has, where the connection is a candidate. The
// connection of c is S = max(c's import limit, today's): what the row
// pays for, since a varied import below today's caps today's connection
// and does not remove it. A connection carries its rating both ways (the
// rule by which the plan raises the export limit with it,
// model.Grid.RaisesExport), so c's export limit E may be up to S; or up
// to today's export limit, a limit the park file already has (an export
// limit of its own, which the plan leaves as it is: a smaller E only
// tightens it). E above both would export through a connection the row
// does not pay for: refused, in the varied park's terms, naming
// grid_connection.max_total_kw when E is beyond any connection the
// economics allow, else c's export limit.
func exportBound(today, c *model.Park) error {
	g := gridCandidate(c)
	if g == nil {
		return nil
	}
	e, e0 := c.Grid.ExportLimitKW, today.Grid.ExportLimitKW
	s := max(c.Grid.ImportLimitKW, today.Grid.ImportLimitKW)
	within := func(bound float64) bool { return e*(1-1e-12) <= bound }
	if within(s) || within(e0) {
		return nil
	}
	exp := results.FormatLimit(e) + " kW"
	if math.IsInf(e, 1) {
		exp = results.Unlimited
	}
	if !within(g.MaxTotalKW) {
		return placed(today, "economics.grid_connection.max_total_kw", &model.FieldError{Asset: "economics", Field: "grid_connection.max_total_kw", Value: g.MaxTotalKW,
			Reason: fmt.Sprintf("is below the varied park's grid export limit, %s: a grid connection carries its rating both ways, "+
				"and none this park may have carries that; lower the value or raise the bound in the park file", exp)})
	}
	return &model.FieldError{Asset: "grid", Field: "export_limit_kw", Value: e,
		Reason: fmt.Sprintf("is above the varied park's grid connection, %s kW (the larger of its import limit and today's, %s kW), "+
			"and above today's export limit, %s kW: a grid connection carries its rating both ways, so this export needs a connection "+
			"the row does not pay for; vary grid.import_limit_kw up to %s with it, or lower the value",
			results.FormatNumber(s), results.FormatNumber(today.Grid.ImportLimitKW), results.FormatLimit(e0), exp)}
}

// placed is e with the position of the key at path in the park file
// today was read from (model.Park.KeyPosition; none for a park built in
// Go), so that a bound the varied park breaks is named where it is
// written.
func placed(today *model.Park, path string, e *model.FieldError) *model.FieldError {
	e.File, e.Line, e.Col = today.KeyPosition(path)
	e.Path = path
	return e
}

// checkPolicy refuses a policy.horizon_h axis under a policy that looks
// ahead by no horizon (perfect foresight sees the whole period, grid and
// self no future at all): every row would be the same dispatch labelled
// with a look-ahead it did not use (QA, December 2026: exit 0, duplicate
// rows).
func (s *Space) checkPolicy(pol dispatch.Policy) error {
	if pol == dispatch.RollingHorizon || pol == dispatch.PerfectInformation {
		return nil
	}
	for _, a := range s.Axes {
		if a.Path.String() == "policy.horizon_h" {
			return &SpecError{Spec: a.Path.String(), Reason: fmt.Sprintf(
				"the rolling horizon's look-ahead, which --policy %s does not use (every row would be the same run): vary it with --policy %s or %s",
				pol, dispatch.RollingHorizon, dispatch.PerfectInformation)}
		}
	}
	return nil
}
