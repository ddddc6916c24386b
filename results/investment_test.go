package results_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/results"
)

// investmentRoadmap is sampleRoadmap with investments: today's park 0
// (no payback), the low-carbon design 1,348,190 paying back in 11.86
// years (near-zero is out of reach: no figures).
func investmentRoadmap() *results.Roadmap {
	rm := sampleRoadmap()
	rm.Rows[0].Investment = ptr(0.0)
	rm.Rows[1].Investment, rm.Rows[1].SimplePaybackYears = ptr(1348190.0), ptr(11.8604)
	return rm
}

// The investment and its payback read back as written from both files,
// are refused one without the other in roadmap.csv (an empty payback
// means "never pays back" only beside an investment), read as not known
// from a file written before them, and print as the additions table's
// last two columns.
func TestInvestmentColumns(t *testing.T) {
	rm := investmentRoadmap()
	checkRoadmapCSVRoundTrip(t, rm)
	checkRoadmapJSONRoundTrip(t, rm)

	var b bytes.Buffer
	require.NoError(t, results.WriteRoadmapCSV(&b, rm))
	old, err := results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "investment", "simple_payback_years")), "roadmap.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Nil(t, r.Investment, r.Target)
		assert.Nil(t, r.SimplePaybackYears, r.Target)
	}
	_, err = results.ReadRoadmapCSV(strings.NewReader(dropCSVColumns(t, b.String(), "simple_payback_years")), "roadmap.csv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "simple_payback_years")

	var out bytes.Buffer
	require.NoError(t, results.WriteRoadmap(&out, rm))
	text := out.String()
	assert.Contains(t, text, "investment "+rm.Currency)
	assert.Contains(t, text, "1,348,190")
	assert.Contains(t, text, "11.9 years")
	assert.NotRegexp(t, `[0-9] +never`, text)
	rm.Rows[1].SimplePaybackYears = nil
	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, rm))
	assert.Regexp(t, `1,348,190 +never`, out.String(), "invests, saves nothing")

	out.Reset()
	require.NoError(t, results.WriteRoadmap(&out, sampleRoadmap()))
	assert.NotContains(t, out.String(), "simple payback", "no investment figures, no columns")
}

// The cheapest table prints each pick's investment up front beside its
// costs a year, where the file has the column and the costs are the
// park's economics a year; not with --capex rates (costs over the
// period), nor for a file written before the column.
func TestCheapestPrintsInvestment(t *testing.T) {
	const head = `combination,pv.capacity_kwp,design_pv_capacity_kwp,steps,step_minutes,energy_cost,offset_cost,certificate_cost,stage,offsets_needed_tco2e,capital_per_year,fixed_om_per_year,operating_cost_per_year,total_cost_per_year,purchases_per_year`
	// Row 1, the cheaper a year, adds 2,000 kWp: at 450 a kWp 900,000
	// up front (the cells are written by hand; the table prints them).
	tab, err := results.ParseTable([]byte(head+`,investment
0,1000,1000,8760,60,500,100,0,low-carbon,20,0,0,500,1600,100,0
1,3000,3000,8760,60,200,25,0,low-carbon,5,900,100,200,1225,25,900000
`), "sweep.csv")
	require.NoError(t, err)
	picks, err := results.Cheapest(tab, nil)
	require.NoError(t, err)
	require.Equal(t, 1, picks[dispatch.LowCarbon.Rank()].Row.Combination)
	var b bytes.Buffer
	require.NoError(t, results.WriteCheapest(&b, tab, picks, nil))
	lines := strings.Split(b.String(), "\n")
	assert.Equal(t, []string{"cheapest", "reaching", "combination", "pv.capacity_kwp", "stage", "cost", "capex", "operating", "purchases", "investment", "buys"},
		strings.Fields(lines[0]))
	// stage, combination, parameter, own stage, cost, capex, operating,
	// purchases (zero-carbon's: the table has no stage columns),
	// investment, buys.
	assert.Equal(t, []string{"low-carbon", "1", "3,000", "low-carbon", "1,225", "1,000", "200", "25", "900,000", "zero-carbon's"}, strings.Fields(lines[2]))
	assert.Contains(t, b.String(), "investment = the capital cost of what it adds, paid up front")

	// With --capex rates the costs are the period's: no investment.
	b.Reset()
	picks, err = results.Cheapest(tab, results.Capex{"pv.capacity_kwp": 60})
	require.NoError(t, err)
	require.NoError(t, results.WriteCheapest(&b, tab, picks, results.Capex{"pv.capacity_kwp": 60}))
	assert.NotContains(t, b.String(), "investment")

	// A file written before the column.
	older, err := results.ParseTable([]byte(head+`
1,3000,3000,8760,60,200,25,0,low-carbon,5,900,100,200,1225,25
`), "older.csv")
	require.NoError(t, err)
	picks, err = results.Cheapest(older, nil)
	require.NoError(t, err)
	b.Reset()
	require.NoError(t, results.WriteCheapest(&b, older, picks, nil))
	assert.NotContains(t, b.String(), "investment")
}

// frontier.csv carries each point's investment (roadmap.csv's column),
// and a file written before it reads as points whose investment is not
// known.
func TestFrontierInvestment(t *testing.T) {
	rows := []results.FrontierRow{{Point: 0, Stage: "low-carbon", Investment: ptr(0.0)},
		{Point: 1, Stage: "near-zero-carbon", Investment: ptr(15456800.0)}}
	var b bytes.Buffer
	require.NoError(t, results.WriteFrontierCSV(&b, rows))
	back, err := results.ReadFrontierCSV(strings.NewReader(b.String()), "frontier.csv")
	require.NoError(t, err)
	require.Len(t, back, 2)
	require.NotNil(t, back[1].Investment)
	assert.Equal(t, 15456800.0, *back[1].Investment)
	old, err := results.ReadFrontierCSV(strings.NewReader(dropCSVColumns(t, b.String(), "investment")), "frontier.csv")
	require.NoError(t, err)
	for _, r := range old {
		assert.Nil(t, r.Investment, r.Point)
	}
}
