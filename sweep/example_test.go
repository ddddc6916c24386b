package sweep_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/scenario"
	"github.com/zeropark/zeropark/sweep"
)

func ExampleParseVary() {
	a, err := sweep.ParseVary("battery.energy_kwh=0:8000:2000")
	if err != nil {
		panic(err)
	}
	fmt.Println(a.Path, a.Values)

	b, _ := sweep.ParseVary("pv[Rooftop PV].capacity_kwp=250,500")
	fmt.Println(b.Path.Kind, b.Path.Asset, b.Path.Field, b.Values)

	_, err = sweep.ParseVary("pv.capacity_kwp=5000:1000:1000")
	fmt.Println(err)
	// Output:
	// battery.energy_kwh [0 2000 4000 6000 8000]
	// pv Rooftop PV capacity_kwp [250 500]
	// sweep: "pv.capacity_kwp=5000:1000:1000": stop 1000 is below start 5000
}

func ExampleSpace_Combinations() {
	e, _ := sweep.ParseVary("battery.energy_kwh=0,4000")
	pv, _ := sweep.ParseVary("pv.capacity_kwp=1000:3000:1000")
	s, err := sweep.NewSpace(e, pv)
	if err != nil {
		panic(err)
	}
	for k, v := range s.Combinations() {
		fmt.Println(k, v)
	}
	// Output:
	// 0 [0 1000]
	// 1 [0 2000]
	// 2 [0 3000]
	// 3 [4000 1000]
	// 4 [4000 2000]
	// 5 [4000 3000]
}

func ExampleParseShard() {
	env := func(string) string { return "2" } // as in a Kubernetes Indexed Job pod
	sh, err := sweep.ParseShard("auto/3", env)
	if err != nil {
		panic(err)
	}
	for k := range 9 {
		if sh.Owns(k) {
			fmt.Print(k, " ")
		}
	}
	fmt.Println("belong to shard", sh)
	// Output:
	// 2 5 8 belong to shard 2/3
}

func ExampleMerge() {
	dir, _ := os.MkdirTemp("", "merge")
	defer os.RemoveAll(dir)
	a, b, out := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "out.csv")
	os.WriteFile(a, []byte("combination,pv.capacity_kwp\n2,3000\n0,1000\n"), 0o644)
	os.WriteFile(b, []byte("combination,pv.capacity_kwp\n1,2000\n0,1000\n"), 0o644)
	n, err := sweep.Merge(out, a, b)
	data, _ := os.ReadFile(out)
	fmt.Println(n, err)
	fmt.Print(string(data))
	// Output:
	// 3 <nil>
	// combination,pv.capacity_kwp
	// 0,1000
	// 1,2000
	// 2,3000
}

func ExampleMergeFiles() {
	dir, _ := os.MkdirTemp("", "merge")
	defer os.RemoveAll(dir)
	// Shards 0/3 and 2/3 of a 6-combination sweep; the columns are cut
	// down to the combination, one parameter and the fingerprint.
	head := "combination,pv.capacity_kwp,combinations_total,park_sha256,series_sha256,settings_sha256,zeropark_version\n"
	a, b, out := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv"), filepath.Join(dir, "out.csv")
	os.WriteFile(a, []byte(head+"0,1000,6,p,s,x,zeropark v1\n3,4000,6,p,s,x,zeropark v1\n"), 0o644)
	os.WriteFile(b, []byte(head+"2,3000,6,p,s,x,zeropark v2\n5,6000,6,p,s,x,zeropark v2\n"), 0o644)
	st, err := sweep.MergeFiles(out, []string{a, b}, sweep.MergeOptions{})
	fmt.Println(st.Rows, err)
	fmt.Println(sweep.MissingText(st.Missing, st.Combinations))
	_, err = sweep.MergeFiles(out, []string{a, b}, sweep.MergeOptions{RequireComplete: true})
	fmt.Println(errors.Is(err, sweep.ErrIncomplete))

	// A shard made from another series cannot join.
	c := filepath.Join(dir, "c.csv")
	os.WriteFile(c, []byte(head+"1,2000,6,p,OTHER,x,zeropark v1\n"), 0o644)
	_, err = sweep.MergeFiles(out, []string{a, c}, sweep.MergeOptions{})
	var fe *sweep.FingerprintError
	fmt.Println(errors.As(err, &fe), fe.Parts)
	// Output:
	// 4 <nil>
	// 2 of 6 combinations missing: 1, 4
	// true
	// true [series]
}

func ExampleNewFingerprint() {
	sc, err := scenario.Demo("texas2012")
	if err != nil {
		panic(err)
	}
	pv, _ := sweep.ParseVary("pv.capacity_kwp=0:4000:2000")
	space, _ := sweep.NewSpace(pv)
	cfg := dispatch.DefaultConfig()
	a, err := sweep.NewFingerprint(sc, space, dispatch.RollingHorizon, cfg)
	if err != nil {
		panic(err)
	}
	cfg.Horizon *= 2
	b, _ := sweep.NewFingerprint(sc, space, dispatch.RollingHorizon, cfg)
	c, _ := sweep.NewFingerprint(sc.Slice(0, 24), space, dispatch.RollingHorizon, dispatch.DefaultConfig())
	fmt.Println(a.Combinations, len(a.ParkSHA256), len(a.SeriesSHA256), len(a.SettingsSHA256))
	fmt.Println(a.Diff(b), a.Diff(c))
	// Output:
	// 3 64 64 64
	// [settings] [series]
}
