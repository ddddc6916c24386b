package results

import (
	"errors"
	"fmt"
	"io"

	"github.com/zeropark/zeropark/dispatch"
	"github.com/zeropark/zeropark/internal/atomicdir"
	"github.com/zeropark/zeropark/model"
)

// Names of the files of a run's output directory (`zeropark run --out`).
const (
	IntervalsFile       = "intervals.csv"
	SummaryFile         = "summary.json"
	TenantsFile         = "tenants.csv"
	TenantIntervalsFile = "tenant_intervals.csv"
	AttributionFile     = "attribution.json"
	WeekPNGFile         = "week.png"
	WeekSVGFile         = "week.svg"
)

// RunFiles are the files `zeropark run --out` writes into its directory.
// [WriteRun] replaces a directory holding any of them, whichever files it
// writes itself.
var RunFiles = []string{IntervalsFile, SummaryFile, TenantsFile, TenantIntervalsFile, AttributionFile, WeekPNGFile, WeekSVGFile}

// OutputFile is one more file for [WriteRun] to write beside
// intervals.csv and summary.json (a plot, for example).
type OutputFile struct {
	// Name is a plain file name (no directory).
	Name  string
	Write func(w io.Writer) error
}

// AttributionFiles are tenants.csv, tenant_intervals.csv and
// attribution.json of attribution a (made from profiles prof, see
// [dispatch.Attribute]) as extra files for [WriteRun].
func AttributionFiles(prof *model.Profiles, a *dispatch.Attribution) []OutputFile {
	return []OutputFile{
		{TenantsFile, func(w io.Writer) error { return WriteTenantsCSV(w, a) }},
		{TenantIntervalsFile, func(w io.Writer) error { return WriteTenantIntervalsCSV(w, prof, a) }},
		{AttributionFile, func(w io.Writer) error { return WriteAttributionJSON(w, a) }},
	}
}

// WriteRun makes the outputs of one run the whole content of dir —
// intervals.csv ([WriteIntervalsCSV] of park p's schedule s), summary.json
// ([WriteSummaryJSON] of sum) and any extra files — at once
// (internal/atomicdir): everything is written and synced into a temporary
// directory beside dir, which is then swapped with dir in one step where
// the system allows (renameat2 on Linux) and the old set removed. A
// reader, or a crash at any instant, finds the complete old set or the
// complete new one, never new files beside old ones; the leftovers of an
// interrupted earlier write are cleared by the next. dir is created (with
// its parents) if missing; on error it is as it was.
//
// An existing dir may hold only files of this set and the files in
// [RunFiles] (an earlier run's outputs, which go with the old set). A
// user's file or a subdirectory there is never removed: the write is
// refused before it starts, with an error naming them that unwraps to
// [ErrOutput], as do bad file names and a dir that is not a directory.
func WriteRun(dir string, p *model.Park, s *dispatch.Schedule, sum Summary, extra ...OutputFile) error {
	files := []atomicdir.File{
		{Name: IntervalsFile, Write: func(w io.Writer) error { return WriteIntervalsCSV(w, p, s) }},
		{Name: SummaryFile, Write: func(w io.Writer) error { return WriteSummaryJSON(w, sum) }},
	}
	for _, f := range extra {
		files = append(files, atomicdir.File{Name: f.Name, Write: f.Write})
	}
	return replaceDir(dir, files, RunFiles, runFilesWhat)
}

// runFilesWhat names the run's files in errors about their directory.
var runFilesWhat = fmt.Sprintf("the run's files (%s, %s…)", IntervalsFile, SummaryFile)

// CheckRunDir reports, before anything is run, whether [WriteRun] could
// write into dir: nil when dir is missing or holds only files of
// [RunFiles]; an error unwrapping to [ErrOutput] and naming what else it
// holds (a user's file, a subdirectory) or that it is not a directory, as
// WriteRun would refuse it after the run.
func CheckRunDir(dir string) error { return checkDir(dir, RunFiles, runFilesWhat) }

// CheckBacktestDir is [CheckRunDir] for [WriteBacktest] and
// [BacktestFiles].
func CheckBacktestDir(dir string) error { return checkDir(dir, BacktestFiles, backtestFilesWhat) }

// checkDir is what replaceDir(dir, files, known, what) would refuse about
// dir itself, found before the files are made ([atomicdir.Check]).
func checkDir(dir string, known []string, what string) error {
	return dirError(dir, what, atomicdir.Check(dir, known))
}

// replaceDir makes files the whole content of dir ([atomicdir.Replace],
// known the names an earlier write may have left there). A bad name, a
// user's file or subdirectory in dir, or a dir that is not a directory
// unwraps to [ErrOutput], named as what (the files being written).
func replaceDir(dir string, files []atomicdir.File, known []string, what string) error {
	return dirError(dir, what, atomicdir.Replace(dir, files, known...))
}

// dirError is err of atomicdir about dir, nil when err is: a [*DirError]
// (unwrapping to [ErrOutput]) for what the caller can mend (a bad name, a
// user's file or subdirectory in dir, a dir that is not a directory or
// is read-only), named as what.
func dirError(dir, what string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, atomicdir.ErrName), errors.Is(err, atomicdir.ErrForeign), errors.Is(err, atomicdir.ErrNotDir),
		errors.Is(err, atomicdir.ErrReadOnly):
		return &DirError{Dir: dir, What: what, Err: err}
	}
	return fmt.Errorf("results: output directory %s: %w", dir, err)
}
