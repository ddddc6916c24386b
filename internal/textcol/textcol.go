// Package textcol aligns tab-terminated cells into columns, as
// text/tabwriter does with the settings every table of zeropark's reports
// uses (no minimum width, two spaces of padding, cells left- or
// right-aligned), but by the width a terminal gives the text: a Chinese
// or Japanese character takes two columns, a combining mark none
// (github.com/rivo/uniseg's StringWidth). text/tabwriter counts every
// code point as one column, so a table naming a tenant "一号厂房" came out
// misaligned (QA T, session 37).
//
// The layout is text/tabwriter's: a line's cells are the text before
// each tab; the text after the last tab is not in a column. A column is
// a run of consecutive lines that have a cell in it, as wide as its
// widest cell plus the padding; the runs of the next column are found
// within each run of the one before. For text of one column a code
// point, the output is text/tabwriter's byte for byte (TestLikeTabwriter).
package textcol

import (
	"bytes"
	"io"
	"strings"

	"github.com/rivo/uniseg"
)

// padding is the spaces between two columns (text/tabwriter's padding 2).
const padding = 2

// Writer buffers what is written and aligns it on Flush.
type Writer struct {
	out   io.Writer
	right bool
	buf   bytes.Buffer
}

// NewWriter returns a Writer that writes to out, each cell left-aligned
// in its column, or right-aligned with alignRight (text/tabwriter's
// AlignRight).
func NewWriter(out io.Writer, alignRight bool) *Writer {
	return &Writer{out: out, right: alignRight}
}

// Write buffers p; nothing reaches the output before Flush.
func (w *Writer) Write(p []byte) (int, error) { return w.buf.Write(p) }

// cell is one cell's text and display width.
type cell struct {
	text  string
	width int
}

// Flush aligns what was written since the last Flush and writes it out.
func (w *Writer) Flush() error {
	if w.buf.Len() == 0 {
		return nil
	}
	text := w.buf.String()
	w.buf.Reset()
	rows := strings.Split(text, "\n")
	lines := make([][]cell, len(rows))
	for i, r := range rows {
		parts := strings.Split(r, "\t")
		line := make([]cell, len(parts))
		for j, p := range parts {
			line[j] = cell{text: p, width: uniseg.StringWidth(p)}
		}
		lines[i] = line
	}
	// Text after the last newline that ends in a tab has no empty cell
	// after that tab (text/tabwriter keeps a line's empty last cell only
	// when a newline ends it): its last tab-terminated cell is its last
	// cell, in no column.
	if last := lines[len(lines)-1]; len(last) > 1 && last[len(last)-1].text == "" {
		lines[len(lines)-1] = last[:len(last)-1]
	}
	f := formatter{lines: lines, right: w.right}
	f.format(0, len(lines))
	// The text after the last newline is a line with no newline of its
	// own (an empty one when the text ends in a newline).
	_, err := w.out.Write(f.out.Bytes())
	return err
}

// formatter lays out lines with the column widths of the blocks it is in.
type formatter struct {
	lines  [][]cell
	right  bool
	widths []int // the widths of the columns the current block is in
	out    bytes.Buffer
}

// format writes lines [from, to) within the columns of f.widths: the
// next column's blocks are the runs of lines that have a cell in it.
func (f *formatter) format(from, to int) {
	col := len(f.widths)
	for i := from; i < to; i++ {
		if col >= len(f.lines[i])-1 {
			continue // no cell in this column: written with the block's widths
		}
		f.write(from, i)
		// A block of this column: the run of lines with a cell in it.
		width, j := 0, i
		for ; j < to && col < len(f.lines[j])-1; j++ {
			width = max(width, f.lines[j][col].width+padding)
		}
		f.widths = append(f.widths, width)
		f.format(i, j)
		f.widths = f.widths[:len(f.widths)-1]
		from, i = j, j-1
	}
	f.write(from, to)
}

// write writes lines [from, to) with the widths of f.widths.
func (f *formatter) write(from, to int) {
	for i := from; i < to; i++ {
		for j, c := range f.lines[i] {
			pad := 0
			if j < len(f.widths) {
				pad = f.widths[j] - c.width
			}
			if f.right && c.text != "" {
				f.spaces(pad)
				f.out.WriteString(c.text)
				continue
			}
			f.out.WriteString(c.text)
			f.spaces(pad)
		}
		if i+1 < len(f.lines) {
			f.out.WriteByte('\n')
		}
	}
}

func (f *formatter) spaces(n int) {
	for range n {
		f.out.WriteByte(' ')
	}
}

// Clip is s cut to at most n characters (code points), "…" marking a
// cut: a message or a cell quoted in a log line or an error.
func Clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
