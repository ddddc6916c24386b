package sweep

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// Sentinel errors of package sweep.
var (
	// ErrSpec: a --vary or --shard specification, or a parameter
	// path that does not fit the park, is invalid.
	ErrSpec = errors.New("sweep: invalid specification")
	// ErrFile: an existing sweep CSV does not fit (header, malformed row,
	// rows written by a sweep with other ranges, policy or park). It is
	// results.ErrFile, so one errors.Is covers the files package results
	// reads and the refusals of this package.
	ErrFile = results.ErrFile
	// ErrConflict: two results files hold different rows for the same
	// combination.
	ErrConflict = errors.New("sweep: conflicting rows")
)

// SpecError says which specification is wrong and why; it unwraps to
// [ErrSpec].
type SpecError struct {
	Spec   string // the text as given, e.g. "pv.capacity_kwp=5:1:1"
	Reason string
}

func (e *SpecError) Error() string {
	return fmt.Sprintf("sweep: %q: %s", e.Spec, e.Reason)
}

// Unwrap returns [ErrSpec].
func (e *SpecError) Unwrap() error { return ErrSpec }

// MaxCombinations bounds the number of combinations of one sweep.
const MaxCombinations = 1_000_000

// Path is a parameter path: Kind.Field applies to every asset of the kind,
// Kind[Asset].Field to the one asset with that name. See the package
// documentation for the list.
type Path struct {
	Kind  string // battery, pv, wind, load, grid or policy
	Asset string // "" for all assets of the kind
	Field string
}

func (p Path) String() string {
	if p.Asset != "" {
		return p.Kind + "[" + p.Asset + "]." + p.Field
	}
	return p.Kind + "." + p.Field
}

// domain is the set of values a field accepts.
type domain int

const (
	nonNeg      domain = iota // finite, ≥ 0 (capacities, powers, energies)
	positive                  // finite, > 0 (load scale, horizon)
	limit                     // ≥ 0, +Inf allowed (grid limits)
	noAssetPath               // marker: field takes no [Asset]
)

// fields lists the known kind → field → value domain.
var fields = map[string]map[string]domain{
	"battery": {"energy_kwh": nonNeg, "max_charge_kw": nonNeg, "max_discharge_kw": nonNeg, "power_kw": nonNeg},
	"pv":      {"capacity_kwp": nonNeg},
	"wind":    {"capacity_kw": nonNeg},
	"load":    {"scale": positive},
	"grid":    {"import_limit_kw": limit, "export_limit_kw": limit},
	"policy":  {"horizon_h": positive},
	// The heat side (QA, 2026-12-04: a heat park's planner could vary
	// no heat parameter, and load.scale left the heat loads as they were).
	"heat_pump":       {"capacity_kw_th": nonNeg},
	"electric_boiler": {"capacity_kw_th": nonNeg},
	"fuel_boiler":     {"capacity_kw_th": nonNeg},
	"thermal_storage": {"energy_kwh_th": nonNeg, "max_charge_kw_th": nonNeg, "max_discharge_kw_th": nonNeg},
	"heat_load":       {"scale": positive},
}

// Paths lists the kind-level parameter paths, in documentation order.
func Paths() []string {
	return []string{
		"battery.energy_kwh", "battery.max_charge_kw", "battery.max_discharge_kw", "battery.power_kw",
		"pv.capacity_kwp", "wind.capacity_kw", "load.scale",
		"grid.import_limit_kw", "grid.export_limit_kw", "policy.horizon_h",
		"heat_pump.capacity_kw_th", "electric_boiler.capacity_kw_th", "fuel_boiler.capacity_kw_th",
		"thermal_storage.energy_kwh_th", "thermal_storage.max_charge_kw_th", "thermal_storage.max_discharge_kw_th",
		"heat_load.scale",
	}
}

// ParsePath parses "kind.field" or "kind[Asset name].field".
func ParsePath(s string) (Path, error) {
	bad := func(why string) (Path, error) { return Path{}, &SpecError{Spec: s, Reason: why} }
	var p Path
	var rest string
	if i := strings.IndexByte(s, '['); i >= 0 {
		j := strings.LastIndex(s, "].")
		if j < i {
			return bad(`asset name must be written kind[Name].field`)
		}
		p.Kind, p.Asset, rest = s[:i], s[i+1:j], s[j+1:]
		if p.Asset == "" {
			return bad("empty asset name in []")
		}
	} else {
		k, f, ok := strings.Cut(s, ".")
		if !ok {
			return bad("want kind.field, e.g. pv.capacity_kwp (known: " + strings.Join(Paths(), ", ") + ")")
		}
		p.Kind, rest = k, "."+f
	}
	p.Field = strings.TrimPrefix(rest, ".")
	fs, ok := fields[p.Kind]
	if !ok {
		return bad(fmt.Sprintf("unknown kind %q (known: battery, pv, wind, load, grid, policy, heat_pump, electric_boiler, fuel_boiler, thermal_storage, heat_load)", p.Kind))
	}
	if _, ok := fs[p.Field]; !ok {
		known := make([]string, 0, len(fs))
		for f := range fs {
			known = append(known, p.Kind+"."+f)
		}
		slices.Sort(known)
		return bad(fmt.Sprintf("unknown field %q (known: %s)", p.Field, strings.Join(known, ", ")))
	}
	if p.Asset != "" && (p.Kind == "grid" || p.Kind == "policy") {
		return bad(p.Kind + " has no named assets: write " + p.Kind + "." + p.Field)
	}
	return p, nil
}

// Axis is one varied parameter and its values, in the order given.
type Axis struct {
	Path   Path
	Values []float64
}

// ParseVary parses one --vary specification "path=values", where values is
// either a range start:stop:step (start, start+step, … up to stop, and stop
// itself when it lands on the grid within a relative 1e-9) or a comma list
// a,b,c. Grid limits also accept "unlimited" (or "inf") in a list. Values
// are checked against the field's domain: capacities, powers and energies
// finite and ≥ 0, load.scale and policy.horizon_h finite and > 0. Errors
// are [*SpecError].
func ParseVary(spec string) (Axis, error) {
	bad := func(why string) (Axis, error) { return Axis{}, &SpecError{Spec: spec, Reason: why} }
	ps, vs, ok := strings.Cut(spec, "=")
	if !ok {
		return bad("want path=start:stop:step or path=a,b,c")
	}
	p, err := ParsePath(strings.TrimSpace(ps))
	if err != nil {
		var se *SpecError
		if errors.As(err, &se) {
			return bad(se.Reason)
		}
		return Axis{}, err
	}
	vs = strings.TrimSpace(vs)
	var vals []float64
	if strings.Contains(vs, ":") {
		vals, err = parseRange(vs)
	} else {
		vals, err = parseList(vs)
	}
	if err != nil {
		return bad(err.Error())
	}
	dom := fields[p.Kind][p.Field]
	seen := make(map[float64]bool, len(vals))
	for _, v := range vals {
		switch {
		case math.IsNaN(v):
			return bad("NaN is not a value")
		case math.IsInf(v, 0) && !(dom == limit && v > 0):
			return bad(fmt.Sprintf("%v: must be finite", v))
		case v < 0:
			return bad(fmt.Sprintf("%v: %s must be ≥ 0", v, p))
		case v == 0 && dom == positive:
			return bad(fmt.Sprintf("%v: %s must be > 0", v, p))
		case seen[v]:
			return bad(fmt.Sprintf("value %v listed twice", v))
		}
		seen[v] = true
	}
	return Axis{Path: p, Values: vals}, nil
}

// parseNumber reads a value and the number of decimals it was written with
// (-1 when written with an exponent or as a special value).
func parseNumber(s string) (float64, int, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case results.Unlimited, "inf", "+inf": // the word the results file writes
		return math.Inf(1), -1, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, 0, fmt.Errorf("%q is not a number", s)
	}
	if strings.ContainsAny(s, "eEnN") { // exponent, NaN, Inf
		return v, -1, nil
	}
	dec := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		dec = len(frac)
	}
	return v, dec, nil
}

func parseList(s string) ([]float64, error) {
	parts := strings.Split(s, ",")
	vals := make([]float64, 0, len(parts))
	for _, f := range parts {
		if strings.TrimSpace(f) == "" {
			return nil, errors.New("empty value in list")
		}
		v, _, err := parseNumber(f)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
	}
	return vals, nil
}

// parseRange expands start:stop:step. Values are start + i·step, rounded
// to the decimals the bounds were written with so that 0:1:0.1 gives 0.3,
// not 0.30000000000000004.
func parseRange(s string) ([]float64, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return nil, errors.New("a range is start:stop:step")
	}
	var v [3]float64
	dec := 0
	for i, f := range parts {
		x, d, err := parseNumber(f)
		if err != nil {
			return nil, err
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("range bound %q must be finite", strings.TrimSpace(f))
		}
		v[i] = x
		if d < 0 || dec < 0 {
			dec = -1
		} else {
			dec = max(dec, d)
		}
	}
	start, stop, step := v[0], v[1], v[2]
	switch {
	case step <= 0:
		return nil, fmt.Errorf("step %v must be > 0", step)
	case stop < start:
		return nil, fmt.Errorf("stop %v is below start %v", stop, start)
	}
	q := (stop - start) / step
	if q >= MaxCombinations {
		return nil, fmt.Errorf("range has more than %d values", MaxCombinations)
	}
	n := int(math.Floor(q+1e-9)) + 1
	tol := 1e-9 * math.Max(math.Abs(step), math.Abs(stop))
	vals := make([]float64, n)
	for i := range vals {
		x := start + float64(i)*step
		if dec >= 0 && dec <= 15 {
			if r, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', dec, 64), 64); err == nil {
				x = r
			}
		}
		vals[i] = x
	}
	if math.Abs(vals[n-1]-stop) <= tol {
		vals[n-1] = stop
	}
	return vals, nil
}

// overlaps reports whether two paths set the same number, so one sweep
// cannot hold both (their order would matter).
func overlaps(a, b Path) bool {
	if a.Kind != b.Kind {
		return false
	}
	fa, fb := a.Field, b.Field
	same := fa == fb ||
		(a.Kind == "battery" && (fa == "power_kw" && (fb == "max_charge_kw" || fb == "max_discharge_kw") ||
			fb == "power_kw" && (fa == "max_charge_kw" || fa == "max_discharge_kw")))
	return same && (a.Asset == "" || b.Asset == "" || a.Asset == b.Asset)
}

// targets returns pointers to the fields path sets in p (one per asset, in
// park order), or an error naming the missing asset.
func targets(p *model.Park, path Path) ([]*float64, error) {
	var out []*float64
	var names []string
	// each adds, for every asset of a kind, its name and, where the path
	// names it (or no asset), the field field gives (nil: not this path's).
	each := func(n int, name func(i int) string, field func(i int) *float64) {
		for i := range n {
			names = append(names, name(i))
			if path.Asset == "" || path.Asset == name(i) {
				if f := field(i); f != nil {
					out = append(out, f)
				}
			}
		}
	}
	switch path.Kind {
	case "battery":
		each(len(p.Batteries), func(i int) string { return p.Batteries[i].Name }, func(i int) *float64 {
			b := &p.Batteries[i]
			switch path.Field {
			case "energy_kwh":
				return &b.EnergyKWh
			case "max_charge_kw":
				return &b.MaxChargeKW
			case "max_discharge_kw":
				return &b.MaxDischargeKW
			}
			return nil // power_kw: Apply sets both
		})
	case "pv":
		each(len(p.PV), func(i int) string { return p.PV[i].Name }, func(i int) *float64 { return &p.PV[i].CapacityKWp })
	case "wind":
		each(len(p.Wind), func(i int) string { return p.Wind[i].Name }, func(i int) *float64 { return &p.Wind[i].CapacityKW })
	case "load":
		each(len(p.Loads), func(i int) string { return p.Loads[i].Name }, func(i int) *float64 { return &p.Loads[i].Scale })
	case "grid":
		if path.Field == "import_limit_kw" {
			out = append(out, &p.Grid.ImportLimitKW)
		} else {
			out = append(out, &p.Grid.ExportLimitKW)
		}
	case "heat_pump":
		each(len(p.HeatPumps), func(i int) string { return p.HeatPumps[i].Name }, func(i int) *float64 { return &p.HeatPumps[i].CapacityKWTh })
	case "electric_boiler":
		each(len(p.ElectricBoilers), func(i int) string { return p.ElectricBoilers[i].Name },
			func(i int) *float64 { return &p.ElectricBoilers[i].CapacityKWTh })
	case "fuel_boiler":
		each(len(p.FuelBoilers), func(i int) string { return p.FuelBoilers[i].Name }, func(i int) *float64 { return &p.FuelBoilers[i].CapacityKWTh })
	case "thermal_storage":
		each(len(p.ThermalStorage), func(i int) string { return p.ThermalStorage[i].Name }, func(i int) *float64 {
			ts := &p.ThermalStorage[i]
			switch path.Field {
			case "energy_kwh_th":
				return &ts.EnergyKWhTh
			case "max_charge_kw_th":
				return &ts.MaxChargeKWTh
			}
			return &ts.MaxDischargeKWTh
		})
	case "heat_load":
		each(len(p.HeatLoads), func(i int) string { return p.HeatLoads[i].Name }, func(i int) *float64 { return &p.HeatLoads[i].Scale })
	}
	if path.Asset != "" && len(names) > 0 && len(out) == 0 && path.Field != "power_kw" {
		return nil, fmt.Errorf("park has no %s named %s (have %s)", path.Kind, model.Quote(path.Asset), model.QuoteList(names))
	}
	if path.Asset != "" && len(names) == 0 {
		return nil, fmt.Errorf("park has no %s assets, so none named %q", path.Kind, path.Asset)
	}
	return out, nil
}

// setTotal sets the sum of *ts to total, split in proportion to their
// current values, or equally when those sum to 0.
func setTotal(ts []*float64, total float64) {
	sum := 0.0
	for _, t := range ts {
		sum += *t
	}
	for _, t := range ts {
		if sum > 0 {
			*t = total * (*t / sum)
		} else {
			*t = total / float64(len(ts))
		}
	}
}

// apply sets one parameter in p (and cfg for policy paths).
func apply(p *model.Park, cfg *dispatch.Config, path Path, v float64) error {
	switch {
	case path.Kind == "policy":
		cfg.Horizon = time.Duration(v * float64(time.Hour))
		return nil
	case path.Kind == "battery" && path.Field == "power_kw":
		for _, f := range []string{"max_charge_kw", "max_discharge_kw"} {
			if err := apply(p, cfg, Path{Kind: "battery", Asset: path.Asset, Field: f}, v); err != nil {
				return err
			}
		}
		return nil
	}
	ts, err := targets(p, path)
	if err != nil {
		return err
	}
	switch {
	case len(ts) == 0 && v != 0:
		return fmt.Errorf("park has no %s assets to give %s = %v", path.Kind, path, v)
	case path.Kind == "load" || path.Kind == "heat_load":
		// A multiplier on each load's own scale (0 in the park means 1).
		for _, t := range ts {
			if *t == 0 {
				*t = 1
			}
			*t *= v
		}
	case path.Kind == "grid":
		*ts[0] = v
	default:
		setTotal(ts, v)
	}
	return nil
}

// Apply sets the parameters of one combination (values[i] for axes[i]) in
// park p and dispatch config cfg, in place. Kind-level paths set the total
// over the kind's assets, split in proportion to their capacities in p (or
// equally if those are all 0); load.scale multiplies every load's scale;
// policy.horizon_h sets cfg.Horizon. Batteries left with 0 kWh are removed
// from p. Where the grid connection is a candidate and p's export limit
// equals its import limit, a varied import limit above p's raises the
// export limit with it, as the plan's design park does, unless the export
// limit is varied too ([ExportFollowsImport]). Errors are [*SpecError].
func Apply(p *model.Park, cfg *dispatch.Config, axes []Axis, values []float64) error {
	if len(values) != len(axes) {
		return &SpecError{Spec: fmt.Sprint(values), Reason: fmt.Sprintf("%d values for %d parameters", len(values), len(axes))}
	}
	follows, today := ExportFollowsImport(p, axes), p.Grid
	for i, a := range axes {
		if err := apply(p, cfg, a.Path, values[i]); err != nil {
			return &SpecError{Spec: a.Path.String() + "=" + results.FormatLimit(values[i]), Reason: err.Error()}
		}
	}
	if follows {
		// The plan's design park adds to the export limit what it adds to
		// the import limit (model.Grid.RaisesExport: the two are equal
		// today), never less than nothing: today's export plus
		// max(import − today's import, 0), which is max(import, today's
		// export) exactly — equal to the row's import when raised, as
		// the design park's two limits are.
		p.Grid.ExportLimitKW = max(p.Grid.ImportLimitKW, today.ExportLimitKW)
	}
	p.Batteries = slices.DeleteFunc(p.Batteries, func(b model.Battery) bool { return b.EnergyKWh == 0 })
	// A bound the row's totals leave less than a unit of room under is
	// closed to them, as a plan's design parks' are: left open, the
	// model reads the row's total as the park's today and refuses it,
	// "no whole unit fits", a whole row included (QA G, session 39).
	model.CloseWholeUnitRoom(p)
	return nil
}

// gridCandidate is the economics.grid_connection of park p where its
// max_total_kw makes the connection a candidate (the plan's TechGrid),
// else nil.
func gridCandidate(p *model.Park) *model.GridConnectionEconomics {
	if p.Economics == nil || p.Economics.GridConnection == nil || !(p.Economics.GridConnection.MaxTotalKW > 0) {
		return nil
	}
	return p.Economics.GridConnection
}

// ExportFollowsImport reports whether, in a sweep of axes on park p (the
// park file's), a varied import limit carries the export limit with it:
// the grid connection is a candidate (economics.grid_connection with
// max_total_kw > 0), p's export limit equals its finite import limit
// (model.Grid.RaisesExport: one rating carries both directions, the rule
// the plan raises both limits by), axes vary grid.import_limit_kw and do
// not vary grid.export_limit_kw (a value the user gives stands). Each row
// then runs with export limit max(import, p's export): raised with the
// connection as the plan's design park raises it; a varied import below
// p's is a cap on today's connection, which still carries today's export
// (the plan never takes capacity away).
func ExportFollowsImport(p *model.Park, axes []Axis) bool {
	if gridCandidate(p) == nil || !p.Grid.RaisesExport() {
		return false
	}
	imp, exp := false, false
	for _, a := range axes {
		if a.Path.Kind == "grid" {
			imp = imp || a.Path.Field == "import_limit_kw"
			exp = exp || a.Path.Field == "export_limit_kw"
		}
	}
	return imp && !exp
}

// clonePark copies p deeply enough that Apply on the copy never touches p:
// asset slices and the pointed-to weather, carbon and price settings.
func clonePark(p *model.Park) *model.Park {
	c := *p
	c.Loads = slices.Clone(p.Loads)
	c.PV = slices.Clone(p.PV)
	for i := range c.PV {
		if w := c.PV[i].Weather; w != nil {
			cw := *w
			c.PV[i].Weather = &cw
		}
	}
	c.Wind = slices.Clone(p.Wind)
	for i := range c.Wind {
		if w := c.Wind[i].Weather; w != nil {
			cw := *w
			cw.Curve = slices.Clone(w.Curve)
			c.Wind[i].Weather = &cw
		}
	}
	c.Batteries = slices.Clone(p.Batteries)
	// The heat side's assets, which the heat paths set.
	c.HeatLoads = slices.Clone(p.HeatLoads)
	c.HeatPumps = slices.Clone(p.HeatPumps)
	c.ElectricBoilers = slices.Clone(p.ElectricBoilers)
	c.FuelBoilers = slices.Clone(p.FuelBoilers)
	c.ThermalStorage = slices.Clone(p.ThermalStorage)
	if a := p.Grid.AccountingCarbon; a != nil {
		ca := *a
		c.Grid.AccountingCarbon = &ca
	}
	if pr := p.Grid.ImportPrice; pr != nil {
		cp := *pr
		c.Grid.ImportPrice = &cp
	}
	if pr := p.Grid.ExportPrice; pr != nil {
		cp := *pr
		c.Grid.ExportPrice = &cp
	}
	return &c
}
