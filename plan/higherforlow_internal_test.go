package plan

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
)

// higherForLow's cases, on designs made by hand (default ledger: 30 %
// below the baseline or 50 % renewable for low-carbon; no margin). A
// near-zero design within low-carbon's limits is not taken for being
// cheaper than low-carbon's own design (that LP had it), but it is where
// low-carbon's own rows were out of reach (the roadmap would show
// low-carbon out of reach below a near-zero design the ledger ranks
// above it: the LP's residual is never below the ledger's and its
// renewable row is conservative, so the ledger's limits can be met where
// the LP's rows are not) and over a low-carbon design whose settled
// schedule falls below low-carbon.
func TestHigherForLowCases(t *testing.T) {
	m := &Model{opt: Options{Ledger: dispatch.DefaultLedgerConfig()}}
	nz, lc := dispatch.NearZeroCarbon, dispatch.LowCarbon
	design := func(target, stage dispatch.Stage, cost, reduction float64) *Design {
		d := &Design{Target: target, Stage: stage, TotalCostPerYear: cost, Warnings: []string{"own"}}
		d.Report.StageBasis.ReductionVsBaseline = reduction
		d.Report.RenewableShare = 0.1
		return d
	}
	unreachable := &UnreachableError{Stage: lc}
	for _, c := range []struct {
		name   string
		low    *Design
		lowErr error
		near   *Design
		take   bool
	}{
		{"low out of reach, near outside low's limits", nil, unreachable, design(nz, nz, 100, 0.1), true},
		{"low out of reach, near within low's limits", nil, unreachable, design(nz, nz, 100, 0.5), true},
		{"near cheaper, outside low's limits", design(lc, lc, 200, 0.3), nil, design(nz, nz, 100, 0.1), true},
		{"near cheaper, within low's limits", design(lc, lc, 200, 0.3), nil, design(nz, nz, 100, 0.5), false},
		{"near dearer", design(lc, lc, 100, 0.3), nil, design(nz, nz, 200, 0.1), false},
		{"near equal", design(lc, lc, 100, 0.3), nil, design(nz, nz, 100, 0.1), false},
		{"low settled below low-carbon", design(lc, dispatch.Conventional, 100, 0.2), nil, design(nz, nz, 200, 0.1), true},
		{"low settled below low-carbon, near within low's limits", design(lc, dispatch.Conventional, 100, 0.2), nil, design(nz, nz, 200, 0.5), true},
		{"near settled below near-zero", nil, unreachable, design(nz, lc, 100, 0.1), false},
		{"near out of reach too", nil, unreachable, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := m.higherForLow(c.low, c.lowErr, c.near)
			if !c.take {
				assert.Nil(t, d)
				return
			}
			require.NotNil(t, d)
			assert.NotSame(t, c.near, d)
			assert.Equal(t, c.near.TotalCostPerYear, d.TotalCostPerYear)
			require.Len(t, d.Warnings, 2)
			assert.Contains(t, d.Warnings[0], "near-zero-carbon's design, the cheapest reaching at least low-carbon")
			assert.Equal(t, []string{"own"}, c.near.Warnings, "near-zero's own warnings are not changed")
			assert.Equal(t, "own", d.Warnings[1], fmt.Sprint(d.Warnings))
		})
	}
}

// Roadmap.Warnings lists near-zero's own warnings once, under
// near-zero-carbon, where low-carbon's entry is near-zero's design: the
// entry lists only the warning saying so, pointing to them; the entry's
// Design.Warnings keep them all. A low-carbon design of its own lists all
// of its warnings.
func TestRoadmapWarningsListNearZerosOnce(t *testing.T) {
	m := &Model{opt: Options{Ledger: dispatch.DefaultLedgerConfig()}}
	nz, lc := dispatch.NearZeroCarbon, dispatch.LowCarbon
	today := &Design{Target: "", Warnings: []string{"today's"}}
	near := &Design{Target: nz, Stage: nz, TotalCostPerYear: 100, Warnings: []string{"settled", "unserved"}}
	near.Report.RenewableShare = 0.1
	entry := m.higherForLow(nil, &UnreachableError{Stage: lc}, near)
	require.NotNil(t, entry)
	require.Len(t, entry.Warnings, 3)
	zero := &Design{Target: dispatch.ZeroCarbon, Stage: dispatch.ZeroCarbon, Warnings: []string{"zero's"}}
	assert.Equal(t, []string{"today: today's",
		"low-carbon: " + entry.Warnings[0] + " (its other warnings are near-zero-carbon's, listed under it)",
		"near-zero-carbon: settled", "near-zero-carbon: unserved", "zero-carbon: zero's"},
		roadmapWarnings(today, []*Design{entry, near, zero}))

	own := &Design{Target: lc, Stage: lc, Warnings: []string{"a", "b"}}
	assert.Equal(t, []string{"low-carbon: a", "low-carbon: b", "near-zero-carbon: settled", "near-zero-carbon: unserved"},
		roadmapWarnings(nil, []*Design{own, near, nil}))
}
