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

// TestDesignParksWrittenAsHandedOver: WritePlan and WritePathway write
// each design park as handed over, its stage_thresholds' clean-share
// requirement (true, false or unset) included, whatever the roadmap's or
// pathway's RequireCleanShare: package plan's Design.Park carries the
// requirement each design was judged by (plan's carryCleanShare; QA N and
// QA R, session 37), so that zeropark run judges the park as the plan
// did. Until session 38 results forced the plan's requirement into the
// parks at write time as well, a second owner of it
// (TestDesignParkCarriesTheRequiredCleanShare in package plan now).
func TestDesignParksWrittenAsHandedOver(t *testing.T) {
	no, yes, one := false, true, 1.0
	for _, req := range []*bool{nil, &no, &yes} {
		for _, required := range []bool{false, true} {
			th := &model.StageThresholds{RequireCleanShare: req, CarbonTCO2PerTceMax: &one, Source: "a test set"}
			p := fixturePark()
			p.StageThresholds = th
			check := func(file string) {
				t.Helper()
				back, err := model.LoadPark(file)
				require.NoError(t, err)
				require.NotNil(t, back.StageThresholds)
				assert.Equal(t, th, back.StageThresholds, "%s (require_clean_share %v, written with the requirement %v)", file, req, required)
				assert.Equal(t, req != nil && *req, dispatch.DefaultLedgerConfig().ForPark(back).RequireCleanShare)
			}
			dir := filepath.Join(t.TempDir(), "plan")
			rm := sampleRoadmap()
			rm.RequireCleanShare = required
			require.NoError(t, results.WritePlan(dir, results.PlanOutput{Roadmap: rm, Parks: map[dispatch.Stage]*model.Park{dispatch.NearZeroCarbon: p}}))
			check(filepath.Join(dir, results.DesignParkFile(dispatch.NearZeroCarbon)))

			dir = filepath.Join(t.TempDir(), "pathway")
			pw := &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2025, Milestones: 1, RequireCleanShare: required,
				Rows: []results.PathwayRow{{Year: 2030, Target: dispatch.NearZeroCarbon, Stage: dispatch.NearZeroCarbon}}}
			require.NoError(t, results.WritePathway(dir, pw, map[int]*model.Park{2030: p}))
			check(filepath.Join(dir, results.PathwayParkFile(2030)))
		}
	}
}
