package model

import "testing"

// The deep copy Resolve keeps (resolvedFromPark) against the Resolve it
// is part of, on the heat test park over its series: go test ./model
// -run '^$' -bench 'Resolve|Clone' -benchmem.
func BenchmarkResolve(b *testing.B) {
	p, s := heatPark(), heatSeries()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(p, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolvedFromClone(b *testing.B) {
	p := heatPark()
	b.ReportAllocs()
	for b.Loop() {
		_ = resolvedFromPark(p, true)
	}
}
