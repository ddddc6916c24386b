package physics

import (
	"errors"
	"fmt"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// Derive adds the weather-derived availability columns a park needs to set:
// for every PV array and wind turbine that has Weather and no
// AvailabilityColumn, it computes [PVAvailability] (kW per kWp) or
// [WindAvailability] (kW per kW) and stores it under
// model.DerivedColumn("pv"|"wind", name) with [model.SeriesSet.SetDerived]
// (appended to set.Names; an existing derived column is replaced), which
// keeps a copy of the weather settings it was derived from: model.Resolve
// refuses the column (model.ErrStale) once the asset's weather differs
// from them, until Derive runs again. The park is not modified. Every asset is tried; the errors are joined.
func Derive(p *model.Park, set *model.SeriesSet) error {
	if p == nil {
		return &InputError{Row: -1, Reason: "park is nil"}
	}
	if err := checkSet("", set); err != nil {
		return err
	}
	var errs []error
	for i, a := range p.PV {
		if a.Weather == nil || a.AvailabilityColumn != "" {
			continue
		}
		v, err := pvAvailability(a.Name, *a.Weather, set)
		if err != nil {
			errs = append(errs, placed(p, "pv", i, a.Name, err))
			continue
		}
		errs = append(errs, set.SetDerived(model.DerivedColumn("pv", a.Name), v, *a.Weather))
	}
	for i, a := range p.Wind {
		if a.Weather == nil || a.AvailabilityColumn != "" {
			continue
		}
		v, err := windAvailability(a.Name, *a.Weather, set)
		if err != nil {
			errs = append(errs, placed(p, "wind", i, a.Name, err))
			continue
		}
		errs = append(errs, set.SetDerived(model.DerivedColumn("wind", a.Name), v, *a.Weather))
	}
	return errors.Join(errs...)
}

// placed sets the park-file position of err's key when err is an
// [*InputError] about a key of asset i of list ("pv", "wind") named
// name: the first of its Field's keys (the daylight check names
// "latitude_deg, longitude_deg"), under the asset's "weather" object, or
// the weather object itself for a problem with a series column.
func placed(p *model.Park, list string, i int, name string, err error) error {
	var ie *InputError
	if !errors.As(err, &ie) || ie.File != "" {
		return err
	}
	path := fmt.Sprintf("%s[%d].weather", list, i)
	if key, _, _ := strings.Cut(ie.Field, ","); key != "" && !strings.ContainsAny(key, " []") {
		path += "." + key
	}
	ie.File, ie.Line, ie.Col = p.AssetKeyPosition(path, name)
	return err
}
