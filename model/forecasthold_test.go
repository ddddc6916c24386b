package model

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A hold frees the set once, and only while it is the set's hold: a
// released hold, a copy of it, or the zero hold cannot free the set for
// a later holder.
func TestForecastHoldIsAToken(t *testing.T) {
	fs := &ForecastSet{}
	h1, ok := fs.Acquire()
	require.True(t, ok)
	assert.Same(t, fs, h1.Set())
	h, ok := fs.Acquire()
	assert.False(t, ok, "held by h1")
	assert.Equal(t, ForecastHold{}, h, "a refused Acquire gives the zero hold")
	assert.False(t, h.Release(), "the zero hold frees nothing")
	_, ok = fs.Acquire()
	assert.False(t, ok, "still held by h1 after the zero hold's Release")

	copyOfH1 := h1
	assert.True(t, h1.Release())
	assert.False(t, h1.Release(), "released already")
	assert.False(t, copyOfH1.Release(), "a copy of a released hold")

	h2, ok := fs.Acquire()
	require.True(t, ok, "free again")
	assert.False(t, h1.Release(), "a stale hold")
	assert.False(t, copyOfH1.Release(), "a stale copy")
	_, ok = fs.Acquire()
	assert.False(t, ok, "h2 keeps the set")
	other := &ForecastSet{}
	ho, ok := other.Acquire()
	require.True(t, ok)
	assert.True(t, h2.Release())
	_, ok = other.Acquire()
	assert.False(t, ok, "releasing fs leaves another set held")
	assert.True(t, ho.Release())

	var nilSet *ForecastSet
	hn, ok := nilSet.Acquire()
	assert.True(t, ok, "perfect information is always free")
	assert.Nil(t, hn.Set())
	assert.False(t, hn.Release())
}

// Of many runs taking one set at once, exactly one holds it.
func TestForecastSetAcquireConcurrent(t *testing.T) {
	const runs = 16
	fs := &ForecastSet{}
	var won atomic.Int32
	holds := make([]ForecastHold, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() {
			if h, ok := fs.Acquire(); ok {
				won.Add(1)
				holds[i] = h
			}
		})
	}
	wg.Wait()
	require.EqualValues(t, 1, won.Load())
	released := 0
	for _, h := range holds {
		if h.Release() {
			released++
		}
	}
	assert.Equal(t, 1, released, "only the winner's hold frees the set")
	_, ok := fs.Acquire()
	assert.True(t, ok)
}
