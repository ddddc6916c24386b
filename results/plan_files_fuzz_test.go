package results_test

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/zeropark/zeropark/results"
)

// The plan's files read back by `plot roadmap`, `plot frontier` and a
// researcher's own tools: any bytes either read or give an error that
// unwraps to results.ErrFile, never a panic; what reads writes back and
// reads the same.
func FuzzReadRoadmapCSV(f *testing.F) {
	var b bytes.Buffer
	if err := results.WriteRoadmapCSV(&b, sampleRoadmap()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	head, _, _ := strings.Cut(b.String(), "\n")
	f.Add(head + "\n")
	f.Add(head + "\ntoday,low-carbon\n")
	f.Add("target,stage\ntoday,\n")
	f.Fuzz(func(t *testing.T, in string) {
		readWriteRead(t, in, "roadmap.csv", results.ReadRoadmapCSV, func(w io.Writer, rows []results.RoadmapRow) error {
			return results.WriteRoadmapCSV(w, &results.Roadmap{Rows: rows})
		})
	})
}

func FuzzReadFrontierCSV(f *testing.F) {
	var b bytes.Buffer
	rows := []results.FrontierRow{
		{Point: 0, EpsilonTCO2ePerYear: 4400, ResidualTCO2ePerYear: 4351.3, OperatingCostPerYear: 659705, TotalCostPerYear: 659705},
		{Point: 1, EpsilonTCO2ePerYear: 348, ResidualTCO2ePerYear: 348, CapitalPerYear: 1237722, TotalCostPerYear: 1304571,
			Added: results.Capacities{PVKWp: 4507}, Full: &results.FullSeries{TotalCostPerYear: 1.3e6,
				Indicators: &results.DesignIndicators{CarbonTCO2PerTce: 0.2, CleanShare: 0.9}}},
	}
	if err := results.WriteFrontierCSV(&b, rows); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	head, _, _ := strings.Cut(b.String(), "\n")
	f.Add(head + "\n")
	f.Add("point\n0\n")
	f.Fuzz(func(t *testing.T, in string) {
		readWriteRead(t, in, "frontier.csv", results.ReadFrontierCSV, results.WriteFrontierCSV)
	})
}

// readWriteRead reads in as file name: an error must unwrap to
// results.ErrFile; rows read must write back (unless the writer refuses
// them, which is the writer's to name) and read again as many.
func readWriteRead[R any](t *testing.T, in, name string, read func(io.Reader, string) ([]R, error), write func(io.Writer, []R) error) {
	rows, err := read(strings.NewReader(in), name)
	if err != nil {
		if !errors.Is(err, results.ErrFile) {
			t.Fatalf("error %v does not unwrap to ErrFile", err)
		}
		return
	}
	var out bytes.Buffer
	if err := write(&out, rows); err != nil {
		return
	}
	back, err := read(bytes.NewReader(out.Bytes()), name)
	if err != nil {
		t.Fatalf("what was read and written does not read again: %v", err)
	}
	if len(back) != len(rows) {
		t.Fatalf("%d rows read again, %d written", len(back), len(rows))
	}
}

// backtest.csv and backtest.json of `zeropark forecast --out`, read back
// by a researcher's scripts through the library: the same promise.
func FuzzReadBacktestCSV(f *testing.F) {
	for _, unit := range []string{"kW", "kgCO2e/kWh"} {
		var b bytes.Buffer
		if err := results.WriteBacktestCSV(&b, sampleBacktest(unit)); err != nil {
			f.Fatal(err)
		}
		f.Add(b.String(), unit)
		head, _, _ := strings.Cut(b.String(), "\n")
		f.Add(head+"\n", unit)
	}
	f.Fuzz(func(t *testing.T, in, unit string) {
		read := func(r io.Reader, name string) ([]results.BacktestRow, error) {
			return results.ReadBacktestCSV(r, name, unit)
		}
		readWriteRead(t, in, "backtest.csv", read, func(w io.Writer, rows []results.BacktestRow) error {
			return results.WriteBacktestCSV(w, &results.Backtest{Unit: unit, Rows: rows})
		})
	})
}

func FuzzReadBacktestJSON(f *testing.F) {
	var b bytes.Buffer
	if err := results.WriteBacktestJSON(&b, sampleBacktest("kW")); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	f.Add(`{"column": "x", "unit": "kW", "rows": [{}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		read := func(r io.Reader, name string) ([]*results.Backtest, error) {
			bt, err := results.ReadBacktestJSON(r, name)
			if err != nil {
				return nil, err
			}
			return []*results.Backtest{bt}, nil
		}
		readWriteRead(t, in, "backtest.json", read, func(w io.Writer, bs []*results.Backtest) error {
			return results.WriteBacktestJSON(w, bs[0])
		})
	})
}
