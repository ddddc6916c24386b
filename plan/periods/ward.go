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
	n := d2.n
	cost := tri{n: n, v: make([]float64, len(d2.v))}
	for i, x := range d2.v {
		cost.v[i] = x / 2 // ΔSS of two singletons is half their squared distance
	}
	size := make([]int, n)
	parent := make([]int, n) // union–find towards the cluster's name
	active := make([]bool, n)
	nn := make([]int, n)
	nnCost := make([]float64, n)
	for i := range n {
		size[i], parent[i], active[i] = 1, i, true
	}
	rescan := func(i int) {
		nn[i], nnCost[i] = -1, math.Inf(1)
		for j := i + 1; j < n; j++ {
			if active[j] {
				if c := cost.get(i, j); c < nnCost[i] {
					nn[i], nnCost[i] = j, c
				}
			}
		}
	}
	for i := range n {
		rescan(i)
	}
	for clusters := n; clusters > k; clusters-- {
		a := -1
		for i := range n {
			if active[i] && nn[i] >= 0 && (a < 0 || nnCost[i] < nnCost[a]) {
				a = i
			}
		}
		if a < 0 {
			break // unreachable for finite costs; no panic on a NaN
		}
		b := nn[a]
		merges = append(merges, merge{A: a, B: b, Cost: nnCost[a]})
		cab := nnCost[a]
		na, nb := float64(size[a]), float64(size[b])
		active[b] = false
		parent[b] = a
		for c := range n {
			if !active[c] || c == a {
				continue
			}
			nc := float64(size[c])
			cost.set(a, c, ((na+nc)*cost.get(a, c)+(nb+nc)*cost.get(b, c)-nc*cab)/(na+nb+nc))
		}
		size[a] += size[b]
		for c := range a {
			if !active[c] {
				continue
			}
			switch {
			case nn[c] == a || nn[c] == b:
				rescan(c)
			case cost.get(c, a) < nnCost[c] || (cost.get(c, a) == nnCost[c] && a < nn[c]):
				nn[c], nnCost[c] = a, cost.get(c, a)
			}
		}
		for c := a + 1; c < b; c++ {
			if active[c] && nn[c] == b {
				rescan(c)
			}
		}
		rescan(a)
	}
	labels = make([]int, n)
	next := 0
	for i := range n {
		r := i
		for parent[r] != r {
			r = parent[r]
		}
		if r == i {
			labels[i] = next
			next++
		} else {
			labels[i] = labels[r] // r < i: already labelled
		}
	}
	return labels, merges
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
