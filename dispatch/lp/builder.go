package lp

import (
	"errors"
	"fmt"
	"slices"
)

// ErrBuilder marks misuse of a [Builder] (an entry outside a row, a row
// never closed).
var ErrBuilder = errors.New("lp: builder misuse")

// Builder assembles a [Problem] column by column and row by row into
// compressed-row form. Its slices grow by amortised doubling, so adding a
// row allocates nothing once capacity is reached; [Builder.Reset] keeps the
// capacity for the next model of similar size.
//
//	j := b.AddCol(0, 10, 1) // 0 ≤ x_j ≤ 10, cost 1
//	b.StartRow()
//	b.Add(j, 2)
//	b.EndRow(1, Inf)        // 2 x_j ≥ 1
//	p, err := b.Build()
//
// The zero Builder is ready to use. Coefficients equal to 0 are dropped;
// a column repeated within a row is left for [Problem.Check] to report.
type Builder struct {
	p       Problem
	pub     Problem // what Problem returns: p without an open row's entries
	rowOpen bool
	err     error
}

// Grow reserves room for cols more columns, rows more rows and nnz more
// entries (slices.Grow: a first Grow reserves about that, and later ones
// grow geometrically, so that many small Grows — one per Block of a plan
// over thousands of slices — cost linear time, not quadratic).
func (b *Builder) Grow(cols, rows, nnz int) {
	b.p.Cost = slices.Grow(b.p.Cost, cols)
	b.p.ColLo = slices.Grow(b.p.ColLo, cols)
	b.p.ColHi = slices.Grow(b.p.ColHi, cols)
	b.p.RowLo = slices.Grow(b.p.RowLo, rows)
	b.p.RowHi = slices.Grow(b.p.RowHi, rows)
	if b.p.Start == nil {
		b.p.Start = make([]int, 1, rows+1)
	} else {
		b.p.Start = slices.Grow(b.p.Start, rows)
	}
	b.p.Index = slices.Grow(b.p.Index, nnz)
	b.p.Value = slices.Grow(b.p.Value, nnz)
}

// AddCol adds a column lo ≤ x ≤ hi with objective coefficient cost and
// returns its index.
func (b *Builder) AddCol(lo, hi, cost float64) int {
	b.p.ColLo = append(b.p.ColLo, lo)
	b.p.ColHi = append(b.p.ColHi, hi)
	b.p.Cost = append(b.p.Cost, cost)
	if b.p.Integer != nil {
		b.p.Integer = append(b.p.Integer, false)
	}
	b.p.NumCols++
	return b.p.NumCols - 1
}

// SetInteger marks column col integer ([Problem.Integer]); the Problem
// gets its Integer slice at the first mark. A column that does not exist
// is misuse, reported by [Builder.Build].
func (b *Builder) SetInteger(col int) {
	if col < 0 || col >= b.p.NumCols {
		b.fail(fmt.Errorf("%w: SetInteger(%d) with %d columns", ErrBuilder, col, b.p.NumCols))
		return
	}
	b.p.Integer = append(b.p.Integer, make([]bool, b.p.NumCols-len(b.p.Integer))...)
	b.p.Integer[col] = true
}

// StartRow opens a new row. Starting a row while one is open is misuse,
// reported by [Builder.Build]; the open row is kept.
func (b *Builder) StartRow() {
	if b.rowOpen {
		b.fail(fmt.Errorf("%w: StartRow with row %d still open", ErrBuilder, len(b.p.RowLo)))
		return
	}
	if len(b.p.Start) == 0 {
		b.p.Start = append(b.p.Start, 0)
	}
	b.rowOpen = true
}

// Add adds v·x_col to the open row. A zero v is dropped.
func (b *Builder) Add(col int, v float64) {
	if !b.rowOpen {
		b.fail(fmt.Errorf("%w: Add(%d, %v) outside a row", ErrBuilder, col, v))
		return
	}
	if v == 0 {
		return
	}
	b.p.Index = append(b.p.Index, col)
	b.p.Value = append(b.p.Value, v)
}

// EndRow closes the open row with bounds lo ≤ row ≤ hi and returns its
// index, or −1 when no row was open.
func (b *Builder) EndRow(lo, hi float64) int {
	if !b.rowOpen {
		b.fail(fmt.Errorf("%w: EndRow(%v, %v) without StartRow", ErrBuilder, lo, hi))
		return -1
	}
	b.rowOpen = false
	b.p.RowLo = append(b.p.RowLo, lo)
	b.p.RowHi = append(b.p.RowHi, hi)
	b.p.Start = append(b.p.Start, len(b.p.Index))
	return len(b.p.RowLo) - 1
}

// NumCols is the number of columns added so far.
func (b *Builder) NumCols() int { return b.p.NumCols }

// NumRows is the number of rows closed so far.
func (b *Builder) NumRows() int { return len(b.p.RowLo) }

// Problem returns the problem built so far without copying or checking it.
// It shares the builder's storage: it is valid until the next call that
// changes the builder, and changing its bounds or costs in place is allowed.
// Entries of a row still open are not part of it.
func (b *Builder) Problem() *Problem {
	if len(b.p.Start) == 0 {
		b.p.Start = append(b.p.Start, 0)
	}
	p := b.p
	p.Index = p.Index[:p.Start[len(p.Start)-1]]
	p.Value = p.Value[:len(p.Index)]
	b.pub = p
	return &b.pub
}

// Build returns [Builder.Problem] after checking it with [Problem.Check];
// misuse of the builder is reported as well, wrapping [ErrBuilder].
func (b *Builder) Build() (*Problem, error) {
	open := b.rowOpen
	p := b.Problem()
	err := b.err
	if open {
		err = errors.Join(err, fmt.Errorf("%w: row %d never closed", ErrBuilder, len(b.p.RowLo)))
	}
	return p, errors.Join(err, p.Check())
}

// Reset empties the builder and keeps its capacity. Problems returned
// earlier must not be used afterwards.
func (b *Builder) Reset() {
	b.p = Problem{
		Cost: b.p.Cost[:0], ColLo: b.p.ColLo[:0], ColHi: b.p.ColHi[:0],
		RowLo: b.p.RowLo[:0], RowHi: b.p.RowHi[:0],
		Start: b.p.Start[:0], Index: b.p.Index[:0], Value: b.p.Value[:0],
	}
	// Integer stays nil until a SetInteger: most models have none.
	b.rowOpen, b.err = false, nil
}

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}
