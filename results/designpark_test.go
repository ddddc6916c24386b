package results_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
)

// TestDesignParksCarryTheRequiredCleanShare: a plan or a pathway that
// required the clean share (--require-clean-share, which the park file
// did not) writes the requirement into each design park's
// stage_thresholds, beside the file's own, so that zeropark run judges
// the park as the plan judged it (QA N, session 37: zeropark run said
// near-zero-carbon of a design whose clean share the plan's check found
// short). The parks handed over are left alone; without the requirement
// nothing is added.
func TestDesignParksCarryTheRequiredCleanShare(t *testing.T) {
	reduction := 0.5
	own := &model.StageThresholds{LowCarbonReductionMinFraction: &reduction, Source: "a test set"}
	for _, tc := range []struct {
		name     string
		own      *model.StageThresholds
		required bool
	}{
		{"required, no thresholds in the park file", nil, true},
		{"required, the park file's own thresholds", own, true},
		{"not required", own, false},
		{"not required, no thresholds", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := fixturePark()
			p.StageThresholds = tc.own
			check := func(file string) {
				t.Helper()
				back, err := model.LoadPark(file)
				require.NoError(t, err)
				led := dispatch.DefaultLedgerConfig().ForPark(back)
				assert.Equal(t, tc.required, led.RequireCleanShare, "judged from the park file alone")
				if tc.own != nil {
					require.NotNil(t, back.StageThresholds)
					assert.Equal(t, "a test set", back.StageThresholds.Source)
					assert.Equal(t, 0.5, led.LowCarbonReductionMin)
				} else if !tc.required {
					assert.Nil(t, back.StageThresholds)
				}
				assert.Equal(t, tc.own, p.StageThresholds, "the park handed over is left alone")
			}

			dir := filepath.Join(t.TempDir(), "plan")
			rm := sampleRoadmap()
			rm.RequireCleanShare = tc.required
			require.NoError(t, results.WritePlan(dir, results.PlanOutput{Roadmap: rm, Parks: map[dispatch.Stage]*model.Park{dispatch.NearZeroCarbon: p}}))
			check(filepath.Join(dir, results.DesignParkFile(dispatch.NearZeroCarbon)))

			dir = filepath.Join(t.TempDir(), "pathway")
			pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 1, RequireCleanShare: tc.required,
				Rows: []results.PathwayRow{{Year: 2030, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon}}}
			require.NoError(t, results.WritePathway(dir, pw, map[int]*model.Park{2030: p}))
			check(filepath.Join(dir, results.PathwayParkFile(2030)))
		})
	}
}
