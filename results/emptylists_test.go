package results_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// The JSON files write an empty list as [], never null (QA, 2026-12-05:
// a plan over chronological slices wrote roadmap.json's "weights": null
// and "kinds": null, which a JSON tool reads as "not known"): the
// reduction's lists, a margin search round's stages (a search whose first
// round reached no stage), the designs, a pathway's rows and an
// attribution's tenants. The values written are not changed.
func TestJSONEmptyListsNotNull(t *testing.T) {
	rm := sampleRoadmap()
	rm.Reduction = &results.RoadmapReduction{Slices: 4, Representatives: 4} // slices: no weights, no kinds, no errors
	rm.MarginSearch = []results.MarginRound{{Margin: 0.1}}
	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&b, rm))
	for _, want := range []string{`"weights": []`, `"kinds": []`, `"series_errors": []`, `"stages": []`} {
		assert.Contains(t, b.String(), want)
	}
	assert.Nil(t, rm.Reduction.Weights, "the roadmap is not changed")
	assert.Nil(t, rm.MarginSearch[0].Stages)
	back, err := results.ReadRoadmapJSON(&b, "roadmap.json")
	require.NoError(t, err)
	assert.Empty(t, back.Reduction.Weights)
	assert.Equal(t, 4, back.Reduction.Slices)

	b.Reset()
	require.NoError(t, results.WriteRoadmapJSON(&b, &results.Roadmap{}))
	assert.Contains(t, b.String(), `"designs": []`)

	b.Reset()
	require.NoError(t, results.WritePathwayJSON(&b, &results.Pathway{MarginSearch: []results.MarginRound{{Margin: 0.2}}}))
	assert.Contains(t, b.String(), `"rows": []`)
	assert.Contains(t, b.String(), `"stages": []`)
	assert.Error(t, results.WritePathwayJSON(&b, nil))

	b.Reset()
	require.NoError(t, results.WriteAttributionJSON(&b, &dispatch.Attribution{}))
	assert.Contains(t, b.String(), `"tenants": []`)
	assert.NotContains(t, b.String(), `"tenants": null`)
	assert.Error(t, results.WriteAttributionJSON(&b, nil))

	// summary.json: the lists a run of a park without heat or forecasts
	// leaves nil (QA, session 38).
	b.Reset()
	require.NoError(t, results.WriteSummaryJSON(&b, results.Summary{}))
	for _, want := range []string{`"guiding_indicators": []`, `"repaired": {}`} {
		assert.Contains(t, b.String(), want)
	}
	assert.NotContains(t, b.String(), "null")
}

// skeleton sets v (a pointer's element) to a value whose every pointer
// points to a value, recursively, and whose slices and maps are nil below
// list depth lists and hold one such element above it: written with
// lists 0, 1, 2, …, every slice and map of the type is nil in one of
// them, with everything around it written.
func skeleton(v reflect.Value, lists, depth int) {
	if depth > 16 {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		skeleton(v.Elem(), lists, depth+1)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				skeleton(v.Field(i), lists, depth+1)
			}
		}
	case reflect.Slice:
		if lists == 0 || v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		skeleton(s.Index(0), lists-1, depth+1)
		v.Set(s)
	case reflect.Map:
		if lists == 0 {
			return
		}
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		if k.Kind() == reflect.String {
			k.SetString("k")
		}
		skeleton(e, lists-1, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// Every null a JSON file holds is at a key json-keys.md (and so the
// schema) types "or null" (an element of an array "of … or null"): every
// list and map of every file, written empty by its writer, is [] or {}
// (the keys' types say "array of …" with no "or null"). Each file's Go
// type is written with every pointer set and its lists nil at each depth
// in turn.
func TestJSONNullsAreTyped(t *testing.T) {
	for _, f := range jsonFiles() {
		types, maps := keyTable(t, f)
		for lists := 0; lists <= 4; lists++ {
			data := shapedJSON(t, f, func(v reflect.Value) { skeleton(v, lists, 0) })
			var doc any
			require.NoError(t, json.Unmarshal(data, &doc), f.name)
			found := map[string]bool{}
			walkJSON(doc, "", maps, func(p string, v any, _ bool) {
				if v == nil {
					found[p] = true
				}
			})
			for p := range found {
				typ, ok := types[p]
				if elem, isElem := strings.CutSuffix(p, "[]"); isElem && !ok {
					typ, ok = types[elem], true
					typ = strings.TrimPrefix(typ, "array of ")
				}
				assert.True(t, ok && strings.Contains(typ, "or null"), "%s (lists filled to depth %d): %s is null, typed %q", f.name, lists, p, typ)
			}
		}
	}
}
