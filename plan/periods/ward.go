package periods

import "math"

// tri is a strictly upper-triangular n×n matrix of float64 stored by rows:
// the entry (i, j), i < j, at i·n − i(i+1)/2 + j − i − 1.
type tri struct {
	n int
	v []float64
}

func newTri(n int) tri { return tri{n: n, v: make([]float64, n*(n-1)/2)} }

func (m tri) at(i, j int) int {
	if i > j {
		i, j = j, i
	}
	return i*m.n - i*(i+1)/2 + j - i - 1
}

func (m tri) get(i, j int) float64    { return m.v[m.at(i, j)] }
func (m tri) set(i, j int, x float64) { m.v[m.at(i, j)] = x }

// sqDist is the matrix of squared Euclidean distances between the rows of x.
func sqDist(x [][]float64) tri {
	d := newTri(len(x))
	k := 0
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			s := 0.0
			xj := x[j]
			for t, a := range x[i] {
				e := a - xj[t]
				s += e * e
			}
			d.v[k] = s
			k++
		}
	}
	return d
}

// merge records one step of the agglomeration: the clusters whose smallest
// members are A < B are joined (the result keeps A as its name); Cost is
// the increase of the within-cluster sum of squares (Ward's criterion).
type merge struct {
	A, B int
	Cost float64
}

// ward clusters the n points whose squared distances are d2 into k
// clusters by agglomerative Ward linkage, and returns each point's cluster
// (0..k−1, numbered by their smallest member) and the merges in the order
// they were made.
//
// Every step joins the pair of clusters (A, B) with the smallest Ward cost
// ΔSS(A,B) = |A||B|/(|A|+|B|)·‖c_A − c_B‖²; ties go to the smallest A, then
// the smallest B, where a cluster is named by its smallest member. Costs
// are updated by the Lance–Williams formula for Ward,
//
//	ΔSS(C, A∪B) = ((|A|+|C|)·ΔSS(C,A) + (|B|+|C|)·ΔSS(C,B) − |C|·ΔSS(A,B)) / (|A|+|B|+|C|),
//
// and each row keeps its nearest neighbour to the right, rescanned only
// when that neighbour is merged (Müllner 2011, arXiv:1109.2378, "generic
// algorithm"): O(n²) memory, O(n²) time in practice, O(n³) at worst.
func ward(d2 tri, k int) (labels []int, merges []merge) {
	w := newWardState(d2)
	for clusters := w.n; clusters > k; clusters-- {
		a := -1
		for i := range w.n {
			if w.active[i] && w.nn[i] >= 0 && (a < 0 || w.nnCost[i] < w.nnCost[a]) {
				a = i
			}
		}
		if a < 0 {
			break // unreachable for finite costs; no panic on a NaN
		}
		merges = append(merges, merge{A: a, B: w.nn[a], Cost: w.nnCost[a]})
		w.join(a, w.nn[a])
	}
	return w.labels(), merges
}

// wardState is the agglomeration in progress: clusters are named by their
// smallest member (a slot), cost holds ΔSS between active slots, and nn[i]
// is the cheapest active partner j > i of slot i (−1 when none).
type wardState struct {
	n      int
	cost   tri
	size   []int
	parent []int // the slot a merged slot went into; itself while active
	active []bool
	nn     []int
	nnCost []float64
}

func newWardState(d2 tri) *wardState {
	n := d2.n
	w := &wardState{n: n, cost: tri{n: n, v: make([]float64, len(d2.v))},
		size: make([]int, n), parent: make([]int, n), active: make([]bool, n),
		nn: make([]int, n), nnCost: make([]float64, n)}
	for i, x := range d2.v {
		w.cost.v[i] = x / 2 // ΔSS of two singletons is half their squared distance
	}
	for i := range n {
		w.size[i], w.parent[i], w.active[i] = 1, i, true
	}
	for i := range n {
		w.rescan(i)
	}
	return w
}

func (w *wardState) rescan(i int) {
	w.nn[i], w.nnCost[i] = -1, math.Inf(1)
	for j := i + 1; j < w.n; j++ {
		if w.active[j] {
			if c := w.cost.get(i, j); c < w.nnCost[i] {
				w.nn[i], w.nnCost[i] = j, c
			}
		}
	}
}

// join merges slot b into slot a (a < b): Lance–Williams costs to a, then
// the nearest neighbours of the rows that saw a or b.
func (w *wardState) join(a, b int) {
	cab := w.cost.get(a, b)
	na, nb := float64(w.size[a]), float64(w.size[b])
	w.active[b], w.parent[b] = false, a
	for c := range w.n {
		if w.active[c] && c != a {
			nc := float64(w.size[c])
			w.cost.set(a, c, ((na+nc)*w.cost.get(a, c)+(nb+nc)*w.cost.get(b, c)-nc*cab)/(na+nb+nc))
		}
	}
	w.size[a] += w.size[b]
	for c := range a { // rows c < a see both a and b
		if !w.active[c] {
			continue
		}
		switch ca := w.cost.get(c, a); {
		case w.nn[c] == a || w.nn[c] == b:
			w.rescan(c)
		case ca < w.nnCost[c] || (ca == w.nnCost[c] && a < w.nn[c]):
			w.nn[c], w.nnCost[c] = a, ca
		}
	}
	for c := a + 1; c < b; c++ { // rows a < c < b see b only
		if w.active[c] && w.nn[c] == b {
			w.rescan(c)
		}
	}
	w.rescan(a)
}

// labels numbers the clusters 0..k−1 in order of their smallest member.
func (w *wardState) labels() []int {
	labels := make([]int, w.n)
	next := 0
	for i := range w.n {
		r := i
		for w.parent[r] != r {
			r = w.parent[r]
		}
		if r == i {
			labels[i] = next
			next++
		} else {
			labels[i] = labels[r] // r < i: already labelled
		}
	}
	return labels
}

// medoids returns, for each cluster of labels (numbered 0..k−1), the member with
// the smallest sum of Euclidean distances to the other members (tsam's
// medoidRepresentation); ties go to the smallest index.
func medoids(d2 tri, labels []int) []int {
	k := 0
	for _, l := range labels {
		k = max(k, l+1)
	}
	members := make([][]int, k)
	for i, l := range labels {
		members[l] = append(members[l], i)
	}
	out := make([]int, k)
	for l, ms := range members {
		best, bestSum := -1, math.Inf(1)
		for _, i := range ms {
			s := 0.0
			for _, j := range ms {
				if j != i {
					s += math.Sqrt(d2.get(i, j))
				}
			}
			if s < bestSum {
				best, bestSum = i, s
			}
		}
		out[l] = best
	}
	return out
}
