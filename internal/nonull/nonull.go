// Package nonull makes the lists of a value encoding/json is to write
// never null: [Lists] is a copy of the value in which every nil slice is
// empty and every nil map is empty, so that the JSON holds [] and {}
// where encoding/json would write null. zeropark's JSON files
// (summary.json, roadmap.json, pathway.json, attribution.json,
// backtest.json) and the answers of zeropark serve are written through
// it, and their documentation (results/json-keys.md, the schemas, the
// OpenAPI document) types a list as an array, never null.
//
// A JSON null reads as "not known" to most tools (jq's length of null is
// 0, but pandas, a JSON Schema "type": "array" and a typed decoder in
// another language refuse it or read a missing value); an empty list is
// "none", which is what a nil slice means in zeropark's types.
package nonull

import (
	"reflect"
	"strings"
	"sync"
)

// Lists is a copy of v in which every nil slice and nil map that
// encoding/json would write (an exported field, an element of a slice,
// array or map, the value under a pointer or an interface) is an empty
// one, so that encoding/json writes [] or {} for it, not null. v itself
// is not changed: what holds no nil list is shared with v, not copied.
//
// Left as they are: byte slices (encoding/json writes them as base64
// strings, and a nil json.RawMessage would be invalid empty), nil
// pointers and interfaces (null where the type says a value may be
// missing), a field tagged omitzero (nil is its "left out", empty would
// be written), and the unexported fields a MarshalJSON of the type may
// read.
func Lists(v any) any {
	if v == nil {
		return nil
	}
	rv := reflect.ValueOf(v)
	if !mayHoldNil(rv.Type()) {
		return v
	}
	c := copier{ptrs: map[uintptr]reflect.Value{}}
	return c.value(rv, false).Interface()
}

type copier struct {
	// ptrs maps a pointer of v to its copy: a value pointed to twice is
	// copied once, and a cycle ends.
	ptrs map[uintptr]reflect.Value
}

// value is a copy of v with its nil lists empty (keepNil: v's own nil is
// kept, an omitzero field).
func (c *copier) value(v reflect.Value, keepNil bool) reflect.Value {
	t := v.Type()
	if !mayHoldNil(t) {
		return v
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		if p, ok := c.ptrs[v.Pointer()]; ok {
			return p
		}
		p := reflect.New(t.Elem())
		c.ptrs[v.Pointer()] = p
		p.Elem().Set(c.value(v.Elem(), false))
		return p
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t).Elem()
		out.Set(c.value(v.Elem(), false))
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v) // the unexported fields too
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || !out.Field(i).CanSet() {
				continue
			}
			out.Field(i).Set(c.value(v.Field(i), hasOption(tag, "omitzero")))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(c.value(v.Index(i), false))
		}
		return out
	case reflect.Slice:
		if v.IsNil() {
			if keepNil {
				return v
			}
			return reflect.MakeSlice(t, 0, 0)
		}
		if !mayHoldNil(t.Elem()) {
			return v
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			out.Index(i).Set(c.value(v.Index(i), false))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			if keepNil {
				return v
			}
			return reflect.MakeMap(t)
		}
		if !mayHoldNil(t.Elem()) {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		for it := v.MapRange(); it.Next(); {
			out.SetMapIndex(it.Key(), c.value(it.Value(), false))
		}
		return out
	}
	return v
}

// hasOption reports whether the json tag names option o.
func hasOption(tag, o string) bool {
	_, opts, _ := strings.Cut(tag, ",")
	for _, x := range strings.Split(opts, ",") {
		if x == o {
			return true
		}
	}
	return false
}

var holds sync.Map // reflect.Type → bool

// mayHoldNil reports whether a value of type t may be or hold a nil slice
// or map that Lists makes empty (an interface may hold anything).
func mayHoldNil(t reflect.Type) bool {
	if h, ok := holds.Load(t); ok {
		return h.(bool)
	}
	holds.Store(t, true) // while it is worked out: a type holding itself
	h := false
	switch t.Kind() {
	case reflect.Slice:
		h = t.Elem().Kind() != reflect.Uint8
	case reflect.Map, reflect.Interface:
		h = true
	case reflect.Pointer, reflect.Array:
		h = mayHoldNil(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField() && !h; i++ {
			f := t.Field(i)
			h = f.IsExported() && f.Tag.Get("json") != "-" && mayHoldNil(f.Type)
		}
	}
	holds.Store(t, h)
	return h
}
