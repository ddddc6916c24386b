package plan

// SetRegimeRounds sets how many times a question is priced again by the
// regimes its solve chose (reprice); the returned function restores it.
func SetRegimeRounds(n int) (restore func()) {
	old := regimeRounds
	regimeRounds = n
	return func() { regimeRounds = old }
}

// RegimeSolves is how many solves reprice ran on m.
func (m *Model) RegimeSolves() int { return m.regimeSolves }

// SetRefinePeriods turns the proxy's refinement of representative periods
// on or off (refineScore) and returns the previous setting.
func SetRefinePeriods(on bool) bool {
	was := refineScore != nil
	refineScore = nil
	if on {
		refineScore = proxyScore
	}
	return was
}
