package live_test

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/zeropark/zeropark/live"
)

// An energy-management system's loop: measurements in as they arrive,
// one Step per interval, setpoints out. Here a day of history is measured
// first, then three hours are run; the "meters" read a made-up day.
func ExampleController() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	cfg := live.DefaultConfig(start, time.Hour)
	cfg.Dispatch.Horizon = 12 * time.Hour
	c, err := live.New(smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	meter := func(k int) live.Measurement {
		h := float64(k % 24)
		sun := math.Max(0, math.Sin(math.Pi*(h-6)/12))
		return live.Measurement{Start: start.Add(time.Duration(k) * time.Hour),
			LoadKW:               map[string]float64{"office": 60 + 80*sun, "shop": 40},
			PVAvailableKW:        map[string]float64{"roof": 180 * sun},
			DispatchKgCO2ePerKWh: live.Value(0.45 + 0.2*math.Cos(math.Pi*(h-19)/12)),
		}
	}
	for k := range 24 {
		if _, err := c.Measure(meter(k)); err != nil {
			fmt.Println(err)
			return
		}
	}
	for k := 24; k < 27; k++ {
		d, err := c.Step(start.Add(time.Duration(k) * time.Hour))
		if err != nil {
			fmt.Println(err)
			return
		}
		b := d.Batteries[0]
		fmt.Printf("%s charge %.0f kW, discharge %.0f kW, import %.0f kW\n", d.Start.Format("Mon 15:04"), b.ChargeKW, b.DischargeKW, d.ImportKW)
		if _, err := c.Measure(meter(k)); err != nil { // the interval ended
			fmt.Println(err)
			return
		}
	}
	// Output:
	// Tue 00:00 charge 0 kW, discharge 100 kW, import 0 kW
	// Tue 01:00 charge 0 kW, discharge 52 kW, import 48 kW
	// Tue 02:00 charge 0 kW, discharge 0 kW, import 100 kW
}

// Measurements arrive as JSON (a server's POST body); a bad one is
// refused with the asset, the field, the value and why.
func ExampleDecodeMeasurements() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	c, err := live.New(smallPark(), live.DefaultConfig(start, time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	ms, err := live.DecodeMeasurements(strings.NewReader(`[
		{"start": "2024-03-04T10:00:00+01:00", "load_kw": {"office": 120, "shop": 35}, "soc_kwh": {"bat": 180}},
		{"start": "2024-03-04T11:00:00+01:00", "pv_available_kw": {"roof": 150000}}]`))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Measure(ms...)
	fmt.Println(err)
	res, err := c.Measure(ms[0])
	fmt.Println(res.Values, err)
	// Output:
	// live: measurement[1] (2024-03-04T11:00:00+01:00): pv "roof": pv_available_kw = 150000: above 300 kW, 1.5 × the installed capacity: a value in W, or of another asset
	// 3 <nil>
}

// A Controller saved and loaded resumes where it stopped.
func ExampleLoad() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	cfg := live.DefaultConfig(start, time.Hour)
	c, err := live.New(smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Step(start.Add(5 * time.Hour)); err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer // Save(path) writes the same bytes to a file, atomically
	if err := c.Encode(&file); err != nil {
		fmt.Println(err)
		return
	}
	c.Close()
	d, err := live.Decode(&file, smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	fmt.Println("next:", d.Next().Format(time.RFC3339))
	// Output:
	// next: 2024-03-04T06:00:00+01:00
}

// A server that queues measurements while a Step runs checks them first,
// without waiting for the Step: Check as things stand, CheckAcross for a
// Step in progress (here the first, at 10:00: a measurement may then be
// at most a week past it). Measure merges them later.
func ExampleController_CheckAcross() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	c, err := live.New(smallPark(), live.DefaultConfig(start, time.Hour))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	soon := live.Measurement{Start: start.Add(9 * time.Hour), LoadKW: map[string]float64{"office": 120}}
	later := live.Measurement{Start: start.Add(30 * 24 * time.Hour), LoadKW: map[string]float64{"shop": 40}}
	stepAt := start.Add(10 * time.Hour)
	fmt.Println(c.Check(soon, later))
	fmt.Println(c.CheckAcross(stepAt, soon))
	fmt.Println(c.CheckAcross(stepAt, later))
	if _, err := c.Step(stepAt); err != nil {
		fmt.Println(err)
		return
	}
	res, err := c.Measure(soon)
	fmt.Println(res.Values, err)
	// Output:
	// <nil>
	// <nil>
	// live: measurement[0] (2024-04-03T00:00:00+01:00): measurement: start = "2024-04-03T00:00:00+01:00": too far ahead: the Controller accepts intervals before 2024-03-11T10:00:00+01:00 (step it first)
	// 1 <nil>
}

// A State is the Controller's state at one instant, copied under its
// lock; encoding it (tens of ms for a year of history) takes no lock, so
// the Controller may Step meanwhile and the file is still the state at
// the copy.
func ExampleController_State() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	cfg := live.DefaultConfig(start, time.Hour)
	c, err := live.New(smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	if _, err := c.Step(start.Add(5 * time.Hour)); err != nil {
		fmt.Println(err)
		return
	}
	st, err := c.State()
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.Step(start.Add(6 * time.Hour)); err != nil { // while the state is saved
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := st.Encode(&file); err != nil {
		fmt.Println(err)
		return
	}
	d, err := live.Decode(&file, smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer d.Close()
	fmt.Println("saved, next:", d.Next().Format(time.RFC3339))
	fmt.Println("running, next:", c.Next().Format(time.RFC3339))
	// Output:
	// saved, next: 2024-03-04T06:00:00+01:00
	// running, next: 2024-03-04T07:00:00+01:00
}

// The totals since the first start go on through the trims of the
// history kept, where the ledger's window does not: 899 hours of a
// constant 150 kW load settled are 134,850 kWh since the start, while the
// ledger keeps what the trim at hour 841 left: 899 − 4 weeks' 672 = 227
// intervals, 227 × 150 kWh.
func ExampleController_SinceStart() {
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	cfg := live.DefaultConfig(start, time.Hour)
	cfg.Dispatch.Horizon = 6 * time.Hour
	cfg.History = 7 * 24 * time.Hour // a week kept; four more gather before a trim
	c, err := live.New(smallPark(), cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer c.Close()
	for k := range 900 {
		at := start.Add(time.Duration(k) * time.Hour)
		if _, err := c.Step(at); err != nil {
			fmt.Println(err)
			return
		}
		m := live.Measurement{Start: at, LoadKW: map[string]float64{"office": 100, "shop": 50},
			PVAvailableKW: map[string]float64{"roof": 0}, DispatchKgCO2ePerKWh: live.Value(0.5)}
		if _, err := c.Measure(m); err != nil {
			fmt.Println(err)
			return
		}
	}
	since, err := c.SinceStart()
	if err != nil {
		fmt.Println(err)
		return
	}
	window, err := c.Ledger()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("since %s: %d intervals, load %.0f kWh\n", since.From.Format("2006-01-02 15:04"), since.SettledIntervals, since.LoadKWh)
	fmt.Printf("window from %s: %d intervals, load %.0f kWh\n", window.Start.Format("2006-01-02 15:04"), window.Steps, window.Energy.Load)
	// Output:
	// since 2024-03-04 00:00: 899 intervals, load 134850 kWh
	// window from 2024-04-01 00:00: 227 intervals, load 34050 kWh
}
