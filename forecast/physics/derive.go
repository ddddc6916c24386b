package physics

import (
	"errors"

	"github.com/zeropark/zeropark/model"
)

// Derive adds the weather-derived availability columns a park needs to set:
// for every PV array and wind turbine that has Weather and no
// AvailabilityColumn, it computes [PVAvailability] (kW per kWp) or
// [WindAvailability] (kW per kW) and stores it under
// model.DerivedColumn("pv"|"wind", name) with [model.SeriesSet.SetColumn]
// (appended to set.Names; an existing derived column is replaced). The park is not
// modified. Every asset is tried; the errors are joined.
func Derive(p *model.Park, set *model.SeriesSet) error {
	if p == nil {
		return &InputError{Row: -1, Reason: "park is nil"}
	}
	if err := checkSet("", set); err != nil {
		return err
	}
	var errs []error
	for _, a := range p.PV {
		if a.Weather == nil || a.AvailabilityColumn != "" {
			continue
		}
		v, err := pvAvailability(a.Name, *a.Weather, set)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, set.SetColumn(model.DerivedColumn("pv", a.Name), v))
	}
	for _, a := range p.Wind {
		if a.Weather == nil || a.AvailabilityColumn != "" {
			continue
		}
		v, err := windAvailability(a.Name, *a.Weather, set)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		errs = append(errs, set.SetColumn(model.DerivedColumn("wind", a.Name), v))
	}
	return errors.Join(errs...)
}
