package procs

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRaiseAndRestore(t *testing.T) {
	prev := runtime.GOMAXPROCS(0)
	restore := Raise(prev + 3)
	assert.Equal(t, prev+3, runtime.GOMAXPROCS(0))
	restore()
	assert.Equal(t, prev, runtime.GOMAXPROCS(0))
	// Never lowers.
	restore = Raise(1)
	assert.Equal(t, prev, runtime.GOMAXPROCS(0))
	restore()
	assert.Equal(t, prev, runtime.GOMAXPROCS(0))
}
