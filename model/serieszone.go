package model

import (
	"encoding/binary"
	"fmt"
	"time"
)

// seriesZoneName is the name of the location [ReadSeriesCSV] gives a series
// whose timestamps carry more than one UTC offset (Location.String).
const seriesZoneName = "series offsets"

// maxSeriesOffsets bounds the distinct UTC offsets of one series file (a
// place's clock has two; the TZif abbreviation index is one byte).
const maxSeriesOffsets = 32

// minOffsetChangeGap is the least time between two changes of a series
// file's UTC offset: a place's clock changes it a few times a year at
// most (twice for daylight saving time; four times where it is suspended
// for a month, as Morocco's for Ramadan), so offsets that change again
// within a week are two clocks mixed — a file whose rows alternate Z and
// −06:00 puts its time-of-use windows and months on a clock that jumps
// six hours every row (time QA, 2026-12-04: accepted in silence).
const minOffsetChangeGap = 7 * 24 * time.Hour

// offsetChange is a row whose UTC offset differs from the row before's.
type offsetChange struct {
	line int       // the row's line in the file
	at   time.Time // the row's instant
	ts   string    // the row's timestamp as written
	off  int       // its offset, seconds east of UTC
}

// seriesZone is the location whose clock is first before the first
// change and, from each change's instant on, that change's offset (the last
// one holding after it): the clock a series file's own timestamps state.
// step is the series' step, so that the row before a change is at
// at − step. It is built as TZif data (RFC 8536, version 2, so that
// transitions after 2038 fit) and read with [time.LoadLocationFromTZData].
// With an error, at is the index of the change it is about (the caller
// names its file and line).
func seriesZone(first int, changes []offsetChange, step time.Duration) (loc *time.Location, at int, err error) {
	// Type 0 is the first offset and no transition uses it, so Go's reader
	// takes it for the time before the first transition; the others are
	// the distinct offsets in order of appearance.
	types := []int{first}
	index := map[int]byte{}
	when := make([]int64, len(changes))
	idx := make([]byte, len(changes))
	prevOff := first
	for i, c := range changes {
		if i > 0 && c.at.Sub(changes[i-1].at) < minOffsetChangeGap {
			p := changes[i-1]
			return nil, i, fmt.Errorf("the UTC offset changes to %s here, %s h after it changed to %s at line %d (%s): a place's clock changes its offset "+
				"a few times a year, not twice within %s days; these timestamps mix clocks — write them all in one (the place's local time with "+
				"the day's offset, or UTC)", offsetText(c.off), Num(c.at.Sub(p.at).Hours()), offsetText(p.off), p.line, p.ts, Num(minOffsetChangeGap.Hours()/24))
		}
		// A transition is at a whole second: the last one not after this
		// row, which must be after the row before.
		sec := c.at.Unix()
		if prev := c.at.Add(-step); !time.Unix(sec, 0).After(prev) {
			return nil, i, fmt.Errorf("the UTC offset changes to %s within one second of the row before (%s): a clock change must fall between rows a whole second apart",
				offsetText(c.off), prev.In(time.FixedZone("", prevOff)).Format(time.RFC3339Nano))
		}
		prevOff = c.off
		k, ok := index[c.off]
		if !ok {
			distinct := len(index) + 1 // the new one
			if _, again := index[first]; !again && c.off != first {
				distinct++ // the first, in type 0 alone
			}
			if distinct > maxSeriesOffsets {
				return nil, i, fmt.Errorf("more than %d distinct UTC offsets: a series file's offsets must follow one clock (or write every timestamp at one offset)", maxSeriesOffsets)
			}
			k = byte(len(types))
			index[c.off] = k
			types = append(types, c.off)
		}
		when[i], idx[i] = sec, k
	}
	loc, err = time.LoadLocationFromTZData(seriesZoneName, tzif(types, when, idx))
	if err != nil {
		// Our own bytes: a bug, not the file's fault, but say so.
		return nil, len(changes) - 1, fmt.Errorf("internal error building the series' clock from its offsets: %v", err)
	}
	return loc, 0, nil
}

// tzif is a version 2 TZif file (RFC 8536): a minimal version 1 block
// (the first type alone, as RFC 8536 section 4 allows readers of version
// 2 to ignore it), then the 64-bit block with the transitions at when
// (Unix seconds, ascending) to the types idx, the local time types types
// (UTC offsets in seconds, none daylight saving time, each abbreviated as
// tzdata abbreviates a bare offset: "-05", "+0530"), and a footer whose TZ
// string holds the last transition's offset after it.
func tzif(types []int, when []int64, idx []byte) []byte {
	var chars []byte
	abbr := make([]byte, len(types))
	seen := map[string]byte{}
	for i, off := range types {
		a := offsetAbbr(off)
		at, ok := seen[a]
		if !ok {
			at = byte(len(chars))
			seen[a] = at
			chars = append(append(chars, a...), 0)
		}
		abbr[i] = at
	}
	header := func(b []byte, timecnt, typecnt, charcnt int) []byte {
		b = append(b, "TZif2"...)
		b = append(b, make([]byte, 15)...)
		// isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
		for _, n := range []int{0, 0, 0, timecnt, typecnt, charcnt} {
			b = binary.BigEndian.AppendUint32(b, uint32(n))
		}
		return b
	}
	ttinfo := func(b []byte, off int, abbr byte) []byte {
		b = binary.BigEndian.AppendUint32(b, uint32(int32(off)))
		return append(b, 0, abbr) // not DST; abbreviation index
	}
	first := offsetAbbr(types[0])
	b := header(nil, 0, 1, len(first)+1)
	b = ttinfo(b, types[0], 0)
	b = append(append(b, first...), 0)

	b = header(b, len(when), len(types), len(chars))
	for _, w := range when {
		b = binary.BigEndian.AppendUint64(b, uint64(w))
	}
	b = append(b, idx...)
	for i, off := range types {
		b = ttinfo(b, off, abbr[i])
	}
	b = append(b, chars...)
	last := types[0]
	if len(idx) > 0 {
		last = types[idx[len(idx)-1]]
	}
	return append(append(append(b, '\n'), posixTZ(last)...), '\n')
}

// offsetAbbr abbreviates a UTC offset (seconds east) as tzdata does a
// zone with no name: sign and hours, then minutes and seconds if not zero.
func offsetAbbr(off int) string {
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	s := fmt.Sprintf("%c%02d", sign, off/3600)
	if off%3600 != 0 {
		s += fmt.Sprintf("%02d", off/60%60)
	}
	if off%60 != 0 {
		s += fmt.Sprintf("%02d", off%60)
	}
	return s
}

// posixTZ is the POSIX TZ string of a fixed offset (seconds east of UTC):
// the quoted abbreviation, then the offset west of UTC as h[:mm[:ss]].
func posixTZ(off int) string {
	w := -off
	s := "<" + offsetAbbr(off) + ">"
	if w < 0 {
		s, w = s+"-", -w
	}
	s += fmt.Sprint(w / 3600)
	if w%3600 != 0 || w%60 != 0 {
		s += fmt.Sprintf(":%02d", w/60%60)
	}
	if w%60 != 0 {
		s += fmt.Sprintf(":%02d", w%60)
	}
	return s
}

// offsetText writes an offset (seconds east of UTC) as RFC 3339 does.
func offsetText(off int) string {
	return time.Unix(0, 0).In(time.FixedZone("", off)).Format("Z07:00")
}
