package plots_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const module = "github.com/zeropark/zeropark/"

// ourImports lists the packages of this module that the non-test files
// of the package in dir import.
func ourImports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		require.NoError(t, err)
		for _, im := range ast.Imports {
			p, err := strconv.Unquote(im.Path.Value)
			require.NoError(t, err)
			if rel, ok := strings.CutPrefix(p, module); ok {
				seen[rel] = true
			}
		}
	}
	var out []string
	for p := range seen {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

// Drawing packages draw: of this module's public packages plots imports
// only model, dispatch and results (and helpers under internal/), and
// nothing it pulls in loads studies (scenario, demo, forecast) or runs
// sweeps.
func TestImportsOnlyModelDispatchResults(t *testing.T) {
	root := ".."
	_, err := os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is the parent directory")
	for _, p := range ourImports(t, ".") {
		if !strings.HasPrefix(p, "internal/") {
			assert.Contains(t, []string{"model", "dispatch", "results"}, p, "plots imports %s", p)
		}
	}
	// Every package of ours reachable from plots.
	reach := map[string]bool{}
	todo := ourImports(t, ".")
	for len(todo) > 0 {
		p := todo[0]
		todo = todo[1:]
		if reach[p] {
			continue
		}
		reach[p] = true
		todo = append(todo, ourImports(t, filepath.Join(root, filepath.FromSlash(p)))...)
	}
	for p := range reach {
		top, _, _ := strings.Cut(p, "/")
		assert.Contains(t, []string{"model", "dispatch", "results", "internal"}, top, "plots reaches %s", p)
	}
	assert.True(t, reach["results"], "the walk found results")
}
