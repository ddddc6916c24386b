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
// it, so that files of two parks are told apart. A list left empty
// counts as one left out (nil), as [ReadParkJSON] reads "[]": a park
// built in Go with PV: []PVArray{} hashes as its file read back.
func ParkSHA256(p *Park) (string, error) {
	if p != nil {
		// The lists JSON writes without omitempty; the others are left
		// out of the JSON when empty or nil alike.
		q := *p
		q.Loads, q.PV, q.Wind, q.Batteries = nilIfEmpty(q.Loads), nilIfEmpty(q.PV), nilIfEmpty(q.Wind), nilIfEmpty(q.Batteries)
		p = &q
	}
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
// count; the derived availability columns do, as they are in the set
// (so a park's weather settings change it), and so does the clock's UTC
// offset of each row where it changes over the series.
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
	// The clock's UTC offsets, where they change over the series (a
	// clock with daylight saving): the same instants and values on
	// another clock price time-of-use tariffs and months otherwise (QA,
	// 2026-12-05: a restamped series hashed alike and cost 616,000 CNY
	// more). A fixed offset adds nothing, so such a set's digest is as
	// before.
	_, off0 := s.Start.Zone()
	varies := false
	for t := 0; t < s.Len && !varies; t++ {
		_, o := s.Time(t).Zone()
		varies = o != off0
	}
	if varies {
		fmt.Fprintf(h, "offsets %d\n", s.Len)
		for t := 0; t < s.Len; t++ {
			_, o := s.Time(t).Zone()
			binary.LittleEndian.PutUint64(b[:], uint64(int64(o)))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
