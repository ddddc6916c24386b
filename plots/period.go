package plots

import (
	"math"
	"strings"

	"github.com/zeropark/zeropark/results"
)

// periodCaption is the caption's note on a figure of figures a year
// scaled from a planned period of hours shorter than a year (every
// figure a year is the period's × 8760 h / its hours), as the sweep's
// heat map says "over the 24 h simulated": under a week
// (results.ShortPeriodHours) the plan's own caution in its words
// (results.ShortPeriodScaling), "Caution: every figure is a year scaled
// from 24 h (× 365): a period shorter than a week cannot stand for a
// year's weather and load."; from a week to a year "Every figure is a
// year scaled from 2,016 h (× 4.3)."; "" for a year (or a leap year) or
// more, and when hours is not known (0, as in a roadmap.json that does
// not give its period, or not finite).
func periodCaption(hours float64) string {
	if !(hours > 0) || math.IsInf(hours, 1) || hours >= results.HoursPerYear-0.5 {
		return ""
	}
	if w := results.ShortPeriodScaling(hours); w != "" {
		return "Caution: " + w + "."
	}
	w := results.YearScaling(hours)
	return strings.ToUpper(w[:1]) + w[1:] + "."
}
