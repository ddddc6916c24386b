// Package plots draws zeropark's figures for planners with gonum.org/v1/plot:
// a week of dispatch (supply stack, state of charge, grid carbon intensity
// and emissions per interval, tiled vertically), a heat map of a sweep
// KPI — by default the offsets a park still needs, or the total cost per
// year — over two parameters, with the net-zero stage of every cell marked
// and the cheapest cell reaching each stage, by that stage's cost
// (results.RowStageCosts: what the cell buys to get there included, and
// the legend says what), outlined and labelled with that cost (when other
// parameters vary, the cheapest of the slice drawn, said so, with the
// sweep's own cheapest named in the legend when it lies elsewhere; the
// offsets are over the sweep's period, beyond the offsets held, and the
// colour bar and title say so), and a cost–carbon
// frontier (total cost per year against the residual, the computed points
// joined by dashes, an upper bound between them as the frontier is convex,
// the background shaded by stage, today's park and a roadmap's designs
// marked at their residual less the offsets they buy and their total cost,
// a design that buys offsets or certificates also before it buys, joined
// by a dotted arrow, and a caption with the marginal abatement cost on the
// frontier at each design's residual, bracketed by the points either
// side; for a frontier traced on a reduced model, each point's design
// measured over the full series (results.FrontierRow.Full, where its
// residual there is known) as an open ring at that residual and total
// cost, joined to its point by a thin grey line, dark grey where it holds
// the point's bound and red where it misses it, with a legend entry
// for each kind drawn and a caption line counting the points that miss),
// and a
// roadmap's designs as stacked bars of their annual cost (capital, fixed
// O&M, operating — below zero when negative — offsets and certificates
// bought, the net total marked, each slot captioned with what the design
// adds, its residual and what it buys — "+ 348 t offsets bought" and
// "net of offsets 0 tCO2e a year" (less those bought and held) —
// as the money for offsets is often too thin a slice to see; a stage out
// of reach a hatched band over the whole cost axis, which has no height
// to read as a cost, explained by [OutOfReachCaption]; [RoadmapBars]
// are the bars' data, read from the roadmap and refused when its parts do
// not add up to its total), and a pathway's milestones ([PathwayFigure]:
// the capacity built in all of each technology by year, a step at each
// milestone, above the pathway's cost a year beside today's park kept as
// it is, with the present values in the caption, a milestone that fails
// an operation check marked as a roadmap's design that misses its stage;
// [PathwayCurvesOf] are its curves).
//
// What the tables say, the plots say too: a design bought in whole units
// (economics unit_… keys, results.RoadmapRow.AddedUnits) is labelled with
// its counts ("3 × 500 kW wind", [UnitLines]), and a design or frontier
// point with warnings (a schedule settled because the plan charged and
// discharged a battery at once) carries a red "!" on the plot and a
// footnote per warning below it (at most six lines; more are counted).
//
// Drawing packages draw: plots takes ready data — a park and its
// dispatch.Schedule for the week, a results.Grid (what results.Table.Grid
// answers from a sweep results file) for the heat map, frontier rows and
// markers (results.ReadFrontierCSV, a roadmap) for the frontier, a
// results.Roadmap (results.ReadRoadmapJSON) for the roadmap, a
// results.Pathway (results.ReadPathwayJSON) for the pathway — and never loads a
// study, reads a results file or queries one itself. Of this module it
// imports model, dispatch and results only (a test checks).
//
// A roadmap, a frontier and a pathway planned over a period shorter than
// a year say first in their caption that every figure a year is scaled
// from it ("Every figure is a year scaled from 2,016 h (× 4.3)."), under
// a week with the plan's own caution (results.ShortPeriodScaling), as the
// heat map says "over the 24 h simulated".
//
// A title wider than its figure less 30 pt at either side is broken at
// spaces into as few, as even lines as fit (a heat map's "X × Y" kept on
// one line); a caption's wrapped lines all begin at its left edge, a
// footnote's continuation lines hang under its "!".
//
// Colours stay apart for colour-blind readers: any two a panel can draw
// together differ by a CIE76 ΔE (CIELAB, D65) of at least 10 as drawn and
// under deuteranopia, protanopia and tritanopia as simulated by Machado,
// Oliveira & Fernandes (2009) at severity 1.0, but for pairs a dash, a
// marker's shape or a hatch tells apart (cvd_internal_test.go lists
// every panel's colours and each exemption). Most are Okabe & Ito's (2008)
// and Paul Tol's; unserved load and heat are Tol's wine, a dark crimson.
//
// Figures render to PNG or SVG, chosen by the file extension; files are
// written atomically (a temporary file in the same directory, then a rename),
// so a reader never sees half a picture. Every text is in Liberation
// Sans, which has no Chinese, Japanese or Korean characters, or in the
// font file the environment variable [FontEnv] (ZEROPARK_FONT) names.
//
// # Stage regions
//
// The frontier's background is cut along the residual axis into nested
// stage regions, zero-carbon leftmost, then near-zero-carbon, low-carbon
// and conventional; each region's right edge is:
//
//   - low-carbon: the residual at which the reduction against the
//     ledger's baseline reaches its minimum, (1 − LowCarbonReductionMin) ×
//     baseline (FrontierOptions.Thresholds). The ledger also grants
//     low-carbon by the renewable share of the electricity used, and
//     near-zero on its own indicators (behind a very clean grid, less
//     than 30 % below the baseline), whatever the residual: a point
//     granted low-carbon or better right of the threshold moves the edge
//     out to that point.
//   - near-zero-carbon: no residual threshold (carbon per tce and the
//     clean share depend on the design's consumption, not only its
//     residual), so exactly the largest residual of a point the ledger
//     grants near-zero or zero-carbon — a frontier point, today's park or
//     a roadmap design that buys nothing (FrontierMarker.Shade) — not
//     halfway to the next point, where the ledger's verdict is not known.
//   - zero-carbon: the residual ≤ the offsets held, but never right of
//     near-zero's edge (zero-carbon needs near-zero's indicators too),
//     unless a point granted zero-carbon lies further right.
//
// Right of low-carbon's edge the region is conventional. Without
// thresholds every edge is the largest residual of a point granted the
// stage or better, and the conventional region is drawn only when a
// point is granted conventional. The legend says, for each region shown
// but conventional (which begins at low-carbon's edge), what its right
// edge is. The regions are a reading of the thresholds along
// one axis: a frontier point's own stage (frontier.csv) is the ledger's
// verdict, and the caption names every point that lies in the region of
// a stage it does not reach (a point of less renewable energy left of a
// design granted low-carbon by its renewable share).
//
// Sign convention of the dispatch stack: what feeds the park's bus (PV, wind,
// battery discharge, grid import, unserved load) is stacked above zero; what
// takes power from the bus besides the load (battery charge, export) is
// stacked below zero; the load is the black line. Above the zero line the
// stack therefore reaches load + charge + export, mirrored below.
//
// Errors unwrap to [ErrInput]: nothing to plot, a grid whose shape does not
// match its axes, a period the schedule does not cover, an unknown file
// format.
package plots
