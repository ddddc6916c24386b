package nonull

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct {
	Xs []float64       `json:"xs"`
	M  map[string]int  `json:"m"`
	P  *inner          `json:"p"`
	Z  []string        `json:"z,omitzero"`
	E  []int           `json:"e,omitempty"`
	R  json.RawMessage `json:"r"`
	B  []byte          `json:"b"`
	T  time.Time       `json:"t"`
}

type outer struct {
	In     inner            `json:"in"`
	Ins    []inner          `json:"ins"`
	ByName map[string]inner `json:"by_name"`
	Any    any              `json:"any"`
	Arr    [2][]int         `json:"arr"`
	Skip   []int            `json:"-"`
	hidden []int
}

func marshal(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// Every nil slice and map encoding/json writes comes out [] or {}; a nil
// pointer, a byte slice, an omitzero or omitempty field do not change;
// the value given is not changed.
func TestLists(t *testing.T) {
	v := &outer{Ins: []inner{{}}, ByName: map[string]inner{"a": {}}, Any: &inner{}, In: inner{P: &inner{}}, hidden: []int{7}}
	got := marshal(t, Lists(v))
	assert.Equal(t, `{"in":{"xs":[],"m":{},"p":{"xs":[],"m":{},"p":null,"r":null,"b":null,"t":"0001-01-01T00:00:00Z"},`+
		`"r":null,"b":null,"t":"0001-01-01T00:00:00Z"},`+
		`"ins":[{"xs":[],"m":{},"p":null,"r":null,"b":null,"t":"0001-01-01T00:00:00Z"}],`+
		`"by_name":{"a":{"xs":[],"m":{},"p":null,"r":null,"b":null,"t":"0001-01-01T00:00:00Z"}},`+
		`"any":{"xs":[],"m":{},"p":null,"r":null,"b":null,"t":"0001-01-01T00:00:00Z"},"arr":[[],[]]}`, got)
	assert.Nil(t, v.In.Xs, "v is not changed")
	assert.Nil(t, v.Ins[0].M)
	assert.Nil(t, v.In.P.Xs)
	assert.Equal(t, []int{7}, v.hidden, "an unexported field is neither written nor read")
	assert.Contains(t, marshal(t, v), `{"in":{"xs":null,`)

	// Values are kept; a list with nothing nil in it is shared, not copied.
	xs := []float64{1, 2}
	w := Lists(inner{Xs: xs, Z: []string{"z"}, E: []int{3}}).(inner)
	assert.Equal(t, []float64{1, 2}, w.Xs)
	assert.Same(t, &xs[0], &w.Xs[0])
	assert.Equal(t, []string{"z"}, w.Z)
	assert.Equal(t, []int{3}, w.E)

	assert.Nil(t, Lists(nil))
	assert.Equal(t, 3, Lists(3))
	assert.Equal(t, "[]", marshal(t, Lists([]int(nil))))

	// A cycle ends; a pointer held twice is copied once.
	c := &inner{}
	c.P = c
	cc := Lists(c).(*inner)
	assert.Same(t, cc, cc.P)
	assert.NotNil(t, cc.Xs)
}
