package model

import (
	"bytes"
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/internal/schematest"
)

// compiledParkSchema compiles ParkSchema with a validator written apart
// from zeropark (package schematest).
func compiledParkSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return schematest.Compile(t, ParkSchemaFile, ParkSchema())
}

// schemaAccepts reports whether s accepts the JSON data, and why not.
func schemaAccepts(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	return schematest.Validate(t, s, data)
}

// readsAndValidates reads data as a park file: whether ReadParkJSON
// reads it, and whether Park.Validate then accepts it.
func readsAndValidates(data []byte) (reads, valid bool) {
	p, err := ReadParkJSON(bytes.NewReader(data), "park.json")
	if err != nil {
		return false, false
	}
	return true, p.Validate() == nil
}

// The park files in the repository (repoParkFiles: the demos, the
// benchmark parks, the example, the CLI's corpus, the park with every key)
// are valid parks, and the schema accepts each.
func TestParkSchemaAcceptsTheRepositorysParks(t *testing.T) {
	s := compiledParkSchema(t)
	for _, f := range repoParkFiles(t) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		reads, valid := readsAndValidates(data)
		require.True(t, reads && valid, "%s is a valid park", f)
		assert.NoError(t, schemaAccepts(t, s, data), "%s", f)
	}
}

// jsonPaths lists the key paths of a decoded JSON value, in the
// schema's notation ("pv[].weather.tilt_deg").
func jsonPaths(v any, path string, out map[string]bool) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			p := k
			if path != "" {
				p = path + "." + k
			}
			out[p] = true
			jsonPaths(e, p, out)
		}
	case []any:
		for _, e := range v {
			jsonPaths(e, path+"[]", out)
		}
	}
}

// schemaPaths lists the key paths the schema describes.
func schemaPaths(s map[string]any, path string, out map[string]bool) {
	if props, ok := s["properties"].(map[string]any); ok {
		for k, p := range props {
			kp := k
			if path != "" {
				kp = path + "." + k
			}
			out[kp] = true
			schemaPaths(p.(map[string]any), kp, out)
		}
	}
	if items, ok := s["items"].(map[string]any); ok {
		schemaPaths(items, path+"[]", out)
	}
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// loadJSON decodes data keeping numbers as written.
func loadJSON(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	return v
}

// A mutation of a park file: where, and what was done.
type mutation struct {
	where, what string
	doc         any
}

// mutations lists every park file one change away from doc: each key left
// out, set to null or to a value of each JSON type (an empty list or
// object among them), spelt in capitals, and an unknown key in each
// object; each list's first element null.
func mutations(doc any) []mutation {
	var out []mutation
	values := map[string]any{"a string": "x", "a fraction": json.Number("0.5"), "a whole number": json.Number("2"),
		"true": true, "an empty object": map[string]any{}, "an empty list": []any{}, "null": nil}
	// edit copies doc and applies f to the copy's value at route (keys
	// and indices from the top), which f finds in its parent.
	edit := func(route []any, f func(parent, key any)) any {
		c := copyJSON(doc)
		f(valueAt(c, route[:len(route)-1]), route[len(route)-1])
		return c
	}
	var rec func(v any, route []any, path string)
	rec = func(v any, route []any, path string) {
		switch v := v.(type) {
		case map[string]any:
			c := copyJSON(doc)
			valueAt(c, route).(map[string]any)["zz_unknown"] = json.Number("1")
			out = append(out, mutation{path, "an unknown key in it", c})
			for k, e := range v {
				kr := append(slices.Clone(route), k)
				kp := k
				if path != "" {
					kp = path + "." + k
				}
				out = append(out, mutation{kp, "left out", edit(kr, func(p, k any) { delete(p.(map[string]any), k.(string)) })})
				if k != strings.ToUpper(k) {
					out = append(out, mutation{kp, "spelt in capitals", edit(kr, func(p, k any) {
						m := p.(map[string]any)
						m[strings.ToUpper(k.(string))] = m[k.(string)]
						delete(m, k.(string))
					})})
				}
				for what, nv := range values {
					out = append(out, mutation{kp, "set to " + what, edit(kr, func(p, k any) { p.(map[string]any)[k.(string)] = copyJSON(nv) })})
				}
				rec(e, kr, kp)
			}
		case []any:
			if len(v) > 0 {
				out = append(out, mutation{path, "its first element null", edit(append(slices.Clone(route), 0), func(p, i any) { p.([]any)[i.(int)] = nil })})
			}
			for i, e := range v {
				rec(e, append(slices.Clone(route), i), path+"[]")
			}
		}
	}
	rec(doc, nil, "")
	return out
}

// valueAt is the value of v at route (keys and indices from the top).
func valueAt(v any, route []any) any {
	for _, r := range route {
		switch r := r.(type) {
		case string:
			v = v.(map[string]any)[r]
		case int:
			v = v.([]any)[r]
		}
	}
	return v
}

// copyJSON copies a decoded JSON value.
func copyJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		c := make(map[string]any, len(v))
		for k, e := range v {
			c[k] = copyJSON(e)
		}
		return c
	case []any:
		c := make([]any, len(v))
		for i, e := range v {
			c[i] = copyJSON(e)
		}
		return c
	}
	return v
}

// The schema sits between the reader and the validation: every park file
// one change away from a park with every key (each key left out, null, of
// another type, in capitals, an unknown key beside it, a list's element
// null) that the schema accepts, ReadParkJSON reads; every one that
// ReadParkJSON reads and Park.Validate accepts, the schema accepts. So an
// editor's check never flags a park zeropark would run, and never passes
// a file whose keys or types zeropark refuses.
func TestParkSchemaBetweenReaderAndValidate(t *testing.T) {
	s := compiledParkSchema(t)
	data, err := os.ReadFile("testdata/every-key.park.json")
	require.NoError(t, err)
	doc := loadJSON(t, data)

	// The park has every key the schema describes, so that the changes
	// below reach each (the two carbon signals and the two prices are
	// objects of one kind: a key of either counts for both).
	var sdoc map[string]any
	require.NoError(t, json.Unmarshal(ParkSchema(), &sdoc))
	want, got := map[string]bool{}, map[string]bool{}
	schemaPaths(sdoc, "", want)
	jsonPaths(doc, "", got)
	alike := strings.NewReplacer("grid.accounting_carbon", "grid.dispatch_carbon", "grid.export_price", "grid.import_price")
	for _, m := range []map[string]bool{want, got} {
		for k := range m {
			delete(m, k)
			m[alike.Replace(k)] = true
		}
	}
	require.Equal(t, sortedKeys(want), sortedKeys(got), "testdata/every-key.park.json must give every key of the schema")

	muts := mutations(doc)
	var readsNotSchema, schemaNotValid int
	for _, m := range muts {
		b, err := json.Marshal(m.doc)
		require.NoError(t, err)
		sErr := schemaAccepts(t, s, b)
		reads, valid := readsAndValidates(b)
		if sErr == nil {
			if !assert.True(t, reads, "%s %s: the schema accepts it, ReadParkJSON refuses it", m.where, m.what) {
				_, err := ReadParkJSON(bytes.NewReader(b), "park.json")
				t.Log(err)
			}
			if !valid {
				schemaNotValid++
			}
		} else if reads {
			readsNotSchema++
		}
		if valid {
			assert.NoError(t, sErr, "%s %s: a valid park, refused by the schema", m.where, m.what)
		}
	}
	t.Logf("%d changes; the schema accepted %d that Validate refuses (ranges, rules between keys), refused %d that ReadParkJSON reads but Validate refuses",
		len(muts), schemaNotValid, readsNotSchema)
	require.Greater(t, len(muts), 2000)
}

// A whole-number key written with a decimal point (20.0, as a script that
// writes every number as a float does), which JSON Schema takes for the
// whole number, the reader takes so too; 20.5 the schema and the reader
// both refuse.
func TestParkSchemaWholeNumberWithAPoint(t *testing.T) {
	s := compiledParkSchema(t)
	data, err := os.ReadFile("testdata/every-key.park.json")
	require.NoError(t, err)
	doc := loadJSON(t, data).(map[string]any)
	doc["economics"].(map[string]any)["analysis_years"] = json.Number("20.0")
	b, err := json.Marshal(doc)
	require.NoError(t, err)
	assert.NoError(t, schemaAccepts(t, s, b))
	p, err := ReadParkJSON(bytes.NewReader(b), "park.json")
	require.NoError(t, err)
	require.NotNil(t, p.Economics.AnalysisYears)
	assert.Equal(t, 20, *p.Economics.AnalysisYears)

	doc["economics"].(map[string]any)["analysis_years"] = json.Number("20.5")
	b, err = json.Marshal(doc)
	require.NoError(t, err)
	assert.Error(t, schemaAccepts(t, s, b))
	_, err = ReadParkJSON(bytes.NewReader(b), "park.json")
	assert.ErrorContains(t, err, `key "economics.analysis_years": value 20.5: want a whole number`)
}
