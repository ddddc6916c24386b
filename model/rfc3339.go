package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"
)

// RFC 3339 §5.6 (NOTE): "T" and "Z" may alternatively be lower case. Go's
// time.RFC3339 layout and time.Time's JSON decoding take them in capitals
// only; every timestamp zeropark reads (a series' timestamp column, a
// measurement's start, POST /step's at, --start, --from, the time cells of
// a results file) goes through [ParseRFC3339] or [UnmarshalRFC3339JSON],
// which accept both with the same meaning (QA, 2026-12-05: "2023-01-12t13:00:00z"
// was refused as "not an RFC 3339 time").

// upperRFC3339 returns s with a lower-case date/time separator t (at
// byte 10, after YYYY-MM-DD) and a lower-case zone z (the last byte) in
// capitals, and whether it changed anything. Nothing else is touched, so
// that what is not RFC 3339 stays refused.
func upperRFC3339(s []byte) ([]byte, bool) {
	sep := len(s) > 10 && s[10] == 't'
	zone := len(s) > 10 && s[len(s)-1] == 'z'
	if !sep && !zone {
		return s, false
	}
	u := append([]byte(nil), s...)
	if sep {
		u[10] = 'T'
	}
	if zone {
		u[len(u)-1] = 'Z'
	}
	return u, true
}

// ParseRFC3339 reads s as time.Parse(time.RFC3339, s) does, a lower-case
// t or z (RFC 3339 §5.6) read as T and Z. An error is time.Parse's (a
// *time.ParseError naming s as written).
func ParseRFC3339(s string) (time.Time, error) {
	return parseUpper(s, func(v string) (time.Time, error) { return time.Parse(time.RFC3339, v) })
}

// ParseRFC3339In is [ParseRFC3339] by time.ParseInLocation(time.RFC3339,
// s, loc).
func ParseRFC3339In(s string, loc *time.Location) (time.Time, error) {
	return parseUpper(s, func(v string) (time.Time, error) { return time.ParseInLocation(time.RFC3339, v, loc) })
}

// parseUpper is parse(s) of s with its t and z in capitals.
func parseUpper(s string, parse func(string) (time.Time, error)) (time.Time, error) {
	u, changed := upperRFC3339([]byte(s))
	if !changed {
		return parse(s)
	}
	t, err := parse(string(u))
	return t, asWritten(err, s)
}

// UnmarshalRFC3339JSON decodes the JSON string data into *t as
// time.Time's UnmarshalJSON does (strict RFC 3339; null leaves *t as it
// is), a lower-case t or z (RFC 3339 §5.6) read as T and Z. An error is
// time.Time's (a *time.ParseError names the time as written).
func UnmarshalRFC3339JSON(data []byte, t *time.Time) error {
	// The time sits between the quotes: its byte 10 is data's byte 11,
	// its last data's last but one.
	if len(data) < 2 || data[0] != '"' || data[len(data)-1] != '"' {
		return t.UnmarshalJSON(data)
	}
	u, changed := upperRFC3339(data[1 : len(data)-1])
	if !changed {
		return t.UnmarshalJSON(data)
	}
	q := make([]byte, 0, len(data))
	q = append(append(append(q, '"'), u...), '"')
	return asWritten(t.UnmarshalJSON(q), string(data[1:len(data)-1]))
}

// RFC3339Time is a time.Time that JSON decodes by [UnmarshalRFC3339JSON]
// (a lower-case t and z read as T and Z): the type of a time field of an
// input zeropark decodes (a measurement's start, POST /step's at).
type RFC3339Time struct{ time.Time }

// UnmarshalJSON implements json.Unmarshaler by [UnmarshalRFC3339JSON].
func (t *RFC3339Time) UnmarshalJSON(b []byte) error { return UnmarshalRFC3339JSON(b, &t.Time) }

// asWritten is err with the time it names as written (s), not as
// upperRFC3339 made it.
func asWritten(err error, s string) error {
	var pe *time.ParseError
	if errors.As(err, &pe) {
		setWritten(pe, s)
	}
	return err
}

// setWritten names s, the time as written, in pe, whose Value is s as
// upperRFC3339 made it: ValueElem, the part of it refused, is a suffix of
// that Value and is taken from s too (a lower-case z refused is quoted
// as "z").
func setWritten(pe *time.ParseError, s string) {
	if len(s) != len(pe.Value) {
		return
	}
	if strings.HasSuffix(pe.Value, pe.ValueElem) {
		pe.ValueElem = s[len(s)-len(pe.ValueElem):]
	}
	pe.Value = s
}

// RFC3339ErrorAsWritten names the time that err refuses as data has it,
// where err is an error of decoding up, [UpperRFC3339Times]'s copy of
// data, and returns the byte offset in data of the time's opening quote,
// or −1 where err refuses no time of up. A time whose only fault is not
// a lower-case letter keeps that fault, but an error names it as sent,
// not in capitals.
func RFC3339ErrorAsWritten(err error, data, up []byte) int {
	var pe *time.ParseError
	if !errors.As(err, &pe) || len(up) != len(data) {
		return -1
	}
	i := bytes.Index(up, []byte(`"`+pe.Value+`"`))
	if i < 0 {
		return -1
	}
	setWritten(pe, string(data[i+1:i+1+len(pe.Value)]))
	return i
}

// UpperRFC3339Times is the JSON document data to decode into a value of
// v's type (v: a pointer to it) with a lower-case t and z (RFC 3339 §5.6)
// in capitals in each string that is the value of a key naming a
// time.Time field of that type (or an element of an array there), so
// that encoding/json, which takes a time.Time in capitals only, reads it
// as the same instant: the readers of zeropark's own JSON files
// (roadmap.json's start, summary.json's, a serve snapshot's saved_at)
// take such a time as every other timestamp reader does. Keys are matched
// by name (without case, as encoding/json does) wherever they are in the
// document; a string that is not otherwise RFC 3339 is left as it is,
// and so refused as before. Every change keeps the bytes' positions, so
// a decoding error's offset (and line) is the document's. data itself is
// not changed: a copy is returned when anything changes.
func UpperRFC3339Times(data []byte, v any) []byte {
	if !lowerTimeHint.Match(data) {
		return data // the common case: nothing to look at
	}
	keys := timeKeys(reflect.TypeOf(v))
	if len(keys) == 0 {
		return data
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var (
		out []byte
		// stack holds, per open object or array, whether a string in it
		// is a time: an array's from its key; an object's next value's
		// from the key just read.
		stack  []bool
		object []bool
		isKey  []bool
		key    string
	)
	for {
		tok, err := dec.Token()
		if err != nil {
			break // the decoder that follows says what is wrong
		}
		top := len(stack) - 1
		inTime := top >= 0 && !object[top] && stack[top]
		if top >= 0 && object[top] {
			if isKey[top] {
				if k, ok := tok.(string); ok {
					key = k
					isKey[top] = false
					continue
				}
			}
			inTime = keys[strings.ToLower(key)]
			isKey[top] = true
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, inTime)
				object = append(object, t == '{')
				isKey = append(isKey, t == '{')
			default:
				stack, object, isKey = stack[:top], object[:top], isKey[:top]
			}
		case string:
			end := int(dec.InputOffset()) - 1 // the closing quote
			start := end - len(t)
			if !inTime || start < 1 || data[end] != '"' || data[start-1] != '"' || string(data[start:end]) != t {
				continue // not a time, or written with escapes
			}
			u, changed := upperRFC3339(data[start:end])
			if !changed {
				continue
			}
			if out == nil {
				out = bytes.Clone(data)
			}
			copy(out[start:end], u)
		}
	}
	if out == nil {
		return data
	}
	return out
}

// lowerTimeHint finds what may be a lower-case t or z of an RFC 3339
// time: a digit, t, a digit; or a digit, z and a closing quote.
var lowerTimeHint = regexp.MustCompile(`[0-9]t[0-9]|[0-9]z"`)

var timeKeyCache sync.Map // reflect.Type → map[string]bool

// timeKeys are the keys (lower case) of the time.Time fields of type t
// and of the types it holds, a pointer to, slice, array or map of
// time.Time included.
func timeKeys(t reflect.Type) map[string]bool {
	if t == nil {
		return nil
	}
	if k, ok := timeKeyCache.Load(t); ok {
		return k.(map[string]bool)
	}
	keys := map[string]bool{}
	collectTimeKeys(t, keys, map[reflect.Type]bool{})
	timeKeyCache.Store(t, keys)
	return keys
}

var timeType = reflect.TypeFor[time.Time]()

func collectTimeKeys(t reflect.Type, keys map[string]bool, seen map[reflect.Type]bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == timeType || seen[t] {
		return
	}
	seen[t] = true
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice || ft.Kind() == reflect.Array || ft.Kind() == reflect.Map {
			ft = ft.Elem()
		}
		if ft == timeType {
			name, _, _ := strings.Cut(tag, ",")
			if name == "" {
				name = f.Name
			}
			keys[strings.ToLower(name)] = true
			continue
		}
		collectTimeKeys(ft, keys, seen)
	}
}
