package periods

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func points1D(xs ...float64) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = []float64{x}
	}
	return out
}

// TestWardHand checks the merges on 0, 1, 5, 6, 20 against a hand
// computation of ΔSS = |A||B|/(|A|+|B|)·(c_A − c_B)²:
//
//	{0},{1}: ½·1 = 0.5 and {5},{6}: 0.5 tie; the smaller first member goes first
//	{0,1},{5,6}: 2·2/4·(0.5 − 5.5)² = 25      (less than {5,6},{20}: 2/3·14.5² = 140.17)
//	{0,1,5,6},{20}: 4/5·(3 − 20)² = 231.2
func TestWardHand(t *testing.T) {
	labels, merges := ward(sqDist(points1D(0, 1, 5, 6, 20)), 1)
	want := []merge{{0, 1, 0.5}, {2, 3, 0.5}, {0, 2, 25}, {0, 4, 231.2}}
	require.Len(t, merges, len(want))
	for i, m := range merges {
		assert.Equal(t, want[i].A, m.A, "merge %d", i)
		assert.Equal(t, want[i].B, m.B, "merge %d", i)
		assert.InDelta(t, want[i].Cost, m.Cost, 1e-12, "merge %d", i)
	}
	assert.Equal(t, []int{0, 0, 0, 0, 0}, labels)

	labels, merges = ward(sqDist(points1D(0, 1, 5, 6, 20)), 2)
	assert.Len(t, merges, 3)
	assert.Equal(t, []int{0, 0, 0, 0, 1}, labels)
	labels, _ = ward(sqDist(points1D(0, 1, 5, 6, 20)), 3)
	assert.Equal(t, []int{0, 0, 1, 1, 2}, labels)
}

// bruteWard is an independent Ward: every step recomputes each pair's cost
// from the clusters' centroids and sizes and joins the cheapest pair, ties
// to the smaller first member, then the smaller second.
func bruteWard(x [][]float64, k int) []merge {
	type cluster struct {
		first   int
		members []int
	}
	var cs []cluster
	for i := range x {
		cs = append(cs, cluster{i, []int{i}})
	}
	centroid := func(c cluster) []float64 {
		m := make([]float64, len(x[0]))
		for _, i := range c.members {
			for d, v := range x[i] {
				m[d] += v / float64(len(c.members))
			}
		}
		return m
	}
	var out []merge
	for len(cs) > k {
		bi, bj, best := -1, -1, math.Inf(1)
		for i := range cs {
			for j := i + 1; j < len(cs); j++ {
				ci, cj := centroid(cs[i]), centroid(cs[j])
				s := 0.0
				for d := range ci {
					s += (ci[d] - cj[d]) * (ci[d] - cj[d])
				}
				ni, nj := float64(len(cs[i].members)), float64(len(cs[j].members))
				// cs is kept sorted by first member, so i < j is first-member order
				if c := ni * nj / (ni + nj) * s; c < best {
					bi, bj, best = i, j, c
				}
			}
		}
		out = append(out, merge{A: cs[bi].first, B: cs[bj].first, Cost: best})
		cs[bi].members = append(cs[bi].members, cs[bj].members...)
		cs = append(cs[:bj], cs[bj+1:]...)
	}
	return out
}

func TestWardAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 7))
	for trial := range 40 {
		n, dim := 2+rng.IntN(30), 1+rng.IntN(6)
		x := make([][]float64, n)
		for i := range x {
			x[i] = make([]float64, dim)
			for d := range x[i] {
				x[i][d] = rng.Float64()
			}
		}
		_, got := ward(sqDist(x), 1)
		want := bruteWard(x, 1)
		require.Len(t, got, len(want), "trial %d", trial)
		for i := range want {
			require.Equal(t, want[i].A, got[i].A, "trial %d merge %d", trial, i)
			require.Equal(t, want[i].B, got[i].B, "trial %d merge %d", trial, i)
			require.InDelta(t, want[i].Cost, got[i].Cost, 1e-9*max(1, want[i].Cost), "trial %d merge %d", trial, i)
		}
	}
}

// TestWardTies: with every cost equal, the joins go in index order, as the
// brute force does.
func TestWardTies(t *testing.T) {
	x := points1D(3, 3, 3, 3, 3)
	_, got := ward(sqDist(x), 1)
	assert.Equal(t, bruteWard(x, 1), got)
	assert.Equal(t, []merge{{0, 1, 0}, {0, 2, 0}, {0, 3, 0}, {0, 4, 0}}, got)
}

// TestMedoidHand: in {0, 1, 2, 10} the sums of distances are 13, 11, 11, 27;
// the tie between 1 and 2 goes to the smaller index.
func TestMedoidHand(t *testing.T) {
	d2 := sqDist(points1D(0, 1, 2, 10, 50))
	assert.Equal(t, []int{1, 4}, medoids(d2, []int{0, 0, 0, 0, 1}))
}

func TestNormNoOverflow(t *testing.T) {
	m := normalisers([]Series{{Values: []float64{-math.MaxFloat64, 0, math.MaxFloat64}}})[0]
	assert.InDelta(t, 0, m.to(-math.MaxFloat64), 1e-15)
	assert.InDelta(t, 0.5, m.to(0), 1e-15)
	assert.InDelta(t, 1, m.to(math.MaxFloat64), 1e-15)
	assert.Equal(t, math.MaxFloat64, m.from(1))
}
