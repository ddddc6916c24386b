package demo_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zeropark/zeropark/demo"
)

func ExampleNames() {
	fmt.Println(demo.Names(), demo.Default)
	// Output: [texas2012 greensboro greensboro-heat] texas2012
}

func ExampleLoad() {
	park, set, err := demo.Load(demo.Default)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(park.Loads), "tenants,", len(park.PV), "PV arrays,", len(park.Wind), "turbine,", len(park.Batteries), "battery")
	fmt.Println(set.Len, "steps of", set.Step, "from", set.Start.Format("2006-01-02T15:04:05Z07:00"))
	fmt.Println("dispatch carbon:", park.Grid.DispatchCarbon.Column, park.Grid.DispatchCarbon.Kind)
	// Output:
	// 8 tenants, 2 PV arrays, 1 turbine, 1 battery
	// 8760 steps of 1h0m0s from 2023-01-01T00:00:00-06:00
	// dispatch carbon: cent_co2_kg_per_kwh marginal
}

func ExampleFiles() {
	_, csv, err := demo.Files("greensboro")
	if err != nil {
		fmt.Println(err)
		return
	}
	header, _, _ := strings.Cut(string(csv), "\n")
	fmt.Println(strings.Split(header, ",")[:4])
	// Output: [timestamp ghi_w_m2 dni_w_m2 dhi_w_m2]
}

func ExampleWriteFiles() {
	dir, err := os.MkdirTemp("", "zeropark-demo")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	if err := demo.WriteFiles(dir, "texas2012"); err != nil {
		fmt.Println(err)
		return
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, n := range names {
		fmt.Println(filepath.Base(n))
	}
	// Output:
	// park.schema.json
	// texas2012.csv
	// texas2012.park.json
}
