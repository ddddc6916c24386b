package jsondoc_test

import (
	"reflect"
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
	assert.Equal(t, "array of objects", got["rows"].Type)
	assert.Equal(t, "`rows` are the rows, `rows[].value` each one's value; Len() and Rows.Other.X are not keys.", got["rows"].Doc)
	assert.Equal(t, "`value` is the row's, Other.Field not.", got["rows[].value"].Doc)
	assert.Equal(t, "`other` is `max_kw`'s twin, `flat`'s too; not Custom.X (not written here), nor other.File.MaxKW (another package's File).", got["rows[].other"].Doc,
		"another struct's field, by its path from the top")
	assert.Equal(t, "object of numbers", got["counts"].Type)
	assert.Equal(t, "string", got["at"].Type)
	assert.Equal(t, "string: a time", got["at"].Doc, "an opaque type without a comment of its own")
	assert.Equal(t, "`deep` is inside it.", got["inline.deep"].Doc)
	assert.Empty(t, got["unrelated"].Doc)
	assert.Equal(t, "fixture.File.MaxKW", got["max_kw"].Field)
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
	assert.Equal(t, "`c` is null (never nil: a slice).", keys[2].Doc, "a slice's type has no null: its nil stays but the explicit one")
}
