package periods

import (
	"container/heap"
	"errors"
	"fmt"
)

// Slices cuts the aligned series (one time axis) into at most k chronological
// slices: starting from one slice per step, it merges, again and again, the
// two adjacent slices whose merge adds least to the within-slice sum of squared
// deviations (Ward's criterion on the normalised, weighted values, as Aggregate
// normalises them), never merging across a cut, until k slices are left. It
// returns the first step of each slice, ascending, starting with 0.
//
// This is chronological time-period clustering after S. Pineda and
// J. M. Morales, "Chronological time-period clustering for optimal capacity
// expansion planning with storage", IEEE Trans. Power Syst. 33(6) (2018)
// 7162–7170, doi:10.1109/TPWRS.2018.2842093: hierarchical clustering in which
// only neighbours in time may join. Unlike representative periods
// ([Aggregate]), every slice stays in calendar order, so a calm, dark spell
// remains a run of consecutive LP steps that storage must bridge, while the
// many similar steps of a quiet night collapse into one.
//
// The cost of merging adjacent slices A and B, with nA and nB steps and
// sums sA and sB of the feature vectors (per step, one entry per series:
// Weight · min–max-normalised value), is
//
//	ΔSS(A, B) = nA·nB/(nA + nB) · Σ_s (sA_s/nA − sB_s/nB)²
//
// the exact growth of the within-slice sum of squares. Ties go to the pair
// whose left slice starts first, so the result is deterministic. Slices
// keeps the candidate pairs in a heap (container/heap), discarding stale ones when
// they come up (a pair is named by its left slice, which carries a version
// bumped whenever the pair changes), and the slices in a doubly linked
// list: O(n log n) time and O(n · len(series)) memory for n steps, no n×n
// table; a year of hours, five series, into 2,016 slices takes about 6 ms
// (BenchmarkSlices: `go test ./plan/periods -run '^$' -bench BenchmarkSlices`).
//
// cuts are steps at which a slice must start (month boundaries; both sides
// of a peak step to keep it a slice of its own), in any order, duplicates
// allowed; step 0 always starts a slice. k ≥ n gives every step its own
// slice. Input problems are all reported at once, each an [*InputError]
// unwrapping to [ErrInvalid]: no series, series of different or zero
// length, non-finite values, bad weights or duplicate names (as for
// [Aggregate]), k < 1, a cut outside [0, n), or cuts that alone force more
// than k slices.
func Slices(series []Series, k int, cuts []int) ([]int, error) {
	isCut, err := checkSlices(series, k, cuts)
	if err != nil {
		return nil, err
	}
	n := len(series[0].Values)
	if k >= n {
		out := make([]int, n)
		for t := range out {
			out[t] = t
		}
		return out, nil
	}
	return newChrono(series, isCut).reduce(k), nil
}

// MaxSliceSteps bounds the series length for [Slices], which names a
// slice by an int32 and versions it by a uint32 (2^30 steps: 34 years of
// one-second steps).
const MaxSliceSteps = 1 << 30

// checkSlices validates the input of [Slices] and returns, when it is
// valid, which steps must start a slice (step 0 always does).
func checkSlices(series []Series, k int, cuts []int) ([]bool, error) {
	var errs []error
	if k < 1 {
		errs = append(errs, inputErr("", "k", -1, k, "must be at least 1"))
	}
	if len(series) == 0 {
		errs = append(errs, inputErr("", "series", -1, nil, "no series given"))
		return nil, errors.Join(errs...)
	}
	n := len(series[0].Values)
	seen := make(map[string]bool, len(series))
	for i, s := range series {
		errs = append(errs, checkSeries(i, s, series[0].Name, n, seen)...)
	}
	if n == 0 {
		return nil, errors.Join(errs...)
	}
	if n > MaxSliceSteps {
		errs = append(errs, inputErr(series[0].Name, "Values", -1, n, fmt.Sprintf("has more than MaxSliceSteps = %d steps", MaxSliceSteps)))
		return nil, errors.Join(errs...)
	}
	isCut := make([]bool, n)
	isCut[0] = true
	forced, bad, firstBad := 1, 0, -1
	for i, c := range cuts {
		switch {
		case c < 0 || c >= n:
			if bad++; firstBad < 0 {
				firstBad = i
			}
		case !isCut[c]:
			isCut[c] = true
			forced++
		}
	}
	if bad > 0 {
		reason := fmt.Sprintf("must be a step in [0, %d)", n)
		if bad > 1 {
			reason += fmt.Sprintf(" (%d cuts are outside)", bad)
		}
		errs = append(errs, inputErr("", "cuts", firstBad, cuts[firstBad], reason))
	}
	if k >= 1 && forced > k {
		errs = append(errs, inputErr("", "k", -1, k,
			fmt.Sprintf("is less than the %d slices the cuts force (step 0 and %d distinct cuts)", forced, forced-1)))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return isCut, nil
}

// chrono is the state of the agglomeration. A slice is named by its first
// step, which never changes: a merge keeps the left slice and removes the
// right one.
type chrono struct {
	dim        int       // features per step: the number of series
	sum        []float64 // sum[i·dim : (i+1)·dim]: the features summed over slice i
	size       []int     // steps in slice i; 0 once it is merged away
	prev, next []int     // neighbouring slices; −1 before the first, n after the last
	ver        []uint32  // bumped whenever the pair (i, next[i]) changes
	isCut      []bool    // a slice starting here may not join its left neighbour
	heap       pairHeap
}

// newChrono makes one slice per step, with its feature vector, and pushes
// every pair of neighbours that no cut separates.
func newChrono(series []Series, isCut []bool) *chrono {
	n, dim := len(series[0].Values), len(series)
	c := &chrono{
		dim:   dim,
		sum:   make([]float64, n*dim),
		size:  make([]int, n),
		prev:  make([]int, n),
		next:  make([]int, n),
		ver:   make([]uint32, n),
		isCut: isCut,
		heap:  make(pairHeap, 0, 3*n), // n − 1 pairs, then at most 2 per merge
	}
	for s, m := range normalisers(series) {
		for t, x := range series[s].Values {
			c.sum[t*dim+s] = m.weight * m.to(x)
		}
	}
	for t := range n {
		c.size[t], c.prev[t], c.next[t] = 1, t-1, t+1
	}
	for t := 1; t < n; t++ {
		if !isCut[t] {
			c.heap = append(c.heap, c.pair(t-1, t))
		}
	}
	heap.Init(&c.heap)
	return c
}

// reduce merges until k slices are left (or no pair may merge, which the
// check on the cuts rules out) and returns the slices' first steps.
func (c *chrono) reduce(k int) []int {
	for count := len(c.size); count > k && len(c.heap) > 0; {
		p := heap.Pop(&c.heap).(pair)
		if c.ver[p.left] != p.ver {
			continue // the pair has changed since p was pushed
		}
		c.join(int(p.left), c.next[p.left])
		count--
	}
	out := make([]int, 0, k)
	for i := 0; i < len(c.size); i = c.next[i] {
		out = append(out, i)
	}
	return out
}

// join merges slice b into its left neighbour a and pushes a's new pairs.
// Three pairs change: (prev a, a) and (a, b) become (prev a, a∪b) and
// (a∪b, next b), and (b, next b) is gone; each is named by its left slice,
// whose version is bumped.
func (c *chrono) join(a, b int) {
	sa, sb := c.sum[a*c.dim:(a+1)*c.dim], c.sum[b*c.dim:(b+1)*c.dim]
	for j, x := range sb {
		sa[j] += x
	}
	c.size[a] += c.size[b]
	c.size[b] = 0
	c.ver[a]++
	c.ver[b]++
	if pa := c.prev[a]; pa >= 0 {
		c.ver[pa]++
	}
	nx := c.next[b]
	c.next[a] = nx
	if nx < len(c.size) {
		c.prev[nx] = a
		if !c.isCut[nx] {
			heap.Push(&c.heap, c.pair(a, nx))
		}
	}
	if pa := c.prev[a]; pa >= 0 && !c.isCut[a] {
		heap.Push(&c.heap, c.pair(pa, a))
	}
}

// pair is the candidate merge of slice a with its right neighbour b, at a's
// current version.
func (c *chrono) pair(a, b int) pair {
	return pair{cost: c.cost(a, b), left: int32(a), ver: c.ver[a]}
}

// cost is Ward's ΔSS of merging slices a and b. The explicit float64
// conversions forbid fused multiply-adds, so the figure (and with it the
// order of near-tied merges) is the same on every platform.
func (c *chrono) cost(a, b int) float64 {
	na, nb := float64(c.size[a]), float64(c.size[b])
	sa, sb := c.sum[a*c.dim:(a+1)*c.dim], c.sum[b*c.dim:(b+1)*c.dim]
	d := 0.0
	for j := range sa {
		e := sa[j]/na - sb[j]/nb
		d += float64(e * e)
	}
	return float64(na*nb) / (na + nb) * d
}

// pair is a candidate merge of slice left with its right neighbour, valid
// while left keeps the version it records.
type pair struct {
	cost float64
	left int32
	ver  uint32
}

// before orders pairs by cost, then by the left slice's first step.
func (p pair) before(q pair) bool {
	return p.cost < q.cost || p.cost == q.cost && p.left < q.left
}

// pairHeap is a min-heap of pairs under before (container/heap).
type pairHeap []pair

func (h pairHeap) Len() int           { return len(h) }
func (h pairHeap) Less(i, j int) bool { return h[i].before(h[j]) }
func (h pairHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *pairHeap) Push(x any)        { *h = append(*h, x.(pair)) }
func (h *pairHeap) Pop() any {
	s := *h
	p := s[len(s)-1]
	*h = s[:len(s)-1]
	return p
}
