package model

import "reflect"

// StageThresholdsIn returns the stage thresholds a pathway's milestone in
// year is judged by — the park's StageThresholds with those of the last
// entry of StageThresholdsByYear whose year is at most year laid over
// them key by key (Source the entry's where it has one), sharing nothing
// with p — and that entry (p's own), nil where none is in force by then:
// the park's StageThresholds, copied, then.
func (p *Park) StageThresholdsIn(year int) (*StageThresholds, *YearStageThresholds) {
	var in *YearStageThresholds
	for i := range p.StageThresholdsByYear {
		if e := &p.StageThresholdsByYear[i]; e.Year <= year && (in == nil || e.Year > in.Year) {
			in = e
		}
	}
	if in == nil {
		return p.StageThresholds.Clone(), nil
	}
	return laidOver(p.StageThresholds, &in.StageThresholds), in
}

// Clone is a copy of t sharing nothing with it; nil for nil.
func (t *StageThresholds) Clone() *StageThresholds {
	if t == nil {
		return nil
	}
	return deepCopy(reflect.ValueOf(t)).Interface().(*StageThresholds)
}

// laidOver is base (nil: none set) with every threshold o sets in place
// of base's, and o's Source where it has one: a copy sharing nothing with
// either.
func laidOver(base, o *StageThresholds) *StageThresholds {
	t := &StageThresholds{}
	if base != nil {
		*t = *base
	}
	tv, ov := reflect.ValueOf(t).Elem(), reflect.ValueOf(o).Elem()
	for i := range ov.NumField() {
		if f := ov.Field(i); f.Kind() == reflect.Pointer && !f.IsNil() {
			tv.Field(i).Set(f)
		}
	}
	if o.Source != "" {
		t.Source = o.Source
	}
	return t.Clone()
}
