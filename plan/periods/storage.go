package periods

import "math"

// Linking is what a planner needs to write Kotzur's storage rows (package
// doc, "Storage across periods") for one storage.
type Linking struct {
	// Sigma[i] is the representative of original period i (a copy of
	// Aggregation.Sigma): E_{i+1} = Retention[Steps[i]]·E_i + ΔE_{Sigma[i], Steps[i]}.
	Sigma []int
	// Steps[i] is the length of original period i in steps (PeriodSteps,
	// or fewer for the remainder).
	Steps []int
	// Retention[t] = (1 − δ)^(t·Δt/1 h), t = 0..PeriodSteps: the fraction of
	// the energy held at a period's start that is left t steps later, for
	// a self-discharge δ per hour. Retention[1] is the per-step factor of
	// the intra-period dynamics.
	Retention []float64
}

// StorageLinking returns the [Linking] of a storage that loses the fraction
// selfDischargePerHour ∈ [0, 1) of its energy every hour.
func (a *Aggregation) StorageLinking(selfDischargePerHour float64) (*Linking, error) {
	if !finite(selfDischargePerHour) || selfDischargePerHour < 0 || selfDischargePerHour >= 1 {
		return nil, inputErr("", "selfDischargePerHour", -1, selfDischargePerHour, "must be in [0, 1)")
	}
	l := &Linking{Sigma: append([]int(nil), a.Sigma...), Steps: make([]int, len(a.Sigma)),
		Retention: make([]float64, a.PeriodSteps+1)}
	for i := range l.Steps {
		l.Steps[i] = a.PeriodLen(i)
	}
	hours := a.Step.Hours()
	for t := range l.Retention {
		// pow, not repeated products, so Retention[t] is exact for t = 0
		// and does not drift over long periods
		l.Retention[t] = math.Pow(1-selfDischargePerHour, float64(t)*hours)
	}
	return l, nil
}
