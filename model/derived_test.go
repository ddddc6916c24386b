package model

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A derived availability column remembers the weather it was derived from
// (SetDerived), and Resolve refuses it once the asset's weather differs:
// before, a PV array turned to face north in place kept the column of its
// old orientation, and a plan sized on it in silence (QA, 2026-12-04:
// plan.New gave the old design unchanged).
func TestResolveRefusesStaleDerivedColumns(t *testing.T) {
	p, s := validPark(), validSeries()
	pvCol, windCol := DerivedColumn("pv", "carport"), DerivedColumn("wind", "mast")
	require.NoError(t, s.SetDerived(pvCol, s.Columns[pvCol], *p.PV[1].Weather))
	require.NoError(t, s.SetDerived(windCol, s.Columns[windCol], *p.Wind[1].Weather))
	_, err := Resolve(p, s)
	require.NoError(t, err, "derived from the settings the park has")

	p.PV[1].Weather.TiltDeg, p.PV[1].Weather.AzimuthDeg = 80, 0
	p.Wind[1].Weather.HubHeightM = 120
	_, err = Resolve(p, s)
	require.ErrorIs(t, err, ErrStale)
	var se *StaleDerivedError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, StaleDerivedError{Kind: "pv", Asset: "carport", Column: pvCol}, *se)
	for _, want := range []string{`pv "carport"`, `wind "mast"`, `"derived:pv:carport"`, "derive again", "physics.Derive"} {
		assert.Contains(t, err.Error(), want)
	}

	// The record is a copy: editing the settings back makes it current.
	p.PV[1].Weather.TiltDeg, p.PV[1].Weather.AzimuthDeg = 30, 180
	p.Wind[1].Weather.HubHeightM = 80
	_, err = Resolve(p, s)
	require.NoError(t, err)

	// A slice and a resampled set keep the record; a column replaced by
	// SetColumn carries none.
	p.PV[1].Weather.TiltDeg = 10
	_, err = Resolve(p, s.Slice(1, 3))
	require.ErrorIs(t, err, ErrStale)
	fine, err := ResampleSet(s, 30*time.Minute, nil)
	require.NoError(t, err)
	_, err = Resolve(p, fine)
	require.ErrorIs(t, err, ErrStale)
	require.NoError(t, s.SetColumn(pvCol, s.Columns[pvCol]))
	_, err = Resolve(p, s)
	require.NoError(t, err, "a column the caller set is the caller's")
}
