package results_test

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zeropark/zeropark/results"
)

// readmeBlocks are the column lists README.md holds between markers, and
// the docs each is generated from.
var readmeBlocks = []struct {
	marker string
	docs   []results.ColumnDoc
}{
	{"intervals-columns", results.IntervalColumnDocs()},
	{"tenants-columns", results.TenantColumnDocs()},
	{"tenant-intervals-columns", results.TenantIntervalColumnDocs()},
	{"heat-intervals-columns", results.HeatIntervalColumnDocs()},
	{"heat-tenants-columns", results.HeatTenantColumnDocs()},
	{"roadmap-columns", results.RoadmapColumnDocs()},
	{"frontier-columns", results.FrontierColumnDocs()},
	{"pathway-columns", results.PathwayColumnDocs()},
	{"backtest-columns", results.BacktestColumnDocs()},
	{"sweep-columns", results.SweepColumnDocs()},
}

// block returns the text of README.md between <!-- marker:begin … --> and
// <!-- marker:end -->, and where it starts and ends.
func block(t *testing.T, readme, marker string) (text string, from, to int) {
	t.Helper()
	begin := regexp.MustCompile(`<!-- ` + marker + `:begin[^>]*-->\n`).FindStringIndex(readme)
	require.NotNil(t, begin, "README.md has no %s:begin marker", marker)
	end := strings.Index(readme, "<!-- "+marker+":end -->")
	require.GreaterOrEqual(t, end, begin[1], "README.md has no %s:end marker after the begin", marker)
	return readme[begin[1]:end], begin[1], end
}

// README.md lists the columns of the run and plan files exactly as package results
// documents them: a column added, renamed or explained differently fails
// here until the README follows (go test ./results -run TestREADMEColumns
// -update writes the lists).
func TestREADMEColumns(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(data)
	for _, b := range readmeBlocks {
		want := results.ColumnsMarkdown(b.docs)
		got, from, to := block(t, readme, b.marker)
		if *update {
			readme = readme[:from] + want + readme[to:]
			continue
		}
		assert.Equal(t, want, got, "README.md between the %s markers", b.marker)
	}
	if *update {
		require.NoError(t, os.WriteFile("../README.md", []byte(readme), 0o644))
	}
}

// The package documentation lists every column of a sweep results file
// that the package names (the parameter columns are the user's paths).
func TestDocListsSweepColumns(t *testing.T) {
	data, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := strings.Join(strings.Fields(strings.ReplaceAll(string(data), "//", " ")), " ")
	for _, c := range results.SweepHeader(nil, true) {
		assert.Regexp(t, `(^|[^a-z_])`+regexp.QuoteMeta(c)+`($|[^a-z_])`, doc, "doc.go does not list sweep column %s", c)
	}
}

// README.md's ledger table gives self-consumption as the ledger computes
// it (dispatch.Report.SelfConsumption: renewable consumed / renewable,
// exports traced from each interval's renewables first), not the
// renewable less every export that it was before 2026-12-05.
func TestREADMESelfConsumptionFormula(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	row := regexp.MustCompile(`(?m)^\| self-consumption \|.*$`).FindString(string(data))
	require.NotEmpty(t, row, "README.md's ledger table has no self-consumption row")
	assert.Contains(t, row, "renewable consumed / renewable")
	assert.NotContains(t, row, "| (renewable used − export) / renewable used |")
}
