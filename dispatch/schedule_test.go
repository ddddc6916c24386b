package dispatch

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/model"
)

// Every policy's schedule, and a plan cut short at the end of a period,
// has the shape Validate wants.
func TestScheduleValidateAcceptsRuns(t *testing.T) {
	p, pr := benchPark(30)
	cfg := DefaultConfig()
	cfg.Horizon = 8 * time.Hour
	for _, pol := range Policies().Names() {
		res, err := runPolicy(pol, p, pr, cfg)
		require.NoError(t, err)
		require.NoError(t, res.Schedule.Validate(p), pol)
	}
	d, err := New(p, time.Hour, cfg)
	require.NoError(t, err)
	defer d.Close()
	plan, err := d.Step(InitialState(p), pr.Slice(25, 30)) // 5 of the 8 steps
	require.NoError(t, err)
	require.Equal(t, 5, plan.Len)
	require.NoError(t, plan.Validate(p))
}

// Each badly shaped schedule is named by Validate (slice, length, what it
// should be), and Check, RenewableServedKWh and Attribute return that
// error instead of panicking.
func TestScheduleValidate(t *testing.T) {
	p, pr := benchPark(24)
	shape := func(field string, n, want int, per string) *ShapeError {
		return &ShapeError{Field: field, Len: n, Want: want, Per: per}
	}
	for _, c := range []struct {
		name   string
		spoil  func(s *Schedule)
		shapes []*ShapeError // nil: another ErrInput error
		says   string
	}{
		{"short series", func(s *Schedule) { s.ImportKW = s.ImportKW[:23] },
			[]*ShapeError{shape("ImportKW", 23, 24, "interval")}, "schedule ImportKW has 23 values, want 24: one per interval"},
		{"nil price", func(s *Schedule) { s.ImportPricePerKWh = nil },
			[]*ShapeError{shape("ImportPricePerKWh", 0, 24, "interval")}, "ImportPricePerKWh has 0 values"},
		{"long series", func(s *Schedule) { s.EmissionsKgCO2e = append(s.EmissionsKgCO2e, 0) },
			[]*ShapeError{shape("EmissionsKgCO2e", 25, 24, "interval")}, "EmissionsKgCO2e has 25 values"},
		{"no battery rows", func(s *Schedule) { s.SoCKWh = nil },
			[]*ShapeError{shape("SoCKWh", 0, 1, "battery")}, "schedule SoCKWh has 0 rows, want 1: one per battery"},
		{"extra PV row", func(s *Schedule) { s.PVKW = append(s.PVKW, make([]float64, 24)) },
			[]*ShapeError{shape("PVKW", 2, 1, "PV array")}, "PVKW has 2 rows"},
		{"short row", func(s *Schedule) { s.WindAvailKW[0] = s.WindAvailKW[0][:10] },
			[]*ShapeError{shape("WindAvailKW[0]", 10, 24, "interval")}, "WindAvailKW[0] has 10 values"},
		{"no initial state of charge", func(s *Schedule) { s.InitialSoCKWh = nil },
			[]*ShapeError{shape("InitialSoCKWh", 0, 1, "battery")}, "InitialSoCKWh has 0 rows"},
		{"two at once", func(s *Schedule) { s.LoadKW, s.DischargeKW[0] = nil, nil },
			[]*ShapeError{shape("LoadKW", 0, 24, "interval"), shape("DischargeKW[0]", 0, 24, "interval")}, "LoadKW has 0 values"},
		{"Len beyond the data", func(s *Schedule) { s.Len = 25 }, nil, "ImportKW has 24 values, want 25"},
		{"zero step", func(s *Schedule) { s.Step = 0 }, nil, "Step 0s: must be positive"},
		{"negative Len", func(s *Schedule) { s.Len = -1 }, nil, "Len -1: must not be negative"},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := GridOnly(p, pr, DefaultConfig())
			require.NoError(t, err)
			s := res.Schedule
			c.spoil(s)
			err = s.Validate(p)
			require.ErrorIs(t, err, ErrInput)
			assert.ErrorContains(t, err, c.says)
			var got []*ShapeError
			for _, e := range unjoin(err) {
				var se *ShapeError
				if errors.As(e, &se) {
					got = append(got, se)
				}
			}
			if c.shapes != nil {
				assert.Equal(t, c.shapes, got)
			}
			checkErr := s.Check(p)
			require.ErrorIs(t, checkErr, ErrInput)
			assert.NotErrorIs(t, checkErr, ErrPhysics, "a shape problem is bad input, not bad physics")
			assert.Equal(t, err.Error(), checkErr.Error())
			_, err = RenewableServedKWh(p, s)
			require.ErrorIs(t, err, ErrInput)
			_, err = Attribute(p, pr, res)
			require.ErrorIs(t, err, ErrInput)
			if s.Len == pr.Len && s.Step == pr.Step { // else its period check speaks first
				assert.ErrorContains(t, err, c.says)
			}
		})
	}
	res, err := GridOnly(p, pr, DefaultConfig())
	require.NoError(t, err)
	require.ErrorIs(t, res.Schedule.Validate(nil), ErrInput)
	require.ErrorIs(t, (*Schedule)(nil).Validate(p), ErrInput)
	require.ErrorIs(t, (*Schedule)(nil).Check(p), ErrInput)
	// Every short row of a table is counted, the first one named.
	q := *p
	q.PV = append(append([]model.PVArray{}, p.PV...), p.PV[0], p.PV[0])
	s := res.Schedule
	s.PVAvailKW = [][]float64{make([]float64, 5), make([]float64, 24), make([]float64, 3)}
	s.PVKW = rows(3, 24)
	err = s.Validate(&q)
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, "schedule PVAvailKW[0] has 5 values, want 24: one per interval (and 1 more rows of PVAvailKW)")
	// Tenant loads shorter than the schedule are named by Attribute.
	res, err = GridOnly(p, pr, DefaultConfig())
	require.NoError(t, err)
	short := *pr
	short.LoadKW = [][]float64{pr.LoadKW[0], pr.LoadKW[1][:20], pr.LoadKW[2]}
	_, err = Attribute(p, &short, res)
	require.ErrorIs(t, err, ErrInput)
	assert.ErrorContains(t, err, `LoadKW[1] ("warehouse") has 20 values`)
}

// unjoin flattens an errors.Join tree one level.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// FuzzScheduleValidate gives every slice of a schedule a length drawn from
// the input (nil, empty, one short, one long, right, or any up to 40), and
// Len and Step too. Validate, Check and the tracing functions must never
// panic; Check must return an error whenever Validate does; a schedule
// Validate accepts is one every reader can index.
func FuzzScheduleValidate(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2})
	f.Add([]byte{24, 1, 0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add([]byte{0, 0, 0xff, 0, 1, 1, 1})
	p, _ := benchPark(4)
	f.Fuzz(func(t *testing.T, data []byte) {
		next := func() int {
			if len(data) == 0 {
				return 2 // right
			}
			b := int(data[0])
			data = data[1:]
			return b
		}
		n := next() % 30
		step := time.Hour
		if next()%7 == 0 {
			step = time.Duration(-next()) * time.Minute
		}
		length := func(want int) int {
			switch k := next(); k % 6 {
			case 0:
				return -1 // nil
			case 1:
				return 0
			case 3:
				return max(want-1, 0)
			case 4:
				return want + 1
			case 5:
				return k % 41
			}
			return want
		}
		series := func(want int) []float64 {
			m := length(want)
			if m < 0 {
				return nil
			}
			v := make([]float64, m)
			for i := range v {
				v[i] = float64((i*7+m)%5) * 10 // arbitrary finite values
			}
			return v
		}
		table := func(assets int) [][]float64 {
			k := length(assets)
			if k < 0 {
				return nil
			}
			out := make([][]float64, k)
			for i := range out {
				out[i] = series(n)
			}
			return out
		}
		nPV, nWind, nBat := len(p.PV), len(p.Wind), len(p.Batteries)
		s := &Schedule{Start: t0, Step: step, Len: n,
			LoadKW: series(n), PVAvailKW: table(nPV), PVKW: table(nPV), WindAvailKW: table(nWind), WindKW: table(nWind),
			InitialSoCKWh: series(nBat), ChargeKW: table(nBat), DischargeKW: table(nBat), SoCKWh: table(nBat),
			ImportKW: series(n), ExportKW: series(n), UnservedKW: series(n), CurtailedKW: series(n),
			DispatchKgCO2ePerKWh: series(n), AccountingKgCO2ePerKWh: series(n),
			ImportPricePerKWh: series(n), ExportPricePerKWh: series(n), EmissionsKgCO2e: series(n)}
		if next()%11 == 0 {
			s.Len = -next() // a negative Len
		}
		verr := s.Validate(p)
		cerr := s.Check(p)
		_, rerr := RenewableServedKWh(p, s)
		if verr != nil {
			if !errors.Is(verr, ErrInput) {
				t.Fatalf("Validate error not ErrInput: %v", verr)
			}
			if cerr == nil || rerr == nil {
				t.Fatalf("Validate refused the shape (%v) but Check returned %v, RenewableServedKWh %v", verr, cerr, rerr)
			}
			return
		}
		if rerr != nil {
			t.Fatalf("RenewableServedKWh refused a valid shape: %v", rerr)
		}
		if cerr != nil && !errors.Is(cerr, ErrPhysics) {
			t.Fatalf("Check of a valid shape: error not ErrPhysics: %v", cerr)
		}
		// A valid shape is one every reader can index.
		if _, err := Account(p, s, DefaultLedgerConfig()); err != nil {
			t.Fatalf("Account of a valid shape: %v", err)
		}
		for i := 0; i < s.Len; i++ {
			_ = s.BalanceErrorKW(i)
		}
		for b := range p.Batteries {
			_ = s.FinalSoCKWh(b)
		}
		_ = fmt.Sprint(s.DispatchCarbonKgCO2e())
	})
}
