package textcol

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"text/tabwriter"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLikeTabwriter: on text of one column a code point, the layout is
// text/tabwriter's with zeropark's settings, byte for byte, on random
// tables: lines of different cell counts (so that column blocks start and
// end), empty cells, no final newline or a tab at the very end, written
// in two pieces.
func TestLikeTabwriter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	word := func() string {
		const letters = "ab x-1.%"
		var b strings.Builder
		for range rng.IntN(7) {
			b.WriteByte(letters[rng.IntN(len(letters))])
		}
		return b.String()
	}
	for n := range 2000 {
		var text strings.Builder
		for range rng.IntN(8) {
			cells := rng.IntN(6)
			for range cells {
				text.WriteString(word())
				text.WriteByte('\t')
			}
			text.WriteString(word())
			text.WriteByte('\n')
		}
		if rng.IntN(3) == 0 {
			text.WriteString(word() + "\t" + word()) // no final newline
		}
		for _, right := range []bool{false, true} {
			flags := uint(0)
			if right {
				flags = tabwriter.AlignRight
			}
			var want, got bytes.Buffer
			tw := tabwriter.NewWriter(&want, 0, 0, 2, ' ', flags)
			w := NewWriter(&got, right)
			s := text.String()
			cut := rng.IntN(len(s) + 1)
			for _, part := range []string{s[:cut], s[cut:]} {
				_, err := fmt.Fprint(tw, part)
				require.NoError(t, err)
				_, err = fmt.Fprint(w, part)
				require.NoError(t, err)
			}
			require.NoError(t, tw.Flush())
			require.NoError(t, w.Flush())
			require.Equal(t, want.String(), got.String(), "table %d, right %v:\n%q", n, right, s)
		}
	}
}

// TestWideCharacters: a cell of Chinese characters is as wide as a
// terminal shows it (two columns each), so the next column starts at the
// same place on every line; text/tabwriter counts one a character.
func TestWideCharacters(t *testing.T) {
	var got bytes.Buffer
	w := NewWriter(&got, false)
	fmt.Fprint(w, "tenant\tload MWh\t\n一号厂房\t1,234.5\t\nWarehouse\t229.7\t\n")
	require.NoError(t, w.Flush())
	assert.Equal(t, "tenant     load MWh  \n一号厂房   1,234.5   \nWarehouse  229.7     \n", got.String())

	got.Reset()
	w = NewWriter(&got, true)
	fmt.Fprint(w, "tenant\tload MWh\t\n一号厂房\t1,234.5\t\n")
	require.NoError(t, w.Flush())
	assert.Equal(t, "    tenant  load MWh\n  一号厂房   1,234.5\n", got.String())
}

// Nothing written, nothing out; a second Flush writes nothing again.
func TestEmptyFlush(t *testing.T) {
	var got bytes.Buffer
	w := NewWriter(&got, false)
	require.NoError(t, w.Flush())
	fmt.Fprint(w, "a\tb\n")
	require.NoError(t, w.Flush())
	require.NoError(t, w.Flush())
	assert.Equal(t, "a  b\n", got.String())
}

// Clip cuts by characters, not bytes, and says where it cut.
func TestClip(t *testing.T) {
	assert.Equal(t, "abc", Clip("abc", 3))
	assert.Equal(t, "ab…", Clip("abc", 2))
	assert.Equal(t, "电力…", Clip("电力消费", 2))
}
