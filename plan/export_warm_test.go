package plan

import "time"

// ForceWarmStart makes Roadmap warm-start near-zero on any full-series
// Model, from a design over periods typical periods of length; the
// returned function restores the defaults.
func ForceWarmStart(periods int, length time.Duration) (restore func()) {
	p, l, c := warmPeriods, warmLength, warmMinColumns
	warmPeriods, warmLength, warmMinColumns = periods, length, 0
	return func() { warmPeriods, warmLength, warmMinColumns = p, l, c }
}
