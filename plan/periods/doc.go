// Package periods replaces a long series by a few representative periods
// (typical days or weeks) with weights, for a planning LP that would be too
// large over every step, and keeps the bookkeeping that lets storage carry
// energy across periods (seasonal storage). It writes no LP: it gives the
// planner the data and the index maps, and this comment states the rows.
//
// # Method
//
// Time-series aggregation after L. Kotzur, P. Markewitz, M. Robinius,
// D. Stolten, "Time series aggregation for energy system design: Modeling
// seasonal storage", Applied Energy 213 (2018) 123–135,
// doi:10.1016/j.apenergy.2018.01.023, with the clustering choices of their
// Python package tsam (FZJ-IEK3-VSA/tsam, read, not copied; its defaults:
// hierarchical clustering, medoid representation, weights 1, no extreme
// periods, rescaleClusterPeriods on). [Aggregate]:
//
//  1. Normalises each series to [0, 1] by its own minimum and maximum (a
//     constant series becomes 0) and multiplies it by its Series.Weight.
//  2. Cuts the steps into N periods of T = Config.PeriodSteps steps. A
//     period becomes one vector of length (number of series)·T.
//  3. Takes out the periods to keep whole: the Extremes (the period with a
//     series' peak or its highest or lowest mean, e.g. the peak-load week
//     for a demand charge, the least windy week for storage) and
//     KeepPeriods. Each becomes its own representative with weight 1.
//  4. Clusters the other full periods into K − E clusters (K =
//     Config.Periods, E = distinct kept periods) by agglomerative Ward
//     linkage on the Euclidean distance between period vectors: each step
//     joins the two clusters whose union adds least to the within-cluster
//     sum of squares; ties go to the clusters with the smaller first
//     period, so the result is deterministic.
//  5. Represents each cluster by its medoid, the member period with the
//     smallest sum of distances to the others (or, with Config.Refine,
//     the member a score chooses: Refinement), and weights it by its
//     number of members.
//  6. With Config.RescaleClusters, scales each typical representative of
//     each series (in normalised units, clipped to the series' range, up
//     to 20 rounds) so that it carries its own cluster's total; with
//     Config.Centroids, replaces it by the cluster's mean instead.
//  7. With Config.Rescale, scales each typical representative of each
//     series (in normalised units, clipped to the series' range, up to 20
//     rounds) so that the weighted sum over the representatives equals the
//     original total (tsam's rescale step).
//
// The representatives ([Aggregation].Reps) come in calendar order of the
// period they copy, with their weights and their values in the series' own
// units; Sigma maps every original period to its representative.
//
// Two choices differ from tsam. K counts the kept extreme periods: they are
// taken out before clustering (tsam's "append" clusters all periods and adds
// the extremes on top), so the LP always has K full representatives and no
// cluster is spent on an outlier that is kept anyway. And when T does not
// divide the series length (a year of hourly steps in weeks: 52 weeks and
// 24 hours), the last, shorter period is kept as it is, as one more
// representative (Kind [KindRemainder], weight 1, its own length), on top of
// K: exact, and only a day for weekly periods. Padding it to T steps was
// rejected: the padded steps would count in every annual sum, or the LP
// would need a weight per step instead of per period. PeakMax and PeakMin
// look at every step (a peak in the remainder is kept already); MeanMax and
// MeanMin compare full periods only.
//
// Size: the clustering keeps two triangular N×N tables of float64, 8·N²
// bytes: 1 MB for a year of days, whatever the step (a one-minute year cut
// into days is N = 365 vectors of 1,440 steps per series). N is bounded by
// [MaxInputPeriods] = 4000 (128 MB). The distances cost N²/2 · (series)·T
// multiply-adds; the Ward merges are O(N²) in practice (each row keeps its
// nearest neighbour, rescanned only when that neighbour merges: Müllner
// 2011, arXiv:1109.2378), O(N³) at worst. A year of hourly data, 8 series,
// takes about 3 ms into 12 weeks and 13 ms into 12 days
// (BenchmarkAggregate).
//
// # Rescaling: on by default, from a measurement
//
// On the Texas demo year (load, PV and wind availability, carbon;
// TestDemoMeasurement, K = 12), without rescaling the annual totals are off
// by 2.4 % on average over the four series for weeks (PV +4.1 %, wind
// −4.2 %) and 3.0 % for days (PV +7.0 %, load +3.7 %), which would bias the
// sizing directly. Rescaled, they match to 1e-6. A nonlinear proxy, the
// grid import without storage Σ max(0, load − PV − wind), is off by 3.9 %
// (weeks) and 7.3 % (days) without rescaling and 0.8 % and 2.4 % with it at
// the demo's capacities; averaged over K from 6 to 26 weeks or 8 to 96 days
// it is 4.9 % → 1.4 % (weeks) and 3.2 % → 1.2 % (days). At three times the
// renewables, where the import comes from the calmest hours only, rescaling
// does not help (mean 4.5 % → 7.5 % for weeks, 7.1 % → 7.2 % for days): the
// rescaled typical weeks are windier than the calm weeks they stand for;
// keeping the least windy week as an extreme brings weeks back to 6.0 %.
// Rescaling is on because the totals drive the sizing first; the planner's
// report states the cost error against the full year, the measure that
// counts, and Config.Rescale = false is there to compare.
//
// One factor per series moves energy between clusters: the medoids of a
// skewed series (wind) sit below their clusters' means, so the calm
// representatives come out windier than the calm periods they stand for.
// Config.RescaleClusters scales each to its own cluster first; package
// plan turns it on, with the least renewable and highest net-load periods
// kept, after measuring the planner's cost error on the demo (plan's
// package documentation, "Representative periods": 36 typical days from
// +9.7 % to −0.8 %). DefaultConfig leaves it off, as tsam does.
//
// # Refinement
//
// With Config.Refine, a score of the caller's (lower is better: how far a
// model's answer over the representatives would be from its answer over
// the series, by some cheap proxy), each typical representative is
// chosen again among the periods of its own cluster, by coordinate
// descent from the medoids: in turn for each cluster, every other member
// is tried in the medoid's place (copied, and rescaled to its cluster's
// totals with Config.RescaleClusters) and the best kept; rounds repeat
// while the score falls, at most [MaxRefineRounds]. The clusters, the
// weights and Sigma's grouping stay; only which member stands for each
// changes, so the cost is one score per member and round. The search
// only ever lowers its own score: whether that helps a model depends on
// the score. Package plan measured one (a greedy simulation of simple
// designs) and keeps it off: plan's package documentation,
// "Representative periods".
//
// # Weights in the LP
//
// Every per-step term of representative k (energy cost, carbon, import) is
// multiplied by Reps[k].Weight in annual sums: Σ_k Weight_k·Reps[k].Steps
// equals the original number of steps, Len. A monthly peak (demand charge) must bound
// the import at step t of representative k for every original period i with
// Sigma[i] = k whose step PeriodStart(i)+t falls in that month
// ([Aggregation.Members] lists the i); keep the peak-load period as an
// extreme, or the peak is averaged away. Series that are not clustered on
// (prices, an accounting factor) are cut at the same periods by
// [Aggregation.Represent].
//
// # Storage across periods
//
// Kotzur's superposition, as FINE (FZJ's framework, fine/storage.py)
// implements it, for one storage with energy capacity column Ē (kWh),
// efficiencies η_c, η_d, relative limits s_min, s_max, step Δt (h) and
// self-discharge δ per hour. [Aggregation.StorageLinking](δ) returns Sigma
// (σ), Steps (L_i, the length of original period i) and Retention (a_t =
// (1 − δ)^(t·Δt), t = 0..T). Indices are 0-based: representatives
// k = 0..len(Reps)−1 with T_k = Reps[k].Steps steps, original periods
// i = 0..N−1.
//
// Columns: charge p^c_{k,t} ≥ 0 and discharge p^d_{k,t} ≥ 0 (kW) for
// t < T_k; intra-period state ΔE_{k,t} (kWh) for t = 0..T_k, free in sign;
// inter-period state E_i ≥ 0 (kWh) for i = 0..N, the energy held at the
// start of period i.
//
//	intra start      ΔE_{k,0} = 0                                      (column bounds)
//	intra dynamics   ΔE_{k,t+1} = a_1·ΔE_{k,t} + Δt·(η_c·p^c_{k,t} − p^d_{k,t}/η_d)
//	inter link       E_{i+1} = a_{L_i}·E_i + ΔE_{σ(i),L_i}               i = 0..N−1
//	cyclic year      E_N = E_0                                          (or fix E_0)
//
// The real state of charge at step t of period i is a_t·E_i + ΔE_{σ(i),t}.
// Its limits, one of:
//
//	precise          s_min·Ē ≤ a_t·E_i + ΔE_{σ(i),t} ≤ s_max·Ē           i = 0..N−1, t = 0..L_i
//	                 (two rows each, Ē a column: a_t·E_i + ΔE − s_max·Ē ≤ 0, a_t·E_i + ΔE − s_min·Ē ≥ 0)
//	simplified       ΔEmax_k ≥ ΔE_{k,t}, ΔEmin_k ≤ ΔE_{k,t}             all k, t = 0..T_k
//	                 E_i + ΔEmax_{σ(i)} ≤ s_max·Ē                       i = 0..N−1
//	                 a_{L_i}·E_i + ΔEmin_{σ(i)} ≥ s_min·Ē                 i = 0..N−1
//
// The precise variant adds 2·Σ_i(L_i + 1) = 2·(Len + N) rows (17,626
// for a year of hourly steps in weeks). The simplified one adds
// 2·Σ_k(T_k + 1) + 2·N rows and two columns per representative; it is
// equivalent to the precise one when δ = 0 (ΔEmax_k can take the largest
// ΔE_{k,t}) and conservative otherwise (it bounds a_t·E_i by E_i above and
// by a_{L_i}·E_i below). Either way the model has Σ_k(T_k + 1) intra and
// N + 1 inter state columns, against 8,760 state columns for the full year.
// Power limits (p ≤ P̄) and any cycle cap (Σ_k Weight_k Σ_t p^c_{k,t}) are
// written per representative step as usual.
//
// # Chronological slices
//
// [Slices] is the other way to shrink a year: it keeps every step in
// calendar order and merges neighbouring steps into k variable-length
// slices (S. Pineda, J. M. Morales, "Chronological time-period clustering
// for optimal capacity expansion planning with storage", IEEE Trans. Power
// Syst. 33(6) (2018) 7162–7170, doi:10.1109/TPWRS.2018.2842093). It
// normalises the series as Aggregate does and joins, again and again, the
// two neighbouring slices whose union adds least to the within-slice sum of
// squares (Ward's criterion restricted to neighbours), never across a cut
// (a month boundary, or both sides of a peak step). Each slice becomes one
// LP step as long as the slice, with the mean of every series over it,
// standing for itself (weight 1): the storage rows link each slice to the
// next in calendar order, and a calm, dark spell stays a run of steps that
// storage must bridge. A year of hours into 2,016 slices (the LP size of 12 typical
// weeks) takes about 6 ms and leaves a quarter of the within-slice sum of
// squares of 2,016 equal slices (BenchmarkSlices, a synthetic year).
//
// Input errors are [*InputError] values naming the series, field, index and
// value; they unwrap to [ErrInvalid] and [model.ErrInvalid]. Nothing panics
// on user data.
package periods
