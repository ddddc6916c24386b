package results_test

import (
	"os"
	"path/filepath"
	"strings"
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

// WritePlan writes the park of every frontier point PointParks holds as
// park-point-K.json, as handed over, and names it in that row's
// design_park_file; a point without a park has no file and an empty cell
// (whatever the row it was handed said). A park for a point the frontier
// does not have is refused; a design_park_file naming another point's
// file is refused on read; a frontier.csv written before the column reads
// with none (session 39, build Q).
func TestWritePlanPointParks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "plan")
	p := fixturePark()
	p.Name = "p — frontier point 2 (residual ≤ 0.001 tCO2e a year)"
	rows := sampleFrontier()
	rows[1].ParkFile = "stale.json" // WritePlan owns the column
	require.NoError(t, results.WritePlan(dir, results.PlanOutput{Roadmap: sampleRoadmap(), Frontier: rows,
		PointParks: map[int]*model.Park{0: fixturePark(), 1: nil, 2: p}}))
	assert.Equal(t, "stale.json", rows[1].ParkFile, "the caller's rows are left alone")
	f, err := os.Open(filepath.Join(dir, results.FrontierCSVFile))
	require.NoError(t, err)
	defer f.Close()
	back, err := results.ReadFrontierCSV(f, results.FrontierCSVFile)
	require.NoError(t, err)
	require.Len(t, back, 3)
	assert.Equal(t, []string{"park-point-0.json", "", "park-point-2.json"}, []string{back[0].ParkFile, back[1].ParkFile, back[2].ParkFile})
	got, err := model.LoadPark(filepath.Join(dir, "park-point-2.json"))
	require.NoError(t, err)
	assert.Equal(t, p.Name, got.Name)
	_, err = os.Stat(filepath.Join(dir, "park-point-1.json"))
	assert.ErrorIs(t, err, os.ErrNotExist)

	err = results.WritePlan(filepath.Join(t.TempDir(), "other"), results.PlanOutput{Roadmap: sampleRoadmap(), Frontier: rows,
		PointParks: map[int]*model.Park{7: p}})
	require.ErrorIs(t, err, results.ErrOutput)
	assert.Contains(t, err.Error(), "a park for frontier point 7, which the frontier does not have")

	var b strings.Builder
	rows[1].ParkFile = "park-point-2.json"
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	_, err = results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, results.ColDesignParkFile, fe.Column)
	assert.Contains(t, fe.Reason, "not point 1's park file: want park-point-1.json, or empty for none")

	old, err := results.ReadFrontierCSV(strings.NewReader(dropCSVColumns(t, b.String(), results.ColDesignParkFile)), "frontier.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Empty(t, r.ParkFile)
	}
}
