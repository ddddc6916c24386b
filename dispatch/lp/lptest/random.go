package lptest

import (
	"math"
	"math/rand/v2"

	"github.com/zeropark/zeropark/dispatch/lp"
)

// RandomConfig shapes the LPs made by [RandomFeasible].
type RandomConfig struct {
	MinCols, MaxCols int     // number of columns, drawn uniformly
	MinRows, MaxRows int     // number of rows, drawn uniformly
	Density          float64 // chance that a coefficient is non-zero; 0 means 0.6
}

// Random returns an LP that is feasible and bounded by construction, and
// the point x0 it was built around. Every column gets finite bounds around
// x0 (sometimes fixed, lo = hi); every row is an equality, a ≤, a ≥, a
// ranged or (rarely) a free row whose bounds hold at x0. Equality rows are
// fewer than half the columns, so the standard form stays under-determined.
// Coefficients are small integers, which keeps the oracle well conditioned.
func Random(rng *rand.Rand, cfg RandomConfig) (*lp.Problem, []float64) {
	dens := cfg.Density
	if dens == 0 {
		dens = 0.6
	}
	n := cfg.MinCols + rng.IntN(cfg.MaxCols-cfg.MinCols+1)
	m := cfg.MinRows + rng.IntN(cfg.MaxRows-cfg.MinRows+1)
	var b lp.Builder
	x0 := make([]float64, n)
	for j := range x0 {
		x0[j] = math.Round(rng.Float64()*100-50) / 10
		lo, hi := x0[j]-3*rng.Float64(), x0[j]+3*rng.Float64()
		if rng.IntN(10) == 0 {
			lo, hi = x0[j], x0[j]
		}
		cost := float64(rng.IntN(11) - 5)
		if rng.IntN(4) == 0 {
			cost += rng.Float64()
		}
		b.AddCol(lo, hi, cost)
	}
	eq := 0
	for range m {
		b.StartRow()
		var ax float64
		for j := range n {
			if rng.Float64() < dens {
				v := float64(rng.IntN(7) - 3)
				b.Add(j, v)
				ax += v * x0[j]
			}
		}
		lo, hi := ax, ax
		switch k := rng.IntN(10); {
		case k < 2 && 2*(eq+1) < n:
			eq++
		case k < 5:
			lo = math.Inf(-1)
			hi = ax + 2*rng.Float64()
		case k < 8:
			lo = ax - 2*rng.Float64()
			hi = math.Inf(1)
		case k < 9:
			lo, hi = ax-rng.Float64(), ax+rng.Float64()
		default:
			lo, hi = math.Inf(-1), math.Inf(1)
		}
		b.EndRow(lo, hi)
	}
	return b.Problem().Clone(), x0
}

// MakeInfeasible returns a copy of p with one more row that no point in the
// column box can meet: aᵀx ≥ 1 + max over the box of aᵀx, for a random a
// over the columns (p's columns must all have finite bounds).
func MakeInfeasible(rng *rand.Rand, p *lp.Problem) *lp.Problem {
	q := p.Clone()
	var maxAx float64
	for j := 0; j < q.NumCols; j++ {
		v := float64(rng.IntN(5) + 1)
		if rng.IntN(2) == 0 {
			v = -v
		}
		q.Index = append(q.Index, j)
		q.Value = append(q.Value, v)
		maxAx += math.Max(v*q.ColLo[j], v*q.ColHi[j])
	}
	q.RowLo = append(q.RowLo, maxAx+1)
	q.RowHi = append(q.RowHi, math.Inf(1))
	if len(q.Start) == 0 {
		q.Start = []int{0}
	}
	q.Start = append(q.Start, len(q.Index))
	return q
}
