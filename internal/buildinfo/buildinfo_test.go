package buildinfo

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStringShortensAndMarks(t *testing.T) {
	in := Info{Module: "v1.2.3", Revision: "0123456789abcdef0123", Modified: true, Go: "go1.26.8"}
	assert.Equal(t, "zeropark v1.2.3 0123456789ab+dirty go1.26.8", in.String())
	assert.Equal(t, "zeropark (devel) unknown-revision", Info{Module: "(devel)"}.String())
}

func TestReadNeverEmpty(t *testing.T) {
	in := Read()
	assert.NotEmpty(t, in.Module)
	assert.True(t, strings.HasPrefix(in.String(), "zeropark "), in.String())
}
