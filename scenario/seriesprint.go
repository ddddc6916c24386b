package scenario

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/zeropark/zeropark/model"
)

// seriesPrint is what [Scenario.Run] checks the series against: the
// period and a 64-bit hash of each column's values as they were when the
// profiles were resolved and the availability derived from them. A
// column added since is not in it (nothing was resolved from it: a
// provided forecast, say); one edited in place, removed, or the period
// changed, is stale.
type seriesPrint struct {
	seed  maphash.Seed
	len   int
	names []string // the columns printed, sorted: the first changed is named, the same every time
	sums  []uint64 // per name
	stale string   // a Slice of a scenario already stale: why
}

func printSeries(set *model.SeriesSet) *seriesPrint {
	if set == nil {
		return nil
	}
	p := &seriesPrint{seed: maphash.MakeSeed(), len: set.Len, names: slices.Sorted(maps.Keys(set.Columns))}
	for _, name := range p.names {
		p.sums = append(p.sums, p.sum(set.Columns[name]))
	}
	return p
}

func (p *seriesPrint) sum(v []float64) uint64 {
	var h maphash.Hash
	h.SetSeed(p.seed)
	var buf [512]byte
	for len(v) > 0 {
		n := min(len(v), len(buf)/8)
		for i, x := range v[:n] {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(x))
		}
		h.Write(buf[:8*n])
		v = v[n:]
	}
	return h.Sum64()
}

// changed says what of set differs from the printed series, skipping the
// columns skip names (a provided forecast's, which every run reads
// afresh), or "" when nothing does or nothing was printed (a scenario
// built as a literal).
func (p *seriesPrint) changed(set *model.SeriesSet, skip func(string) bool) string {
	switch {
	case p == nil:
		return ""
	case p.stale != "":
		return p.stale
	case set == nil || set.Len != p.len:
		n := 0
		if set != nil {
			n = set.Len
		}
		return fmt.Sprintf("the series has %d intervals, %d when the profiles were resolved", n, p.len)
	}
	for i, name := range p.names {
		if skip(name) {
			continue
		}
		v, ok := set.Columns[name]
		switch {
		case !ok:
			return fmt.Sprintf("series column %q removed", name)
		case p.sum(v) != p.sums[i] && strings.HasPrefix(name, "derived:"): // model.DerivedColumn's
			return fmt.Sprintf("series column %q changed: another scenario.New (or physics.Derive) on this series set "+
				"derived it again: give each scenario a set of its own", name)
		case p.sum(v) != p.sums[i]:
			return fmt.Sprintf("series column %q edited", name)
		}
	}
	return ""
}
