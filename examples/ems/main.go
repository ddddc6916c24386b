// EMS loop: how an energy-management system drives zeropark every
// interval, through a live.Controller, at 15-minute steps.
//
// The Texas demo's hourly data, resampled to 15 minutes (model.ResampleSet:
// loads keep their energy, signals are held), stand in for the park's
// meters: at the end of each interval the example "measures" what the
// loads, PV arrays, wind turbine and the grid's carbon signal did, and the
// Controller forecasts from those measurements only — never from the
// future. Each line is one interval's setpoints and how long the step took
// (the LP solves, and the whole Controller step: settling, forecasting,
// planning).
//
//	go run ./examples/ems                      # a day from 30 June, after two weeks of history
//	go run ./examples/ems -days 7 -quiet       # a week, summary only
//	go run ./examples/ems -state ems.state     # save after every step; run again to resume after an interruption
//	go run ./examples/ems -state ems.state -days 2   # go on a day past a finished one-day run
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"time"

	"github.com/zeropark/zeropark/live"
	"github.com/zeropark/zeropark/model"
	"github.com/zeropark/zeropark/results"
	"github.com/zeropark/zeropark/scenario"
)

func main() {
	days := flag.Int("days", 1, "days to run")
	startDay := flag.Int("start-day", 180, "day of the demo year the control starts (0 = 1 January)")
	historyDays := flag.Int("history-days", 14, "days of measurements the Controller gets before it starts")
	statePath := flag.String("state", "", "save the Controller's state to `FILE` after every step; resume from it when it exists")
	quiet := flag.Bool("quiet", false, "print the summary only")
	flag.Parse()
	if err := run(*days, *startDay, *historyDays, *statePath, *quiet); err != nil {
		log.Fatal(err)
	}
}

func run(days, startDay, historyDays int, statePath string, quiet bool) error {
	const step = 15 * time.Minute
	sc, err := scenario.DemoAt("texas2012", step)
	if err != nil {
		return err
	}
	p, prof := sc.Park, sc.Profiles
	perDay := int(24 * time.Hour / step)
	first := startDay * perDay
	from := first - historyDays*perDay
	if from < 0 || first+days*perDay > prof.Len-perDay || days < 1 {
		return fmt.Errorf("days %d from day %d with %d days of history do not fit the demo year", days, startDay, historyDays)
	}
	at := func(k int) time.Time { return prof.Start.Add(time.Duration(k) * step) }
	// meter is what the park's meters report for interval k, once it has
	// ended: here the demo's data.
	meter := func(k int) live.Measurement {
		m := live.Measurement{Start: at(k), LoadKW: map[string]float64{}, PVAvailableKW: map[string]float64{},
			WindAvailableKW: map[string]float64{}, DispatchKgCO2ePerKWh: live.Value(prof.DispatchKgCO2ePerKWh[k])}
		for i, l := range p.Loads {
			m.LoadKW[l.Name] = prof.LoadKW[i][k]
		}
		for i, a := range p.PV {
			m.PVAvailableKW[a.Name] = prof.PVAvailKW[i][k]
		}
		for j, w := range p.Wind {
			m.WindAvailableKW[w.Name] = prof.WindAvailKW[j][k]
		}
		return m
	}

	cfg := live.DefaultConfig(at(from), step) // 24-hour horizon: 96 steps
	c, resumed, err := open(statePath, p, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	next := first
	if resumed {
		next = int(c.Next().Sub(prof.Start) / step)
		fmt.Printf("resumed from %s at %s\n", statePath, at(next).Format("Jan 02 15:04"))
	} else {
		for k := from; k < first; k++ { // the EMS's historian
			if _, err := c.Measure(meter(k)); err != nil {
				return err
			}
		}
	}
	if !quiet {
		fmt.Println("interval       charge discharge  stored     PV limit/forecast   wind   import  carbon  |  solve  step")
	}
	var worst, total time.Duration
	end := first + days*perDay
	if resumed && next >= end {
		fmt.Printf("%s is at %s, the end of the %d day(s) from day %d asked for: nothing to run (give -days %d to go on a day)\n",
			statePath, at(next).Format("Jan 02 15:04"), days, startDay, days+1)
		return nil
	}
	for k := next; k < end; k++ {
		d, err := c.Step(at(k))
		if err != nil {
			return err
		}
		stepTime := time.Duration(d.ControllerMS * float64(time.Millisecond))
		total += stepTime
		worst = max(worst, stepTime)
		if !quiet {
			b := d.Batteries[0]
			pvLimit, pvFc := 0.0, 0.0
			for _, a := range d.PV {
				pvLimit, pvFc = pvLimit+a.LimitKW, pvFc+a.AvailableKW
			}
			fmt.Printf("%s  %6.0f  %6.0f kW  %5.0f kWh  %6.0f/%6.0f kW  %5.0f  %6.0f kW  %5.3f  | %5.2f %5.2f ms\n",
				d.Start.Format("Jan 02 15:04"), b.ChargeKW, b.DischargeKW, b.EndSoCKWh, pvLimit, pvFc, d.Wind[0].LimitKW, d.ImportKW,
				d.Plan.DispatchKgCO2ePerKWh[0], d.SolveMS, d.ControllerMS)
		}
		if _, err := c.Measure(meter(k)); err != nil { // the interval ended
			return err
		}
		if statePath != "" {
			if err := c.Save(statePath); err != nil {
				return err
			}
		}
	}
	if err := c.Settle(); err != nil { // the last interval, for the summary
		return err
	}
	return summary(c, end-next, total, worst)
}

// open loads the Controller saved at path, or makes a new one.
func open(path string, p *model.Park, cfg live.Config) (*live.Controller, bool, error) {
	if path != "" {
		c, err := live.Load(path, p, cfg)
		if err == nil {
			return c, true, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, false, err
		}
	}
	c, err := live.New(p, cfg)
	return c, false, err
}

func summary(c *live.Controller, steps int, total, worst time.Duration) error {
	r, err := c.Ledger()
	if err != nil {
		return err
	}
	fmt.Printf("\n%d steps: %.2f ms mean, %.2f ms worst per step (settle, forecast, plan)\n", steps,
		float64(total)/float64(max(steps, 1))/1e6, float64(worst)/1e6)
	fmt.Printf("settled %d intervals: load %.1f MWh, import %.1f MWh, residual %.2f tCO2e, renewable share %.1f %%\n",
		r.Steps, r.Energy.Load/1000, r.Energy.Import/1000, r.ResidualKgCO2e/1000, 100*r.RenewableShare)
	m := c.Metrics()
	fmt.Println("forecast errors at the next interval (lead 1), from measurements only:")
	for _, f := range m.Forecasts {
		// A nil skill is not defined (persistence exact: a flat series):
		// FormatSkillPtr prints it as results.NotDefined.
		fmt.Fprintf(os.Stdout, "  %-28s MAE %8.3f %-10s skill vs persistence %s\n", f.Series, f.Overall.MAE, f.Unit, results.FormatSkillPtr(f.Overall.Skill))
	}
	return nil
}
