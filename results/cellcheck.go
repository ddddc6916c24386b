package results

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
)

// cellKind is what a cell of a sweep results file may hold.
type cellKind int

const (
	kindNumber    cellKind = iota // a finite number, any sign
	kindNonNeg                    // a finite number ≥ 0
	kindPositive                  // a finite number > 0
	kindParam                     // a number or [Unlimited] (a --vary value: the park's checks judge its sign)
	kindLimit                     // a number ≥ 0 or [Unlimited] (a grid limit)
	kindWhole                     // a whole number ≥ 0
	kindFlag                      // true or false
	kindStage                     // one of dispatch's stages
	kindTime                      // RFC 3339
	kindObjective                 // carbon or cost
	kindCurrency                  // an ISO 4217 code (model.IsCurrencyCode)
	kindText                      // any text
)

// cellRule is what column's cells may hold: their kind, and whether a
// cell may be empty.
type cellRule struct {
	kind     cellKind
	optional bool
}

// nonNegColumns are number columns zeropark never writes below 0: a
// setting (the held offsets and certificates, the carbon price), the
// load and the baseline (checked series × the step), and money built
// from capacities × costs that are checked ≥ 0. The dispatch's flows
// are sums of LP values, which may fall a rounding below 0: they are
// only required to be finite.
var nonNegColumns = []string{
	"energy_load_kwh", ColBaselineKgCO2e, "offsets_held_tco2e", "certificates_held_mwh", ColCarbonPrice,
	ColCapitalPerYear, ColFixedOMPerYear, ColInvestment, ColHeatLoadKWhTh, ColOffsetPrice, ColCertificatePrice,
}

// optionalColumn reports whether column name may be empty in a row
// zeropark wrote: the costs (empty without economics, or when a row
// cannot reach a stage), the currency, the forecasters and what limits
// the stage, the build stamp.
func optionalColumn(name string) bool {
	for _, c := range costLayout {
		if c.name == name {
			return true
		}
	}
	// Each stage's purchases and costs: their docs (the layout, one
	// owner) end in stageAbout, "empty when the row cannot reach the stage".
	for _, c := range laterLayout {
		if c.name == name {
			return strings.Contains(c.doc, stageAbout)
		}
	}
	for _, c := range slices.Concat(investLayout, currencyLayout) {
		if c.name == name {
			return true
		}
	}
	switch name {
	case ColForecasts, "stage_limited_by",
		ColZeroparkVersion: // empty in the rows a sweep adopted from a file written before the fingerprint
		return true
	}
	return false
}

// ruleOf is the rule of column j of t: parameter columns by position,
// the others by name; a column this zeropark does not name is text.
func (t *Table) ruleOf(j int) cellRule {
	name := t.Header[j]
	r := cellRule{optional: optionalColumn(name)}
	switch {
	case j == 0:
		r.kind = kindWhole
	case j <= t.params:
		r.kind = kindParam
	case strings.HasSuffix(name, "_limit_kw") && slices.Contains(DesignColumns(), name):
		r.kind = kindLimit
	case slices.Contains(DesignColumns(), name):
		r.kind = kindNonNeg
	case name == ColStage:
		r.kind = kindStage
	case name == "start" || name == "end":
		r.kind = kindTime
	case name == "objective":
		r.kind = kindObjective
	case name == ColStepMinutes:
		r.kind = kindPositive
	case name == ColCurrency:
		r.kind = kindCurrency
	case strings.HasSuffix(name, "_count"):
		r.kind = kindWhole
	case slices.Contains(nonNegColumns, name):
		r.kind = kindNonNeg
	case MoneyBasis(name) != "" || isNumberColumn(name):
		r.kind = kindNumber
	case isFlagColumn(name):
		r.kind = kindFlag
	case name == ColPolicy || slices.Contains(ClosingColumns, name) || optionalColumn(name):
		r.kind = kindText // the policy, the fingerprint's hashes (compared whole by a merge), the build stamp; forecasts, stage_limited_by
	default:
		r.kind, r.optional = kindText, true // a column of a newer zeropark
	}
	return r
}

// IsNumberColumn reports whether name is a column of a sweep results file
// that zeropark writes as a number (a KPI, cost, heat or timing column;
// not the stage, the policy, a time or a flag). The --vary parameters'
// columns are numbers too ([Table.Params]).
func IsNumberColumn(name string) bool { return isNumberColumn(CurrentName(name)) }

// isNumberColumn reports whether name is a KPI, cost, stage, heat or
// timing column zeropark writes as a number.
func isNumberColumn(name string) bool {
	for _, c := range kpiLayout {
		if c.name == name {
			return !isFlagColumn(name) && !slices.Contains([]string{ColPolicy, "start", "end", ColStage, "stage_limited_by", "objective"}, name)
		}
	}
	for _, c := range timingLayout {
		if c.name == name {
			return true
		}
	}
	for _, c := range laterLayout {
		if c.name == name {
			return true
		}
	}
	for _, c := range priceLayout {
		if c.name == name {
			return true
		}
	}
	return false
}

// isFlagColumn reports whether name is a KPI column of true or false.
func isFlagColumn(name string) bool {
	for _, c := range kpiLayout {
		if c.name == name {
			return strings.HasPrefix(c.doc, trueFalse)
		}
	}
	return false
}

// checkCell says why s cannot be a cell of rule r, or "" when it can.
func checkCell(r cellRule, s string) string {
	if s == "" {
		if r.optional {
			return ""
		}
		return "empty, and this column is always written"
	}
	number := func() (float64, string) {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		switch {
		case err != nil && !errors.Is(err, strconv.ErrRange):
			return 0, "not a number"
		case math.IsNaN(v) || math.IsInf(v, 0) || errors.Is(err, strconv.ErrRange):
			return 0, "not a finite number"
		}
		return v, ""
	}
	switch r.kind {
	case kindNumber:
		_, why := number()
		return why
	case kindNonNeg, kindPositive:
		v, why := number()
		switch {
		case why != "":
			return why
		case r.kind == kindPositive && v <= 0:
			return "not above 0"
		case v < 0:
			return "below 0"
		}
	case kindParam, kindLimit:
		v, err := ParseLimit(s)
		switch {
		case err != nil:
			return "not a number or " + strconv.Quote(Unlimited)
		case math.IsInf(v, -1):
			return "not a finite number or " + strconv.Quote(Unlimited)
		case r.kind == kindLimit && v < 0:
			return "below 0"
		}
	case kindWhole:
		if v, err := strconv.ParseUint(strings.TrimSpace(s), 10, 63); err != nil || v > math.MaxInt {
			return "not a whole number ≥ 0"
		}
	case kindFlag:
		if s != "true" && s != "false" {
			return "neither true nor false"
		}
	case kindStage:
		if dispatch.Stage(strings.TrimSpace(s)).Rank() < 0 {
			return fmt.Sprintf("unknown stage (want one of %q)", dispatch.Stages())
		}
	case kindTime:
		if _, err := model.ParseRFC3339(s); err != nil {
			return "not an RFC 3339 time"
		}
	case kindObjective:
		if _, err := dispatch.ParseObjective(s); err != nil {
			return "unknown objective (want carbon or cost)"
		}
	case kindCurrency:
		if !model.IsCurrencyCode(s) {
			return "not an ISO 4217 code of money (as economics.currency must be)"
		}
	}
	return ""
}

// CheckCells checks every cell of the table against what zeropark writes
// in its column: a number where the column is numeric (finite; ≥ 0 for
// the capacities, counts and settings that cannot be negative; a
// parameter or grid limit may also be [Unlimited]), true or false, a
// known stage, an RFC 3339 time, a currency code; and no
// empty cell in a column that is always written. A merge and a resume
// copy rows without reading them otherwise, so a cell edited by hand or
// broken elsewhere would pass on unseen. The error joins a
// [*FileError] (file, line, column, value, why) for each of the first
// max bad cells (max ≤ 0: 5), and says how many more there are.
func (t *Table) CheckCells(max int) error {
	if max <= 0 {
		max = 5
	}
	rules := make([]cellRule, len(t.Header))
	for j := range t.Header {
		rules[j] = t.ruleOf(j)
	}
	var errs []error
	more := 0
	for _, r := range t.Rows {
		for j, s := range r.Fields {
			why := checkCell(rules[j], s)
			if why == "" {
				continue
			}
			if len(errs) >= max {
				more++
				continue
			}
			errs = append(errs, &FileError{File: r.File, Line: r.Line, Column: t.Header[j], Value: s, Reason: why})
		}
	}
	if more > 0 {
		errs = append(errs, fmt.Errorf("%w: %s: %d more cells like these", ErrFile, t.Rows[0].File, more))
	}
	return errors.Join(errs...)
}
