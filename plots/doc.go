// Package plots draws zeropark's figures for planners with gonum.org/v1/plot:
// a week of dispatch (supply stack, state of charge, grid carbon intensity
// and emissions per interval, tiled vertically) and a heat map of the offsets
// a park still needs over two parameters of a sweep, with the net-zero stage
// of every cell marked.
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
// Errors unwrap to [ErrInput] (nothing to plot, bad arguments) or, for the
// sweep CSV reader, to [ErrCSV] through a [*CSVError] that names the line and
// the column.
package plots
