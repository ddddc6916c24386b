package plan_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/plan"
)

// FuzzOptions: whatever the options, New either refuses them with an
// error that unwraps to a sentinel (bad input, or a problem too large) or
// builds a Model that plans the cheapest design; it never panics.
func FuzzOptions(f *testing.F) {
	f.Add(0.0, 0, int64(24), 0, 11, 1000.0, "")
	f.Add(0.1, 3, int64(24), 1, 2, 1e-3, "simplex")
	f.Add(-1.0, -2, int64(0), 9, 0, math.NaN(), "ipm")
	f.Add(math.Inf(1), 1000, int64(-5), -1, 1001, math.Inf(1), "x")
	f.Add(0.5, 2, int64(25), 0, 3, 1.0, "choose")
	p, set := pvDay(f, 0.1)
	f.Fuzz(func(t *testing.T, margin float64, periods int, hours int64, storage, points int, voll float64, method string) {
		opt := plan.DefaultOptions()
		opt.Margin, opt.Periods, opt.Storage, opt.FrontierPoints = margin, periods, plan.StorageEnd(storage), points
		opt.PeriodLength = time.Duration(hours) * time.Hour / 4
		opt.ValueOfLostLoadPerKWh, opt.Method = voll, method
		m, err := plan.New(p, set, opt)
		if err != nil {
			if !errors.Is(err, plan.ErrInvalid) && !errors.Is(err, model.ErrInvalid) {
				t.Fatalf("error without a sentinel: %v", err)
			}
			return
		}
		defer m.Close()
		if _, err := m.Plan("conventional"); err != nil {
			t.Fatalf("valid options %+v: %v", opt, err)
		}
	})
}
