package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lineCols is where each error of a join is, in the order they come.
func lineCols(t *testing.T, err error) [][2]int {
	t.Helper()
	j, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok, "%T is not a join: %v", err, err)
	var out [][2]int
	for _, e := range j.Unwrap() {
		_, line, col := placeOf(e)
		out = append(out, [2]int{line, col})
	}
	return out
}

// Three problems that the checks find in the reverse of the file's order
// come out in the file's order.
func TestParkFileErrorsInLineOrder(t *testing.T) {
	tests := []struct {
		name string
		in   string
		read bool // the errors are ReadParkJSON's, else Validate's
		want []string
	}{
		// Found as: the decoder's type error (put first), then the
		// unknown key inside the load, then the load's missing key
		// (checked after its keys).
		{"decoding", `{
  "loads": [{"name": "a",
    "colour": 1}],
  "grid": {"import_limit_kw": "lots", "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}
}`, true, []string{`p.json:2:13: loads[0] "a": key "column_kw": required key is missing`,
			`p.json:3:5: loads[0] "a": key "colour": unknown key`,
			`p.json:4:31: key "grid.import_limit_kw": value "lots": want a number`}},
		// Validate checks energy, then charge power, then charge
		// efficiency; the file gives them the other way round.
		{"validation", `{
  "loads": [{"name": "a", "column_kw": "load_kw"}],
  "batteries": [{"name": "b",
    "charge_efficiency": 2, "discharge_efficiency": 0.9,
    "max_charge_kw": -1, "max_discharge_kw": 1,
    "energy_kwh": -1,
    "min_soc_fraction": 0, "max_soc_fraction": 1, "initial_soc_fraction": 0.5}],
  "grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}
}`, false, []string{`p.json:4:5: battery "b": charge_efficiency = 2:`,
			`p.json:5:5: battery "b": max_charge_kw = -1:`,
			`p.json:6:5: battery "b": energy_kwh = -1:`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ReadParkJSON(strings.NewReader(tc.in), "p.json")
			if !tc.read {
				require.NoError(t, err)
				err = p.Validate()
			}
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrInvalid)
			lines := strings.Split(err.Error(), "\n")
			require.Len(t, lines, len(tc.want), "%v", err)
			for i, w := range tc.want {
				assert.True(t, strings.HasPrefix(lines[i], "model: "+w), "error %d: got %q, want %q…", i, lines[i], w)
			}
			lc := lineCols(t, err)
			for i := 1; i < len(lc); i++ {
				assert.Less(t, lc[i-1][0], lc[i][0], "lines strictly increase: %v", lc)
			}
		})
	}
}

// ValidateWith without a series set gives the park's problems in the
// file's order too, as Validate does; the unplaced "no series set" (no
// file) comes after them, the park file being met first.
func TestValidateWithNoSeriesInLineOrder(t *testing.T) {
	p, err := ReadParkJSON(strings.NewReader(`{
  "loads": [{"name": "a", "column_kw": "load_kw"}],
  "batteries": [{"name": "b",
    "charge_efficiency": 2, "discharge_efficiency": 0.9,
    "max_charge_kw": -1, "max_discharge_kw": 1,
    "energy_kwh": -1,
    "min_soc_fraction": 0, "max_soc_fraction": 1, "initial_soc_fraction": 0.5}],
  "grid": {"import_limit_kw": 1, "export_limit_kw": 1, "dispatch_carbon": {"kgco2e_per_kwh": 0.5}}
}`), "p.json")
	require.NoError(t, err)
	err = p.ValidateWith(nil)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, [][2]int{{4, 5}, {5, 5}, {6, 5}, {0, 0}}, lineCols(t, err), "%v", err)
}

// The sort is by file (in order of first appearance), line, column and
// stable: errors at one place, and errors with no place, keep their order.
func TestJoinInFileOrder(t *testing.T) {
	plain1, plain2 := errors.New("no place 1"), errors.New("no place 2")
	errs := []error{
		&JSONError{File: "a", Line: 3, Col: 1, Err: errors.New("a3:1")},
		&FieldError{File: "b", Line: 1, Reason: "b1"},
		&JSONError{File: "a", Line: 2, Col: 9, Err: errors.New("a2:9 first")},
		plain1,
		&FieldError{File: "a", Line: 2, Col: 9, Reason: "a2:9 second"},
		&JSONError{File: "a", Line: 2, Col: 4, Err: errors.New("a2:4")},
		&ParseError{File: "b", Line: 0, Err: errors.New("b whole file")},
		plain2,
		&JSONError{File: "a", Line: 0, Err: errors.New("a whole file")},
	}
	want := []error{errs[8], errs[5], errs[2], errs[4], errs[0], errs[6], errs[1], plain1, plain2}
	err := joinInFileOrder(errs)
	j, ok := err.(interface{ Unwrap() []error })
	require.True(t, ok)
	got := j.Unwrap()
	require.Len(t, got, len(want))
	for i := range want {
		assert.Same(t, want[i], got[i], "position %d: got %v, want %v", i, got[i], want[i])
	}
	assert.NoError(t, joinInFileOrder(nil))
	one := &JSONError{File: "a", Line: 1}
	assert.ErrorIs(t, joinInFileOrder([]error{one}), one)
}
