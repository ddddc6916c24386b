package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// TOUDays says on which days of the week a time-of-use period applies.
type TOUDays string

// The days a time-of-use period can apply on. Public holidays are not
// known to zeropark: give them as a price column if the tariff treats them
// apart.
const (
	AllDays  TOUDays = "all"      // every day (also when empty)
	Weekdays TOUDays = "weekdays" // Monday to Friday
	Weekends TOUDays = "weekends" // Saturday and Sunday
)

// TOUPeriod is one period of a time-of-use tariff: the price per kWh in
// the hours [FromHour, ToHour) of the local day, on the days and in the
// months it names. Local time is the clock of the series timestamps (each
// row's own offset, see [ReadSeriesCSV]). A period with FromHour > ToHour runs past
// midnight (22 to 6 is 22:00–06:00); hours may be fractional (8.5 is 08:30)
// but must fall on the series' step boundaries.
type TOUPeriod struct {
	// FromHour and ToHour are the local hours the period runs from and
	// to, [FromHour, ToHour): FromHour in [0, 24), ToHour in [0, 24];
	// FromHour > ToHour runs past midnight.
	FromHour float64 `json:"from_hour"`
	ToHour   float64 `json:"to_hour"`
	// Days is "all" (or empty), "weekdays" or "weekends".
	Days TOUDays `json:"days,omitempty"`
	// Months lists the months (1–12) the period applies in; none means
	// every month.
	Months []int `json:"months,omitempty"`
	// PerKWh is the price in the period, currency per kWh.
	PerKWh float64 `json:"per_kwh"`
}

// Covers reports whether the period applies to an interval that starts at
// t (read in t's own location).
func (p TOUPeriod) Covers(t time.Time) bool {
	wd := t.Weekday()
	h := float64(t.Hour()) + float64(t.Minute())/60 + float64(t.Second())/3600
	return p.coversSlot(wd == time.Saturday || wd == time.Sunday, int(t.Month()), h)
}

// coversSlot reports whether the period applies at hour h of the local
// day in month (1–12) on a weekend day or a weekday.
func (p TOUPeriod) coversSlot(weekend bool, month int, h float64) bool {
	switch p.Days {
	case Weekdays:
		if weekend {
			return false
		}
	case Weekends:
		if !weekend {
			return false
		}
	}
	if len(p.Months) > 0 && !slices.Contains(p.Months, month) {
		return false
	}
	if p.FromHour < p.ToHour {
		return h >= p.FromHour && h < p.ToHour
	}
	return h >= p.FromHour || h < p.ToHour // past midnight
}

// At is the price per kWh of an interval that starts at t, for a price
// without a column: the first time-of-use period that covers t, else
// PerKWh.
func (p *Price) At(t time.Time) float64 {
	for _, q := range p.TimeOfUse {
		if q.Covers(t) {
			return q.PerKWh
		}
	}
	return p.PerKWh
}

// tou checks a time-of-use table (field is e.g. "import_price").
func (c *checker) tou(field string, p *Price) {
	if len(p.TimeOfUse) > 0 && p.Column != "" {
		c.add("grid", field+".time_of_use", nil, "a price column and a time-of-use table exclude each other (the column already gives every interval's price)")
	}
	for i, q := range p.TimeOfUse {
		f := fmt.Sprintf("%s.time_of_use[%d].", field, i)
		okFrom := q.FromHour >= 0 && q.FromHour < 24
		okTo := q.ToHour >= 0 && q.ToHour <= 24
		if !okFrom {
			c.add("grid", f+"from_hour", q.FromHour, "must be in [0, 24): an hour of the local day")
		}
		if !okTo {
			c.add("grid", f+"to_hour", q.ToHour, "must be in [0, 24]: an hour of the local day")
		}
		if okFrom && okTo && q.FromHour == q.ToHour {
			c.add("grid", f+"to_hour", q.ToHour, "equals from_hour: the period is empty (0 to 24 covers the whole day)")
		}
		if !slices.Contains(touDayWords, q.Days) {
			c.add("grid", f+"days", string(q.Days), mustBeOneOf(touDayWords))
		}
		if q.Months != nil && len(q.Months) == 0 {
			// A park file's "months": [] (a list left empty, not left
			// out) would otherwise read as every month.
			c.add("grid", f+"months", nil, "an empty list ([]): leave the key out for every month, or name the months (1 to 12)")
		}
		for j, m := range q.Months {
			if m < 1 || m > 12 {
				c.add("grid", fmt.Sprintf("%smonths[%d]", f, j), m, "must be a month, 1 to 12")
			}
		}
		c.check("grid", f+"per_kwh", q.PerKWh, signalRule)
	}
	c.touShadowed(field, p.TimeOfUse)
}

// validTOU reports whether a period's hours, days and months are well
// formed (tou reports what is wrong with one that is not).
func validTOU(q TOUPeriod) bool {
	if q.FromHour < 0 || q.FromHour >= 24 || q.ToHour < 0 || q.ToHour > 24 || q.FromHour == q.ToHour {
		return false
	}
	if !slices.Contains(touDayWords, q.Days) {
		return false
	}
	for _, m := range q.Months {
		if m < 1 || m > 12 {
			return false
		}
	}
	return true
}

// touShadowed reports each period that never sets a price: every hour of
// every day and month it covers is covered by an earlier period, and the
// first period that covers an interval sets its price. Such a period is
// always a mistake — usually a narrower period (a summer critical peak)
// written after the wider one it was meant to override — and it would
// otherwise leave the tariff silently cheaper or dearer than intended.
// Periods that are not well formed are left to tou's own errors.
func (c *checker) touShadowed(field string, ps []TOUPeriod) {
	// Every hour boundary of the table, so that between two consecutive
	// boundaries each period either covers all or none of the hours.
	bounds := []float64{0, 24}
	for _, q := range ps {
		if validTOU(q) {
			bounds = append(bounds, q.FromHour, q.ToHour)
		}
	}
	sort.Float64s(bounds)
	bounds = slices.Compact(bounds)
	for i, q := range ps {
		if !validTOU(q) {
			continue
		}
		covered, shadows := false, map[int]bool{}
		dead := true
		for _, weekend := range []bool{false, true} {
			for month := 1; month <= 12; month++ {
				for k := 0; k+1 < len(bounds); k++ {
					h := (bounds[k] + bounds[k+1]) / 2
					if !q.coversSlot(weekend, month, h) {
						continue
					}
					covered = true
					first := -1
					for j := 0; j < i && first < 0; j++ {
						if validTOU(ps[j]) && ps[j].coversSlot(weekend, month, h) {
							first = j
						}
					}
					if first < 0 {
						dead = false
					} else {
						shadows[first] = true
					}
				}
			}
		}
		if !covered || !dead {
			continue
		}
		var by []string
		for j := range i {
			if shadows[j] {
				by = append(by, fmt.Sprintf("time_of_use[%d]", j))
			}
		}
		c.add("grid", fmt.Sprintf("%s.time_of_use[%d]", field, i), nil,
			fmt.Sprintf("never applies: every hour it covers is covered by an earlier period (%s), and the first period that covers an interval sets its price; put the narrower period first",
				strings.Join(by, ", ")))
	}
}

// touSteps checks that every time-of-use boundary falls on a step
// boundary of the series in the local clock of its timestamps, so that no
// interval is priced half by one period and half by another: hourly rows
// stamped 16:30, 17:30, … (UTC data written in +05:30) have their
// boundaries at half past, so a window from 17:00 is refused and one from
// 17:30 taken. Every phase the series' UTC offsets give is checked (a
// 30-minute clock change moves it).
func (c *checker) touSteps(field string, p *Price, s *SeriesSet) {
	if p == nil || len(p.TimeOfUse) == 0 || !stepDividesHour(s.Step) || s.Len <= 0 {
		return
	}
	step := int64(s.Step)
	var phases []int64 // local time of day of interval starts, mod step
	var first []time.Time
	lastOff := 0
	for i := range s.Len {
		t := s.Time(i)
		_, off := t.Zone()
		if i > 0 && off == lastOff {
			continue
		}
		lastOff = off
		tod := int64(t.Hour())*int64(time.Hour) + int64(t.Minute())*int64(time.Minute) +
			int64(t.Second())*int64(time.Second) + int64(t.Nanosecond())
		if ph := tod % step; !slices.Contains(phases, ph) {
			phases = append(phases, ph)
			first = append(first, t)
		}
	}
	for i, q := range p.TimeOfUse {
		for _, h := range []struct {
			key string
			v   float64
		}{{"from_hour", q.FromHour}, {"to_hour", q.ToHour}} {
			// The boundary to the nearest microsecond: an hour written
			// in decimals (17.25) is exact to far less.
			b := int64(math.Round(h.v*3600e6)) * int64(time.Microsecond)
			for k, ph := range phases {
				if (b-ph)%step == 0 {
					continue
				}
				t, layout := first[k], "15:04"
				if t.Second() != 0 || t.Nanosecond() != 0 {
					layout = "15:04:05.999999999"
				}
				c.add("grid", fmt.Sprintf("%s.time_of_use[%d].%s", field, i, h.key), h.v,
					fmt.Sprintf("does not fall on a step boundary of the series: its %v intervals start at %s, %s, … in the clock of its timestamps (from %s)",
						s.Step, t.Format(layout), t.Add(s.Step).Format(layout), t.Format(time.RFC3339)))
				break
			}
		}
	}
}
