package periods

import (
	"math"
	"slices"
)

// MaxRefineRounds bounds the rounds of [Config.Refine]'s search.
const MaxRefineRounds = 3

// refine chooses each typical representative among the periods of its
// own cluster so as to lower score (Config.Refine), by coordinate descent
// from the medoids: in turn for every typical representative, every other
// member of its cluster is tried in its place (its values copied and, with
// rescalePer, rescaled to the cluster's totals as the medoid was), the
// best kept; rounds repeat while one lowers the score by more than a
// relative 1e-9, at most MaxRefineRounds. Ties keep the earlier choice,
// so the result is deterministic. It returns the number of scores taken.
func (a *Aggregation) refine(series []Series, norms []norm, rescalePer bool, score func(*Aggregation) float64) int {
	members := a.clusterMembers()
	set := func(k, p int) {
		r := &a.Reps[k]
		r.Period = p
		from := p * a.PeriodSteps
		for s, ser := range series {
			copy(r.Values[s], ser.Values[from:from+r.Steps])
		}
		if rescalePer {
			a.rescaleCluster(k, members[k], series, norms)
		}
	}
	best := score(a)
	scores := 1
	for range MaxRefineRounds {
		improved := false
		for k, ms := range members {
			if len(ms) < 2 {
				continue
			}
			chosen := a.Reps[k].Period
			for _, p := range ms {
				if p == chosen {
					continue
				}
				set(k, p)
				s := score(a)
				scores++
				if s < best-1e-9*math.Abs(best) {
					best, chosen, improved = s, p, true
				}
			}
			set(k, chosen)
		}
		if !improved {
			break
		}
	}
	a.sortReps()
	return scores
}

// sortReps puts the representatives back in calendar order of their
// Period, Sigma following.
func (a *Aggregation) sortReps() {
	order := make([]int, len(a.Reps)) // new position → old index
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(x, y int) int { return a.Reps[x].Period - a.Reps[y].Period })
	newOf := make([]int, len(order))
	reps := make([]Representative, len(order))
	for n, old := range order {
		newOf[old] = n
		reps[n] = a.Reps[old]
	}
	a.Reps = reps
	for i, k := range a.Sigma {
		a.Sigma[i] = newOf[k]
	}
}
