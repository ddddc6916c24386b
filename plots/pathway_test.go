package plots_test

import (
	"bytes"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/results"
)

// pathwayFixture: base year 2026, milestones 2028 (low-carbon) and 2031
// (near-zero-carbon), a present value over 2027–2036.
func pathwayFixture() *results.Pathway {
	return &results.Pathway{Park: "test park", Currency: "EUR", BaseYear: 2026, Milestones: 2,
		Rows: []results.PathwayRow{
			{Year: 2028, Target: "low-carbon", CostPerYear: 120, TodayCostPerYear: 100,
				Total: results.Capacities{PVKWp: 500, BatteryKWh: 0}, Added: results.Capacities{PVKWp: 300}},
			{Year: 2031, Target: "near-zero-carbon", CostPerYear: 300, TodayCostPerYear: 110,
				Total: results.Capacities{PVKWp: 900, BatteryKWh: 2000, BatteryKW: 500}},
		},
		Value: &results.PathwayValue{DiscountRatePerYear: 0.05, AnalysisYears: 10, FirstYear: 2027, LastYear: 2036}}
}

// TestPathwayCurves: year by year, 2027 pays today's park's cost at the
// first milestone's loads (100), 2028–2030 the first milestone's (120)
// and 2031–2036 the second's (300), today's park kept as it is 100, 100,
// 100, 100, then 110; the technologies are those built (PV, battery
// energy and power; no wind), each as built at each milestone.
func TestPathwayCurves(t *testing.T) {
	c, err := plots.PathwayCurvesOf(pathwayFixture())
	require.NoError(t, err)
	assert.Equal(t, []int{2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034, 2035, 2036}, c.Years)
	assert.Equal(t, []float64{100, 120, 120, 120, 300, 300, 300, 300, 300, 300}, c.CostPerYear)
	assert.Equal(t, []float64{100, 100, 100, 100, 110, 110, 110, 110, 110, 110}, c.TodayCostPerYear)
	require.Len(t, c.Techs, 3)
	assert.Equal(t, "PV", c.Techs[0].Name)
	assert.Equal(t, []float64{500, 900}, c.Techs[0].Built)
	assert.Equal(t, "battery", c.Techs[1].Name)
	assert.Equal(t, "kWh", c.Techs[1].Unit)
	assert.Equal(t, []float64{0, 2000}, c.Techs[1].Built)
	assert.Equal(t, 200.0, c.Techs[0].Today, "today's PV: the first milestone's total less what it adds")
	assert.Zero(t, c.Techs[1].Today)
	assert.Equal(t, []int{2028, 2031}, c.Milestones)
}

// TestPathwayFigure: it renders to PNG and SVG, the SVG's text naming
// the currency, the milestones and both present values' words; a
// pathway with no milestone planned, or a cost that is not finite, is an
// ErrInput and nothing is drawn.
func TestPathwayFigure(t *testing.T) {
	pw := pathwayFixture()
	pw.Value.PresentValue, pw.Value.TodayPresentValue = 1234567, 765432
	fig, err := plots.PathwayFigure(pw)
	require.NoError(t, err)
	var png, svg bytes.Buffer
	_, err = fig.WriteTo(&png, plots.PNG)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(png.Bytes(), []byte("\x89PNG")))
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	for _, want := range []string{"cost (EUR a year)", "2028 low-carbon", "2031 near-zero-carbon", "1,234,567", "765,432", "PV (kWp)", "battery (kWh)"} {
		assert.Contains(t, svg.String(), want)
	}
	assert.NotContains(t, svg.String(), "wind (kW)", "nothing built: no curve")

	none := pathwayFixture()
	none.Rows = []results.PathwayRow{{Year: 2028, Target: "near-zero-carbon", Unreachable: "out of reach"}}
	_, err = plots.PathwayFigure(none)
	assert.True(t, errors.Is(err, plots.ErrInput), "%v", err)
	bad := pathwayFixture()
	bad.Rows[1].CostPerYear = 1 / zero()
	_, err = plots.PathwayFigure(bad)
	assert.True(t, errors.Is(err, plots.ErrInput), "%v", err)
}

func zero() float64 { return 0 }

// A pathway that stops at a milestone out of reach draws it where it
// fails, in red, the years running to it (new-user QA, 2026-12-04: the
// chart left it out and looked like a whole pathway).
func TestPathwayFigureOutOfReach(t *testing.T) {
	pw := pathwayFixture()
	pw.Value = nil
	pw.Milestones = 3
	pw.Rows = append(pw.Rows, results.PathwayRow{Year: 2035, Target: "zero-carbon", Unreachable: "zero-carbon is out of reach: …"})
	c, err := plots.PathwayCurvesOf(pw)
	require.NoError(t, err)
	assert.Equal(t, 2035, c.OutOfReach)
	assert.Equal(t, "2035 zero-carbon: out of reach", c.OutOfReachLabel)
	assert.Equal(t, 2035, c.Years[len(c.Years)-1])
	assert.Equal(t, []int{2028, 2031}, c.Milestones)
	fig, err := plots.PathwayFigure(pw)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	assert.Contains(t, svg.String(), "2035 zero-carbon: out of reach")
	c, err = plots.PathwayCurvesOf(pathwayFixture())
	require.NoError(t, err)
	assert.Zero(t, c.OutOfReach)
}

// A milestone whose design fails an operation check is marked as a
// roadmap's design is: "!" after its label, "(misses it in operation)"
// under it, and a footnote naming the policies and what they reach; one
// whose checks hold, or that was not checked (--no-check), is not (QA:
// the text said 2030 near-zero-carbon and 2035 zero-carbon fail in
// operation while pathway.png labelled them plainly). A milestone with
// warnings gets its "!" and a footnote per warning.
func TestPathwayFigureMarksOperationMiss(t *testing.T) {
	pw := pathwayFixture()
	pw.Rows[0].Checks = []results.OperationCheck{{Policy: dispatch.Perfect, Stage: dispatch.LowCarbon, Holds: true},
		{Policy: dispatch.RollingHorizon, Stage: dispatch.LowCarbon, Holds: true}}
	pw.Rows[1].Checks = []results.OperationCheck{{Policy: dispatch.Perfect, Stage: dispatch.NearZeroCarbon, Holds: true},
		{Policy: dispatch.RollingHorizon, Stage: dispatch.LowCarbon, Holds: false}}
	c, err := plots.PathwayCurvesOf(pw)
	require.NoError(t, err)
	assert.Equal(t, []string{"", "misses it in operation"}, c.MilestoneMisses)
	assert.Equal(t, []bool{false, false}, c.MilestoneWarned)
	svg := pathwaySVG(t, pw)
	assert.Contains(t, svg, "fill:#B01010\">2031 near-zero-carbon !<", "in the warning's red")
	assert.Contains(t, svg, "fill:#B01010\">(misses it in operation)<")
	assert.Contains(t, svg, "! 2031 near-zero-carbon: misses its stage in operation (mpc: low-carbon); the stage named is the plan")
	assert.Contains(t, svg, "font-size:9px\">2028 low-carbon<", "its checks hold: no mark, in black")
	assert.NotContains(t, svg, "2028 low-carbon !")

	// Not checked: nothing to mark.
	for i := range pw.Rows {
		pw.Rows[i].Checks = nil
	}
	svg = pathwaySVG(t, pw)
	assert.NotContains(t, svg, "misses")
	assert.NotContains(t, svg, "near-zero-carbon !")

	pw.Rows[0].Warnings = []string{"a settled schedule"}
	c, err = plots.PathwayCurvesOf(pw)
	require.NoError(t, err)
	assert.Equal(t, []bool{true, false}, c.MilestoneWarned)
	svg = pathwaySVG(t, pw)
	assert.Contains(t, svg, ">2028 low-carbon !<")
	assert.Contains(t, svg, "! 2028 low-carbon: a settled schedule")
	assert.NotContains(t, svg, "misses")
}

// pathwaySVG is pw's figure as SVG.
func pathwaySVG(t *testing.T, pw *results.Pathway) string {
	t.Helper()
	fig, err := plots.PathwayFigure(pw)
	require.NoError(t, err)
	var svg bytes.Buffer
	_, err = fig.WriteTo(&svg, plots.SVG)
	require.NoError(t, err)
	return svg.String()
}

// The heat side's capacities are dashed, so that one equal to an electric
// capacity drawn before it leaves that one visible: greensboro-heat's
// 4,000 kWh_th store hid its 4,000 kWh battery and its 1,000 kW_th heat
// pump the battery's 1,000 kW (QA K, 2026-12-05). The electric side stays
// solid.
func TestPathwayFigureHeatSideDashed(t *testing.T) {
	pw := pathwayFixture()
	for i := range pw.Rows {
		pw.Rows[i].Total.ThermalStorageKWhTh = pw.Rows[i].Total.BatteryKWh
		pw.Rows[i].Total.HeatPumpKWTh = pw.Rows[i].Total.BatteryKW
	}
	svg := pathwaySVG(t, pw)
	lines := regexp.MustCompile(`<path [^>]*stroke:#([0-9A-F]{6});stroke-width:2\.2[^>]*>`).FindAllStringSubmatch(svg, -1)
	dashed := map[string]bool{}
	for _, l := range lines {
		if strings.Contains(l[0], "stroke-dasharray") {
			dashed[l[1]] = true
		}
	}
	assert.True(t, dashed["CC79A7"], "the thermal store's line is dashed")
	assert.True(t, dashed["56B4E9"], "the heat pump's line is dashed")
	assert.False(t, dashed["009E73"], "the battery's line is solid")
	assert.False(t, dashed["98DF8A"], "the battery power's line is solid")
}

// An electric line equal to one drawn before it is dashed too, and a third
// in a pattern of its own: wind and CHP at 2,000 kW each showed the CHP's
// line alone (QA G, session 39).
func TestPathwayFigureEqualLinesDashed(t *testing.T) {
	pw := pathwayFixture()
	for i := range pw.Rows {
		pw.Rows[i].Total.WindKW = 2000
		pw.Rows[i].Total.CHPKW = 2000
		pw.Rows[i].Total.GridKW = 2000
	}
	svg := pathwaySVG(t, pw)
	lines := regexp.MustCompile(`<path [^>]*stroke:#([0-9A-F]{6});stroke-width:2\.2[^>]*>`).FindAllStringSubmatch(svg, -1)
	dash := map[string]string{}
	da := regexp.MustCompile(`stroke-dasharray:[^;"]*`)
	for _, l := range lines {
		dash[l[1]] = da.FindString(l[0])
	}
	const wind, chp, grid, pv = "0072B2", "D55E00", "999999", "E69F00" // their colours in the figure
	require.Contains(t, dash, wind)
	assert.Empty(t, dash[wind], "wind, drawn first, is solid")
	assert.NotEmpty(t, dash[chp], "CHP over it is dashed")
	assert.NotEmpty(t, dash[grid], "the grid connection over both is dashed")
	assert.NotEqual(t, dash[chp], dash[grid], "in another pattern")
	require.Contains(t, dash, pv)
	assert.Empty(t, dash[pv], "PV, equal to none, is solid")
}
