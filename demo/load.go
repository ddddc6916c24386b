package demo

import (
	"bytes"
	"fmt"

	"github.com/zeropark/zeropark/model"
)

// Load parses the named demo into a park and its series set (model's park
// JSON and series CSV readers): the series as the file has them, weather
// columns included but the PV's and wind's availability not yet derived
// from them. To dispatch or plan a demo, open it with scenario.Demo (or
// scenario.Open with Options.Demo), whose Series and Profiles are derived
// and resolved; plan.New and model.Resolve refuse Load's series as they
// stand ("call physics.Derive first").
func Load(name string) (*model.Park, *model.SeriesSet, error) {
	e, err := lookup(name)
	if err != nil {
		return nil, nil, err
	}
	pj, sc, err := Files(name)
	if err != nil {
		return nil, nil, err
	}
	park, err := model.ReadParkJSON(bytes.NewReader(pj), e.park)
	if err != nil {
		return nil, nil, fmt.Errorf("demo: %s: %w", name, err)
	}
	set, err := model.ReadSeriesCSV(bytes.NewReader(sc), e.series)
	if err != nil {
		return nil, nil, fmt.Errorf("demo: %s: %w", name, err)
	}
	return park, set, nil
}
