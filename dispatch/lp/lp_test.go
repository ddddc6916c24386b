package lp_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
)

var inf = math.Inf(1)

// good is min x0 + 2 x1 s.t. 1 ≤ x0 + x1 ≤ 3, x0 − x1 = 0, x ∈ [0, 5]².
func good() *lp.Problem {
	return &lp.Problem{
		NumCols: 2, Cost: []float64{1, 2}, ColLo: []float64{0, 0}, ColHi: []float64{5, 5},
		RowLo: []float64{1, 0}, RowHi: []float64{3, 0},
		Start: []int{0, 2, 4}, Index: []int{0, 1, 0, 1}, Value: []float64{1, 1, 1, -1},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *lp.Problem)
		array string // "" = valid
		index int
	}{
		{"valid", func(*lp.Problem) {}, "", 0},
		{"no rows, no Start", func(p *lp.Problem) { p.RowLo, p.RowHi, p.Start, p.Index, p.Value = nil, nil, nil, nil, nil }, "", 0},
		{"infinite bounds", func(p *lp.Problem) { p.ColLo[0], p.ColHi[1], p.RowLo[0] = -inf, inf, -inf }, "", 0},
		{"negative NumCols", func(p *lp.Problem) { p.NumCols = -1 }, "NumCols", -1},
		{"short Cost", func(p *lp.Problem) { p.Cost = p.Cost[:1] }, "Cost", -1},
		{"short ColHi", func(p *lp.Problem) { p.ColHi = nil }, "ColHi", -1},
		{"RowHi length", func(p *lp.Problem) { p.RowHi = p.RowHi[:1] }, "RowHi", -1},
		{"Start length", func(p *lp.Problem) { p.Start = p.Start[:2] }, "Start", -1},
		{"Value length", func(p *lp.Problem) { p.Value = p.Value[:3] }, "Value", -1},
		{"NaN cost", func(p *lp.Problem) { p.Cost[1] = math.NaN() }, "Cost", 1},
		{"Inf cost", func(p *lp.Problem) { p.Cost[0] = -inf }, "Cost", 0},
		{"NaN col bound", func(p *lp.Problem) { p.ColHi[1] = math.NaN() }, "ColHi", 1},
		{"lo > hi", func(p *lp.Problem) { p.ColLo[0] = 6 }, "ColLo", 0},
		{"lower +Inf", func(p *lp.Problem) { p.ColLo[1], p.ColHi[1] = inf, inf }, "ColLo", 1},
		{"upper -Inf", func(p *lp.Problem) { p.RowLo[1], p.RowHi[1] = -inf, -inf }, "RowHi", 1},
		{"row lo > hi", func(p *lp.Problem) { p.RowLo[0] = 4 }, "RowLo", 0},
		{"Start not at 0", func(p *lp.Problem) { p.Start[0] = 1 }, "Start", 0},
		{"Start decreasing", func(p *lp.Problem) { p.Start[1] = -1 }, "Start", 1},
		{"Start end", func(p *lp.Problem) { p.Start[2] = 3 }, "Start", 2},
		{"Index out of range", func(p *lp.Problem) { p.Index[3] = 2 }, "Index", 3},
		{"Index negative", func(p *lp.Problem) { p.Index[0] = -1 }, "Index", 0},
		{"Index repeated", func(p *lp.Problem) { p.Index[1] = 0 }, "Index", 1},
		{"NaN coefficient", func(p *lp.Problem) { p.Value[2] = math.NaN() }, "Value", 2},
		{"entries without rows", func(p *lp.Problem) { p.RowLo, p.RowHi, p.Start = nil, nil, nil }, "Index", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := good()
			tt.edit(p)
			err := p.Check()
			if tt.array == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, lp.ErrShape)
			var se *lp.ShapeError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.array, se.Array, err.Error())
			assert.Equal(t, tt.index, se.Index, err.Error())
			assert.Contains(t, err.Error(), tt.array)
		})
	}
	var nilP *lp.Problem
	assert.ErrorIs(t, nilP.Check(), lp.ErrShape)
}

func TestCheckCapsErrorList(t *testing.T) {
	p := &lp.Problem{NumCols: 50, Cost: make([]float64, 50), ColLo: make([]float64, 50), ColHi: make([]float64, 50)}
	for j := range p.Cost {
		p.Cost[j] = math.NaN()
	}
	err := p.Check()
	require.ErrorIs(t, err, lp.ErrShape)
	assert.Contains(t, err.Error(), "40 more problems")
	assert.Contains(t, err.Error(), "Cost[9] = NaN")
}

func TestObjectiveAndViolation(t *testing.T) {
	p := good()
	tests := []struct {
		x         []float64
		obj, viol float64
	}{
		{[]float64{0.5, 0.5}, 1.5, 0},
		{[]float64{1, 1}, 3, 0},
		{[]float64{0, 0}, 0, 1},          // row 0 short by 1
		{[]float64{2, 1}, 4, 1},          // row 1: x0 − x1 = 1 > 0
		{[]float64{-0.5, -0.5}, -1.5, 2}, // row 0: 1 − (−1) = 2
		{[]float64{7, 7}, 21, 11},        // row 0: 14 − 3
		{[]float64{6, 0}, 6, 6},          // row 1: 6; col 0: 1; row 0: 3
	}
	for _, tt := range tests {
		assert.InDelta(t, tt.obj, p.Objective(tt.x), 1e-12, "%v", tt.x)
		assert.InDelta(t, tt.viol, p.MaxViolation(tt.x), 1e-12, "%v", tt.x)
	}
	assert.True(t, math.IsNaN(p.Objective([]float64{1})))
	assert.True(t, math.IsInf(p.MaxViolation([]float64{1}), 1))
	assert.True(t, math.IsInf(p.MaxViolation([]float64{math.NaN(), 0}), 1))
	bad := good()
	bad.Index[0] = 9
	assert.True(t, math.IsInf(bad.MaxViolation([]float64{0, 0}), 1))
}

func TestClone(t *testing.T) {
	p := good()
	q := p.Clone()
	assert.Equal(t, p, q)
	q.ColHi[0], q.Value[0] = 1, 7
	assert.Equal(t, 5.0, p.ColHi[0])
	assert.Equal(t, 1.0, p.Value[0])
}

func TestStatusString(t *testing.T) {
	for s, want := range map[lp.Status]string{
		lp.StatusUnknown: "unknown", lp.StatusOptimal: "optimal", lp.StatusInfeasible: "infeasible",
		lp.StatusUnbounded: "unbounded", lp.StatusTimeLimit: "time limit", lp.StatusError: "error",
		lp.Status(42): "Status(42)",
	} {
		assert.Equal(t, want, s.String())
	}
}

func TestBuilder(t *testing.T) {
	var b lp.Builder
	x0 := b.AddCol(0, 5, 1)
	x1 := b.AddCol(0, 5, 2)
	b.StartRow()
	b.Add(x0, 1)
	b.Add(x1, 1)
	r0 := b.EndRow(1, 3)
	b.StartRow()
	b.Add(x0, 1)
	b.Add(x1, 0) // dropped
	b.Add(x1, -1)
	r1 := b.EndRow(0, 0)
	p, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, []int{0, 1}, []int{r0, r1})
	assert.Equal(t, good(), p)
	assert.Equal(t, 2, b.NumCols())
	assert.Equal(t, 2, b.NumRows())

	t.Run("empty row and no rows", func(t *testing.T) {
		var b lp.Builder
		p, err := b.Build()
		require.NoError(t, err)
		assert.Equal(t, 0, p.NumCols)
		assert.Equal(t, []int{0}, p.Start)
		b.AddCol(0, 1, 0)
		b.StartRow()
		b.EndRow(-1, 1)
		p, err = b.Build()
		require.NoError(t, err)
		assert.Equal(t, []int{0, 0}, p.Start)
	})
	t.Run("misuse", func(t *testing.T) {
		var b lp.Builder
		b.AddCol(0, 1, 0)
		b.Add(0, 1)
		_, err := b.Build()
		assert.ErrorIs(t, err, lp.ErrBuilder)

		b.Reset()
		b.AddCol(0, 1, 0)
		assert.Equal(t, -1, b.EndRow(0, 1))
		_, err = b.Build()
		assert.ErrorIs(t, err, lp.ErrBuilder)

		b.Reset()
		b.AddCol(0, 1, 0)
		b.StartRow()
		b.Add(0, 1)
		b.StartRow()
		p, err := b.Build()
		assert.ErrorIs(t, err, lp.ErrBuilder)
		assert.Empty(t, p.Index, "the open row's entries are not part of the problem")

		b.Reset()
		b.StartRow()
		b.Add(3, 1) // no column 3
		b.EndRow(0, 1)
		_, err = b.Build()
		assert.ErrorIs(t, err, lp.ErrShape)
		assert.NotErrorIs(t, err, lp.ErrBuilder)
	})
}

// TestBuilderReuse checks that a reset builder rebuilds a model of the same
// size without allocating.
func TestBuilderReuse(t *testing.T) {
	var b lp.Builder
	build := func() {
		b.Reset()
		for j := range 100 {
			b.AddCol(0, float64(j), 1)
		}
		for r := range 50 {
			b.StartRow()
			b.Add(r, 1)
			b.Add(r+50, -1)
			b.EndRow(0, lp.Inf)
		}
	}
	build()
	allocs := testing.AllocsPerRun(10, build)
	assert.Zero(t, allocs)
	p, err := b.Build()
	require.NoError(t, err)
	assert.Equal(t, 100, p.NumCols)
	assert.Equal(t, 50, p.NumRows())

	var g lp.Builder
	g.Grow(100, 50, 100)
	allocs = testing.AllocsPerRun(1, func() {
		g.Reset()
		for range 100 {
			g.AddCol(0, 1, 0)
		}
		for r := range 50 {
			g.StartRow()
			g.Add(r, 1)
			g.Add(r+50, 1)
			g.EndRow(0, 1)
		}
	})
	assert.Zero(t, allocs, "Grow reserves all the room needed")

	// Many small Grows, one per block as a plan over thousands of slices
	// makes them, move the arrays O(log n) times, not once per Grow: 158
	// allocations for 8 arrays of 10,000 entries (slices.Grow's growth),
	// where exact growth would allocate 8 × 10,000 times.
	var m lp.Builder
	allocs = testing.AllocsPerRun(1, func() {
		m = lp.Builder{}
		for range 10000 {
			m.Grow(1, 1, 2)
			c := m.AddCol(0, 1, 0)
			m.StartRow()
			m.Add(c, 1)
			if c > 0 {
				m.Add(c-1, 1)
			}
			m.EndRow(0, 1)
		}
	})
	assert.Less(t, allocs, 300.0, "geometric growth")
	p, err = m.Build()
	require.NoError(t, err)
	assert.Equal(t, 10000, p.NumCols)
	assert.Equal(t, 10000, p.NumRows())
}

// FuzzCheck builds problems from arbitrary bytes: Check must never panic,
// and a problem it accepts must be safe to evaluate.
func FuzzCheck(f *testing.F) {
	f.Add([]byte{2, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{0})
	f.Add([]byte{3, 2, 255, 0, 7, 1, 1, 1, 9, 200, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 0
			}
			v := int(data[0])
			data = data[1:]
			return v
		}
		val := func() float64 {
			switch v := next(); v {
			case 255:
				return math.NaN()
			case 254:
				return inf
			case 253:
				return -inf
			default:
				return float64(v) - 100
			}
		}
		vec := func(n int) []float64 {
			v := make([]float64, n)
			for i := range v {
				v[i] = val()
			}
			return v
		}
		n := next()%6 - 1
		m := next() % 4
		p := &lp.Problem{NumCols: n}
		k := max(n, 0) + next()%3 - 1
		p.Cost, p.ColLo, p.ColHi = vec(max(k, 0)), vec(max(n, 0)), vec(max(n, 0))
		p.RowLo, p.RowHi = vec(m), vec(m)
		p.Start = make([]int, m+1)
		for r := 1; r <= m; r++ {
			p.Start[r] = p.Start[r-1] + next()%3 - next()%2
		}
		nnz := max(p.Start[m], 0) + next()%2
		p.Index = make([]int, nnz)
		for i := range p.Index {
			p.Index[i] = next()%(max(n, 0)+2) - 1
		}
		p.Value = vec(nnz)

		err := p.Check()
		if err != nil {
			assert.ErrorIs(t, err, lp.ErrShape)
			return
		}
		x := make([]float64, n)
		v := p.MaxViolation(x)
		assert.False(t, math.IsNaN(v))
		assert.False(t, math.IsNaN(p.Objective(x)))
	})
}

func ExampleBuilder() {
	// min x + 2y  s.t.  1 ≤ x + y ≤ 3,  x − y = 0,  x, y ∈ [0, 5]
	var b lp.Builder
	x := b.AddCol(0, 5, 1)
	y := b.AddCol(0, 5, 2)
	b.StartRow()
	b.Add(x, 1)
	b.Add(y, 1)
	b.EndRow(1, 3)
	b.StartRow()
	b.Add(x, 1)
	b.Add(y, -1)
	b.EndRow(0, 0)
	p, err := b.Build()
	fmt.Println(p.NumCols, p.NumRows(), p.Start, p.Index, err)
	// Output: 2 2 [0 2 4] [0 1 0 1] <nil>
}

func ExampleProblem_Check() {
	p := &lp.Problem{NumCols: 1, Cost: []float64{1}, ColLo: []float64{2}, ColHi: []float64{1}}
	err := p.Check()
	var se *lp.ShapeError
	fmt.Println(errors.Is(err, lp.ErrShape), errors.As(err, &se) && se.Array == "ColLo")
	fmt.Println(err)
	// Output:
	// true true
	// lp: malformed problem: ColLo[0] = 2: lower bound above ColHi[0] = 1
}

func ExampleProblem_MaxViolation() {
	// x + y ≥ 1 with x, y ∈ [0, 1]
	p := &lp.Problem{NumCols: 2, Cost: []float64{1, 1}, ColLo: []float64{0, 0}, ColHi: []float64{1, 1},
		RowLo: []float64{1}, RowHi: []float64{lp.Inf}, Start: []int{0, 2}, Index: []int{0, 1}, Value: []float64{1, 1}}
	fmt.Println(p.Objective([]float64{0.5, 0.5}), p.MaxViolation([]float64{0.5, 0.5}))
	fmt.Println(p.MaxViolation([]float64{0.25, 0.25}), p.MaxViolation([]float64{1.5, 0}))
	// Output:
	// 1 0
	// 0.5 0.5
}

func ExampleStatus_String() {
	fmt.Println(lp.StatusOptimal, lp.StatusTimeLimit)
	// Output: optimal time limit
}

func ExampleProblem_Clone() {
	p := &lp.Problem{NumCols: 1, Cost: []float64{1}, ColLo: []float64{0}, ColHi: []float64{1}}
	q := p.Clone()
	q.ColHi[0] = 2
	fmt.Println(p.ColHi[0], q.ColHi[0])
	// Output: 1 2
}

// ExampleBuilder_SetInteger marks a column integer: the Problem becomes
// a MIP, whose integer columns need whole bounds.
func ExampleBuilder_SetInteger() {
	var b lp.Builder
	n := b.AddCol(0, 2.5, 1) // a count of units, with a fractional bound
	b.SetInteger(n)
	p, err := b.Build()
	fmt.Println(p.IsMIP(), errors.Is(err, lp.ErrShape))
	p.ColHi[n] = 2
	fmt.Println(p.Check())
	// Output:
	// true true
	// <nil>
}
