package demo

import (
	"bytes"
	"fmt"

	"github.com/zeropark/zeropark/model"
)

// Load parses the named demo into a park and its series set (model's park
// JSON and series CSV readers).
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
