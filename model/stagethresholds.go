package model

import "reflect"

// StageThresholdsIn returns the stage thresholds a pathway's milestone in
// year is judged by: the park's StageThresholds with those of the last
// entry of StageThresholdsByYear whose year is at most year laid over
// them key by key (Source the entry's where it has one), and that
// entry's year; the park's StageThresholds and 0 where no entry is in
// force by then. The result shares nothing with p.
func (p *Park) StageThresholdsIn(year int) (*StageThresholds, int) {
	var in *YearStageThresholds
	for i := range p.StageThresholdsByYear {
		if e := &p.StageThresholdsByYear[i]; e.Year <= year && (in == nil || e.Year > in.Year) {
			in = e
		}
	}
	t := &StageThresholds{}
	if p.StageThresholds != nil {
		*t = *p.StageThresholds
	} else if in == nil {
		return nil, 0
	}
	from := 0
	if in != nil {
		t.layOver(&in.StageThresholds)
		from = in.Year
	}
	return deepCopy(reflect.ValueOf(t)).Interface().(*StageThresholds), from
}

// layOver sets in t every threshold o sets, and o's Source where it has
// one.
func (t *StageThresholds) layOver(o *StageThresholds) {
	tv, ov := reflect.ValueOf(t).Elem(), reflect.ValueOf(o).Elem()
	for i := range ov.NumField() {
		if f := ov.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			tv.Field(i).Set(f)
		}
	}
	if o.Source != "" {
		t.Source = o.Source
	}
}
