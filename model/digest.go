package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"time"
)

// ParkSHA256 is the hex SHA-256 of park p as parsed, re-marshalled as
// JSON: the file's whitespace and key order do not count, every
// value does. A sweep's rows, a plan's roadmap.json and frontier.csv carry
// it, so that files of two parks are told apart.
func ParkSHA256(p *Park) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("the park's SHA-256: %w", err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

// SHA256 is the hex SHA-256 of the set as parsed: its start, step and
// length, then each column (name order) by its name and the float64 bits
// of its values. Number formatting and column order in the file do not
// count; the derived availability columns do, as they are in the set.
func (s *SeriesSet) SHA256() string {
	h := sha256.New()
	fmt.Fprintf(h, "start %s\nstep %d\nlen %d\n", s.Start.Format(time.RFC3339Nano), s.Step, s.Len)
	names := slices.Clone(s.Names)
	slices.Sort(names)
	var b [8]byte
	for _, n := range names {
		v := s.Columns[n]
		fmt.Fprintf(h, "column %q %d\n", n, len(v))
		for _, x := range v {
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
