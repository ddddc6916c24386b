package scenario_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
)

// Two scenarios built on one series set: the second New derives its
// array's availability into the set, over the first's column. The first
// then refused to run (ErrStale, "series column … edited", though nobody
// edited it), and its Digests and Summary gave the second's series digest
// without a word, for a run made before (QA H, session 39).
func TestScenariosSharingASeriesSet(t *testing.T) {
	s1, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	require.NotNil(t, s1.Park.PV[0].Weather, "the demo's PV is weather-driven")
	want, err := s1.Digests()
	require.NoError(t, err)
	cfg := dispatch.DefaultConfig()
	res, err := s1.Slice(0, 24).Run(dispatch.GridOnlyPolicy, cfg)
	require.NoError(t, err)

	p2 := s1.Park.Clone()
	p2.PV[0].Weather.TiltDeg += 20
	_, err = scenario.New("steeper", p2, s1.Series) // the same set
	require.NoError(t, err)

	_, err = s1.Digests()
	require.Error(t, err, "not the digest of what s1 ran")
	assert.True(t, errors.Is(err, scenario.ErrStale), "%v", err)
	assert.Contains(t, err.Error(), "another scenario.New (or physics.Derive) on this series set derived it again: give each scenario a set of its own")
	_, err = s1.Summary(res, cfg)
	assert.True(t, errors.Is(err, scenario.ErrStale), "%v", err)
	_, err = s1.Run(dispatch.GridOnlyPolicy, cfg)
	assert.Contains(t, err.Error(), "another scenario.New (or physics.Derive)")

	// A scenario left alone keeps its digests.
	s3, err := scenario.Demo("texas2012")
	require.NoError(t, err)
	got, err := s3.Digests()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}
