package jsondoc_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/internal/jsondoc"
	"github.com/zeropark/zeropark/internal/jsondoc/internal/fixture"
)

func options() jsondoc.Options {
	return jsondoc.Options{Root: "../..", Module: "github.com/zeropark/zeropark",
		Opaque: map[reflect.Type]string{reflect.TypeFor[time.Time](): "string: a time"},
		MapKey: map[string]string{"counts": "<series>"}}
}

// Every case of the walk: paths, types, comments of their own, of a
// group that names the field, of an embedded struct, of an inline struct;
// Go names replaced by keys but for another struct's and capitals.
func TestKeys(t *testing.T) {
	keys, err := jsondoc.Keys(reflect.TypeFor[fixture.File](), options())
	require.NoError(t, err)
	got := map[string]jsondoc.Key{}
	var order []string
	for _, k := range keys {
		got[k.Path] = k
		order = append(order, k.Path)
	}
	assert.Equal(t, []string{"name", "flat", "min_kw", "max_kw", "pv_kwp", "loose", "absent", "maybe",
		"rows", "rows[].value", "rows[].other", "counts", "at", "inline", "inline.deep", "unrelated"}, order)
	assert.Equal(t, "`name` is the file's name.", got["name"].Doc)
	assert.Equal(t, "`flat` is at File's top level.", got["flat"].Doc)
	assert.Equal(t, "string, optional", got["flat"].Type)
	assert.Equal(t, "`min_kw` and `max_kw` bound the power, kW.", got["max_kw"].Doc, "a group's comment that names the field")
	assert.Equal(t, "PV is named in capitals: PV stays a word.", got["pv_kwp"].Doc)
	assert.Equal(t, "a line comment", got["loose"].Doc)
	assert.Empty(t, got["absent"].Doc, "a comment above names other fields, not this one")
	assert.Equal(t, "number, optional", got["absent"].Type, "a nil pointer left out is never null")
	assert.Equal(t, "number or null", got["maybe"].Type)
	assert.Equal(t, "array of objects or null", got["rows"].Type, "a nil slice is written null")
	assert.Equal(t, "`rows` are the rows, `rows[].value` each one's value; Len() and Rows.Other.X are not keys.", got["rows"].Doc)
	assert.Equal(t, "`value` is the row's, Other.Field not.", got["rows[].value"].Doc)
	assert.Equal(t, "`other` is `max_kw`'s twin, `flat`'s too; not Custom.X (not written here), nor other.File.MaxKW (another package's File).", got["rows[].other"].Doc,
		"another struct's field, by its path from the top")
	assert.Equal(t, "object of numbers or null", got["counts"].Type, "a nil map is written null")
	assert.Equal(t, "string", got["at"].Type)
	assert.Equal(t, "string: a time", got["at"].Doc, "an opaque type without a comment of its own")
	assert.Equal(t, "`deep` is inside it.", got["inline.deep"].Doc)
	assert.Empty(t, got["unrelated"].Doc)
	assert.Equal(t, "fixture.File.MaxKW", got["max_kw"].Field)
}

// With NoNullLists (a writer that writes nil lists and maps empty, as
// package nonull does) a slice and a map are never "or null"; a pointer
// still is.
func TestKeysNoNullLists(t *testing.T) {
	opts := options()
	opts.NoNullLists = true
	keys, err := jsondoc.Keys(reflect.TypeFor[fixture.File](), opts)
	require.NoError(t, err)
	got := map[string]string{}
	for _, k := range keys {
		got[k.Path] = k.Type
	}
	assert.Equal(t, "array of objects", got["rows"])
	assert.Equal(t, "object of numbers", got["counts"])
	assert.Equal(t, "number or null", got["maybe"])
}

// A type that writes itself must be declared opaque or walked, and the
// error says which; declared, it is one value.
func TestKeysMarshaler(t *testing.T) {
	_, err := jsondoc.Keys(reflect.TypeFor[fixture.WithCustom](), options())
	require.Error(t, err)
	assert.Contains(t, err.Error(), `fixture.Custom at "c" has a MarshalJSON of its own`)
	opts := options()
	opts.Opaque[reflect.TypeFor[fixture.Custom]()] = "number: X"
	keys, err := jsondoc.Keys(reflect.TypeFor[fixture.WithCustom](), opts)
	require.NoError(t, err)
	assert.Equal(t, []jsondoc.Key{{Path: "c", Type: "number", Doc: "C writes itself.", Field: "fixture.WithCustom.C"}}, keys)
}

// Source that cannot be found is an error naming the package.
func TestKeysNoSource(t *testing.T) {
	opts := options()
	opts.Root = t.TempDir()
	_, err := jsondoc.Keys(reflect.TypeFor[fixture.File](), opts)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "internal/jsondoc/internal/fixture")
}

// The table points a group's later keys to the first, not repeating it.
func TestMarkdown(t *testing.T) {
	md := jsondoc.Markdown([]jsondoc.Key{{Path: "a", Type: "number", Doc: "a and b | c"}, {Path: "b", Type: "number", Doc: "a and b | c"}, {Path: "c", Type: "string", Doc: "other"}})
	assert.Equal(t, "| key | type | meaning |\n|---|---|---|\n| `a` | number | a and b \\| c |\n| `b` | number | as `a` |\n| `c` | string | other |\n", md)
}

// Go's nil reads as the file shows it: null where the key is written
// null, absent where it is left out.
func TestKeysNil(t *testing.T) {
	keys, err := jsondoc.Keys(reflect.TypeFor[fixture.Nils](), options())
	require.NoError(t, err)
	require.Len(t, keys, 3)
	assert.Equal(t, "`a` is null when not known.", keys[0].Doc)
	assert.Equal(t, "`b` is absent when not known.", keys[1].Doc)
	assert.Equal(t, "`c` is null when none (encoding/json writes it so).", keys[2].Doc, "a slice not omitted is written null when nil")
	assert.Equal(t, "array of numbers or null", keys[2].Type)
}

// Schema turns the keys into a JSON Schema: each key typed and described,
// required unless optional or in a partial object, null where the type
// says so, arrays' items and maps' values typed, no other key, a key with
// a placeholder matched by its pattern.
func TestSchema(t *testing.T) {
	keys, err := jsondoc.Keys(reflect.TypeFor[fixture.File](), options())
	require.NoError(t, err)
	keys = append(keys, jsondoc.Key{Path: "rows[].mae_<unit>", Type: "number or null", Doc: "in the unit"})
	s, err := jsondoc.Schema(keys, jsondoc.SchemaOptions{Title: "t", Partial: map[string]bool{"inline": true},
		Patterns: map[string]string{"<unit>": "[a-z]+"}})
	require.NoError(t, err)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.True(t, strings.HasPrefix(string(b), `{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"t","type":"object"`), "in order")
	assert.Equal(t, false, doc["additionalProperties"])
	props := doc["properties"].(map[string]any)
	assert.Equal(t, []any{"name", "min_kw", "max_kw", "pv_kwp", "loose", "maybe", "rows", "counts", "at", "inline", "unrelated"},
		doc["required"], "flat and absent are optional")
	assert.Equal(t, map[string]any{"description": "`name` is the file's name.", "type": "string"}, props["name"])
	assert.Equal(t, []any{"number", "null"}, props["maybe"].(map[string]any)["type"])
	rows := props["rows"].(map[string]any)
	assert.Equal(t, []any{"array", "null"}, rows["type"])
	row := rows["items"].(map[string]any)
	assert.Equal(t, []any{"value", "other"}, row["required"])
	assert.Equal(t, map[string]any{"^mae_([a-z]+)$": map[string]any{"description": "in the unit", "type": []any{"number", "null"}}},
		row["patternProperties"])
	counts := props["counts"].(map[string]any)
	assert.Equal(t, map[string]any{"type": "number"}, counts["additionalProperties"])
	inline := props["inline"].(map[string]any)
	assert.NotContains(t, inline, "required", "a partial object requires nothing")

	_, err = jsondoc.Schema([]jsondoc.Key{{Path: "x", Type: "a mystery"}}, jsondoc.SchemaOptions{})
	assert.ErrorContains(t, err, `x: no schema for the type "a mystery"`)
	_, err = jsondoc.Schema([]jsondoc.Key{{Path: "m", Type: "object of objects"}, {Path: "m.<key>.v", Type: "number"}}, jsondoc.SchemaOptions{})
	assert.ErrorContains(t, err, "m: a map of objects is not described")
}
