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

// TestStagedParkKeepsItsCleanShareRequirement: a pathway milestone whose
// stage_thresholds_by_year entry lifts the requirement of the clean share
// (require_clean_share false, over a park file's true or
// --require-clean-share) is planned and judged without it (plan.Pathway
// lays the entry over the caller's ledger), and its park-YEAR.json says
// so, so that zeropark run judges it as the pathway did; a staged row
// whose entry says nothing of it, and a row before the first entry, carry
// the pathway's requirement. QA R, session 37: park-2027.json was forced
// to require it and zeropark run said low-carbon of a milestone the
// pathway's check found near-zero-carbon.
func TestStagedParkKeepsItsCleanShareRequirement(t *testing.T) {
	no, one := false, 1.0
	lifted := &model.StageThresholds{RequireCleanShare: &no, CarbonTCO2PerTceMax: &one}
	silent := &model.StageThresholds{CarbonTCO2PerTceMax: &one}
	parks := map[int]*model.Park{}
	for y, th := range map[int]*model.StageThresholds{2026: nil, 2027: lifted, 2030: silent} {
		p := fixturePark()
		p.StageThresholds = th
		parks[y] = p
	}
	pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 3, RequireCleanShare: true, Rows: []results.PathwayRow{
		{Year: 2026, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon},
		{Year: 2027, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, StageThresholds: lifted, StageThresholdsFromYear: 2027},
		{Year: 2030, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon, StageThresholds: silent, StageThresholdsFromYear: 2030},
	}}
	dir := filepath.Join(t.TempDir(), "pathway")
	require.NoError(t, results.WritePathway(dir, pw, parks))
	for y, want := range map[int]bool{2026: true, 2027: false, 2030: true} {
		back, err := model.LoadPark(filepath.Join(dir, results.PathwayParkFile(y)))
		require.NoError(t, err)
		assert.Equal(t, want, dispatch.DefaultLedgerConfig().ForPark(back).RequireCleanShare, "park-%d.json", y)
		if y != 2026 {
			assert.Equal(t, 1.0, *back.StageThresholds.CarbonTCO2PerTceMax, "park-%d.json keeps its year's thresholds", y)
		}
	}
	assert.False(t, *lifted.RequireCleanShare, "the parks handed over are left alone")
	assert.Nil(t, silent.RequireCleanShare, "the parks handed over are left alone")
}
