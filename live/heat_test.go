package live_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/scenario"
)

// A park with heat is refused when the controller is made, naming the
// park: its measurements cover electricity only (the dispatch itself
// serves heat: dispatch.Rolling with heat series).
func TestHeatParkRefused(t *testing.T) {
	sc, err := scenario.Demo("greensboro-heat")
	require.NoError(t, err)
	_, err = live.New(sc.Park, live.DefaultConfig(sc.Profiles.Start, time.Hour))
	require.ErrorIs(t, err, live.ErrConfig)
	assert.ErrorContains(t, err, "heat side")
}
