package plots

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
)

// Column names of the sweep results file that the heat map reads.
const (
	ColOffsets = "offsets_needed_tco2e"
	ColStage   = "stage"
	ColPolicy  = "policy"
)

// ReadSweepCSV reads a sweep results file: a header row, then one row per
// combination. Parameter columns are those whose name contains a '.' (the
// --vary paths, e.g. "battery.energy_kwh", "battery[b1].power_kw"); the
// columns offsets_needed_tco2e and stage are required, policy is read
// when present; every other column is ignored. Parameter values and
// offsets must parse as numbers (offsets finite; "+Inf" is allowed for
// parameters such as unlimited grid limits), stages must be one of
// dispatch's stage names. Errors are [*CSVError] values naming the line
// and the column, unwrapping to [ErrCSV].
func ReadSweepCSV(r io.Reader) ([]SweepPoint, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &CSVError{Line: 1, Err: errors.New("empty file: no header")}
		}
		return nil, csvErr(err)
	}
	head = append([]string(nil), head...)
	if len(head) > 0 {
		head[0] = strings.TrimPrefix(head[0], "\ufeff") // a byte-order mark
	}
	offCol, stageCol, polCol := -1, -1, -1
	var params []int
	seen := map[string]bool{}
	for i, h := range head {
		if seen[h] {
			return nil, &CSVError{Line: 1, Column: h, Err: errors.New("column named twice in the header")}
		}
		seen[h] = true
		switch {
		case h == ColOffsets:
			offCol = i
		case h == ColStage:
			stageCol = i
		case h == ColPolicy:
			polCol = i
		case strings.Contains(h, "."):
			params = append(params, i)
		}
	}
	for _, c := range []struct {
		name string
		at   int
	}{{ColOffsets, offCol}, {ColStage, stageCol}} {
		if c.at < 0 {
			return nil, &CSVError{Line: 1, Column: c.name, Err: errors.New("required column missing from the header")}
		}
	}
	var out []SweepPoint
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		pt := SweepPoint{Params: make(map[string]float64, len(params))}
		for _, i := range params {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[i]), 64)
			if err != nil || math.IsNaN(v) {
				return nil, &CSVError{Line: line, Column: head[i], Value: rec[i], Err: errors.New("not a number")}
			}
			pt.Params[head[i]] = v
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(rec[offCol]), 64)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &CSVError{Line: line, Column: ColOffsets, Value: rec[offCol], Err: errors.New("not a finite number")}
		}
		pt.OffsetsNeededTCO2e = v
		pt.Stage = strings.TrimSpace(rec[stageCol])
		if dispatch.Stage(pt.Stage).Rank() < 0 {
			return nil, &CSVError{Line: line, Column: ColStage, Value: rec[stageCol],
				Err: fmt.Errorf("unknown stage (want one of %q)", dispatch.Stages())}
		}
		if polCol >= 0 {
			pt.Policy = strings.TrimSpace(rec[polCol])
		}
		out = append(out, pt)
	}
	if len(out) == 0 {
		return nil, &CSVError{Line: 2, Err: errors.New("no rows after the header")}
	}
	return out, nil
}

// csvErr turns encoding/csv's error into a CSVError with its line.
func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CSVError{Line: pe.Line, Err: pe.Err}
	}
	return &CSVError{Err: err}
}
