package jsondoc

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// Object is a JSON object that keeps its members in order (encoding/json
// sorts a map's keys), for schemas a reader compares with the tables.
type Object []Member

// Member is one key of an Object and its value.
type Member struct {
	Key   string
	Value any
}

// MarshalJSON writes o's members in order.
func (o Object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.Key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.Value)
		if err != nil {
			return nil, fmt.Errorf("jsondoc: key %q: %w", m.Key, err)
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// SchemaOptions shape the JSON Schema [Schema] makes of a list of keys.
type SchemaOptions struct {
	// Title and Description head the schema.
	Title, Description string
	// Partial lists the paths of objects that may be written with some of
	// their keys only (a row written short: a roadmap's stage out of
	// reach), whose keys are therefore not required.
	Partial map[string]bool
	// Patterns gives a placeholder in a key's name ("<unit>") the regular
	// expression of the words it stands for; a key with one is matched by
	// pattern (patternProperties).
	Patterns map[string]string
}

// Schema is the JSON Schema (draft 2020-12) of the file whose keys are
// keys ([Keys]' list, in order): an object of objects and arrays, each key
// with its type and description; a key is required unless it is
// optional (left out when empty) or its object is partial; "or null" keys
// may be null; an object takes no key the list lacks, a map's object any
// key (its values typed).
func Schema(keys []Key, opts SchemaOptions) (Object, error) {
	s := &schemaBuilder{keys: keys, opts: opts, children: map[string][]int{}}
	for i, k := range keys {
		parent := ""
		if j := strings.LastIndex(k.Path, "."); j >= 0 {
			parent = k.Path[:j]
		}
		s.children[parent] = append(s.children[parent], i)
	}
	root, err := s.object("")
	if err != nil {
		return nil, err
	}
	head := Object{{"$schema", "https://json-schema.org/draft/2020-12/schema"}, {"title", opts.Title}}
	if opts.Description != "" {
		head = append(head, Member{"description", opts.Description})
	}
	return append(head, root...), nil
}

type schemaBuilder struct {
	keys     []Key
	opts     SchemaOptions
	children map[string][]int // a parent's path → its keys, in order
}

// object is the schema of the object at path, from its keys.
func (s *schemaBuilder) object(path string) (Object, error) {
	var props, patterns Object
	var required []string
	for _, i := range s.children[path] {
		k := s.keys[i]
		name := k.Path
		if path != "" {
			name = strings.TrimPrefix(k.Path, path+".")
		}
		v, optional, err := s.typed(k.Type, k.Path)
		if err != nil {
			return nil, fmt.Errorf("jsondoc: %s: %w", k.Path, err)
		}
		v = append(Object{{"description", k.Doc}}, v...)
		if re, ok := s.pattern(name); ok {
			patterns = append(patterns, Member{re, v})
			continue
		}
		props = append(props, Member{name, v})
		if !optional && !s.opts.Partial[path] {
			required = append(required, name)
		}
	}
	o := Object{{"type", "object"}, {"properties", props}}
	if len(patterns) > 0 {
		o = append(o, Member{"patternProperties", patterns})
	}
	if len(required) > 0 {
		o = append(o, Member{"required", required})
	}
	return append(o, Member{"additionalProperties", false}), nil
}

// pattern is the regular expression of a key name with a placeholder.
func (s *schemaBuilder) pattern(name string) (string, bool) {
	for ph, re := range s.opts.Patterns {
		if before, after, ok := strings.Cut(name, ph); ok {
			return "^" + regexp.QuoteMeta(before) + "(" + re + ")" + regexp.QuoteMeta(after) + "$", true
		}
	}
	return "", false
}

// typed is the schema of a value of JSON type typ ("number or null",
// "array of objects, optional", …) at path, and whether it is optional.
func (s *schemaBuilder) typed(typ, path string) (Object, bool, error) {
	typ, optional := strings.CutSuffix(typ, ", optional")
	v, err := s.value(typ, path)
	return v, optional, err
}

// value is the schema of a value of JSON type typ at path (its elements
// at path[], a map's values at path.<key>).
func (s *schemaBuilder) value(typ, path string) (Object, error) {
	typ, null := strings.CutSuffix(typ, " or null")
	var v Object
	switch {
	case strings.HasPrefix(typ, "array of "):
		items, err := s.value(singular(strings.TrimPrefix(typ, "array of ")), path+"[]")
		if err != nil {
			return nil, err
		}
		v = Object{{"type", "array"}, {"items", items}}
	case strings.HasPrefix(typ, "object of "):
		// A map of numbers, strings, …: no file writes a map of
		// objects, whose values' keys sit under the map's placeholder.
		elem := singular(strings.TrimPrefix(typ, "object of "))
		if strings.TrimSuffix(elem, " or null") == "object" {
			return nil, fmt.Errorf("a map of %ss is not described", elem)
		}
		vals, err := s.value(elem, path+".<key>")
		if err != nil {
			return nil, err
		}
		v = Object{{"type", "object"}, {"additionalProperties", vals}}
	case typ == "object":
		o, err := s.object(path)
		if err != nil {
			return nil, err
		}
		v = o
	case typ == "number", typ == "string", typ == "boolean":
		v = Object{{"type", typ}}
	case typ == "string (base64)":
		v = Object{{"type", "string"}, {"contentEncoding", "base64"}}
	default:
		return nil, fmt.Errorf("no schema for the type %q", typ)
	}
	if null {
		v[0].Value = []string{v[0].Value.(string), "null"}
	}
	return v, nil
}

// singular undoes plural: "objects or null" → "object or null".
func singular(typ string) string {
	if rest, ok := strings.CutPrefix(typ, "arrays of "); ok {
		return "array of " + rest
	}
	head, tail, _ := strings.Cut(typ, " ")
	head = strings.TrimSuffix(head, "s")
	if tail != "" {
		return head + " " + tail
	}
	return head
}
