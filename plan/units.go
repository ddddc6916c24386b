package plan

import (
	"fmt"
	"math"
	"strings"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// Whole units (package documentation, "Whole units"): a candidate whose
// technology has a unit size (model.TechCosts.UnitSize: economics.wind.
// unit_kw, …) adds size × n for a whole n ≥ 0, an integer column of its
// own tied to its addition by add − size·n = 0. A battery whose energy and
// power both have a unit size adds whole blocks: one n for both rows.

// unitSize is the size of one whole unit of candidate i (its Unit), 0
// when it adds any amount.
func (m *Model) unitSize(i int) float64 {
	return techCosts(m.ccosts, m.cands[i].tech).UnitSize
}

// hasUnits reports whether any candidate adds whole units: the plan's
// questions with the capacities free are then mixed-integer programs.
func (m *Model) hasUnits() bool {
	for i := range m.cands {
		if m.unitSize(i) > 0 {
			return true
		}
	}
	return false
}

// unitKeys names the economics keys that make the plan a MIP, for
// messages.
func (m *Model) unitKeys() string {
	var keys []string
	seen := map[Tech]bool{}
	for i, cd := range m.cands {
		if m.unitSize(i) > 0 && !seen[cd.tech] {
			seen[cd.tech] = true
			keys = append(keys, cd.tech.unitKey())
		}
	}
	return strings.Join(keys, ", ")
}

// unitKey is the economics key of the technology's unit size.
func (t Tech) unitKey() string {
	k := t.key() // economics.<tech>.max_total_<unit>
	return strings.Replace(k, ".max_total_", ".unit_", 1)
}

// maxUnits is the most whole units of candidate i that fit in its
// technology's room (whole, as an integer column's bound must be).
func (m *Model) maxUnits(i int) float64 {
	size := m.unitSize(i)
	room := techCosts(m.ccosts, m.cands[i].tech).MaxAdded()
	return math.Floor(room/size + 1e-9)
}

// blockPartner is, for a battery power candidate whose energy candidate
// (the same battery) also has a unit size, that energy candidate's index:
// the two share one count of blocks. −1 otherwise.
func (m *Model) blockPartner(i int) int {
	cd := m.cands[i]
	if cd.tech != TechBatteryPower || m.unitSize(i) == 0 {
		return -1
	}
	if e := m.candOf(TechBatteryEnergy, cd.asset); e >= 0 && m.unitSize(e) > 0 {
		return e
	}
	return -1
}

// addUnitColumns adds the integer count n of each candidate with a unit
// size, in [0, maxUnits] (a block's: the fewer of its two).
func (m *Model) addUnitColumns(b *lp.Builder) {
	c := &m.col
	c.unit = make([]int, len(m.cands))
	for i := range m.cands {
		c.unit[i] = -1
		if m.unitSize(i) == 0 || m.blockPartner(i) >= 0 {
			continue
		}
		c.unit[i] = b.AddCol(0, m.maxUnits(i), 0)
		b.SetInteger(c.unit[i])
	}
	for i := range m.cands {
		if e := m.blockPartner(i); e >= 0 {
			c.unit[i] = c.unit[e]
			hi := &b.Problem().ColHi[c.unit[e]]
			*hi = math.Min(*hi, m.maxUnits(i))
		}
	}
}

// unitRows write add − size·n = 0 for each candidate with a unit size.
func (m *Model) unitRows(b *lp.Builder) {
	for i, n := range m.col.unit {
		if n < 0 {
			continue
		}
		b.StartRow()
		b.Add(m.col.add[i], 1)
		b.Add(n, -m.unitSize(i))
		b.EndRow(0, 0)
	}
}

// mipFor reports whether question q is solved with whole units: every
// question with the capacities free (the stages, the frontier's points
// and its least residual, the diagnoses of a stage out of reach), so that
// what it reports is what whole units reach. With every capacity held
// (today's park, an evaluation, a warm start's pins) the counts follow
// from the additions, and the LP is solved as one.
func (m *Model) mipFor(q question) bool { return m.hasUnits() && !q.held() }

// setIntegrality makes the count columns integer (mip) or continuous on
// the solver, when they are not already.
func (m *Model) setIntegrality(mip bool) error {
	if !m.hasUnits() || mip == m.integral {
		return nil
	}
	is, ok := m.solver.(lp.IntegralitySetter)
	if !ok {
		return m.noIntegers()
	}
	for i, n := range m.col.unit {
		if n < 0 || m.blockPartner(i) >= 0 {
			continue
		}
		if err := is.SetIntegrality(n, []bool{mip}); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	m.integral = mip
	return nil
}

// checkUnitsSolver refuses, when the plan has whole units, a backend that
// solves no integer columns (the gonum oracle): the relaxation is not the
// answer.
func (m *Model) checkUnitsSolver() error {
	if !m.hasUnits() {
		return nil
	}
	if _, ok := m.solver.(lp.IntegralitySetter); !ok {
		return m.noIntegers()
	}
	return nil
}

func (m *Model) noIntegers() error {
	return fmt.Errorf("plan: %s solver: %w: whole units (%s) make the plan a mixed-integer program; use HiGHS",
		m.backend.Name(), lp.ErrNoIntegers, m.unitKeys())
}

// wholeUnits returns candidate i's addition v as whole units: the
// count, and v rounded to it (v itself when the candidate adds any
// amount, count 0).
func (m *Model) wholeUnits(i int, v float64) (count int, added float64) {
	size := m.unitSize(i)
	if size == 0 {
		return 0, v
	}
	n := math.Round(v / size)
	return int(n), n * size
}

// checkWhole reports an addition of a design to evaluate that is not a
// whole number of its candidate's units.
func (m *Model) checkWhole(i int, a Addition) error {
	size := m.unitSize(i)
	if size == 0 {
		return nil
	}
	if n := a.Added / size; math.Abs(n-math.Round(n)) > 1e-6*math.Max(1, n) {
		return inputErr("design.Additions["+a.Asset+"].Added", a.Added,
			fmt.Sprintf("must be whole units of %g %s (%s): %.4g units", size, a.Unit, m.cands[i].tech.unitKey(), n))
	}
	return nil
}
