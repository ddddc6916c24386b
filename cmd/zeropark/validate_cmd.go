package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zeropark/zeropark/forecast/physics"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/scenario"
)

// validateCmd is `zeropark validate`.
var validateCmd = &command{
	name:    "validate",
	summary: "check a park file and its series file; print every problem found",
	run:     runValidate,
}

func runValidate(e *env, args []string) error {
	var parkPath, seriesPath string
	f := newFlagSet(e, "validate", "zeropark validate --park FILE [--series FILE]", `
Reads the park JSON file and the series CSV file, checks the park on its
own and against the series (every referenced column present, values finite
and plausible), derives the weather-driven PV and wind availability, and
prints every problem found, one per line, naming file, line, asset, field
and value. Exits with 2 if there is any problem; otherwise prints "ok:" and
a summary of the park and exits with 0. With --series alone, only the
series file is checked.`)
	f.StringVar(&parkPath, "park", "", "park JSON `FILE`")
	f.StringVar(&seriesPath, "series", "", "series CSV `FILE`")
	if err := f.parse(args); err != nil {
		return err
	}
	if parkPath == "" && seriesPath == "" {
		f.usage(e.stderr)
		return badInputf("give --park FILE and --series FILE")
	}

	var (
		problems []string
		p        *model.Park
		set      *model.SeriesSet
	)
	add := func(file string, err error) {
		for _, leaf := range leaves(scenario.NameFiles(err, parkPath, seriesPath)) {
			problems = append(problems, withFile(leaf, file))
		}
	}
	if parkPath != "" {
		if err := inputFileProblem("--park", parkPath); err != nil {
			add("", err)
		} else {
			var err error
			if p, err = model.LoadPark(parkPath); err != nil {
				add(parkPath, err)
			}
		}
	}
	if seriesPath != "" {
		if err := inputFileProblem("--series", seriesPath); err != nil {
			add("", err)
		} else {
			var err error
			if set, err = model.LoadSeries(seriesPath); err != nil {
				add(seriesPath, err)
			}
		}
	}
	switch {
	case p != nil && set != nil:
		add("", p.ValidateWith(set))
		if p.Validate() == nil {
			// Weather-model problems; a missing weather column was
			// reported by ValidateWith already.
			for _, leaf := range leaves(physics.Derive(p, set)) {
				if errors.Is(leaf, model.ErrNoColumn) {
					continue
				}
				add("", leaf)
			}
		}
		if len(problems) == 0 {
			// Checks the derived availability columns too.
			_, err := model.Resolve(p, set)
			add("", err)
		}
	case p != nil && seriesPath == "":
		add(parkPath, p.Validate())
	case set != nil && parkPath == "":
		add(seriesPath, set.Validate())
	}
	if len(problems) > 0 {
		for _, s := range problems {
			fmt.Fprintln(e.stdout, s)
		}
		noun := "problems"
		if len(problems) == 1 {
			noun = "problem"
		}
		return badInputf("%d %s found", len(problems), noun)
	}
	fmt.Fprintf(e.stdout, "ok: %s\n", describePark(p, set))
	return nil
}

// leaves splits joined errors into their parts (one problem each). Typed
// errors that unwrap to several errors (ParseError: the sentinel and the
// cause) are one problem and are not split.
func leaves(err error) []error {
	if err == nil {
		return nil
	}
	switch err.(type) {
	case *scenario.FileError, *model.FieldError, *model.ParseError, *model.JSONError, *physics.InputError:
		return []error{err}
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, leaves(e)...)
		}
		return out
	}
	return []error{err}
}

// withFile is one problem's line, starting with the file it is about:
// problems placed by scenario.NameFiles and parse errors name their file;
// others get def ("" for none). Package prefixes ("model: ") are dropped:
// they add nothing for a user.
func withFile(err error, def string) string {
	var (
		named *scenario.FileError
		pe    *model.ParseError
		je    *model.JSONError
		fe    *model.FieldError
	)
	if errors.As(err, &named) {
		return err.Error()
	}
	msg := strings.TrimPrefix(strings.TrimPrefix(err.Error(), "model: "), "forecast: ")
	if def == "" || errors.As(err, &pe) && pe.File != "" || errors.As(err, &je) && je.File != "" ||
		errors.As(err, &fe) && fe.File != "" {
		return msg
	}
	return def + ": " + msg
}

// describePark summarises a valid park and series in one line.
func describePark(p *model.Park, set *model.SeriesSet) string {
	var parts []string
	if p != nil {
		tot := p.Totals()
		limit := func(v float64) string {
			if math.IsInf(v, 1) {
				return "unlimited"
			}
			return fmt.Sprintf("%g kW", v)
		}
		parts = append(parts, fmt.Sprintf("park %q: %d loads, %d PV arrays (%g kWp), %d wind turbines (%g kW), %d batteries (%g kWh, %g kW), grid import %s, export %s",
			p.Name, len(p.Loads), len(p.PV), tot.PVKWp, len(p.Wind), tot.WindKW, len(p.Batteries), tot.BatteryKWh, tot.BatteryDischargeKW,
			limit(p.Grid.ImportLimitKW), limit(p.Grid.ExportLimitKW)))
	}
	if set != nil {
		cols := 0
		for _, n := range set.Names {
			if !strings.HasPrefix(n, "derived:") { // added by physics.Derive
				cols++
			}
		}
		parts = append(parts, fmt.Sprintf("series: %d intervals of %v from %s, %d columns",
			set.Len, set.Step, set.Start.Format(time.RFC3339), cols))
	}
	return strings.Join(parts, "; ")
}
