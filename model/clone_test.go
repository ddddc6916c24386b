package model

import (
	"reflect"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Park's types hold no interface, func, channel or unexported field, the
// kinds deepCopy cannot copy (or copies shared): a new field of such a
// kind fails here first.
func TestCloneCopiesEveryKind(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(rt reflect.Type, path string)
	walk = func(rt reflect.Type, path string) {
		switch rt.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(rt.Elem(), path+"[]")
		case reflect.Map:
			walk(rt.Key(), path+"{key}")
			walk(rt.Elem(), path+"{value}")
		case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer:
			t.Errorf("%s is a %s: Clone would share it", path, rt.Kind())
		case reflect.Struct:
			if seen[rt] {
				return
			}
			seen[rt] = true
			for i := range rt.NumField() {
				f := rt.Field(i)
				if !f.IsExported() {
					t.Errorf("%s.%s is unexported: Clone would share it", path, f.Name)
				}
				walk(f.Type, path+"."+f.Name)
			}
		}
	}
	walk(reflect.TypeOf(Park{}), "Park")
}

// The clone equals the park and shares no pointer, slice or map with it.
func TestCloneSharesNothing(t *testing.T) {
	for _, p := range []*Park{fullPark(), heatPark()} {
		cloneSharesNothing(t, p)
	}
	assert.Nil(t, (*Park)(nil).Clone())
}

func cloneSharesNothing(t *testing.T, p *Park) {
	c := p.Clone()
	require.Equal(t, p, c)
	var shared []string
	var walk func(a, b reflect.Value, path string)
	walk = func(a, b reflect.Value, path string) {
		switch a.Kind() {
		case reflect.Pointer:
			if a.IsNil() {
				return
			}
			if a.Pointer() == b.Pointer() {
				shared = append(shared, path)
			}
			walk(a.Elem(), b.Elem(), path)
		case reflect.Slice:
			if a.Len() > 0 && a.Pointer() == b.Pointer() {
				shared = append(shared, path)
			}
			for i := range a.Len() {
				walk(a.Index(i), b.Index(i), path+"[]")
			}
		case reflect.Map:
			if !a.IsNil() && a.Pointer() == b.Pointer() {
				shared = append(shared, path)
			}
		case reflect.Struct:
			for i := range a.NumField() {
				walk(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)
			}
		}
	}
	walk(reflect.ValueOf(p), reflect.ValueOf(c), "Park")
	assert.Empty(t, shared)
	checked := 0
	walkCount(reflect.ValueOf(p), &checked)
	assert.Greater(t, checked, 10, "the park holds pointers and slices to check")
}

// walkCount counts the non-nil pointers and non-empty slices under v.
func walkCount(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			*n++
			walkCount(v.Elem(), n)
		}
	case reflect.Slice:
		if v.Len() > 0 {
			*n++
		}
		for i := range v.Len() {
			walkCount(v.Index(i), n)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			walkCount(v.Field(i), n)
		}
	}
}

// ChangedSince names an edit of what Resolve reads, and nothing for an
// edit the dispatch reads from the park itself.
func TestProfilesChangedSince(t *testing.T) {
	p := heatPark()
	prof, err := Resolve(p, heatSeries())
	require.NoError(t, err)
	assert.Empty(t, prof.ChangedSince(p))
	assert.Empty(t, prof.Slice(1, 3).ChangedSince(p), "a slice keeps where it came from")
	assert.Empty(t, (&Profiles{}).ChangedSince(p), "profiles built by hand: not known")
	// What Resolve kept is its own copy: an edit of p in place shows.
	i := slices.IndexFunc(p.HeatPumps, func(h HeatPump) bool { return h.COPModel != nil })
	require.GreaterOrEqual(t, i, 0, "a heat pump with a COP model, a pointer Resolve read through")
	p.HeatPumps[i].COPModel.SinkTempC++
	assert.Equal(t, "the heat pumps' COPs", prof.ChangedSince(p))
	p.HeatPumps[i].COPModel.SinkTempC--
	require.Empty(t, prof.ChangedSince(p))
	for _, c := range []struct {
		edit func(q *Park)
		want string
	}{
		{func(q *Park) { q.Batteries[0].EnergyKWh *= 2 }, ""},
		{func(q *Park) { q.Grid.ImportLimitKW++ }, ""},
		{func(q *Park) { q.Loads[0].Scale = 3 }, `load "` + p.Loads[0].Name + `"`},
		{func(q *Park) { q.PV[0].CapacityKWp++ }, `pv array "` + p.PV[0].Name + `"`},
		{func(q *Park) { q.Wind = q.Wind[:1] }, "wind turbines when the profiles were resolved, 1 now"},
		{func(q *Park) { q.HeatLoads[0].Scale = 7 }, `heat load "`},
		{func(q *Park) { q.Grid.DispatchCarbon.KgCO2ePerKWh += 0.1; q.Grid.DispatchCarbon.Column = "" }, "grid: dispatch_carbon"},
		{func(q *Park) { q.Grid.ImportPrice = &Price{PerKWh: 9} }, "grid: import_price"},
		{func(q *Park) { q.HeatPumps[0].COP += 1; q.HeatPumps[0].COPModel = nil }, "the heat pumps' COPs"},
	} {
		q := p.Clone()
		c.edit(q)
		if c.want == "" {
			assert.Empty(t, prof.ChangedSince(q))
			continue
		}
		assert.Contains(t, prof.ChangedSince(q), c.want)
	}
}
