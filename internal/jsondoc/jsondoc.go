// Package jsondoc lists the keys of a JSON file that a Go type writes with
// encoding/json, each with its JSON type and the documentation comment of
// the Go field it comes from, so that a reader of the file in another
// language has a table of every key (results/json-keys.md is generated
// with it; package results' tests keep it current).
//
// Keys are paths: an object's keys joined by ".", an array's elements by
// "[]" ("designs[].capacity_kw"), a map's keys by a placeholder naming
// the key ("energy_origin_kwh.<source>" when the map's comment does not
// say, "<key>"). Embedded structs without a tag are flattened into the
// object that embeds them, as encoding/json does.
//
// The comments are read from the Go source (go/parser), found under the
// module's root by the package path; a field with no comment of its own
// takes the comment of the field above it when nothing but the field's
// own line separates them (a comment on a group of fields, "ParkFile and
// SeriesFile are …").
package jsondoc

import (
	"encoding"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
)

// Key is one key of a JSON file.
type Key struct {
	// Path is the key's path from the top ("designs[].capacity_kw").
	Path string
	// Type is the JSON type: string, number, boolean, object, array of …;
	// "… or null" where the Go field is a pointer, and "optional" where
	// the key is left out when empty (omitempty).
	Type string
	// Doc is the Go field's comment on one line, its Go field names
	// replaced by their keys.
	Doc string
	// Field is the Go field the key comes from ("results.Roadmap.Park"),
	// for a message that asks for its comment.
	Field string
}

// Options say where the source is and how to treat types the walk
// cannot see through.
type Options struct {
	// Root is the module's root directory and Module its path
	// (github.com/zeropark/zeropark): package P's source is in
	// Root/strings.TrimPrefix(P, Module).
	Root, Module string
	// Opaque types are written as one value, not walked: the type's JSON
	// type and what it holds ("string: the stage's name").
	Opaque map[reflect.Type]string
	// Walk lists types that have a MarshalJSON of their own whose keys
	// are nonetheless their fields' (a different form only for some
	// values, which the field comments say).
	Walk map[reflect.Type]bool
	// Null lists the fields (Key.Field: "dispatch.Indicator.Met") of a
	// walked type that its MarshalJSON writes null at times although
	// their Go type has no nil: their type gets "or null".
	Null map[string]bool
	// MapKey names a map's keys by the path of the map
	// ("energy_origin_kwh" → "<source>"); "<key>" otherwise.
	MapKey map[string]string
	// Extra lists keys written by hand-made JSON under a path (a raw
	// message's keys): they are appended after that path's key.
	Extra map[string][]Key
	// NoNullLists says the file's writer writes a nil slice or map as an
	// empty one ([] or {}, package nonull), never null: a list or a map
	// is typed "array of …" or "object of …" without "or null" (the
	// elements' own type keeps theirs: a slice of pointers may hold null).
	NoNullLists bool
	// Fallback, when set, documents a key whose Go field has no comment
	// from another description of the same figure (a CSV column of the
	// same name): path → doc, "" when it has none.
	Fallback func(path string) string
}

// Keys lists the keys that encoding/json writes for a value of type t, in
// the order it writes them. It fails on a type it cannot describe (a
// MarshalJSON not listed in opts, a non-string map key, an interface), on
// source it cannot parse, or on a struct whose source it cannot find.
func Keys(t reflect.Type, opts Options) ([]Key, error) {
	w := &walker{opts: opts, docs: map[string]map[string]string{}, parsed: map[string]bool{}, at: map[string]typeAt{}}
	var keys []Key
	if err := w.value(t, "", "", &keys, map[reflect.Type]bool{}); err != nil {
		return nil, err
	}
	// The comments are written once every struct's place is known: a
	// comment may name a field of a struct written further down.
	for _, c := range w.comments {
		k := &keys[c.key]
		k.Doc = jsonNil(w.replaceNames(c.doc, c.in), k.Type)
		if o, ok := w.opts.Opaque[deref(c.field)]; ok && k.Doc == "" {
			k.Doc = o
		}
	}
	return keys, nil
}

type walker struct {
	opts   Options
	docs   map[string]map[string]string // "pkgpath.Type" (or "pkgpath.Type.Field…" for an inline struct) → field → doc
	parsed map[string]bool
	// at is where each named struct's fields are written, by its Go name
	// (Report → "" for summary.json's top level), for comments that name
	// another struct's field (Report.EnergyCost → energy_cost).
	at map[string]typeAt
	// comments are the keys' comments as written in the source, with
	// the struct each is in, for Keys to finish.
	comments []comment
}

// typeAt is where a struct's fields are written; ambiguous when the
// struct is written at more than one place (Capacities: added, total).
type typeAt struct {
	t         reflect.Type
	path      string
	ambiguous bool
}

// comment is key keys[key]'s comment, of a field of struct in whose type
// is field.
type comment struct {
	key       int
	doc       string
	in, field reflect.Type
}

var (
	jsonMarshaler = reflect.TypeFor[json.Marshaler]()
	textMarshaler = reflect.TypeFor[encoding.TextMarshaler]()
	rawMessage    = reflect.TypeFor[json.RawMessage]()
)

// value describes a value of type t at path (structKey: the doc key of
// the struct t is, for an inline struct; "" for a named type).
func (w *walker) value(t reflect.Type, path, structKey string, keys *[]Key, seen map[reflect.Type]bool) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if _, ok := w.opts.Opaque[t]; ok {
		return nil
	}
	if t == rawMessage {
		return nil
	}
	if (t.Implements(jsonMarshaler) || reflect.PointerTo(t).Implements(jsonMarshaler)) && !w.opts.Walk[t] {
		return fmt.Errorf("jsondoc: %s at %q has a MarshalJSON of its own: list it in Options.Opaque or Options.Walk", t, path)
	}
	if t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		if seen[t] {
			return fmt.Errorf("jsondoc: %s at %q contains itself", t, path)
		}
		seen[t] = true
		defer delete(seen, t)
		return w.fields(t, path, structKey, keys, seen)
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return nil
		}
		return w.value(t.Elem(), path+"[]", structKey, keys, seen)
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return fmt.Errorf("jsondoc: %s at %q: map keys other than strings are not described", t, path)
		}
		k := w.opts.MapKey[path]
		if k == "" {
			k = "<key>"
		}
		return w.value(t.Elem(), path+"."+k, structKey, keys, seen)
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return fmt.Errorf("jsondoc: %s at %q: a %s is not described", t, path, t.Kind())
	}
	return nil
}

// fields describes the fields of struct t at path.
func (w *walker) fields(t reflect.Type, path, structKey string, keys *[]Key, seen map[reflect.Type]bool) error {
	docKey := structKey
	if t.Name() != "" {
		docKey = t.PkgPath() + "." + t.Name()
		if err := w.parse(t.PkgPath()); err != nil {
			return err
		}
	}
	if t.Name() != "" {
		a, seen := w.at[t.Name()]
		switch {
		case !seen:
			w.at[t.Name()] = typeAt{t: t, path: path}
		case a.t != t || a.path != path:
			a.ambiguous = true
			w.at[t.Name()] = a
		}
	}
	docs, ok := w.docs[docKey]
	if !ok {
		return fmt.Errorf("jsondoc: no source for struct %s at %q (doc key %q)", t, path, docKey)
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, omit, skip := jsonName(f)
		if skip {
			continue
		}
		ft := f.Type
		if f.Anonymous && f.Tag.Get("json") == "" {
			et := ft
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if err := w.value(et, path, docKey+"."+f.Name, keys, seen); err != nil {
					return err
				}
				continue
			}
		}
		p := name
		if path != "" {
			p = path + "." + name
		}
		typ, err := w.jsonType(ft)
		if err != nil {
			return fmt.Errorf("jsondoc: %s.%s at %q: %w", t, f.Name, p, err)
		}
		if w.opts.Null[t.String()+"."+f.Name] && !strings.HasSuffix(typ, " or null") {
			typ += " or null"
		}
		if omit {
			// A nil pointer is left out, not written null.
			typ = strings.TrimSuffix(typ, " or null") + ", optional"
		}
		doc := docs[f.Name]
		if doc == "" && w.opts.Fallback != nil {
			doc = w.opts.Fallback(p)
		}
		w.comments = append(w.comments, comment{key: len(*keys), doc: doc, in: t, field: ft})
		*keys = append(*keys, Key{Path: p, Type: typ, Field: t.String() + "." + f.Name})
		if err := w.value(ft, p, docKey+"."+f.Name, keys, seen); err != nil {
			return err
		}
		*keys = append(*keys, w.opts.Extra[p]...)
	}
	return nil
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// jsonName is field f's key, whether it has omitempty, and whether
// encoding/json leaves it out.
func jsonName(f reflect.StructField) (name string, omit, skip bool) {
	tag := f.Tag.Get("json")
	if tag == "-" || (!f.IsExported() && !f.Anonymous) {
		return "", false, true
	}
	name, opts, _ := strings.Cut(tag, ",")
	for _, o := range strings.Split(opts, ",") {
		if o == "omitempty" || o == "omitzero" {
			omit = true
		}
	}
	if name == "" {
		name = f.Name
	}
	return name, omit, false
}

// jsonType is the JSON type a value of type t is written as.
func (w *walker) jsonType(t reflect.Type) (string, error) {
	null := ""
	for t.Kind() == reflect.Pointer {
		t, null = t.Elem(), " or null"
	}
	if o, ok := w.opts.Opaque[t]; ok {
		typ, _, _ := strings.Cut(o, ":")
		return typ + null, nil
	}
	if t == rawMessage {
		return "object" + null, nil
	}
	if (t.Implements(textMarshaler) || reflect.PointerTo(t).Implements(textMarshaler)) && !t.Implements(jsonMarshaler) {
		return "string" + null, nil
	}
	switch t.Kind() {
	case reflect.String:
		return "string" + null, nil
	case reflect.Bool:
		return "boolean" + null, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "number" + null, nil
	case reflect.Struct:
		return "object" + null, nil
	case reflect.Map:
		e, err := w.jsonType(t.Elem())
		if err != nil {
			return "", err
		}
		// A nil map is written null unless the field is omitted or the
		// writer writes it {}.
		return "object of " + plural(e) + w.listNull(), nil
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return "string (base64)" + null, nil
		}
		e, err := w.jsonType(t.Elem())
		if err != nil {
			return "", err
		}
		// A nil slice is written null unless the field is omitted or the
		// writer writes it [].
		return "array of " + plural(e) + w.listNull(), nil
	}
	return "", fmt.Errorf("a %s is not described", t.Kind())
}

// listNull is " or null", the type of a nil slice or map, unless the
// writer writes them empty (Options.NoNullLists).
func (w *walker) listNull() string {
	if w.opts.NoNullLists {
		return ""
	}
	return " or null"
}

// plural is "strings" for "string", "objects or null" for "object or null".
func plural(typ string) string {
	head, tail, _ := strings.Cut(typ, " ")
	if strings.HasPrefix(typ, "array of ") || strings.HasPrefix(typ, "object of ") {
		return "arrays of " + strings.TrimPrefix(strings.TrimPrefix(typ, "array of "), "object of ")
	}
	if strings.HasPrefix(typ, "string (") {
		return "strings" + strings.TrimPrefix(typ, "string")
	}
	if tail != "" {
		return head + "s " + tail
	}
	return head + "s"
}

// goName is an exported Go identifier at a word boundary, or a chain of
// them joined by dots (Energy.Unserved), maybe after a package's name
// (dispatch.Report.EnergyCost).
var goName = regexp.MustCompile(`\b([a-z][a-z0-9]*\.)?[A-Z][A-Za-z0-9]*(\.[A-Z][A-Za-z0-9]*)*\b`)

// replaceNames writes the Go field names of struct t in doc as their
// JSON keys, in backquotes, a chain of them (Energy.Unserved) as the
// key's path (energy_kwh.unserved), and a field of another struct the
// file writes at one place (Report.EnergyCost of t's package,
// dispatch.Report.EnergyCost of the package named) as its path from the
// top. Left as they are: other words, a chain that
// does not resolve to keys to its end (a method: a name followed by "(";
// a struct the file does not write, or writes at several places), and
// names written in capitals, which name a technology more often than a
// field (PV, CHP).
func (w *walker) replaceNames(doc string, t reflect.Type) string {
	var b strings.Builder
	last := 0
	for _, m := range goName.FindAllStringSubmatchIndex(doc, -1) {
		if (m[0] > 0 && doc[m[0]-1] == '.') || (m[1] < len(doc) && doc[m[1]] == '(') {
			continue
		}
		qualified := m[2] >= 0
		chain := doc[m[0]:m[1]]
		if qualified {
			chain = doc[m[3]:m[1]]
		}
		names := strings.Split(chain, ".")
		key, ok := "", false
		if !qualified {
			if len(names) == 1 && strings.ToUpper(chain) == chain {
				continue
			}
			key, ok = keyPath(t, names)
		}
		// Another struct: of the package named, or of t's.
		pkg := t.PkgPath()
		if qualified {
			pkg = doc[m[2] : m[3]-1]
		}
		if a, found := w.at[names[0]]; !ok && len(names) > 1 && found && !a.ambiguous &&
			(a.t.PkgPath() == pkg || (qualified && path.Base(a.t.PkgPath()) == pkg)) {
			if key, ok = keyPath(a.t, names[1:]); ok && a.path != "" {
				key = a.path + "." + key
			}
		}
		if !ok {
			continue
		}
		b.WriteString(doc[last:m[0]])
		b.WriteString("`" + key + "`")
		last = m[1]
	}
	b.WriteString(doc[last:])
	return b.String()
}

// keyPath is the key path of the chain of Go field names in struct t
// (through pointers, embedded structs and slices, whose elements it marks
// []), and whether every name is a field written as a key.
func keyPath(t reflect.Type, names []string) (string, bool) {
	var keys []string
	for _, n := range names {
		t = deref(t)
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			t = deref(t.Elem())
			keys[len(keys)-1] += "[]"
		}
		if t.Kind() != reflect.Struct {
			return "", false
		}
		f, ok := t.FieldByName(n)
		if !ok || !f.IsExported() {
			return "", false
		}
		name, _, skip := jsonName(f)
		if skip || (f.Anonymous && f.Tag.Get("json") == "") {
			return "", false
		}
		keys = append(keys, name)
		t = f.Type
	}
	return strings.Join(keys, "."), true
}

// parse reads the comments of every struct in package pkg's source.
func (w *walker) parse(pkg string) error {
	if w.parsed[pkg] {
		return nil
	}
	w.parsed[pkg] = true
	rel, ok := strings.CutPrefix(pkg, w.opts.Module)
	if !ok {
		return fmt.Errorf("jsondoc: package %s is not in module %s", pkg, w.opts.Module)
	}
	dir := filepath.Join(w.opts.Root, filepath.FromSlash(strings.TrimPrefix(rel, "/")))
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("jsondoc: package %s: %w", pkg, err)
	}
	fset := token.NewFileSet()
	var files []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			files = append(files, n)
		}
	}
	sort.Strings(files)
	for _, n := range files {
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			return fmt.Errorf("jsondoc: %w", err)
		}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, s := range gd.Specs {
				ts := s.(*ast.TypeSpec)
				w.structDocs(fset, pkg+"."+ts.Name.Name, ts.Type)
			}
		}
	}
	return nil
}

// structDocs records the field comments of the struct type expr (under
// key), and of the inline structs in its fields (under key.Field).
func (w *walker) structDocs(fset *token.FileSet, key string, expr ast.Expr) {
	for {
		switch e := expr.(type) {
		case *ast.StarExpr:
			expr = e.X
			continue
		case *ast.ArrayType:
			expr = e.Elt
			continue
		case *ast.MapType:
			expr = e.Value
			continue
		}
		break
	}
	st, ok := expr.(*ast.StructType)
	if !ok {
		return
	}
	docs := map[string]string{}
	w.docs[key] = docs
	groupDoc, prevEnd := "", -1 // the last comment of the fields on the lines above, none blank
	for _, f := range st.Fields.List {
		doc := ""
		if f.Doc != nil {
			doc = f.Doc.Text()
		} else if f.Comment != nil {
			doc = f.Comment.Text()
		}
		var names []string
		for _, n := range f.Names {
			names = append(names, n.Name)
		}
		start := fset.Position(f.Pos()).Line
		switch {
		case f.Doc != nil:
			groupDoc = f.Doc.Text()
		case start != prevEnd+1:
			groupDoc = ""
		}
		if doc == "" && len(names) == 1 && mentions(groupDoc, names[0], tagName(f)) {
			doc = groupDoc // a group's comment that names it
		}
		doc = oneLine(doc)
		if len(names) == 0 { // embedded
			t := f.Type
			if s, ok := t.(*ast.StarExpr); ok {
				t = s.X
			}
			switch n := t.(type) {
			case *ast.Ident:
				names = append(names, n.Name)
			case *ast.SelectorExpr:
				names = append(names, n.Sel.Name)
			}
		}
		for _, n := range names {
			docs[n] = doc
			w.structDocs(fset, key+"."+n, f.Type)
		}
		prevEnd = fset.Position(f.End()).Line
		if f.Comment != nil {
			prevEnd = fset.Position(f.Comment.End()).Line
		}
	}
}

// word is a word of a comment, for [mentions].
var word = regexp.MustCompile(`[A-Za-z0-9_]+`)

// goNil is Go's nil in a comment.
var goNil = regexp.MustCompile(`\bnil\b`)

// jsonNil writes Go's nil in doc as the file shows it: "nil (JSON null)"
// as null; a bare nil by the key's type, null where the key is written
// null, absent where it is left out (else as it is: a comment on a group
// of keys may speak of another's).
func jsonNil(doc, typ string) string {
	doc = strings.ReplaceAll(doc, "nil (JSON null)", "null")
	switch {
	case strings.Contains(typ, "or null"):
		return goNil.ReplaceAllString(doc, "null")
	case strings.HasSuffix(typ, ", optional"):
		return goNil.ReplaceAllString(doc, "absent")
	}
	return doc
}

// mentions reports whether doc names a field by its Go name or its key.
func mentions(doc, name, key string) bool {
	for _, w := range word.FindAllString(doc, -1) {
		if w == name || (key != "" && w == key) {
			return true
		}
	}
	return false
}

// tagName is the key in field f's json tag, "" when it has none.
func tagName(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	tag := reflect.StructTag(strings.Trim(f.Tag.Value, "`")).Get("json")
	name, _, _ := strings.Cut(tag, ",")
	return name
}

// docLink is a Go doc link, [Name] or [pkg.Name.Field].
var docLink = regexp.MustCompile(`\[([A-Za-z_][A-Za-z0-9_.]*)\]`)

// oneLine is a comment's text on one line, doc links unbracketed.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return docLink.ReplaceAllString(s, "$1")
}

// Markdown is keys as a Markdown table: key, type, meaning. A key whose
// meaning is the key's above (a comment on a group of fields) points to
// the first of the group instead of repeating it.
func Markdown(keys []Key) string {
	var b strings.Builder
	b.WriteString("| key | type | meaning |\n|---|---|---|\n")
	first := ""
	for i, k := range keys {
		doc := strings.ReplaceAll(k.Doc, "|", "\\|")
		if i > 0 && k.Doc != "" && k.Doc == keys[i-1].Doc {
			doc = "as `" + first + "`"
		} else {
			first = k.Path
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", k.Path, k.Type, doc)
	}
	return b.String()
}
