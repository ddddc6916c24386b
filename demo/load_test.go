package demo

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name  string
		start string
		pv    int
		wind  int
	}{
		{"texas2012", "2023-01-01T00:00:00-06:00", 2, 1},
		{"greensboro", "2023-01-01T00:00:00-05:00", 2, 1},
		{"greensboro-heat", "2023-01-01T00:00:00-05:00", 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			park, set, err := Load(tt.name)
			require.NoError(t, err)
			require.NotNil(t, park)
			require.NotNil(t, set)
			assert.NoError(t, park.ValidateWith(set))
			assert.Equal(t, 8760, set.Len)
			assert.Equal(t, time.Hour, set.Step)
			assert.Equal(t, tt.start, set.Start.Format(time.RFC3339))
			assert.Len(t, park.PV, tt.pv)
			assert.Len(t, park.Wind, tt.wind)
			require.Len(t, park.Batteries, 1)
			assert.InDelta(t, 4000, park.Batteries[0].EnergyKWh, 0)

			// model's reader and this package's independent parser agree.
			_, sc, err := Files(tt.name)
			require.NoError(t, err)
			tb := parseSeries(t, sc)
			require.Equal(t, tb.names, set.Names)
			for _, n := range set.Names {
				for _, h := range []int{0, 4000, 8759} {
					assert.InDelta(t, tb.cols[n][h], set.Columns[n][h], 0, "%s hour %d", n, h)
				}
			}
		})
	}
	_, _, err := Load("nowhere")
	assert.ErrorIs(t, err, ErrUnknown)
}
