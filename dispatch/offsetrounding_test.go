package dispatch

import "testing"

// TestOffsetsNeededRounding: offsets held equal to the residual up to
// summation noise are enough. The rolling horizon summed a week's
// residual of 0.4 tCO2e 3.3e-12 of it over the 0.4 t a plan bought
// (planner's QA, 2026-12-05), which the ledger read as 1.3e-12 t of
// offsets missing, and the zero-carbon design failed its own check.
// A real shortfall (1e-6 of the residual) still counts.
func TestOffsetsNeededRounding(t *testing.T) {
	if got := offsetsNeeded(0.4*(1+3.3e-12), 0.4); got != 0 {
		t.Errorf("offsets needed for a residual 3.3e-12 over the offsets held: %g, want 0", got)
	}
	if got := offsetsNeeded(0.4*(1+1e-6), 0.4); got <= 0 {
		t.Errorf("offsets needed for a residual 1e-6 over the offsets held: %g, want > 0", got)
	}
	if got := offsetsNeeded(0.3, 0.4); got != 0 {
		t.Errorf("offsets needed with more held than the residual: %g, want 0", got)
	}
}
