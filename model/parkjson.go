package model

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zeropark/zeropark/internal/atomicfile"
)

// unlimitedJSON is how [Unlimited] is spelt in park JSON.
const unlimitedJSON = "unlimited"

// limitKW is a grid limit in kW as park JSON holds it: a number, or the
// string "unlimited" for +Inf (JSON has no infinity).
type limitKW float64

func (l limitKW) MarshalJSON() ([]byte, error) {
	v := float64(l)
	switch {
	case math.IsInf(v, 1):
		return []byte(`"` + unlimitedJSON + `"`), nil
	case math.IsNaN(v) || math.IsInf(v, -1):
		return nil, fmt.Errorf("model: grid limit %v kW cannot be written: %w", v, ErrInvalid)
	}
	return json.Marshal(v)
}

func (l *limitKW) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		// Any case, as a sweep file's limit cells read (CLI QA,
		// 2026-12-04: "Unlimited" was refused as "want a number").
		if !strings.EqualFold(strings.TrimSpace(s), unlimitedJSON) {
			return &json.UnmarshalTypeError{Value: "string " + quote(s), Type: reflect.TypeOf(0.0)}
		}
		*l = limitKW(math.Inf(1))
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// The offset is relative to b; the caller locates the key.
			te.Offset = 0
		}
		return err
	}
	*l = limitKW(v)
	return nil
}

// gridFile mirrors [Grid] with the limits as limitKW (kept in step with Grid
// by TestMirrorTypes).
type gridFile struct {
	ImportLimitKW    limitKW       `json:"import_limit_kw"`
	ExportLimitKW    limitKW       `json:"export_limit_kw"`
	DispatchCarbon   CarbonSignal  `json:"dispatch_carbon"`
	AccountingCarbon *CarbonSignal `json:"accounting_carbon,omitempty"`
	ImportPrice      *Price        `json:"import_price,omitempty"`
	ExportPrice      *Price        `json:"export_price,omitempty"`
	// DemandChargePerKWMonth as in Grid.
	DemandChargePerKWMonth float64 `json:"demand_charge_per_kw_month,omitempty"`
}

// parkFile mirrors [Park] with a gridFile, so that decoding a park file
// needs no custom Grid.UnmarshalJSON (a nested decoder would lose
// DisallowUnknownFields and error offsets).
type parkFile struct {
	// SchemaURI is the URI of the park file's JSON Schema ([ParkSchema]) for
	// an editor to check the file against as it is written; zeropark does
	// not read it, and Park has no such field: a park written back (a
	// plan's design parks) leaves it out, as its file may sit elsewhere.
	SchemaURI   string        `json:"$schema,omitempty"`
	Name        string        `json:"name"`
	Description string        `json:"description,omitempty"`
	Loads       []Load        `json:"loads"`
	PV          []PVArray     `json:"pv"`
	Wind        []WindTurbine `json:"wind"`
	Batteries   []Battery     `json:"batteries"`

	HeatLoads       []HeatLoad       `json:"heat_loads,omitempty"`
	HeatPumps       []HeatPump       `json:"heat_pumps,omitempty"`
	ElectricBoilers []ElectricBoiler `json:"electric_boilers,omitempty"`
	FuelBoilers     []FuelBoiler     `json:"fuel_boilers,omitempty"`
	CHP             []CHP            `json:"chp,omitempty"`
	ThermalStorage  []ThermalStorage `json:"thermal_storage,omitempty"`
	PurchasedHeat   []PurchasedHeat  `json:"purchased_heat,omitempty"`
	Fuels           []Fuel           `json:"fuels,omitempty"`

	Grid                  gridFile              `json:"grid"`
	Market                *Market               `json:"market,omitempty"`
	StageThresholds       *StageThresholds      `json:"stage_thresholds,omitempty"`
	StageThresholdsByYear []YearStageThresholds `json:"stage_thresholds_by_year,omitempty"`
	Economics             *Economics            `json:"economics,omitempty"`
}

func toGridFile(g Grid) gridFile {
	return gridFile{
		ImportLimitKW:    limitKW(g.ImportLimitKW),
		ExportLimitKW:    limitKW(g.ExportLimitKW),
		DispatchCarbon:   g.DispatchCarbon,
		AccountingCarbon: g.AccountingCarbon,
		ImportPrice:      g.ImportPrice,
		ExportPrice:      g.ExportPrice,

		DemandChargePerKWMonth: g.DemandChargePerKWMonth,
	}
}

func (g gridFile) grid() Grid {
	return Grid{
		ImportLimitKW:    float64(g.ImportLimitKW),
		ExportLimitKW:    float64(g.ExportLimitKW),
		DispatchCarbon:   g.DispatchCarbon,
		AccountingCarbon: g.AccountingCarbon,
		ImportPrice:      g.ImportPrice,
		ExportPrice:      g.ExportPrice,

		DemandChargePerKWMonth: g.DemandChargePerKWMonth,
	}
}

// MarshalJSON writes the grid with an [Unlimited] limit as the string
// "unlimited".
func (g Grid) MarshalJSON() ([]byte, error) { return json.Marshal(toGridFile(g)) }

// UnmarshalJSON reads a grid whose limits are numbers in kW or "unlimited".
// Unknown keys are errors. [ReadParkJSON] gives better error positions.
func (g *Grid) UnmarshalJSON(b []byte) error {
	var f gridFile
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return err
	}
	*g = f.grid()
	return nil
}

// maxWholeRewrites bounds how many whole-number values written with a
// point [decodeWhole] rewrites: a park's whole-number keys are a few
// years and the months of its time-of-use windows.
const maxWholeRewrites = 4096

// decodeWhole decodes *data into f, unknown keys refused, and returns the
// decoder (for what follows the park object). A whole-number key (cost_year,
// analysis_years, a stage_thresholds_by_year entry's year, a window's
// months) written with a decimal point and nothing after it but zeros —
// 20.0, as a script that writes every number as a float does — reads as
// the whole number, as JSON Schema's "integer" and the park schema take it:
// the value is rewritten in *data, padded with spaces so that every offset
// after it (the line and column of a later error) stays, and the file is
// decoded again; encoding/json reports one value of the wrong type at a
// time. 20.5, 2e1 and 20.0 beyond an int's range are left to the error.
func decodeWhole(data *[]byte, f *parkFile) (*json.Decoder, error) {
	copied, strict := false, true
	for range maxWholeRewrites {
		*f = parkFile{}
		dec := json.NewDecoder(bytes.NewReader(*data))
		if strict {
			dec.DisallowUnknownFields()
		}
		err := dec.Decode(f)
		if err != nil && strict && isUnknownField(err) {
			// The strict decoder reports an unknown key, not the values
			// after it: rewrite those letting unknown keys pass, so that
			// decodeError's own lenient decode does not call 20.0 a
			// value of the wrong type beside the unknown key.
			strict = false
			continue
		}
		lit, start, end, whole, ok := "", 0, 0, "", false
		var typ *json.UnmarshalTypeError
		if err != nil && errors.As(err, &typ) && typ.Type != nil && typ.Type.Kind() == reflect.Int {
			lit, ok = strings.CutPrefix(typ.Value, "number ")
			end = int(typ.Offset)
			start = end - len(lit)
			ok = ok && start >= 0 && end <= len(*data) && string((*data)[start:end]) == lit
		}
		if ok {
			whole, ok = wholeWithPoint(lit)
		}
		if !ok {
			if !strict {
				break // every value that can be rewritten is: decode strictly below
			}
			return dec, err
		}
		if !copied { // the caller's bytes are not ours to change
			*data = bytes.Clone(*data)
			copied = true
		}
		copy((*data)[start:end], whole+strings.Repeat(" ", len(lit)-len(whole)))
	}
	dec := json.NewDecoder(bytes.NewReader(*data))
	dec.DisallowUnknownFields()
	return dec, dec.Decode(f)
}

// isUnknownField reports whether err, not nil, is encoding/json's error
// for a key that no field matches ([unknownField]).
func isUnknownField(err error) bool {
	_, ok := unknownField(err)
	return ok
}

// wholeWithPoint is lit without its point and trailing zeros when lit is
// a JSON number written with a point and zeros only after it (−3.0, 20.00)
// whose whole part fits an int.
func wholeWithPoint(lit string) (string, bool) {
	whole, frac, ok := strings.Cut(lit, ".")
	if !ok || frac == "" || strings.Trim(frac, "0") != "" {
		return "", false
	}
	if _, err := strconv.Atoi(whole); err != nil {
		return "", false
	}
	if whole == "-0" {
		whole = "0"
	}
	return whole, true
}

// MaxParkFileBytes is the largest park file read: 16 MB, a thousand
// times a park of hundreds of assets.
const MaxParkFileBytes = 16 << 20

// ReadParkJSON reads a park file. name (usually the file name) is used in
// error messages. Unknown keys, syntax errors, values of the wrong type and
// trailing data are errors of type [*JSONError] naming name, line and column
// (and the key when known), unwrapping to [ErrInvalid]. Grid limits are
// numbers in kW or the string "unlimited" ([Unlimited]). A UTF-8
// byte-order mark at the start is skipped (columns count from after it).
// A whole-number key written with a point and zeros after it (20.0) reads
// as the whole number, as the park schema takes it.
//
// Nothing defaults silently: a key [ParkKeys] lists as required that is
// missing or null, a null element of an asset list, a key given twice in
// one object and a key in another case than ParkKeys spells it
// (encoding/json would match it) are errors too, each a *JSONError naming the line and column
// (of the enclosing object, or of the second key), the asset by index and
// name and the key; all of them are reported at once (errors.Join), in
// the file's order (by line, then column). Empty lists read as nil.
//
// The park is not validated: call [Park.Validate] or [Park.ValidateWith].
// Their errors about the park returned (not a copy of it) name name and
// the line and column of the key at fault ([FieldError]).
func ReadParkJSON(r io.Reader, name string) (*Park, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxParkFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("model: %s: %w", name, err)
	}
	if len(data) > MaxParkFileBytes {
		// (CLI QA, 2026-12-04: --park /dev/zero read 760 MB in 10 s and
		// went on.)
		return nil, &JSONError{File: name, Err: fmt.Errorf("more than %d MB: a park file is kilobytes (is it the series, or a device?)", MaxParkFileBytes>>20)}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if why := utf16Error(data); why != nil {
		return nil, &JSONError{File: name, Line: 1, Col: 1, Err: why}
	}
	if off := invalidUTF8(data); off < len(data) {
		// encoding/json would read the bytes as U+FFFD in a name or a
		// column, silently (CLI QA, 2026-12-04): the column then matches
		// no header of the series, the name prints as "�".
		line, col := lineCol(data, off)
		why := fmt.Errorf("byte 0x%02X is not UTF-8: save the park file as UTF-8 (a file saved as Latin-1 or GBK writes names so)", data[off])
		return nil, &JSONError{File: name, Line: line, Col: col, Err: why}
	}
	var f parkFile
	dec, err := decodeWhole(&data, &f)
	if err != nil {
		return nil, decodeError(data, name, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		off := int(dec.InputOffset())
		if err == nil {
			// The token has been read: point at its start.
			off = lastTokenStart(data, off)
		}
		line, col := lineCol(data, off)
		return nil, &JSONError{File: name, Line: line, Col: col, Err: errors.New("unexpected data after the park object")}
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		return nil, &JSONError{File: name, Line: 1, Col: 1, Err: errors.New("park is null")}
	}
	root, err := scanKeys(data, name)
	if err != nil {
		return nil, err
	}
	p := &Park{
		Name:        f.Name,
		Description: f.Description,
		Loads:       nilIfEmpty(f.Loads),
		PV:          nilIfEmpty(f.PV),
		Wind:        nilIfEmpty(f.Wind),
		Batteries:   nilIfEmpty(f.Batteries),

		HeatLoads:       nilIfEmpty(f.HeatLoads),
		HeatPumps:       nilIfEmpty(f.HeatPumps),
		ElectricBoilers: nilIfEmpty(f.ElectricBoilers),
		FuelBoilers:     nilIfEmpty(f.FuelBoilers),
		CHP:             nilIfEmpty(f.CHP),
		ThermalStorage:  nilIfEmpty(f.ThermalStorage),
		PurchasedHeat:   nilIfEmpty(f.PurchasedHeat),
		Fuels:           nilIfEmpty(f.Fuels),

		Grid:                  f.Grid.grid(),
		Market:                f.Market,
		StageThresholds:       f.StageThresholds,
		StageThresholdsByYear: nilIfEmpty(f.StageThresholdsByYear),
		Economics:             f.Economics,
	}
	for i := range p.Wind {
		if w := p.Wind[i].Weather; w != nil {
			w.Curve = nilIfEmpty(w.Curve)
		}
	}
	if root != nil {
		rememberSource(p, &parkSource{file: name, data: data, root: root})
	}
	return p, nil
}

// invalidUTF8 is the offset of data's first byte that does not begin a
// valid UTF-8 sequence (len(data) when all of it is valid).
func invalidUTF8(data []byte) int {
	for off := 0; off < len(data); {
		r, n := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && n <= 1 {
			return off
		}
		off += n
	}
	return len(data)
}

// nilIfEmpty makes an empty list nil, as [Park.WriteJSON] writes nil.
func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// LoadPark reads the park file at path; see [ReadParkJSON].
func LoadPark(path string) (*Park, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("model: %w", err)
	}
	defer f.Close()
	return ReadParkJSON(f, path)
}

// WriteJSON writes the park as indented JSON (two spaces), with an
// [Unlimited] grid limit as "unlimited", an empty list as [] and every key
// [ParkKeys] requires (a carbon signal or price without a column with its
// constant, even 0). [ReadParkJSON] reads it back to an equal park. NaN or
// infinite values other than +Inf limits cannot be written and give an
// error.
func (p *Park) WriteJSON(w io.Writer) error {
	f := parkFile{
		Name:        p.Name,
		Description: p.Description,
		Loads:       emptyIfNil(p.Loads),
		PV:          emptyIfNil(p.PV),
		Wind:        emptyIfNil(p.Wind),
		Batteries:   emptyIfNil(p.Batteries),

		// The heat lists are optional: an electricity-only park is
		// written as before, without them.
		HeatLoads:       p.HeatLoads,
		HeatPumps:       p.HeatPumps,
		ElectricBoilers: p.ElectricBoilers,
		FuelBoilers:     p.FuelBoilers,
		CHP:             p.CHP,
		ThermalStorage:  p.ThermalStorage,
		PurchasedHeat:   p.PurchasedHeat,
		Fuels:           p.Fuels,

		Grid:                  toGridFile(p.Grid),
		Market:                p.Market,
		StageThresholds:       p.StageThresholds,
		StageThresholdsByYear: p.StageThresholdsByYear,
		Economics:             p.Economics,
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("model: writing park: %w", err)
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// emptyIfNil makes a nil list empty, so that it is written as [], not null
// (a required list must not be null).
func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// MarshalJSON writes the signal with kgco2e_per_kwh present whenever there
// is no column, even when it is 0: [ReadParkJSON] requires one of the two.
func (s CarbonSignal) MarshalJSON() ([]byte, error) {
	type plain CarbonSignal // without this method
	if s.Column != "" {
		return json.Marshal(plain(s))
	}
	return json.Marshal(struct {
		KgCO2ePerKWh float64    `json:"kgco2e_per_kwh"`
		Kind         SignalKind `json:"kind,omitempty"`
		Source       string     `json:"source,omitempty"`
	}{s.KgCO2ePerKWh, s.Kind, s.Source})
}

// MarshalJSON writes the price with per_kwh present whenever there is no
// column, even when it is 0: [ReadParkJSON] requires one of the two.
func (p Price) MarshalJSON() ([]byte, error) {
	type plain Price
	if p.Column != "" {
		return json.Marshal(plain(p))
	}
	return json.Marshal(struct {
		PerKWh    float64     `json:"per_kwh"`
		TimeOfUse []TOUPeriod `json:"time_of_use,omitempty"`
	}{p.PerKWh, p.TimeOfUse})
}

// SavePark writes the park to path atomically: it writes a temporary file in
// the same directory and renames it over path, so readers see the old file
// or the new one, never half of one.
func SavePark(path string, p *Park) error {
	if err := atomicfile.Write(path, p.WriteJSON); err != nil {
		return fmt.Errorf("model: saving park: %w", err)
	}
	return nil
}

// decodeError turns the error of the strict decode of data into
// *JSONError values. A syntax error or a file cut short is one error at
// its line and column. Otherwise data is well-formed JSON that does not fit
// the park, and the problems are all reported at once: the first value of
// the wrong type, every unknown key (with what was likely meant) and what
// the key check (scanKeys) finds, each naming its asset and the key's path with indices.
func decodeError(data []byte, name string, err error) error {
	var typ *json.UnmarshalTypeError
	isType := errors.As(err, &typ)
	unknownKey, isUnknown := unknownField(err)
	if !isType && !isUnknown {
		return jsonError(data, name, err)
	}
	root, scanErr := scanJSON(data)
	if scanErr != nil || root == nil {
		return jsonError(data, name, err) // cannot happen: the decoder read all of it
	}
	if !isType {
		// The decoder reports only its first problem, here an unknown
		// key: decode again, letting unknown keys pass, for the first
		// value of a wrong type.
		var f parkFile
		if lenient := json.NewDecoder(bytes.NewReader(data)).Decode(&f); !errors.As(lenient, &typ) {
			typ = nil
		}
	}
	c := &keyChecker{data: data, file: name, unknown: true}
	if typ != nil {
		c.find = typeErrorAt(data, typ)
	}
	c.value(root, where{})
	errs := c.errs
	if typ != nil {
		te := jsonError(data, name, typ) // placed from the error alone
		if c.at != nil {
			te = typeError(data, name, typ, c.at, c.atWhere)
		}
		errs = append([]error{te}, errs...)
	}
	if isUnknown && !c.unknownSeen[unknownKey] {
		// The key rules and the types disagree (TestParkKeysCoverTheTypes
		// keeps them in step): say what the decoder said too.
		errs = append([]error{jsonError(data, name, err)}, errs...)
	}
	return joinInFileOrder(errs)
}

// unknownField is the key of encoding/json's error for a key that no field
// matches (an error with no type of its own), and whether err is one.
func unknownField(err error) (key string, ok bool) {
	k, ok := strings.CutPrefix(err.Error(), "json: unknown field ")
	if !ok {
		return "", false
	}
	if key, qerr := strconv.Unquote(k); qerr == nil {
		return key, true
	}
	return k, true
}

// typeErrorAt is the keyChecker.find that accepts the value typ is about:
// the one that starts where the decoder stopped, or, when the decoder gave
// no offset (a custom unmarshaler's error), the first at typ.Field, a path
// without list indices.
func typeErrorAt(data []byte, typ *json.UnmarshalTypeError) func(n *jnode, w where) bool {
	if typ.Offset > 0 {
		start := valueStart(data, int(typ.Offset))
		return func(n *jnode, _ where) bool { return n.off == start }
	}
	return func(_ *jnode, w where) bool {
		return typ.Field != "" && strings.EqualFold(strings.ReplaceAll(w.object, "[]", ""), typ.Field)
	}
}

// typeError is the error for typ, about value n at w.
func typeError(data []byte, name string, typ *json.UnmarshalTypeError, n *jnode, w where) *JSONError {
	line, col := lineCol(data, n.off)
	return &JSONError{File: name, Line: line, Col: col, Asset: w.asset, Key: w.key, Path: w.path(w.key),
		Err: &causeError{typeMessage(typ, data[n.off:valueEnd(data, n.off)]), typ}}
}

// typeMessage says what is wrong with v, the value (its first bytes for an
// object or a list) that typ is about; v is empty when it was not found.
func typeMessage(typ *json.UnmarshalTypeError, v []byte) string {
	what := "want " + typeName(typ.Type.String())
	switch {
	case len(v) == 0:
		return what
	case v[0] == '[' || v[0] == '{':
		return "got " + typ.Value + ", " + what
	case strings.HasPrefix(typ.Value, "number") && typ.Type.Kind() == reflect.Float64:
		// A number the decoder cannot hold (1e400): it is a number.
		return "value " + echo(string(v)) + ": out of the range of a number (at most ±1.8e308)"
	}
	return "value " + echo(string(v)) + ": " + what
}

// jsonError turns a decoding error into a *JSONError with line and column,
// from the error alone (decodeError places the errors it can better).
func jsonError(data []byte, name string, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return &JSONError{File: name, Line: 1, Col: 1, Err: errors.New("empty file: want a park object")}
	case errors.Is(err, io.ErrUnexpectedEOF):
		line, col := lineCol(data, len(data))
		return &JSONError{File: name, Line: line, Col: col, Err: errors.New("unexpected end of file")}
	case errors.As(err, &syn):
		// Offset counts the bytes read, including the bad one.
		line, col := lineCol(data, int(syn.Offset)-1)
		return &JSONError{File: name, Line: line, Col: col, Err: err}
	case errors.As(err, &typ):
		key := typ.Field
		start, end := 0, int(typ.Offset)
		found := end > 0
		if found {
			start = valueStart(data, end)
		} else if key != "" {
			start = keyOffset(data, strings.Split(key, "."))
			end = valueEnd(data, start)
			found = start > 0
		}
		var line, col int
		var v []byte
		if found {
			line, col = lineCol(data, start)
			v = data[start:max(start, end)]
		}
		return &JSONError{File: name, Line: line, Col: col, Key: key, Err: &causeError{typeMessage(typ, v), err}}
	}
	if key, ok := unknownField(err); ok {
		e := &JSONError{File: name, Key: key, Err: errors.New(unknownKeyText)}
		if i := keyIndex(data, key); i >= 0 {
			e.Line, e.Col = lineCol(data, i)
		}
		return e
	}
	return &JSONError{File: name, Err: err}
}

// keyIndex is the offset of the first "key" in data used as an object key
// (followed by optional white space and a colon), or -1. A string value
// equal to the key is skipped.
func keyIndex(data []byte, key string) int {
	q := []byte(strconv.Quote(key))
	for off := 0; ; {
		i := bytes.Index(data[off:], q)
		if i < 0 {
			return -1
		}
		i += off
		if rest := bytes.TrimLeft(data[i+len(q):], " \t\r\n"); len(rest) > 0 && rest[0] == ':' {
			return i
		}
		off = i + len(q)
	}
}

// causeError says msg and unwraps to err (whose own text names internal
// types).
type causeError struct {
	msg string
	err error
}

func (e *causeError) Error() string { return e.msg }
func (e *causeError) Unwrap() error { return e.err }

// valueStart walks back from end, just past a JSON value or the opening
// bracket of one, to where that value starts.
func valueStart(data []byte, end int) int {
	if end <= 0 || end > len(data) {
		return end
	}
	switch c := data[end-1]; c {
	case '[', '{':
		return end - 1
	case '"':
		for i := end - 2; i >= 0; i-- {
			if data[i] != '"' {
				continue
			}
			n := 0
			for j := i - 1; j >= 0 && data[j] == '\\'; j-- {
				n++
			}
			if n%2 == 0 {
				return i
			}
		}
		return end
	}
	i := end
	for i > 0 && !isSpace(data[i-1]) && !strings.ContainsRune(",:[{", rune(data[i-1])) {
		i--
	}
	return i
}

// valueEnd is the end of a scalar value starting at start (for a message).
func valueEnd(data []byte, start int) int {
	if start < 0 || start >= len(data) {
		return start
	}
	if data[start] == '"' {
		for i := start + 1; i < len(data); i++ {
			switch data[i] {
			case '\\':
				i++
			case '"':
				return i + 1
			}
		}
		return start
	}
	i := start
	for i < len(data) && !isSpace(data[i]) && !strings.ContainsRune(",]}", rune(data[i])) {
		i++
	}
	return i
}

// typeName turns a Go type into the JSON one a user would expect.
func typeName(t string) string {
	switch {
	case t == "float64" || t == "model.limitKW":
		return "a number"
	case t == "int":
		return "a whole number"
	case t == "string" || t == "model.SignalKind" || t == "model.TOUDays" || t == "model.HeatKind" || t == "model.COPModelKind":
		return "a string"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case strings.HasPrefix(t, "model.") || strings.HasPrefix(t, "*model."):
		return "an object"
	}
	return t
}

// lineCol converts a byte offset into a 1-based line and byte column.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	line = 1 + bytes.Count(before, []byte{'\n'})
	col = off - bytes.LastIndexByte(before, '\n')
	return line, col
}

// lastTokenStart walks back from end over the token just read by a decoder
// to where it starts (after whitespace).
func lastTokenStart(data []byte, end int) int {
	i := end
	for i > 0 && !isSpace(data[i-1]) {
		i--
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// keyOffset finds the offset of the value at a path of object keys. The
// path has no array indices: arrays are searched in order and the first
// match wins. It returns 0 when the path is not found.
func keyOffset(data []byte, path []string) int {
	off, _ := findKey(json.NewDecoder(bytes.NewReader(data)), data, path)
	return off
}

// findKey consumes one value from dec, looking inside it for path; found is
// also true when decoding fails, to stop the search.
func findKey(dec *json.Decoder, data []byte, path []string) (off int, found bool) {
	tok, err := dec.Token()
	if err != nil {
		return 0, true
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return 0, true
			}
			if len(path) > 0 && k == path[0] {
				if len(path) == 1 {
					off := int(dec.InputOffset())
					for off < len(data) && (isSpace(data[off]) || data[off] == ':') {
						off++
					}
					return off, true
				}
				if off, found := findKey(dec, data, path[1:]); found {
					return off, true
				}
				continue
			}
			if off, found := findKey(dec, data, nil); found {
				return off, true
			}
		}
		if _, err := dec.Token(); err != nil {
			return 0, true
		}
	case json.Delim('['):
		for dec.More() {
			if off, found := findKey(dec, data, path); found {
				return off, true
			}
		}
		if _, err := dec.Token(); err != nil {
			return 0, true
		}
	}
	return 0, false
}

// utf16Error is why a file beginning with b (a park file's bytes, a
// series' first header field) is not read: it is UTF-16, told by its
// byte-order mark or, without one, by a NUL byte beside each of its first
// two characters (ASCII in UTF-16: "{" is 7B 00 little-endian, 00 7B
// big-endian; UTF-8 text has no NUL, and a lone NUL is left to the
// parsers' own errors). nil when neither.
func utf16Error(b []byte) error {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return errors.New("the file is UTF-16 (its byte-order mark): save it as UTF-8")
	case len(b) >= 4 && b[0] != 0 && b[1] == 0 && b[2] != 0 && b[3] == 0,
		len(b) >= 4 && b[0] == 0 && b[1] != 0 && b[2] == 0 && b[3] != 0:
		return errors.New("the file is UTF-16 (a NUL byte beside each character, no byte-order mark): save it as UTF-8")
	}
	return nil
}
