package lp_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
)

func TestBuilderSetInteger(t *testing.T) {
	var b lp.Builder
	b.AddCol(0, 3, 1)
	p, err := b.Build()
	require.NoError(t, err)
	assert.Nil(t, p.Integer, "no integer column: no slice")
	assert.False(t, p.IsMIP())

	y := b.AddCol(0, 4, 1)
	b.SetInteger(y)
	b.AddCol(-1, 1, 0) // added after the first mark: continuous
	p, err = b.Build()
	require.NoError(t, err)
	assert.Equal(t, []bool{false, true, false}, p.Integer)
	assert.True(t, p.IsMIP())

	c := p.Clone()
	c.Integer[0] = true
	assert.False(t, p.Integer[0], "Clone copies Integer")

	b.SetInteger(7)
	_, err = b.Build()
	assert.ErrorIs(t, err, lp.ErrBuilder)
}

func TestCheckInteger(t *testing.T) {
	ok := &lp.Problem{NumCols: 2, Cost: []float64{1, 1}, ColLo: []float64{0, 0.5}, ColHi: []float64{3, lp.Inf},
		Integer: []bool{true, false}}
	require.NoError(t, ok.Check(), "whole or infinite bounds on the integer column; the other's are free")

	short := ok.Clone()
	short.Integer = []bool{true}
	var se *lp.ShapeError
	require.ErrorAs(t, short.Check(), &se)
	assert.Equal(t, "Integer", se.Array)

	for _, bad := range []struct {
		lo, hi float64
		array  string
	}{{0.5, 3, "ColLo"}, {0, 2.5, "ColHi"}, {-1.25, 3, "ColLo"}} {
		p := ok.Clone()
		p.ColLo[0], p.ColHi[0] = bad.lo, bad.hi
		err := p.Check()
		require.ErrorIs(t, err, lp.ErrShape, "%v", bad)
		require.True(t, errors.As(err, &se))
		assert.Equal(t, bad.array, se.Array)
		assert.Equal(t, 0, se.Index)
	}
	assert.True(t, lp.WholeBound(math.Inf(-1)))
	assert.True(t, lp.WholeBound(-3))
	assert.False(t, lp.WholeBound(2.0000001))
}
