package main

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/plan"
	"github.com/zeropark/zeropark/results"
)

// The flag values with a syntax of their own (QA X, session 38): each
// never panics, refuses with a message that names the flag or the part
// refused, and what it accepts writes back to text that reads again to
// the same value.

// FuzzParseMilestones: --milestones, then the pathway's own check.
func FuzzParseMilestones(f *testing.F) {
	for _, s := range []string{
		"2030:low-carbon", "2025:low-carbon,2028:near-zero-carbon,2033:zero-carbon", " 2030 : zero-carbon ",
		"", ",", "2030", ":low-carbon", "2030:", "2030:low-carbon,", "1999:low-carbon", "2200:zero-carbon",
		"99999999999999999999:low-carbon", "-2030:low-carbon", "+2030:low-carbon", "2030:Low-Carbon",
		"2030:zero-carbon,2031:low-carbon", "2030:low-carbon,2030:low-carbon", "2030:low-carbon:x", "２０３０:low-carbon",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		ms, err := parseMilestones(v)
		if err != nil {
			if !errors.Is(err, errBadInput) || !strings.HasPrefix(err.Error(), "--milestones ") {
				t.Fatalf("%q: error not bad input naming the flag: %v", v, err)
			}
			return
		}
		if len(ms) == 0 {
			t.Fatalf("%q: no error and no milestones", v)
		}
		var parts []string
		for _, m := range ms {
			if m.Year < results.PathwayFirstYear || m.Year > results.PathwayLastYear || m.Target.Rank() < 0 {
				t.Fatalf("%q: accepted %+v", v, m)
			}
			parts = append(parts, fmt.Sprintf("%d:%s", m.Year, m.Target))
		}
		again, err := parseMilestones(strings.Join(parts, ","))
		if err != nil || fmt.Sprint(again) != fmt.Sprint(ms) {
			t.Fatalf("%q: read %v, written %q, read again %v (%v)", v, ms, strings.Join(parts, ","), again, err)
		}
		if err := plan.CheckPathway(ms, plan.Trends{BaseYear: results.PathwayFirstYear}); err != nil && !errors.Is(err, plan.ErrInvalid) {
			t.Fatalf("%q: CheckPathway: not an input error: %v", v, err)
		}
	})
}

// FuzzMarginFlag: --margin as plan reads it (a fraction, auto, or a
// margin per stage) and as plan pathway reads it (no margin per stage).
func FuzzMarginFlag(f *testing.F) {
	for _, s := range []string{
		"0", "0.1", " 0.2 ", "auto", " auto", "AUTO", "NaN", "Inf", "-0", "1e400", "0x1p-3", "",
		"near-zero-carbon=0.18, zero-carbon=0.2", "low-carbon=0.1,low-carbon=0.2", "zero-carbon=", "=0.1",
		"conventional=0.1", "zero-carbon=NaN", "zero-carbon=0.95", "zero-carbon=0.1,", "a=b=c",
	} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, perStage bool) {
		var (
			v      float64
			auto   bool
			stages map[dispatch.Stage]float64
		)
		fl := &marginFlag{v: &v, auto: &auto}
		if perStage {
			fl.stages = &stages
		}
		if err := fl.Set(s); err != nil {
			if err.Error() == "" || !utf8.ValidString(err.Error()) && utf8.ValidString(s) {
				t.Fatalf("%q: empty or broken error %q", s, err)
			}
			return
		}
		if auto && (v != 0 || stages != nil) {
			t.Fatalf("%q: auto with v %g, stages %v", s, v, stages)
		}
		for st, m := range stages {
			if !(m >= 0 && m <= plan.MaxMargin) || st.Rank() < 0 {
				t.Fatalf("%q: accepted %s=%g", s, st, m)
			}
		}
		// What String writes, Set reads to the same state.
		text := fl.String()
		var (
			v2      float64
			auto2   bool
			stages2 map[dispatch.Stage]float64
		)
		fl2 := &marginFlag{v: &v2, auto: &auto2, stages: &stages2}
		if err := fl2.Set(text); err != nil {
			t.Fatalf("%q: written %q, which is refused: %v", s, text, err)
		}
		same := auto2 == auto && (v2 == v || math.IsNaN(v) && math.IsNaN(v2)) && len(stages2) == len(stages)
		for st, m := range stages {
			same = same && stages2[st] == m
		}
		if !same {
			t.Fatalf("%q: read (%g, %v, %v), written %q, read again (%g, %v, %v)", s, v, auto, stages, text, v2, auto2, stages2)
		}
	})
}

// FuzzCapexAndFix: sweep's --capex PATH=RATE and plot sweep's --fix
// PATH=VALUE.
func FuzzCapexAndFix(f *testing.F) {
	for _, s := range []string{
		"pv.capacity_kwp=60", " battery.energy_kwh = 25 ", "pv.capacity_kwp=-1", "pv.capacity_kwp=NaN", "pv.capacity_kwp",
		"wind.capacity_kw=1e400", "=1", "x=1", "grid.import_limit_kw=unlimited", "grid.import_limit_kw=inf", "a==b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := parseCapex([]string{s})
		if err != nil {
			if !errors.Is(err, errBadInput) || !strings.HasPrefix(err.Error(), "--capex: ") {
				t.Fatalf("%q: --capex error not bad input naming the flag: %v", s, err)
			}
		} else {
			if len(c) != 1 {
				t.Fatalf("%q: %d rates", s, len(c))
			}
			for p, r := range c {
				if !(r >= 0) || math.IsInf(r, 0) {
					t.Fatalf("%q: accepted %s=%g", s, p, r)
				}
			}
		}
		fix := fixFlags{}
		if err := fix.Set(s); err != nil {
			if !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
				t.Fatalf("%q: --fix error does not quote the value: %v", s, err)
			}
			return
		}
		again := fixFlags{}
		if err := again.Set(fix.String()); err != nil || fmt.Sprint(again) != fmt.Sprint(fix) {
			t.Fatalf("%q: --fix read %v, written %q, read again %v (%v)", s, fix, fix.String(), again, err)
		}
	})
}

// FuzzParseDay: plot week's --from.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"2023-03-25", "2023-03-12T02:30", "2023-03-12 02:30", "2023-03-25T00:00:00-06:00", "2023-02-30", "", "x"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("America/Chicago")
	if err != nil {
		loc = time.FixedZone("-06:00", -6*3600)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDay(s, loc)
		if err != nil {
			if err.Error() == "" {
				t.Fatalf("%q: empty error", s)
			}
			return
		}
		if d.IsZero() && s != "0001-01-01" && !strings.HasPrefix(s, "0001-01-01") {
			t.Fatalf("%q: zero time", s)
		}
	})
}
