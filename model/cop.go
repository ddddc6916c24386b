package model

import "math"

// COPModelKind names a model of a heat pump's COP as a function of the
// temperature of its heat source.
type COPModelKind string

// The COP models.
const (
	// StaffellAir is the quadratic fit of Staffell et al. for air-source
	// heat pumps ([StaffellAirCOP]).
	StaffellAir COPModelKind = "staffell_air"
	// Carnot is a fixed fraction of the Carnot (ideal) COP ([CarnotCOP]).
	Carnot COPModelKind = "carnot"
)

// COPModel gives a heat pump's COP in each interval from the temperature
// of its heat source (the outdoor air for an air-source pump) and the
// temperature it delivers heat at (the sink: the supply or flow
// temperature of the heating system). The temperature lift is
//
//	ΔT = SinkTempC − source temperature   (K)
//
// and the COP is [StaffellAirCOP](ΔT) or [CarnotCOP](CarnotFraction,
// SinkTempC, ΔT); both hold ΔT to their bounds.
type COPModel struct {
	// Kind is the model: "staffell_air" (an air-source pump's fit) or
	// "carnot" (a share of the Carnot COP) (in Go, StaffellAir and
	// Carnot).
	Kind COPModelKind `json:"kind"`
	// TempColumn names the series column of the source temperature, °C.
	TempColumn string `json:"temp_column_c"`
	// SinkTempC is the temperature the pump delivers heat at, °C: about
	// 35 for floor heating, 45–55 for radiators, 55–65 for hot water.
	SinkTempC float64 `json:"sink_temp_c"`
	// CarnotFraction is the share of the Carnot COP the pump reaches, in
	// (0, 1]; for Kind Carnot only (typical machines reach 0.4–0.55).
	CarnotFraction float64 `json:"carnot_fraction,omitempty"`
}

// Bounds of the COP models.
const (
	// StaffellMinLiftK and StaffellMaxLiftK bound the temperature lift
	// of [StaffellAirCOP]: the range of the data Staffell et al. fitted
	// (15 ≤ ΔT ≤ 60 K). Outside it the model holds the value at the bound
	// rather than extrapolate the quadratic (which turns upward again past
	// 96 K).
	StaffellMinLiftK = 15.0
	StaffellMaxLiftK = 60.0
	// CarnotMinLiftK is the smallest lift [CarnotCOP] uses: the ideal COP
	// grows without bound as the lift goes to 0, while a real machine's
	// heat exchangers keep a few kelvin of approach on each side.
	CarnotMinLiftK = 15.0
	// MinModelCOP is the lowest COP a model gives: a heat pump delivers
	// at least the electricity it draws, since its compressor work ends
	// as heat in the delivered stream.
	MinModelCOP = 1.0
	// MaxCOP bounds a constant COP; a larger one is a typing error.
	MaxCOP = 20.0
	// MinCOP is the least COP the dispatch takes (a heat pump's
	// coefficient −1/COP in the power balance stays within 100): a
	// constant COP below it is refused here, where the dispatch refused it
	// only once a run started (EMS QA, 2026-12-05: cop 0.005 passed
	// zeropark validate, then run failed on "HeatPumpCOP … value 0.005").
	MinCOP = 0.01
	// celsiusToKelvin converts °C to K.
	celsiusToKelvin = 273.15
)

// StaffellAirCOP is the COP of an air-source heat pump at a temperature
// lift of liftK kelvin, by the quadratic regression on manufacturers' and
// field data of I. Staffell, D. Brett, N. Brandon and A. Hawkes, "A review
// of domestic heat pumps", Energy & Environmental Science 5 (2012)
// 9291–9306, doi:10.1039/C2EE22653G:
//
//	COP = 6.81 − 0.121·ΔT + 0.000630·ΔT²,   15 K ≤ ΔT ≤ 60 K
//
// (as used by PyPSA-Eur and the When2Heat data set). liftK is held to
// [StaffellMinLiftK, StaffellMaxLiftK]: the COP stays between 1.818 (60 K)
// and 5.137 (15 K).
func StaffellAirCOP(liftK float64) float64 {
	d := math.Min(math.Max(liftK, StaffellMinLiftK), StaffellMaxLiftK)
	return 6.81 - 0.121*d + 0.000630*d*d
}

// CarnotCOP is fraction × the Carnot heating COP at sink temperature
// sinkC (°C) and a lift of liftK kelvin:
//
//	COP = fraction · (sinkC + 273.15) / max(ΔT, 15 K),   at least 1.
func CarnotCOP(fraction, sinkC, liftK float64) float64 {
	return math.Max(fraction*(sinkC+celsiusToKelvin)/math.Max(liftK, CarnotMinLiftK), MinModelCOP)
}

// COPAt is the model's COP at a source temperature of sourceC °C (NaN for
// an unknown kind).
func (m COPModel) COPAt(sourceC float64) float64 {
	lift := m.SinkTempC - sourceC
	switch m.Kind {
	case StaffellAir:
		return StaffellAirCOP(lift)
	case Carnot:
		return CarnotCOP(m.CarnotFraction, m.SinkTempC, lift)
	}
	return math.NaN()
}
