package live

import "github.com/zeropark/zeropark/dispatch"

// SetSolveWindow makes c's solve tally keep the last n solve times, so
// that a test sees the window wrap without thousands of Steps.
func SetSolveWindow(c *Controller, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.solves = dispatch.NewSolveTally(n)
}

// SolveTimesHeld is how many solve times c holds.
func SolveTimesHeld(c *Controller) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.solves.Held()
}
