package main

// The bad-input corpus: every kind of bad input the command line reads (park
// files, series files, sweep results files, paths and flags) in one table,
// with what each must get: exit 2, nothing on stdout (validate lists its
// problems there), no Go stack trace, no message line over 1000 bytes, and
// one line of message that names where (the file, or the flag), what (the
// line or the key) and the offending value, cut to model.MaxEchoBytes when
// it is long.
//
// How it is organised. Every row starts from the known-good inputs in
// testdata/corpus (park.json: every kind of asset and most optional keys,
// one key a line; series.csv: 48 hourly rows, so that nothing dispatches
// long; results.csv: a 2 × 2 sweep for plot sweep), edits one thing and runs
// one command in-process (cli). TestCorpusBaseIsGood runs every command on
// the unedited inputs and wants exit 0, so each row fails for its edit
// alone. The rows come from one function per family (corpusFamilies, in
// file order below): missing and null keys, duplicate keys, unknown and
// mis-cased keys, byte-order marks, wrong JSON types, JSON syntax, every
// number out of range, values out of range field by field, series files
// (timestamps, steps, cells, rows, headers), series that do not fit the
// park, empty series, paths, flags, results files, validate alone and the
// heat side of a park (on heatPark, the good park with heat), and what
// plan reads (on econPark, the good park with economics). The
// generated families (every required key of model.ParkKeys removed or
// null, every numeric field set to -1, "NaN" and 1e400) take the commands
// in turn.
//
// How to add a row: find its family (or write a function and list it in
// corpusFamilies) and append a corpusRow: its edit (parkAt(...).set, drop,
// rename or dup on the good park; seriesCell, seriesLine or seriesWithout on
// the good series; or whole files), its command and flags, and where, line
// or key, and value as the message must show them. $PARK, $SERIES, $RESULTS
// and $DIR in args, files and expectations stand for the files written for
// the row and their directory. go test -v -run 'TestCorpus/NAME'
// ./cmd/zeropark/ shows the row's command line and what it printed.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// corpusRow is one bad input and what its message must hold.
type corpusRow struct {
	name string
	// cmd is the command words: "run", "report", "validate", "sweep",
	// "sweep merge", "plot week", "plot sweep" or "forecast".
	cmd string
	// park and series are the texts of $PARK and $SERIES; "" means the
	// good ones (write an empty file through files).
	park, series string
	// files are more files written into $DIR, after park.json, series.csv
	// and results.csv, which they may replace.
	files map[string]string
	// args are flags; each flag given replaces the command's default for
	// it (corpusDefaults). omit drops defaults by flag name ("$positional"
	// for the positional ones); bare drops them all.
	args []string
	omit []string
	bare bool
	env  map[string]string

	// where is the file ($PARK, $SERIES, …) or the flag ("--horizon") the
	// message must name; line (when > 0) the line, as "FILE:LINE:"; key
	// the key, column or field; value the offending value as the message
	// echoes it. One line of the message must hold them all. A file row
	// needs a line or a key; a flag row names its value after the flag.
	where string
	line  int
	key   string
	value string
	// noValue, when set, says why the input has no value to echo (a key
	// that is missing, an empty file); value is then "".
	noValue string
	// also are more strings the message must hold (anywhere).
	also []string
}

// corpusCommands are the commands the generated families take in turn.
var corpusCommands = []string{"run", "validate", "report", "sweep", "plot week"}

// corpusDefaults are each command's flags on the good inputs.
var corpusDefaults = map[string][]string{
	"run":         {"--park", "$PARK", "--series", "$SERIES"},
	"report":      {"--park", "$PARK", "--series", "$SERIES"},
	"validate":    {"--park", "$PARK", "--series", "$SERIES"},
	"sweep":       {"--park", "$PARK", "--series", "$SERIES", "--vary", "pv.capacity_kwp=100,200", "--out", "$DIR/sweep.csv"},
	"plot week":   {"--park", "$PARK", "--series", "$SERIES", "--out", "$DIR/week.svg"},
	"plot sweep":  {"--in", "$RESULTS", "--x", "battery.energy_kwh", "--y", "pv.capacity_kwp", "--out", "$DIR/heat.svg"},
	"forecast":    {"--series", "$SERIES", "--column", "load_kw", "--from", "24h", "--horizon", "6h"},
	"sweep merge": {"-o", "$DIR/merged.csv", "$DIR/sweep.csv"}, // sweep.csv: see TestCorpusBaseIsGood
	// plan reads econPark (planRows): the good park has no economics.
	"plan":          {"--park", "$PARK", "--series", "$SERIES", "--no-check=true"},
	"plan frontier": {"--park", "$PARK", "--series", "$SERIES", "--no-check=true", "--points", "3"},
}

// corpusInput reads one of the good inputs in testdata/corpus.
func corpusInput(name string) string {
	b, err := os.ReadFile(filepath.Join("testdata", "corpus", name))
	if err != nil {
		panic(err)
	}
	return string(b)
}

var (
	goodPark    = corpusInput("park.json")
	goodSeries  = corpusInput("series.csv")
	goodResults = corpusInput("results.csv")
)

// commandLine is the row's command line with $DIR and the file names
// expanded.
func (r corpusRow) commandLine(expand func(string) string) []string {
	args := strings.Fields(r.cmd)
	given := map[string]bool{}
	for _, a := range r.args {
		if strings.HasPrefix(a, "-") {
			given[strings.SplitN(a, "=", 2)[0]] = true
		}
	}
	for _, o := range r.omit {
		given[o] = true
	}
	// Default flags, then the row's arguments, then default positional
	// arguments (flags after those would not be parsed).
	var positional []string
	if !r.bare {
		def := corpusDefaults[r.cmd]
		for i := 0; i < len(def); i++ {
			a := def[i]
			if !strings.HasPrefix(a, "-") {
				if !given["$positional"] {
					positional = append(positional, expand(a))
				}
				continue
			}
			if name, _, ok := strings.Cut(a, "="); ok { // a boolean flag, --no-check=true
				if !given[name] {
					args = append(args, a)
				}
				continue
			}
			if !given[a] {
				args = append(args, a, expand(def[i+1]))
			}
			i++
		}
	}
	for _, a := range r.args {
		args = append(args, expand(a))
	}
	return append(args, positional...)
}

// maxMessageLine bounds every line a bad input may print: echoed values
// are cut to model.MaxEchoBytes, so no line needs more.
const maxMessageLine = 1000

func TestCorpus(t *testing.T) {
	rows := corpusRows()
	seen := map[string]bool{}
	for _, r := range rows {
		require.False(t, seen[r.name], "two rows named %q", r.name)
		seen[r.name] = true
		t.Run(r.name, func(t *testing.T) { runCorpusRow(t, r) })
	}
	assert.GreaterOrEqual(t, len(rows), 150, "rows in the corpus")
}

func runCorpusRow(t *testing.T, r corpusRow) {
	// The row itself must say where, what and which value.
	require.NotEmpty(t, r.where, "row names no file or flag")
	fileRow := strings.HasPrefix(r.where, "$")
	if fileRow {
		require.True(t, r.line > 0 || r.key != "", "a file row must name a line or a key")
	}
	require.True(t, (r.value == "") == (r.noValue != ""), "a row has a value to echo or says why it has none")

	files := map[string]string{"park.json": or(r.park, goodPark), "series.csv": or(r.series, goodSeries)}
	for name, text := range r.files {
		files[name] = text
	}
	expand := writeCorpusDir(t, files)
	for k, v := range r.env {
		t.Setenv(k, v)
	}
	args := r.commandLine(expand)
	code, out, errOut := cli(t, args...)

	t.Logf("zeropark %s\nexit %d\n%s%s", strings.Join(args, " "), code, out, errOut) // shown with -v
	msg := errOut
	if r.cmd == "validate" {
		msg = out + errOut // validate lists the problems on stdout
	} else {
		assert.Empty(t, out, "stdout")
	}
	assert.Equal(t, exitBadInput, code, "exit code of %q\n%s", args, msg)
	for _, s := range []string{"goroutine ", "panic:", "runtime error"} {
		assert.NotContains(t, msg, s, "a Go stack trace")
	}
	for i, l := range strings.Split(msg, "\n") {
		assert.LessOrEqual(t, len(l), maxMessageLine, "message line %d is not bounded: %.200s…", i+1, l)
	}

	want := []string{expand(r.where)}
	if r.line > 0 {
		want[0] += fmt.Sprintf(":%d:", r.line)
	}
	for _, s := range []string{r.key, r.value} {
		if s != "" {
			want = append(want, expand(s))
		}
	}
	if !hasLineWithAll(msg, want) {
		t.Errorf("no line of the message holds all of %q\n%s", want, msg)
	}
	for _, s := range r.also {
		if s != "" {
			assert.Contains(t, msg, expand(s))
		}
	}
}

// writeCorpusDir writes the good inputs, then files (which may replace
// them; a name may hold a directory), into a fresh directory, and returns
// the function that expands $PARK, $SERIES, $RESULTS and $DIR.
func writeCorpusDir(t *testing.T, files map[string]string) (expand func(string) string) {
	t.Helper()
	dir := t.TempDir()
	all := map[string]string{"park.json": goodPark, "series.csv": goodSeries, "results.csv": goodResults}
	for name, text := range files {
		all[name] = text
	}
	for name, text := range all {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	return strings.NewReplacer(
		"$PARK", filepath.Join(dir, "park.json"), "$SERIES", filepath.Join(dir, "series.csv"),
		"$RESULTS", filepath.Join(dir, "results.csv"), "$DIR", dir).Replace
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// hasLineWithAll: one line of msg holds every string of want.
func hasLineWithAll(msg string, want []string) bool {
	for _, l := range strings.Split(msg, "\n") {
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(l, w)
		}
		if ok {
			return true
		}
	}
	return false
}

// The unedited inputs pass every command, so each row's exit 2 is its
// edit's doing.
func TestCorpusBaseIsGood(t *testing.T) {
	for _, cmd := range []string{"run", "report", "validate", "sweep", "plot week", "plot sweep", "forecast", "sweep merge"} {
		t.Run(cmd, func(t *testing.T) {
			expand := writeCorpusDir(t, nil)
			if cmd == "sweep merge" { // merges what a sweep wrote
				code, _, errOut := cli(t, corpusRow{cmd: "sweep"}.commandLine(expand)...)
				require.Equal(t, exitOK, code, errOut)
			}
			args := corpusRow{cmd: cmd}.commandLine(expand)
			code, _, errOut := cli(t, args...)
			assert.Equal(t, exitOK, code, "%q\n%s", args, errOut)
		})
	}
}

// corpusRows is every family's rows.
func corpusRows() []corpusRow {
	var rows []corpusRow
	for _, fam := range corpusFamilies {
		rows = append(rows, fam()...)
	}
	return rows
}

var corpusFamilies = []func() []corpusRow{
	missingKeyRows,
	duplicateKeyRows,
	unknownKeyRows,
	bomRows,
	typeRows,
	syntaxRows,
	numericRows,
	rangeRows,
	seriesParseRows,
	seriesParkRows,
	seriesEmptyRows,
	pathRows,
	flagRows,
	resultsRows,
	validateAloneRows,
	heatRows,
	planRows,
}

// ——— Editing the good park ———

// parkSpot is a key of the good park: the first line starting with the
// key after each anchor in turn (anchors are text of the file, e.g.
// `"batteries": [`).
type parkSpot struct {
	anchors []string
	key     string
}

func parkAt(key string, anchors ...string) parkSpot { return parkSpot{anchors: anchors, key: key} }

// find is the byte range of the key's line (from its indentation to its
// newline) and of its value (to the end of a scalar, or of a bracketed
// value spanning lines) in text.
func (s parkSpot) find(text string) (lineStart, valStart, valEnd int) {
	_, off := s.anchor(text)
	re := regexp.MustCompile(`(?m)^[ \t]*"` + regexp.QuoteMeta(s.key) + `":[ \t]*`)
	loc := re.FindStringIndex(text[off:])
	if loc == nil {
		panic(fmt.Sprintf("corpus: key %q not found after %q", s.key, s.anchors))
	}
	lineStart, valStart = off+loc[0], off+loc[1]
	valEnd = valStart
	depth := 0
	inString := false
	for ; valEnd < len(text); valEnd++ {
		c := text[valEnd]
		switch {
		case inString:
			if c == '\\' {
				valEnd++
			} else if c == '"' {
				inString = false
			}
			continue
		case c == '"':
			inString = true
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth < 0 {
				return lineStart, valStart, valEnd
			}
		case depth == 0 && (c == ',' || c == '\n'):
			return lineStart, valStart, valEnd
		}
	}
	return lineStart, valStart, valEnd
}

// anchor is where the last anchor starts and ends in text (0, 0 for none).
// The table is built from the good park: an anchor that is not there is a
// mistake in the test, and panics.
func (s parkSpot) anchor(text string) (start, end int) {
	for _, a := range s.anchors {
		i := strings.Index(text[end:], a)
		if i < 0 {
			panic(fmt.Sprintf("corpus: anchor %q not found", a))
		}
		start, end = end+i, end+i+len(a)
	}
	return start, end
}

// set is the good park with the key's value replaced by raw JSON text.
func (s parkSpot) set(raw string) string {
	_, v0, v1 := s.find(goodPark)
	return goodPark[:v0] + raw + goodPark[v1:]
}

// drop is the good park without the key (and without the comma that
// separated it from its neighbour).
func (s parkSpot) drop() string {
	l0, _, v1 := s.find(goodPark)
	if strings.HasPrefix(goodPark[v1:], ",") {
		v1++
	} else { // the last key: drop the comma before it
		l0 = strings.LastIndex(goodPark[:l0], ",")
	}
	return goodPark[:l0] + goodPark[v1:]
}

// rename is the good park with the key spelt name.
func (s parkSpot) rename(name string) string {
	l0, v0, _ := s.find(goodPark)
	line := goodPark[l0:v0]
	return goodPark[:l0] + strings.Replace(line, `"`+s.key+`"`, `"`+name+`"`, 1) + goodPark[v0:]
}

// dup is the good park with the key's line repeated right after it.
func (s parkSpot) dup() string {
	l0, _, v1 := s.find(goodPark)
	if !strings.HasPrefix(goodPark[v1:], ",") {
		panic(fmt.Sprintf("corpus: dup of the last key %q", s.key))
	}
	line := goodPark[l0 : v1+1]
	return goodPark[:v1+1] + "\n" + line + goodPark[v1+1:]
}

// dupLine is the line of the copy dup makes: the one after the value's
// last line.
func (s parkSpot) dupLine() int {
	_, _, v1 := s.find(goodPark)
	return lineAt(goodPark, v1) + 1
}

// line is the 1-based line of the key in the good park.
func (s parkSpot) line() int {
	l0, _, _ := s.find(goodPark)
	return lineAt(goodPark, l0)
}

// objectLine is the line of the brace that opens the object holding the
// key: the first "{" from the start of the last anchor (or of the file).
func (s parkSpot) objectLine() int {
	start, _ := s.anchor(goodPark)
	return lineAt(goodPark, start+strings.Index(goodPark[start:], "{"))
}

// lineAt is the 1-based line of byte offset off of text.
func lineAt(text string, off int) int { return 1 + strings.Count(text[:off], "\n") }

// assetKey is how a park-file message names a key of an asset (`loads[0]
// "office": key "column_kw"`), or a key outside the assets (`key "grid.x"`).
func assetKey(asset, key string) string {
	if asset == "" {
		return fmt.Sprintf("key %q", key)
	}
	return fmt.Sprintf("%s: key %q", asset, key)
}

// ——— The families ———

// parkObject is an object of the good park, for the generated families:
// the anchors that lead to it, how a message names its asset, and the
// dotted prefix of its keys in messages about the asset (keyPrefix).
type parkObject struct {
	rule      string // the object path in model.ParkKeys
	anchors   []string
	asset     string // `batteries[0] "b1"`; "" for the park and the grid
	keyPrefix string
}

var parkObjects = []parkObject{
	{rule: "", asset: "", keyPrefix: ""},
	{rule: "loads[]", anchors: []string{`"loads": [`}, asset: `loads[0] "office"`},
	{rule: "pv[]", anchors: []string{`"pv": [`}, asset: `pv[0] "roof"`},
	{rule: "pv[].weather", anchors: []string{`"name": "field"`, `"weather": {`}, asset: `pv[1] "field"`, keyPrefix: "weather."},
	{rule: "wind[]", anchors: []string{`"wind": [`}, asset: `wind[0] "mast"`},
	{rule: "wind[].weather", anchors: []string{`"name": "mast"`, `"weather": {`}, asset: `wind[0] "mast"`, keyPrefix: "weather."},
	{rule: "batteries[]", anchors: []string{`"batteries": [`}, asset: `batteries[0] "b1"`},
	{rule: "grid", anchors: []string{`"grid": {`}, keyPrefix: "grid."},
}

// missingKeyRows: every required key of model.ParkKeys in the good park,
// removed, and set to null. The message names the object's line and the
// key; there is no value to echo.
func missingKeyRows() []corpusRow {
	var rows []corpusRow
	n := 0
	for _, rule := range model.ParkKeys() {
		for _, obj := range parkObjects {
			if obj.rule != rule.Object {
				continue
			}
			for _, key := range rule.Required {
				spot := parkAt(key, obj.anchors...)
				asset := obj.asset
				if key == "name" { // the asset is named by index alone
					asset = strings.Fields(asset + " ")[0]
				}
				for _, v := range []struct{ how, park, reason string }{
					{"removed", spot.drop(), "required key is missing"},
					{"null", spot.set("null"), "required key is null"},
				} {
					rows = append(rows, corpusRow{
						name: fmt.Sprintf("park/required key %s/%s%s", v.how, obj.rule+".", key),
						cmd:  corpusCommands[n%len(corpusCommands)],
						park: v.park, where: "$PARK", line: spot.objectLine(),
						key:     assetKey(asset, obj.keyPrefix+key),
						noValue: "the key is " + v.how, also: []string{v.reason},
					})
					n++
				}
			}
		}
	}
	return rows
}

// duplicateKeyRows: a key given twice in one object. The message names the
// second one's line and the first one's; the key itself is the fault.
func duplicateKeyRows() []corpusRow {
	var rows []corpusRow
	for i, d := range []struct {
		spot  parkSpot
		asset string
		key   string // as the message names it
	}{
		{parkAt("name"), "", "name"},
		{parkAt("pv"), "", "pv"},
		{parkAt("column_kw", `"loads": [`), `loads[0] "office"`, "column_kw"},
		{parkAt("capacity_kwp", `"name": "field"`), `pv[1] "field"`, "capacity_kwp"},
		{parkAt("tilt_deg", `"name": "field"`), `pv[1] "field"`, "weather.tilt_deg"},
		{parkAt("hub_height_m", `"name": "mast"`), `wind[0] "mast"`, "weather.hub_height_m"},
		{parkAt("energy_kwh", `"batteries": [`), `batteries[0] "b1"`, "energy_kwh"},
		{parkAt("initial_soc_fraction", `"batteries": [`), `batteries[0] "b1"`, "initial_soc_fraction"},
		{parkAt("import_limit_kw", `"grid": {`), "", "grid.import_limit_kw"},
		{parkAt("kind", `"dispatch_carbon": {`), "", "grid.dispatch_carbon.kind"},
		{parkAt("offsets_held_tco2e", `"market": {`), "", "market.offsets_held_tco2e"},
	} {
		first := d.spot.line()
		rows = append(rows, corpusRow{
			name: "park/duplicate key/" + d.key, cmd: corpusCommands[i%len(corpusCommands)],
			park: d.spot.dup(), where: "$PARK", line: d.spot.dupLine(), key: assetKey(d.asset, d.key),
			noValue: "the key itself is repeated", also: []string{fmt.Sprintf("duplicate key (first at line %d)", first)},
		})
	}
	return rows
}

// unknownKeyRows: keys the format does not have, misspelt or in another
// case (encoding/json would match those silently). The key is the fault.
func unknownKeyRows() []corpusRow {
	long := strings.Repeat("k", 300)
	var rows []corpusRow
	for i, u := range []struct {
		spot   parkSpot
		name   string // the key as written
		key    string // as the message names it
		reason string
	}{
		{parkAt("name"), "park_name", `key "park_name"`, "unknown key"},
		{parkAt("batteries"), "battery", `key "battery"`, "unknown key"},
		{parkAt("column_kw", `"loads": [`), "column", `loads[0] "office": key "column"`, "unknown key"},
		{parkAt("capacity_kwp", `"pv": [`), "capacity_kw", `pv[0] "roof": key "capacity_kw"`, "unknown key"},
		{parkAt("tilt_deg", `"name": "field"`), "tilt", `pv[1] "field": key "weather.tilt"`, `did you mean "tilt_deg"?`},
		{parkAt("capacity_kw", `"wind": [`), "capacity_kwp", `wind[0] "mast": key "capacity_kwp"`, "unknown key"},
		{parkAt("hub_height_m", `"name": "mast"`), "hub_height", `wind[0] "mast": key "weather.hub_height"`, `did you mean "hub_height_m"?`},
		{parkAt("energy_kwh", `"batteries": [`), "energy_kw", `batteries[0] "b1": key "energy_kw"`, "unknown key"},
		{parkAt("import_limit_kw", `"grid": {`), "import_limit", `key "grid.import_limit"`, `did you mean "import_limit_kw"?`},
		{parkAt("column_kgco2e_per_kwh", `"dispatch_carbon": {`), "colum_kgco2e_per_kwh", `key "grid.dispatch_carbon.colum_kgco2e_per_kwh"`, `did you mean "column_kgco2e_per_kwh"?`},
		{parkAt("per_kwh", `"export_price": {`), "per_mwh", `key "grid.export_price.per_mwh"`, `did you mean "per_kwh"?`},
		{parkAt("offsets_held_tco2e", `"market": {`), "offsets_held", `key "market.offsets_held"`, `did you mean "offsets_held_tco2e"?`},
		{parkAt("energy_kwh", `"batteries": [`), long, `batteries[0] "b1": key "` + long[:model.MaxEchoBytes] + `"…(300 bytes)`, "unknown key"},
		// In another case: reported by the key check, with the spelling.
		{parkAt("grid"), "Grid", `key "Grid"`, `did you mean "grid"?`},
		{parkAt("energy_kwh", `"batteries": [`), "Energy_kwh", `batteries[0] "b1": key "Energy_kwh"`, `did you mean "energy_kwh"?`},
		{parkAt("tilt_deg", `"name": "field"`), "TILT_DEG", `pv[1] "field": key "weather.TILT_DEG"`, `did you mean "tilt_deg"?`},
		{parkAt("import_limit_kw", `"grid": {`), "Import_Limit_KW", `key "grid.Import_Limit_KW"`, `did you mean "import_limit_kw"?`},
		{parkAt("offsets_held_tco2e", `"market": {`), "Offsets_Held_tCO2e", `key "market.Offsets_Held_tCO2e"`, `did you mean "offsets_held_tco2e"?`},
	} {
		rows = append(rows, corpusRow{
			name: "park/unknown key/" + u.name[:min(len(u.name), 20)], cmd: corpusCommands[i%len(corpusCommands)],
			park: u.spot.rename(u.name), where: "$PARK", line: u.spot.line(), key: u.key,
			noValue: "the key's name is the fault", also: []string{u.reason},
		})
	}
	return rows
}

// cmdAt is the i-th of corpusCommands, for families that spread their
// rows over the commands.
func cmdAt(i int) string { return corpusCommands[i%len(corpusCommands)] }

// bom is the UTF-8 byte-order mark.
const bom = "\uFEFF"

// bomRows: a byte-order mark at the start of a file is skipped (positions
// count after it); anywhere else, or twice, it is a bad character.
func bomRows() []corpusRow {
	missingComma := strings.Replace(goodPark, `"energy_kwh": 200,`, `"energy_kwh": 200`, 1)
	return []corpusRow{
		{name: "bom/park then a missing comma", cmd: "run", park: bom + missingComma,
			where: "$PARK", line: parkAt("max_charge_kw", `"batteries": [`).line(),
			value: "invalid character '\"' after object key:value pair"},
		{name: "bom/park then a missing key", cmd: "validate", park: bom + parkAt("grid").drop(),
			where: "$PARK", line: 1, key: `key "grid"`, noValue: "the key is absent", also: []string{"required key is missing"}},
		{name: "bom/park twice", cmd: "report", park: bom + bom + goodPark,
			where: "$PARK", line: 1, value: "invalid character 'ï'"},
		{name: "bom/park inside", cmd: "sweep", park: strings.Replace(goodPark, `  "grid": {`, `  `+bom+`"grid": {`, 1),
			where: "$PARK", line: parkAt("grid").line(), value: "invalid character 'ï'"},
		{name: "bom/park UTF-16", cmd: "plot week", park: "\xff\xfe{\x00}\x00",
			where: "$PARK", line: 1, value: "the file is UTF-16 (its byte-order mark): save it as UTF-8"},
		{name: "utf8/park Latin-1", cmd: "run", park: strings.Replace(goodPark, `"name": "`, "\"name\": \"caf\xe9 ", 1),
			where: "$PARK", line: 2, value: "byte 0xE9 is not UTF-8"},
		{name: "bom/series then a bad cell", cmd: "run", series: bom + seriesCell(3, "load_kw", "eighty"),
			where: "$SERIES", line: 5, key: `column "load_kw"`, value: `value "eighty"`},
		{name: "bom/series twice", cmd: "forecast", series: bom + bom + goodSeries,
			where: "$SERIES", line: 1, key: `first header field must be "timestamp"`, value: `value "\ufefftimestamp"`},
		{name: "bom/series in a cell", cmd: "validate", series: seriesCell(3, "co2", bom+"0.6"),
			where: "$SERIES", line: 5, key: `column "co2"`, value: `value "\ufeff0.6"`},
		{name: "bom/series before a column name", cmd: "report", series: strings.Replace(goodSeries, ",co2,", ","+bom+"co2,", 1),
			where: "$SERIES", line: 1, key: "header field 10", value: `value "\ufeffco2"`,
			also: []string{"column name holds the invisible character U+FEFF"}},
		{name: "bom/series no-break space in a column name", cmd: "validate", series: strings.Replace(goodSeries, ",load_kw,", ",load\u00a0kw,", 1),
			where: "$SERIES", line: 1, key: "header field 2", value: `value "load\u00a0kw"`,
			also: []string{"column name holds the invisible character U+00A0"}},
	}
}

// ——— Editing the good series ———

// seriesLines is the good series split into lines (without newlines);
// line n of the file is seriesLines()[n-1], data row i is line i+2.
func seriesLines() []string { return strings.Split(strings.TrimSuffix(goodSeries, "\n"), "\n") }

func joinLines(lines []string) string { return strings.Join(lines, "\n") + "\n" }

// seriesColumn is the index of column name in the good series' header.
func seriesColumn(name string) int {
	for i, h := range strings.Split(seriesLines()[0], ",") {
		if h == name {
			return i
		}
	}
	panic("corpus: no series column " + name)
}

// seriesCell is the good series with data row i's cell of column name set
// to v (raw CSV text).
func seriesCell(i int, name, v string) string {
	lines := seriesLines()
	cells := strings.Split(lines[i+1], ",")
	cells[seriesColumn(name)] = v
	lines[i+1] = strings.Join(cells, ",")
	return joinLines(lines)
}

// seriesWithout is the good series without column name.
func seriesWithout(name string) string {
	j := seriesColumn(name)
	lines := seriesLines()
	for n, l := range lines {
		cells := strings.Split(l, ",")
		lines[n] = strings.Join(append(cells[:j:j], cells[j+1:]...), ",")
	}
	return joinLines(lines)
}

// seriesLine is the good series with line n (1-based) replaced by text;
// "" removes it.
func seriesLine(n int, text string) string {
	lines := seriesLines()
	if text == "" {
		return joinLines(append(lines[:n-1:n-1], lines[n:]...))
	}
	lines[n-1] = text
	return joinLines(lines)
}

// seriesWithFirstColumn is the good series with a column name, every
// value v, before the others.
func seriesWithFirstColumn(name, v string) string {
	lines := seriesLines()
	for n, l := range lines {
		ts, rest, _ := strings.Cut(l, ",")
		if n == 0 {
			lines[n] = ts + "," + name + "," + rest
		} else {
			lines[n] = ts + "," + v + "," + rest
		}
	}
	return joinLines(lines)
}

// seriesTimestamp is the timestamp of data row i of the good series.
func seriesTimestamp(i int) string { return strings.Split(seriesLines()[i+1], ",")[0] }

// typeRows: a value of the wrong JSON type. The message names the line of
// the value, the asset by index and name and the key (as the key check
// does), and the value.
func typeRows() []corpusRow {
	weatherEnd := parkAt("cut_out_m_s", `"name": "mast"`)
	var rows []corpusRow
	for i, c := range []struct {
		name string
		spot parkSpot
		raw  string
		key  string // as the message names it
		want string // the value and what was wanted, as the message says them
	}{
		{"string for a number", parkAt("energy_kwh", `"batteries": [`), `"200"`, `batteries[0] "b1": key "energy_kwh"`, `value "200": want a number`},
		{"percent for a fraction", parkAt("min_soc_fraction", `"batteries": [`), `"10%"`, `batteries[0] "b1": key "min_soc_fraction"`, `value "10%": want a number`},
		{"bool for a number", parkAt("capacity_kwp", `"pv": [`), "true", `pv[0] "roof": key "capacity_kwp"`, "value true: want a number"},
		{"number for a name", parkAt("name", `"batteries": [`), "7", `batteries[0]: key "name"`, "value 7: want a string"},
		{"number for a column", parkAt("column_kw", `"loads": [`), "5", `loads[0] "office": key "column_kw"`, "value 5: want a string"},
		{"number for a kind", parkAt("kind", `"dispatch_carbon": {`), "5", `key "grid.dispatch_carbon.kind"`, "value 5: want a string"},
		{"word for a grid limit", parkAt("import_limit_kw", `"grid": {`), `"lots"`, `key "grid.import_limit_kw"`, `value "lots": want a number`},
		{"Infinity for a grid limit", parkAt("export_limit_kw", `"grid": {`), `"Infinity"`, `key "grid.export_limit_kw"`, `value "Infinity": want a number`},
		{"object for a list", parkAt("loads"), `{"name": "office", "column_kw": "load_kw"}`, `key "loads"`, "got object, want an array"},
		{"number in a list", parkAt("batteries"), `[5]`, `key "batteries[0]"`, "value 5: want an object"},
		{"list for an object", parkAt("grid"), `[]`, `key "grid"`, "got array, want an object"},
		{"string for weather", parkAt("weather", `"name": "field"`), `"sunny"`, `pv[1] "field": key "weather"`, `value "sunny": want an object`},
		{"number for a power curve", weatherEnd, `25, "power_curve": 5`, `wind[0] "mast": key "weather.power_curve"`, "value 5: want an array"},
		{"list for the market", parkAt("market"), `[1, 2]`, `key "market"`, "got array, want an object"},
		{"string for a price", parkAt("per_kwh", `"export_price": {`), `"0.03"`, `key "grid.export_price.per_kwh"`, `value "0.03": want a number`},
	} {
		rows = append(rows, corpusRow{
			name: "park/type/" + c.name, cmd: cmdAt(i), park: c.spot.set(c.raw),
			where: "$PARK", line: c.spot.line(), key: c.key, value: c.want,
		})
	}
	// Not a park object at all, and a null asset.
	for i, c := range []struct{ name, park, want string }{
		{"park is a list", "[]", "got array, want an object"},
		{"park is a string", `"park"`, `value "park": want an object`},
		{"park is a number", "42", "value 42: want an object"},
	} {
		rows = append(rows, corpusRow{name: "park/type/" + c.name, cmd: cmdAt(i), park: c.park,
			where: "$PARK", line: 1, value: c.want})
	}
	rows = append(rows, corpusRow{name: "park/type/null battery", cmd: "validate",
		park: parkAt("batteries").set("[null]"), where: "$PARK", line: parkAt("batteries").line(),
		key: `key "batteries[0]"`, value: "null element: want an object"})
	return rows
}

// syntaxRows: files that are not JSON. The message gives the line (and
// column) and the character or what is missing.
func syntaxRows() []corpusRow {
	bat := func(key string) parkSpot { return parkAt(key, `"batteries": [`) }
	lastLine := strings.Count(goodPark, "\n")
	var rows []corpusRow
	for i, c := range []struct {
		name, park string
		line       int
		want       string
	}{
		{"trailing comma", strings.Replace(goodPark, `"wear_cost_per_kwh": 0.01`, `"wear_cost_per_kwh": 0.01,`, 1),
			bat("wear_cost_per_kwh").line() + 1, "invalid character '}' looking for beginning of object key string"},
		{"missing comma", strings.Replace(goodPark, `"energy_kwh": 200,`, `"energy_kwh": 200`, 1),
			bat("max_charge_kw").line(), "invalid character '\"' after object key:value pair"},
		{"bare NaN", bat("energy_kwh").set("NaN"), bat("energy_kwh").line(), "invalid character 'N' looking for beginning of value"},
		{"bare Infinity", bat("energy_kwh").set("Infinity"), bat("energy_kwh").line(), "invalid character 'I' looking for beginning of value"},
		{"minus Infinity", bat("energy_kwh").set("-Infinity"), bat("energy_kwh").line(), "invalid character 'I' in numeric literal"},
		{"hex number", bat("energy_kwh").set("0x10"), bat("energy_kwh").line(), "invalid character 'x' after object key:value pair"},
		{"leading plus", bat("energy_kwh").set("+5"), bat("energy_kwh").line(), "invalid character '+' looking for beginning of value"},
		{"leading dot", bat("energy_kwh").set(".5"), bat("energy_kwh").line(), "invalid character '.' looking for beginning of value"},
		{"decimal comma", bat("energy_kwh").set("0,5"), bat("energy_kwh").line(), "invalid character '5' looking for beginning of object key string"},
		{"single quotes", bat("name").set("'b1'"), bat("name").line(), `invalid character '\'' looking for beginning of value`},
		{"comment", strings.Replace(goodPark, `  "grid": {`, "  // the grid\n  \"grid\": {", 1),
			parkAt("grid").line(), "invalid character '/' looking for beginning of object key string"},
		{"tab in a string", bat("name").set("\"b\t1\""), bat("name").line(), `invalid character '\t' in string literal`},
		{"NUL byte", "\x00" + goodPark, 1, `invalid character '\x00' looking for beginning of value`},
		{"cut short", goodPark[:len(goodPark)/2], strings.Count(goodPark[:len(goodPark)/2], "\n") + 1, "unexpected end of file"},
		{"unclosed object", strings.TrimSuffix(goodPark, "}\n"), lastLine, "unexpected end of file"},
		{"data after the park", goodPark + "{}\n", lastLine + 1, "unexpected data after the park object"},
		{"two parks", goodPark + goodPark, lastLine + 1, "unexpected data after the park object"},
	} {
		rows = append(rows, corpusRow{name: "park/syntax/" + c.name, cmd: cmdAt(i), park: c.park,
			where: "$PARK", line: c.line, value: c.want})
	}
	for i, c := range []struct{ name, park, want string }{
		{"empty file", "", "empty file: want a park object"},
		{"blank file", " \n\t\n", "empty file: want a park object"},
		{"null", "null", "park is null"},
	} {
		rows = append(rows, corpusRow{name: "park/syntax/" + c.name, cmd: cmdAt(i + 2),
			files: map[string]string{"park.json": c.park}, where: "$PARK", line: 1,
			noValue: "the file holds no value", also: []string{c.want}})
	}
	return rows
}

// numericField is a number of the good park: where it is, how validation
// names it (asset label and field) and how a JSON type error names it (the
// asset by index and name, or the key's path from the top).
type numericField struct {
	spot   parkSpot
	asset  string // `battery "b1"`, "grid", "market"
	field  string // "energy_kwh", "weather.tilt_deg"
	decode string // `batteries[0] "b1": key "energy_kwh"`, `key "grid.import_limit_kw"`
	// negOK: -1 is a valid value (a longitude, a price).
	negOK bool
}

func numericFields() []numericField {
	var fs []numericField
	// jsonAsset and jsonPrefix: how a JSON error names the object (see
	// assetKey).
	add := func(anchors []string, asset, prefix, jsonAsset, jsonPrefix string, negOK map[string]bool, keys ...string) {
		for _, k := range keys {
			fs = append(fs, numericField{spot: parkAt(k, anchors...), asset: asset, field: prefix + k,
				decode: assetKey(jsonAsset, jsonPrefix+prefix+k), negOK: negOK[k]})
		}
	}
	add([]string{`"loads": [`}, `load "office"`, "", `loads[0] "office"`, "", nil, "scale")
	add([]string{`"pv": [`}, `pv "roof"`, "", `pv[0] "roof"`, "", nil, "capacity_kwp")
	add([]string{`"name": "field"`}, `pv "field"`, "", `pv[1] "field"`, "", nil, "capacity_kwp")
	add([]string{`"name": "field"`, `"weather": {`}, `pv "field"`, "weather.", `pv[1] "field"`, "",
		map[string]bool{"latitude_deg": true, "longitude_deg": true, "elevation_m": true},
		"latitude_deg", "longitude_deg", "elevation_m", "tilt_deg", "azimuth_deg", "sun_offset_minutes",
		"temp_coeff_per_c", "losses_fraction", "inverter_efficiency", "dc_ac_ratio", "albedo")
	add([]string{`"name": "mast"`}, `wind "mast"`, "", `wind[0] "mast"`, "", nil, "capacity_kw")
	add([]string{`"name": "mast"`, `"weather": {`}, `wind "mast"`, "weather.", `wind[0] "mast"`, "", nil,
		"measurement_height_m", "hub_height_m", "shear_exponent", "cut_in_m_s", "rated_m_s", "cut_out_m_s")
	add([]string{`"name": "tower"`}, `wind "tower"`, "", `wind[1] "tower"`, "", nil, "capacity_kw")
	add([]string{`"batteries": [`}, `battery "b1"`, "", `batteries[0] "b1"`, "", nil,
		"energy_kwh", "max_charge_kw", "max_discharge_kw", "charge_efficiency", "discharge_efficiency",
		"min_soc_fraction", "max_soc_fraction", "initial_soc_fraction", "self_discharge_per_hour", "wear_cost_per_kwh")
	add([]string{`"grid": {`}, "grid", "", "", "grid.", nil, "import_limit_kw", "export_limit_kw")
	add([]string{`"accounting_carbon": {`}, "grid", "accounting_carbon.", "", "grid.", nil, "kgco2e_per_kwh")
	add([]string{`"export_price": {`}, "grid", "export_price.", "", "grid.", map[string]bool{"per_kwh": true}, "per_kwh")
	add([]string{`"market": {`}, "market", "", "", "market.", nil,
		"offsets_held_tco2e", "certificates_held_mwh", "offset_price_per_tco2e", "certificate_price_per_mwh")
	return fs
}

// numericRows: every number of the good park set to -1 (where that is out
// of range), to the string "NaN" and to 1e400 (beyond float64).
// Validation names asset, field and value; the decoder names the key, the
// line and the value.
func numericRows() []corpusRow {
	var rows []corpusRow
	n := 0
	for _, f := range numericFields() {
		if !f.negOK {
			rows = append(rows, corpusRow{
				name: "park/value -1/" + f.asset + "." + f.field, cmd: cmdAt(n), park: f.spot.set("-1"),
				where: "$PARK", key: fmt.Sprintf("%s: %s", f.asset, f.field), value: "= -1",
			})
			n++
		}
		// 1e400 is a number, beyond float64's range: said so, not "want a number".
		for _, v := range []struct{ raw, echo, why string }{{`"NaN"`, `value "NaN"`, "want a number"},
			{"1e400", "value 1e400", "out of the range of a number"}} {
			rows = append(rows, corpusRow{
				name: "park/value " + v.raw + "/" + f.asset + "." + f.field, cmd: cmdAt(n), park: f.spot.set(v.raw),
				where: "$PARK", line: f.spot.line(), key: f.decode, value: v.echo,
				also: []string{v.why},
			})
			n++
		}
	}
	return rows
}

// rangeRows: values of the right type outside their field's range, one
// rule each. Validation names the file, asset, field and value, and why.
func rangeRows() []corpusRow {
	bat := func(key string) parkSpot { return parkAt(key, `"batteries": [`) }
	pvw := func(key string) parkSpot { return parkAt(key, `"name": "field"`, `"weather": {`) }
	wdw := func(key string) parkSpot { return parkAt(key, `"name": "mast"`, `"weather": {`) }
	long := strings.Repeat("Ω", 100) // 200 bytes of UTF-8
	var rows []corpusRow
	for i, c := range []struct {
		name, park string
		key        string // asset: field, as validation names them
		value      string
		why        string
	}{
		{"efficiency above 1", bat("charge_efficiency").set("1.05"), `battery "b1": charge_efficiency`, "= 1.05", "must be in (0, 1]"},
		{"efficiency 0", bat("discharge_efficiency").set("0"), `battery "b1": discharge_efficiency`, "= 0", "must be in (0, 1]"},
		{"efficiency in percent", bat("charge_efficiency").set("95"), `battery "b1": charge_efficiency`, "= 95", "must be in (0, 1]"},
		{"SoC above 1", bat("max_soc_fraction").set("1.2"), `battery "b1": max_soc_fraction`, "= 1.2", "must be in [0, 1]"},
		{"SoC fractions out of order", bat("min_soc_fraction").set("0.95"), `battery "b1": min_soc_fraction`, "= 0.95", "must be ≤ max_soc_fraction (0.9)"},
		{"initial SoC below min", bat("initial_soc_fraction").set("0.05"), `battery "b1": initial_soc_fraction`, "= 0.05", "[min_soc_fraction, max_soc_fraction] = [0.1, 0.9]"},
		{"initial SoC above max", bat("initial_soc_fraction").set("0.95"), `battery "b1": initial_soc_fraction`, "= 0.95", "[min_soc_fraction, max_soc_fraction] = [0.1, 0.9]"},
		{"self-discharge 1 per hour", bat("self_discharge_per_hour").set("1"), `battery "b1": self_discharge_per_hour`, "= 1", "must be in [0, 1)"},
		{"battery energy implausible", bat("energy_kwh").set("2e9"), `battery "b1": energy_kwh`, "= 2000000000", "implausibly large"},
		{"latitude 91", pvw("latitude_deg").set("91"), `pv "field": weather.latitude_deg`, "= 91", "must be in [-90, 90]"},
		{"longitude 181", pvw("longitude_deg").set("181"), `pv "field": weather.longitude_deg`, "= 181", "must be in [-180, 180]"},
		{"elevation 9500 m", pvw("elevation_m").set("9500"), `pv "field": weather.elevation_m`, "= 9500", "must be in [-500, 9000]"},
		{"tilt 91", pvw("tilt_deg").set("91"), `pv "field": weather.tilt_deg`, "= 91", "must be in [0, 90]"},
		{"azimuth 360", pvw("azimuth_deg").set("360"), `pv "field": weather.azimuth_deg`, "= 360", "must be in [0, 360)"},
		{"sun offset 61 min", pvw("sun_offset_minutes").set("61"), `pv "field": weather.sun_offset_minutes`, "= 61", "must be in [0, 60]"},
		{"temperature coefficient positive", pvw("temp_coeff_per_c").set("0.004"), `pv "field": weather.temp_coeff_per_c`, "= 0.004", "must be in [-0.02, 0]"},
		{"losses 1", pvw("losses_fraction").set("1"), `pv "field": weather.losses_fraction`, "= 1", "must be in [0, 1)"},
		{"inverter above 1", pvw("inverter_efficiency").set("1.2"), `pv "field": weather.inverter_efficiency`, "= 1.2", "must be in (0, 1]"},
		{"DC/AC ratio 12", pvw("dc_ac_ratio").set("12"), `pv "field": weather.dc_ac_ratio`, "= 12", "must be in (0, 10]"},
		{"albedo 1.5", pvw("albedo").set("1.5"), `pv "field": weather.albedo`, "= 1.5", "must be in [0, 1]"},
		{"unknown sky model", pvw("sky_model").set(`"perez"`), `pv "field": weather.sky_model`, `= "perez"`, `must be "isotropic", "haydavies" or empty (empty means "haydavies")`},
		{"shear 1.5", wdw("shear_exponent").set("1.5"), `wind "mast": weather.shear_exponent`, "= 1.5", "must be in [0, 1]"},
		{"hub height 0", wdw("hub_height_m").set("0"), `wind "mast": weather.hub_height_m`, "= 0", "must be in [1, 500] m above the ground"},
		{"rated below cut-in", wdw("rated_m_s").set("2"), `wind "mast": weather.rated_m_s`, "= 2", "cut_in_m_s < rated_m_s < cut_out_m_s"},
		{"cut-out below rated", wdw("cut_out_m_s").set("10"), `wind "mast": weather.rated_m_s`, "have 3, 12, 10", "cut_in_m_s < rated_m_s < cut_out_m_s"},
		{"power curve speeds not increasing", wdw("cut_out_m_s").set(`25, "power_curve": [{"speed_m_s": 5, "kw_per_kw": 0}, {"speed_m_s": 4, "kw_per_kw": 1}]`),
			`wind "mast": weather.power_curve[1].speed_m_s`, "= 4", "speeds must increase strictly (previous 5)"},
		{"power curve above 1 kW/kW", wdw("cut_out_m_s").set(`25, "power_curve": [{"speed_m_s": 3, "kw_per_kw": 0}, {"speed_m_s": 12, "kw_per_kw": 1.5}]`),
			`wind "mast": weather.power_curve[1].kw_per_kw`, "= 1.5", "must be in [0, 1]"},
		{"power curve of one point", wdw("cut_out_m_s").set(`25, "power_curve": [{"speed_m_s": 3, "kw_per_kw": 0}]`),
			`wind "mast": weather.power_curve`, "= 1", "needs at least 2 points"},
		{"temperature without pressure", wdw("cut_out_m_s").set(`25, "temp_column_c": "temp_c"`),
			`wind "mast": weather.pressure_column_hpa`, `= ""`, "must be set together with temp_column_c"},
		{"capacity implausible", parkAt("capacity_kwp", `"pv": [`).set("2e9"), `pv "roof": capacity_kwp`, "= 2000000000", "implausibly large"},
		{"load scale implausible", parkAt("scale", `"loads": [`).set("5e9"), `load "office": scale`, "= 5000000000", "implausibly large"},
		{"import limit implausible", parkAt("import_limit_kw", `"grid": {`).set("1e12"), "grid: import_limit_kw", "= 1e+12", "implausibly large"},
		{"carbon constant implausible", parkAt("kgco2e_per_kwh", `"accounting_carbon": {`).set("2e6"), "grid: accounting_carbon.kgco2e_per_kwh", "= 2000000", "must be at most 3 kgCO2e/kWh"},
		// A factor in g/kWh (QA, 2026-12-04: it passed, and the run rated
		// the park on nonsense).
		{"carbon constant in g/kWh", parkAt("kgco2e_per_kwh", `"accounting_carbon": {`).set("530.6"), "grid: accounting_carbon.kgco2e_per_kwh", "= 530.6",
			"must be at most 3 kgCO2e/kWh in magnitude: is it in g/kWh? divide by 1000"},
		{"price constant implausible", parkAt("per_kwh", `"export_price": {`).set("-3e6"), "grid: export_price.per_kwh", "= -3000000", "implausibly large"},
		{"unknown signal kind", parkAt("kind", `"dispatch_carbon": {`).set(`"hourly"`), "grid: dispatch_carbon.kind", `= "hourly"`, `must be "average", "marginal" or empty`},
		{"empty asset name", parkAt("name", `"batteries": [`).set(`""`), "batteries[0]: name", `= ""`, "must not be empty"},
		{"asset name used twice", parkAt("name", `"batteries": [`).set(`"office"`), `battery "office": name`, `= "office"`, `already used by load "office"`},
		{"long name used twice", strings.Replace(strings.Replace(goodPark,
			`"name": "roof"`, `"name": "`+long+`"`, 1), `"name": "tower"`, `"name": "`+long+`"`, 1),
			`wind "` + long[:model.MaxEchoBytes] + `"…(200 bytes): name`, `= "` + long[:model.MaxEchoBytes] + `"…(200 bytes)`, "already used by"},
		{"empty column name", parkAt("column_kw", `"loads": [`).set(`""`), `load "office": column_kw`, `= ""`, "must name a series column"},
		{"no loads", parkAt("loads").set("[]"), "park: loads", "", "must have at least one load"},
		{"column and weather both", parkAt("capacity_kwp", `"name": "field"`).set(`100, "availability_column_kw_per_kwp": "pv_kw_per_kwp"`),
			`pv "field": availability_column_kw_per_kwp`, `= "pv_kw_per_kwp"`, "(both are set)"},
		{"neither column nor weather", parkAt("availability_column_kw_per_kw", `"name": "tower"`).drop(),
			`wind "tower": availability_column_kw_per_kw`, `= ""`, "(neither is set)"},
	} {
		r := corpusRow{name: "park/range/" + c.name, cmd: cmdAt(i), park: c.park, where: "$PARK",
			key: c.key, value: c.value, also: []string{c.why}}
		if c.value == "" {
			r.noValue = "the list is empty"
		}
		rows = append(rows, r)
	}
	return rows
}

// seriesCommands are the commands that read a series file; forecast reads
// no park, so it sees only what is wrong with the file itself.
var seriesCommands = append(append([]string(nil), corpusCommands...), "forecast")

// huge is a cell of 100,000 bytes: its echo must be cut.
var huge = strings.Repeat("9", 100_000)

// cutEcho is how a message echoes a long text s: its first
// model.MaxEchoBytes bytes quoted, then its length.
func cutEcho(s string) string {
	return fmt.Sprintf("%q…(%d bytes)", s[:model.MaxEchoBytes], len(s))
}

// seriesParseRows: series files the reader rejects (timestamps, steps,
// cells, rows, headers). The message gives file:line, the column and the
// value.
func seriesParseRows() []corpusRow {
	ts := seriesTimestamp
	var rows []corpusRow
	add := func(name, series string, line int, key, value string, why string) {
		r := corpusRow{name: "series/" + name, cmd: seriesCommands[len(rows)%len(seriesCommands)], series: series,
			where: "$SERIES", line: line, key: key, value: value, also: []string{why}}
		if value == "" {
			r.noValue = "the row or header lacks something; nothing in it is wrong"
		}
		rows = append(rows, r)
	}
	stamp := func(i int, v string) string { return seriesCell(i, "timestamp", v) }
	notRFC := "not an RFC 3339 timestamp"
	tsCol := `column "timestamp"`
	// Timestamps.
	add("timestamp with a space", stamp(5, "2024-06-01 05:00:00+08:00"), 7, tsCol, `value "2024-06-01 05:00:00+08:00"`, notRFC)
	add("timestamp without offset", stamp(5, "2024-06-01T05:00:00"), 7, tsCol, `value "2024-06-01T05:00:00"`, notRFC)
	add("date only", stamp(0, "2024-06-01"), 2, tsCol, `value "2024-06-01"`, notRFC)
	add("timestamp a word", stamp(9, "yesterday"), 11, tsCol, `value "yesterday"`, notRFC)
	add("month 13", stamp(30, "2024-13-02T06:00:00+08:00"), 32, tsCol, `value "2024-13-02T06:00:00+08:00"`, "not a time: month out of range")
	add("epoch seconds", stamp(2, "1717178400"), 4, tsCol, `value "1717178400"`, notRFC)
	add("huge timestamp", stamp(3, huge), 5, tsCol, "value "+cutEcho(huge), notRFC)
	// Steps.
	add("gap", seriesLine(12, ""), 12, tsCol, fmt.Sprintf("value %q", ts(11)), "want "+ts(10))
	add("repeated row", seriesLine(12, seriesLines()[10]), 12, tsCol, fmt.Sprintf("value %q", ts(9)),
		"duplicate timestamp: repeats line 11 ("+ts(9)+")")
	add("rows swapped", seriesLine(21, seriesLines()[21]), 21, tsCol, fmt.Sprintf("value %q", ts(20)), "want "+ts(19))
	add("7-minute step", stamp(1, "2024-06-01T00:07:00+08:00"), 3, tsCol, `value "2024-06-01T00:07:00+08:00"`, "step 7m0s from the first row")
	add("2-hour step", stamp(1, "2024-06-01T02:00:00+08:00"), 3, tsCol, `value "2024-06-01T02:00:00+08:00"`, "step 2h0m0s from the first row")
	add("backwards", stamp(1, "2024-05-31T23:00:00+08:00"), 3, tsCol, `value "2024-05-31T23:00:00+08:00"`, "1h0m0s before the first row (line 2): rows must be in ascending time order")
	add("zero step", stamp(1, ts(0)), 3, tsCol, fmt.Sprintf("value %q", ts(0)), "duplicate timestamp: repeats line 2 ("+ts(0)+")")
	add("repeated instant in another offset", stamp(10, "2024-06-01T10:00:00+09:00"), 12, tsCol,
		`value "2024-06-01T10:00:00+09:00"`, "duplicate timestamp: repeats line 11 ("+ts(9)+")")
	add("wrong instant in another offset", stamp(10, "2024-06-01T12:00:00+09:00"), 12, tsCol,
		`value "2024-06-01T12:00:00+09:00"`, "want "+ts(10))
	// Cells.
	for _, c := range []struct {
		name, column, v, echo, why string
	}{
		{"word", "load_kw", "abc", `"abc"`, "invalid number"},
		{"unit in the cell", "load_kw", "12kW", `"12kW"`, "invalid number"},
		{"decimal comma", "pv_kw_per_kwp", `"0,5"`, `"0,5"`, "invalid number"},
		{"NaN", "co2", "NaN", `"NaN"`, "NaN or infinite values are not allowed"},
		{"Inf", "price", "Inf", `"Inf"`, "NaN or infinite values are not allowed"},
		{"minus infinity", "temp_c", "-Infinity", `"-Infinity"`, "NaN or infinite values are not allowed"},
		{"1e400", "wind_m_s", "1e400", `"1e400"`, "number out of float64 range"},
		{"huge number", "dni_w_m2", huge, cutEcho(huge), "number out of float64 range"},
		{"huge text", "dhi_w_m2", "x" + huge, cutEcho("x" + huge), "invalid number"},
	} {
		add("cell/"+c.name, seriesCell(6, c.column, c.v), 8, fmt.Sprintf("column %q", c.column), "value "+c.echo, c.why)
	}
	add("cell/blank", seriesCell(6, "co2", ""), 8, `column "co2"`, "", "missing value")
	add("cell/spaces", seriesCell(6, "load_kw", "   "), 8, `column "load_kw"`, "", "missing value")
	// Rows.
	short := seriesLines()[14]
	add("row short a field", seriesLine(15, short[:strings.LastIndex(short, ",")]), 15, "row has 10 fields, header has 11", "", "")
	add("row with a trailing comma", seriesLine(15, short+","), 15, "row has 12 fields, header has 11", "", "")
	add("unterminated quote", seriesCell(13, "load_kw", `"80`), 15, "CSV row runs on to line 49", "", `extraneous or missing " in quoted-field`)
	add("bare quote", seriesCell(13, "load_kw", `8"0`), 15, "CSV column", "", `bare " in non-quoted-field`)
	// Headers.
	head := seriesLines()[0]
	add("header/first field not timestamp", seriesLine(1, strings.Replace(head, "timestamp", "time", 1)), 1,
		`first header field must be "timestamp"`, `value "time"`, "")
	add("header/missing", strings.SplitN(goodSeries, "\n", 2)[1], 1, `first header field must be "timestamp"`,
		fmt.Sprintf("value %q", ts(0)), "")
	add("header/empty column name", seriesLine(1, strings.Replace(head, ",load_kw,", ",,", 1)), 1,
		"header field 2: empty column name", "", "")
	add("header/column twice", seriesLine(1, strings.Replace(head, ",price", ",co2", 1)), 1, `column "co2"`, "", "duplicate column name")
	add("header/timestamp twice", seriesLine(1, strings.Replace(head, ",price", ",timestamp", 1)), 1, `column "timestamp"`, "",
		`"timestamp" may only be the first column`)
	add("header/huge column name twice", seriesLine(1, strings.Replace(head, ",co2,price", ","+huge+","+huge, 1)), 1,
		"column "+cutEcho(huge), "", "duplicate column name")
	add("header/column name spanning lines", strings.Replace(goodSeries, ",price\n", ",\"pri\nce\"\n", 1), 1,
		"header field 11: column name spans lines", `value "pri\nce"`, "")
	add("header/no value columns", "timestamp\n"+ts(0)+"\n"+ts(1)+"\n", 1, "header has no value columns", "", "")
	add("header/binary", "\x00\x01\x02\n", 1, `first header field must be "timestamp"`, `value "\x00\x01\x02"`, "")
	return rows
}

// seriesUse is a column of the good series and the park field that
// reads it, as validation names them.
type seriesUse struct{ column, field string }

var seriesUses = []seriesUse{
	{"load_kw", `load "office": column_kw`},
	{"pv_kw_per_kwp", `pv "roof": availability_column_kw_per_kwp`},
	{"ghi_w_m2", `pv "field": weather.ghi_column_w_m2`},
	{"dni_w_m2", `pv "field": weather.dni_column_w_m2`},
	{"dhi_w_m2", `pv "field": weather.dhi_column_w_m2`},
	{"temp_c", `pv "field": weather.temp_column_c`},
	{"wind_m_s", `wind "mast": weather.speed_column_m_s`},
	{"wind_kw_per_kw", `wind "tower": availability_column_kw_per_kw`},
	{"co2", "grid: dispatch_carbon.column_kgco2e_per_kwh"},
	{"price", "grid: import_price.column_per_kwh"},
}

// seriesParkRows: series files that read but do not fit the park: a
// column the park reads is missing, or holds a value out of its range.
// The message names the series file, the park field and column, and the
// line and value.
func seriesParkRows() []corpusRow {
	var rows []corpusRow
	for i, u := range seriesUses {
		rows = append(rows, corpusRow{
			name: "series/column missing/" + u.column, cmd: cmdAt(i), series: seriesWithout(u.column),
			where: "$SERIES", key: u.field, value: fmt.Sprintf("= %q", u.column), also: []string{"no such column in the series"},
		})
	}
	const row = 9 // 09:00, line 11
	for i, c := range []struct {
		column, v, echo, why string
	}{
		{"load_kw", "-5", "value -5", "must be finite and ≥ 0"},
		{"load_kw", "2e9", "value 2000000000", "implausibly large"},
		{"pv_kw_per_kwp", "150", "value 150", "does the column hold kW?"},
		{"pv_kw_per_kwp", "-0.1", "value -0.1", "must be in [0, 1.5]"},
		{"wind_kw_per_kw", "3", "value 3", "does the column hold kW?"},
		{"ghi_w_m2", "-10", "value -10", "must be finite and ≥ 0"},
		{"dni_w_m2", "-1", "value -1", "must be finite and ≥ 0"},
		{"dhi_w_m2", "-2", "value -2", "must be finite and ≥ 0"},
		{"wind_m_s", "-3", "value -3", "must be finite and ≥ 0"},
		{"temp_c", "1e10", "value 10000000000", "implausibly large"},
		{"co2", "2e6", "value 2000000", "must be at most 3 kgCO2e/kWh"},
		{"co2", "675", "value 675", "is it in g/kWh? divide by 1000"},
		{"price", "-2e6", "value -2000000", "implausibly large"},
	} {
		var field string
		for _, u := range seriesUses {
			if u.column == c.column {
				field = u.field
			}
		}
		rows = append(rows, corpusRow{
			name: "series/value/" + c.column + "=" + c.v, cmd: cmdAt(i), series: seriesCell(row, c.column, c.v),
			where: "$SERIES", line: row + 2, key: fmt.Sprintf("%s = %q", field, c.column),
			value: fmt.Sprintf("interval %d (%s): %s", row, seriesTimestamp(row), c.echo), also: []string{c.why},
		})
	}
	return rows
}

// seriesEmptyRows: files too short to be a series.
func seriesEmptyRows() []corpusRow {
	head := seriesLines()[0]
	var rows []corpusRow
	for i, c := range []struct{ name, text, key string }{
		{"empty file", "", "empty file: want a header timestamp,<columns…>"},
		{"blank lines only", "\n\n\n", "empty file: want a header timestamp,<columns…>"},
		{"header only", head + "\n", "0 data rows: need at least 2 to infer the step"},
		{"one data row", head + "\n" + seriesLines()[1] + "\n", "1 data rows: need at least 2 to infer the step"},
	} {
		rows = append(rows, corpusRow{name: "series/" + c.name, cmd: seriesCommands[(i*2+1)%len(seriesCommands)],
			files: map[string]string{"series.csv": c.text}, where: "$SERIES", key: c.key,
			noValue: "there is no value in the file"})
	}
	return rows
}

// pathRows: paths that cannot serve, checked before any work. The message
// names the flag and the path.
func pathRows() []corpusRow {
	var rows []corpusRow
	add := func(name, cmd string, args []string, where, value, why string) {
		rows = append(rows, corpusRow{name: "path/" + name, cmd: cmd, args: args, where: where, value: value, also: []string{why}})
	}
	for i, cmd := range []string{"run", "report", "validate", "sweep", "plot week"} {
		add("park is a directory/"+cmd, cmd, []string{"--park", "$DIR"}, "--park", "$DIR", "is a directory, want a file")
		add("series is a directory/"+cmd, cmd, []string{"--series", "$DIR"}, "--series", "$DIR", "is a directory, want a file")
		missing := []string{"--park", "$DIR/nope.json"}
		flag, value := "--park", "$DIR/nope.json"
		if i%2 == 1 {
			missing, flag, value = []string{"--series", "$DIR/nope.csv"}, "--series", "$DIR/nope.csv"
		}
		add("missing file/"+cmd, cmd, missing, flag, value, "no such file")
	}
	add("series is a directory/forecast", "forecast", []string{"--series", "$DIR"}, "--series", "$DIR", "is a directory, want a file")
	add("missing file/forecast", "forecast", []string{"--series", "$DIR/nope.csv"}, "--series", "$DIR/nope.csv", "no such file")
	add("in is a directory/plot sweep", "plot sweep", []string{"--in", "$DIR"}, "--in", "$DIR", "is a directory, want a file")
	add("missing file/plot sweep", "plot sweep", []string{"--in", "$DIR/nope.csv"}, "--in", "$DIR/nope.csv", "no such file")
	add("run out is a file", "run", []string{"--out", "$SERIES"}, "--out", "$SERIES", "exists and is not a directory")
	add("sweep out is a directory", "sweep", []string{"--out", "$DIR"}, "--out", "$DIR", "is a directory, want a file name")
	add("sweep out in a missing directory", "sweep", []string{"--out", "$DIR/no/r.csv"}, "--out", "$DIR/no/r.csv", "directory $DIR/no does not exist")
	add("sweep out under a file", "sweep", []string{"--out", "$SERIES/r.csv"}, "--out", "$SERIES/r.csv", "$SERIES is not a directory")
	add("sweep out two levels under a file", "sweep", []string{"--out", "$SERIES/d/r.csv"}, "--out", "$SERIES/d/r.csv", "$SERIES is not a directory")
	add("run out under a file", "run", []string{"--out", "$SERIES/out"}, "--out", "$SERIES/out", "$SERIES is not a directory")
	add("plot week out under a file", "plot week", []string{"--out", "$PARK/w.svg"}, "--out", "$PARK/w.svg", "$PARK is not a directory")
	add("plot week out is a directory", "plot week", []string{"--out", "$DIR"}, "--out", "$DIR", "want a .png or .svg file name")
	add("plot week out is a directory named .svg", "plot week", []string{"--out", "$DIR/d.svg"}, "--out", "$DIR/d.svg", "is a directory, want a file name")
	add("plot week out of another format", "plot week", []string{"--out", "$DIR/week.pdf"}, "--out", "$DIR/week.pdf", "want a .png or .svg file name")
	add("plot sweep out in a missing directory", "plot sweep", []string{"--out", "$DIR/no/h.svg"}, "--out", "$DIR/no/h.svg", "does not exist")
	add("sweep merge output is a directory", "sweep merge", []string{"-o", "$DIR"}, "-o", "$DIR", "is a directory, want a file name")
	add("sweep merge input missing", "sweep merge", []string{"$DIR/nope.csv"}, "input", "$DIR/nope.csv", "no such file")
	// The positional argument replaces the default input.
	rows[len(rows)-1].omit = []string{"$positional"}
	// A directory named d.svg, for the row above that wants one.
	for i := range rows {
		if strings.Contains(rows[i].name, "named .svg") {
			rows[i].files = map[string]string{"d.svg/keep": ""}
		}
	}
	return rows
}

// flagRows: flag values the commands refuse. The message names the flag
// and echoes the value.
func flagRows() []corpusRow {
	var rows []corpusRow
	add := func(name, cmd string, args []string, where, value string, also ...string) {
		rows = append(rows, corpusRow{name: "flag/" + name, cmd: cmd, args: args, where: where, value: value, also: also})
	}
	// Unknown flags, and a stray argument, in every command.
	for _, cmd := range []string{"run", "report", "validate", "sweep", "plot week", "plot sweep", "forecast", "sweep merge"} {
		add("unknown/"+cmd, cmd, []string{"--frobnicate"}, "flag provided but not defined", "-frobnicate", "Usage:")
	}
	add("stray argument", "run", []string{"stray"}, "unexpected argument", `"stray"`)
	// Dispatch settings shared by run, report, sweep and plot week.
	for i, c := range []struct{ flag, v, echo, why string }{
		{"--horizon", "0", "--horizon 0s", "must be positive"},
		{"--horizon", "-1h", "--horizon -1h0m0s", "must be positive"},
		{"--horizon", "soon", `invalid value "soon" for flag --horizon`, "parse error"},
		{"--horizon", "24", `invalid value "24" for flag --horizon`, "parse error"},
		{"--offset-price", "-1", "--offset-price -1", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offset-price", "NaN", "--offset-price NaN", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offset-price", "Inf", "--offset-price +Inf", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offset-price", "fifteen", `invalid value "fifteen" for flag --offset-price`, "not a number"},
		{"--certificate-price", "1e400", `invalid value "1e400" for flag --certificate-price`, "value out of range"},
		{"--certificate-price", "-5", "--certificate-price -5", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offsets-held", "-1", "--offsets-held -1", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offsets-held", "NaN", "--offsets-held NaN", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offsets-held", "-Inf", "--offsets-held -Inf", "must be finite, ≥ 0 and at most 1000000000"},
		{"--offsets-held", "1e300", "--offsets-held 1e+300", "must be finite, ≥ 0 and at most 1000000000"},
		{"--certificates-held", "-2", "--certificates-held -2", "must be finite, ≥ 0 and at most 1000000000"},
		{"--certificates-held", "nan", "--certificates-held NaN", "must be finite, ≥ 0 and at most 1000000000"},
		{"--limit-hours", "-1", "--limit-hours -1", "must be ≥ 0"},
		{"--policy", "nope", `--policy "nope"`, "want grid, self, mpc, mpc-perfect, perfect"},
		{"--policy", "MPC", `--policy "MPC"`, "want grid, self, mpc, mpc-perfect, perfect"},
		{"--demo", "atlantis", "--demo and --park/--series exclude each other", ""},
		// Resource bounds: a horizon the series' step cannot honour.
		{"--horizon", "90m", "--horizon 1h30m0s", "is not a whole number of 1h0m0s steps"},
		{"--horizon", "1ns", "--horizon 1ns", "is not a whole number of 1h0m0s steps"},
		// (A horizon past the period is capped at it, so no horizon of
		// whole steps is too long for the corpus' 48 h series:
		// dispatch.TestPeriodHorizonSteps.)
	} {
		cmd := []string{"run", "report", "sweep", "plot week"}[i%4]
		if c.flag == "--policy" && cmd == "report" { // report runs every policy
			cmd = "run"
		}
		// The flag package names the flag with one dash.
		add(c.flag+"="+c.v+"/"+cmd, cmd, []string{c.flag, c.v}, c.flag[1:], c.echo, c.why)
	}
	add("--demo unknown", "report", []string{"--demo", "atlantis"}, "demo", `"atlantis"`)
	rows[len(rows)-1].omit = []string{"--park", "--series"}
	add("--park without --series", "run", nil, "--park", "$PARK", "needs --series FILE")
	rows[len(rows)-1].omit = []string{"--series"}
	add("--series without --park", "plot week", nil, "--series", "$SERIES", "needs --park FILE")
	rows[len(rows)-1].omit = []string{"--park"}
	// --forecast.
	for i, c := range []struct{ spec, echo, why string }{
		{"carbon", `"carbon"`, "want SERIES=METHOD"},
		{"carbon=", `"carbon="`, `unknown method ""`},
		{"nope=persistence", `"nope=persistence"`, `series "nope": want carbon, load, pv, wind or heat`},
		{"carbon=nope", `"carbon=nope"`, `unknown method "nope"`},
		{"carbon:grid=persistence", `"carbon:grid=persistence"`, "carbon has no assets"},
		{"load=clearsky-persistence", `"load=clearsky-persistence"`, "clearsky-persistence forecasts PV only"},
		{"carbon=provided", `"carbon=provided"`, "provided needs the forecast's column"},
		{"pv:nosuch=persistence", `no pv named "nosuch"`, "$PARK"},
		{"carbon=provided:nocol", `no column "nocol" in the series`, "$SERIES"},
	} {
		add("--forecast "+c.spec, []string{"run", "report", "sweep", "plot week"}[i%4], []string{"--forecast", c.spec},
			"--forecast", c.echo, c.why)
	}
	// sweep's own flags.
	for _, c := range []struct{ flag, v, echo, why string }{
		{"--vary", "pv.capacity_kwp", `"pv.capacity_kwp"`, "want path=start:stop:step or path=a,b,c"},
		{"--vary", "nope.x=1,2", `"nope.x=1,2"`, `unknown kind "nope"`},
		{"--vary", "pv.capacity_kwp=1:0:1", `"pv.capacity_kwp=1:0:1"`, "stop 0 is below start 1"},
		{"--vary", "pv.capacity_kwp=0:10:0", `"pv.capacity_kwp=0:10:0"`, "step 0 must be > 0"},
		{"--vary", "pv.capacity_kwp=a,b", `"pv.capacity_kwp=a,b"`, `"a" is not a number`},
		{"--vary", "pv.capacity_kwp=-1,2", `"pv.capacity_kwp=-1,2"`, "pv.capacity_kwp must be ≥ 0"},
		{"--vary", "pv.capacity_kwp=1,1", `"pv.capacity_kwp=1,1"`, "value 1 listed twice"},
		{"--vary", "pv.capacity_kwp=NaN", `"pv.capacity_kwp=NaN"`, "NaN is not a value"},
		{"--vary", "pv[nosuch].capacity_kwp=1", `park has no pv named "nosuch"`, "$PARK"},
		// Resource bounds (the --horizon ones are with the shared flags above).
		{"--vary", "pv.capacity_kwp=0:1e9:1", `"pv.capacity_kwp=0:1e9:1"`, "range has more than 1000000 values"},
		{"--vary", "policy.horizon_h=1.5", "policy.horizon_h=1.5", "is not a whole number of 1h0m0s steps"},
		{"--shard", "3/2", `"3/2"`, `shard index "3" must be a whole number in [0, 2)`},
		{"--shard", "-1/2", `"-1/2"`, `shard index "-1" must be a whole number in [0, 2)`},
		{"--shard", "a/b", `"a/b"`, `shard count "b" must be a whole number ≥ 1`},
		{"--shard", "0/0", `"0/0"`, `shard count "0" must be a whole number ≥ 1`},
		{"--shard", "1", `"1"`, "want i/n"},
		{"--shard", "auto/2", `"auto/2"`, "JOB_COMPLETION_INDEX is not set"},
		{"--capex", "nope=1", `"nope=1"`, `capex path "nope"`},
		{"--capex", "pv.capacity_kwp=-5", `"pv.capacity_kwp=-5"`, `rate "-5" must be a finite number ≥ 0`},
		{"--workers", "0", "--workers 0", "must be in [1, 1024]"},
		{"--workers", "100000", "--workers 100000", "must be in [1, 1024]"},
		{"--policy", "nope", `--policy "nope"`, "want grid, self, mpc, mpc-perfect, perfect"},
	} {
		add("sweep "+c.flag+" "+c.v, "sweep", []string{c.flag, c.v}, c.flag, c.echo, c.why)
	}
	rows = append(rows, corpusRow{name: "flag/sweep --shard auto with a bad index", cmd: "sweep",
		args: []string{"--shard", "auto/2"}, env: map[string]string{"JOB_COMPLETION_INDEX": "7"},
		where: "--shard", value: `"auto/2"`, also: []string{`shard index from JOB_COMPLETION_INDEX "7" must be a whole number in [0, 2)`}})
	add("sweep --vary of 10⁹ combinations", "sweep", []string{"--vary", "pv.capacity_kwp=0:999:1",
		"--vary", "battery.energy_kwh=0:999:1", "--vary", "wind.capacity_kw=0:999:1"},
		"--vary", `"wind.capacity_kw"`, "more than 1,000,000 combinations in all: the axes' 1000 × 1000 × 1000 values make 1,000,000,000")
	add("sweep without --vary", "sweep", nil, "--vary", "give at least one --vary PATH=RANGE")
	rows[len(rows)-1].omit = []string{"--vary"}
	rows[len(rows)-1].value, rows[len(rows)-1].noValue = "", "the flag is absent"
	add("sweep without --out", "sweep", nil, "--out", "FILE is required")
	rows[len(rows)-1].omit = []string{"--out"}
	rows[len(rows)-1].value, rows[len(rows)-1].noValue = "", "the flag is absent"
	// plot week's own flags.
	for _, c := range []struct{ flag, v, echo, why string }{
		{"--days", "0", "--days 0", "must be at least 1"},
		{"--days", "-7", "--days -7", "must be at least 1"},
		{"--from", "tomorrow", `--from "tomorrow"`, "want a date as 2006-01-02 or an RFC 3339 time"},
		{"--from", "2030-01-01", "--from 2030-01-01 --days 7", "outside the series period"},
		{"--from", "2024-05-01", "--from 2024-05-01 --days 7", "outside the series period"},
		{"--policy", "nope", `--policy "nope"`, "want grid, self, mpc, mpc-perfect, perfect"},
	} {
		add("plot week "+c.flag+" "+c.v, "plot week", []string{c.flag, c.v}, c.flag, c.echo, c.why)
	}
	// plot sweep's own flags.
	for _, c := range []struct{ flag, v, where, echo, why string }{
		{"--x", "nope.x", "$RESULTS", `parameter "nope.x" is not in the sweep rows`, ""},
		{"--fix", "nope", "-fix", `"nope"`, "want PATH=VALUE"},
		{"--fix", "pv.capacity_kwp=x", "-fix", `value "x" is not a number`, ""},
	} {
		add("plot sweep "+c.flag+" "+c.v, "plot sweep", []string{c.flag, c.v}, c.where, c.echo, c.why)
	}
	rows[len(rows)-3].key = "varied: battery.energy_kwh, pv.capacity_kwp" // in the file, not a flag
	add("plot sweep without --x", "plot sweep", nil, "--in, --x and --y are required", "")
	rows[len(rows)-1].omit = []string{"--x"}
	rows[len(rows)-1].value, rows[len(rows)-1].noValue = "", "the flag is absent"
	// forecast's own flags.
	for _, c := range []struct{ flag, v, echo, why string }{
		{"--column", "nope", `no column "nope"`, "$SERIES"},
		{"--method", "nope", `unknown method "nope"`, ""},
		{"--method", "clearsky-persistence", "--method clearsky-persistence", "--column load_kw of $SERIES"},
		{"--horizon", "0", "--horizon 0s", "positive multiple of the step 1h0m0s of $SERIES"},
		{"--horizon", "90m", "--horizon 1h30m0s", "positive multiple of the step 1h0m0s of $SERIES"},
		{"--horizon", "-6h", "--horizon -6h0m0s", "positive multiple of the step 1h0m0s of $SERIES"},
		{"--every", "0", "--every 0s", "positive multiple of the step 1h0m0s of $SERIES"},
		{"--from", "30m", "--from 30m0s", "positive multiple of the step 1h0m0s of $SERIES"},
		{"--from", "168h", "--from 168h0m0s plus --horizon 6h0m0s", "exceed $SERIES (48 steps of 1h0m0s)"},
		{"--temp", "nope", `no column "nope"`, "$SERIES"},
		{"--provided", "nope", `no column "nope"`, "$SERIES"},
	} {
		add("forecast "+c.flag+" "+c.v, "forecast", []string{c.flag, c.v}, c.flag, c.echo, c.why)
	}
	// The columns the file has are listed, cut like any text from a file.
	rows = append(rows, corpusRow{name: "flag/forecast --column nope, a huge column name in the file", cmd: "forecast",
		args: []string{"--column", "nope"}, series: seriesWithFirstColumn(huge, "1"),
		where: "--column", key: "$SERIES", value: `no column "nope" (have ` + cutEcho(huge) + `, "load_kw"`})
	add("forecast without --column", "forecast", nil, "--column is required", "")
	rows[len(rows)-1].omit = []string{"--column"}
	rows[len(rows)-1].value, rows[len(rows)-1].noValue = "", "the flag is absent"
	add("forecast --series and --demo", "forecast", []string{"--demo", "greensboro"}, "give --series or --demo, not both", "")
	rows[len(rows)-1].value, rows[len(rows)-1].noValue = "", "two sources, no bad value"
	// Commands and subcommands.
	rows = append(rows,
		corpusRow{name: "flag/unknown command", cmd: "frobnicate", bare: true, where: "unknown command", value: `"frobnicate"`},
		corpusRow{name: "flag/unknown plot", cmd: "plot nope", bare: true, where: "unknown plot", value: `"nope"`, also: []string{"want week, sweep, roadmap, frontier or pathway"}},
		corpusRow{name: "flag/plot without a kind", cmd: "plot", bare: true, where: "name what to plot", noValue: "nothing named"},
		corpusRow{name: "flag/sweep merge without inputs", cmd: "sweep merge", bare: true, args: []string{"-o", "$DIR/m.csv"},
			where: "no input files to merge", noValue: "nothing named"},
	)
	return rows
}

// resultsRows: sweep results files that plot sweep cannot draw. The
// message names the file, the line and column, and the value.
func resultsRows() []corpusRow {
	head := "combination,battery.energy_kwh,pv.capacity_kwp,offsets_needed_tco2e,stage\n"
	var rows []corpusRow
	for _, c := range []struct {
		name, text string
		line       int
		key, value string
		why        string
	}{
		{"offsets not a number", head + "0,0,100,lots,conventional\n", 2, `column "offsets_needed_tco2e"`, `value "lots"`, "not a number"},
		{"offsets infinite", head + "0,0,100,12,conventional\n1,0,200,+Inf,low-carbon\n", 3, `column "offsets_needed_tco2e"`, `value "+Inf"`, "not a finite number"},
		{"offsets huge", head + "0,0,100," + huge + ",conventional\n", 2, `column "offsets_needed_tco2e"`, "value " + cutEcho(huge), "not a number"},
		{"parameter not a number", head + "0,none,100,12,conventional\n", 2, `column "battery.energy_kwh"`, `value "none"`, "not a number"},
		{"unknown stage", head + "0,0,100,12,net-zero\n", 2, `column "stage"`, `value "net-zero"`, "unknown stage"},
		{"no stage column", "combination,battery.energy_kwh,pv.capacity_kwp,offsets_needed_tco2e\n0,0,100,12\n", 1, `column "stage"`, "", "required column missing from the header"},
		{"column twice", "combination,battery.energy_kwh,battery.energy_kwh,offsets_needed_tco2e,stage\n", 1, `column "battery.energy_kwh"`, "", "column named twice"},
		{"header only", head, 0, "no sweep rows", "", "cannot answer from the table"},
		{"empty file", "", 1, "", "", "empty"},
		{"ragged row", head + "0,0,100,12\n", 2, "", "", "fields"},
	} {
		r := corpusRow{name: "results/" + c.name, cmd: "plot sweep", files: map[string]string{"results.csv": c.text},
			where: "$RESULTS", line: c.line, key: c.key, value: c.value, also: []string{c.why}}
		if c.value == "" {
			r.noValue = "the header or row lacks something; no cell is wrong"
		}
		rows = append(rows, r)
	}
	return rows
}

// validateAloneRows: validate checks a park or a series on its own too.
func validateAloneRows() []corpusRow {
	return []corpusRow{
		{name: "validate/park alone", cmd: "validate", omit: []string{"--series"},
			park:  parkAt("energy_kwh", `"batteries": [`).set("-1"),
			where: "$PARK", key: `battery "b1": energy_kwh`, value: "= -1", also: []string{"must be finite and ≥ 0"}},
		{name: "validate/park alone, JSON error", cmd: "validate", omit: []string{"--series"},
			park: parkAt("tilt_deg", `"name": "field"`).set(`"steep"`), where: "$PARK", line: parkAt("tilt_deg", `"name": "field"`).line(),
			key: `pv[1] "field": key "weather.tilt_deg"`, value: `value "steep"`},
		{name: "validate/series alone", cmd: "validate", omit: []string{"--park"}, series: seriesCell(6, "load_kw", "abc"),
			where: "$SERIES", line: 8, key: `column "load_kw"`, value: `value "abc"`},
		{name: "validate/series alone, gap", cmd: "validate", omit: []string{"--park"}, series: seriesLine(30, ""),
			where: "$SERIES", line: 30, key: `column "timestamp"`, value: fmt.Sprintf("value %q", seriesTimestamp(29)),
			also: []string{"want " + seriesTimestamp(28)}},
		{name: "validate/nothing to check", cmd: "validate", bare: true, where: "give --park FILE and --series FILE",
			noValue: "nothing named"},
	}
}

// heatPark is the good park with a heat side: a heat load read from the
// load column, a heat pump on a COP model over temp_c, a gas boiler, a
// CHP and a thermal store. It is a good input for every command
// (TestCorpusHeatParkIsGood); each row breaks one thing and every command
// exits 2 before it dispatches.
var heatPark = strings.Replace(goodPark, "  \"grid\": {", `  "heat_loads": [
    {
      "name": "office heat",
      "column_kw_th": "load_kw",
      "tenant": "office"
    }
  ],
  "heat_pumps": [
    {
      "name": "ashp",
      "capacity_kw_th": 50,
      "cop_model": {
        "kind": "staffell_air",
        "temp_column_c": "temp_c",
        "sink_temp_c": 55
      }
    }
  ],
  "fuel_boilers": [
    {
      "name": "boiler",
      "capacity_kw_th": 200,
      "efficiency_lhv": 0.9,
      "fuel": "natural_gas"
    }
  ],
  "chp": [
    {
      "name": "engine",
      "capacity_kw": 40,
      "electric_efficiency_lhv": 0.4,
      "thermal_efficiency_lhv": 0.45,
      "fuel": "natural_gas"
    }
  ],
  "thermal_storage": [
    {
      "name": "tank",
      "energy_kwh_th": 100,
      "max_charge_kw_th": 50,
      "max_discharge_kw_th": 50,
      "min_soc_fraction": 0,
      "max_soc_fraction": 1,
      "initial_soc_fraction": 0.5
    }
  ],
  "grid": {`, 1)

// heatRows: bad heat input — a COP of 0 or below, an efficiency above 1,
// efficiencies summing above 1, an unknown fuel, a missing heat column, a
// negative store, a temperature that is not °C — exits 2 naming the asset,
// the field and the value.
func heatRows() []corpusRow {
	at := func(key string, anchors ...string) parkSpot { return parkAt(key, anchors...) }
	set := func(s parkSpot, raw string) string {
		_, v0, v1 := s.find(heatPark)
		return heatPark[:v0] + raw + heatPark[v1:]
	}
	var rows []corpusRow
	for i, c := range []struct {
		name, park string
		series     string
		where      string
		key, value string
		why        string
	}{
		{"COP model sink in kelvin", set(at("sink_temp_c", `"heat_pumps": [`), "328"), "", "$PARK",
			`heat pump "ashp": cop_model.sink_temp_c`, "= 328", "must be in [20, 150]"},
		{"constant COP 0", set(at("cop_model", `"heat_pumps": [`), `null, "cop": 0`), "", "$PARK",
			`heat pump "ashp": cop: `, "set exactly one of cop and cop_model", "(neither is set; a cop of 0 counts as not set)"},
		{"constant COP negative", set(at("cop_model", `"heat_pumps": [`), `null, "cop": -3`), "", "$PARK",
			`heat pump "ashp": cop`, "= -3", "must be in [0.01, 20]"},
		{"boiler efficiency above 1", set(at("efficiency_lhv", `"fuel_boilers": [`), "1.08"), "", "$PARK",
			`fuel boiler "boiler": efficiency_lhv`, "= 1.08", "must be in (0, 1]"},
		{"CHP efficiencies above 1", set(at("thermal_efficiency_lhv", `"chp": [`), "0.7"), "", "$PARK",
			`chp "engine": thermal_efficiency_lhv`, "= 0.7", "must be at most 1"},
		{"unknown fuel", set(at("fuel", `"fuel_boilers": [`), `"coal_gas"`), "", "$PARK",
			`fuel boiler "boiler": fuel`, `= "coal_gas"`, "unknown fuel"},
		{"negative store", set(at("energy_kwh_th", `"thermal_storage": [`), "-100"), "", "$PARK",
			`thermal store "tank": energy_kwh_th`, "= -100", "must be finite and ≥ 0"},
		{"heat column missing", set(at("column_kw_th", `"heat_loads": [`), `"heat_kw_th"`), "", "$SERIES",
			`heat load "office heat": column_kw_th`, `= "heat_kw_th"`, "no such column in the series"},
		{"temperature in kelvin", heatPark, seriesCell(9, "temp_c", "300.15"), "$SERIES",
			`heat pump "ashp": cop_model.temp_column_c`, `"temp_c"`, "value 300.15: must be in [-100, 200] °C"},
	} {
		rows = append(rows, corpusRow{name: "park/heat/" + c.name, cmd: cmdAt(i), park: c.park, series: c.series,
			where: c.where, key: c.key, value: c.value, also: []string{c.why}})
	}
	return rows
}

// econPark is the good park with economics: PV and battery candidates,
// costs left to their defaults. plan needs it; the good park has none.
var econPark = strings.Replace(goodPark, "  \"grid\": {", `  "economics": {
    "currency": "USD",
    "discount_rate_per_year": 0.05,
    "pv": {
      "lifetime_years": 30,
      "max_total_kwp": 900
    },
    "battery": {
      "capital_per_kwh": 250,
      "max_total_kwh": 800,
      "max_total_kw": 200
    }
  },
  "grid": {`, 1)

// econSet is econPark with the first line holding `"key": old` set to
// `"key": raw`.
func econSet(key, old, raw string) string {
	from := `"` + key + `": ` + old
	if !strings.Contains(econPark, from) {
		panic("corpus: econPark has no " + from)
	}
	return strings.Replace(econPark, from, `"`+key+`": `+raw, 1)
}

// econLine is the 1-based line of `"key":` in econPark.
func econLine(key string) int { return lineAt(econPark, strings.Index(econPark, `"`+key+`":`)) }

// plan on econPark is good, so each of planRows fails for its edit.
func TestPlanCorpusBaseIsGood(t *testing.T) {
	for _, cmd := range []string{"plan", "plan frontier"} {
		expand := writeCorpusDir(t, map[string]string{"park.json": econPark})
		args := corpusRow{cmd: cmd}.commandLine(expand)
		code, _, errOut := cli(t, args...)
		assert.Equal(t, exitOK, code, "%q\n%s", args, errOut)
	}
}

// planRows: what plan refuses — a park without economics, bad economics
// (negative costs, lifetime 0, discount rate 1, bounds below today's
// capacity, a candidate with nothing to extend) and its own flags.
func planRows() []corpusRow {
	var rows []corpusRow
	for i, c := range []struct {
		name, park string
		line       int
		key, value string
		why        string
	}{
		{"negative cost", econSet("capital_per_kwh", "250", "-250"), 0, "economics: battery.capital_per_kwh", "= -250", "must be finite and ≥ 0"},
		{"lifetime 0", econSet("lifetime_years", "30", "0"), 0, "economics: pv.lifetime_years", "= 0", "must be in (0, 100] years"},
		{"discount rate 1", econSet("discount_rate_per_year", "0.05", "1"), 0, "economics: discount_rate_per_year", "= 1", "must be in [0, 1)"},
		{"discount rate in percent", econSet("discount_rate_per_year", "0.05", "5"), 0, "economics: discount_rate_per_year", "= 5", "must be in [0, 1)"},
		{"PV bound below today", econSet("max_total_kwp", "900", "250"), 0, "economics: pv.max_total_kwp", "= 250", "is below the park's total PV today, 300 kWp"},
		{"battery power bound without energy", econSet("max_total_kwh", "800", "0"), 0, "economics: battery.max_total_kwh", "= 0", "a battery candidate needs both"},
		{"currency lower case", econSet("currency", `"USD"`, `"usd"`), 0, "economics: currency", `= "usd"`, "must be an ISO 4217 code"},
		{"cost a string", econSet("capital_per_kwh", "250", `"250"`), econLine("capital_per_kwh"), `key "economics.battery.capital_per_kwh"`, `value "250"`, "want a number"},
	} {
		rows = append(rows, corpusRow{name: "plan/economics/" + c.name, cmd: []string{"plan", "plan frontier", "validate", "run"}[i%4],
			park: c.park, where: "$PARK", line: c.line, key: c.key, value: c.value, also: []string{c.why}})
	}
	rows = append(rows,
		corpusRow{name: "plan/no economics", cmd: "plan", where: "$PARK", key: "economics",
			noValue: "the object is missing", also: []string{"no economics object"}},
		corpusRow{name: "plan/wind candidate without a turbine to extend", cmd: "plan",
			park: noWindEcon(), where: "$PARK", key: "economics.wind.max_total_kw", value: "= 900",
			also: []string{"the park has no wind turbine"}},
	)
	for _, c := range []struct {
		cmd  string
		args []string
		flag string
		echo string
		why  string
	}{
		{"plan", []string{"--margin", "0.95"}, "--margin", "--margin 0.95", "must be in [0, 0.9]"},
		{"plan", []string{"--margin", "NaN"}, "--margin", "--margin NaN", "must be in [0, 0.9]"},
		{"plan frontier", []string{"--margin", "-1"}, "--margin", "--margin -1", "must be in [0, 0.9]"},
		{"plan", []string{"--periods", "-2"}, "--periods", "--periods -2", "must be ≥ 0"},
		// $SERIES is two days of hourly steps: two typical days at most.
		{"plan", []string{"--periods", "3"}, "--periods", "--periods 3", "is more than the 2 full periods of 24h0m0s in the series (48 steps of 1h0m0s)"},
		{"plan", []string{"--periods", "2", "--period-length", "0"}, "--period-length", "--period-length 0s", "must be positive"},
		{"plan frontier", []string{"--periods", "2", "--period-length", "-24h"}, "--period-length", "--period-length -24h0m0s", "must be positive"},
		{"plan", []string{"--periods", "2", "--period-length", "90m"}, "--period-length", "--period-length 1h30m0s", "must be a positive whole number of series steps (1h0m0s)"},
		{"plan", []string{"--periods", "2", "--period-length", "1ns"}, "--period-length", "--period-length 1ns", "must be a positive whole number of series steps (1h0m0s)"},
		{"plan", []string{"--periods", "2", "--period-length", "168h"}, "--period-length", "--period-length 168h0m0s", "is longer than the series (48 steps of 1h0m0s)"},
		{"plan frontier", []string{"--periods", "2", "--period-length", "49h"}, "--period-length", "--period-length 49h0m0s", "is longer than the series (48 steps of 1h0m0s)"},
		{"plan", []string{"--periods", "2", "--period-length", "a day"}, "-period-length", // the flag package names it with one dash
			`invalid value "a day" for flag --period-length`, "parse error"},
		{"plan", []string{"--periods", "2", "--period-length", "24"}, "-period-length", `invalid value "24" for flag --period-length`, "parse error"},
		{"plan", []string{"--period-length", "24h"}, "--period-length", "--period-length 24h0m0s", "needs --periods N"},
		{"plan", []string{"--method", "fast"}, "--method", `--method "fast"`, "want ipm, simplex or choose"},
		{"plan frontier", []string{"--points", "1"}, "--points", "--points 1", "must be in [2, 1000]"},
		{"plan frontier", []string{"--points", "1001"}, "--points", "--points 1001", "must be in [2, 1000]"},
		{"plan", []string{"--out", "$SERIES"}, "--out", "--out $SERIES", "exists and is not a directory"},
		{"plan", []string{"--frobnicate"}, "flag provided but not defined", "-frobnicate", "Usage:"},
		{"plan frontier", []string{"--frobnicate"}, "flag provided but not defined", "-frobnicate", "Usage:"},
		{"plan", []string{"--offsets-held", "-5"}, "--offsets-held", "--offsets-held -5", "must be finite, ≥ 0 and at most 1000000000"},
		{"plan", []string{"--slices", "-1"}, "--slices", "--slices -1", "must be ≥ 0"},
		{"plan", []string{"--slices", "49"}, "--slices", "--slices 49", "is more than the 48 steps of the series"},
		{"plan frontier", []string{"--slices", "4", "--periods", "2"}, "--slices", "--slices 4", "cannot be used with 2 representative periods"},
	} {
		rows = append(rows, corpusRow{name: "plan/flag " + c.cmd + " " + strings.Join(c.args, " "), cmd: c.cmd, park: econPark,
			args: c.args, where: c.flag, value: c.echo, also: []string{c.why}})
	}
	return rows
}

// noWindEcon is econPark without wind turbines and with a wind candidate.
func noWindEcon() string {
	p := econPark
	start := strings.Index(p, `  "wind": [`)
	end := strings.Index(p, `  "batteries": [`)
	if start < 0 || end < start {
		panic("corpus: econPark has no wind list before its batteries")
	}
	p = p[:start] + p[end:]
	return strings.Replace(p, `"battery": {
      "capital_per_kwh": 250,`, `"wind": {
      "max_total_kw": 900
    },
    "battery": {
      "capital_per_kwh": 250,`, 1)
}
