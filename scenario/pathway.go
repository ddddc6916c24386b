package scenario

import (
	"strings"

	"github.com/zeropark/zeropark/internal/buildinfo"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// PathwayReport is res, planned with opt, as results writes it, stamped
// with this build (ZeroparkVersion, as [RoadmapResult]; the caller fills
// in the digests, Scenario.Digests): one row
// per milestone planned, of asked milestones, money in currency, the
// period planned over, the reduction (opt.Slices, opt.Periods) and what
// the milestones were sized with (opt.Margin, the ledger's clean-share
// condition, prices and holdings).
func PathwayReport(res *plan.PathwayResult, opt plan.Options, park, currency string, asked int) *results.Pathway {
	led := &opt.Ledger
	pw := &results.Pathway{Park: park, ZeroparkVersion: buildinfo.Stamp(), Currency: currency, BaseYear: res.Trends.BaseYear,
		Slices: opt.Slices, Periods: opt.Periods, Margin: opt.Margin, RequireCleanShare: led.RequireCleanShare || opt.RequireCleanShare, RequireCleanShareFlag: opt.RequireCleanShare,
		OffsetPricePerTCO2e: led.OffsetPricePerTCO2e, CertificatePricePerMWh: led.CertificatePricePerMWh,
		OffsetsHeldTCO2e: led.OffsetsHeldTCO2e, CertificatesHeldMWh: led.CertificatesHeldMWh,
		GridCarbonDeclinePerYear: res.Trends.GridCarbonDeclinePerYear, CapitalCostDeclinePerYear: res.Trends.CapitalCostDeclinePerYear,
		LoadGrowthPerYear:   res.Trends.LoadGrowthPerYear,
		CarbonPricePerTCO2e: res.CarbonPricePerTCO2e, CarbonPriceGrowthPerYear: res.Trends.CarbonPriceGrowthPerYear,
		StageThresholds: res.StageThresholds, Milestones: asked, Rows: []results.PathwayRow{}}
	// The period: today's park's report, else the first milestone's (the
	// same series for all).
	first := res.Today
	for i := 0; first == nil && i < len(res.Steps); i++ {
		first = res.Steps[i].Design
	}
	if opt.Periods > 0 {
		pw.PeriodLengthHours = opt.PeriodLength.Hours()
	}
	if first != nil {
		r := &first.Report
		pw.Start, pw.End, pw.Steps, pw.StepMinutes = r.Start, r.End, r.Steps, r.StepMinutes
	}
	for _, st := range res.Steps {
		r := results.PathwayRow{Year: st.Year, Target: st.Target, GridCarbonFactor: st.GridCarbonFactor,
			CapitalCostFactor: st.CapitalCostFactor, Unreachable: strings.TrimPrefix(st.Unreachable, "plan: "), LoadFactor: st.LoadFactor, TodayCostPerYear: st.TodayCostPerYear,
			YearsInForce: st.YearsInForce, PresentValue: st.PresentValue, CarbonPricePerTCO2e: st.CarbonPricePerTCO2e,
			StageThresholds: st.StageThresholds, StageThresholdsFromYear: st.StageThresholdsFromYear}
		if d := st.Design; d != nil {
			r.Warnings = d.Warnings
			r.Stage, r.Added, r.Total = d.Stage, capacitiesOf(d, false), capacitiesOf(d, true)
			r.StepInvestment, r.StepIncentives = d.Investment, d.Incentives
			r.StepCapitalPerYear, r.StepFixedOMPerYear = d.CapitalPerYear, d.FixedOMPerYear
			r.DesignTotalCostPerYear, r.EarlierStepsPerYear, r.CostPerYear = d.TotalCostPerYear, st.EarlierStepsPerYear, st.CostPerYear
			r.ResidualTCO2ePerYear, r.NetResidualTCO2ePerYear = d.ResidualTCO2ePerYear, d.NetResidualTCO2ePerYear
			r.CarbonCostPerYear = d.CarbonCostPerYear
		}
		pw.Rows = append(pw.Rows, r)
	}
	if v := res.Value; v != nil && res.Today != nil {
		pw.Value = &results.PathwayValue{DiscountRatePerYear: v.DiscountRatePerYear, AnalysisYears: v.Years,
			FirstYear: res.Trends.BaseYear + 1, LastYear: res.Trends.BaseYear + v.Years,
			PresentValue: v.PresentValue, TodayPresentValue: v.TodayPresentValue, BeforeFirstPresentValue: v.BeforeFirstPresentValue,
			CashFlowPresentValue: v.CashFlowPresentValue}
	}
	return pw
}
