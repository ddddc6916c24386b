package forecast

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
)

// matQRSolve is the fit's least squares as it was solved before
// regScratch.lsq: gonum's mat.QR (Factorize, SolveTo). The oracle.
func matQRSolve(x []float64, y []float64, m, p int) ([]float64, error) {
	var qr mat.QR
	qr.Factorize(mat.NewDense(m, p, append([]float64(nil), x...)))
	var beta mat.Dense
	if err := qr.SolveTo(&beta, false, mat.NewDense(m, 1, append([]float64(nil), y...))); err != nil {
		return nil, err
	}
	return mat.Col(nil, 0, &beta), nil
}

// regDesign is a design like the regression's: an intercept, one-hot
// hour and weekday dummies, two hinge columns, a lag column at the
// target's scale, then the ridge rows √λ·I; cols [u0, u1) left zero as the
// daily model leaves them. Targets are a load-like level plus noise.
func regDesign(rng *rand.Rand, rows, p, u0, u1 int) (x, y []float64) {
	m := rows + p
	x, y = make([]float64, m*p), make([]float64, m)
	for i := range rows {
		row := x[i*p : (i+1)*p]
		row[0] = 1
		if h := i % 24; h > 0 && h < p {
			row[h] = 1
		}
		if d := 24 + (i/24)%7; d < 30 && d < p {
			row[d] = 1
		}
		t := 10 + 15*math.Sin(float64(i)/24) + rng.NormFloat64()
		row[p-3] = math.Max(18-t, 0)
		row[p-2] = math.Max(t-18, 0)
		y[i] = 500 + 100*math.Sin(float64(i%24)/4) + 20*rng.NormFloat64()
		if i >= 24 {
			row[p-1] = y[i-24]
		}
		clear(row[u0:u1])
	}
	for k := range p {
		x[(rows+k)*p+k] = math.Sqrt(regRidge)
	}
	return x, y
}

// lsq gives mat.QR's β to rounding (the same Householder factors; Qᵀy
// applied unblocked instead of blocked) on regression-like designs of the
// full and daily models and on dense random ones, reusing one scratch as
// the shapes change; and the same errors on singular and near-singular
// designs.
func TestRegressionLSQMatchesMatQR(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sc := new(regScratch)
	type design struct {
		name string
		x, y []float64
		m, p int
	}
	var ds []design
	for _, c := range []struct{ rows, p, u0, u1 int }{
		{1344, 56, 0, 0}, {50, 56, 24, 53}, {168, 54, 0, 0}, {2688, 56, 0, 0}, {200, 55, 0, 0},
	} {
		x, y := regDesign(rng, c.rows, c.p, c.u0, c.u1)
		ds = append(ds, design{"regression", x, y, c.rows + c.p, c.p})
	}
	for _, c := range []struct{ m, p int }{{7, 3}, {300, 40}, {40, 40}} {
		x, y := make([]float64, c.m*c.p), make([]float64, c.m)
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		for i := range y {
			y[i] = 1e3 * rng.NormFloat64()
		}
		ds = append(ds, design{"dense", x, y, c.m, c.p})
	}
	for _, d := range ds {
		want, err := matQRSolve(d.x, d.y, d.m, d.p)
		require.NoError(t, err, "%s %d×%d", d.name, d.m, d.p)
		sc.x, sc.y = resize(sc.x, d.m*d.p), resize(sc.y, d.m)
		copy(sc.x, d.x)
		copy(sc.y, d.y)
		got, err := sc.lsq(d.m, d.p)
		require.NoError(t, err)
		require.Len(t, got, d.p)
		scale := 0.0
		for _, w := range want {
			scale = math.Max(scale, math.Abs(w))
		}
		dmax := 0.0
		for k := range got {
			dmax = math.Max(dmax, math.Abs(want[k]-got[k])/scale)
			assert.InDelta(t, want[k], got[k], 2e-12*scale, "%s %d×%d β[%d]", d.name, d.m, d.p, k)
		}
		t.Logf("%s %d×%d: max |Δβ|/max |β| = %.2g", d.name, d.m, d.p, dmax)
		// The normal equations hold at β: xᵀ(y − xβ) = 0 to rounding.
		for k := range d.p {
			var g, gs float64
			for i := range d.m {
				e := d.y[i]
				for j := range d.p {
					e -= d.x[i*d.p+j] * got[j]
				}
				g += d.x[i*d.p+k] * e
				gs += math.Abs(d.x[i*d.p+k] * d.y[i])
			}
			assert.LessOrEqual(t, math.Abs(g), 1e-9*gs+1e-12, "%s %d×%d gradient %d", d.name, d.m, d.p, k)
		}
	}

	// A zero column (no ridge) and two columns equal but for 1e-17: the same
	// mat.Condition errors as mat.QR, +Inf and the same κ.
	m, p := 30, 4
	x := make([]float64, m*p)
	y := make([]float64, m)
	for i := range m {
		x[i*p] = 1
		x[i*p+1] = rng.NormFloat64()
		x[i*p+2] = float64(i)
		y[i] = rng.NormFloat64()
	}
	for _, c := range []struct {
		name  string
		col3  func(i int) float64
		isInf bool
	}{
		{"zero column", func(int) float64 { return 0 }, true},
		{"near-collinear", func(i int) float64 { return x[i*p+1] * (1 + 1e-17*float64(i%2)) }, false},
	} {
		for i := range m {
			x[i*p+3] = c.col3(i)
		}
		_, wantErr := matQRSolve(x, y, m, p)
		require.Error(t, wantErr, c.name)
		sc.x, sc.y = resize(sc.x, m*p), resize(sc.y, m)
		copy(sc.x, x)
		copy(sc.y, y)
		_, err := sc.lsq(m, p)
		require.Error(t, err, c.name)
		assert.Equal(t, wantErr, err, c.name)
		var cond mat.Condition
		require.ErrorAs(t, err, &cond)
		assert.Equal(t, c.isInf, math.IsInf(float64(cond), 1), "%s: %v", c.name, err)
		t.Logf("%s: %v", c.name, err)
	}
}

// A fit on a scratch that has held the design allocates nothing.
func TestRegressionLSQAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x, y := regDesign(rng, 1344, 56, 0, 0)
	m, p := 1344+56, 56
	sc := new(regScratch)
	solve := func() {
		sc.x, sc.y = resize(sc.x, m*p), resize(sc.y, m)
		copy(sc.x, x)
		copy(sc.y, y)
		if _, err := sc.lsq(m, p); err != nil {
			t.Fatal(err)
		}
	}
	solve()
	assert.Zero(t, testing.AllocsPerRun(10, solve))
}
