package model

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// largestParkFile is the biggest park file in the repository (7.2 kB, the
// heat demo: every heat asset kind, economics, a market and tariffs).
const largestParkFile = "../demo/greensboro_heat_tmy3.park.json"

// BenchmarkReadParkJSON measures loading a park file: the strict decode and
// the key check over the whole file (the cost of a valid file).
func BenchmarkReadParkJSON(b *testing.B) {
	data, err := os.ReadFile(largestParkFile)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("file="+filepath.Base(largestParkFile), func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := ReadParkJSON(bytes.NewReader(data), largestParkFile); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The error path: a misspelt key early in the file, so that the
	// strict decode fails and the file is decoded and scanned again to
	// place every problem.
	bad := bytes.Replace(data, []byte(`"column_kw"`), []byte(`"colunm_kw"`), 1)
	if bytes.Equal(bad, data) {
		b.Fatal("no key to misspell")
	}
	b.Run("file="+filepath.Base(largestParkFile)+"/misspelt", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(bad)))
		for b.Loop() {
			if _, err := ReadParkJSON(bytes.NewReader(bad), largestParkFile); err == nil {
				b.Fatal("no error")
			}
		}
	})
}
