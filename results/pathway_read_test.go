package results_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// samplePathway is a pathway with its period, a value, a row with checks
// and warnings and a row out of reach.
func samplePathway() *results.Pathway {
	loc := time.FixedZone("", -6*3600)
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, loc)
	cost := 1234.5
	return &results.Pathway{Park: "p", Currency: "USD", BaseYear: 2026, GridCarbonDeclinePerYear: 0.04, Milestones: 3,
		Digests:    results.Digests{ParkSHA256: strings.Repeat("a", 64), SeriesSHA256: strings.Repeat("b", 64)},
		PlanPeriod: results.PlanPeriod{Start: start, End: start.AddDate(1, 0, 0), Steps: 8760, StepMinutes: 60}, Periods: 4, PeriodLengthHours: 24,
		Rows: []results.PathwayRow{
			{Year: 2027, Target: dispatch.LowCarbon, Stage: dispatch.LowCarbon, GridCarbonFactor: 0.96, CapitalCostFactor: 1,
				Added: results.Capacities{PVKWp: 1137.4960886801796}, Total: results.Capacities{PVKWp: 2637.4960886801796, BatteryKWh: 4000},
				StepInvestment: 1e6, CostPerYear: 123456.789, TodayCostPerYear: 100000, LoadFactor: 1, Warnings: []string{"a warning"},
				Checks: []results.OperationCheck{{Policy: dispatch.Perfect, Stage: dispatch.LowCarbon, Holds: true, Margin: 0.1,
					Indicator: "reduction", OperatingCostPerYear: &cost}}},
			{Year: 2030, Target: dispatch.NearZeroCarbon, Unreachable: "near-zero-carbon is out of reach: no design"},
		}}
}

// pathway.json reads back as written (what plot pathway draws again),
// and a file that is no pathway is refused naming the file and the key.
func TestReadPathwayJSON(t *testing.T) {
	var b bytes.Buffer
	pw := samplePathway()
	require.NoError(t, results.WritePathwayJSON(&b, pw))
	got, err := results.ReadPathwayJSON(bytes.NewReader(b.Bytes()), "pathway.json")
	require.NoError(t, err)
	var again bytes.Buffer
	require.NoError(t, results.WritePathwayJSON(&again, got))
	assert.Equal(t, b.String(), again.String(), "written again byte for byte")
	assert.True(t, pw.Start.Equal(got.Start))
	assert.Equal(t, pw.Rows[0].Total, got.Rows[0].Total)

	for _, c := range []struct{ name, text, want string }{
		{"empty", "", "pathway.json:1: empty file: no JSON object"},
		{"no rows", `{"park": "p", "base_year": 2026}`, `pathway.json: key "rows": not a pathway: no milestones`},
		{"year", strings.Replace(b.String(), `"year": 2030`, `"year": 1990`, 1), `key "rows[1].year": value "1990": must be from 2000 to 2199`},
		{"order", strings.Replace(b.String(), `"year": 2030`, `"year": 2027`, 1), `key "rows[1].year": value "2027": must be after the row before's, 2027`},
		{"target", strings.Replace(b.String(), `"target": "low-carbon"`, `"target": "green"`, 1), `key "rows[0].target": value "green": not a stage`},
		{"unknown key", strings.Replace(b.String(), `"park": "p"`, `"park": "p", "colour": 1`, 1), `unknown field "colour"`},
	} {
		_, err := results.ReadPathwayJSON(strings.NewReader(c.text), "pathway.json")
		require.ErrorIs(t, err, results.ErrFile, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}
}

// A JSON reader given another JSON file zeropark writes names it (a
// roadmap.json given for a pathway.json and the other way round), at the
// line of its key that the reader does not know, not only the decoder's
// first unknown key; the file it reads is never called another.
func TestReadJSONOfAnotherFile(t *testing.T) {
	var rm, pw bytes.Buffer
	require.NoError(t, results.WriteRoadmapJSON(&rm, sampleRoadmap()))
	require.NoError(t, results.WritePathwayJSON(&pw, samplePathway()))
	line := func(data, key string) int {
		i := strings.Index(data, `"`+key+`"`)
		require.GreaterOrEqual(t, i, 0, key)
		return strings.Count(data[:i], "\n") + 1
	}

	_, err := results.ReadPathwayJSON(bytes.NewReader(rm.Bytes()), "plan/roadmap.json")
	require.ErrorIs(t, err, results.ErrFile)
	var fe *results.FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "designs", fe.Key)
	assert.Equal(t, line(rm.String(), "designs"), fe.Line)
	assert.Contains(t, err.Error(), `: key "designs": the file is roadmap.json, another file zeropark writes (json: unknown field "`)

	_, err = results.ReadRoadmapJSON(bytes.NewReader(pw.Bytes()), "pw/pathway.json")
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "base_year", fe.Key)
	assert.Equal(t, line(pw.String(), "base_year"), fe.Line)
	assert.Contains(t, err.Error(), "the file is pathway.json, another file zeropark writes")

	// A roadmap.json with a key of a newer zeropark is a roadmap.json
	// still: the decoder's word alone.
	newer := strings.Replace(rm.String(), `"park": "sample park"`, `"park": "sample park", "colour": 1`, 1)
	require.NotEqual(t, rm.String(), newer)
	_, err = results.ReadRoadmapJSON(strings.NewReader(newer), "roadmap.json")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Contains(t, err.Error(), `unknown field "colour"`)
	assert.NotContains(t, err.Error(), "another file")
}

// A JSON file cut short is said to be, at its last line, not with the
// decoder's bare "unexpected EOF".
func TestReadJSONCutShort(t *testing.T) {
	_, err := results.ReadPathwayJSON(strings.NewReader("{\n  \"rows\": [\n"), "pathway.json")
	require.ErrorIs(t, err, results.ErrFile)
	assert.Equal(t, "results: unusable file: pathway.json:3: the file ends inside its JSON object: cut short?", err.Error())
}

// pathway.json, read back by `plot pathway`: any bytes read or give an
// error that unwraps to results.ErrFile, never a panic; what reads writes
// back and reads the same.
func FuzzReadPathwayJSON(f *testing.F) {
	var b bytes.Buffer
	if err := results.WritePathwayJSON(&b, samplePathway()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	f.Add(`{"rows": [{"year": 2030, "target": "zero-carbon"}]}`)
	f.Add(`{"rows": []}`)
	f.Add(`{"designs": []}`)
	f.Fuzz(func(t *testing.T, in string) {
		pw, err := results.ReadPathwayJSON(strings.NewReader(in), "pathway.json")
		if err != nil {
			if !errors.Is(err, results.ErrFile) {
				t.Fatalf("error %v does not unwrap to ErrFile", err)
			}
			return
		}
		var out bytes.Buffer
		if err := results.WritePathwayJSON(&out, pw); err != nil {
			return
		}
		back, err := results.ReadPathwayJSON(bytes.NewReader(out.Bytes()), "pathway.json")
		if err != nil {
			t.Fatalf("what was read and written does not read again: %v", err)
		}
		if len(back.Rows) != len(pw.Rows) {
			t.Fatalf("%d rows read again, %d written", len(back.Rows), len(pw.Rows))
		}
	})
}

// The file named is named as written, with no article to get wrong: "the
// file is a attribution.json" (review R, session 39).
func TestOtherJSONNamedWithoutArticle(t *testing.T) {
	_, err := results.ReadPathwayJSON(strings.NewReader(`{"energy_origin_kwh": {}, "tenants": []}`), "a.json")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "the file is attribution.json, another file zeropark writes")
}
