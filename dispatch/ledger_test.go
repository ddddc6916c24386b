package dispatch

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStageRank(t *testing.T) {
	assert.Equal(t, []Stage{Conventional, LowCarbon, NearZeroCarbon, ZeroCarbon}, Stages())
	for i, s := range Stages() {
		assert.Equal(t, i, s.Rank())
	}
	assert.Equal(t, -1, Stage("carbon-negative").Rank())
}
