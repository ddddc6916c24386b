package dispatch_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zeropark/zeropark/dispatch"
)

// TestStageReaches: a stage reaches itself and those below it, not those
// above; an unknown target is reached by no stage (its rank, −1, sits
// below every stage) and an unknown stage reaches nothing.
func TestStageReaches(t *testing.T) {
	st := dispatch.Stages()
	for i, s := range st {
		for j, target := range st {
			assert.Equal(t, i >= j, s.Reaches(target), "%s reaches %s", s, target)
		}
		assert.False(t, s.Reaches("net-positive"), "%s reaches an unknown target", s)
		assert.False(t, dispatch.Stage("net-positive").Reaches(s))
	}
}
