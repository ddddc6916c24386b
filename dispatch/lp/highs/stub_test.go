//go:build !(cgo && (linux || darwin) && (amd64 || arm64))

package highs_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/dispatch/lp/highs"
)

func TestUnavailable(t *testing.T) {
	assert.False(t, highs.Available)
	b := highs.Backend{}
	assert.Equal(t, "highs", b.Name())
	s, err := b.NewSolver()
	require.ErrorIs(t, err, lp.ErrUnavailable)
	assert.Nil(t, s)
	assert.Contains(t, err.Error(), "CGO_ENABLED=1")

	_, err = highs.NewSolver(highs.Options{Threads: -1})
	assert.ErrorIs(t, err, highs.ErrInvalidOptions, "options are checked in every build")

	var zero highs.Solver
	assert.ErrorIs(t, zero.Load(&lp.Problem{}), lp.ErrUnavailable)
	_, err = zero.Solve()
	assert.ErrorIs(t, err, lp.ErrUnavailable)
	assert.ErrorIs(t, zero.SetMethod(highs.MethodSimplex), lp.ErrUnavailable)
	assert.ErrorIs(t, zero.SetMethod("barrier"), highs.ErrInvalidOptions)
	assert.ErrorIs(t, zero.ClearBasis(), lp.ErrUnavailable)
	assert.ErrorIs(t, zero.SetOption("presolve", "off"), lp.ErrUnavailable)
	assert.ErrorIs(t, zero.SetOption("", 1), highs.ErrInvalidOptions)
	_, err = zero.Basis()
	assert.ErrorIs(t, err, lp.ErrUnavailable)
	assert.ErrorIs(t, zero.SetBasis(&highs.Basis{}), lp.ErrUnavailable)
	_, err = highs.NewSolver(highs.Options{Extra: map[string]any{"threads": []int{1}}})
	assert.ErrorIs(t, err, highs.ErrInvalidOptions)
	assert.NoError(t, zero.Close())
}

// Example shows what a build without cgo answers.
func Example() {
	_, err := highs.Backend{}.NewSolver()
	fmt.Println(errors.Is(err, lp.ErrUnavailable))
	// Output: true
}
