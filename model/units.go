package model

import (
	"errors"
	"math"
	"time"
)

// ErrInvalid is the sentinel every validation and parse error of this
// package unwraps to.
var ErrInvalid = errors.New("model: invalid")

// ErrNoColumn marks a series column that is referenced but missing (with
// ErrInvalid); package forecast's input errors carry it too.
var ErrNoColumn = errors.New("model: no such column in the series")

// Unlimited is the value of a grid limit that does not bind (kW). In park
// JSON it is written as the string "unlimited".
var Unlimited = math.Inf(1)

// EnergyKWh converts a power held for one step into energy: kW × hours.
func EnergyKWh(powerKW float64, step time.Duration) float64 {
	return powerKW * step.Hours()
}
