package model

import (
	"slices"
	"strconv"
	"strings"
)

// The words an enumerated key of the park file takes, "" (the default)
// among them where the key may be empty or left out. [Park.Validate]
// accepts these and no others, and the park file's JSON Schema
// ([ParkSchema]) lists them: one list for both, so that neither can take a
// word the other refuses.
var (
	signalKinds   = []SignalKind{"", Average, Marginal}
	heatKinds     = []HeatKind{"", SpaceHeating, HotWater, Process}
	copModelKinds = []COPModelKind{StaffellAir, Carnot}
	touDayWords   = []TOUDays{"", AllDays, Weekdays, Weekends}
	// skyModels are PVWeather.SkyModel's (forecast/physics.SkyModel's
	// words; "" is "haydavies").
	skyModels = []string{"", "isotropic", "haydavies"}
)

// mustBeOneOf is the rule for a word not among words: `must be "a", "b"
// or empty` ("or empty" where "" is one of them).
func mustBeOneOf[T ~string](words []T) string {
	var q []string
	for _, w := range words {
		if w != "" {
			q = append(q, strconv.Quote(string(w)))
		}
	}
	last := "or empty"
	if !slices.Contains(words, "") {
		q, last = q[:len(q)-1], "or "+q[len(q)-1]
	}
	return "must be " + strings.Join(q, ", ") + " " + last
}
