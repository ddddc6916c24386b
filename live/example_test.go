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
