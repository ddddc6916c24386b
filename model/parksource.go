package model

import (
	"runtime"
	"strconv"
	"strings"
	"sync"
	"weak"
)

// parkSource is the text of the file a park was read from, kept so that
// [Park.Validate] can say at which line and column of it each problem's
// key is: the key tree [ReadParkJSON] builds for its key check anyway.
type parkSource struct {
	file string
	data []byte // after the byte-order mark, as the decoder saw it
	root *jnode
}

// parkSources maps a park read by [ReadParkJSON] to its source. It is keyed
// weakly, and an entry goes when its park is collected, so that a Park
// stays a plain value (two equal parks compare equal whether read or
// built) and a copy of a park, which may have been changed, has no source.
var parkSources sync.Map // weak.Pointer[Park] → *parkSource

// rememberSource records that p was read from src.
func rememberSource(p *Park, src *parkSource) {
	k := weak.Make(p)
	parkSources.Store(k, src)
	runtime.AddCleanup(p, func(k weak.Pointer[Park]) { parkSources.Delete(k) }, k)
}

// sourceOf is the source p was read from, or nil for a park built in Go
// (or a copy of one read).
func sourceOf(p *Park) *parkSource {
	if p == nil {
		return nil
	}
	v, ok := parkSources.Load(weak.Make(p))
	if !ok {
		return nil
	}
	return v.(*parkSource)
}

// locate is the offset in the file of the key at path (a JSON path with
// list indices, as [FieldError.Path]: "batteries[1].energy_kwh",
// "grid.import_price.time_of_use[0].months[2]"): of the key's opening
// quote, or of a list element's first byte. A key the file does not have
// (an optional key left out) is placed at its nearest ancestor that it
// has, the park object itself at worst. When the path starts with an
// asset ("batteries[1]"), name is the asset's name ("" for none): if the
// file has no element there or one of another name, the park was changed
// after it was read, the path is not the file's and ok is false.
func (s *parkSource) locate(path, name string) (off int, ok bool) {
	n := s.root
	off = n.off
	if path == "" {
		return off, true
	}
	for i, seg := range strings.Split(path, ".") {
		key, idx := splitIndices(seg)
		k := lastKey(n, key)
		if k == nil {
			return off, true
		}
		n, off = k.val, k.off
		for j, x := range idx {
			asset := i == 0 && j == 0
			if n.kind != jArray || x >= len(n.elems) {
				return off, !asset
			}
			n, off = n.elems[x], n.elems[x].off
			if asset && nameOf(n) != name {
				return 0, false
			}
		}
	}
	return off, true
}

// valueAt is the value the file holds at path (as [locate]'s, starting
// at an asset whose name is name), or nil where it holds none: a key left
// out, an element past the list's end, or an asset of another name.
func (s *parkSource) valueAt(path, name string) *jnode {
	n := s.root
	for i, seg := range strings.Split(path, ".") {
		key, idx := splitIndices(seg)
		k := lastKey(n, key)
		if k == nil {
			return nil
		}
		n = k.val
		for j, x := range idx {
			if n.kind != jArray || x >= len(n.elems) {
				return nil
			}
			n = n.elems[x]
			if i == 0 && j == 0 && nameOf(n) != name {
				return nil
			}
		}
	}
	return n
}

// numberAt is the number the file holds at path ([parkSource.valueAt]),
// and whether it holds one there.
func (s *parkSource) numberAt(path, name string) (float64, bool) {
	n := s.valueAt(path, name)
	if n == nil || n.kind != jOther {
		return 0, false
	}
	end := n.off
	for end < len(s.data) && strings.IndexByte("+-0123456789.eE", s.data[end]) >= 0 {
		end++
	}
	v, err := strconv.ParseFloat(string(s.data[n.off:end]), 64)
	return v, err == nil
}

// given reports whether the file gives the key at path
// ([parkSource.valueAt]) a value other than null: a key left out and a
// null both read as not given.
func (s *parkSource) given(path, name string) bool {
	n := s.valueAt(path, name)
	return n != nil && n.kind != jNull
}

// lastKey is the member key of object n, the last if given twice (the one
// encoding/json keeps), or nil.
func lastKey(n *jnode, key string) *jkey {
	var k *jkey
	for j := range n.keys {
		if n.keys[j].name == key {
			k = &n.keys[j]
		}
	}
	return k
}

// nameOf is the "name" of object n, "" when it has none.
func nameOf(n *jnode) string {
	if v := n.get("name"); v != nil && v.kind == jString {
		return v.str
	}
	return ""
}

// splitIndices splits "time_of_use[0]" into "time_of_use" and [0]
// ("months" into "months" and none).
func splitIndices(seg string) (key string, idx []int) {
	key, rest, _ := strings.Cut(seg, "[")
	if rest == "" {
		return key, nil
	}
	for _, s := range strings.Split(strings.TrimSuffix(rest, "]"), "][") {
		x, err := strconv.Atoi(s)
		if err != nil || x < 0 {
			break
		}
		idx = append(idx, x)
	}
	return key, idx
}
