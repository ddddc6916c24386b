package model

import "reflect"

// Clone returns a deep copy of p: no slice, map or pointer of the copy is
// shared with p, so a caller may change any field of either (a design's
// economics, a price table, a weather model) and leave the other alone.
// The copy does not carry p's file positions ([Park.KeyPosition]): it was
// not read from a file. Clone of nil is nil.
func (p *Park) Clone() *Park {
	if p == nil {
		return nil
	}
	c := deepCopy(reflect.ValueOf(p)).Interface().(*Park)
	return c
}

// deepCopy copies v and everything it points to. Park's types hold only
// exported fields of values, pointers, slices and maps (TestCloneShares
// Nothing walks them), so nothing is left shared.
func deepCopy(v reflect.Value) reflect.Value {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		c := reflect.New(v.Elem().Type())
		c.Elem().Set(deepCopy(v.Elem()))
		return c
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeSlice(v.Type(), v.Len(), v.Len())
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		c := reflect.MakeMapWithSize(v.Type(), v.Len())
		it := v.MapRange()
		for it.Next() {
			c.SetMapIndex(deepCopy(it.Key()), deepCopy(it.Value()))
		}
		return c
	case reflect.Struct:
		c := reflect.New(v.Type()).Elem()
		c.Set(v) // every field, then the shared ones replaced
		for i := range v.NumField() {
			if c.Field(i).CanSet() {
				c.Field(i).Set(deepCopy(v.Field(i)))
			}
		}
		return c
	case reflect.Array:
		c := reflect.New(v.Type()).Elem()
		for i := range v.Len() {
			c.Index(i).Set(deepCopy(v.Index(i)))
		}
		return c
	default:
		return v
	}
}
