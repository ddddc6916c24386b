package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// Measurement is what was measured over one interval of the park, keyed by
// asset kind (the field) and name (the map key, as in the park file). Any
// subset may be sent, in any order, late or again: see
// [Controller.Measure]. A measurement of an interval that has not ended
// (the values known ahead: a published price, a provided forecast, a
// series the forecasters leave to the caller) is welcome too.
type Measurement struct {
	// Start is the start of the interval, on the Controller's grid.
	Start time.Time `json:"start"`
	// LoadKW is each tenant's mean power over the interval, kW.
	LoadKW map[string]float64 `json:"load_kw,omitempty"`
	// PVAvailableKW is the mean power each PV array could have delivered
	// (what it delivered, when it was not curtailed), kW.
	PVAvailableKW map[string]float64 `json:"pv_available_kw,omitempty"`
	// WindAvailableKW is the same for each wind turbine, kW.
	WindAvailableKW map[string]float64 `json:"wind_available_kw,omitempty"`
	// DispatchKgCO2ePerKWh, AccountingKgCO2ePerKWh, ImportPricePerKWh and
	// ExportPricePerKWh are the interval's signals, for those the park
	// file gives as a column (one it gives as a constant or a time-of-use
	// table is known and refused here): kgCO2e per kWh imported, and the
	// park's currency per kWh. nil: not measured.
	DispatchKgCO2ePerKWh   *float64 `json:"dispatch_kgco2e_per_kwh,omitempty"`
	AccountingKgCO2ePerKWh *float64 `json:"accounting_kgco2e_per_kwh,omitempty"`
	ImportPricePerKWh      *float64 `json:"import_price_per_kwh,omitempty"`
	ExportPricePerKWh      *float64 `json:"export_price_per_kwh,omitempty"`
	// SoCKWh is each battery's state of charge at the end of the
	// interval, kWh: the interval settles with the battery flows that
	// reach it (Controller.Step), and it replaces the settled state the
	// next interval starts from.
	SoCKWh map[string]float64 `json:"soc_kwh,omitempty"`
	// SoCPercent is the same state as a percentage of the battery's
	// energy_kwh (the basis of the park file's min, max and initial
	// soc_fraction keys): 50 on a 2,000 kWh battery is 1,000 kWh, as
	// SoCKWh would give it. It is for a BMS that reports a percentage:
	// send one of the two per battery, never both. A percentage of a
	// BMS's own usable window is not this one where that window is not
	// the whole energy_kwh: convert it to kWh first.
	SoCPercent map[string]float64 `json:"soc_percent,omitempty"`
	// HeatLoadKWTh is each heat load's mean heat demand over the
	// interval, kW_th (heat delivered, not fuel).
	HeatLoadKWTh map[string]float64 `json:"heat_load_kw_th,omitempty"`
	// HeatPumpSourceTempC is the source temperature of each heat pump
	// with a COP model (the outdoor air, for an air-source pump), °C: the
	// Controller turns it into the interval's COP through the pump's
	// model, as model.Resolve turns its temp_column_c. HeatPumpCOP is that
	// COP itself (kW_th per kW), for a meter that reports it; send one of
	// the two per pump. A pump with a constant COP is known and refused
	// here. Like a price column, the COP is read ahead, not forecast: a
	// value sent for an interval not yet planned (a weather forecast) is
	// what the plan uses there, else the last value is held.
	HeatPumpSourceTempC map[string]float64 `json:"heat_pump_source_temp_c,omitempty"`
	HeatPumpCOP         map[string]float64 `json:"heat_pump_cop,omitempty"`
	// HeatSoCKWhTh is each thermal store's content at the end of the
	// interval, kWh_th: the interval settles with the store flows that
	// reach it, and it replaces the settled content the next interval
	// starts from, as SoCKWh does for a battery.
	HeatSoCKWhTh map[string]float64 `json:"heat_soc_kwh_th,omitempty"`
	// Forecasts are values of provided forecasts for this interval, by the
	// column a "provided" forecast choice names (a day-ahead carbon
	// forecast, sent before the interval). A Step uses the values sent for
	// its horizon; for the intervals of it with none, the last measured
	// value stands in (persistence), and the Decision warns. Checked as
	// the series forecast: a carbon forecast within 3 kgCO2e/kWh, a power
	// not negative.
	Forecasts map[string]float64 `json:"forecasts,omitempty"`
}

// Value is v's address: for the optional signals of a Measurement.
func Value(v float64) *float64 { return &v }

// MeasurementError is one refused value of a batch of measurements: the
// measurement's index in the batch and interval, and a [model.FieldError]
// naming the asset, the field (its JSON key), the value and why, as the
// park and series validation does. It unwraps to ErrMeasurement and to
// the FieldError (and so to model.ErrInvalid).
type MeasurementError struct {
	Index int
	Start time.Time
	Err   *model.FieldError
}

func (e *MeasurementError) Error() string {
	at := "no start"
	if !e.Start.IsZero() {
		at = e.Start.Format(time.RFC3339)
	}
	return fmt.Sprintf("live: measurement[%d] (%s): %s", e.Index, at, strings.TrimPrefix(e.Err.Error(), "model: "))
}

// Unwrap returns ErrMeasurement and the FieldError.
func (e *MeasurementError) Unwrap() []error { return []error{ErrMeasurement, e.Err} }

// MaxProblems bounds the problems one refusal of a batch lists (Check,
// Measure, [DecodeMeasurements]' nulls): those beyond it are counted in
// one more error, "… and N more problems", so that a batch with a
// problem in every one of a million values costs no more to refuse than
// one with a hundred.
const MaxProblems = 100

// problems collects a batch's errors up to MaxProblems and counts the rest.
type problems struct {
	errs []error
	more int
}

// add keeps e, or counts it beyond MaxProblems.
func (p *problems) add(e error) {
	if len(p.errs) < MaxProblems {
		p.errs = append(p.errs, e)
		return
	}
	p.more++
}

// err joins what was kept, with the count of the rest (nil: nothing).
func (p *problems) err() error {
	if p.more > 0 {
		return errors.Join(append(p.errs, fmt.Errorf("%w: and %d more problems, not listed (the first %d are)", ErrMeasurement, p.more, MaxProblems))...)
	}
	return errors.Join(p.errs...)
}

// MaxMeasurementBytes bounds what [DecodeMeasurements] reads: a day of
// one-minute measurements of a large park, not a file someone pasted by
// mistake.
const MaxMeasurementBytes = 64 << 20

// DecodeMeasurements reads measurements as JSON: one object or an array of
// them, keys as in [Measurement] (an unknown key is an error, so a typo
// such as "load_kwh" is not silently dropped). The values are checked
// against the park by [Controller.Measure], not here, but a null in
// place of a number ({"load_kw": {"office": null}}) is refused here, one
// [*MeasurementError] per null: decoding would make it 0, a reading that
// was not taken (a whole map or signal given as null is not measured, as
// when it is left out). The start is RFC 3339 with its UTC offset, a
// lower-case t and z (RFC 3339 §5.6) read as T and Z
// ([model.UnmarshalRFC3339JSON]). Errors unwrap to
// ErrMeasurement and model.ErrInvalid and say where (byte offset) and
// what.
func DecodeMeasurements(r io.Reader) ([]Measurement, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxMeasurementBytes+1))
	if err != nil {
		return nil, err
	}
	fail := func(format string, args ...any) error {
		return &decodeError{msg: fmt.Sprintf(format, args...)}
	}
	if len(data) > MaxMeasurementBytes {
		return nil, fail("more than %d bytes", MaxMeasurementBytes)
	}
	// A UTF-8 byte-order mark (Windows tools write one; RFC 8259 lets a
	// parser ignore it) reads as the whitespace it stands for, and leading
	// whitespace is not cut, so that every offset a message gives is the
	// body's as sent (EMS QA, 2026-12-05: a BOM was "invalid character
	// 'ï'", and a body after ten newlines had its errors placed ten bytes
	// early).
	if bytes.HasPrefix(data, []byte("\uFEFF")) {
		copy(data, "   ")
	}
	body := bytes.TrimSpace(data)
	if len(body) == 0 {
		return nil, fail("no measurements: want a JSON object or an array of them")
	}
	many := body[0] == '['
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var in []measurementIn
	if many {
		err = dec.Decode(&in)
	} else {
		var m measurementIn
		err = dec.Decode(&m)
		in = []measurementIn{m}
	}
	if err != nil {
		return nil, fail("%s", jsonProblem(err, dec.InputOffset(), data))
	}
	ms := make([]Measurement, len(in))
	for i := range in {
		ms[i] = Measurement(in[i].plainMeasurement)
		ms[i].Start = in[i].Start.Time
	}
	if dec.More() {
		return nil, fail("offset %d: more after the JSON value: send one object or one array", dec.InputOffset())
	}
	if key, off, dup := duplicateKey(data); dup {
		return nil, fail("offset %d: key %s given twice in one object: the second would silently replace the first", off, model.Quote(key))
	}
	if err := nullReadings(data, many, ms); err != nil {
		return nil, err
	}
	return ms, nil
}

// mapKeys are the keys of a Measurement whose values are maps of numbers by
// name, with the asset kind naming an entry in messages as
// Controller.Measure does ("" for a provided forecast's column).
var mapKeys = []struct{ key, kind string }{
	{"load_kw", "load"}, {"pv_available_kw", "pv"}, {"wind_available_kw", "wind"}, {"soc_kwh", "battery"},
	{"heat_load_kw_th", "heat load"}, {"heat_pump_source_temp_c", "heat pump"}, {"heat_pump_cop", "heat pump"},
	{"heat_soc_kwh_th", "thermal store"}, {"forecasts", ""},
}

// nullReadings refuses the entries of ms's maps that data, which decoded
// to ms, gives as null: JSON decoding makes them 0, so a gateway's "no
// reading" ({"load_kw": {"office": null}}) would become a reading of 0 kW
// in the ledger. One [*MeasurementError] per null, joined. (A whole map or
// signal given as null is "not measured", as its absence is.)
func nullReadings(data []byte, many bool, ms []Measurement) error {
	if !bytes.Contains(data, []byte("null")) {
		return nil // the common case: no second decoding
	}
	var objs []map[string]json.RawMessage
	var err error
	if many {
		err = json.Unmarshal(data, &objs)
	} else {
		objs = make([]map[string]json.RawMessage, 1)
		err = json.Unmarshal(data, &objs[0])
	}
	if err != nil || len(objs) != len(ms) {
		return nil // not objects of keys (it decoded to ms, so null or nothing)
	}
	var errs problems
	for i, obj := range objs {
		if obj == nil {
			// A measurement that is null decodes as an empty one, which
			// Measure would then refuse for want of a start (QA,
			// 2026-12-04).
			errs.add(&MeasurementError{Index: i, Err: &model.FieldError{Asset: "measurement", Value: nil,
				Reason: "null: want an object with a start and the readings"}})
			continue
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for j, k := range keysByField(keys) {
			if !bytes.HasPrefix(bytes.TrimSpace(obj[k]), []byte("{")) {
				continue
			}
			var vals map[string]*float64
			if json.Unmarshal(obj[k], &vals) != nil {
				continue
			}
			names := make([]string, 0, len(vals))
			for name, v := range vals {
				if v == nil {
					names = append(names, name)
				}
			}
			slices.Sort(names)
			for _, name := range names {
				fe := &model.FieldError{Asset: mapKeys[j].kind + " " + model.Quote(name), Field: mapKeys[j].key, Value: nil,
					Reason: "null, not a number: leave the name out when there is no reading (the last value is then held and counted as a stand-in)"}
				if mapKeys[j].kind == "" {
					fe.Asset, fe.Field = "measurement", mapKeys[j].key+"."+name
				}
				errs.add(&MeasurementError{Index: i, Start: ms[i].Start, Err: fe})
			}
		}
	}
	return errs.err()
}

// keysByField yields the keys of an object that name a map of mapKeys
// (JSON decoding matches them whatever their case), in mapKeys' order.
func keysByField(keys []string) iter.Seq2[int, string] {
	return func(yield func(int, string) bool) {
		for j, mk := range mapKeys {
			for _, k := range keys {
				if strings.EqualFold(mk.key, k) && !yield(j, k) {
					return
				}
			}
		}
	}
}

// measurementIn is a Measurement as [DecodeMeasurements] reads it: its
// start by [model.UnmarshalRFC3339JSON], which takes a lower-case t and z
// (RFC 3339 §5.6) as time.Time's decoder does not; every other key as
// Measurement's (the start below hides plainMeasurement's).
type measurementIn struct {
	plainMeasurement
	Start model.RFC3339Time `json:"start"`
}

// plainMeasurement is Measurement's fields, for measurementIn.
type plainMeasurement Measurement

// decodeError is a problem of DecodeMeasurements' input.
type decodeError struct{ msg string }

func (e *decodeError) Error() string   { return "live: measurements: " + e.msg }
func (e *decodeError) Unwrap() []error { return []error{ErrMeasurement, model.ErrInvalid} }

// jsonProblem says what a JSON decoding error of data is about, bounded.
func jsonProblem(err error, offset int64, data []byte) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		// The decoder reports no offset for it: the body ends mid-value.
		return fmt.Sprintf("offset %d (the end of the body): the JSON is cut short (an object, array or string not closed)", len(data))
	case errors.As(err, &syn):
		if word, key := notJSONNumber(data, syn.Offset); word != "" {
			if key != "" {
				key = "key " + model.Quote(key) + ": "
			}
			return fmt.Sprintf("offset %d: %s%s is not JSON (Python's json.dumps writes it unless allow_nan=False): leave the name out when a meter has no reading",
				syn.Offset, key, word)
		}
		return fmt.Sprintf("offset %d: %v", syn.Offset, syn)
	case errors.As(err, &typ):
		// The key as sent: measurementIn's embedding is no part of it.
		field := strings.TrimPrefix(typ.Field, "plainMeasurement.")
		entry := ""
		if m := keyOfValue.FindSubmatch(data[max(0, int(typ.Offset)-4*model.MaxEchoBytes):min(int(typ.Offset), len(data))]); m != nil {
			// A map's entry ({"load_kw": {"office": "1"}}): name it too.
			if key := ""; json.Unmarshal(m[1], &key) == nil && !strings.EqualFold(key, field) {
				entry = " entry " + model.Quote(key)
			}
		}
		return fmt.Sprintf("offset %d: key %s%s: a JSON %s, want %s", typ.Offset, model.Quote(field), entry, typ.Value, typ.Type)
	}
	var pt *time.ParseError
	if errors.As(err, &pt) {
		// The only time of a Measurement is its start.
		return fmt.Sprintf("offset %d: key \"start\": %s is not an RFC 3339 time with its UTC offset (want e.g. 2024-01-02T00:00:00+08:00 or 2024-01-01T16:00:00Z)",
			offset, model.Quote(pt.Value))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if len(msg) > 2*model.MaxEchoBytes {
		msg = msg[:2*model.MaxEchoBytes] + "…"
	}
	return fmt.Sprintf("offset %d: %s", offset, msg)
}

// notJSONNumber says whether the syntax error at offset of data (the
// decoder's offset, just past the byte it refused) is a NaN or an
// infinity written as JavaScript and Python write them, and returns that
// word ("" for neither) and the key before it ("" for none).
func notJSONNumber(data []byte, offset int64) (word, key string) {
	at := int(offset) - 1
	if at < 0 || at >= len(data) {
		return "", ""
	}
	if at > 0 && data[at-1] == '-' {
		at-- // "-Infinity": refused at the I
	}
	for _, w := range []string{"NaN", "Infinity", "-Infinity"} {
		if bytes.HasPrefix(data[at:], []byte(w)) {
			word = w
			break
		}
	}
	if word == "" {
		return "", ""
	}
	m := keyBefore.FindSubmatch(data[max(0, at-2*model.MaxEchoBytes-8):at])
	if m == nil || json.Unmarshal(m[1], &key) != nil {
		return word, ""
	}
	return word, key
}

// keyOfValue matches the key of an object member and the value the
// decoder refused after it: whole, or the bracket that opens it.
var keyOfValue = regexp.MustCompile(`("(?:[^"\\]|\\.)*")\s*:\s*(?:"(?:[^"\\]|\\.)*"|true|false|[-+0-9.eE]+|\[|\{)$`)

// keyBefore matches the key of an object member whose value follows.
var keyBefore = regexp.MustCompile(`("(?:[^"\\]|\\.)*")\s*:\s*$`)

// MeasureResult counts what a call of Measure did with the values it was
// given.
type MeasureResult struct {
	// Values is every value merged; Duplicates those replacing a value
	// already measured for the same interval (the last one sent wins);
	// Late those filling an interval the Controller had already closed
	// with a stand-in (see Controller.Measure).
	Values, Duplicates, Late int
	// Settled counts the values (loads, PV, wind, signals, states of
	// charge, heat side) of an interval the ledger has already settled:
	// they reach the history the forecasters read, not the ledger, which
	// keeps the settlement made with what it had then (stand-ins for what
	// was missing).
	Settled int
}

// series describes one series the Controller keeps.
type series struct {
	name  string // "load:NAME", "pv:NAME", "wind:NAME", "dispatch_carbon", "heat:NAME", …
	asset string // for messages: `load "NAME"`, "grid"
	field string // the Measurement's JSON key
	power bool
	unit  string  // of a power: "kW" or "kW_th"
	hi    float64 // upper bound of a value
	over  string  // why a power above hi is refused ("": as implausibly large)
	lo    float64
	// cop is a heat pump's COP model (nil: a constant COP, or not a COP):
	// it turns a source temperature into the series' value.
	cop *model.COPModel
	// known gives the value of an interval starting at t when the park
	// file sets it (a constant or a time-of-use price); why says so.
	known func(t time.Time) float64
	why   string
	// alias ≥ 0: the series is another one's (the accounting factor when
	// the park has none of its own).
	alias int
	// none stands in where no value is known before an interval (history's
	// unknown): 0, but for a heat pump's COP model.MinModelCOP, the least
	// its model gives — a COP of 0 cannot be settled (EMS QA, 2026-12-05:
	// a pump whose temperature never came wedged every Step after the
	// first on "HeatPumpCOP … value 0").
	none float64
}

// catalogue lists the series of park p in the order of the Controller's
// history: loads, PV arrays, wind turbines, then the dispatch signal, the
// accounting factor, the import and the export price, then for a park
// with heat its heat loads, its heat pumps' COPs and its purchased heat's
// factors and prices (see heatCatalogue).
func catalogue(p *model.Park) []series {
	var out []series
	loadHi, loadOver := model.MaxMagnitude, ""
	if supply, words := supplyKW(p); supply > 0 && LoadSupplyFactor*supply < model.MaxMagnitude {
		loadHi = LoadSupplyFactor * supply
		loadOver = fmt.Sprintf("above %g kW, %g × all the park can supply at once (%s): a value in W, or of another unit", loadHi, float64(LoadSupplyFactor), words)
	}
	for _, l := range p.Loads {
		out = append(out, series{name: "load:" + l.Name, asset: "load " + model.Quote(l.Name), field: "load_kw", power: true, unit: "kW",
			hi: loadHi, over: loadOver, alias: -1})
	}
	capacity := func(hi float64) string {
		return fmt.Sprintf("above %g kW, %g × the installed capacity: a value in W, or of another asset", hi, model.MaxAvailabilityPerKW)
	}
	for _, a := range p.PV {
		hi := model.MaxAvailabilityPerKW * a.CapacityKWp
		out = append(out, series{name: "pv:" + a.Name, asset: "pv " + model.Quote(a.Name), field: "pv_available_kw", power: true, unit: "kW",
			hi: hi, over: capacity(hi), alias: -1})
	}
	for _, w := range p.Wind {
		hi := model.MaxAvailabilityPerKW * w.CapacityKW
		out = append(out, series{name: "wind:" + w.Name, asset: "wind " + model.Quote(w.Name), field: "wind_available_kw", power: true, unit: "kW",
			hi: hi, over: capacity(hi), alias: -1})
	}
	carbon := func(name, field string, c model.CarbonSignal) series {
		s := series{name: name, asset: "grid", field: field, lo: -model.MaxGridKgCO2ePerKWh, hi: model.MaxGridKgCO2ePerKWh, unit: "kgCO2e/kWh", alias: -1,
			over: model.GridCarbonTooLarge}
		if c.Kind == model.Average {
			s.lo = 0 // an average factor is never negative (as the park validation says)
		}
		if c.Column == "" {
			v := c.KgCO2ePerKWh
			s.known, s.why = func(time.Time) float64 { return v }, fmt.Sprintf("the park file sets it to %g", v)
		}
		return s
	}
	g := p.Grid
	out = append(out, carbon("dispatch_carbon", "dispatch_kgco2e_per_kwh", g.DispatchCarbon))
	if g.AccountingCarbon != nil {
		out = append(out, carbon("accounting_carbon", "accounting_kgco2e_per_kwh", *g.AccountingCarbon))
	} else {
		out = append(out, series{name: "accounting_carbon", asset: "grid", field: "accounting_kgco2e_per_kwh",
			alias: len(out) - 1, why: "the park has no accounting factor of its own: it is the dispatch signal"})
	}
	price := func(name, field string, pr *model.Price) series {
		s := series{name: name, asset: "grid", field: field, lo: -model.MaxSignal, hi: model.MaxSignal, alias: -1}
		switch {
		case pr == nil:
			s.known, s.why = func(time.Time) float64 { return 0 }, "the park file has none (0)"
		case pr.Column == "" && len(pr.TimeOfUse) > 0:
			s.known, s.why = pr.At, "the park file's time-of-use table sets it"
		case pr.Column == "":
			v := pr.PerKWh
			s.known, s.why = func(time.Time) float64 { return v }, fmt.Sprintf("the park file sets it to %g", v)
		}
		return s
	}
	out = append(out, price("import_price", "import_price_per_kwh", g.ImportPrice), price("export_price", "export_price_per_kwh", g.ExportPrice))
	if p.HasHeat() {
		out = heatCatalogue(p, out)
	}
	return out
}

// LoadSupplyFactor bounds a tenant's measured load: at most this many
// times all the park can supply at once (the import limit, PV and wind at
// model.MaxAvailabilityPerKW × their capacity, the batteries' discharge
// and the CHP units' electricity). A meter cannot read more than flows,
// so a load beyond it is a value in W (1,000 × too big), which the ledger
// would settle as unserved load; the margin leaves room for an import
// limit that is a contract rather than a breaker. A park with an
// unlimited import, or that can supply nothing (every source a candidate
// of 0 kW), has no such bound. Heat loads are bound the same way by the
// heat the park can supply (heatSupplyKWTh).
const LoadSupplyFactor = 3

// supplyKW is the most electric power park p can supply at once (see
// LoadSupplyFactor; +Inf with an unlimited import) and its terms, for
// messages.
func supplyKW(p *model.Park) (float64, string) {
	t, chp := p.Totals(), p.HeatTotals().CHPKW
	pv, wind := model.MaxAvailabilityPerKW*t.PVKWp, model.MaxAvailabilityPerKW*t.WindKW
	words := fmt.Sprintf("import limit %g + PV %g + wind %g + batteries %g", p.Grid.ImportLimitKW, pv, wind, t.BatteryDischargeKW)
	if len(p.CHP) > 0 {
		words += fmt.Sprintf(" + CHP %g", chp)
	}
	return p.Grid.ImportLimitKW + pv + wind + t.BatteryDischargeKW + chp, words + " kW"
}

// heatSupplyKWTh is the most heat park p can supply at once, kW_th: its
// heat pumps', boilers' and CHP units' heat at capacity
// ([model.Park.HeatTotals]), its thermal stores' discharge and its
// purchased heat (+Inf if unlimited), with its terms, for messages. A
// heat load beyond LoadSupplyFactor × it is refused as a load beyond the
// electric supply is.
func heatSupplyKWTh(p *model.Park) (float64, string) {
	h := p.HeatTotals()
	ts := 0.0 // HeatTotals has the stores' energy, not their discharge
	for _, s := range p.ThermalStorage {
		ts += s.MaxDischargeKWTh
	}
	var total float64
	var words []string
	for _, t := range []struct {
		what string
		n    int
		kw   float64
	}{{"heat pumps", len(p.HeatPumps), h.HeatPumpKWTh}, {"electric boilers", len(p.ElectricBoilers), h.ElectricBoilerKWTh},
		{"fuel boilers", len(p.FuelBoilers), h.FuelBoilerKWTh}, {"CHP", len(p.CHP), h.CHPKWTh},
		{"thermal stores", len(p.ThermalStorage), ts}, {"purchased heat", len(p.PurchasedHeat), h.PurchasedKWTh}} {
		if t.n > 0 {
			total += t.kw
			words = append(words, fmt.Sprintf("%s %g", t.what, t.kw))
		}
	}
	return total, strings.Join(words, " + ") + " kW_th"
}

// heatCatalogue appends the heat side's series of park p to out: each
// heat load (kW_th, measured and forecast), each heat pump's COP (read
// ahead as a price column is: measured as a source temperature through
// the pump's COP model, or as a COP; known when the park file gives a
// constant COP), and each purchased heat's emission factor and price
// (constants of the park file: known).
func heatCatalogue(p *model.Park, out []series) []series {
	hi, over := model.MaxMagnitude, ""
	if supply, words := heatSupplyKWTh(p); supply > 0 && LoadSupplyFactor*supply < model.MaxMagnitude {
		hi = LoadSupplyFactor * supply
		over = fmt.Sprintf("above %g kW_th, %g × all the park can supply at once (%s): a value in W_th, or of another unit", hi, float64(LoadSupplyFactor), words)
	}
	for _, h := range p.HeatLoads {
		out = append(out, series{name: "heat:" + h.Name, asset: "heat load " + model.Quote(h.Name), field: "heat_load_kw_th", power: true,
			unit: "kW_th", hi: hi, over: over, alias: -1})
	}
	for _, h := range p.HeatPumps {
		s := series{name: "heat_pump_cop:" + h.Name, asset: "heat pump " + model.Quote(h.Name), field: "heat_pump_cop",
			hi: model.MaxCOP, cop: h.COPModel, alias: -1, none: model.MinModelCOP}
		if h.COPModel != nil {
			// The pump's own model may give more than a constant COP may
			// be (a Carnot fraction near 1 at a small lift); a COP sent as
			// such is bounded by the model's best, at the smallest lift.
			s.hi = max(s.hi, h.COPModel.COPAt(model.MaxSourceTempC))
		}
		if h.COPModel == nil {
			v := h.COP
			s.known, s.why = func(time.Time) float64 { return v }, fmt.Sprintf("the park file sets its COP to %g", v)
		}
		out = append(out, s)
	}
	for _, h := range p.PurchasedHeat {
		v := h.EmissionFactor()
		out = append(out, series{name: "purchased_heat_carbon:" + h.Name, asset: "purchased heat " + model.Quote(h.Name), alias: -1,
			known: func(time.Time) float64 { return v }, why: fmt.Sprintf("the park file sets it to %g", v)})
	}
	for _, h := range p.PurchasedHeat {
		v := h.PricePerKWhTh
		out = append(out, series{name: "purchased_heat_price:" + h.Name, asset: "purchased heat " + model.Quote(h.Name), alias: -1,
			known: func(time.Time) float64 { return v }, why: fmt.Sprintf("the park file sets it to %g", v)})
	}
	return out
}

// Indices of the signals in the catalogue, after the assets.
const (
	sigCarbon = iota
	sigAccounting
	sigImport
	sigExport
	numSignals
)

// check validates m (index i of its batch) against the park and the span
// of intervals [from, before) and appends what is wrong to errs. It reads
// only what no method changes after New (the park, the catalogue, the
// names), so it needs no lock.
func (c *Controller) check(i int, m *Measurement, from, before int, errs *problems) {
	add := func(asset, field string, v any, reason string) {
		errs.add(&MeasurementError{Index: i, Start: m.Start, Err: &model.FieldError{Asset: asset, Field: field, Value: v, Reason: reason}})
	}
	if m.Start.IsZero() {
		add("measurement", "start", nil, "missing: every measurement needs the start of its interval (RFC 3339)")
		return
	}
	k, err := c.index(m.Start)
	if err != nil {
		add("measurement", "start", m.Start.Format(time.RFC3339Nano), err.Error())
		return
	}
	if k < from {
		add("measurement", "start", m.Start.Format(time.RFC3339), fmt.Sprintf("older than the history kept (from %s)", c.time(from).Format(time.RFC3339)))
		return
	}
	if k >= before {
		add("measurement", "start", m.Start.Format(time.RFC3339), fmt.Sprintf("too far ahead: the Controller accepts intervals before %s (step it first)",
			c.time(before).Format(time.RFC3339)))
		return
	}
	nL, nP := len(c.park.Loads), len(c.park.PV)
	byName := func(field, kind string, vals map[string]float64, names []string, first int) {
		for name, v := range vals {
			j := indexOf(names, name)
			if j < 0 {
				add("measurement", field, name, fmt.Sprintf("no %s of that name (have %s)", kind, model.QuoteList(names)))
				continue
			}
			s := &c.cat[first+j]
			if why := s.refuse(v); why != "" {
				add(s.asset, field, v, why)
			}
		}
	}
	byName("load_kw", "load", m.LoadKW, c.names.load, 0)
	byName("pv_available_kw", "PV array", m.PVAvailableKW, c.names.pv, nL)
	byName("wind_available_kw", "wind turbine", m.WindAvailableKW, c.names.wind, nL+nP)
	for j, v := range m.signals() {
		if v == nil {
			continue
		}
		s := &c.cat[c.sig+j]
		switch {
		case s.known != nil || s.alias >= 0:
			add(s.asset, s.field, *v, "not measured: "+s.why)
		default:
			if why := s.refuse(*v); why != "" {
				add(s.asset, s.field, *v, why)
			}
		}
	}
	for name, v := range m.SoCKWh {
		b := indexOf(c.names.battery, name)
		if b < 0 {
			add("measurement", "soc_kwh", name, fmt.Sprintf("no battery of that name (have %s)", model.QuoteList(c.names.battery)))
			continue
		}
		if err := dispatch.CheckSoC(c.park.Batteries[b], v); err != nil {
			add("battery "+model.Quote(name), "soc_kwh", v, fmt.Sprintf("outside [0, %g] kWh by more than 5 %% of the energy: a wrong unit or a failed reading",
				c.park.Batteries[b].EnergyKWh))
		}
	}
	for name, v := range m.SoCPercent {
		b := indexOf(c.names.battery, name)
		switch {
		case b < 0:
			add("measurement", "soc_percent", name, fmt.Sprintf("no battery of that name (have %s)", model.QuoteList(c.names.battery)))
		case hasKey(m.SoCKWh, name):
			add("battery "+model.Quote(name), "soc_percent", v, fmt.Sprintf("sent with soc_kwh %g too: send one of the two", m.SoCKWh[name]))
		case dispatch.CheckSoC(c.park.Batteries[b], percentKWh(c.park.Batteries[b], v)) != nil:
			add("battery "+model.Quote(name), "soc_percent", v, "outside [0, 100] % by more than 5 points: a wrong unit (kWh sent as a percentage?) or a failed reading")
		}
	}
	if m.hasHeat() {
		c.checkHeat(m, byName, add)
	}
	for col, v := range m.Forecasts {
		if indexOf(c.provided, col) < 0 {
			add("measurement", "forecasts", col, fmt.Sprintf("no provided forecast uses that column (have %s)", model.QuoteList(c.provided)))
			continue
		}
		if why := model.ProvidedForecastProblem(c.providedKind[col], v); why != "" {
			add("measurement", "forecasts."+col, v, why)
		}
	}
}

// percentKWh is a state of charge of bat given as pct percent of its
// energy, kWh (Measurement.SoCPercent).
func percentKWh(bat model.Battery, pct float64) float64 { return pct / 100 * bat.EnergyKWh }

// signals are m's signals in catalogue order.
func (m *Measurement) signals() [numSignals]*float64 {
	return [numSignals]*float64{m.DispatchKgCO2ePerKWh, m.AccountingKgCO2ePerKWh, m.ImportPricePerKWh, m.ExportPricePerKWh}
}

// refuse says why v cannot be a value of s ("" when it can).
func (s *series) refuse(v float64) string {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "not a finite number"
	case s.power && v < 0:
		return "a power must be ≥ 0"
	case s.power && v > s.hi:
		if s.over != "" {
			return s.over
		}
		return fmt.Sprintf("implausibly large: must be at most %g %s", s.hi, s.unit)
	case s.cop != nil && !(v >= model.MinCOP && v <= s.hi):
		// Not just > 0: a COP below what the dispatch takes was accepted,
		// then failed the settlement of its interval, and every Step
		// after it (EMS QA, 2026-12-05).
		return fmt.Sprintf("a COP must be in [%g, %g] kW_th per kW", model.MinCOP, s.hi)
	case !s.power && v < s.lo:
		if s.lo == 0 {
			return "an average carbon factor must be ≥ 0"
		}
		if s.over != "" {
			return s.over
		}
		return fmt.Sprintf("implausibly large: must be at least %g", s.lo)
	case !s.power && v > s.hi:
		if s.over != "" {
			return s.over
		}
		return fmt.Sprintf("implausibly large: must be at most %g", s.hi)
	}
	return ""
}

func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

// hasHeat says whether m holds a value of the heat side.
func (m *Measurement) hasHeat() bool {
	return len(m.HeatLoadKWTh)+len(m.HeatPumpSourceTempC)+len(m.HeatPumpCOP)+len(m.HeatSoCKWhTh) > 0
}

// checkHeat validates the heat side of m as check does the rest (byName
// and add are check's): heat
// loads as powers in kW_th, a heat pump's source temperature within
// [model.MinSourceTempC, model.MaxSourceTempC] and its COP within (0,
// model.MaxCOP], or up to its model's best COP where that is higher (a
// pump with a constant COP is known: refused), and a
// thermal store's content within [0, energy] up to 5 % of its energy.
func (c *Controller) checkHeat(m *Measurement, byName func(field, kind string, vals map[string]float64, names []string, first int),
	add func(asset, field string, v any, reason string)) {
	byName("heat_load_kw_th", "heat load", m.HeatLoadKWTh, c.names.heatLoad, c.heat)
	pump := func(field, name string, v float64) *series {
		j := indexOf(c.names.heatPump, name)
		if j < 0 {
			add("measurement", field, name, fmt.Sprintf("no heat pump of that name (have %s)", model.QuoteList(c.names.heatPump)))
			return nil
		}
		s := &c.cat[c.cop+j]
		if s.known != nil {
			// The value sent, as every other refusal names it, where the
			// pump's name stood (QA E, session 39).
			add(s.asset, field, v, "not measured: "+s.why)
			return nil
		}
		return s
	}
	for name, v := range m.HeatPumpSourceTempC {
		s := pump("heat_pump_source_temp_c", name, v)
		switch {
		case s == nil:
		case !(v >= model.MinSourceTempC && v <= model.MaxSourceTempC):
			add(s.asset, "heat_pump_source_temp_c", v, fmt.Sprintf("must be in [%g, %g] °C: a value in K or °F, or not a temperature",
				model.MinSourceTempC, model.MaxSourceTempC))
		case hasKey(m.HeatPumpCOP, name):
			add(s.asset, "heat_pump_source_temp_c", v, "sent with heat_pump_cop for the same pump and interval: send one of the two")
		}
	}
	for name, v := range m.HeatPumpCOP {
		if s := pump("heat_pump_cop", name, v); s != nil {
			if why := s.refuse(v); why != "" {
				add(s.asset, "heat_pump_cop", v, why)
			}
		}
	}
	for name, v := range m.HeatSoCKWhTh {
		k := indexOf(c.names.store, name)
		if k < 0 {
			add("measurement", "heat_soc_kwh_th", name, fmt.Sprintf("no thermal store of that name (have %s)", model.QuoteList(c.names.store)))
			continue
		}
		ts := c.park.ThermalStorage[k]
		if err := dispatch.CheckHeatSoC(ts, v); err != nil {
			add("thermal store "+model.Quote(name), "heat_soc_kwh_th", v,
				fmt.Sprintf("outside [0, %g] kWh_th by more than 5 %% of the energy: a wrong unit or a failed reading", ts.EnergyKWhTh))
		}
	}
}

func hasKey(m map[string]float64, k string) bool {
	_, ok := m[k]
	return ok
}

// duplicateKey finds the first key that an object of data (JSON that has
// decoded) gives twice, and the byte offset of its second mention: the
// decoding keeps the last silently, so that a second "start" moved the
// values to another interval (QA, December 2026). The keys of a
// measurement (the root object, or an object right in the root array)
// compare as their decoding matches them, whatever their case; the keys
// of the maps below them (assets' names) exactly.
func duplicateKey(data []byte) (key string, offset int, found bool) {
	// One pass: the keys of the open objects sit in one slice (a level's
	// from its start on), compared linearly — a measurement has a dozen
	// keys, a map of assets its tenants — so that a batch of 10,000
	// measurements decodes barely slower than without the check. A map
	// of more than linearKeys names goes to a set, so that one of 100,000
	// costs milliseconds, not the 20 s of comparing each with all before
	// it (QA, session 31). A measurement's own keys are few (a name given
	// twice, whatever its case, ends the check).
	const linearKeys = 64
	type level struct {
		start  int                 // its first key in keys; -1 for an array
		folded bool                // its keys compare whatever their case
		set    map[string]struct{} // its keys, once more than linearKeys
	}
	var stack []level
	var keys [][]byte
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			folded := len(stack) == 0 || len(stack) == 1 && stack[0].start < 0
			stack = append(stack, level{start: len(keys), folded: folded})
		case '[':
			stack = append(stack, level{start: -1})
		case '}', ']':
			if n := len(stack); n > 0 {
				if st := stack[n-1].start; st >= 0 {
					keys = keys[:st]
				}
				stack = stack[:n-1]
			}
		case '"':
			j, escaped := i+1, false
			for j < len(data) && data[j] != '"' {
				if data[j] == '\\' {
					j, escaped = j+1, true
				}
				j++
			}
			if j >= len(data) {
				return "", 0, false
			}
			k := j + 1
			for k < len(data) && (data[k] == ' ' || data[k] == '\t' || data[k] == '\n' || data[k] == '\r') {
				k++
			}
			if n := len(stack); k < len(data) && data[k] == ':' && n > 0 && stack[n-1].start >= 0 {
				top := &stack[n-1]
				name := data[i+1 : j]
				if escaped {
					var u string
					if json.Unmarshal(data[i:j+1], &u) != nil {
						return "", 0, false
					}
					name = []byte(u)
				}
				if top.set == nil && !top.folded && len(keys)-top.start >= linearKeys {
					top.set = make(map[string]struct{}, 4*linearKeys)
					for _, seen := range keys[top.start:] {
						top.set[string(seen)] = struct{}{}
					}
				}
				if top.set != nil {
					if _, dup := top.set[string(name)]; dup {
						return string(name), i, true
					}
					top.set[string(name)] = struct{}{}
				} else {
					for _, seen := range keys[top.start:] {
						if bytes.Equal(seen, name) || top.folded && bytes.EqualFold(seen, name) {
							return string(name), i, true
						}
					}
				}
				keys = append(keys, name)
			}
			i = j
		}
	}
	return "", 0, false
}
