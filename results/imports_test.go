package results_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// results sits below scenario, sweep, plots and the command line: of this
// module it imports model, dispatch and internal packages only, so a
// library user reads and writes zeropark's files without the rest.
func TestImportsOnlyModelDispatchInternal(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, im := range ast.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			require.NoError(t, err)
			rel, ours := strings.CutPrefix(p, "github.com/zeropark/zeropark/")
			if !ours {
				continue
			}
			n++
			top, _, _ := strings.Cut(rel, "/")
			assert.Contains(t, []string{"model", "dispatch", "internal"}, top, "%s imports %s", f, p)
		}
	}
	assert.Positive(t, n, "the files were read")
}
