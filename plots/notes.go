package plots

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/zeropark/zeropark/results"
)

// warnMark marks a design with warnings (results.RoadmapRow.Warnings,
// results.FrontierRow.Warnings) on a plot; a footnote below the plot
// says each warning after the same mark, so that a figure shown alone
// does not hide what the tables warn about.
const warnMark = "!"

// colWarn is the warning mark's and the footnotes' ink.
var colWarn = color.NRGBA{R: 0xb0, G: 0x10, B: 0x10, A: 0xff}

// maxFootnoteLines caps the footnotes' lines (wrapped): more warnings end
// in a line that counts the rest and points to the tables.
const maxFootnoteLines = 6

// footnotePt is the footnotes' font size in points.
const footnotePt = 9

// UnitLines says the whole units a design adds, one technology a line
// ("3 × 500 kW wind"): for each technology u counts (economics unit_…
// keys), the count and the unit's size, added ÷ count. A battery whose
// energy and power come in the same blocks is one line ("2 × 1,000 kWh
// / 500 kW battery"). Technologies added in any amount (a nil count) or
// not added have no line.
func UnitLines(added results.Capacities, u results.UnitCounts) []string {
	var lines []string
	one := func(v float64, n *float64, unit, name string) {
		if s := countedText(v, n, unit); s != "" {
			lines = append(lines, s+" "+name)
		}
	}
	one(added.PVKWp, u.PV, "kWp", "PV")
	one(added.WindKW, u.Wind, "kW", "wind")
	e, p := countedText(added.BatteryKWh, u.BatteryEnergy, "kWh"), countedText(added.BatteryKW, u.BatteryPower, "kW")
	switch {
	case e != "" && p != "" && *u.BatteryEnergy == *u.BatteryPower:
		lines = append(lines, batteryBlocksText(added, *u.BatteryEnergy))
	case e != "" && p != "":
		lines = append(lines, e+" battery energy", p+" battery power")
	case e != "":
		lines = append(lines, e+" battery energy")
	case p != "":
		lines = append(lines, p+" battery power")
	}
	one(added.HeatPumpKWTh, u.HeatPump, "kW_th", "heat pump")
	one(added.ThermalStorageKWhTh, u.ThermalStorage, "kWh_th", "heat store")
	one(added.ElectricBoilerKWTh, u.ElectricBoiler, "kW_th", "electric boiler")
	one(added.CHPKW, u.CHP, "kW", "CHP")
	one(added.FuelBoilerKWTh, u.FuelBoiler, "kW_th", "fuel boiler")
	one(added.GridKW, u.Grid, "kW", "grid connection")
	return lines
}

// countedText is v (in unit) bought as n whole units, "n × size unit"
// with size = v ÷ n; "" when n does not count it (nil, or n or v not
// above 0). [UnitLines] and the roadmap's slot labels share it.
func countedText(v float64, n *float64, unit string) string {
	if n == nil || !(*n > 0) || !(v > 0) {
		return ""
	}
	return results.Grouped(*n, 0) + " × " + capacityText(v / *n) + " " + unit
}

// batteryBlocksText is the battery added as n blocks that each bring
// energy and power: "n × e kWh / p kW battery".
func batteryBlocksText(added results.Capacities, n float64) string {
	return results.Grouped(n, 0) + " × " + capacityText(added.BatteryKWh/n) + " kWh / " + capacityText(added.BatteryKW/n) + " kW battery"
}

// designNotes are the footnotes of designs' warnings: "! name: warning"
// for each, in order.
type designNotes []string

func (n *designNotes) add(name string, warnings []string) {
	for _, w := range warnings {
		*n = append(*n, fmt.Sprintf("%s %s: %s", warnMark, name, w))
	}
}

// footnoteHang begins a footnote's continuation lines, so that each
// note's "!" stands out at the left.
const footnoteHang = "    "

// footnoteStyle is the footnotes' text style, anchored at the top left.
func footnoteStyle() text.Style {
	sty := textStyle(footnotePt)
	sty.Color = colWarn
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YTop
	return sty
}

// footnoteLines are notes wrapped to width w, at most maxFootnoteLines:
// when more, the last line counts the warnings left out.
func footnoteLines(notes []string, w vg.Length) []string {
	sty := footnoteStyle()
	var lines []string
	for i, n := range notes {
		wrapped := wrapText(sty, n, w, footnoteHang)
		room := maxFootnoteLines
		if i < len(notes)-1 {
			room-- // a line for the count of those left out
		}
		if len(lines)+len(wrapped) > room {
			lines = append(lines, fmt.Sprintf("%s … and %d more warning(s): see the tables", warnMark, len(notes)-i))
			break
		}
		lines = append(lines, wrapped...)
	}
	return lines
}

// wrapText breaks s at spaces into lines no wider than w in sty (a word
// wider than w stands alone on its line); continuation lines begin with
// indent: a footnote's hang ("    ") under its "!", "" for a caption's
// prose, whose lines all begin at one x.
func wrapText(sty text.Style, s string, w vg.Length, indent string) []string {
	return greedyLines(sty, strings.Fields(s), " ", indent, w)
}

// greedyLines joins units with sep into lines no wider than w in sty,
// each as full as the next unit allows (a unit wider than w alone on its
// line), lines after the first beginning with indent: the one way the
// footnotes, the captions and the titles ([balance]) are wrapped.
func greedyLines(sty text.Style, units []string, sep, indent string, w vg.Length) []string {
	var lines []string
	line := ""
	for _, u := range units {
		next := u
		if line != "" {
			next = line + sep + u
		}
		if line != "" && sty.Width(next) > w {
			lines = append(lines, line)
			next = indent + u
		}
		line = next
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// footnoteSpace is the canvas c leaves above the footnotes (notes,
// wrapped to c's width), and the lines; c itself when there are none.
func footnoteSpace(c draw.Canvas, notes []string) (draw.Canvas, []string) {
	if len(notes) == 0 {
		return c, nil
	}
	lines := footnoteLines(notes, c.Max.X-c.Min.X-vg.Points(12))
	h := footnoteStyle().Height(strings.Join(lines, "\n")) + vg.Points(8)
	return draw.Crop(c, 0, 0, h, 0), lines
}

// drawFootnotes writes the footnotes at the bottom of c and returns the
// canvas above them.
func drawFootnotes(c draw.Canvas, notes []string) draw.Canvas {
	above, lines := footnoteSpace(c, notes)
	if len(lines) > 0 {
		c.FillText(footnoteStyle(), vg.Point{X: c.Min.X + vg.Points(6), Y: above.Min.Y - vg.Points(4)}, strings.Join(lines, "\n"))
	}
	return above
}

// stageMiss says how roadmap design r misses the stage it is named for
// (its target): over the full series (results.FullSeries.Unreachable)
// and in the operation checks that do not hold (results.OperationCheck)
// — short, for its label ("misses it over the full series and in
// operation") and as a footnote naming what it reaches there ("near-
// zero-carbon: misses its stage over the full series (reaches low-carbon
// there) and in operation (perfect: low-carbon; mpc: low-carbon)", after
// name). Both "" when it misses in neither, for today's park and for a
// stage out of reach. Only the row's own fields are read: the plan's
// figures are not recomputed.
func stageMiss(name string, r *results.RoadmapRow) (short, note string) {
	if r.Target == results.TodayTarget || r.Unreachable != "" {
		return "", ""
	}
	return missOf(name, r.Full, r.Checks)
}

// pathwayMiss is [stageMiss] for a pathway's milestone (named name,
// "2030 near-zero-carbon"): how its design misses its target in the
// operation checks that do not hold (a pathway has no full-series
// evaluation). Both "" when every check holds, when it was not checked
// (--no-check) and for a milestone out of reach.
func pathwayMiss(name string, r *results.PathwayRow) (short, note string) {
	if r.Unreachable != "" {
		return "", ""
	}
	return missOf(name, nil, r.Checks)
}

// missOf is the one rule of [stageMiss] and [pathwayMiss]: a design
// named name misses the stage it is named for over the full series (full
// out of reach) and in each of checks that does not hold.
func missOf(name string, full *results.FullSeries, checks []results.OperationCheck) (short, note string) {
	var where, detail []string
	if full != nil && full.Unreachable != "" {
		where = append(where, "over the full series")
		d := "over the full series"
		if full.Stage != "" {
			d += " (reaches " + string(full.Stage) + " there)"
		}
		detail = append(detail, d)
	}
	var failed []string
	for _, c := range checks {
		if !c.Holds {
			f := string(c.Policy)
			if c.Stage != "" {
				f += ": " + string(c.Stage)
			}
			failed = append(failed, f)
		}
	}
	if len(failed) > 0 {
		where = append(where, "in operation")
		detail = append(detail, "in operation ("+strings.Join(failed, "; ")+")")
	}
	if len(where) == 0 {
		return "", ""
	}
	return "misses it " + strings.Join(where, " and "),
		fmt.Sprintf("%s %s: misses its stage %s; the stage named is the plan's", warnMark, name, strings.Join(detail, " and "))
}

// markedName is a design's name as a plot labels it: name, then
// [warnMark] when it has warnings or misses its stage (miss, [stageMiss]'s
// short text), then how it misses it ([missLines]); the roadmap's slots,
// the frontier's markers and the pathway's milestones share it.
func markedName(name string, warned bool, miss string) []string {
	if warned || miss != "" {
		name += " " + warnMark
	}
	return append([]string{name}, missLines(miss)...)
}

// missLines are the lines of miss ([stageMiss]'s short text) under a
// design's name, in brackets, broken before "and" to keep the label as
// narrow as the slot: "(misses it over the full series", "and in
// operation)"; none when miss is "".
func missLines(miss string) []string {
	if miss == "" {
		return nil
	}
	a, b, ok := strings.Cut(miss, " and ")
	if !ok {
		return []string{"(" + miss + ")"}
	}
	return []string{"(" + a, "and " + b + ")"}
}

// missNotes are the footnotes of the designs that miss their stage
// ([stageMiss]), put before the warnings' so that the cap on the
// footnotes' lines never drops them.
func missNotes(notes designNotes, misses []string) designNotes {
	var out designNotes
	for _, m := range misses {
		if m != "" {
			out = append(out, m)
		}
	}
	return append(out, notes...)
}
