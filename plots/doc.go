// Package plots draws zeropark's figures for planners with gonum.org/v1/plot:
// a week of dispatch (supply stack, state of charge, grid carbon intensity
// and emissions per interval, tiled vertically), a heat map of a sweep
// KPI — by default the offsets a park still needs, or the total cost per
// year — over two parameters, with the net-zero stage of every cell marked
// and the cheapest cell reaching each stage outlined, and a cost–carbon
// frontier (total cost per year against the residual, the background
// shaded by stage, today's park and a roadmap's designs marked).
//
// Drawing packages draw: plots takes ready data — a park and its
// dispatch.Schedule for the week, a results.Grid (what results.Table.Grid
// answers from a sweep results file) for the heat map, frontier rows and
// markers (results.ReadFrontierCSV, a roadmap) for the frontier — and never loads a
// study, reads a results file or queries one itself. Of this module it
// imports model, dispatch and results only (a test checks).
//
// Figures render to PNG or SVG, chosen by the file extension; files are
// written atomically (a temporary file in the same directory, then a rename),
// so a reader never sees half a picture.
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
