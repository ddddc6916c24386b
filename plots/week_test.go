package plots_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/dispatch/lp"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plots"
	"github.com/zeropark/zeropark/scenario"
)

func TestSyntheticScheduleBalances(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*10)
	for i := 0; i < s.Len; i++ {
		require.InDelta(t, 0, s.BalanceErrorKW(i), 1e-9, "interval %d", i)
		require.GreaterOrEqual(t, s.PVKW[0][i], 0.0)
		require.GreaterOrEqual(t, s.WindKW[0][i], 0.0)
	}
}

func TestDispatchWeekFiles(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*10)
	dir := t.TempDir()
	from := synthStart.Add(24 * time.Hour)
	for _, c := range []struct {
		name string
		opts *plots.WeekOptions
		w, h int
	}{
		{"week.png", &plots.WeekOptions{Policy: dispatch.SelfConsumptionPolicy, PolicyTitle: "self-consumption"}, 1200, 900},
		{"small.png", &plots.WeekOptions{WidthIn: 8, HeightIn: 6, DPI: 50}, 400, 300},
		{"week.svg", &plots.WeekOptions{Policy: dispatch.SelfConsumptionPolicy, PolicyTitle: "self-consumption"}, 0, 0},
		{"nil-options.SVG", nil, 0, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, c.name)
			require.NoError(t, plots.SaveDispatchWeek(path, p, s, from, 7, c.opts))
			data := readFile(t, path)
			if strings.HasSuffix(c.name, ".png") {
				checkPNG(t, data, c.w, c.h)
				return
			}
			root, paths, text := svgInfo(t, data)
			assert.Equal(t, "svg", root)
			assert.Greater(t, paths, 20)
			for _, want := range []string{"power (kW)", "stored energy (kWh)", "kgCO2e/kWh", "kgCO2e per hour",
				"PV", "wind", "battery discharge", "grid import", "battery charge (−)", "export (−)",
				"curtailed (unused)", "load", "b1", "b2", "max stored 360 kWh", "Synthetic park",
				"Tue 6 Jun", "Mon 12 Jun 2023", "local time (UTC-06:00)"} {
				assert.Contains(t, text, want)
			}
			if c.opts != nil {
				assert.Contains(t, text, "self-consumption (self) dispatch")
			} else {
				assert.NotContains(t, text, "dispatch,")
			}
		})
	}
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, es, 4, "no temporary files left")
}

// The title's totals are the window's sums, computed here independently
// from the schedule's columns.
func TestDispatchWeekTotals(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*10)
	from := synthStart.Add(48 * time.Hour)
	for i := 48; i < 48+72; i += 2 {
		s.UnservedKW[i] = 0.3 * s.LoadKW[i] // so served load ≠ load
	}
	f, err := plots.DispatchWeek(p, s, from, 3, nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	_, _, text := svgInfo(t, []byte(sb.String()))
	perInterval, err := dispatch.RenewableServedKWh(p, s)
	require.NoError(t, err)
	var load, unserved, ren, imp, em float64
	for i := 48; i < 48+72; i++ {
		load += s.LoadKW[i]
		unserved += s.UnservedKW[i]
		ren += perInterval[i]
		imp += s.ImportKW[i]
		em += s.ImportKW[i] * s.AccountingKgCO2ePerKWh[i] // Δt = 1 h
	}
	// The ledger's renewable share over the window: the renewable content
	// of the served load traced through the batteries (not renewable −
	// export, which counts battery losses as renewable used).
	assert.Contains(t, text, fmt.Sprintf("renewable share %.0f %%", 100*ren/(load-unserved)))
	assert.Contains(t, text, fmt.Sprintf("load %.1f MWh", load/1000))
	assert.Contains(t, text, fmt.Sprintf("grid import %.1f MWh", imp/1000))
	assert.Contains(t, text, fmt.Sprintf("emissions %.2f tCO2e", em/1000))
	assert.Contains(t, text, "Wed 7 Jun 2023 – Fri 9 Jun 2023")
}

func TestDispatchWeekBadInput(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*10)
	end := synthStart.Add(240 * time.Hour)
	short := synthSchedule(p, synthStart, 48)
	short.ImportKW = short.ImportKW[:10]
	noBat := *s
	noBat.SoCKWh = nil
	for _, c := range []struct {
		name string
		p    *model.Park
		s    *dispatch.Schedule
		from time.Time
		days int
		want string
	}{
		{"after the end", p, s, end, 7, "no intervals"},
		{"long after the end", p, s, end.AddDate(1, 0, 0), 7, "no intervals"},
		{"before the start", p, s, synthStart.AddDate(0, 0, -8), 7, "no intervals"},
		{"zero days", p, s, synthStart, 0, "days = 0"},
		{"negative days", p, s, synthStart, -2, "days = -2"},
		{"nil schedule", p, nil, synthStart, 7, "nil"},
		{"nil park", nil, s, synthStart, 7, "nil"},
		{"empty schedule", p, &dispatch.Schedule{Start: synthStart, Step: time.Hour}, synthStart, 7, "empty schedule"},
		{"short column", p, short, synthStart, 1, "ImportKW has 10 values"},
		{"rows do not match park", p, &noBat, synthStart, 1, "SoCKWh has 0 rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f, err := plots.DispatchWeek(c.p, c.s, c.from, c.days, nil)
			require.Error(t, err)
			assert.Nil(t, f)
			assert.ErrorIs(t, err, plots.ErrInput)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("nothing written", func(t *testing.T) {
		dir := t.TempDir()
		err := plots.SaveDispatchWeek(filepath.Join(dir, "w.png"), p, s, end, 7, nil)
		require.ErrorIs(t, err, plots.ErrInput)
		es, _ := os.ReadDir(dir)
		assert.Empty(t, es)
	})
}

// A partly overlapping window is clipped to the schedule.
func TestDispatchWeekClips(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*3)
	f, err := plots.DispatchWeek(p, s, synthStart.Add(-36*time.Hour), 7, nil)
	require.NoError(t, err)
	var sb strings.Builder
	_, err = f.WriteTo(&sb, plots.SVG)
	require.NoError(t, err)
	assert.Contains(t, sb.String(), "Mon 5 Jun 2023 – Wed 7 Jun 2023")
}

// NaN in the data is an error, never a panic or a broken picture.
func TestDispatchWeekNaN(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 48)
	s.LoadKW[5] = math.NaN()
	_, err := plots.DispatchWeek(p, s, synthStart, 2, nil)
	require.ErrorIs(t, err, plots.ErrInput)
	assert.Contains(t, err.Error(), "load")
}

func TestFormatOf(t *testing.T) {
	for _, c := range []struct {
		path string
		want plots.Format
		ok   bool
	}{
		{"a.png", plots.PNG, true}, {"dir/b.PNG", plots.PNG, true}, {"c.svg", plots.SVG, true},
		{"d.pdf", "", false}, {"png", "", false}, {"e.svg.tmp", "", false},
	} {
		got, err := plots.FormatOf(c.path)
		if c.ok {
			assert.NoError(t, err, c.path)
			assert.Equal(t, c.want, got, c.path)
		} else {
			assert.ErrorIs(t, err, plots.ErrInput, c.path)
		}
	}
	err := plots.SaveDispatchWeek(filepath.Join(t.TempDir(), "w.pdf"), synthPark(), nil, synthStart, 7, nil)
	assert.ErrorIs(t, err, plots.ErrInput)
	assert.Contains(t, err.Error(), ".pdf")
}

// Save replaces an existing file whole and fails cleanly into a missing
// directory.
func TestSaveAtomic(t *testing.T) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 48)
	dir := t.TempDir()
	path := filepath.Join(dir, "w.svg")
	require.NoError(t, os.WriteFile(path, []byte("old"), 0o644))
	require.NoError(t, plots.SaveDispatchWeek(path, p, s, synthStart, 2, nil))
	root, _, _ := svgInfo(t, readFile(t, path))
	assert.Equal(t, "svg", root)
	st, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), st.Mode().Perm())

	err = plots.SaveDispatchWeek(filepath.Join(dir, "missing", "w.svg"), p, s, synthStart, 2, nil)
	require.Error(t, err)
	es, _ := os.ReadDir(dir)
	assert.Len(t, es, 1)
}

func TestFigureWriteToBadFormat(t *testing.T) {
	p := synthPark()
	f, err := plots.DispatchWeek(p, synthSchedule(p, synthStart, 24), synthStart, 1, nil)
	require.NoError(t, err)
	_, err = f.WriteTo(io.Discard, "pdf")
	assert.ErrorIs(t, err, plots.ErrInput)
	var nilFig *plots.Figure
	_, err = nilFig.WriteTo(io.Discard, plots.PNG)
	assert.ErrorIs(t, err, plots.ErrInput)
}

func TestBusiestWeek(t *testing.T) {
	p := synthPark()
	day := 24 * time.Hour
	for _, c := range []struct {
		name string
		peak int // day of the throughput peak; -1: no battery use
		days int
		want time.Time
	}{
		{"middle", 12, 7, synthStart.Add(9 * day)},
		{"first day", 0, 7, synthStart},
		// The last day answers to how the dispatch values the end: it is
		// not picked, and the window stops a day short of the end.
		{"last day", 19, 7, synthStart},
		{"day before the last", 18, 7, synthStart.Add(12 * day)},
		{"short window", 12, 3, synthStart.Add(11 * day)},
		{"longer than schedule", 5, 40, synthStart},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := synthSchedule(p, synthStart, 24*20)
			for b := range s.ChargeKW {
				for i := range s.ChargeKW[b] {
					s.ChargeKW[b][i], s.DischargeKW[b][i] = 1, 1
				}
				s.ChargeKW[b][24*c.peak+10] = 50
			}
			assert.True(t, c.want.Equal(plots.BusiestWeek(s, c.days)), "got %v", plots.BusiestWeek(s, c.days))
		})
	}
	t.Run("no batteries: renewable generation decides", func(t *testing.T) {
		s := synthSchedule(p, synthStart, 24*20)
		for b := range s.ChargeKW {
			clear(s.ChargeKW[b])
			clear(s.DischargeKW[b])
		}
		s.WindKW[0][24*15+3] = 1e5
		assert.True(t, synthStart.Add(12*day).Equal(plots.BusiestWeek(s, 7)))
	})
	t.Run("schedule starting mid-day", func(t *testing.T) {
		s := synthSchedule(p, synthStart.Add(13*time.Hour), 24*20)
		assert.True(t, s.Start.Equal(plots.BusiestWeek(s, 30)))
	})
	t.Run("empty", func(t *testing.T) {
		assert.True(t, plots.BusiestWeek(nil, 7).IsZero())
		assert.True(t, synthStart.Equal(plots.BusiestWeek(&dispatch.Schedule{Start: synthStart}, 7)))
	})
}

func TestSurplusWeek(t *testing.T) {
	day := 24 * time.Hour
	n := 24 * 20
	prof := &model.Profiles{Start: synthStart, Step: time.Hour, Len: n,
		LoadKW: [][]float64{make([]float64, n)}, PVAvailKW: [][]float64{make([]float64, n)}}
	for i := range n {
		prof.LoadKW[0][i] = 100
		prof.PVAvailKW[0][i] = 120 // 20 kW surplus every hour
	}
	// Day 15 has the most surplus: the window starts 3 days before it.
	prof.PVAvailKW[0][24*15+12] = 1000
	assert.True(t, synthStart.Add(12*day).Equal(plots.SurplusWeek(prof, 7)))
	// Load everywhere above PV: no surplus anywhere, the first days.
	for i := range n {
		prof.LoadKW[0][i] = 5000
	}
	assert.True(t, synthStart.Equal(plots.SurplusWeek(prof, 7)))
	assert.True(t, plots.SurplusWeek(nil, 7).IsZero())
}

// The demo park dispatched by the LP over ten days, drawn: the figure the
// planners see (one battery, PV and wind, hourly signal).
func TestDispatchWeekDemo(t *testing.T) {
	sc, err := scenario.Demo("")
	require.NoError(t, err)
	i0 := 24 * 150
	res, err := dispatch.Run(sc.Park, sc.Profiles.Slice(i0, i0+24*10), dispatch.DefaultConfig())
	if errors.Is(err, lp.ErrUnavailable) {
		t.Skip("no LP solver in this build (CGO_ENABLED=0)")
	}
	require.NoError(t, err)
	from := res.Schedule.Start.Add(24 * time.Hour)
	dir := t.TempDir()
	png := filepath.Join(dir, "week.png")
	require.NoError(t, plots.SaveDispatchWeek(png, sc.Park, res.Schedule, from, 7, &plots.WeekOptions{Policy: res.Policy, PolicyTitle: dispatch.Policies().Title(res.Policy)}))
	checkPNG(t, readFile(t, png), 1200, 900)
	if out := os.Getenv("ZEROPARK_PLOT_SAMPLES"); out != "" {
		// Keep a sample to look at: ZEROPARK_PLOT_SAMPLES=/tmp go test -run Demo ./plots
		require.NoError(t, os.WriteFile(filepath.Join(out, "plots_week.png"), readFile(t, png), 0o644))
	}
	var errs error
	for _, c := range []string{"Texas", "rolling horizon (mpc) dispatch"} {
		f, err := plots.DispatchWeek(sc.Park, res.Schedule, from, 7, &plots.WeekOptions{Policy: res.Policy, PolicyTitle: dispatch.Policies().Title(res.Policy)})
		require.NoError(t, err)
		var sb strings.Builder
		_, err = f.WriteTo(&sb, plots.SVG)
		require.NoError(t, err)
		if !strings.Contains(sb.String(), c) {
			errs = errors.Join(errs, fmt.Errorf("svg lacks %q", c))
		}
	}
	assert.NoError(t, errs)
}

func BenchmarkDispatchWeek(b *testing.B) {
	p := synthPark()
	s := synthSchedule(p, synthStart, 24*10)
	for _, format := range []plots.Format{plots.PNG, plots.SVG} {
		b.Run("format="+string(format), func(b *testing.B) {
			b.ReportAllocs()
			n := int64(0)
			for b.Loop() {
				f, err := plots.DispatchWeek(p, s, synthStart, 7, nil)
				if err != nil {
					b.Fatal(err)
				}
				w := &countWriter{}
				if _, err := f.WriteTo(w, format); err != nil {
					b.Fatal(err)
				}
				n = w.n
			}
			b.ReportMetric(float64(n), "bytes/figure")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

// A week from a local midnight spans 7 calendar days on the schedule's
// clock (plots QA: from a spring-forward day the week ran to 01:00 of
// the eighth day): 167 hourly intervals from Sun 12 Mar 2023 in New York,
// the last starting Sat 18 Mar 23:00; 169 from Sun 5 Nov, across the
// fall-back; 168 in a week without a change. The title's dates say the
// same: the last day drawn is the Saturday.
func TestDispatchWeekCalendarDaysAcrossClockChange(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	p := synthPark()
	for _, tc := range []struct {
		from      time.Time
		intervals int
		title     string
	}{
		{time.Date(2023, 3, 12, 0, 0, 0, 0, ny), 167, "Sun 12 Mar 2023 – Sat 18 Mar 2023"},
		{time.Date(2023, 11, 5, 0, 0, 0, 0, ny), 169, "Sun 5 Nov 2023 – Sat 11 Nov 2023"},
		{time.Date(2023, 6, 4, 0, 0, 0, 0, ny), 168, "Sun 4 Jun 2023 – Sat 10 Jun 2023"},
	} {
		start := tc.from.AddDate(0, 0, -2)
		s := synthSchedule(p, start, int(tc.from.AddDate(0, 0, 10).Sub(start)/time.Hour))
		end := plots.WindowEnd(tc.from, 7)
		assert.Equal(t, time.Duration(tc.intervals)*time.Hour, end.Sub(tc.from), tc.title)
		assert.Equal(t, 0, end.In(ny).Hour(), "%s: ends at a local midnight", tc.title)
		fig, err := plots.DispatchWeek(p, s, tc.from, 7, nil)
		require.NoError(t, err)
		var svg bytes.Buffer
		_, err = fig.WriteTo(&svg, plots.SVG)
		require.NoError(t, err)
		_, _, text := svgInfo(t, svg.Bytes())
		assert.Contains(t, strings.Join(strings.Fields(text), " "), tc.title)
	}
}

// An asset's name too long for the legend strip is cut with "…", not run
// off the figure's right edge (QA K, 2026-12-05: "stored, Main
// lithium-ion batte"); a short name is kept whole.
func TestDispatchWeekLongNamesInLegend(t *testing.T) {
	long := "Main lithium-ion battery container at the north substation"
	for _, c := range []struct {
		name  string
		names []string
		short string
	}{{"one battery", []string{long}, ""}, {"two batteries", []string{long, "b2"}, "b2"}} {
		t.Run(c.name, func(t *testing.T) {
			p := synthPark()
			p.Batteries = p.Batteries[:len(c.names)]
			for i, n := range c.names {
				p.Batteries[i].Name = n
			}
			s := synthSchedule(p, synthStart, 24*10)
			f, err := plots.DispatchWeek(p, s, synthStart.Add(24*time.Hour), 7, nil)
			require.NoError(t, err)
			var sb strings.Builder
			_, err = f.WriteTo(&sb, plots.SVG)
			require.NoError(t, err)
			_, _, text := svgInfo(t, []byte(sb.String()))
			assert.False(t, strings.Contains(text, long), "the whole name does not fit")
			var cut string
			for _, l := range strings.Split(text, "\n") {
				if strings.Contains(l, "Main lithium") {
					cut = l
				}
			}
			assert.True(t, strings.HasSuffix(cut, "…"), "cut with an ellipsis: %q", cut)
			if c.short != "" {
				assert.Contains(t, strings.Split(text, "\n"), c.short)
			}
		})
	}
}
